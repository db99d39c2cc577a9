"""Extensions: the registry ExtensionMeta keeps, and running the hooks as the worker does."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

import azure_functions_compat as func
from azure_functions_compat.extension import _hooks
from azure_functions_compat.extension.extension_meta import ExtensionMeta


@pytest.fixture(autouse=True)
def empty_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts and ends with no extension registered."""
    monkeypatch.setattr(ExtensionMeta, "_func_exts", {})
    monkeypatch.setattr(ExtensionMeta, "_app_exts", None)
    monkeypatch.setattr(ExtensionMeta, "_info", {})
    monkeypatch.delenv("PYTHON_ENABLE_WORKER_EXTENSIONS", raising=False)


@pytest.fixture
def script_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AzureWebJobsScriptRoot", str(tmp_path))
    return tmp_path


def context(function_name: str = "HttpTrigger") -> func.Context:
    return func.Context(function_name=function_name, function_directory="/site/" + function_name)


def recording_extensions(calls: list[Any], script_root: Path) -> None:
    """An app-level and a function-level extension (for HttpTrigger) that record each call."""

    class AppLevel(func.AppExtensionBase):
        @classmethod
        def post_function_load_app_level(cls, function_name: str, function_directory: str) -> None:
            calls.append(("app load", function_name, function_directory))

        @classmethod
        def pre_invocation_app_level(
            cls, logger: Any, context: Any, func_args: Any = None
        ) -> None:
            calls.append(("app pre", logger.name, func_args))

        @classmethod
        def post_invocation_app_level(
            cls, logger: Any, context: Any, func_args: Any = None, func_ret: Any = None
        ) -> None:
            calls.append(("app post", func_ret))

    class FunctionLevel(func.FuncExtensionBase):
        def __init__(self, file_path: str) -> None:
            super().__init__(file_path)

        def post_function_load(self, function_name: str, function_directory: str) -> None:
            calls.append(("function load", function_name))

        def pre_invocation(self, logger: Any, context: Any, func_args: Any = None) -> None:
            calls.append(("function pre", logger.name, func_args))

        def post_invocation(
            self, logger: Any, context: Any, func_args: Any = None, func_ret: Any = None
        ) -> None:
            calls.append(("function post", func_ret))

    FunctionLevel(str(script_root / "HttpTrigger" / "__init__.py"))


def test_nothing_is_active_without_extensions() -> None:
    assert _hooks.active() is False


def test_hooks_run_app_first_before_and_function_first_after(script_root: Path) -> None:
    calls: list[Any] = []
    recording_extensions(calls, script_root)
    _hooks.before_invocation(context(), {"req": 1})
    _hooks.after_invocation(context(), {"req": 1}, "done")
    assert calls == [
        ("app pre", "azure_functions_worker.extension.AppLevel", {"req": 1}),
        ("function pre", "azure_functions_worker.extension.FunctionLevel", {"req": 1}),
        ("function post", "done"),
        ("app post", "done"),
    ]


def test_function_hooks_only_run_for_their_function(script_root: Path) -> None:
    calls: list[Any] = []
    recording_extensions(calls, script_root)
    _hooks.before_invocation(context("Other"), {})
    assert [call[0] for call in calls] == ["app pre"]


def test_function_hooks_match_the_function_name_case_insensitively(script_root: Path) -> None:
    calls: list[Any] = []
    recording_extensions(calls, script_root)
    _hooks.before_invocation(context("httptrigger"), {})
    assert [call[0] for call in calls] == ["app pre", "function pre"]


def test_load_hooks_run_function_first(script_root: Path) -> None:
    calls: list[Any] = []
    recording_extensions(calls, script_root)
    _hooks.function_loaded("HttpTrigger", "/site/HttpTrigger")
    assert calls == [
        ("function load", "HttpTrigger"),
        ("app load", "HttpTrigger", "/site/HttpTrigger"),
    ]


@pytest.mark.parametrize("value", ["0", "false", "FALSE", " False "])
def test_the_app_setting_switches_extensions_off(
    value: str, script_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []
    recording_extensions(calls, script_root)
    monkeypatch.setenv("PYTHON_ENABLE_WORKER_EXTENSIONS", value)
    _hooks.before_invocation(context(), {})
    assert calls == []


def test_a_failing_hook_is_logged_and_the_others_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[str] = []

    class Broken(func.AppExtensionBase):
        @classmethod
        def pre_invocation_app_level(
            cls, logger: Any, context: Any, func_args: Any = None
        ) -> None:
            raise RuntimeError("broken hook")

    class Working(func.AppExtensionBase):
        @classmethod
        def pre_invocation_app_level(
            cls, logger: Any, context: Any, func_args: Any = None
        ) -> None:
            calls.append("working")

    with caplog.at_level(logging.ERROR):
        _hooks.before_invocation(context(), {})
    assert calls == ["working"]
    [record] = caplog.records
    assert (record.name, record.getMessage(), record.exc_info is not None) == (
        "azure_functions_worker.extension.Broken",
        "broken hook",
        True,
    )


def test_an_app_extension_is_registered_once_per_class() -> None:
    class Tracer(func.AppExtensionBase):
        pass

    class Child(Tracer):
        pass

    registered = ExtensionMeta.get_registered_extensions_json()
    assert registered == '{"AppExtension": ["Tracer", "Child"]}'


def test_a_hook_that_registers_an_extension_does_not_disturb_the_run() -> None:
    calls: list[str] = []

    class Registering(func.AppExtensionBase):
        @classmethod
        def pre_invocation_app_level(
            cls, logger: Any, context: Any, func_args: Any = None
        ) -> None:
            calls.append("registering")

            class Late(func.AppExtensionBase):
                pass

    _hooks.before_invocation(context(), {})
    assert calls == ["registering"]


@pytest.mark.parametrize("path", [None, 3, b"/site/Fn/x.py"])
def test_a_function_extension_path_must_be_a_str_or_path(path: Any, script_root: Path) -> None:
    class Timing(func.FuncExtensionBase):
        def __init__(self, file_path: Any) -> None:
            super().__init__(file_path)

    with pytest.raises(TypeError, match=r"Timing: file_path must be a str or path, got"):
        Timing(path)


def test_a_function_extension_takes_a_path_object(script_root: Path) -> None:
    class Timing(func.FuncExtensionBase):
        def __init__(self, file_path: Any) -> None:
            super().__init__(file_path)

    Timing(script_root / "Fn" / "x.py")
    assert ExtensionMeta.get_function_hooks("fn") is not None


def test_function_hooks_name_must_be_a_str() -> None:
    with pytest.raises(TypeError, match=r"get_function_hooks: name must be a str, got 3"):
        ExtensionMeta.get_function_hooks(3)  # type: ignore[arg-type]


def test_the_extension_names_are_the_same_objects_everywhere() -> None:
    from azure_functions_compat import extension
    from azure_functions_compat.extension import app_extension_base, func_extension_base

    assert (func.AppExtensionBase, func.FuncExtensionBase, func.ExtensionMeta) == (
        app_extension_base.AppExtensionBase,
        func_extension_base.FuncExtensionBase,
        extension.ExtensionMeta,
    )


def test_call_with_hooks_wraps_the_call(script_root: Path) -> None:
    calls: list[Any] = []
    recording_extensions(calls, script_root)

    def user_function(req: int) -> str:
        calls.append(("function", req))
        return "result"

    returned = _hooks.call_with_hooks(context(), user_function, {"req": 1})
    assert (returned, [call[0] for call in calls]) == (
        "result",
        ["app pre", "function pre", "function", "function post", "app post"],
    )


def test_after_hooks_do_not_run_when_the_function_raises(script_root: Path) -> None:
    calls: list[Any] = []
    recording_extensions(calls, script_root)

    def user_function() -> None:
        raise KeyError("boom")

    with pytest.raises(KeyError):
        _hooks.call_with_hooks(context(), user_function, {})
    assert [call[0] for call in calls] == ["app pre", "function pre"]


def test_acall_with_hooks_wraps_a_coroutine(script_root: Path) -> None:
    import asyncio

    calls: list[Any] = []
    recording_extensions(calls, script_root)

    async def user_function(req: int) -> int:
        calls.append(("function", req))
        return req + 1

    returned = asyncio.run(_hooks.acall_with_hooks(context(), user_function, {"req": 1}))
    assert (returned, calls[-1]) == (2, ("app post", 2))
