"""HTTP streams: functions written for ``azurefunctions-extensions-http-fastapi``.

An app that imports ``azurefunctions.extensions.http.fastapi`` and annotates an HTTP
trigger's parameter with its ``Request`` (FastAPI's, which is Starlette's) gets that type
instead of an HttpRequest, as the Python worker hands it over when HTTP streams are on:
method, URL, headers, query string, the route's parameters as ``path_params``, and a body
read with ``await req.body()``, ``await req.json()`` or ``async for chunk in req.stream()``.
Such a function returns a Starlette response (``StreamingResponse`` over a sync or async
iterator, ``JSONResponse``, ``FileResponse`` ...) or any value FastAPI encodes as JSON.

Through ``invoke``, the test client and the command line, the response is run to its end on
the app's event loop and its chunks collected into the HttpResponse those already show.
``serve`` streams both ways instead: the request body comes off the socket as the function
reads it, and each chunk of the response goes out as it is made (see serve/asgi.py).

The extension is the app's dependency, not ours: nothing here imports it, and Starlette and
FastAPI are imported only for a function that uses them (the app's imports loaded them).
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib
import sys
from typing import TYPE_CHECKING, Any, Callable, Optional
from urllib.parse import unquote, urlsplit

from ..http import HttpRequest, HttpResponse
from .converters import BindingConverter
from .errors import AppLoadError, BindingError
from .interop import is_binding_type

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Awaitable, Mapping, MutableMapping

    from .app import App
    from .loader import FunctionPlan
    from .metadata import BindingMetadata

    Message = MutableMapping[str, Any]
    Receive = Callable[[], Awaitable[Message]]

#: The module an app imports to turn HTTP streams on (its ``Request`` is FastAPI's).
EXTENSION = "azurefunctions.extensions.http.fastapi"
_ASGI = {"version": "3.0", "spec_version": "2.4"}


def _starlette_class(module: str, name: str) -> Optional[type]:
    # Looked up where the app's imports put it: a class that was never imported cannot be
    # an annotation, and asking costs no import.
    found = getattr(sys.modules.get(module), name, None)
    return found if isinstance(found, type) else None


def is_stream_request_type(annotation: object) -> bool:
    """Whether ``annotation`` is Starlette's ``Request`` (FastAPI's, the extension's) or a
    subclass of it."""
    request = _starlette_class("starlette.requests", "Request")
    return request is not None and isinstance(annotation, type) and issubclass(annotation, request)


def is_stream_response_type(annotation: object) -> bool:
    """Whether ``annotation`` is a Starlette ``Response`` class (``StreamingResponse`` ...)."""
    response = _starlette_class("starlette.responses", "Response")
    return (
        response is not None and isinstance(annotation, type) and issubclass(annotation, response)
    )


def extension_imported() -> bool:
    """Whether the app imported the HTTP streams extension (it is in ``sys.modules``)."""
    return EXTENSION in sys.modules


def init_indexing_off(value: Optional[str]) -> bool:
    """Whether ``PYTHON_ENABLE_INIT_INDEXING`` is set to a false value, which turns HTTP
    streams off in the Python worker (unset, they are on here; see docs/differences.md)."""
    return value is not None and value.strip().lower() in ("0", "false", "f", "no", "n", "off")


# --- the request ------------------------------------------------------------------------


class ServeChannel:
    """What ``serve`` hands a streams function: the ASGI ``receive`` its request body comes
    from (callable on the app's event loop), and where the function's response is left for
    serve to stream, instead of collecting it."""

    __slots__ = ("receive", "response")

    def __init__(self, receive: Receive) -> None:
        self.receive = receive
        self.response: Any = None


_channel: contextvars.ContextVar[Optional[ServeChannel]] = contextvars.ContextVar(
    "azure_functions_compat_http_stream", default=None
)


def run_with_channel(channel: ServeChannel, call: Callable[[], Any]) -> Any:
    """Run ``call`` (an ``App.handle``) so a streams function it runs uses ``channel``."""
    token = _channel.set(channel)
    try:
        return call()
    finally:
        _channel.reset(token)


def _latin1(text: str) -> bytes:
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def request_scope(request: HttpRequest) -> dict[str, Any]:
    """The ASGI HTTP scope of ``request``: what a Starlette Request reads its parts from.

    The route's parameters are its ``path_params``, as the worker sets them on the request
    it hands over.
    """
    parts = urlsplit(request.url)
    scheme = parts.scheme or "http"
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: the scheme's own
        port = None
    headers = [(_latin1(name), _latin1(value)) for name, value in request.headers.items()]
    if "host" not in request.headers and parts.netloc:
        headers.append((b"host", _latin1(parts.netloc)))
    path = parts.path or "/"
    return {
        "type": "http",
        "asgi": dict(_ASGI),
        "http_version": "1.1",
        "method": request.method,
        "scheme": scheme,
        "server": (parts.hostname or "localhost", port or (443 if scheme == "https" else 80)),
        "client": None,
        "root_path": "",
        "path": unquote(path),
        "raw_path": _latin1(path),
        "query_string": _latin1(parts.query),
        "headers": headers,
        "path_params": dict(request.route_params),
        "state": {},
    }


def _body_receive(body: bytes) -> Receive:
    """An ASGI ``receive`` that gives ``body`` in one message, then waits (the client stays)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        import asyncio

        # Only a disconnect would come next, and this client never leaves: wait until the
        # waiter is cancelled (Starlette's is_disconnected() asks that way).
        await asyncio.get_running_loop().create_future()
        return {"type": "http.disconnect"}  # pragma: no cover - the future never resolves

    return receive


def starlette_request(request: HttpRequest) -> Any:
    """A Starlette (FastAPI) Request for the invocation's ``request``.

    Under ``serve`` its body streams from the connection; elsewhere it is the body given.
    """
    requests = importlib.import_module("starlette.requests")
    channel = _channel.get()
    receive = channel.receive if channel is not None else _body_receive(request.get_body())
    return requests.Request(request_scope(request), receive)


class StreamRequestConverter(BindingConverter):
    """Hands an HTTP trigger's parameter a Starlette Request instead of the HttpRequest."""

    def convert(self, value: Any, kind: Optional[str], binding: BindingMetadata) -> Any:
        if not isinstance(value, HttpRequest):
            raise BindingError(
                f"binding {binding.name!r} takes the FastAPI Request of HTTP streams, which "
                f"the host builds from an HttpRequest; got {type(value).__name__}"
            )
        return starlette_request(value)


STREAM_REQUEST = StreamRequestConverter()


def streams_app(plans: Mapping[str, FunctionPlan]) -> dict[str, AppLoadError]:
    """Give every HTTP function of an app with HTTP streams on the FastAPI Request.

    With the extension imported, the Python worker hands the FastAPI Request to every HTTP
    function and sends what each returns through FastAPI: an unannotated trigger parameter
    gets it too, and one annotated otherwise (``func.HttpRequest``) fails to load. Returns
    the AppLoadError of each such function, by name (each names one that takes the Request).
    """
    streaming = next(plan for plan in plans.values() if plan.http_stream)
    errors: dict[str, AppLoadError] = {}
    for name, plan in plans.items():
        if plan.http_stream or plan.trigger_key != "httptrigger":
            continue
        trigger = [param for param in plan.params if param.role == "trigger"]
        refused = [param for param in trigger if param.kind.name is not None]
        if refused:
            errors[name] = AppLoadError(
                f"{plan.metadata.source}: binding {refused[0].name!r} is annotated "
                f"{refused[0].kind.name}, but the app uses HTTP streams ("
                f"{streaming.metadata.source} takes the FastAPI Request), and then the Python "
                "worker hands every HTTP function the FastAPI Request: annotate it with the "
                "Request of azurefunctions.extensions.http.fastapi"
            )
            continue
        for param in trigger:
            param.converter = STREAM_REQUEST
        plan.http_stream = True
    return errors


# --- the response -----------------------------------------------------------------------


def as_starlette_response(plan: FunctionPlan, returned: Any) -> Any:
    """What a streams function returned, as the Starlette response the client gets.

    A Starlette response as it is; any other value encoded as JSON (status 200), as FastAPI
    encodes what a route returns (None gives ``null``). A func.HttpResponse is refused:
    with HTTP streams on, the worker hands the return value to FastAPI, which cannot send it.
    """
    response_class = _starlette_class("starlette.responses", "Response")
    if response_class is not None and isinstance(returned, response_class):
        return returned
    source = plan.metadata.source
    if is_binding_type(returned, HttpResponse):
        raise BindingError(
            f"function {plan.metadata.name!r} ({source}) takes the FastAPI Request of HTTP "
            "streams, so it must return a FastAPI/Starlette response (Response, "
            "StreamingResponse, JSONResponse ...) or a value FastAPI encodes as JSON, not a "
            "func.HttpResponse"
        )
    encoders = importlib.import_module("fastapi.encoders")
    responses = importlib.import_module("fastapi.responses")
    try:
        content = encoders.jsonable_encoder(returned)
    except (TypeError, ValueError) as exc:
        raise BindingError(
            f"function {plan.metadata.name!r} ({source}) returned a "
            f"{type(returned).__name__}, which is neither a FastAPI/Starlette response nor a "
            f"value FastAPI encodes as JSON: {exc}"
        ) from None
    return responses.JSONResponse(content)


async def run_response(response: Any, scope: Any, receive: Any, send: Any) -> None:
    """Run the Starlette ``response`` as an ASGI application, then close its iterator.

    A response stops at a send that fails (the client left) with its async generator still
    suspended; closed here, the generator's ``finally`` runs now, not whenever it is
    garbage-collected.
    """
    try:
        await response(scope, receive, send)
    finally:
        close = getattr(getattr(response, "body_iterator", None), "aclose", None)
        if close is not None:
            # The response's own failure, if any, is the one to report.
            with contextlib.suppress(Exception):
                await close()


async def collect(response: Any, scope: dict[str, Any]) -> HttpResponse:
    """Run the Starlette ``response`` to its end and gather it into an HttpResponse."""
    status = 200
    headers: list[tuple[str, str]] = []
    chunks: list[bytes] = []

    async def send(message: Message) -> None:
        nonlocal status
        kind = message.get("type")
        if kind == "http.response.start":
            status = int(message.get("status", 200))
            headers.extend(
                (bytes(name).decode("latin-1"), bytes(value).decode("latin-1"))
                for name, value in message.get("headers", ())
            )
        elif kind == "http.response.body":
            chunks.append(bytes(message.get("body", b"")))

    # Spec 2.4: the response does not listen for a disconnect that cannot come.
    scope = {**scope, "asgi": dict(_ASGI)}
    await run_response(response, scope, _body_receive(b""), send)
    mimetype: Optional[str] = None
    charset: Optional[str] = None
    for name, value in headers:
        if name.lower() == "content-type":
            media, _, rest = value.partition(";")
            mimetype = media.strip() or None
            for part in rest.split(";"):
                key, _, found = part.strip().partition("=")
                if key.lower() == "charset" and found:
                    charset = found.strip('"')
            break
    body = b"".join(chunks)
    try:
        return HttpResponse(
            body, status_code=status, headers=headers, mimetype=mimetype, charset=charset
        )
    except (TypeError, ValueError):
        # A charset this package does not know: the header still says it.
        return HttpResponse(body, status_code=status, headers=headers, mimetype=mimetype)


def finish_response(
    app: App, plan: FunctionPlan, kwargs: dict[str, Any], returned: Any
) -> Optional[HttpResponse]:
    """The HTTP response of a streams function that returned ``returned``.

    Under ``serve`` the Starlette response is left on the channel for the server to stream
    (None is returned); otherwise it runs on the app's event loop, where an ``async def``
    function made its generator, and comes back collected.
    """
    response = as_starlette_response(plan, returned)
    channel = _channel.get()
    if channel is not None:
        channel.response = response
        return None
    scope: Optional[dict[str, Any]] = None
    for param in plan.params:
        if param.role == "trigger":
            scope = getattr(kwargs.get(param.name), "scope", None)
            break
    if scope is None:
        scope = {"type": "http", "method": "GET", "path": "/", "headers": []}
    used = scope
    collected: HttpResponse = app._runner.run_async(lambda: collect(response, used))
    return collected


def app_loop(app: App) -> asyncio.AbstractEventLoop:
    """The event loop the app's ``async def`` functions run on (started if need be)."""
    return app._runner._get_loop()


__all__ = [
    "EXTENSION",
    "STREAM_REQUEST",
    "ServeChannel",
    "StreamRequestConverter",
    "app_loop",
    "as_starlette_response",
    "collect",
    "extension_imported",
    "finish_response",
    "init_indexing_off",
    "is_stream_request_type",
    "is_stream_response_type",
    "request_scope",
    "run_response",
    "run_with_channel",
    "starlette_request",
    "streams_app",
]
