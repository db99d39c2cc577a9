"""The command line: list, http and invoke, their output and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from azure_functions_compat.cli import EXIT_FUNCTION_FAILED, EXIT_OK, EXIT_USAGE, main

from .conftest import HTTP_BINDINGS, write_app

QUEUE = {
    "name": "msg",
    "type": "queueTrigger",
    "direction": "in",
    "queueName": "inbox",
    "dataType": "string",
}


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    return write_app(
        tmp_path / "app",
        {
            "Hello": (
                [
                    {**HTTP_BINDINGS[0], "methods": ["get", "post"], "route": "hi/{name?}"},
                    HTTP_BINDINGS[1],
                ],
                "def main(req):\n    return 'hi ' + req.route_params.get('name', 'you')\n",
            ),
            "Boom": (HTTP_BINDINGS, "def main(req):\n    raise RuntimeError('kaboom')\n"),
            "Copy": (
                [
                    QUEUE,
                    {
                        "name": "src",
                        "type": "blob",
                        "direction": "in",
                        "path": "src/{queueTrigger}",
                    },
                    {
                        "name": "dst",
                        "type": "blob",
                        "direction": "out",
                        "path": "dst/{queueTrigger}",
                    },
                    {"name": "note", "type": "queue", "direction": "out", "queueName": "notes"},
                ],
                "import logging\nimport azure.functions as func\n\n"
                "def main(msg: str, src: bytes, dst: func.Out[bytes], note: func.Out[str]):\n"
                "    logging.info('copying %s', msg)\n"
                "    dst.set(src)\n"
                "    note.set('copied ' + msg)\n",
            ),
            "OnBlob": (
                [
                    {
                        "name": "blob",
                        "type": "blobTrigger",
                        "direction": "in",
                        "path": "uploads/{name}",
                    },
                    {"name": "$return", "type": "queue", "direction": "out", "queueName": "seen"},
                ],
                "def main(blob: bytes):\n    return blob.decode().upper()\n",
            ),
            "Tick": (
                [
                    {
                        "name": "timer",
                        "type": "timerTrigger",
                        "direction": "in",
                        "schedule": "0 * * * * *",
                    },
                    {"name": "$return", "type": "queue", "direction": "out", "queueName": "ticks"},
                ],
                "def main(timer):\n    return 'late' if timer.past_due else 'on time'\n",
            ),
            "Bus": (
                [{"name": "m", "type": "madeUpTrigger", "direction": "in"}],
                "def main(m: dict):\n    pass\n",
            ),
        },
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_list_prints_functions_like_the_host(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    status, out, _ = run(capsys, "list", str(app_dir))
    assert status == EXIT_OK
    assert out.startswith("Functions:\n")
    assert (
        "\tHello: [GET,POST] http://localhost:7071/api/hi/{name?}  (authLevel: anonymous)" in out
    )
    assert "\tCopy: queueTrigger" in out
    assert "\tBus: madeUpTrigger  (trigger not supported by this host)" in out


def test_list_json_gives_name_trigger_route_methods_script_and_entry_point(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    status, out, _ = run(capsys, "list", str(app_dir), "--json")
    rows = {row["name"]: row for row in json.loads(out)}
    assert status == EXIT_OK
    assert {
        key: rows["Hello"][key]
        for key in ("trigger", "route", "methods", "script_file", "entry_point")
    } == {
        "trigger": "httpTrigger",
        "route": "api/hi/{name?}",
        "methods": ["GET", "POST"],
        "script_file": "Hello/__init__.py",
        "entry_point": "main",
    }
    assert (rows["Boom"]["methods"], rows["Copy"]["route"]) == (None, None)


def test_http_prints_status_headers_and_body(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    status, out, _ = run(capsys, "http", str(app_dir), "GET", "/api/hi/Ada")
    assert status == EXIT_OK
    assert out.splitlines() == [
        "HTTP/1.1 200 OK",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Length: 6",
        "",
        "hi Ada",
    ]


@pytest.mark.parametrize(
    ("method", "path", "expected"), [("GET", "/api/nowhere", 404), ("PUT", "/api/hi", 405)]
)
def test_http_unknown_route_and_wrong_method_answer_with_exit_status_0(
    capsys: pytest.CaptureFixture[str], app_dir: Path, method: str, path: str, expected: int
) -> None:
    status, out, _ = run(capsys, "http", str(app_dir), method, path, "--json")
    assert status == EXIT_OK
    assert json.loads(out)["status"] == expected


def test_http_a_raising_function_exits_1_with_its_traceback(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    status, out, err = run(capsys, "http", str(app_dir), "GET", "/api/Boom")
    assert status == EXIT_FUNCTION_FAILED
    assert out.startswith("HTTP/1.1 500 Internal Server Error")
    assert "Traceback (most recent call last):" in err
    assert "RuntimeError: kaboom" in err
    assert "azure_functions_compat" not in err


def test_http_body_from_a_file_and_headers(
    capsys: pytest.CaptureFixture[str], app_dir: Path, tmp_path: Path
) -> None:
    body = tmp_path / "body.txt"
    body.write_text("from a file")
    status, out, _ = run(
        capsys,
        "http",
        str(app_dir),
        "POST",
        "/api/hi/x",
        "-H",
        "X-A: 1",
        "-d",
        f"@{body}",
        "--json",
    )
    assert status == EXIT_OK
    assert json.loads(out)["body"] == "hi x"


def test_invoke_json_gives_return_outputs_logs_and_id(
    capsys: pytest.CaptureFixture[str], app_dir: Path, tmp_path: Path
) -> None:
    source = tmp_path / "source.bin"
    source.write_bytes(b"payload")
    status, out, _ = run(
        capsys,
        "invoke",
        str(app_dir),
        "Copy",
        "--data",
        "a.txt",
        "--blob",
        f"src/a.txt=@{source}",
        "--json",
    )
    printed = json.loads(out)
    assert status == EXIT_OK
    assert printed["return"] is None
    assert printed["outputs"] == {"dst": "payload", "note": "copied a.txt"}
    assert printed["logs"] == [{"level": "INFO", "message": "copying a.txt"}]
    assert len(printed["invocation_id"]) == 36


def test_invoke_blob_trigger_takes_the_blob_named_by_blob(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    status, out, _ = run(
        capsys, "invoke", str(app_dir), "OnBlob", "--blob", "uploads/x.txt=hello", "--json"
    )
    assert status == EXIT_OK
    assert json.loads(out)["return"] == "HELLO"


@pytest.mark.parametrize(("data", "expected"), [('{"past_due": true}', "late"), (None, "on time")])
def test_invoke_timer_takes_json(
    capsys: pytest.CaptureFixture[str], app_dir: Path, data: Any, expected: str
) -> None:
    extra = [] if data is None else ["--data", data]
    status, out, _ = run(capsys, "invoke", str(app_dir), "Tick", *extra)
    assert (status, out) == (EXIT_OK, f"{expected}\n")


def test_invoke_a_payload_the_trigger_refuses_exits_1_with_one_line(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    status, out, err = run(capsys, "invoke", str(app_dir), "Tick", "--data", "{not json")
    assert (status, out) == (EXIT_FUNCTION_FAILED, "")
    assert err.startswith("error: Tick/function.json: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["invoke", "{app}", "Nope"], "error: the app has no function 'Nope'"),
        (["invoke", "{app}", "Bus"], "error: function 'Bus': the host cannot run 'madeUpTrigger'"),
        (["http", "{app}", "GET", "/x", "-H", "no colon"], "error: -H 'no colon': expected"),
        (["invoke", "{app}", "Copy", "--blob", "novalue"], "error: --blob 'novalue': expected"),
        (["invoke", "{app}", "Copy", "--blob", "BAD/x=1"], "error: --blob 'BAD/x': blob path"),
        (["invoke", "{app}", "Copy", "--data", "@/no/such/file"], "error: --data: cannot read"),
        (["list", "{missing}"], "is not a folder"),
    ],
)
def test_usage_and_lookup_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], app_dir: Path, args: list[str], message: str
) -> None:
    filled = [arg.format(app=app_dir, missing=app_dir / "missing") for arg in args]
    status, _, err = run(capsys, *filled)
    assert status == EXIT_USAGE
    assert message in err
    assert err.count("\n") == 1


def test_a_broken_app_exits_2_with_one_line_naming_file_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = write_app(tmp_path / "broken", {"Fn": ([{"name": "req", "direction": "in"}], None)})
    status, _, err = run(capsys, "list", str(root), "--strict")
    assert status == EXIT_USAGE
    assert (
        err == "error: Fn/function.json: bindings[0].type is missing (every binding needs "
        "name, type, direction)\n"
    )


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main([])
    assert caught.value.code == EXIT_USAGE


def test_python_dash_m_runs_the_command_line(app_dir: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "azure_functions_compat", "http", str(app_dir), "GET", "/api/Boom"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == EXIT_FUNCTION_FAILED
    assert completed.stderr.splitlines()[-1] == "RuntimeError: kaboom"


def test_storage_folder_keeps_blobs_between_runs(
    capsys: pytest.CaptureFixture[str], app_dir: Path, tmp_path: Path
) -> None:
    store = str(tmp_path / "store")
    status, _, _ = run(
        capsys,
        "invoke",
        str(app_dir),
        "Copy",
        "--data",
        "a.txt",
        "--blob",
        "src/a.txt=kept",
        "--storage",
        store,
    )
    assert status == EXIT_OK
    status, out, _ = run(
        capsys,
        "invoke",
        str(app_dir),
        "OnBlob",
        "--storage",
        store,
        "--blob",
        "uploads/x.txt=again",
        "--json",
    )
    assert status == EXIT_OK
    assert (tmp_path / "store" / "blobs" / "dst" / "a.txt").read_bytes() == b"kept"
    assert (tmp_path / "store" / "queues" / "notes").is_dir()
    assert json.loads(out)["return"] == "AGAIN"


def test_list_marks_an_unknown_trigger_supported_when_its_parameter_takes_raw_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The worker's generic binding hands a str, bytes or unannotated parameter the raw data,
    # so invoke runs such a function: list must not call it unsupported.
    root = write_app(
        tmp_path / "app",
        {
            "Raw": (
                [{"name": "m", "type": "madeUpTrigger", "direction": "in"}],
                "def main(m):\n    pass\n",
            ),
            "Typed": (
                [{"name": "m", "type": "madeUpTrigger", "direction": "in"}],
                "def main(m: dict):\n    pass\n",
            ),
        },
    )
    status, out, _ = run(capsys, "list", str(root))
    assert status == EXIT_OK
    assert "\tRaw: madeUpTrigger\n" in out
    assert "\tTyped: madeUpTrigger  (trigger not supported by this host)" in out
    assert main(["invoke", str(root), "Raw", "--data", "hi"]) == EXIT_OK
