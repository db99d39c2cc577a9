"""Bridges from an ``HttpRequest`` to a WSGI or ASGI application and back to an ``HttpResponse``.

Enough for ``WsgiFunctionApp`` and ``AsgiFunctionApp``: one request, a buffered body, a
buffered response. Streaming responses are collected whole; websockets are not supported.
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


def _context_entries(context: Any) -> dict[str, Any]:
    """The invocation context, under the ``azure_functions.*`` keys apps may read."""
    return {f"azure_functions.{name}": getattr(context, name, None) for name in _CONTEXT_FIELDS}


def _request_parts(req: Any) -> tuple[str, str, str, str, str, int, bytes, list[tuple[str, str]]]:
    """method, scheme, path, raw query, host, port, body and headers of a request."""
    from ..http import HttpRequest

    if not isinstance(req, HttpRequest):
        raise fail_type("middleware", "req", "an HttpRequest", req)
    url = urlsplit(req.url)
    scheme = url.scheme or "http"
    port = url.port or (443 if scheme == "https" else 80)
    headers = [(name, value) for name, value in req.headers.items()]
    return (
        req.method,
        scheme,
        url.path or "/",
        url.query,
        url.hostname or "localhost",
        port,
        req.get_body(),
        headers,
    )


class WsgiMiddleware:
    """Runs a WSGI application for an ``HttpRequest``: ``handle(req, context)`` -> response."""

    __slots__ = ("_app",)

    def __init__(self, app: Callable[..., Any]) -> None:
        if not callable(app):
            raise fail_type("WsgiMiddleware", "app", "a WSGI application (a callable)", app)
        self._app = app

    def handle(self, req: Any, context: Any = None) -> Any:
        """Call the application with a WSGI environ for ``req``; return its ``HttpResponse``."""
        import io
        import sys

        from ..http import HttpResponse

        method, scheme, path, query, host, port, body, headers = _request_parts(req)
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote(path, encoding="latin-1"),
            "QUERY_STRING": query,
            "SERVER_NAME": host,
            "SERVER_PORT": str(port),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": scheme,
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in headers:
            key = name.upper().replace("-", "_")
            if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                environ[key] = value
            else:
                key = f"HTTP_{key}"
                environ[key] = f"{environ[key]},{value}" if key in environ else value
        environ.update(_context_entries(context))
        status: list[str] = []
        response_headers: list[tuple[str, str]] = []
        chunks: list[bytes] = []

        def start_response(
            status_line: str, header_list: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], Any]:
            if exc_info and status:
                raise exc_info[1].with_traceback(exc_info[2])
            status[:] = [status_line]
            response_headers[:] = list(header_list)
            return chunks.append

        result = self._app(environ, start_response)
        try:
            for chunk in result:
                chunks.append(bytes(chunk))
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        code = int(status[0].split(" ", 1)[0]) if status else 500
        content_type = next(
            (value for name, value in response_headers if name.lower() == "content-type"), None
        )
        return HttpResponse(
            b"".join(chunks),
            status_code=code,
            headers=response_headers,
            mimetype=content_type.split(";")[0].strip() if content_type else None,
        )


class AsgiMiddleware:
    """Runs an ASGI application for an ``HttpRequest``: ``await handle_async(req, context)``.

    ``notify_startup()``/``notify_shutdown()`` run the lifespan protocol; an application
    that does not speak it counts as started.
    """

    __slots__ = ("_app", "_lifespan_receive", "_lifespan_task", "_shutdown_done")

    def __init__(self, app: Callable[..., Any]) -> None:
        if not callable(app):
            raise fail_type("AsgiMiddleware", "app", "an ASGI application (a callable)", app)
        self._app = app
        self._lifespan_task: Optional[Any] = None
        self._lifespan_receive: Optional[Any] = None
        self._shutdown_done: Optional[Any] = None

    def handle(self, req: Any, context: Any = None) -> Any:
        """``handle_async`` run to completion on a new event loop; prefer ``handle_async``.

        Raises ``RuntimeError`` when called from a running event loop.
        """
        import asyncio

        return asyncio.run(self.handle_async(req, context))

    async def handle_async(self, req: Any, context: Any = None) -> Any:
        """Call the application with an HTTP scope for ``req``; return its ``HttpResponse``."""
        from ..http import HttpResponse

        method, scheme, path, query, host, port, body, headers = _request_parts(req)
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": method,
            "scheme": scheme,
            "path": unquote(path),
            "raw_path": path.encode("latin-1", "replace"),
            "query_string": query.encode("latin-1", "replace"),
            "root_path": "",
            "headers": [
                (name.lower().encode("latin-1"), value.encode("latin-1", "replace"))
                for name, value in headers
            ],
            "server": (host, port),
            "client": None,
            "extensions": {},
            **_context_entries(context),
        }
        sent_body = False
        status = 500
        response_headers: list[tuple[str, str]] = []
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            nonlocal sent_body
            if not sent_body:
                sent_body = True
                return {"type": "http.request", "body": body, "more_body": False}
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                response_headers[:] = [
                    (bytes(name).decode("latin-1"), bytes(value).decode("latin-1"))
                    for name, value in message.get("headers", [])
                ]
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))

        await self._app(scope, receive, send)
        content_type = next(
            (value for name, value in response_headers if name.lower() == "content-type"), None
        )
        return HttpResponse(
            b"".join(chunks),
            status_code=status,
            headers=response_headers,
            mimetype=content_type.split(";")[0].strip() if content_type else None,
        )

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

        async def run() -> None:
            # An application without lifespan support may raise on this scope: that is fine.
            with contextlib.suppress(Exception):
                await self._app(
                    {"type": "lifespan", "asgi": {"version": "3.0"}}, shutdown.get, send
                )
            if not started.done():
                # The application returned or raised without answering: no lifespan support.
                started.set_result(True)

        self._lifespan_receive = shutdown
        self._lifespan_task = loop.create_task(run())
        return await started

    async def notify_shutdown(self) -> None:
        """Run the lifespan shutdown, if startup ran."""
        if self._lifespan_task is None or self._lifespan_receive is None:
            return
        await self._lifespan_receive.put({"type": "lifespan.shutdown"})
        if self._shutdown_done is not None:
            import asyncio

            done, _ = await asyncio.wait([self._lifespan_task, self._shutdown_done], timeout=5)
            del done
