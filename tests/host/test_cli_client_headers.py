"""The ``http`` command sends the headers a real HTTP client sends (curl, a browser): Host,
and with a body its Content-Length and a Content-Type for JSON or a form; typed ones win."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import pytest

from azure_functions_compat.cli import EXIT_OK, EXIT_USAGE, main

from .conftest import HTTP_BINDINGS, write_app

ECHO = """
import json

def main(req):
    return json.dumps({
        "url": req.url,
        "headers": dict(req.headers),
        "form": dict(req.form) if req.form else None,
    })
"""


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    bindings = [{**HTTP_BINDINGS[0], "methods": ["get", "post", "put"]}, HTTP_BINDINGS[1]]
    return write_app(tmp_path / "app", {"Echo": (bindings, ECHO)})


def seen(capsys: pytest.CaptureFixture[str], app_dir: Path, *args: str) -> dict[str, Any]:
    """What the function saw of the request the command sent."""
    method, path, *rest = args
    status = main(["http", str(app_dir), method, path, *rest, "--json"])
    out = capsys.readouterr().out
    assert status == EXIT_OK, out
    result: dict[str, Any] = json.loads(json.loads(out)["body"])
    return result


def test_a_get_carries_the_host_of_the_local_host(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    request = seen(capsys, app_dir, "GET", "/api/Echo")
    assert request["headers"] == {"host": "localhost:7071"}
    assert request["url"] == "http://localhost:7071/api/Echo"


@pytest.mark.parametrize(
    ("body", "content_type", "form"),
    [
        ('{"name": "Ada"}', "application/json", None),
        ("  [1, 2]\n", "application/json", None),
        ("name=Ada&lang=en", "application/x-www-form-urlencoded", {"name": "Ada", "lang": "en"}),
        ("name=", "application/x-www-form-urlencoded", {"name": ""}),
        ("plain words", None, None),
        ("{not json", None, None),
        ("42", None, None),
        ("", None, None),
    ],
)
def test_a_body_carries_its_length_and_a_type_when_it_is_json_or_a_form(
    capsys: pytest.CaptureFixture[str],
    app_dir: Path,
    body: str,
    content_type: Optional[str],
    form: Optional[dict[str, str]],
) -> None:
    request = seen(capsys, app_dir, "POST", "/api/Echo", "-d", body)
    headers = request["headers"]
    assert headers["content-length"] == str(len(body.encode()))
    assert headers.get("content-type") == content_type
    assert request["form"] == form


def test_a_body_from_a_file_is_typed_the_same_way(
    capsys: pytest.CaptureFixture[str], app_dir: Path, tmp_path: Path
) -> None:
    body = tmp_path / "order.json"
    body.write_bytes(b'{"id": 7}\n')
    headers = seen(capsys, app_dir, "PUT", "/api/Echo", "-d", f"@{body}")["headers"]
    assert (headers["content-type"], headers["content-length"]) == ("application/json", "10")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Content-Type: text/plain", {"content-type": "text/plain", "content-length": "7"}),
        ("content-length: 3", {"content-length": "3", "content-type": "application/json"}),
        ("Host: api.example.com", {"host": "api.example.com"}),
    ],
)
def test_a_typed_header_wins_over_the_one_the_command_would_send(
    capsys: pytest.CaptureFixture[str], app_dir: Path, typed: str, expected: dict[str, str]
) -> None:
    headers = seen(capsys, app_dir, "POST", "/api/Echo", "-H", typed, "-d", '{"a":1}')["headers"]
    for name, value in expected.items():
        assert headers[name] == value
    assert len(headers) == 3  # nothing sent twice


def test_a_url_names_the_host_and_the_url_the_function_sees(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    request = seen(capsys, app_dir, "GET", "https://fn.example.net:8443/api/Echo?x=1")
    assert request["headers"]["host"] == "fn.example.net:8443"
    assert request["url"] == "https://fn.example.net:8443/api/Echo?x=1"


def test_a_typed_host_is_the_host_of_the_url_the_function_sees(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    request = seen(capsys, app_dir, "GET", "/api/Echo", "-H", "Host: contoso.com")
    assert request["url"] == "http://contoso.com/api/Echo"


@pytest.mark.parametrize("host", ["a b", ""])
def test_a_host_header_that_is_no_host_name_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], app_dir: Path, host: str
) -> None:
    status = main(["http", str(app_dir), "GET", "/api/Echo", "-H", f"Host: {host}"])
    err = capsys.readouterr().err
    assert status == EXIT_USAGE
    assert err.startswith("error: -H: Host must be a host name")
    assert err.count("\n") == 1
