"""What loading an app prints: the app's own log records, not the real package's indexing noise.

The real azure-functions logs "Auth level is not applied to non http function app" on the
root logger each time the host reads a FunctionApp without an HTTP function. Under the worker
that record is made outside any invocation, and the Functions host drops such records (it
logs "Ignoring RpcLog ..." at debug level instead), so ``func start`` never shows it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from azure_functions_compat.cli import EXIT_OK
from azure_functions_compat.host import load_app

TIMER_APP = """
import logging
import azure.functions as func

logging.warning("configured from function_app.py")

app = func.FunctionApp()

@app.timer_trigger(schedule="0 */5 * * * *", arg_name="timer")
def tick(timer: func.TimerRequest) -> None:
    logging.info("tick")
"""


@pytest.fixture
def timer_app(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    root.mkdir()
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "function_app.py").write_text(TIMER_APP)
    return root


@pytest.mark.needs_real_package
@pytest.mark.parametrize("command", [["list"], ["invoke", "tick", "--data", "{}"]])
def test_the_real_packages_auth_level_warning_is_not_printed_but_the_apps_own_records_are(
    timer_app: Path, command: list[str]
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "azure_functions_compat", command[0], str(timer_app), *command[1:]],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == EXIT_OK, done.stderr
    assert "Auth level is not applied" not in done.stderr
    assert "configured from function_app.py" in done.stderr


@pytest.mark.needs_real_package
def test_the_real_packages_records_are_dropped_only_while_the_host_reads_the_app(
    timer_app: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import azure.functions as func

    with caplog.at_level("WARNING"):
        with load_app(timer_app):
            pass
        assert "Auth level is not applied" not in caplog.text
        assert "configured from function_app.py" in caplog.text

        # A FunctionApp the user reads himself: the warning is the package's to give.
        own = func.FunctionApp()
        own.timer_trigger(schedule="0 */5 * * * *", arg_name="timer")(lambda timer: None)
        own.get_functions()
    assert "Auth level is not applied" in caplog.text
