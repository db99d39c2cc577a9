"""The test client: HTTP-style requests routed to functions, responses with outputs and logs."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from azure_functions_compat.host import App, TestClient

from .conftest import HTTP_BINDINGS

ECHO = """
import json
import azure.functions as func

def main(req: func.HttpRequest) -> func.HttpResponse:
    return func.HttpResponse(
        json.dumps({
            "method": req.method,
            "url": req.url,
            "params": dict(req.params),
            "route": dict(req.route_params),
            "headers": {k.lower(): v for k, v in req.headers.items()},
            "body": req.get_body().decode(),
        }),
        mimetype="application/json",
    )
"""


def _echo_app(make_app: Callable[..., App], **trigger: Any) -> App:
    return make_app({"Echo": ([{**HTTP_BINDINGS[0], **trigger}, HTTP_BINDINGS[1]], ECHO)})


def test_get_passes_method_url_query_and_headers(make_app: Callable[..., App]) -> None:
    app = _echo_app(make_app, route="items/{id:int}")
    with app.test_client() as client:
        response = client.get("/api/items/42?x=1", headers={"X-Trace": "abc"})
    echoed = response.json()
    assert response.status_code == 200
    assert echoed["method"] == "GET"
    assert echoed["url"] == "http://localhost:7071/api/items/42?x=1"
    assert echoed["params"] == {"x": "1"}
    assert echoed["route"] == {"id": "42"}
    assert echoed["headers"]["x-trace"] == "abc"
    assert response.route_params == {"id": "42"}
    assert response.function_name == "Echo"


def test_post_json_sends_a_json_body_with_its_content_type(make_app: Callable[..., App]) -> None:
    app = _echo_app(make_app)
    with app.test_client() as client:
        echoed = client.post("/api/Echo", json={"name": "Ada"}).json()
    assert echoed["body"] == '{"name": "Ada"}'
    assert echoed["headers"]["content-type"] == "application/json"


def test_post_data_mapping_sends_an_urlencoded_form(make_app: Callable[..., App]) -> None:
    app = _echo_app(make_app)
    with app.test_client() as client:
        echoed = client.post("/api/Echo", data={"a": "1", "b": "x y"}).json()
    assert echoed["body"] == "a=1&b=x+y"
    assert echoed["headers"]["content-type"] == "application/x-www-form-urlencoded"


def test_params_are_added_to_the_query_string(make_app: Callable[..., App]) -> None:
    app = _echo_app(make_app)
    with app.test_client() as client:
        echoed = client.get("/api/Echo?a=1", params={"b": "2"}).json()
    assert echoed["params"] == {"a": "1", "b": "2"}


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options", "head"])
def test_each_method_helper_sends_its_method(make_app: Callable[..., App], method: str) -> None:
    app = _echo_app(make_app)
    with app.test_client() as client:
        response = getattr(client, method)("/api/Echo")
    assert response.status_code == 200
    if method != "head":
        assert response.json()["method"] == method.upper()


def test_an_unknown_route_is_404(make_app: Callable[..., App]) -> None:
    app = _echo_app(make_app)
    with app.test_client() as client:
        response = client.get("/api/nowhere")
    assert (response.status_code, response.invocation_id, response.content) == (404, None, b"")


def test_a_method_outside_methods_is_405_with_allow(make_app: Callable[..., App]) -> None:
    app = _echo_app(make_app, methods=["get", "post"])
    with app.test_client() as client:
        response = client.delete("/api/Echo")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"


def test_a_route_constraint_that_fails_is_404(make_app: Callable[..., App]) -> None:
    app = _echo_app(make_app, route="items/{id:int}")
    with app.test_client() as client:
        assert client.get("/api/items/abc").status_code == 404


def test_a_str_return_value_becomes_a_200_text_response(make_app: Callable[..., App]) -> None:
    app = make_app({"Text": (HTTP_BINDINGS, "def main(req):\n    return 'plain'\n")})
    with app.test_client() as client:
        response = client.get("/api/Text")
    assert (response.status_code, response.text) == (200, "plain")
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["Content-Length"] == "5"


def test_no_http_output_gives_204(make_app: Callable[..., App]) -> None:
    app = make_app({"Quiet": ([HTTP_BINDINGS[0]], "def main(req):\n    pass\n")})
    with app.test_client() as client:
        assert client.get("/api/Quiet").status_code == 204


def test_a_named_http_output_binding_gives_the_response(make_app: Callable[..., App]) -> None:
    bindings = [HTTP_BINDINGS[0], {"name": "res", "type": "http", "direction": "out"}]
    source = """
        import azure.functions as func

        def main(req, res: func.Out[func.HttpResponse]):
            res.set(func.HttpResponse("via out", status_code=201))
    """
    app = make_app({"Out": (bindings, source)})
    with app.test_client() as client:
        response = client.get("/api/Out")
    assert (response.status_code, response.text) == (201, "via out")
    assert response.outputs == {}


def test_response_headers_keep_repeated_values(make_app: Callable[..., App]) -> None:
    source = """
        import azure.functions as func

        def main(req):
            response = func.HttpResponse("x")
            response.headers.add("Set-Cookie", "a=1")
            response.headers.add("Set-Cookie", "b=2")
            return response
    """
    app = make_app({"Cookies": (HTTP_BINDINGS, source)})
    with app.test_client() as client:
        response = client.get("/api/Cookies")
    assert response.headers.getall("Set-Cookie") == ["a=1", "b=2"]


def test_a_raising_function_gives_500_and_keeps_the_exception(
    make_app: Callable[..., App],
) -> None:
    app = make_app({"Boom": (HTTP_BINDINGS, "def main(req):\n    raise RuntimeError('boom')\n")})
    with app.test_client() as client:
        response = client.get("/api/Boom")
    assert response.status_code == 500
    assert isinstance(response.exception, RuntimeError)
    with pytest.raises(RuntimeError, match="boom"):
        response.raise_for_exception()


def test_json_of_a_non_json_body_is_a_value_error(make_app: Callable[..., App]) -> None:
    app = make_app({"Text": (HTTP_BINDINGS, "def main(req):\n    return 'plain'\n")})
    with app.test_client() as client, pytest.raises(ValueError, match="is not valid JSON"):
        client.get("/api/Text").json()


KEYED = [
    {"name": "req", "type": "httpTrigger", "direction": "in", "authLevel": "function"},
    HTTP_BINDINGS[1],
]
ADMIN = [
    {"name": "req", "type": "httpTrigger", "direction": "in", "authLevel": "admin"},
    HTTP_BINDINGS[1],
]


def test_auth_level_is_recorded_but_not_enforced_by_default(
    make_app: Callable[..., App],
) -> None:
    app = make_app({"Keyed": (KEYED, "def main(req):\n    return 'in'\n")})
    assert app.functions["Keyed"].auth_level == "function"
    assert not app.enforces_keys
    with app.test_client() as client:
        assert client.get("/api/Keyed").status_code == 200


@pytest.mark.parametrize(
    ("function", "path", "headers", "status"),
    [
        ("Keyed", "/api/Keyed", {}, 401),
        ("Keyed", "/api/Keyed?code=wrong", {}, 401),
        ("Keyed", "/api/Keyed?code=fkey", {}, 200),
        ("Keyed", "/api/Keyed", {"x-functions-key": "fkey"}, 200),
        ("Keyed", "/api/Keyed?code=mkey", {}, 200),
        ("Admin", "/api/Admin?code=fkey", {}, 401),
        ("Admin", "/api/Admin?code=mkey", {}, 200),
        ("Open", "/api/Open", {}, 200),
    ],
)
def test_keys_are_enforced_when_given(
    make_app: Callable[..., App], function: str, path: str, headers: dict[str, str], status: int
) -> None:
    app = make_app(
        {
            "Keyed": (KEYED, "def main(req):\n    return 'in'\n"),
            "Admin": (ADMIN, "def main(req):\n    return 'in'\n"),
            "Open": (HTTP_BINDINGS, "def main(req):\n    return 'in'\n"),
        },
        function_keys=["fkey"],
        master_key="mkey",
    )
    with app.test_client() as client:
        assert client.get(path, headers=headers).status_code == status


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"path": 5}, TypeError),
        ({"path": "api/no-slash"}, ValueError),
        ({"path": "/api/x", "params": ["a"]}, TypeError),
        ({"path": "/api/x", "data": 5}, TypeError),
        ({"path": "/api/x", "data": b"x", "json": {}}, ValueError),
        ({"path": "/api/x", "headers": {"Bad Name": "v"}}, ValueError),
        ({"path": "/api/x", "headers": {"X": "a\r\nb"}}, ValueError),
    ],
)
def test_request_rejects_malformed_arguments(
    make_app: Callable[..., App], kwargs: dict[str, Any], error: type[Exception]
) -> None:
    app = _echo_app(make_app, route="x")
    with app.test_client() as client, pytest.raises(error):
        client.request("GET", **kwargs)


def test_test_client_needs_an_app() -> None:
    with pytest.raises(TypeError, match="TestClient: app"):
        TestClient(object())  # type: ignore[arg-type]


@pytest.mark.parametrize("charset", ["idna", "punycode", "base64", "no-such-codec"])
def test_text_of_a_body_whose_charset_is_not_a_text_encoding_falls_back_to_utf8(
    make_app: Callable[..., App], charset: str
) -> None:
    # The function names the charset in its own Content-Type header, which HttpResponse
    # cannot check: reading the answer must still work.
    script = (
        "import azure.functions as func\n"
        "def main(req):\n"
        f"    return func.HttpResponse(b'\\xc3\\xa9\\x80', headers={{'Content-Type':"
        f" 'text/plain; charset={charset}'}})\n"
    )
    app = make_app({"Odd": (HTTP_BINDINGS, script)})
    with app.test_client() as client:
        response = client.get("/api/Odd")
    assert response.status_code == 200
    assert response.text == "é\ufffd"


def test_post_json_that_nests_too_deeply_is_a_value_error(make_app: Callable[..., App]) -> None:
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    app = _echo_app(make_app)
    with app.test_client() as client, pytest.raises(ValueError, match="json must be"):
        client.post("/api/Echo", json=deep)


def test_response_and_handle_take_their_arguments_by_position_or_name(
    make_app: Callable[..., App],
) -> None:
    from azure_functions_compat.host.testclient import TestResponse

    by_position = TestResponse(201, b"made", None, None, None, "Make", {"id": "7"})
    by_name = TestResponse(201, b"made", function_name="Make", route_params={"id": "7"})
    for response in (by_position, by_name):
        assert (response.status_code, response.content) == (201, b"made")
        assert (response.function_name, response.route_params) == ("Make", {"id": "7"})
        assert response.headers["Content-Length"] == "4"
    app = _echo_app(make_app, route="items/{id}")
    url = "http://localhost/api/items/3?x=1"
    positional = app.handle("POST", url, "/api/items/3", {"a": "b"}, b"hi")
    named = app.handle("POST", url, path="/api/items/3", headers={"a": "b"}, body=b"hi")
    for status, invocation, found in (positional, named):
        assert status == 200
        assert invocation is not None
        assert invocation.http_response is not None
        assert found.params == {"id": "3"}
        echoed = invocation.http_response.get_body()
        assert b'"body": "hi"' in echoed
        assert b'"a": "b"' in echoed


# What a real HTTP client sends besides the headers given: Host, and with a body its length.
@pytest.mark.parametrize(
    ("call", "expected"),
    [
        pytest.param({"method": "GET"}, {"host": "localhost:7071"}, id="get"),
        pytest.param(
            {"method": "POST", "data": b"hello"},
            {"host": "localhost:7071", "content-length": "5"},
            id="bytes",
        ),
        pytest.param(
            {"method": "POST", "data": "é"},
            {"host": "localhost:7071", "content-length": "2"},
            id="str-utf8",
        ),
        pytest.param(
            {"method": "POST", "data": b""},
            {"host": "localhost:7071", "content-length": "0"},
            id="empty",
        ),
        pytest.param(
            {"method": "POST", "json": {"a": 1}},
            {"host": "localhost:7071", "content-length": "8", "content-type": "application/json"},
            id="json",
        ),
        pytest.param(
            {"method": "POST", "data": {"name": "Ada"}},
            {
                "host": "localhost:7071",
                "content-length": "8",
                "content-type": "application/x-www-form-urlencoded",
            },
            id="form",
        ),
        pytest.param(
            {
                "method": "POST",
                "json": [1],
                "headers": {"HOST": "api.example.com", "Content-Length": "99"},
            },
            {
                "host": "api.example.com",
                "content-length": "99",
                "content-type": "application/json",
            },
            id="given-win",
        ),
        pytest.param(
            {"method": "POST", "data": b"x", "headers": [("Transfer-Encoding", "chunked")]},
            {"host": "localhost:7071", "transfer-encoding": "chunked"},
            id="chunked",
        ),
    ],
)
def test_the_client_sends_host_and_content_length_as_a_real_client(
    make_app: Callable[..., App], call: dict[str, Any], expected: dict[str, str]
) -> None:
    app = _echo_app(make_app, methods=["get", "post"])
    with app.test_client() as client:
        echoed = client.request(path="/api/Echo", **call).json()
    assert echoed["headers"] == expected


def test_the_host_is_that_of_the_base_url(make_app: Callable[..., App]) -> None:
    app = _echo_app(make_app)
    with app.test_client(base_url="https://user@fn.example.net:8443/") as client:
        echoed = client.get("/api/Echo").json()
    assert echoed["headers"] == {"host": "fn.example.net:8443"}
