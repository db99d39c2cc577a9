"""Invoking: event loop for async functions, bounded threads for plain ones, per-call logs."""

from __future__ import annotations

import logging
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import pytest

from azure_functions_compat.host import App, FunctionNotFoundError

from .conftest import HTTP_BINDINGS

# dataType string: the functions below take the message body as str.
QUEUE = [
    {
        "name": "msg",
        "type": "queueTrigger",
        "direction": "in",
        "queueName": "inbox",
        "dataType": "string",
    }
]


def test_async_functions_run_on_an_event_loop(make_app: Callable[..., App]) -> None:
    source = """
        import asyncio

        async def main(req):
            await asyncio.sleep(0)
            return type(asyncio.get_running_loop()).__name__
    """
    app = make_app({"Async": (HTTP_BINDINGS, source)})
    with app.test_client() as client:
        assert client.get("/api/Async").text.endswith("EventLoop")


def test_async_invocations_interleave_on_the_loop(make_app: Callable[..., App]) -> None:
    # Each call waits for the other: only works if both run on the loop at the same time.
    source = """
        import asyncio

        ARRIVED = []
        BOTH = None

        async def main(msg: str):
            global BOTH
            if BOTH is None:
                BOTH = asyncio.Event()
            ARRIVED.append(msg)
            if len(ARRIVED) == 2:
                BOTH.set()
            await asyncio.wait_for(BOTH.wait(), 5)
    """
    app = make_app({"Meet": (QUEUE, source)})
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda body: app.invoke("Meet", body), ["a", "b"]))
    assert [result.exception for result in results] == [None, None]


def test_plain_functions_run_at_most_thread_count_at_once(
    make_app: Callable[..., App],
) -> None:
    source = """
        import threading
        import time

        LOCK = threading.Lock()
        RUNNING = [0]
        PEAK = [0]

        # Two calls must meet here: a third may never be inside at the same time.
        PAIR = threading.Barrier(2, timeout=10)

        def main(msg: str):
            with LOCK:
                RUNNING[0] += 1
                PEAK[0] = max(PEAK[0], RUNNING[0])
            PAIR.wait()
            time.sleep(0.01)
            with LOCK:
                RUNNING[0] -= 1
            return PEAK[0]
    """
    bindings = [
        *QUEUE,
        {"name": "$return", "type": "queue", "direction": "out", "queueName": "peaks"},
    ]
    app = make_app({"Busy": (bindings, source)}, settings={"PYTHON_THREADPOOL_THREAD_COUNT": "2"})
    assert app.thread_count == 2
    with ThreadPoolExecutor(6) as pool:
        peaks = [
            result.return_value for result in pool.map(lambda _: app.invoke("Busy", "x"), range(6))
        ]
    assert max(peaks) == 2


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_an_invalid_thread_count_is_a_load_error(make_app: Callable[..., App], value: str) -> None:
    from azure_functions_compat.host import AppLoadError

    with pytest.raises(AppLoadError, match="PYTHON_THREADPOOL_THREAD_COUNT"):
        make_app(
            {"Fn": (QUEUE, "def main(msg):\n    pass\n")},
            settings={"PYTHON_THREADPOOL_THREAD_COUNT": value},
        )


def test_always_use_thread_pool_runs_plain_functions_on_pool_threads(
    make_app: Callable[..., App],
) -> None:
    source = """
        import threading

        def main(msg: str):
            return threading.current_thread().name
    """
    bindings = [
        *QUEUE,
        {"name": "$return", "type": "queue", "direction": "out", "queueName": "names"},
    ]
    app = make_app({"Where": (bindings, source)}, always_use_thread_pool=True)
    name = app.invoke("Where", "x").return_value
    assert name != threading.current_thread().name
    assert name.startswith("azure-functions-compat")


def test_logs_are_captured_per_invocation_with_level_and_id(
    make_app: Callable[..., App],
) -> None:
    source = """
        import logging

        def main(msg: str):
            logging.info("info %s", msg)
            logging.getLogger("mine").warning("warn %s", msg)
            logging.debug("not captured at the default level")
    """
    app = make_app({"Log": (QUEUE, source)})
    result = app.invoke("Log", "one")
    assert [(entry.level, entry.message) for entry in result.logs] == [
        ("INFO", "info one"),
        ("WARNING", "warn one"),
    ]
    assert {entry.invocation_id for entry in result.logs} == {result.invocation_id}
    assert result.logs[0].as_dict() == {"level": "INFO", "message": "info one"}


def test_concurrent_invocations_keep_their_own_logs_and_outputs(
    make_app: Callable[..., App],
) -> None:
    source = """
        import logging
        import time
        import azure.functions as func

        def main(msg: str, copy: func.Out[str]):
            for step in range(5):
                logging.info(f"{msg}-{step}")
                time.sleep(0.001)
            copy.set(msg)
    """
    bindings = [
        *QUEUE,
        {"name": "copy", "type": "queue", "direction": "out", "queueName": "copies"},
    ]
    app = make_app({"Many": (bindings, source)})
    bodies = [f"m{index}" for index in range(12)]
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda body: app.invoke("Many", body), bodies))
    for body, result in zip(bodies, results):
        assert [entry.message for entry in result.logs] == [f"{body}-{step}" for step in range(5)]
        assert result.outputs == {"copy": body}
    assert len({result.invocation_id for result in results}) == len(bodies)


def test_async_concurrent_invocations_keep_their_own_logs(make_app: Callable[..., App]) -> None:
    source = """
        import asyncio
        import logging

        async def main(msg: str):
            for step in range(3):
                logging.info(f"{msg}-{step}")
                await asyncio.sleep(0.001)
    """
    app = make_app({"AsyncLog": (QUEUE, source)})
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda body: app.invoke("AsyncLog", body), ["a", "b", "c", "d"]))
    for body, result in zip("abcd", results):
        assert [entry.message for entry in result.logs] == [f"{body}-{step}" for step in range(3)]


def test_logging_outside_invocations_is_not_captured(make_app: Callable[..., App]) -> None:
    app = make_app({"Quiet": (QUEUE, "def main(msg):\n    pass\n")})
    logging.getLogger().warning("from the test itself")
    assert app.invoke("Quiet", "x").logs == []


def test_host_json_log_level_debug_captures_debug_records(make_app: Callable[..., App]) -> None:
    host = {"version": "2.0", "logging": {"logLevel": {"default": "Debug"}}}
    source = "import logging\n\ndef main(msg):\n    logging.debug('fine detail')\n"
    app = make_app({"Debug": (QUEUE, source)}, host=host)
    assert [entry.level for entry in app.invoke("Debug", "x").logs] == ["DEBUG"]


def test_a_function_exception_is_kept_with_its_own_traceback(
    make_app: Callable[..., App],
) -> None:
    source = """
        def helper():
            raise KeyError("missing thing")

        def main(msg):
            helper()
    """
    app = make_app({"Fails": (QUEUE, source)})
    result = app.invoke("Fails", "x")
    assert isinstance(result.exception, KeyError)
    frames = traceback.extract_tb(result.exception.__traceback__)
    assert [frame.name for frame in frames] == ["main", "helper"]
    with pytest.raises(KeyError, match="missing thing"):
        result.raise_for_exception()


def test_an_async_function_exception_is_kept_with_its_own_traceback(
    make_app: Callable[..., App],
) -> None:
    source = "async def main(msg):\n    raise ValueError('async boom')\n"
    app = make_app({"Fails": (QUEUE, source)})
    result = app.invoke("Fails", "x")
    assert isinstance(result.exception, ValueError)
    assert traceback.extract_tb(result.exception.__traceback__)[0].name == "main"


def test_logs_before_an_exception_are_kept(make_app: Callable[..., App]) -> None:
    source = "import logging\n\ndef main(msg):\n    logging.error('about to fail')\n    1 / 0\n"
    app = make_app({"Fails": (QUEUE, source)})
    result = app.invoke("Fails", "x")
    assert [entry.message for entry in result.logs] == ["about to fail"]
    assert not result.ok


def test_invoking_an_unknown_function_names_the_known_ones(make_app: Callable[..., App]) -> None:
    app = make_app({"Known": (QUEUE, "def main(msg):\n    pass\n")})
    with pytest.raises(FunctionNotFoundError, match=r"no function 'Unknown' \(it has: Known\)"):
        app.invoke("Unknown")


def test_invoke_finds_a_function_whatever_the_case_of_its_name(
    make_app: Callable[..., App],
) -> None:
    app = make_app({"Known": (QUEUE, "def main(msg):\n    pass\n")})
    assert app.invoke("known", "x").function_name == "Known"


def test_a_disabled_function_is_not_invoked(make_app: Callable[..., App]) -> None:
    app = make_app({"Off": ({"disabled": True, "bindings": QUEUE}, "def main(msg):\n    pass\n")})
    with pytest.raises(FunctionNotFoundError, match="disabled"):
        app.invoke("Off", "x")


def test_the_app_can_be_used_again_after_close(make_app: Callable[..., App]) -> None:
    source = "async def main(msg):\n    pass\n"
    app = make_app({"Again": (QUEUE, source)})
    app.invoke("Again", "x")
    app.close()
    assert app.invoke("Again", "x").ok


def test_ainvoke_awaits_many_invocations_at_once(make_app: Callable[..., App]) -> None:
    import asyncio

    # The barrier only opens when all four calls are inside the function at the same time.
    source = """
        import threading

        BARRIER = threading.Barrier(4, timeout=10)

        def main(msg: str):
            BARRIER.wait()
    """
    app = make_app({"Meet": (QUEUE, source)}, settings={"PYTHON_THREADPOOL_THREAD_COUNT": "4"})

    async def run_all() -> list[bool]:
        results = await asyncio.gather(*(app.ainvoke("Meet", str(n)) for n in range(4)))
        return [result.ok for result in results]

    assert asyncio.run(run_all()) == [True] * 4


def test_invoke_from_inside_an_event_loop_runs_plain_functions_on_the_pool(
    make_app: Callable[..., App],
) -> None:
    import asyncio

    source = """
        import logging
        import threading

        def main(msg):
            logging.info(threading.current_thread().name)
    """
    app = make_app({"Where": (QUEUE, source)})

    async def from_loop() -> str:
        return app.invoke("Where", "x").logs[0].message

    assert asyncio.run(from_loop()).startswith("azure-functions-compat")


def test_the_azure_web_jobs_disabled_setting_switches_a_function_off(
    make_app: Callable[..., App],
) -> None:
    app = make_app(
        {
            "Off": (QUEUE, "def main(msg):\n    pass\n"),
            "On": (QUEUE, "def main(msg):\n    pass\n"),
        },
        settings={"AzureWebJobs.Off.Disabled": "true"},
    )
    assert (app.functions["Off"].disabled, app.functions["On"].disabled) == (True, False)
    with pytest.raises(FunctionNotFoundError, match="disabled"):
        app.invoke("Off", "x")


def test_sys_exit_in_a_function_is_its_failure_not_the_callers(
    make_app: Callable[..., App],
) -> None:
    app = make_app({"Quit": (QUEUE, "import sys\n\ndef main(msg):\n    sys.exit(3)\n")})
    result = app.invoke("Quit", "x")
    assert isinstance(result.exception, SystemExit)
