"""``python -m azure_functions_compat durable APP ORCHESTRATOR``: run one orchestration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from azure_functions_compat.cli import main

from .test_hub import ECHO, WAITS, write_function


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "host.json").write_text('{"version": "2.0"}', encoding="utf-8")
    write_function(tmp_path, "Echo", ECHO)
    write_function(tmp_path, "Waits", WAITS)
    return tmp_path


def test_runs_to_completion_and_prints_the_status(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["durable", str(folder), "Echo", "--input", '{"n": 1}']) == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["runtimeStatus"], status["output"]) == ("Completed", {"n": 1})


def test_events_are_raised_after_the_start(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["durable", str(folder), "Waits", "--event", "Go=[1, 2]", "--history"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["output"] == [1, 2]
    assert "EventRaised" in [event["EventType"] for event in status["historyEvents"]]


def test_an_instance_left_waiting_exits_1(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["durable", str(folder), "Waits", "--timeout", "0.2"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["runtimeStatus"] == "Running"
    assert "waits for an external event" in captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Nope"], "The function 'Nope' doesn't exist"),
        (["Echo", "--input", "{oops"], "--input must be JSON"),
        (["Waits", "--event", "Go"], "--event must be NAME=JSON, got 'Go'"),
    ],
)
def test_bad_input_is_a_one_line_error(
    folder: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["durable", str(folder), *args]) == 2
    assert message in capsys.readouterr().err


def test_invoke_of_an_orchestrator_says_how_to_start_one(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["invoke", str(folder), "Echo"]) == 1
    error = capsys.readouterr().err.strip()
    assert error.count("binding 'context'") == 1, error
    assert "an orchestrationTrigger function runs when its task hub calls it" in error
    assert "`durable APP NAME`" in error


def test_an_instance_kept_in_storage_is_driven_by_a_second_command(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    storage = str(tmp_path / "storage")
    started = ["durable", str(folder), "Waits", "--storage", storage, "--instance", "job-1"]
    assert main([*started, "--timeout", "0.2"]) == 1
    status = json.loads(capsys.readouterr().out)
    assert (status["instanceId"], status["runtimeStatus"]) == ("job-1", "Running")
    # Another process on the same folder finds the instance waiting, and its event ends it.
    driven = ["durable", str(folder), "--storage", storage, "--instance", "job-1"]
    assert main([*driven, "--event", 'Go="done"']) == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["runtimeStatus"], status["output"]) == ("Completed", "done")
    # The instance stays in the folder, finished: a third command only reads it.
    assert main(driven) == 0
    assert json.loads(capsys.readouterr().out)["output"] == "done"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give ORCHESTRATOR to start an orchestration, or --instance ID"),
        (["--instance", "x", "--input", "1"], "--input starts an orchestration"),
        (["--instance", "nope"], "nope"),
    ],
)
def test_driving_an_instance_needs_one_that_exists(
    folder: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["durable", str(folder), *args]) == 2
    assert message in capsys.readouterr().err


# Reads a file relative to the working directory, as an app in Azure may (the app folder).
READS_A_FILE = """\
import json


def main(context):
    with open("greeting.txt") as greeting:
        text = greeting.read().strip()
    return json.dumps({"isDone": True, "output": text, "actions": []})
"""


def test_runs_in_the_app_folder_and_a_relative_storage_keeps_its_meaning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / "host.json").write_text('{"version": "2.0"}', encoding="utf-8")
    (app / "greeting.txt").write_text("hello\n", encoding="utf-8")
    write_function(app, "Greets", READS_A_FILE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["durable", "../app", "Greets", "--storage", "hub", "--instance", "g-1"]) == 0
    assert json.loads(capsys.readouterr().out)["output"] == "hello"
    assert Path.cwd() == elsewhere  # back where the command was started
    assert (elsewhere / "hub").is_dir()  # the folder typed, next to where it ran
    assert not (app / "hub").exists()
    # The instance kept there is found again from the same place.
    assert main(["durable", "../app", "--storage", "hub", "--instance", "g-1"]) == 0
    assert json.loads(capsys.readouterr().out)["output"] == "hello"
