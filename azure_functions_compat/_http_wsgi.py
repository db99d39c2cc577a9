"""``azure.functions._http_wsgi``: the real package's home of the WSGI bridge, mapped to ours."""

from __future__ import annotations

from .decorators._web import WsgiMiddleware, WsgiRequest, WsgiResponse, wsgi_encoding_dance

__all__ = ["WsgiMiddleware", "WsgiRequest", "WsgiResponse", "wsgi_encoding_dance"]
