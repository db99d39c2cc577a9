"""The test client and the http_request fixture build requests alike and refuse alike."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Callable

import pytest

import azure_functions_compat as func
from azure_functions_compat.host import App, TestClient

from .conftest import HTTP_BINDINGS

ECHO = """
import json

def main(req):
    return json.dumps({
        "url": req.url,
        "content_types": req.headers.getall("Content-Type", []),
        "body": req.get_body().decode(),
    })
"""


@pytest.fixture
def client(make_app: Callable[..., App]) -> Iterator[TestClient]:
    bindings = [{**HTTP_BINDINGS[0], "route": "echo/{*rest}"}, HTTP_BINDINGS[1]]
    app = make_app({"Echo": (bindings, ECHO)})
    with app.test_client() as test_client:
        yield test_client


@pytest.mark.parametrize(
    "path",
    [
        "/api/echo/x\r\nEvil: 1",
        "/api/echo/x\nEvil: 1",
        "/api/echo/a b",
        "/api/echo/x\t",
        "/api/echo/x\x00",
        "/api/echo/x\x7f",
        "/api/echo/x\x85",
        "/api/echo/x\u2028",
        "http://localhost/api/echo/a b",
        "/api/echo/x?q=a b",
    ],
)
def test_client_refuses_whitespace_and_control_characters_in_the_path(
    client: TestClient, path: str
) -> None:
    with pytest.raises(ValueError, match=r"^TestClient\.request: path must be a path or URL"):
        client.get(path)


@pytest.mark.parametrize(
    "path",
    [
        "/api/echo/a%20b",
        "/api/echo/caf\u00e9",
        # Not printable, but neither whitespace nor a control character: a format character
        # (zero-width space, soft hyphen) and a private-use one pass as other non-ASCII do.
        "/api/echo/x\u200b",
        "/api/echo/x\u00ad",
        "/api/echo/x\ue000",
    ],
)
def test_client_accepts_percent_encoded_and_non_ascii_paths(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


def test_client_refuses_a_base_url_with_a_line_break(client: TestClient) -> None:
    with pytest.raises(ValueError, match=r"^TestClient: base_url must be"):
        TestClient(client.app, base_url="http://localhost\r\nX: 1")


def test_client_json_that_json_cannot_hold_is_a_type_error_naming_the_parameter(
    client: TestClient,
) -> None:
    with pytest.raises(TypeError, match=r"^TestClient\.request: json must be a JSON-ser"):
        client.post("/api/echo/x", json=object())


@pytest.mark.parametrize("value", [float("nan"), [float("inf")]])
def test_client_json_with_nan_or_infinity_is_a_value_error(client: TestClient, value: Any) -> None:
    with pytest.raises(ValueError, match=r"^TestClient\.request: json must be a JSON-ser"):
        client.post("/api/echo/x", json=value)


@pytest.mark.parametrize("value", [float("nan"), {1j}])
def test_fixture_and_client_refuse_the_same_json_with_the_same_exception(
    client: TestClient, http_request: Callable[..., func.HttpRequest], value: Any
) -> None:
    with pytest.raises((TypeError, ValueError)) as from_client:
        client.post("/api/echo/x", json=value)
    with pytest.raises((TypeError, ValueError)) as from_fixture:
        http_request(json=value)
    assert type(from_client.value) is type(from_fixture.value)
    assert str(from_client.value).split(": ", 1)[1] == str(from_fixture.value).split(": ", 1)[1]


def test_client_json_keeps_a_content_type_given_as_pairs(client: TestClient) -> None:
    response = client.post(
        "/api/echo/x", json={"a": 1}, headers=[("content-type", "application/vnd.x+json")]
    )
    assert response.json()["content_types"] == ["application/vnd.x+json"]


def test_client_json_sets_one_content_type(client: TestClient) -> None:
    response = client.post("/api/echo/x", json={"a": 1}, headers={"X-A": "1"})
    assert response.json()["content_types"] == ["application/json"]
    assert response.json()["body"] == '{"a": 1}'


@pytest.mark.parametrize("headers", [[["Content-Type", "text/json"]], 5])
def test_fixture_and_client_leave_malformed_headers_to_http_request(
    client: TestClient, http_request: Callable[..., func.HttpRequest], headers: Any
) -> None:
    with pytest.raises(TypeError, match=r"^HttpRequest: headers must be"):
        client.post("/api/echo/x", json={}, headers=headers)
    with pytest.raises(TypeError, match=r"^HttpRequest: headers must be"):
        http_request(json={}, headers=headers)
