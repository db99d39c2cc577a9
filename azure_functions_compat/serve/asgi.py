"""A standard ASGI application for a loaded function app.

HTTP requests go through :meth:`App.handle` and :func:`response_from`, the functions the test
client uses, so routing, methods, route constraints, ``routePrefix``, keys and the
request/response mapping are the same. On top of them this adapter adds what a real server
needs: the request body streamed in up to a limit (413 beyond it), ``functionTimeout``,
CORS as Core Tools configures it, the admin and webhook endpoints, the trigger loops (run
from the ASGI lifespan), console lines per invocation and a bounded graceful shutdown.

Any ASGI server runs it::

    from azure_functions_compat.serve import asgi_app
    application = asgi_app("path/to/app")      # uvicorn module:application, hypercorn ...
"""

from __future__ import annotations

import asyncio
import datetime
import functools
import json
import os
import time
from collections.abc import Awaitable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar, Union

from .config import DEFAULT_BODY_LIMIT, ServeConfig
from .console import ERROR, WARNING, Console

if TYPE_CHECKING:
    from ..host.app import App, InvocationResult
    from .triggers import TriggerHost

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
T = TypeVar("T")

HTTP_REASON = "This function was programmatically called via the host APIs."
_JSON = (b"content-type", b"application/json; charset=utf-8")


def _encode(value: str) -> bytes:
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")


def _format_span(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


class FunctionsASGI:
    """The ASGI application of one loaded :class:`App` (build it with :func:`asgi_app`).

    ``master_key`` is the key the admin and webhook endpoints ask for when the app enforces
    keys; ``config`` the serve settings of the app folder (read from it by default);
    ``triggers`` runs the timer, queue and blob triggers while the server runs;
    ``body_limit`` caps request bodies (the app setting FUNCTIONS_REQUEST_BODY_SIZE_LIMIT,
    else 100 MB); ``shutdown_timeout`` bounds the wait for invocations in flight at shutdown.
    """

    def __init__(
        self,
        app: App,
        *,
        master_key: Optional[str] = None,
        config: Optional[ServeConfig] = None,
        console: Optional[Console] = None,
        triggers: bool = True,
        body_limit: Optional[int] = None,
        shutdown_timeout: float = 10.0,
    ) -> None:
        from ..host.app import App

        if not isinstance(app, App):
            from .._validation import fail_type

            raise fail_type("FunctionsASGI", "app", "an App from load_app()", app)
        self.app = app
        self.config = config if config is not None else ServeConfig.from_folder(app.root)
        self.console = console if console is not None else Console(self.config.log_level)
        self.master_key = master_key
        self.body_limit = body_limit if body_limit is not None else _body_limit(app)
        self.shutdown_timeout = shutdown_timeout
        self.started = time.monotonic()
        self._triggers: Optional[TriggerHost] = None
        if triggers:
            from .triggers import TriggerHost

            # Made now, so a bad schedule or queue name fails the load, not the first poll.
            self._triggers = TriggerHost(self)
        self._pool: Optional[ThreadPoolExecutor] = None
        self._inflight: set[asyncio.Future[Any]] = set()
        origins = self.config.cors_origins
        self._any_origin = "*" in origins
        self._origins = frozenset(origin.lower() for origin in origins)
        self._cors = bool(origins)
        # Functions that take the FastAPI Request of HTTP streams: their requests and
        # responses are streamed (see _http_stream); other apps never look.
        self._streams = any(plan.http_stream for plan in app._plans.values())

    # --- running work off the event loop ---------------------------------------------------

    def _executor(self) -> ThreadPoolExecutor:
        pool = self._pool
        if pool is None:
            # Plain functions run at most PYTHON_THREADPOOL_THREAD_COUNT at once (the app's
            # own slots); more threads here let async functions and admin calls wait too.
            workers = max(32, self.app.thread_count)
            pool = self._pool = ThreadPoolExecutor(
                max_workers=workers, thread_name_prefix="azure-functions-compat-serve"
            )
        return pool

    async def run_invocation(
        self,
        work: Callable[[], T],
        result_of: Callable[[T], Optional[InvocationResult]],
        *,
        reason: str,
        function_name: Optional[str],
    ) -> Optional[T]:
        """Run ``work`` (an invocation) on a thread; None when functionTimeout passed first.

        The invocation's console block is written when it ends, even after a timeout.
        """
        loop = asyncio.get_running_loop()
        started = datetime.datetime.now(datetime.timezone.utc)
        clock = time.perf_counter()
        future = loop.run_in_executor(self._executor(), work)
        self._inflight.add(future)
        timed_out: list[str] = []

        def finished(done: asyncio.Future[T]) -> None:
            self._inflight.discard(done)
            if done.cancelled():
                return
            failure = done.exception()
            if failure is not None:
                self.console.line(f"The host failed to run an invocation: {failure!r}", ERROR)
                return
            result = result_of(done.result())
            if result is not None:
                self.console.invocation(
                    result,
                    reason=reason,
                    started=started,
                    duration=time.perf_counter() - clock,
                    failure=timed_out[0] if timed_out else None,
                )
                if self._triggers is not None:
                    self._triggers.wrote(result.function_name)

        future.add_done_callback(finished)
        timeout = self.config.function_timeout
        if timeout is None:
            return await future
        done, _ = await asyncio.wait({future}, timeout=timeout)
        if done:
            return future.result()
        message = (
            f"Timeout value of {_format_span(timeout)} was exceeded by function: "
            f"Functions.{function_name}"
        )
        timed_out.append(message)
        self.console.line(message, ERROR)
        return None

    # --- the ASGI entry point --------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)
        elif kind == "websocket":
            await send({"type": "websocket.close", "code": 1000})

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.startup()
                except Exception as exc:
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def startup(self) -> None:
        """Start the trigger loops (the ASGI lifespan calls this)."""
        if self._triggers is not None:
            await self._triggers.start()
        if _runs_durable(self.app):
            # Durable timers fire on the wall clock while serving; the task hub's API
            # answers under /runtime/webhooks/durabletask/ (see serve/admin.py), and its
            # orchestrator, activity and entity runs print their lines as other functions'.
            self.app.durable.clock = "real"
            self.app.durable.on_invoked = self._durable_invoked

    def served_at(self, origin: str) -> None:
        """Tell the app where it is served (``http://localhost:7071``): the durable client's
        URLs name this origin, so no loopback server of the task hub starts."""
        if _runs_durable(self.app) or _has_durable_client(self.app):
            self.app.durable.origin = origin

    def _durable_invoked(
        self, result: InvocationResult, started: datetime.datetime, duration: float
    ) -> None:
        # The Functions host gives no reason for the Durable triggers' runs.
        self.console.invocation(result, reason="(null)", started=started, duration=duration)

    async def shutdown(self) -> None:
        """Stop the triggers, wait (bounded) for invocations in flight, close the app."""
        loop = asyncio.get_running_loop()
        if self._triggers is not None:
            await self._triggers.stop()
        deadline = loop.time() + self.shutdown_timeout
        if self._inflight:
            self.console.line(f"Waiting for {len(self._inflight)} invocation(s) to finish.")
            await asyncio.wait(set(self._inflight), timeout=self.shutdown_timeout)
        left = max(0.1, deadline - loop.time())
        closing = loop.run_in_executor(None, self.app.close)
        done, _ = await asyncio.wait({closing}, timeout=left)
        if not done:
            self.console.line(
                f"Invocations still running after {self.shutdown_timeout:g}s; not waiting for "
                "them.",
                WARNING,
            )
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False)
        if _runs_durable(self.app):
            await loop.run_in_executor(None, self.app.durable.close)
            self.app.durable.on_invoked = None

    @property
    def busy(self) -> int:
        """How many invocations are in flight."""
        return len(self._inflight)

    # --- HTTP ------------------------------------------------------------------------------

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        method: str = scope["method"]
        raw_path = scope.get("raw_path")
        path = raw_path.decode("latin-1") if raw_path else scope["path"]
        headers = [
            (name.decode("latin-1"), value.decode("latin-1")) for name, value in scope["headers"]
        ]
        origin: Optional[str] = None
        if self._cors:
            for name, value in headers:
                if name.lower() == "origin":
                    origin = value
                    break
            if (
                method == "OPTIONS"
                and origin is not None
                and any(name.lower() == "access-control-request-method" for name, _ in headers)
            ):
                await self._preflight(origin, headers, send)
                return
        lowered = path.lower()
        if lowered.startswith(("/admin/", "/runtime/webhooks/")):
            await self._admin(scope, method, path, headers, receive, send)
            return
        if (
            lowered.startswith(_DURABLE_RPC)
            and _from_loopback(scope)
            and _DURABLE_RPC in self.app.mounts
        ):
            # The durable client's calls (its rpcBaseUrl): as the host's local RPC listener,
            # answered for callers on this machine only, without keys.
            await self._admin(scope, method, path, headers, receive, send, check_keys=False)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        url = _url(scope, headers, path, query)
        if self._streams and _streams_http(self.app, method, path):
            await self._http_stream(scope, receive, send, url, path, headers, origin)
            return
        body = await self._read_body(headers, receive, send)
        if body is None:
            return
        app = self.app
        work = functools.partial(
            app.handle, method, url, path=path, headers=headers, body=body or None
        )
        routed: Optional[str] = None
        if self.config.function_timeout is not None:
            routed = _route_name(app, method, path)
        try:
            handled = await self.run_invocation(
                work, lambda value: value[1], reason=HTTP_REASON, function_name=routed
            )
        except (TypeError, ValueError) as exc:
            await _plain(send, 400, str(exc).encode("utf-8"))
            return
        if handled is None:
            await _plain(send, 500, b"", self._cors_headers(origin))
            return
        await self._answer(send, method, handled, origin)

    async def _answer(
        self,
        send: Send,
        method: str,
        handled: tuple[int, Optional[InvocationResult], Any],
        origin: Optional[str],
    ) -> None:
        """Send what App.handle gave: the function's response, or the host's own answer."""
        from ..host.testclient import response_from

        status, invocation, found = handled
        target = found.target
        function_name = getattr(getattr(target, "metadata", None), "name", None)
        response = response_from(status, invocation, function_name, found.params, found.allowed)
        out = [(_encode(key), _encode(value)) for key, value in response.headers.items()]
        if origin is not None:
            present = {key.lower() for key, _ in out}
            out.extend(pair for pair in self._cors_headers(origin) if pair[0] not in present)
        await send({"type": "http.response.start", "status": response.status_code, "headers": out})
        content = b"" if method == "HEAD" else response.content
        await send({"type": "http.response.body", "body": content})

    async def _http_stream(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        url: str,
        path: str,
        headers: list[tuple[str, str]],
        origin: Optional[str],
    ) -> None:
        """Serve a function that takes the FastAPI Request of HTTP streams.

        The body is not read first: the function reads it from the connection as it comes.
        Its response runs on the app's event loop, where the function made it, and each
        message goes out as it is sent; once the client has left, a send raises OSError
        (ASGI 2.4), which stops the response and its iterator.
        """
        limit = self.body_limit
        for name, value in headers:
            if name.lower() == "content-length":
                if value.strip().isdigit() and int(value) > limit:
                    await _plain(send, 413, b"")
                    return
                break
        server_loop = asyncio.get_running_loop()
        connection = _Connection(receive, limit)
        pump = server_loop.create_task(connection.pump())

        async def app_receive() -> Message:
            # Called on the app's loop; the connection belongs to the server's.
            future = asyncio.run_coroutine_threadsafe(connection.next_message(), server_loop)
            return await asyncio.wrap_future(future)

        try:
            await self._run_stream(
                scope, send, url, path, headers, origin, connection, app_receive
            )
        finally:
            pump.cancel()

    async def _run_stream(
        self,
        scope: Scope,
        send: Send,
        url: str,
        path: str,
        headers: list[tuple[str, str]],
        origin: Optional[str],
        connection: _Connection,
        app_receive: Receive,
    ) -> None:
        from ..host.httpstreams import ServeChannel, app_loop, run_response, run_with_channel

        server_loop = asyncio.get_running_loop()
        channel = ServeChannel(app_receive)
        method: str = scope["method"]
        app = self.app
        work = functools.partial(
            run_with_channel,
            channel,
            functools.partial(app.handle, method, url, path=path, headers=headers, body=None),
        )
        try:
            handled = await self.run_invocation(
                work,
                lambda value: value[1],
                reason=HTTP_REASON,
                function_name=_route_name(app, method, path),
            )
        except (TypeError, ValueError) as exc:
            await _plain(send, 400, str(exc).encode("utf-8"))
            return
        if handled is None:
            await _plain(send, 500, b"", self._cors_headers(origin))
            return
        response = channel.response
        if response is None:
            # It failed, or the host answered itself (401): as for any function.
            await self._answer(send, method, handled, origin)
            return
        cors = self._cors_headers(origin)
        started = False

        async def app_send(message: Message) -> None:
            nonlocal started
            if connection.gone:
                raise OSError("the client has left")
            if message.get("type") == "http.response.start":
                started = True
                if cors:
                    present = {bytes(name).lower() for name, _ in message.get("headers", ())}
                    extra = [pair for pair in cors if pair[0] not in present]
                    message = {**message, "headers": [*message.get("headers", ()), *extra]}
            await asyncio.wrap_future(
                asyncio.run_coroutine_threadsafe(_awaited(send(message)), server_loop)
            )

        # ASGI spec 2.4: the response learns that the client left from a send that raises
        # (above), instead of listening for the disconnect itself; such a listener would
        # take request body chunks the function is still reading.
        streamed = {**scope, "asgi": {**scope.get("asgi", {}), "spec_version": "2.4"}}
        try:
            running = asyncio.run_coroutine_threadsafe(
                run_response(response, streamed, app_receive, app_send), app_loop(app)
            )
            await asyncio.wrap_future(running)
        except Exception as exc:
            if connection.gone:
                return  # the client left: nothing to answer, nothing to report
            self.console.line(f"The response of {path} failed while streaming: {exc!r}", ERROR)
            if not started:
                await _plain(send, 500, b"", cors)
            # Started: the client sees the body end early, as from any server.

    async def _read_body(
        self, headers: list[tuple[str, str]], receive: Receive, send: Send
    ) -> Optional[bytes]:
        """The request body, or None when it was refused (413 sent)."""
        limit = self.body_limit
        for name, value in headers:
            if name.lower() == "content-length":
                if value.strip().isdigit() and int(value) > limit:
                    await _plain(send, 413, b"")
                    return None
                break
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            if chunk:
                size += len(chunk)
                if size > limit:
                    await _plain(send, 413, b"")
                    return None
                chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    # --- CORS ------------------------------------------------------------------------------

    def _allowed_origin(self, origin: str) -> bool:
        return self._any_origin or origin.rstrip("/").lower() in self._origins

    def _cors_headers(self, origin: Optional[str]) -> list[tuple[bytes, bytes]]:
        if origin is None or not self._cors or not self._allowed_origin(origin):
            return []
        credentials = self.config.cors_credentials
        if self._any_origin and not credentials:
            return [(b"access-control-allow-origin", b"*")]
        out = [(b"access-control-allow-origin", _encode(origin)), (b"vary", b"Origin")]
        if credentials:
            out.append((b"access-control-allow-credentials", b"true"))
        return out

    async def _preflight(self, origin: str, headers: list[tuple[str, str]], send: Send) -> None:
        out = self._cors_headers(origin)
        if out:
            for name, value in headers:
                lowered = name.lower()
                if lowered == "access-control-request-method":
                    out.append((b"access-control-allow-methods", _encode(value)))
                elif lowered == "access-control-request-headers":
                    out.append((b"access-control-allow-headers", _encode(value)))
        await _plain(send, 204, b"", out)

    # --- admin and webhooks ----------------------------------------------------------------

    def _admin_authorized(self, scope: Scope, headers: list[tuple[str, str]]) -> bool:
        if not self.app.enforces_keys:
            return True
        if self.master_key is None:
            return False
        from urllib.parse import parse_qs

        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        keys = query.get("code", [])
        keys += [value for name, value in headers if name.lower() == "x-functions-key"]
        return self.master_key in keys

    async def _admin(
        self,
        scope: Scope,
        method: str,
        path: str,
        headers: list[tuple[str, str]],
        receive: Receive,
        send: Send,
        *,
        check_keys: bool = True,
    ) -> None:
        from . import admin

        if check_keys and not self._admin_authorized(scope, headers):
            await _plain(send, 401, b"")
            return
        body = await self._read_body(headers, receive, send)
        if body is None:
            return
        status, payload, extra = await admin.dispatch(self, scope, method, path, headers, body)
        out = list(extra)
        content = b""
        if payload is not None:
            content = json.dumps(payload).encode("utf-8")
            out.append(_JSON)
        await _plain(send, status, content, out)


def _route_name(app: App, method: str, path: str) -> Optional[str]:
    try:
        target = app.match(method, path).target
    except (TypeError, ValueError):
        return None
    return getattr(getattr(target, "metadata", None), "name", None)


class _Connection:
    """The request side of one streamed exchange, read on the server's event loop.

    ``pump`` reads the connection one message ahead of the function (so a slow reader holds
    the client back rather than filling memory), and after the body goes on listening, so
    ``gone`` turns True when the client leaves (or the body passes ``limit``), even while
    the function only writes.
    """

    def __init__(self, receive: Receive, limit: int) -> None:
        self._receive = receive
        self._limit = limit
        self._ahead: asyncio.Queue[Message] = asyncio.Queue(maxsize=1)
        self.gone = False

    async def pump(self) -> None:
        received = 0
        try:
            while True:
                message = await self._receive()
                kind = message.get("type")
                if kind == "http.request":
                    received += len(message.get("body", b""))
                    if received > self._limit:
                        return
                if kind == "http.disconnect":
                    return
                await self._ahead.put(message)
        finally:
            # Also when the exchange is over (the pump is cancelled): a function still
            # reading (one that outlived functionTimeout) sees the client leave.
            self.gone = True
            if self._ahead.empty():
                self._ahead.put_nowait({"type": "http.disconnect"})

    async def next_message(self) -> Message:
        if self.gone and self._ahead.empty():
            return {"type": "http.disconnect"}
        return await self._ahead.get()


async def _awaited(awaitable: Awaitable[None]) -> None:
    await awaitable


def _streams_http(app: App, method: str, path: str) -> bool:
    """Whether the function routed to takes the FastAPI Request of HTTP streams."""
    try:
        target = app.match(method, path).target
    except (TypeError, ValueError):
        return False
    return bool(getattr(target, "http_stream", False))


def _url(scope: Scope, headers: list[tuple[str, str]], path: str, query: str) -> str:
    host: Optional[str] = None
    for name, value in headers:
        if name.lower() == "host":
            host = value
            break
    if host is None:
        server = scope.get("server")
        host = f"{server[0]}:{server[1]}" if server else "localhost"
    scheme = scope.get("scheme", "http")
    return f"{scheme}://{host}{path}?{query}" if query else f"{scheme}://{host}{path}"


async def _plain(
    send: Send, status: int, content: bytes, extra: Optional[list[tuple[bytes, bytes]]] = None
) -> None:
    headers = [(b"content-length", str(len(content)).encode("ascii"))]
    if extra:
        headers.extend(extra)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


def _body_limit(app: App) -> int:
    raw = app.settings.get("FUNCTIONS_REQUEST_BODY_SIZE_LIMIT") or os.environ.get(
        "FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"
    )
    if raw is not None and raw.strip().isdigit():
        return int(raw)
    return DEFAULT_BODY_LIMIT


def asgi_app(
    app: Union[App, str, os.PathLike[str]],
    *,
    storage: Any = None,
    function_keys: Optional[Union[str, list[str]]] = None,
    master_key: Optional[str] = None,
    triggers: bool = True,
    body_limit: Optional[int] = None,
    shutdown_timeout: float = 10.0,
    lenient: bool = False,
) -> FunctionsASGI:
    """The ASGI application of a function app: an App, or an app folder to load.

    ``storage``, ``function_keys``, ``master_key`` and ``lenient`` are passed to
    :func:`load_app` when a folder is given (``master_key`` also guards the admin endpoints;
    ``lenient=True`` serves the app with its broken functions in error, as ``serve`` does).
    Raises AppLoadError for a broken app, TypeError/ValueError for bad arguments.
    """
    from ..host.app import App, load_app

    if not isinstance(app, App):
        app = load_app(
            app,
            storage=storage,
            function_keys=function_keys,
            master_key=master_key,
            lenient=lenient,
        )
    return FunctionsASGI(
        app,
        master_key=master_key,
        triggers=triggers,
        body_limit=body_limit,
        shutdown_timeout=shutdown_timeout,
    )


_DURABLE_RPC = "/durabletask/"


def _from_loopback(scope: Scope) -> bool:
    client = scope.get("client")
    host = client[0] if client else ""
    return isinstance(host, str) and (host.startswith("127.") or host in ("::1", "localhost"))


def _has_durable_client(app: App) -> bool:
    """Whether a function of the app has a durableClient binding."""
    return any(
        binding.type.lower() == "durableclient"
        for metadata in app.functions.values()
        for binding in metadata.bindings
    )


def _runs_durable(app: App) -> bool:
    """Whether the app has Durable Functions orchestrators (so a task hub to run)."""
    return any(
        metadata.trigger.type.lower() == "orchestrationtrigger"
        for metadata in app.functions.values()
    )


__all__ = ["FunctionsASGI", "asgi_app"]
