"""What the host guarantees under misuse: no hang, no leak, no app breaking another."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

from azure_functions_compat.host import App, AppLoadError, load_app

from .conftest import HTTP_BINDINGS, QUEUE_TRIGGER, run_in_thread, write_app

# --- an async function that raises SystemExit or KeyboardInterrupt ------------------------

ESCAPING_ASYNC = """
    import sys
    import azure.functions as func

    class Stop(BaseException):
        pass

    async def main(req: func.HttpRequest) -> func.HttpResponse:
        how = req.params.get("how")
        if how == "exit":
            sys.exit(3)
        if how == "interrupt":
            raise KeyboardInterrupt
        if how == "base":
            raise Stop("stopped")
        return func.HttpResponse("still here")
"""


@pytest.mark.parametrize(
    ("how", "exception_type"),
    [("exit", "SystemExit"), ("interrupt", "KeyboardInterrupt"), ("base", "Stop")],
)
def test_an_async_function_raising_a_base_exception_fails_only_its_invocation(
    make_app: Callable[..., App], how: str, exception_type: str
) -> None:
    app = make_app({"Escape": (HTTP_BINDINGS, ESCAPING_ASYNC)})
    client = app.test_client()
    failed = run_in_thread(lambda: client.get(f"/api/Escape?how={how}"))
    assert failed.status_code == 500
    assert type(failed.exception).__name__ == exception_type
    # The app's loop survived: later calls, many at once, and close() all return.
    again = run_in_thread(lambda: [client.get("/api/Escape") for _ in range(3)])
    assert [response.text for response in again] == ["still here"] * 3
    run_in_thread(app.close)
    assert run_in_thread(lambda: client.get("/api/Escape")).text == "still here"


def test_the_traceback_of_an_async_sys_exit_starts_in_the_function(
    make_app: Callable[..., App],
) -> None:
    app = make_app({"Escape": (HTTP_BINDINGS, ESCAPING_ASYNC)})
    failed = run_in_thread(lambda: app.test_client().get("/api/Escape?how=exit"))
    trace = failed.exception.__traceback__
    assert trace is not None
    assert trace.tb_frame.f_code.co_name == "main"


def test_an_async_sys_exit_in_a_nested_call_fails_only_the_inner_invocation(
    make_app: Callable[..., App],
) -> None:
    outer = """
        import azure.functions as func
        from __app__ import holder

        async def main(req: func.HttpRequest) -> func.HttpResponse:
            inner = holder.app.test_client().get("/api/Escape?how=exit")
            return func.HttpResponse(f"{inner.status_code} {type(inner.exception).__name__}")
    """
    app = make_app(
        {"Escape": (HTTP_BINDINGS, ESCAPING_ASYNC), "Outer": (HTTP_BINDINGS, outer)},
        files={"holder.py": "app = None\n"},
    )
    sys.modules[app._package + ".holder"].app = app  # type: ignore[attr-defined,operator]
    response = run_in_thread(lambda: app.test_client().get("/api/Outer"))
    assert response.text == "500 SystemExit"


def test_a_plain_function_raising_keyboard_interrupt_still_stops_the_caller(
    make_app: Callable[..., App],
) -> None:
    app = make_app({"Stop": ([QUEUE_TRIGGER], "def main(msg):\n    raise KeyboardInterrupt\n")})
    with pytest.raises(KeyboardInterrupt):
        app.invoke("Stop", "x")


# --- two apps of one folder ---------------------------------------------------------------

IMPORTS_HELPER = """
    import azure.functions as func

    def main(req: func.HttpRequest) -> func.HttpResponse:
        import helper

        return func.HttpResponse(helper.NAME)
"""


def test_closing_one_app_keeps_the_folder_importable_for_another_app_of_it(
    tmp_path: Path,
) -> None:
    root = write_app(
        tmp_path / "shared",
        {"Helped": (HTTP_BINDINGS, IMPORTS_HELPER)},
        files={"helper.py": "NAME = 'helper'\n"},
    )
    first, second = load_app(root), load_app(root)
    try:
        first.close()
        sys.modules.pop("helper", None)
        response = second.test_client().get("/api/Helped")
        assert (response.status_code, response.text) == (200, "helper")
        assert str(root) in sys.path
        second.close()
        assert str(root) not in sys.path
        # Closing twice lets go only once; running again takes the folder back.
        first.close()
        assert str(root) not in sys.path
        sys.modules.pop("helper", None)
        assert first.test_client().get("/api/Helped").text == "helper"
        assert str(root) in sys.path
    finally:
        first.close()
        second.close()
        sys.modules.pop("helper", None)


def test_an_event_loop_in_the_caller_is_untouched_by_an_async_sys_exit(
    make_app: Callable[..., App],
) -> None:
    app = make_app({"Escape": (HTTP_BINDINGS, ESCAPING_ASYNC)})

    async def scenario() -> list[int]:
        request_exit = app.test_client()
        first = await asyncio.to_thread(request_exit.get, "/api/Escape?how=exit")
        second = await asyncio.to_thread(request_exit.get, "/api/Escape")
        return [first.status_code, second.status_code]

    assert run_in_thread(lambda: asyncio.run(scenario())) == [500, 200]


# --- a setting the environment cannot hold ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("BAD", "a\x00b", "its value holds a NUL character"),
        ("A=B", "x", "its name holds '='"),
        ("", "x", "its name is empty"),
        ("BAD", "\ud800", "its value cannot be encoded for the environment"),
    ],
)
def test_a_setting_the_environment_cannot_hold_is_one_load_error_and_leaks_nothing(
    tmp_path: Path, name: str, value: str, problem: str
) -> None:
    root = write_app(
        tmp_path / "app",
        {"Fn": ([QUEUE_TRIGGER], "def main(msg):\n    pass\n")},
        settings={"AFC_APPLIED_FIRST": "yes", name: value, "AFC_APPLIED_LAST": "yes"},
    )
    before = dict(os.environ)
    with pytest.raises(AppLoadError) as caught:
        load_app(root)
    message = str(caught.value)
    assert message == (
        f"local.settings.json: Values setting {name!r} cannot be an environment variable: "
        f"{problem}"
    )
    assert "\n" not in message
    assert dict(os.environ) == before


def test_a_setting_given_to_load_app_that_the_environment_cannot_hold_is_refused(
    tmp_path: Path,
) -> None:
    root = write_app(tmp_path / "app", {"Fn": ([QUEUE_TRIGGER], "def main(msg):\n    pass\n")})
    before = dict(os.environ)
    with pytest.raises(ValueError, match=r"load_app: settings\['A=B'\] cannot be an environment"):
        load_app(root, settings={"OK": "1", "A=B": "x"})
    assert dict(os.environ) == before


def test_a_setting_the_os_refuses_half_way_leaves_the_environment_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The layer itself is all or nothing, whatever check came before it.
    from azure_functions_compat.host.invocation import ENVIRONMENT

    monkeypatch.setenv("AFC_KEPT", "old")
    before = dict(os.environ)
    with pytest.raises(ValueError, match="null"):
        ENVIRONMENT.enter(-1, {"AFC_KEPT": "new", "AFC_ADDED": "x", "AFC_BAD": "a\x00b"})
    assert dict(os.environ) == before
    ENVIRONMENT.enter(-1, {"AFC_KEPT": "new"})
    try:
        assert os.environ["AFC_KEPT"] == "new"
    finally:
        ENVIRONMENT.exit(-1)
    assert os.environ["AFC_KEPT"] == "old"


# --- function keys ------------------------------------------------------------------------

KEYED = [
    {"name": "req", "type": "httpTrigger", "direction": "in", "authLevel": "function"},
    {"name": "$return", "type": "http", "direction": "out"},
]
ADMIN = [{**KEYED[0], "authLevel": "admin"}, KEYED[1]]
ANSWER = "import azure.functions as func\n\ndef main(req):\n    return func.HttpResponse('in')\n"


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ({"master_key": ""}, "load_app: master_key must be a non-empty str or None, got ''"),
        ({"function_keys": ""}, "load_app: function_keys must be non-empty keys"),
        ({"function_keys": [""]}, "load_app: function_keys must be non-empty keys"),
        ({"function_keys": ["k", ""]}, "load_app: function_keys must be non-empty keys"),
    ],
)
def test_an_empty_configured_key_is_refused_where_it_is_configured(
    tmp_path: Path, keys: dict[str, Any], message: str
) -> None:
    root = write_app(tmp_path / "app", {"Fn": (KEYED, ANSWER)})
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        load_app(root, **keys)


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/api/Fn", {"x-functions-key": ""}, 401),
        ("/api/Admin", {"x-functions-key": ""}, 401),
        ("/api/Fn?code=", {}, 401),
        ("/api/Fn?code=fk", {}, 200),
        ("/api/Fn?Code=fk", {}, 200),
        ("/api/Fn?CODE=fk", {}, 200),
        ("/api/Fn?code=fk&code=wrong", {}, 200),
        ("/api/Fn?code=wrong&code=fk", {}, 401),
        ("/api/Fn", {"X-Functions-Key": "fk"}, 200),
        # The header wins whenever it is present, as in the Functions host.
        ("/api/Fn?code=wrong", {"x-functions-key": "fk"}, 200),
        ("/api/Fn?code=fk", {"x-functions-key": "wrong"}, 401),
        ("/api/Fn?code=fk", {"x-functions-key": ""}, 401),
        ("/api/Admin?code=fk", {}, 401),
        ("/api/Admin?code=mk", {}, 200),
        ("/api/Admin?code=wrong", {"x-functions-key": "mk"}, 200),
    ],
)
def test_keys_are_read_as_the_functions_host_reads_them(
    make_app: Callable[..., App], path: str, headers: dict[str, str], status: int
) -> None:
    app = make_app(
        {"Fn": (KEYED, ANSWER), "Admin": (ADMIN, ANSWER)}, function_keys=["fk"], master_key="mk"
    )
    assert app.test_client().get(path, headers=headers).status_code == status
