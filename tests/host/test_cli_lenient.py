"""The command line with a function in error: lenient by default, ``--strict`` to fail.

``list`` shows every function, those in error with their one-line error, and exits 1 when
some are in error; ``http`` and ``invoke`` run a healthy function beside a broken one (a
warning line each on stderr) and refuse the broken one in one ``error:`` line, exit 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from azure_functions_compat.cli import EXIT_FUNCTION_FAILED, EXIT_OK, EXIT_USAGE, main

from .conftest import HTTP_BINDINGS, QUEUE_TRIGGER, write_app

IMPORT_ERROR = (
    "Broken/function.json: scriptFile 'Broken/__init__.py' failed to import: "
    "ModuleNotFoundError: No module named 'no_such_module_anywhere' (at Broken/__init__.py:1)"
)
JSON_ERROR = "Unread/function.json: invalid JSON: Expecting value: line 1 column 15 (char 14)"


@pytest.fixture
def broken_app(tmp_path: Path) -> Path:
    """Healthy 'Hello' (HTTP) and 'Relay' (queue), 'Broken' that fails to import, 'Unread'
    whose function.json is not JSON."""
    return write_app(
        tmp_path / "app",
        {
            "Hello": (HTTP_BINDINGS, "def main(req):\n    return 'hello'\n"),
            "Relay": ([QUEUE_TRIGGER], "def main(msg: str) -> None:\n    print('got', msg)\n"),
            "Broken": (HTTP_BINDINGS, "import no_such_module_anywhere\n"),
            "Unread": ('{"bindings": [', None),
        },
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_list_shows_functions_in_error_with_their_error_and_exits_1(
    capsys: pytest.CaptureFixture[str], broken_app: Path
) -> None:
    status, out, err = run(capsys, "list", str(broken_app))
    assert status == EXIT_FUNCTION_FAILED
    assert err == ""
    assert out == (
        "Functions:\n\n"
        "\tHello: http://localhost:7071/api/Hello  (authLevel: anonymous)\n\n"
        "\tRelay: queueTrigger\n\n"
        "\tBroken: http://localhost:7071/api/Broken  (in error)\n\n"
        "\tUnread: function.json not read  (in error)\n\n"
        f"The 'Broken' function is in error: {IMPORT_ERROR}\n"
        f"The 'Unread' function is in error: {JSON_ERROR}\n"
    )


def test_list_json_gives_each_function_its_error_or_null(
    capsys: pytest.CaptureFixture[str], broken_app: Path
) -> None:
    status, out, _ = run(capsys, "list", str(broken_app), "--json")
    assert status == EXIT_FUNCTION_FAILED
    rows = {row["name"]: row for row in json.loads(out)}
    assert [row["error"] for row in rows.values()] == [None, None, IMPORT_ERROR, JSON_ERROR]
    assert (rows["Broken"]["trigger"], rows["Broken"]["route"], rows["Broken"]["supported"]) == (
        "httpTrigger",
        "api/Broken",
        False,
    )
    assert (rows["Unread"]["trigger"], rows["Unread"]["bindings"]) == (None, [])


def test_list_of_a_healthy_app_exits_0_and_json_rows_have_a_null_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = write_app(tmp_path / "ok", {"Hello": (HTTP_BINDINGS, "def main(req):\n    return 1\n")})
    status, out, _ = run(capsys, "list", str(root), "--json")
    assert status == EXIT_OK
    assert json.loads(out)[0]["error"] is None


@pytest.mark.parametrize(
    "args",
    [
        ["list", "{app}", "--strict"],
        ["list", "{app}", "--json", "--strict"],
        ["http", "{app}", "GET", "/api/Hello", "--strict"],
        ["invoke", "{app}", "Relay", "--data", "x", "--strict"],
    ],
)
def test_strict_fails_the_whole_app_in_one_error_line_exit_2(
    capsys: pytest.CaptureFixture[str], broken_app: Path, args: list[str]
) -> None:
    status, out, err = run(capsys, *[arg.format(app=broken_app) for arg in args])
    assert status == EXIT_USAGE
    assert out == ""
    # The first problem found: function.json files are all read before any code is imported.
    assert err == f"error: {JSON_ERROR}\n"


def test_http_runs_a_healthy_function_and_warns_of_those_in_error(
    capsys: pytest.CaptureFixture[str], broken_app: Path
) -> None:
    status, out, err = run(capsys, "http", str(broken_app), "GET", "/api/Hello")
    assert status == EXIT_OK
    assert out.startswith("HTTP/1.1 200 OK\r\n")
    assert out.endswith("hello\n")
    assert err.splitlines() == [
        f"warning: The 'Broken' function is in error: {IMPORT_ERROR}",
        f"warning: The 'Unread' function is in error: {JSON_ERROR}",
    ]


def test_http_to_a_function_in_error_answers_500_and_says_why_in_one_line(
    capsys: pytest.CaptureFixture[str], broken_app: Path
) -> None:
    status, out, err = run(capsys, "http", str(broken_app), "GET", "/api/Broken")
    assert status == EXIT_USAGE
    assert out.startswith("HTTP/1.1 500 Internal Server Error\r\n")
    assert err.splitlines() == [
        f"warning: The 'Unread' function is in error: {JSON_ERROR}",
        f"error: function 'Broken' is in error and cannot run: {IMPORT_ERROR}",
    ]


def test_http_json_to_a_function_in_error_has_its_error(
    capsys: pytest.CaptureFixture[str], broken_app: Path
) -> None:
    status, out, _ = run(capsys, "http", str(broken_app), "GET", "/api/Broken", "--json")
    assert status == EXIT_USAGE
    printed = json.loads(out)
    assert (printed["status"], printed["outputs"]) == (500, {})
    assert printed["error"] == (
        f"FunctionLoadError: function 'Broken' is in error and cannot run: {IMPORT_ERROR}"
    )


def test_invoke_runs_a_healthy_function_beside_a_broken_one(
    capsys: pytest.CaptureFixture[str], broken_app: Path
) -> None:
    status, _, err = run(capsys, "invoke", str(broken_app), "Relay", "--data", "x")
    assert status == EXIT_OK
    assert "[INFO] got x" in err
    assert f"warning: The 'Broken' function is in error: {IMPORT_ERROR}" in err


@pytest.mark.parametrize(("name", "error"), [("Broken", IMPORT_ERROR), ("Unread", JSON_ERROR)])
def test_invoke_of_a_function_in_error_is_one_error_line_exit_2(
    capsys: pytest.CaptureFixture[str], broken_app: Path, name: str, error: str
) -> None:
    status, out, err = run(capsys, "invoke", str(broken_app), name)
    assert status == EXIT_USAGE
    assert out == ""
    assert err.splitlines()[-1] == f"error: function '{name}' is in error and cannot run: {error}"
    # The other function in error is warned of; this one's error is said once.
    assert err.count(error) == 1


DECORATED = """
import azure.functions as func

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

@app.route(route="hello")
def hello(req: func.HttpRequest) -> func.HttpResponse:
    return func.HttpResponse("hello")

@app.route(route="broken")
def broken(req: func.HttpRequest, extra) -> func.HttpResponse:
    return func.HttpResponse("never")
"""
DECORATED_ERROR = (
    "function_app.py (function 'broken'): bindings has no binding named 'extra' for "
    "parameter 'extra' of broken()"
)


@pytest.fixture
def decorated_app(tmp_path: Path) -> Path:
    root = tmp_path / "decorated"
    root.mkdir()
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "function_app.py").write_text(DECORATED)
    return root


def test_decorator_model_list_shows_the_refused_function_in_error(
    capsys: pytest.CaptureFixture[str], decorated_app: Path
) -> None:
    status, out, _ = run(capsys, "list", str(decorated_app))
    assert status == EXIT_FUNCTION_FAILED
    assert "\tbroken: http://localhost:7071/api/broken  (in error)\n" in out
    assert out.endswith(f"The 'broken' function is in error: {DECORATED_ERROR}\n")


def test_decorator_model_http_runs_the_healthy_function_and_refuses_the_other(
    capsys: pytest.CaptureFixture[str], decorated_app: Path
) -> None:
    status, out, _ = run(capsys, "http", str(decorated_app), "GET", "/api/hello")
    assert (status, out.endswith("hello\n")) == (EXIT_OK, True)
    status, out, err = run(capsys, "http", str(decorated_app), "GET", "/api/broken")
    assert (status, out.startswith("HTTP/1.1 500 ")) == (EXIT_USAGE, True)
    assert err == f"error: function 'broken' is in error and cannot run: {DECORATED_ERROR}\n"


def test_decorator_model_strict_list_exits_2(
    capsys: pytest.CaptureFixture[str], decorated_app: Path
) -> None:
    status, _, err = run(capsys, "list", str(decorated_app), "--strict")
    assert status == EXIT_USAGE
    assert err == f"error: {DECORATED_ERROR}\n"


# A module-level error whose message runs over several lines (as pydantic's or a config
# loader's do): the error line keeps its first line and the place, the rest stays on the
# exception the load error is caused by.
MULTI_LINE = "import os\n\nraise ValueError('3 settings are missing:\\n  DB_URL\\n  DB_USER\\n')\n"
MULTI_LINE_ERROR = (
    "Multi/function.json: scriptFile 'Multi/__init__.py' failed to import: "
    "ValueError: 3 settings are missing: [...] (at Multi/__init__.py:3)"
)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["list"], f"The 'Multi' function is in error: {MULTI_LINE_ERROR}\n"),
        (
            ["invoke", "{app}", "Multi"],
            f"error: function 'Multi' is in error and cannot run: {MULTI_LINE_ERROR}\n",
        ),
        (["list", "{app}", "--strict"], f"error: {MULTI_LINE_ERROR}\n"),
    ],
)
def test_a_multi_line_import_error_is_one_line_with_its_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], expected: str
) -> None:
    app = write_app(tmp_path / "app", {"Multi": (HTTP_BINDINGS, MULTI_LINE)})
    argv = [arg.format(app=app) for arg in args] if len(args) > 1 else [*args, str(app)]
    status, out, err = run(capsys, *argv)
    assert status in (EXIT_FUNCTION_FAILED, EXIT_USAGE)
    assert (out + err).endswith(expected)
    assert "DB_URL" not in out + err


MULTI_LINE_DECORATED = """
import azure.functions as func

app = func.FunctionApp()

raise RuntimeError(
    "could not read the settings\\n"
    "  line 2 of the story\\n"
)
"""


def test_a_multi_line_function_app_error_is_one_line_with_its_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "decorated"
    root.mkdir()
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "function_app.py").write_text(MULTI_LINE_DECORATED)
    status, out, err = run(capsys, "list", str(root))
    assert (status, out) == (EXIT_USAGE, "")
    assert err == (
        "error: function_app.py: failed to import: RuntimeError: could not read the settings "
        "[...] (at function_app.py:6)\n"
    )
