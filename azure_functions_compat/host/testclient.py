"""A test client that sends HTTP-style requests through an app's routing, in process.

::

    app = load_app("examples/seed_app")
    with app.test_client() as client:
        response = client.get("/api/hello?user=Ada")
        assert response.status_code == 200
        assert response.text == "Hello, Ada!"

Nothing goes over a network: the request is routed as the Functions host routes it, the
function runs on the app's thread pool or event loop, and the response comes back with the
invocation's outputs and logs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from http import HTTPStatus
from types import TracebackType
from typing import TYPE_CHECKING, Any, Optional, Union
from urllib.parse import urlencode, urlsplit

from multidict import CIMultiDict, CIMultiDictProxy

from .._requests import client_headers, json_body
from .._validation import fail_type, fail_value, is_body_charset
from ..http import HttpResponse as _HttpResponse

if TYPE_CHECKING:
    from ..http import HttpResponse
    from .app import App, InvocationResult
    from .invocation import LogEntry

_REASONS = {status.value: status.phrase for status in HTTPStatus}
# C0 and C1 control characters, DEL, the space and any other Unicode whitespace.
_NOT_IN_URLS = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


class TestResponse:
    """The answer to one test-client request.

    ``status_code``, ``headers`` (case-insensitive, with ``Content-Type`` and
    ``Content-Length`` as the host sends them), ``content`` (bytes; also ``get_body()``),
    ``text`` and ``json()`` describe the HTTP response. ``response`` is the HttpResponse the
    function produced (None for 404/405/401/500 and for 204 without output). ``outputs``,
    ``logs``, ``invocation_id``, ``exception`` and ``function_name`` come from the invocation.
    """

    __test__ = False  # not a pytest test class, whatever its name says
    __slots__ = (
        "_headers",
        "content",
        "function_name",
        "invocation",
        "response",
        "route_params",
        "status_code",
    )

    def __init__(
        self,
        status_code: int,
        content: bytes,
        headers: Optional[CIMultiDict[str]] = None,
        response: Optional[HttpResponse] = None,
        invocation: Optional[InvocationResult] = None,
        function_name: Optional[str] = None,
        route_params: Optional[dict[str, str]] = None,
    ) -> None:
        self.status_code = status_code
        self.content = content
        self.response = response
        self.invocation = invocation
        self.function_name = function_name
        self.route_params = route_params if route_params is not None else {}
        # Built on first use from the function's response: most tests never read them all.
        self._headers = None if headers is None else CIMultiDictProxy(headers)

    @property
    def headers(self) -> CIMultiDictProxy[str]:
        """The response headers as the host sends them, with Content-Type and Content-Length."""
        headers = self._headers
        if headers is None:
            built: CIMultiDict[str] = CIMultiDict()
            response = self.response
            if response is not None:
                built.extend(response.headers)
                if "Content-Type" not in built:
                    built["Content-Type"] = f"{response.mimetype}; charset={response.charset}"
            built["Content-Length"] = str(len(self.content))
            headers = self._headers = CIMultiDictProxy(built)
        return headers

    @property
    def reason(self) -> str:
        """The reason phrase of the status (``OK``, ``Not Found`` ...)."""
        return _REASONS.get(self.status_code, "")

    def get_body(self) -> bytes:
        """The body as bytes."""
        return self.content

    @property
    def charset(self) -> str:
        """The charset named in Content-Type, ``utf-8`` when none is."""
        content_type = self.headers.get("Content-Type", "")
        for part in content_type.split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip('"')
        return "utf-8"

    @property
    def text(self) -> str:
        """The body decoded with the response's charset (undecodable bytes replaced).

        UTF-8 is used when the charset is unknown or not a text encoding.
        """
        charset = self.charset
        if not is_body_charset(charset):  # unknown, or not a text encoding (base64, idna)
            charset = "utf-8"
        return self.content.decode(charset, "replace")

    def json(self) -> Any:
        """The body parsed as JSON; ValueError when it is not JSON (or nests too deeply)."""
        from .._json import loads

        return loads("TestResponse.json: the body", self.content)

    @property
    def outputs(self) -> dict[str, Any]:
        """What the function set on its output bindings (binding name to value)."""
        return {} if self.invocation is None else self.invocation.outputs

    @property
    def logs(self) -> list[LogEntry]:
        """The log records the function emitted."""
        return [] if self.invocation is None else self.invocation.logs

    @property
    def exception(self) -> Optional[BaseException]:
        """The exception the function raised (the response is then a 500), or None."""
        return None if self.invocation is None else self.invocation.exception

    @property
    def invocation_id(self) -> Optional[str]:
        """The id of the invocation, None when no function ran (404, 405, 401)."""
        return None if self.invocation is None else self.invocation.invocation_id

    def raise_for_exception(self) -> None:
        """Re-raise the function's exception, if it raised one."""
        if self.invocation is not None:
            self.invocation.raise_for_exception()

    def __repr__(self) -> str:
        return f"<TestResponse {self.status_code} {self.reason}>"


def _plain(status: int, extra: Optional[dict[str, str]] = None) -> CIMultiDict[str]:
    headers: CIMultiDict[str] = CIMultiDict(extra or {})
    headers["Content-Length"] = "0"
    return headers


def response_from(
    status: int,
    invocation: Optional[InvocationResult],
    function_name: Optional[str],
    route_params: Optional[dict[str, str]] = None,
    allowed: tuple[str, ...] = (),
) -> TestResponse:
    """Build the response the host would send for a routed request and its invocation.

    404, 405 (with ``Allow``) and 401 when no function ran; 500 when it raised; 204 when it
    gave no HTTP output; otherwise the HttpResponse it returned or set.
    """
    if invocation is None:
        extra = {"Allow": ", ".join(allowed)} if status == 405 and allowed else None
        return TestResponse(
            status, b"", headers=_plain(status, extra), function_name=function_name
        )
    if invocation.exception is not None:
        status = 500
    elif invocation.http_response is None:
        status = 204
    else:
        response = invocation.http_response
        return TestResponse(
            response.status_code,
            response.get_body(),
            response=response,
            invocation=invocation,
            function_name=function_name,
            route_params=route_params,
        )
    return TestResponse(
        status,
        b"",
        headers=_plain(status),
        invocation=invocation,
        function_name=function_name,
        route_params=route_params,
    )


def _mounted(
    handler: Any, method: str, path: str, query: str, headers: Any, body: Union[bytes, str, None]
) -> TestResponse:
    """The answer of a handler mounted on the app (see App.mounts), as a TestResponse."""
    sent: CIMultiDict[str] = CIMultiDict(headers or {})
    raw = body.encode("utf-8") if isinstance(body, str) else (body or b"")
    status, answer_headers, content = handler(method.upper(), path, query, sent, raw)
    return TestResponse(status, content, headers=CIMultiDict(answer_headers))


def _check_url_text(owner: str, param: str, text: str) -> None:
    """Refuse whitespace and control characters, which a request line cannot carry.

    A CR or LF would split the request (as in a header value); a space ends the target.
    Other characters outside ASCII are left alone: a client would percent-encode them.
    """
    if _NOT_IN_URLS.search(text) is not None:
        raise fail_value(
            owner,
            param,
            "a path or URL without whitespace or control characters (percent-encode them, "
            "e.g. %20 for a space)",
            text,
        )


class TestClient:
    """Send requests to an app's HTTP functions: ``get``, ``post``, ``put`` ... or ``request``.

    Paths include the route prefix (``/api/items/42?x=1``); a full URL works too. A function
    that raises gives a 500 response whose ``exception`` holds what it raised. The client is
    a context manager; leaving it closes the app's worker threads (the app stays usable).
    """

    __test__ = False  # not a pytest test class
    __slots__ = ("_app", "_host", "base_url")

    def __init__(self, app: App, *, base_url: str = "http://localhost:7071") -> None:
        from .app import App

        if not isinstance(app, App):
            raise fail_type("TestClient", "app", "an App from load_app()", app)
        if not isinstance(base_url, str):
            raise fail_type(
                "TestClient", "base_url", "a str like 'http://localhost:7071'", base_url
            )
        _check_url_text("TestClient", "base_url", base_url)
        self._app = app
        self.base_url = base_url.rstrip("/")
        # The Host header a client connecting to base_url sends (its authority).
        self._host = urlsplit(self.base_url).netloc.rpartition("@")[2] or "localhost"

    @property
    def app(self) -> App:
        """The app this client calls."""
        return self._app

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Optional[Mapping[str, str]] = None,
        headers: Any = None,
        data: Union[bytes, bytearray, str, Mapping[str, str], None] = None,
        json: Any = None,
    ) -> TestResponse:
        """Send one request and return the response.

        ``params`` are added to the query string; ``data`` is the body (a mapping is sent as
        an urlencoded form); ``json`` is serialised as the body with Content-Type
        ``application/json``. As a real HTTP client, the client sends ``Host`` (that of
        ``base_url``) and, with a body, its ``Content-Length``; a header ``headers`` names
        wins over any of these. Raises TypeError/ValueError for
        malformed arguments: a path with whitespace or control characters (CR, LF, a space:
        percent-encode them), a ``json`` value JSON cannot hold (NaN and infinities included),
        both ``data`` and ``json``.
        """
        if not isinstance(method, str):
            raise fail_type("TestClient.request", "method", "a str such as 'GET'", method)
        if not isinstance(path, str):
            raise fail_type("TestClient.request", "path", "a str such as '/api/hello'", path)
        if " " in path or not path.isprintable():
            # Every character _NOT_IN_URLS refuses is a space or not printable: the usual
            # path is passed by two C calls instead of a regular expression search.
            _check_url_text("TestClient.request", "path", path)
        if path.startswith("/") and "#" not in path:
            route_path, _, query = path.partition("?")
        else:
            split = urlsplit(path)
            if not split.path.startswith("/") or (split.scheme and not split.netloc):
                raise fail_value(
                    "TestClient.request", "path", "a path starting with '/' or a URL", path
                )
            route_path, query = split.path, split.query
        if params is not None:
            if not isinstance(params, Mapping):
                raise fail_type("TestClient.request", "params", "a mapping or None", params)
            extra = urlencode(list(params.items()))
            query = f"{query}&{extra}" if query else extra
        body: Union[bytes, str, None] = None
        content_type: Optional[str] = None
        if json is not None:
            if data is not None:
                raise fail_value(
                    "TestClient.request", "json", "None when data is given (pass one body)", json
                )
            body = json_body("TestClient.request", json)
            content_type = "application/json"
        elif data is None or isinstance(data, (bytes, str)):
            body = data
        elif isinstance(data, bytearray):
            body = bytes(data)
        elif isinstance(data, Mapping):
            body = urlencode(list(data.items()))
            content_type = "application/x-www-form-urlencoded"
        else:
            raise fail_type(
                "TestClient.request", "data", "bytes, str, a mapping (a form) or None", data
            )
        headers = client_headers(headers, self._host, body, content_type)
        url = f"{self.base_url}{route_path}?{query}" if query else f"{self.base_url}{route_path}"
        app = self._app
        mounts = app.mounts
        if mounts:
            for prefix, handler in mounts.items():
                if route_path.startswith(prefix):
                    return _mounted(handler, method, route_path, query, headers, body)
        # Positional arguments: each keyword costs the call a name lookup.
        status, invocation, found = app.handle(method, url, route_path, headers, body)
        target = found.target
        if invocation is not None and invocation.exception is None:
            response = invocation.http_response
            if type(response) is _HttpResponse:
                # response_from()'s usual case, without its calls: the function's response.
                return TestResponse(
                    response._status_code,
                    response._body,
                    None,  # the headers, built from the response on first read
                    response,
                    invocation,
                    target.metadata.name,  # type: ignore[attr-defined]
                    found.params,
                )
        name = getattr(getattr(target, "metadata", None), "name", None)
        return response_from(status, invocation, name, found.params, found.allowed)

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        """Send a GET request (see :meth:`request` for the keyword arguments)."""
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> TestResponse:
        """Send a POST request (see :meth:`request`)."""
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> TestResponse:
        """Send a PUT request (see :meth:`request`)."""
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> TestResponse:
        """Send a PATCH request (see :meth:`request`)."""
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> TestResponse:
        """Send a DELETE request (see :meth:`request`)."""
        return self.request("DELETE", path, **kwargs)

    def head(self, path: str, **kwargs: Any) -> TestResponse:
        """Send a HEAD request (see :meth:`request`)."""
        return self.request("HEAD", path, **kwargs)

    def options(self, path: str, **kwargs: Any) -> TestResponse:
        """Send an OPTIONS request (see :meth:`request`)."""
        return self.request("OPTIONS", path, **kwargs)

    def close(self) -> None:
        """Close the app's worker threads; the app restarts them if used again."""
        self._app.close()

    def __enter__(self) -> TestClient:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()


__all__ = ["TestClient", "TestResponse", "response_from"]
