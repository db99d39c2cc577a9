"""The host runs worker extensions around each invocation, as the Python worker does."""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import pytest

from azure_functions_compat.extension.extension_meta import ExtensionMeta
from azure_functions_compat.host import App, load_app

SCRIPT_ROOT = "AzureWebJobsScriptRoot"
QUEUE_BINDINGS = [
    {
        "name": "msg",
        "type": "queueTrigger",
        "direction": "in",
        "queueName": "orders",
        "connection": "AzureWebJobsStorage",
    },
]

# A module of the app: an app-level extension recording every hook it gets.
RECORDER = """
import azure.functions as func

CALLS = []


class Recorder(func.AppExtensionBase):
    @classmethod
    def post_function_load_app_level(cls, function_name, function_directory, *a, **k):
        CALLS.append(("app load", function_name))

    @classmethod
    def pre_invocation_app_level(cls, logger, context, func_args=None, *a, **k):
        CALLS.append(("app pre", context.function_name, sorted(func_args)))

    @classmethod
    def post_invocation_app_level(cls, logger, context, func_args=None, func_ret=None, *a, **k):
        CALLS.append(("app post", context.function_name, func_ret))
"""

# A function whose script creates a function-level extension for itself.
FUNCTION = """
import azure.functions as func
from recorder import CALLS


class Audit(func.FuncExtensionBase):
    def __init__(self, file_path):
        super().__init__(file_path)

    def pre_invocation(self, logger, context, func_args=None, *a, **k):
        CALLS.append(("function pre", context.function_name))

    def post_invocation(self, logger, context, func_args=None, func_ret=None, *a, **k):
        CALLS.append(("function post", context.function_name))


audit = Audit(__file__)


def main(msg: func.QueueMessage) -> None:
    CALLS.append(("function", msg.get_body().decode()))
"""


@pytest.fixture(autouse=True)
def empty_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ExtensionMeta, "_func_exts", {})
    monkeypatch.setattr(ExtensionMeta, "_app_exts", None)
    monkeypatch.setattr(ExtensionMeta, "_info", {})


def build_app(
    root: Path, function: str = FUNCTION, settings: Optional[dict[str, str]] = None
) -> Path:
    """A one-function app whose script registers a function-level extension, and whose
    helper module defines an app-level one."""
    (root / "host.json").write_text(json.dumps({"version": "2.0"}))
    if settings is not None:
        (root / "local.settings.json").write_text(json.dumps({"Values": settings}))
    (root / "recorder.py").write_text(textwrap.dedent(RECORDER))
    folder = root / "Worker"
    folder.mkdir()
    (folder / "function.json").write_text(json.dumps({"bindings": QUEUE_BINDINGS}))
    (folder / "__init__.py").write_text(textwrap.dedent(function))
    return root


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    loaded = load_app(build_app(tmp_path))
    yield loaded
    loaded.close()


def recorded() -> list[Any]:
    import sys

    return list(sys.modules["recorder"].CALLS)


def test_the_host_runs_extension_hooks_around_an_invocation(app: App) -> None:
    result = app.invoke("Worker", "hello")
    assert result.exception is None
    assert recorded() == [
        ("app load", "Worker"),
        ("app pre", "Worker", ["msg"]),
        ("function pre", "Worker"),
        ("function", "hello"),
        ("function post", "Worker"),
        ("app post", "Worker", None),
    ]


def test_an_app_setting_switches_the_hooks_off(tmp_path: Path) -> None:
    loaded = load_app(build_app(tmp_path, settings={"PYTHON_ENABLE_WORKER_EXTENSIONS": "0"}))
    try:
        result = loaded.invoke("Worker", "hello")
    finally:
        loaded.close()
    assert result.exception is None
    assert recorded() == [("function", "hello")]


def test_a_failing_function_skips_the_after_hooks(tmp_path: Path) -> None:
    failing = FUNCTION.replace(
        'CALLS.append(("function", msg.get_body().decode()))', 'raise RuntimeError("boom")'
    )
    loaded = load_app(build_app(tmp_path, failing))
    try:
        result = loaded.invoke("Worker", "hello")
    finally:
        loaded.close()
    assert isinstance(result.exception, RuntimeError)
    assert [call[0] for call in recorded()] == ["app load", "app pre", "function pre"]


def test_hooks_get_the_context_the_function_gets(tmp_path: Path) -> None:
    with_context = FUNCTION.replace(
        "def main(msg: func.QueueMessage) -> None:",
        "def main(msg: func.QueueMessage, context: func.Context) -> None:\n"
        "    CALLS.append(('context', context.invocation_id))",
    )
    loaded = load_app(build_app(tmp_path, with_context))
    try:
        result = loaded.invoke("Worker", "hello")
    finally:
        loaded.close()
    assert result.exception is None
    calls = recorded()
    assert ("app pre", "Worker", ["context", "msg"]) in calls
    assert ("context", result.invocation_id) in calls


def test_hooks_run_around_an_async_function(tmp_path: Path) -> None:
    asynchronous = FUNCTION.replace("def main(", "async def main(")
    loaded = load_app(build_app(tmp_path, asynchronous))
    try:
        result = loaded.invoke("Worker", "hello")
    finally:
        loaded.close()
    assert result.exception is None
    assert [call[0] for call in recorded()] == [
        "app load",
        "app pre",
        "function pre",
        "function",
        "function post",
        "app post",
    ]


def test_the_script_root_is_the_app_while_it_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A variable left in the environment (of another app) does not misplace the extension.
    monkeypatch.setenv(SCRIPT_ROOT, str(tmp_path / "elsewhere"))
    loaded = load_app(build_app(tmp_path))
    try:
        result = loaded.invoke("Worker", "hello")
    finally:
        loaded.close()
    assert result.exception is None
    assert ("function pre", "Worker") in recorded()
    assert os.environ[SCRIPT_ROOT] == str(tmp_path / "elsewhere")
