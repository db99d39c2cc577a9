"""``azure.functions._http_wsgi``: the real package's home of the WSGI bridge, mapped to ours."""

from __future__ import annotations

from .decorators._web import WsgiMiddleware

__all__ = ["WsgiMiddleware"]
