"""Bridges from an ``HttpRequest`` to a WSGI or ASGI application and back to an ``HttpResponse``.

The classes carry the names azure.functions gives them (``WsgiRequest``, ``WsgiResponse``,
``AsgiRequest``, ``AsgiResponse``, in ``azure.functions._http_wsgi`` and ``._http_asgi``):
a request object builds the environ or scope, a response object collects what the
application answers. Bodies are buffered; websockets are not supported.
"""

from __future__ import annotations

from typing import Any, Callable, Optional
from urllib.parse import unquote, urlsplit

from .._validation import fail_type

_CONTEXT_FIELDS = (
    "function_directory",
    "function_name",
    "invocation_id",
    "thread_local_storage",
    "trace_context",
    "retry_context",
)

ASGI_VERSION = "3.0"
ASGI_SPEC_VERSION = "2.3"


def _context_entries(context: Any) -> dict[str, Any]:
    """The invocation context, under the ``azure_functions.*`` keys apps may read."""
    return {f"azure_functions.{name}": getattr(context, name, None) for name in _CONTEXT_FIELDS}


def _content_type(headers: list[tuple[str, str]]) -> Optional[str]:
    value = next((value for name, value in headers if name.lower() == "content-type"), None)
    return value.split(";")[0].strip() if value else None


def wsgi_encoding_dance(value: str) -> str:
    """``value`` as a WSGI "native string": its UTF-8 bytes, each read as one Latin-1 char."""
    return value.encode("utf-8").decode("latin-1")


class WsgiRequest:
    """What a WSGI application sees of an ``HttpRequest``: ``to_environ()`` is its environ.

    Raises ``TypeError`` when ``func_req`` is not an ``HttpRequest``.
    """

    __slots__ = (
        "_body",
        "_context",
        "_headers",
        "_host",
        "_method",
        "_path",
        "_port",
        "_query",
        "_scheme",
    )

    def __init__(self, func_req: Any, func_ctx: Any = None) -> None:
        from ..http import HttpRequest

        if not isinstance(func_req, HttpRequest):
            raise fail_type(type(self).__name__, "func_req", "an HttpRequest", func_req)
        url = urlsplit(func_req.url)
        self._method = func_req.method
        self._scheme = url.scheme or "http"
        self._path = url.path or "/"
        self._query = url.query
        self._host = url.hostname or "localhost"
        self._port = url.port or (443 if self._scheme == "https" else 80)
        self._body = func_req.get_body()
        self._headers = list(func_req.headers.items())
        self._context = func_ctx

    def to_environ(self, errors_buffer: Any = None) -> dict[str, Any]:
        """The PEP 3333 environ; ``wsgi.errors`` is ``errors_buffer``, else ``sys.stderr``."""
        import io
        import sys

        environ: dict[str, Any] = {
            "REQUEST_METHOD": self._method,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote(self._path, encoding="latin-1"),
            "QUERY_STRING": self._query,
            "SERVER_NAME": self._host,
            "SERVER_PORT": str(self._port),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "CONTENT_LENGTH": str(len(self._body)),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": self._scheme,
            "wsgi.input": io.BytesIO(self._body),
            "wsgi.errors": sys.stderr if errors_buffer is None else errors_buffer,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in self._headers:
            key = name.upper().replace("-", "_")
            if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                environ[key] = value
            else:
                key = f"HTTP_{key}"
                environ[key] = f"{environ[key]},{value}" if key in environ else value
        environ.update(_context_entries(self._context))
        return environ


class WsgiResponse:
    """What a WSGI application answered: ``from_app(app, environ).to_func_response()``."""

    __slots__ = ("_buffer", "_headers", "_status_code")

    def __init__(self) -> None:
        self._status_code = 500
        self._headers: list[tuple[str, str]] = []
        self._buffer: list[bytes] = []

    @classmethod
    def from_app(cls, app: Callable[..., Any], environ: dict[str, Any]) -> WsgiResponse:
        """Call ``app`` with ``environ``; the response it gave, its body read whole."""
        response = cls()
        started: list[bool] = []

        def start_response(
            status_line: str, header_list: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], Any]:
            if exc_info and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [True]
            response._status_code = int(str(status_line).split(" ", 1)[0])
            response._headers = list(header_list)
            return response._buffer.append

        result = app(environ, start_response)
        try:
            for chunk in result:
                response._buffer.append(bytes(chunk or b""))
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        return response

    def to_func_response(self) -> Any:
        """The ``HttpResponse``: status, every header (repeated ones too) and the body."""
        from ..http import HttpResponse

        return HttpResponse(
            b"".join(self._buffer),
            status_code=self._status_code,
            headers=self._headers,
            mimetype=_content_type(self._headers),
        )


class WsgiMiddleware:
    """Runs a WSGI application for an ``HttpRequest``: ``handle(req, context)`` -> response.

    ``main`` is ``handle``, for ``main = func.WsgiMiddleware(app).main`` in a function's
    script. Raises ``TypeError`` when ``app`` is not callable. A ``500`` the application
    answers is returned as it is (azure.functions raises it as an exception).
    """

    __slots__ = ("_app",)

    def __init__(self, app: Callable[..., Any]) -> None:
        if not callable(app):
            raise fail_type("WsgiMiddleware", "app", "a WSGI application (a callable)", app)
        self._app = app

    def handle(self, req: Any, context: Any = None) -> Any:
        """Call the application with a WSGI environ for ``req``; return its ``HttpResponse``."""
        environ = WsgiRequest(req, context).to_environ()
        return WsgiResponse.from_app(self._app, environ).to_func_response()

    @property
    def main(self) -> Callable[..., Any]:
        """``handle``, as a function to assign to ``main``."""
        return self.handle


class AsgiRequest(WsgiRequest):
    """What an ASGI application sees of an ``HttpRequest``: ``to_asgi_http_scope()``."""

    __slots__ = ()

    def to_asgi_http_scope(self, state: Optional[dict[str, Any]] = None) -> dict[str, Any]:
        """The HTTP connection scope; ``state`` is the lifespan state (a copy of it)."""
        return {
            "type": "http",
            "asgi": {"version": ASGI_VERSION, "spec_version": ASGI_SPEC_VERSION},
            # The flat keys azure.functions puts in the scope, for apps that read them.
            "asgi.version": ASGI_VERSION,
            "asgi.spec_version": ASGI_SPEC_VERSION,
            "http_version": "1.1",
            "method": self._method,
            "scheme": self._scheme,
            "path": unquote(self._path),
            "raw_path": self._path.encode("latin-1", "replace"),
            "query_string": self._query.encode("latin-1", "replace"),
            "root_path": "",
            "headers": [
                (name.lower().encode("latin-1"), value.encode("latin-1", "replace"))
                for name, value in self._headers
            ],
            "server": (self._host, self._port),
            "client": None,
            "state": state,
            "extensions": {},
            **_context_entries(self._context),
        }


class AsgiResponse:
    """What an ASGI application answered: ``await from_app(app, scope, body)``."""

    __slots__ = ("_body_sent", "_buffer", "_headers", "_request_body", "_status_code")

    def __init__(self) -> None:
        self._status_code = 500
        self._headers: list[tuple[str, str]] = []
        self._buffer: list[bytes] = []
        self._request_body = b""
        self._body_sent = False

    @classmethod
    async def from_app(
        cls, app: Callable[..., Any], scope: dict[str, Any], body: bytes
    ) -> AsgiResponse:
        """Call ``app`` with ``scope``, ``body`` as the request body; what it sent back."""
        response = cls()
        response._request_body = body
        await app(scope, response._receive, response._send)
        return response

    async def _receive(self) -> dict[str, Any]:
        if not self._body_sent:
            self._body_sent = True
            return {"type": "http.request", "body": self._request_body, "more_body": False}
        return {"type": "http.disconnect"}

    async def _send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self._status_code = int(message["status"])
            self._headers = [
                (bytes(name).decode("latin-1"), bytes(value).decode("latin-1"))
                for name, value in message.get("headers", [])
            ]
        elif message["type"] == "http.response.body":
            self._buffer.append(bytes(message.get("body", b"")))

    def to_func_response(self) -> Any:
        """The ``HttpResponse``: status, headers and the body."""
        from ..http import HttpResponse

        return HttpResponse(
            b"".join(self._buffer),
            status_code=self._status_code,
            headers=self._headers,
            mimetype=_content_type(self._headers),
        )


class AsgiMiddleware:
    """Runs an ASGI application for an ``HttpRequest``: ``await handle_async(req, context)``.

    ``notify_startup()``/``notify_shutdown()`` run the lifespan protocol; an application
    that does not speak it counts as started. ``state`` is the lifespan state: the
    application fills it at startup, and each request's scope gets a copy of it. ``main``
    is the synchronous ``handle``, for ``main = func.AsgiMiddleware(app).main``. Raises
    ``TypeError`` when ``app`` is not callable.
    """

    __slots__ = ("_app", "_lifespan_receive", "_lifespan_task", "_shutdown_done", "state")

    def __init__(self, app: Callable[..., Any]) -> None:
        if not callable(app):
            raise fail_type("AsgiMiddleware", "app", "an ASGI application (a callable)", app)
        self._app = app
        self.state: dict[str, Any] = {}
        self._lifespan_task: Optional[Any] = None
        self._lifespan_receive: Optional[Any] = None
        self._shutdown_done: Optional[Any] = None

    def handle(self, req: Any, context: Any = None) -> Any:
        """``handle_async`` run to completion on a new event loop; prefer ``handle_async``.

        Raises ``RuntimeError`` when called from a running event loop.
        """
        import asyncio

        return asyncio.run(self.handle_async(req, context))

    @property
    def main(self) -> Callable[..., Any]:
        """``handle``, as a function to assign to ``main``."""
        return self.handle

    async def handle_async(self, req: Any, context: Any = None) -> Any:
        """Call the application with an HTTP scope for ``req``; return its ``HttpResponse``."""
        request = AsgiRequest(req, context)
        scope = request.to_asgi_http_scope(state=dict(self.state))
        response = await AsgiResponse.from_app(self._app, scope, request._body)
        return response.to_func_response()

    async def notify_startup(self) -> bool:
        """Run the lifespan startup; True when it completed or lifespan is not spoken."""
        import asyncio
        import contextlib

        loop = asyncio.get_running_loop()
        started: asyncio.Future[bool] = loop.create_future()
        shutdown: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        await shutdown.put({"type": "lifespan.startup"})
        self._shutdown_done = loop.create_future()

        async def send(message: dict[str, Any]) -> None:
            kind = message.get("type")
            if kind in ("lifespan.startup.complete", "lifespan.startup.failed"):
                if not started.done():
                    started.set_result(kind == "lifespan.startup.complete")
            elif (
                kind in ("lifespan.shutdown.complete", "lifespan.shutdown.failed")
                and self._shutdown_done is not None
                and not self._shutdown_done.done()
            ):
                self._shutdown_done.set_result(True)

        scope = {
            "type": "lifespan",
            "asgi": {"version": ASGI_VERSION, "spec_version": ASGI_SPEC_VERSION},
            "asgi.version": ASGI_VERSION,
            "asgi.spec_version": ASGI_SPEC_VERSION,
            "state": self.state,
        }

        async def run() -> None:
            # An application without lifespan support may raise on this scope: that is fine.
            with contextlib.suppress(Exception):
                await self._app(scope, shutdown.get, send)
            if not started.done():
                # The application returned or raised without answering: no lifespan support.
                started.set_result(True)

        self._lifespan_receive = shutdown
        self._lifespan_task = loop.create_task(run())
        return await started

    async def notify_shutdown(self) -> None:
        """Run the lifespan shutdown.

        Raises ``RuntimeError`` when ``notify_startup()`` has not run, as azure.functions does.
        """
        if self._lifespan_task is None or self._lifespan_receive is None:
            raise RuntimeError("AsgiMiddleware: notify_startup() must be called first")
        await self._lifespan_receive.put({"type": "lifespan.shutdown"})
        if self._shutdown_done is not None:
            import asyncio

            done, _ = await asyncio.wait([self._lifespan_task, self._shutdown_done], timeout=5)
            del done
