"""The command line as a newcomer meets it: what it prints, what it refuses, how it exits."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

from azure_functions_compat.cli import (
    EXIT_FUNCTION_FAILED,
    EXIT_HTTP_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    main,
)

from .conftest import HTTP_BINDINGS, write_app

QUEUE_TRIGGER = {
    "name": "msg",
    "type": "queueTrigger",
    "direction": "in",
    "queueName": "inbox",
    "dataType": "string",
}
NOTE = {"name": "note", "type": "queue", "direction": "out", "queueName": "notes"}
# An output type no converter stores: the host records the value as the function set it.
CUSTOM = {"name": "custom", "type": "madeUpOutput", "direction": "out"}

ECHO = """
import azure.functions as func

def main(req):
    return func.HttpResponse(req.get_body(), mimetype="application/octet-stream")
"""
NOISY = """
import logging
import azure.functions as func

def main(req, note: func.Out[str]):
    print("printed by the function")
    logging.info("logged by the function")
    note.set("hello")
    return func.HttpResponse("body text", status_code=int(req.params.get("status", "200")))
"""
TYPED_OUTPUTS = """
import azure.functions as func

def main(msg: str, custom: func.Out[object]) -> str:
    custom.set({"items": [1, 2], "text": msg})
    return "returned " + msg
"""
SURROGATE = """
import azure.functions as func

def main(msg: str, custom: func.Out[str]) -> None:
    custom.set("broken \\udc80 text")
"""


def _trigger(kind: str) -> dict[str, str]:
    return {"name": "event", "type": kind, "direction": "in"}


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    return write_app(
        tmp_path / "app",
        {
            "Echo": (HTTP_BINDINGS, ECHO),
            "Noisy": ([*HTTP_BINDINGS, NOTE], NOISY),
            "Typed": (
                [QUEUE_TRIGGER, CUSTOM, {**NOTE, "name": "$return"}],
                TYPED_OUTPUTS,
            ),
            "Odd": ([QUEUE_TRIGGER, {**CUSTOM, "dataType": "string"}], SURROGATE),
            "Bus": (
                [{**_trigger("serviceBusTrigger"), "queueName": "orders"}],
                "def main(event):\n    pass\n",
            ),
            "Hub": (
                [{**_trigger("eventHubTrigger"), "eventHubName": "hub"}],
                "def main(event):\n    pass\n",
            ),
            "Grid": ([_trigger("eventGridTrigger")], "def main(event):\n    pass\n"),
        },
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# --- raw bytes and lone surrogates --------------------------------------------------------


def test_raw_non_utf8_bytes_in_data_reach_the_function_unchanged(
    app_dir: Path, tmp_path: Path
) -> None:
    # Python keeps argv bytes that do not decode as lone surrogates; they go back as bytes.
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "azure_functions_compat",
            "http",
            str(app_dir),
            "POST",
            "/api/Echo",
            "-d",
            b"\xff\xferaw",
            "--json",
        ],
        capture_output=True,
        timeout=60,
    )
    assert completed.returncode == EXIT_OK, completed.stderr
    assert base64.b64decode(json.loads(completed.stdout)["body_base64"]) == b"\xff\xferaw"


@pytest.mark.parametrize("option", ["--data", "--blob"])
def test_undecodable_argument_bytes_are_taken_as_bytes_by_invoke(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str
) -> None:
    root = write_app(
        tmp_path / "blobs",
        {
            "Size": (
                [
                    {**QUEUE_TRIGGER, "dataType": "binary"},
                    {"name": "src", "type": "blob", "direction": "in", "path": "src/one.bin"},
                ],
                "def main(msg: bytes, src: bytes) -> None:\n"
                "    import logging\n"
                "    logging.info('%r %r', msg, src)\n",
            )
        },
    )
    raw = "\udcff\udcfe"  # what Python makes of the argv bytes ff fe
    extra = ["--data", raw, "--blob", "src/one.bin=x"]
    if option == "--blob":
        extra = ["--data", "m", "--blob", f"src/one.bin={raw}"]
    status, out, err = run(capsys, "invoke", str(root), "Size", *extra, "--json")
    assert status == EXIT_OK, err
    message = json.loads(out)["logs"][0]["message"]
    assert ("b'\\xff\\xfe' b'x'" if option == "--data" else "b'm' b'\\xff\\xfe'") == message


def test_a_lone_surrogate_that_no_bytes_made_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    status, out, err = run(capsys, "http", str(app_dir), "POST", "/api/Echo", "-d", "\ud800")
    assert (status, out) == (EXIT_USAGE, "")
    assert err.startswith("error: -d: ")
    assert err.count("\n") == 1


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "plain"])
def test_an_output_holding_a_lone_surrogate_prints_without_a_traceback(
    capsys: pytest.CaptureFixture[str], app_dir: Path, as_json: bool
) -> None:
    extra = ["--json"] if as_json else []
    status, out, err = run(capsys, "invoke", str(app_dir), "Odd", "--data", "m", *extra)
    assert status == EXIT_OK
    assert "Traceback" not in err
    if as_json:
        assert json.loads(out)["outputs"] == {"custom": "broken \udc80 text"}
    else:
        assert "[output custom] broken \\udc80 text" in err


def test_a_queue_output_holding_a_lone_surrogate_is_one_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = "def main(msg: str, note):\n    note.set('bad \\udc80')\n"
    root = write_app(tmp_path / "q", {"Q": ([QUEUE_TRIGGER, NOTE], source)})
    status, _, err = run(capsys, "invoke", str(root), "Q", "--data", "m")
    assert status == EXIT_FUNCTION_FAILED
    assert err == (
        "error: Q/function.json: queue output 'note' holds text that cannot be encoded as"
        " utf-8 (surrogates not allowed at position 4)\n"
    )


# --- outputs ------------------------------------------------------------------------------


def test_invoke_json_shows_outputs_as_json_values(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    status, out, _ = run(capsys, "invoke", str(app_dir), "Typed", "--data", "a", "--json")
    printed = json.loads(out)
    assert status == EXIT_OK
    # "return" is the function's value; outputs["$return"] what its binding wrote.
    assert printed["return"] == "returned a"
    assert printed["outputs"] == {
        "custom": {"items": [1, 2], "text": "a"},
        "$return": "returned a",
    }


def test_invoke_plain_prints_the_return_once_and_outputs_as_json(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    status, out, err = run(capsys, "invoke", str(app_dir), "Typed", "--data", "a")
    assert (status, out) == (EXIT_OK, "returned a\n")
    assert err == '[output custom] {"items": [1, 2], "text": "a"}\n'


def test_http_plain_shows_logs_and_outputs_as_invoke_does(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    status, out, err = run(capsys, "http", str(app_dir), "GET", "/api/Noisy")
    assert status == EXIT_OK
    assert out.endswith("\r\n\r\nbody text\n") or out.endswith("\n\nbody text\n")
    assert err.splitlines() == [
        "[INFO] printed by the function",
        "[INFO] logged by the function",
        "[output note] hello",
    ]


# --- print() and --json ---------------------------------------------------------------------


def test_print_from_a_function_never_reaches_json_stdout(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    status, out, err = run(capsys, "http", str(app_dir), "GET", "/api/Noisy", "--json")
    printed = json.loads(out)  # the whole of stdout is one JSON document
    assert status == EXIT_OK
    assert printed["logs"] == [
        {"level": "INFO", "message": "printed by the function"},
        {"level": "INFO", "message": "logged by the function"},
    ]
    assert printed["outputs"] == {"note": "hello"}
    assert err == ""


def test_print_from_a_thread_the_function_starts_joins_its_logs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = (
        "import threading\n"
        "def main(req):\n"
        "    worker = threading.Thread(target=print, args=('printed by a thread',))\n"
        "    worker.start()\n"
        "    worker.join()\n"
        "    return 'ok'\n"
    )
    root = write_app(tmp_path / "threads", {"Threads": (HTTP_BINDINGS, source)})
    status, out, err = run(capsys, "http", str(root), "GET", "/api/Threads", "--json")
    printed = json.loads(out)
    assert (status, printed["body"], err) == (EXIT_OK, "ok", "")
    assert printed["logs"] == [{"level": "INFO", "message": "printed by a thread"}]


def test_print_at_import_time_goes_to_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = "print('printed while importing')\ndef main(req):\n    return 'ok'\n"
    root = write_app(tmp_path / "loud", {"Loud": (HTTP_BINDINGS, source)})
    status, out, err = run(capsys, "http", str(root), "GET", "/api/Loud", "--json")
    assert (status, json.loads(out)["body"]) == (EXIT_OK, "ok")
    assert err == "printed while importing\n"


# --- 404, --fail, HEAD ----------------------------------------------------------------------


def test_a_404_names_the_routes_that_exist_on_stderr(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    status, out, err = run(capsys, "http", str(app_dir), "GET", "/api/Nosy", "--json")
    assert (status, json.loads(out)["status"]) == (EXIT_OK, 404)
    lines = err.splitlines()
    assert lines[0] == "note: no route matches GET '/api/Nosy'; the app's routes, nearest first:"
    assert lines[1] == "  /api/Noisy  (any method)"
    assert "  /api/Echo  (any method)" in lines


@pytest.mark.parametrize(
    ("path", "fail", "expected"),
    [
        ("/api/Noisy", True, EXIT_OK),
        ("/api/Noisy?status=404", False, EXIT_OK),
        ("/api/Noisy?status=404", True, EXIT_HTTP_ERROR),
        ("/api/Noisy?status=503", True, EXIT_HTTP_ERROR),
        ("/api/nowhere", True, EXIT_HTTP_ERROR),
    ],
)
def test_fail_makes_a_4xx_or_5xx_answer_exit_non_zero(
    capsys: pytest.CaptureFixture[str], app_dir: Path, path: str, fail: bool, expected: int
) -> None:
    extra = ["--fail"] if fail else []
    status, _, _ = run(capsys, "http", str(app_dir), "GET", path, *extra)
    assert status == expected


def test_head_answers_with_the_headers_of_get_and_no_body(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    _, get_out, _ = run(capsys, "http", str(app_dir), "GET", "/api/Noisy")
    status, head_out, _ = run(capsys, "http", str(app_dir), "HEAD", "/api/Noisy")
    assert status == EXIT_OK
    assert get_out.endswith("body text\n")
    assert head_out == get_out[: -len("body text\n")]
    assert "Content-Length: 9" in head_out
    status, out, _ = run(capsys, "http", str(app_dir), "HEAD", "/api/Noisy", "--json")
    printed = json.loads(out)
    assert (printed["body"], printed["headers"]["Content-Length"]) == ("", "9")


def test_http_json_reads_a_body_whose_charset_is_no_text_encoding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = (
        "import azure.functions as func\n"
        "def main(req):\n"
        "    headers = {'Content-Type': 'text/plain; charset=idna'}\n"
        "    return func.HttpResponse(b'ok', headers=headers)\n"
    )
    root = write_app(tmp_path / "idna", {"Idna": (HTTP_BINDINGS, source)})
    status, out, _ = run(capsys, "http", str(root), "GET", "/api/Idna", "--json")
    assert (status, json.loads(out)["body"]) == (EXIT_OK, "ok")


# --- errors name what the user typed -------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["http", "{app}", "GET", "/api/Echo", "--blob", "BAD/x=1"],
            "error: --blob 'BAD/x': blob path must be",
        ),
        (["http", "{app}", "GET", "/api/a b"], "error: path must be a path or URL"),
        (["http", "{app}", "G T", "/api/Echo"], "error: method must be an HTTP method token"),
        (["http", "{app}", "GET", "/api/Echo", "-H", "Bad Name: x"], "error: -H: a header name"),
        (
            ["http", "{app}", "GET", "/api/Echo", "-H", "X-A: a\x00b"],
            "error: -H: the value of header 'X-A'",
        ),
        (["invoke", "{app}", "Typed", "--data", "@/no/such/file"], "error: --data: cannot read"),
    ],
)
def test_error_lines_name_the_argument_not_our_classes(
    capsys: pytest.CaptureFixture[str], app_dir: Path, args: list[str], message: str
) -> None:
    status, _, err = run(capsys, *[arg.format(app=app_dir) for arg in args])
    assert status == EXIT_USAGE
    assert err.startswith(message), err
    assert err.count("\n") == 1
    for internal in ("TestClient", "Storage.", "App.handle", "HttpRequest:"):
        assert internal not in err


# --- invoke refuses what it cannot run ------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "what"),
    [
        ("Bus", "Service Bus queue 'orders'"),
        ("Hub", "event hub 'hub'"),
        ("Grid", "Event Grid"),
    ],
)
def test_invoke_of_a_message_trigger_without_data_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], app_dir: Path, function: str, what: str
) -> None:
    # Refused as a queue trigger with an empty queue is: the host would take a message an
    # output stored (with --storage), and there is none.
    status, out, err = run(capsys, "invoke", str(app_dir), function)
    assert (status, out) == (EXIT_FUNCTION_FAILED, "")
    assert err.startswith(f"error: {function}/function.json: binding 'event': {what} has no")
    assert err.endswith("pass the message as data, or let an output write one first\n")
    assert err.count("\n") == 1


def test_invoke_of_an_http_function_points_to_the_http_command(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    status, _, err = run(capsys, "invoke", str(app_dir), "Echo")
    assert status == EXIT_USAGE
    assert err == (
        "error: function 'Echo' has an HTTP trigger: call it with the http command, e.g."
        " http APP GET /api/Echo\n"
    )


# --- --version and the program's name -------------------------------------------------------


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == EXIT_OK
    assert capsys.readouterr().out.startswith(
        f"azure-functions-compat {version('azure-functions-compat')} (Python "
    )


def _console_script() -> Path:
    script = Path(sys.executable).parent / "azure-functions-compat"
    if not script.exists():
        pytest.skip("the azure-functions-compat script is not installed in this environment")
    return script


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("module", "usage: python -m azure_functions_compat "),
        ("script", "usage: azure-functions-compat "),
    ],
)
def test_the_usage_line_names_the_program_as_it_was_run(how: str, expected: str) -> None:
    command = (
        [sys.executable, "-m", "azure_functions_compat"]
        if how == "module"
        else [str(_console_script())]
    )
    completed = subprocess.run(
        [*command, "no-such-command"], capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == EXIT_USAGE
    assert completed.stderr.startswith(expected), completed.stderr


def test_undecodable_bytes_in_path_and_headers_arrive_as_replacement_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = (
        "def main(req):\n"
        "    return req.params['user'] + '|' + req.headers['x-a'] + '|' + req.route_params['x']\n"
    )
    bindings = [{**HTTP_BINDINGS[0], "route": "echo/{x}"}, HTTP_BINDINGS[1]]
    root = write_app(tmp_path / "raw", {"Raw": (bindings, source)})
    # '\udcff' is what Python makes of the argv byte ff, which is not UTF-8.
    status, out, err = run(
        capsys, "http", str(root), "GET", "/api/echo/\udcff?user=\udcff", "-H", "X-A: \udcff"
    )
    assert status == EXIT_OK, err
    assert out.endswith("\r\n\r\n\ufffd|\ufffd|\ufffd\n")


def test_a_returned_str_the_response_cannot_encode_is_one_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = write_app(
        tmp_path / "bad", {"Bad": (HTTP_BINDINGS, "def main(req):\n    return '\\ud800'\n")}
    )
    status, out, err = run(capsys, "http", str(root), "GET", "/api/Bad")
    assert status == EXIT_FUNCTION_FAILED
    assert out.startswith("HTTP/1.1 500 Internal Server Error")
    assert err.startswith("error: Bad/function.json: http output '$return': HttpResponse: body")
    assert err.count("\n") == 1


# --- logging while the app is imported ----------------------------------------------------

LOGS_AT_IMPORT = """
import logging

import azure.functions as func

logging.warning("loading the app")
app = func.FunctionApp()


@app.queue_trigger(arg_name="msg", queue_name="orders", connection="AzureWebJobsStorage")
def consume(msg: func.QueueMessage) -> None:
    logging.info("got %s", msg.get_body().decode())
"""


@pytest.mark.parametrize("as_json", [False, True])
def test_a_log_call_at_import_does_not_print_every_later_log_line_twice(
    tmp_path: Path, as_json: bool
) -> None:
    # A module-level logging call on a bare root logger used to install a stderr handler for
    # good (logging's implicit basicConfig), which printed each invocation's lines again.
    (tmp_path / "host.json").write_text('{"version": "2.0"}')
    (tmp_path / "function_app.py").write_text(LOGS_AT_IMPORT)
    command = [sys.executable, "-m", "azure_functions_compat", "invoke", str(tmp_path)]
    command += ["consume", "--data", "hi"] + (["--json"] if as_json else [])
    completed = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert completed.returncode == EXIT_OK, completed.stderr
    assert completed.stderr.count("loading the app") == 1, completed.stderr
    assert "got hi" not in completed.stdout or as_json
    assert completed.stderr.count("got hi") == (0 if as_json else 1), completed.stderr
