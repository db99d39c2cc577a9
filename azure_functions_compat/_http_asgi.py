"""``azure.functions._http_asgi``: the real package's home of the ASGI bridge, mapped to ours."""

from __future__ import annotations

from .decorators._web import AsgiMiddleware

__all__ = ["AsgiMiddleware"]
