"""What the command line prints with --json, and its exit status when the host refuses a call."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from azure_functions_compat.cli import EXIT_FUNCTION_FAILED, EXIT_OK, main

from .conftest import HTTP_BINDINGS, write_app

BYTES_SOURCE = """
import azure.functions as func

def main(req):
    return func.HttpResponse(req.get_body(), mimetype="application/octet-stream")
"""
TIMER = [{"name": "timer", "type": "timerTrigger", "direction": "in", "schedule": "0 * * * * *"}]


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    return write_app(
        tmp_path / "app",
        {
            "Echo": (HTTP_BINDINGS, BYTES_SOURCE),
            "Tick": (TIMER, "def main(timer):\n    return 'ran'\n"),
        },
    )


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_http_json_adds_body_base64_when_the_body_is_not_text(
    capsys: pytest.CaptureFixture[str], app_dir: Path, tmp_path: Path
) -> None:
    body = tmp_path / "body.bin"
    body.write_bytes(b"\xff\x00ok")
    status, out, _ = _run(
        capsys, "http", str(app_dir), "POST", "/api/Echo", "-d", f"@{body}", "--json"
    )
    printed = json.loads(out)
    assert status == EXIT_OK
    assert printed["body"] == "\ufffd\x00ok"
    assert base64.b64decode(printed["body_base64"]) == b"\xff\x00ok"


def test_http_json_has_no_body_base64_for_a_text_body(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    status, out, _ = _run(capsys, "http", str(app_dir), "POST", "/api/Echo", "-d", "é", "--json")
    printed = json.loads(out)
    assert (status, printed["body"]) == (EXIT_OK, "é")
    assert "body_base64" not in printed


def test_invoke_json_of_a_refused_payload_exits_1_with_an_error_key(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    status, out, err = _run(capsys, "invoke", str(app_dir), "Tick", "--data", "[[", "--json")
    assert status == EXIT_FUNCTION_FAILED
    assert json.loads(out)["error"].startswith("BindingError: Tick/function.json: ")
    assert err.startswith("error: Tick/function.json: binding 'timer': a timer payload")
    assert err.count("\n") == 1
