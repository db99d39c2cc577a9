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

from collections.abc import Mapping
from http import HTTPStatus
from types import TracebackType
from typing import TYPE_CHECKING, Any, Optional, Union
from urllib.parse import urlencode, urlsplit

from multidict import CIMultiDict, CIMultiDictProxy

from .._validation import fail_type, fail_value

if TYPE_CHECKING:
    from ..http import HttpResponse
    from .app import App, InvocationResult
    from .invocation import LogEntry

_REASONS = {status.value: status.phrase for status in HTTPStatus}


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
        "content",
        "function_name",
        "headers",
        "invocation",
        "response",
        "route_params",
        "status_code",
    )

    def __init__(
        self,
        status_code: int,
        headers: CIMultiDict[str],
        content: bytes,
        *,
        response: Optional[HttpResponse] = None,
        invocation: Optional[InvocationResult] = None,
        function_name: Optional[str] = None,
        route_params: Optional[dict[str, str]] = None,
    ) -> None:
        self.status_code = status_code
        self.headers: CIMultiDictProxy[str] = CIMultiDictProxy(headers)
        self.content = content
        self.response = response
        self.invocation = invocation
        self.function_name = function_name
        self.route_params = dict(route_params or {})

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
        """The body decoded with the response's charset (undecodable bytes replaced)."""
        try:
            return self.content.decode(self.charset, "replace")
        except LookupError:
            return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body parsed as JSON; ValueError when it is not JSON."""
        import json

        try:
            return json.loads(self.content)
        except ValueError as exc:
            raise ValueError(f"TestResponse.json: the body is not JSON: {exc}") from None

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


def _plain(
    status: int, text: str, extra: Optional[dict[str, str]] = None
) -> tuple[CIMultiDict[str], bytes]:
    content = text.encode("utf-8")
    headers: CIMultiDict[str] = CIMultiDict()
    if content:
        headers["Content-Type"] = "text/plain; charset=utf-8"
    headers.update(extra or {})
    headers["Content-Length"] = str(len(content))
    return headers, content


def response_from(
    status: int,
    invocation: Optional[InvocationResult],
    function_name: Optional[str],
    route_params: Optional[dict[str, str]] = None,
    allowed: tuple[str, ...] = (),
) -> TestResponse:
    """Build the response the host would send for a routed request and its invocation."""
    if invocation is None:
        text = {404: "", 401: "", 405: ""}.get(status, "")
        extra = {"Allow": ", ".join(allowed)} if status == 405 and allowed else None
        headers, content = _plain(status, text, extra)
        return TestResponse(status, headers, content, function_name=function_name)
    if invocation.exception is not None:
        headers, content = _plain(500, "")
        return TestResponse(
            500,
            headers,
            content,
            invocation=invocation,
            function_name=function_name,
            route_params=route_params,
        )
    response = invocation.http_response
    if response is None:
        headers, content = _plain(204, "")
        return TestResponse(
            204,
            headers,
            content,
            invocation=invocation,
            function_name=function_name,
            route_params=route_params,
        )
    headers = CIMultiDict(response.headers)
    content = response.get_body()
    if "Content-Type" not in headers:
        headers["Content-Type"] = f"{response.mimetype}; charset={response.charset}"
    headers["Content-Length"] = str(len(content))
    return TestResponse(
        response.status_code,
        headers,
        content,
        response=response,
        invocation=invocation,
        function_name=function_name,
        route_params=route_params,
    )


class TestClient:
    """Send requests to an app's HTTP functions: ``get``, ``post``, ``put`` ... or ``request``.

    Paths include the route prefix (``/api/items/42?x=1``); a full URL works too. A function
    that raises gives a 500 response whose ``exception`` holds what it raised. The client is
    a context manager; leaving it closes the app's worker threads (the app stays usable).
    """

    __test__ = False  # not a pytest test class
    __slots__ = ("_app", "base_url")

    def __init__(self, app: App, *, base_url: str = "http://localhost:7071") -> None:
        from .app import App

        if not isinstance(app, App):
            raise fail_type("TestClient", "app", "an App from load_app()", app)
        if not isinstance(base_url, str):
            raise fail_type(
                "TestClient", "base_url", "a str like 'http://localhost:7071'", base_url
            )
        self._app = app
        self.base_url = base_url.rstrip("/")

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
        ``application/json``. Raises TypeError/ValueError for malformed arguments.
        """
        if not isinstance(method, str):
            raise fail_type("TestClient.request", "method", "a str such as 'GET'", method)
        if not isinstance(path, str):
            raise fail_type("TestClient.request", "path", "a str such as '/api/hello'", path)
        split = urlsplit(path)
        if not split.path.startswith("/") and not split.scheme:
            raise fail_value("TestClient.request", "path", "a path starting with '/'", path)
        query = split.query
        if params is not None:
            if not isinstance(params, Mapping):
                raise fail_type("TestClient.request", "params", "a mapping or None", params)
            extra = urlencode(list(params.items()))
            query = f"{query}&{extra}" if query else extra
        body: Union[bytes, str, None]
        header_list: list[tuple[str, str]]
        if headers is None:
            header_list = []
        elif isinstance(headers, Mapping):
            header_list = list(headers.items())
        elif isinstance(headers, (list, tuple)):
            header_list = list(headers)
        else:
            raise fail_type(
                "TestClient.request", "headers", "a mapping, a list of pairs, or None", headers
            )
        names = {str(name).lower() for name, _ in header_list if isinstance(name, str)}
        if json is not None:
            if data is not None:
                raise fail_value(
                    "TestClient.request", "json", "None when data is given (pass one body)", json
                )
            import json as json_module

            body = json_module.dumps(json)
            if "content-type" not in names:
                header_list.append(("Content-Type", "application/json"))
        elif isinstance(data, Mapping):
            body = urlencode(list(data.items()))
            if "content-type" not in names:
                header_list.append(("Content-Type", "application/x-www-form-urlencoded"))
        elif data is None or isinstance(data, (bytes, str)):
            body = data
        elif isinstance(data, bytearray):
            body = bytes(data)
        else:
            raise fail_type(
                "TestClient.request", "data", "bytes, str, a mapping (a form) or None", data
            )
        url = f"{self.base_url}{split.path}" + (f"?{query}" if query else "")
        status, invocation, found = self._app.handle(
            method, url, path=split.path, headers=header_list, body=body
        )
        target = found.target
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
