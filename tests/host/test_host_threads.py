"""Threads a function starts: they belong to its invocation (logs, calls to other apps)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

import pytest

from azure_functions_compat.host import App, load_app

from .conftest import HTTP_BINDINGS, QUEUE_TRIGGER, run_in_thread, write_app


def _hand(app: App, name: str, value: object) -> None:
    """Give the app's ``holder`` module an attribute (its functions read it)."""
    setattr(sys.modules[f"{app._package}.holder"], name, value)  # type: ignore[attr-defined]


# --- calling another app from a function, on every path --------------------------------------

WHO = """
    import os
    import azure.functions as func

    def main(req: func.HttpRequest) -> func.HttpResponse:
        return func.HttpResponse(os.environ["AFC_WHO"])
"""

# Each way a function of app A may reach app B; each answers "<B's answer> then <A's own>".
CALLERS = {
    "ainvoke": """
        import os
        import azure.functions as func
        from __app__ import holder

        async def main(req: func.HttpRequest) -> func.HttpResponse:
            inner = await holder.other.ainvoke("Who", holder.request())
            return func.HttpResponse(inner.http_response.get_body().decode() + " then "
                                     + os.environ["AFC_WHO"])
    """,
    "executor": """
        import os
        from concurrent.futures import ThreadPoolExecutor
        import azure.functions as func
        from __app__ import holder

        def main(req: func.HttpRequest) -> func.HttpResponse:
            with ThreadPoolExecutor(2) as pool:
                inner = pool.submit(holder.other.invoke, "Who", holder.request()).result()
            return func.HttpResponse(inner.http_response.get_body().decode() + " then "
                                     + os.environ["AFC_WHO"])
    """,
    "module_executor": """
        import os
        import azure.functions as func
        from __app__ import holder

        def main(req: func.HttpRequest) -> func.HttpResponse:
            inner = holder.POOL.submit(holder.other.invoke, "Who", holder.request()).result()
            return func.HttpResponse(inner.http_response.get_body().decode() + " then "
                                     + os.environ["AFC_WHO"])
    """,
    "to_thread": """
        import asyncio
        import os
        import azure.functions as func
        from __app__ import holder

        async def main(req: func.HttpRequest) -> func.HttpResponse:
            inner = await asyncio.to_thread(holder.other.invoke, "Who", holder.request())
            return func.HttpResponse(inner.http_response.get_body().decode() + " then "
                                     + os.environ["AFC_WHO"])
    """,
    "run_in_executor": """
        import asyncio
        import os
        import azure.functions as func
        from __app__ import holder

        async def main(req: func.HttpRequest) -> func.HttpResponse:
            loop = asyncio.get_running_loop()
            inner = await loop.run_in_executor(None, holder.other.invoke, "Who", holder.request())
            return func.HttpResponse(inner.http_response.get_body().decode() + " then "
                                     + os.environ["AFC_WHO"])
    """,
    "thread": """
        import os
        import threading
        import azure.functions as func
        from __app__ import holder

        def main(req: func.HttpRequest) -> func.HttpResponse:
            box = []
            worker = threading.Thread(
                target=lambda: box.append(holder.other.invoke("Who", holder.request()))
            )
            worker.start()
            worker.join()
            return func.HttpResponse(box[0].http_response.get_body().decode() + " then "
                                     + os.environ["AFC_WHO"])
    """,
}

HOLDER = """
    from concurrent.futures import ThreadPoolExecutor

    import azure.functions as func

    other = None
    POOL = ThreadPoolExecutor(2)

    def request():
        return func.HttpRequest("GET", "http://localhost/api/Who", body=b"")
"""


@pytest.mark.parametrize("way", sorted(CALLERS))
def test_a_function_calling_another_app_never_deadlocks(tmp_path: Path, way: str) -> None:
    outer_root = write_app(
        tmp_path / "outer",
        {"Call": (HTTP_BINDINGS, CALLERS[way])},
        settings={"AFC_WHO": "outer"},
        files={"holder.py": HOLDER},
    )
    inner_root = write_app(
        tmp_path / "inner", {"Who": (HTTP_BINDINGS, WHO)}, settings={"AFC_WHO": "inner"}
    )
    outer, inner = load_app(outer_root), load_app(inner_root)
    _hand(outer, "other", inner)
    try:
        response = run_in_thread(lambda: outer.test_client().get("/api/Call"))
        assert response.exception is None
        assert response.text == "inner then outer"
    finally:
        run_in_thread(outer.close)
        run_in_thread(inner.close)


def test_a_call_from_a_thread_the_host_cannot_trace_ends_with_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from azure_functions_compat.host import invocation

    monkeypatch.setattr(invocation, "WAIT_LIMIT", 0.3)
    untraced = """
        import _thread
        import os
        import threading
        import azure.functions as func
        from __app__ import holder

        def main(req: func.HttpRequest) -> func.HttpResponse:
            done = threading.Event()
            box = []

            def call():
                try:
                    box.append(holder.other.invoke("Who", holder.request()))
                except BaseException as exc:
                    box.append(exc)
                done.set()

            _thread.start_new_thread(call, ())
            done.wait()
            return func.HttpResponse(f"{type(box[0]).__name__}: {box[0]}")
    """
    outer_root = write_app(
        tmp_path / "outer",
        {"Call": (HTTP_BINDINGS, untraced)},
        settings={"AFC_WHO": "outer"},
        files={"holder.py": HOLDER},
    )
    inner_root = write_app(
        tmp_path / "inner", {"Who": (HTTP_BINDINGS, WHO)}, settings={"AFC_WHO": "inner"}
    )
    outer, inner = load_app(outer_root), load_app(inner_root)
    _hand(outer, "other", inner)
    try:
        text = run_in_thread(lambda: outer.test_client().get("/api/Call").text)
        assert text.startswith("TimeoutError: ")
        assert str(inner_root) in text
        assert str(outer_root) in text
        assert "thread_local_storage" in text
        # Nothing was left behind: both apps still answer.
        assert run_in_thread(lambda: inner.test_client().get("/api/Who").text) == "inner"
    finally:
        run_in_thread(outer.close)
        run_in_thread(inner.close)


def test_an_untraced_thread_that_names_its_invocation_may_call_another_app(
    tmp_path: Path,
) -> None:
    named = """
        import _thread
        import os
        import threading
        import azure.functions as func
        from __app__ import holder

        def main(req: func.HttpRequest, context: func.Context) -> func.HttpResponse:
            done = threading.Event()
            box = []

            def call():
                context.thread_local_storage.invocation_id = context.invocation_id
                try:
                    box.append(holder.other.invoke("Who", holder.request()))
                finally:
                    context.thread_local_storage.invocation_id = None
                    done.set()

            _thread.start_new_thread(call, ())
            done.wait()
            return func.HttpResponse(box[0].http_response.get_body().decode())
    """
    outer_root = write_app(
        tmp_path / "outer",
        {"Call": (HTTP_BINDINGS, named)},
        settings={"AFC_WHO": "outer"},
        files={"holder.py": HOLDER},
    )
    inner_root = write_app(
        tmp_path / "inner", {"Who": (HTTP_BINDINGS, WHO)}, settings={"AFC_WHO": "inner"}
    )
    outer, inner = load_app(outer_root), load_app(inner_root)
    _hand(outer, "other", inner)
    try:
        assert run_in_thread(lambda: outer.test_client().get("/api/Call").text) == "inner"
    finally:
        run_in_thread(outer.close)
        run_in_thread(inner.close)


def test_a_function_of_the_app_itself_called_from_a_pool_thread_needs_no_free_slot(
    make_app: Callable[..., App],
) -> None:
    caller = """
        from concurrent.futures import ThreadPoolExecutor
        import azure.functions as func
        from __app__ import holder

        def main(req: func.HttpRequest) -> func.HttpResponse:
            with ThreadPoolExecutor(1) as pool:
                inner = pool.submit(holder.other.invoke, "Who", holder.request()).result()
            return func.HttpResponse(inner.http_response.get_body())
    """
    app = make_app(
        {"Call": (HTTP_BINDINGS, caller), "Who": (HTTP_BINDINGS, WHO)},
        settings={"AFC_WHO": "me", "PYTHON_THREADPOOL_THREAD_COUNT": "1"},
        files={"holder.py": HOLDER},
    )
    _hand(app, "other", app)
    assert run_in_thread(lambda: app.test_client().get("/api/Call").text) == "me"


# --- logs written by threads a function starts ----------------------------------------------

LOGGING_THREADS = {
    "thread": """
        import logging
        import threading

        def main(msg) -> None:
            text = "from a thread " + msg.get_body().decode()
            worker = threading.Thread(target=logging.info, args=(text,))
            worker.start()
            worker.join()
    """,
    "executor": """
        import logging
        from concurrent.futures import ThreadPoolExecutor

        def main(msg) -> None:
            with ThreadPoolExecutor(2) as pool:
                pool.submit(logging.info, "from a thread " + msg.get_body().decode()).result()
    """,
    "module_executor": """
        import logging
        from concurrent.futures import ThreadPoolExecutor

        POOL = ThreadPoolExecutor(1)

        def main(msg) -> None:
            POOL.submit(logging.info, "from a thread " + msg.get_body().decode()).result()
    """,
    "async_executor": """
        import logging
        from concurrent.futures import ThreadPoolExecutor

        async def main(msg) -> None:
            with ThreadPoolExecutor() as pool:
                pool.submit(logging.info, "from a thread " + msg.get_body().decode())
    """,
    "thread_local_storage": """
        import _thread
        import logging
        import threading

        import azure.functions as func

        def main(msg, context: func.Context) -> None:
            done = threading.Event()

            def work():
                context.thread_local_storage.invocation_id = context.invocation_id
                logging.info("from a thread " + msg.get_body().decode())
                context.thread_local_storage.invocation_id = None
                done.set()

            _thread.start_new_thread(work, ())
            done.wait()
    """,
}


@pytest.mark.parametrize("way", sorted(LOGGING_THREADS))
def test_logs_of_threads_a_function_starts_belong_to_its_invocation(
    make_app: Callable[..., App], way: str
) -> None:
    app = make_app({"Fn": ([QUEUE_TRIGGER], LOGGING_THREADS[way])})
    results = run_in_thread(lambda: [app.invoke("Fn", str(number)) for number in range(3)])
    for number, result in enumerate(results):
        assert result.exception is None
        assert [entry.message for entry in result.logs] == [f"from a thread {number}"]
        assert {entry.invocation_id for entry in result.logs} == {result.invocation_id}


def test_logs_of_threads_of_concurrent_invocations_stay_apart(
    make_app: Callable[..., App],
) -> None:
    source = """
        import logging
        import threading
        import time
        from concurrent.futures import ThreadPoolExecutor

        POOL = ThreadPoolExecutor(4)

        def main(msg) -> None:
            def work(step):
                time.sleep(0.001)
                logging.info("%s-%s", msg.get_body().decode(), step)
            threads = [threading.Thread(target=work, args=(step,)) for step in range(3)]
            for thread in threads:
                thread.start()
            for future in [POOL.submit(work, step) for step in range(3, 6)]:
                future.result()
            for thread in threads:
                thread.join()
    """
    app = make_app({"Fn": ([QUEUE_TRIGGER], source)})
    with __import__("concurrent.futures").futures.ThreadPoolExecutor(4) as callers:
        results = list(callers.map(lambda number: app.invoke("Fn", f"m{number}"), range(8)))
    for number, result in enumerate(results):
        assert sorted(entry.message for entry in result.logs) == [
            f"m{number}-{step}" for step in range(6)
        ]


def test_a_thread_logging_after_its_invocation_returned_adds_nothing_to_it(
    make_app: Callable[..., App],
) -> None:
    source = """
        import logging
        import threading

        from __app__ import holder

        def main(msg) -> None:
            logging.info("in the function")

            def later():
                holder.RELEASE.wait(5)
                logging.info("after the function")
                holder.DONE.set()

            threading.Thread(target=later).start()
    """
    holder = "import threading\nRELEASE = threading.Event()\nDONE = threading.Event()\n"
    app = make_app({"Fn": ([QUEUE_TRIGGER], source)}, files={"holder.py": holder})
    result = app.invoke("Fn", "x")
    module = sys.modules[f"{app._package}.holder"]  # type: ignore[attr-defined]
    module.RELEASE.set()
    assert module.DONE.wait(5)
    assert [entry.message for entry in result.logs] == ["in the function"]
