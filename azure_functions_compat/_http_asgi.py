"""``azure.functions._http_asgi``: the real package's home of the ASGI bridge, mapped to ours."""

from __future__ import annotations

from .decorators._web import (
    ASGI_SPEC_VERSION,
    ASGI_VERSION,
    AsgiMiddleware,
    AsgiRequest,
    AsgiResponse,
)

__all__ = ["ASGI_SPEC_VERSION", "ASGI_VERSION", "AsgiMiddleware", "AsgiRequest", "AsgiResponse"]
