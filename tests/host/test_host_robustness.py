"""The host under stress: closing while busy, nested calls, two apps at once, bad input."""

from __future__ import annotations

import importlib
import importlib.util
import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Callable

import pytest

from azure_functions_compat.host import (
    App,
    AppLoadError,
    BindingConverter,
    RouteTemplate,
    load_app,
    register_converter,
)
from azure_functions_compat.host.loader import param_kind
from azure_functions_compat.host.validation import InvalidBinding

from .conftest import HTTP_BINDINGS, QUEUE_TRIGGER, run_in_thread, write_app

# --- 1. closing while invocations are in flight -------------------------------------------

SLOW_ASYNC = """
    import asyncio
    import azure.functions as func

    async def main(req: func.HttpRequest) -> func.HttpResponse:
        await asyncio.sleep(float(req.params.get("t", "0")))
        return func.HttpResponse("slept " + req.params.get("t", "0"))
"""


def test_closing_the_app_waits_for_a_running_async_function(
    make_app: Callable[..., App],
) -> None:
    app = make_app({"Slow": (HTTP_BINDINGS, SLOW_ASYNC)})
    app.test_client().get("/api/Slow")  # start the loop
    started = threading.Event()
    results: list[int] = []

    def slow_client() -> None:
        with app.test_client() as client:
            started.set()
            results.append(client.get("/api/Slow?t=0.3").status_code)

    thread = threading.Thread(target=slow_client, daemon=True)
    thread.start()
    started.wait(2)
    with app.test_client() as other:
        assert other.get("/api/Slow?t=0.01").status_code == 200
    thread.join(5)
    assert not thread.is_alive()
    assert results == [200]


def test_close_returns_only_after_a_running_plain_function_finished(
    make_app: Callable[..., App],
) -> None:
    source = """
        import threading, time
        DONE = []
        STARTED = threading.Event()

        def main(req):
            STARTED.set()
            time.sleep(0.2)
            DONE.append(1)
            return "ok"
    """
    app = make_app({"Work": (HTTP_BINDINGS, source)})
    module = importlib.import_module("__app__.Work")
    thread = threading.Thread(target=lambda: app.test_client().get("/api/Work"), daemon=True)
    thread.start()
    assert module.STARTED.wait(2)
    app.close()
    assert module.DONE == [1]
    thread.join(2)


def test_a_pooled_function_started_while_the_app_closes_still_runs(
    make_app: Callable[..., App],
) -> None:
    app = make_app(
        {"Hi": (HTTP_BINDINGS, "def main(req):\n    return 'hi'\n")}, always_use_thread_pool=True
    )
    statuses: list[int] = []
    errors: list[BaseException] = []

    def hammer() -> None:
        try:
            for _ in range(100):
                statuses.append(app.test_client().get("/api/Hi").status_code)
        except BaseException as exc:  # pragma: no cover - what the test looks for
            errors.append(exc)

    thread = threading.Thread(target=hammer, daemon=True)
    thread.start()
    while thread.is_alive():
        app.close()
    assert errors == []
    assert statuses == [200] * 100


def test_closing_the_app_from_inside_its_own_function_does_not_hang(
    make_app: Callable[..., App],
) -> None:
    source = """
        import azure.functions as func
        APP = None

        async def main(req: func.HttpRequest) -> str:
            with APP.test_client() as client:
                return "inner " + client.get("/api/Leaf").text
    """
    app = make_app(
        {
            "Outer": (HTTP_BINDINGS, source),
            "Leaf": (HTTP_BINDINGS, "def main(req):\n    return 'leaf'\n"),
        }
    )
    importlib.import_module("__app__.Outer").APP = app
    response = run_in_thread(lambda: app.test_client().get("/api/Outer"))
    assert response.text == "inner leaf"


# --- 2. PEP 604 optional annotations --------------------------------------------------------


def test_pep_604_optional_annotations_as_text_load_on_every_python(
    make_app: Callable[..., App],
) -> None:
    source = """
        from __future__ import annotations
        import azure.functions as func

        def main(
            req: func.HttpRequest, context: func.Context | None = None
        ) -> func.HttpResponse | None:
            return func.HttpResponse("optional " + context.function_name)
    """
    app = make_app({"Opt": (HTTP_BINDINGS, source)})
    assert app.test_client().get("/api/Opt").text == "optional Opt"


def test_pep_604_optional_annotations_load_in_the_decorator_model(tmp_path: Path) -> None:
    root = write_app(
        tmp_path / "app",
        {},
        files={
            "function_app.py": """
                from __future__ import annotations
                import azure.functions as func

                app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

                @app.route(route="opt")
                def opt(req: func.HttpRequest) -> func.HttpResponse | None:
                    return func.HttpResponse("ok")

                @app.queue_trigger(arg_name="msg", queue_name="inbox", connection="X")
                @app.queue_output(arg_name="out", queue_name="outbox", connection="X")
                def relay(msg: func.QueueMessage | None, out: func.Out[str | None]) -> None:
                    out.set(msg.get_body().decode())
            """
        },
    )
    with load_app(root) as app:
        assert app.test_client().get("/api/opt").text == "ok"
        assert app.invoke("relay", "hi").outputs == {"out": "hi"}


@pytest.mark.skipif(sys.version_info < (3, 10), reason="X | None is evaluated from 3.10 on")
def test_pep_604_optional_annotations_evaluated_load(make_app: Callable[..., App]) -> None:
    source = """
        import azure.functions as func

        def main(msg: func.QueueMessage | None) -> str | None:
            return msg.get_body().decode()
    """
    bindings = [
        QUEUE_TRIGGER,
        {"name": "$return", "type": "queue", "direction": "out", "queueName": "outbox"},
    ]
    app = make_app({"Q": (bindings, source)})
    assert app.invoke("Q", "hello").return_value == "hello"


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        ("func.InputStream | None", "InputStream"),
        ("None | bytes", "bytes"),
        ("Optional[func.QueueMessage]", "QueueMessage"),
        ("func.Out[str | None]", "Out[str]"),
        ("str | bytes", "None"),
    ],
)
def test_union_annotations_as_text_reduce_to_their_one_class(
    annotation: str, expected: str
) -> None:
    assert repr(param_kind(annotation)) == expected


def test_one_annotation_that_does_not_evaluate_keeps_the_others_evaluated(
    make_app: Callable[..., App],
) -> None:
    source = """
        from __future__ import annotations
        from azure.functions import QueueMessage as Message

        def main(msg: Message, extra: NotDefinedAnywhere = None) -> None:
            assert isinstance(msg, Message)
    """
    app = make_app({"Q": ([QUEUE_TRIGGER], source)})
    assert app.invoke("Q", "x").exception is None


# --- 3. the environment wins, everywhere ---------------------------------------------------


def test_a_variable_in_the_environment_wins_in_the_function_in_expressions_and_settings(
    make_app: Callable[..., App], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OUT_QUEUE", "from-env")
    bindings = [
        QUEUE_TRIGGER,
        {"name": "$return", "type": "queue", "direction": "out", "queueName": "%OUT_QUEUE%"},
    ]
    source = "import os\n\ndef main(msg) -> str:\n    return os.environ['OUT_QUEUE']\n"
    app = make_app({"Fn": (bindings, source)}, settings={"OUT_QUEUE": "from-file"})
    result = app.invoke("Fn", "x")
    assert app.settings["OUT_QUEUE"] == "from-env"
    assert result.return_value == "from-env"
    assert app.storage.messages("from-env") == [b"from-env"]
    assert app.storage.messages("from-file") == []


# --- 4. two apps in one process -------------------------------------------------------------

LAZY = """
    def main(req):
        from __app__.Shared import helper
        from ..Shared import helper as relative
        return helper.NAME + " " + relative.NAME + " " + str(helper is relative)
"""


def _lazy_app(root: Path, name: str) -> Path:
    return write_app(
        root,
        {"Lazy": (HTTP_BINDINGS, LAZY)},
        files={"Shared/__init__.py": "", "Shared/helper.py": f"NAME = {name!r}\n"},
    )


def test_imports_made_while_a_function_runs_find_its_own_apps_modules(tmp_path: Path) -> None:
    with (
        load_app(_lazy_app(tmp_path / "one", "one")) as one,
        load_app(_lazy_app(tmp_path / "two", "two")) as two,
    ):
        assert one.test_client().get("/api/Lazy").text == "one one True"
        assert two.test_client().get("/api/Lazy").text == "two two True"
        assert one.test_client().get("/api/Lazy").text == "one one True"


def test_a_function_folder_named_like_a_stdlib_module_does_not_hide_it(tmp_path: Path) -> None:
    root = write_app(
        tmp_path / "app", {"colorsys": ([QUEUE_TRIGGER], "def main(msg):\n    pass\n")}
    )
    with load_app(root):
        spec = importlib.util.find_spec("colorsys")
        assert spec is not None
        assert spec.origin is not None
        assert not spec.origin.startswith(str(root))


def test_closing_an_app_takes_its_folder_off_sys_path(tmp_path: Path) -> None:
    root = write_app(tmp_path / "app", {"Fn": (HTTP_BINDINGS, "def main(req):\n    return 'x'\n")})
    app = load_app(root)
    assert str(root) in sys.path
    app.close()
    assert str(root) not in sys.path


def test_closing_an_app_leaves_a_sys_path_entry_it_did_not_add(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_app(tmp_path / "app", {"Fn": (HTTP_BINDINGS, "def main(req):\n    return 'x'\n")})
    monkeypatch.syspath_prepend(str(root))
    load_app(root).close()
    assert sys.path[0] == str(root)


def test_after_calling_another_app_a_function_still_imports_from_its_own(tmp_path: Path) -> None:
    caller = """
        import os
        from azure_functions_compat.host import load_app

        def main(req):
            with load_app(os.environ["OTHER"]) as other:
                theirs = other.test_client().get("/api/Lazy").text
            from __app__.Shared import helper
            return theirs + " / " + helper.NAME
    """
    two = _lazy_app(tmp_path / "two", "two")
    root = write_app(
        tmp_path / "one",
        {"Caller": (HTTP_BINDINGS, caller)},
        settings={"OTHER": str(two)},
        files={"Shared/__init__.py": "", "Shared/helper.py": "NAME = 'one'\n"},
    )
    with load_app(root) as one:
        response = run_in_thread(lambda: one.test_client().get("/api/Caller"))
    assert response.text == "two two True / one"


# --- 5. nested calls never wait forever -----------------------------------------------------

OUTER = """
    import os
    from azure_functions_compat.host import load_app

    def main(req):
        with load_app(os.environ["INNER_APP"]) as inner:
            said = inner.invoke("Inner", "x").return_value
        return said + " then " + os.environ["WHO"]
"""


def test_a_function_that_invokes_another_app_with_settings_sees_each_apps_own(
    make_app: Callable[..., App], tmp_path: Path
) -> None:
    inner = write_app(
        tmp_path / "inner",
        {
            "Inner": (
                [
                    QUEUE_TRIGGER,
                    {"name": "$return", "type": "queue", "direction": "out", "queueName": "said"},
                ],
                "import os\n\ndef main(msg) -> str:\n    return 'inner ' + os.environ['WHO']\n",
            )
        },
        settings={"WHO": "inner"},
    )
    outer = make_app(
        {"Outer": (HTTP_BINDINGS, OUTER)}, settings={"WHO": "outer", "INNER_APP": str(inner)}
    )
    response = run_in_thread(lambda: outer.test_client().get("/api/Outer"))
    assert response.text == "inner inner then outer"


def test_a_function_invoking_its_own_app_with_one_thread_runs_inline(
    make_app: Callable[..., App],
) -> None:
    source = """
        APP = None

        def main(req):
            return "outer+" + APP.test_client().get("/api/Leaf").text
    """
    app = make_app(
        {
            "Outer": (HTTP_BINDINGS, source),
            "Leaf": (HTTP_BINDINGS, "def main(req):\n    return 'leaf'\n"),
        },
        settings={"PYTHON_THREADPOOL_THREAD_COUNT": "1"},
    )
    importlib.import_module("__app__.Outer").APP = app
    assert run_in_thread(lambda: app.test_client().get("/api/Outer")).text == "outer+leaf"


def test_an_async_function_invoking_its_own_apps_async_function_synchronously_returns(
    make_app: Callable[..., App],
) -> None:
    source = """
        APP = None

        async def main(req):
            return "outer+" + APP.test_client().get("/api/Slow?t=0.01").text
    """
    app = make_app({"Outer": (HTTP_BINDINGS, source), "Slow": (HTTP_BINDINGS, SLOW_ASYNC)})
    importlib.import_module("__app__.Outer").APP = app
    assert run_in_thread(lambda: app.test_client().get("/api/Outer")).text == "outer+slept 0.01"


def test_async_to_plain_to_async_calls_within_one_app_return(make_app: Callable[..., App]) -> None:
    outer = """
        APP = None

        async def main(req):
            return "outer+" + APP.test_client().get("/api/Middle").text
    """
    middle = """
        APP = None

        def main(req):
            return "middle+" + APP.test_client().get("/api/Slow?t=0.01").text
    """
    app = make_app(
        {
            "Outer": (HTTP_BINDINGS, outer),
            "Middle": (HTTP_BINDINGS, middle),
            "Slow": (HTTP_BINDINGS, SLOW_ASYNC),
        }
    )
    for name in ("Outer", "Middle"):
        importlib.import_module(f"__app__.{name}").APP = app
    response = run_in_thread(lambda: app.test_client().get("/api/Outer"))
    assert response.text == "outer+middle+slept 0.01"


# --- 6. conflicting routes ------------------------------------------------------------------


def _http(route: str, methods: Any = None) -> list[dict[str, Any]]:
    trigger: dict[str, Any] = {**HTTP_BINDINGS[0], "route": route}
    if methods is not None:
        trigger["methods"] = methods
    return [trigger, HTTP_BINDINGS[1]]


HELLO = "def main(req):\n    return 'hi'\n"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (_http("items"), _http("items")),
        (_http("Items/"), _http("items")),
        (_http("items", ["get", "post"]), _http("items", ["POST"])),
        (_http("items"), _http("items", ["GET"])),
    ],
    ids=["same route", "case and slashes", "overlapping methods", "all methods and one"],
)
def test_two_functions_with_one_route_are_a_load_error_naming_both(
    make_app: Callable[..., App], first: Any, second: Any
) -> None:
    with pytest.raises(AppLoadError) as caught:
        make_app({"A": (first, HELLO), "B": (second, HELLO)})
    message = str(caught.value)
    assert message.startswith("B/function.json: route ")
    assert "function 'B'" in message
    assert "function 'A' (A/function.json)" in message
    assert "\n" not in message


def test_one_route_with_different_methods_for_two_functions_is_allowed(
    make_app: Callable[..., App],
) -> None:
    app = make_app(
        {
            "Read": (_http("items", ["GET"]), "def main(req):\n    return 'read'\n"),
            "Write": (_http("items", ["POST"]), "def main(req):\n    return 'write'\n"),
        }
    )
    client = app.test_client()
    assert client.get("/api/items").text == "read"
    assert client.post("/api/items").text == "write"


# --- 7. required binding settings -----------------------------------------------------------


@pytest.mark.parametrize(
    ("bindings", "expected"),
    [
        (
            [{"name": "msg", "type": "queueTrigger", "direction": "in"}],
            "Fn/function.json: bindings[0].queueName is missing",
        ),
        (
            [{**QUEUE_TRIGGER, "queueName": "bad_name!"}],
            "Fn/function.json: bindings[0].queueName must be a valid queue name",
        ),
        (
            [{**QUEUE_TRIGGER, "queueName": "ab"}],
            "Fn/function.json: bindings[0].queueName must be a valid queue name",
        ),
        (
            [QUEUE_TRIGGER, {"name": "out", "type": "queue", "direction": "out", "queueName": ""}],
            "Fn/function.json: bindings[1].queueName must be a non-empty string",
        ),
        (
            [{"name": "b", "type": "blobTrigger", "direction": "in", "path": "x"}],
            "Fn/function.json: bindings[0].path must be a blob path in the form container/blob",
        ),
        (
            [{"name": "b", "type": "blobTrigger", "direction": "in"}],
            "Fn/function.json: bindings[0].path is missing",
        ),
        (
            [
                QUEUE_TRIGGER,
                {"name": "doc", "type": "blob", "direction": "in", "path": "Bad_Box/x"},
            ],
            "Fn/function.json: bindings[1].path must start with a valid container name",
        ),
        (
            [{"name": "t", "type": "timerTrigger", "direction": "in"}],
            "Fn/function.json: bindings[0].schedule is missing",
        ),
        (
            [{"name": "t", "type": "timerTrigger", "direction": "in", "schedule": "every minute"}],
            "Fn/function.json: bindings[0].schedule must be an NCRONTAB expression",
        ),
    ],
    ids=[
        "queue trigger without queueName",
        "invalid queue name",
        "queue name too short",
        "empty output queue name",
        "blob path without a blob",
        "blob trigger without path",
        "invalid container name",
        "timer without schedule",
        "schedule that is neither",
    ],
)
def test_a_binding_missing_a_required_setting_is_a_load_error_naming_file_and_field(
    make_app: Callable[..., App], bindings: list[dict[str, Any]], expected: str
) -> None:
    with pytest.raises(AppLoadError) as caught:
        make_app({"Fn": (bindings, "def main(**kwargs):\n    pass\n")})
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "binding",
    [
        {**QUEUE_TRIGGER, "queueName": "%QueueSetting%"},
        {**QUEUE_TRIGGER, "queueName": "Upper-Case-Is-Lowered"},
        {"name": "msg", "type": "blobTrigger", "direction": "in", "path": "%Box%/{name}"},
        {"name": "msg", "type": "blobTrigger", "direction": "in", "path": "$root/{name}"},
        {"name": "msg", "type": "timerTrigger", "direction": "in", "schedule": "00:05:00"},
        {"name": "msg", "type": "timerTrigger", "direction": "in", "schedule": "%Schedule%"},
        {"name": "msg", "type": "timerTrigger", "direction": "in", "schedule": "0 */5 * * *"},
    ],
    ids=[
        "setting",
        "upper case",
        "container setting",
        "$root",
        "timespan",
        "schedule setting",
        "five fields",
    ],
)
def test_valid_binding_settings_load(
    make_app: Callable[..., App], binding: dict[str, Any]
) -> None:
    app = make_app({"Fn": ([binding], "def main(msg):\n    pass\n")})
    assert list(app.functions) == ["Fn"]


class _PickyConverter(BindingConverter):
    output_kinds = ("str",)

    def validate(self, binding: Any) -> None:
        if binding.get("target") is None:
            raise InvalidBinding("target", "is missing (a robustnessProbe binding needs one)")


def test_a_converters_validate_hook_is_called_at_load(make_app: Callable[..., App]) -> None:
    register_converter("robustnessProbe", _PickyConverter())
    probe = {"name": "out", "type": "robustnessProbe", "direction": "out"}
    with pytest.raises(AppLoadError, match=r"^Fn/function.json: bindings\[1\].target is missing"):
        make_app({"Fn": ([QUEUE_TRIGGER, probe], "def main(msg):\n    pass\n")})
    app = make_app(
        {"Fn": ([QUEUE_TRIGGER, {**probe, "target": "t"}], "def main(msg):\n    pass\n")}
    )
    assert list(app.functions) == ["Fn"]


# --- 8. a non-HTTP $return is an output -----------------------------------------------------


def test_a_queue_return_value_is_recorded_in_outputs(make_app: Callable[..., App]) -> None:
    bindings = [
        QUEUE_TRIGGER,
        {"name": "$return", "type": "queue", "direction": "out", "queueName": "outbox"},
    ]
    app = make_app({"Fn": (bindings, "def main(msg) -> str:\n    return 'sent'\n")})
    result = app.invoke("Fn", "x")
    assert result.outputs == {"$return": "sent"}


def test_the_command_line_shows_a_queue_return_value_in_outputs(tmp_path: Path) -> None:
    bindings = [
        QUEUE_TRIGGER,
        {"name": "$return", "type": "queue", "direction": "out", "queueName": "outbox"},
    ]
    root = write_app(
        tmp_path / "app", {"Fn": (bindings, "def main(msg) -> str:\n    return 'sent'\n")}
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "azure_functions_compat",
            "invoke",
            str(root),
            "Fn",
            "--data",
            "x",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["outputs"] == {"$return": "sent"}


# --- 9. method and path are checked ---------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda app: app.match(5, "/x"), TypeError, "App.match: method must be a str"),
        (lambda app: app.match("GET", None), TypeError, "App.match: path must be a str"),
        (lambda app: app.match("GE T", "/x"), ValueError, "App.match: method must be an HTTP"),
        (
            lambda app: app.handle("GET", "http://localhost/api/x", path=None),
            TypeError,
            "App.handle: path must be a str",
        ),
        (lambda app: app.handle("", "/api/x", path="/api/x"), ValueError, "App.handle: method"),
        (lambda app: app.test_client().request("", "/api/Fn"), ValueError, "method must be"),
    ],
    ids=[
        "int method",
        "None path",
        "method with a space",
        "handle None path",
        "empty method",
        "client empty method",
    ],
)
def test_bad_methods_and_paths_are_refused_with_the_usual_message(
    make_app: Callable[..., App], call: Callable[[App], Any], error: type, message: str
) -> None:
    app = make_app({"Fn": (HTTP_BINDINGS, HELLO)})
    with pytest.raises(error, match=message):
        call(app)


def test_the_command_line_refuses_a_method_with_a_space(tmp_path: Path) -> None:
    root = write_app(tmp_path / "app", {"Fn": (HTTP_BINDINGS, HELLO)})
    done = subprocess.run(
        [sys.executable, "-m", "azure_functions_compat", "http", str(root), "GE T", "/api/Fn"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "method must be an HTTP method token" in done.stderr


# --- 10. huge integer route segments --------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "items/{id:int}",
        "items/{id:long}",
        "items/{id:min(1)}",
        "items/{id:max(9)}",
        "items/{id:range(1,9)}",
    ],
)
@pytest.mark.parametrize("segment", ["9" * 5000, "-" + "9" * 5000])
def test_an_integer_constraint_on_a_huge_number_is_no_match(template: str, segment: str) -> None:
    assert RouteTemplate(template).match("items/" + segment) is None


def test_an_integer_constraint_reads_leading_zeros_however_many() -> None:
    assert RouteTemplate("items/{id:int}").match("items/" + "0" * 5000 + "7") == {
        "id": "0" * 5000 + "7"
    }


def test_a_huge_number_in_an_int_route_is_a_404(make_app: Callable[..., App]) -> None:
    app = make_app({"Fn": (_http("items/{id:int}"), HELLO)})
    assert app.test_client().get("/api/items/" + "9" * 5000).status_code == 404


# --- 11. deeply nested JSON -----------------------------------------------------------------


def test_deeply_nested_function_json_is_a_one_line_load_error(tmp_path: Path) -> None:
    root = write_app(tmp_path / "app", {"Fn": ("[" * 100000, None)})
    with pytest.raises(AppLoadError, match=r"^Fn/function.json: invalid JSON: nested too deeply"):
        load_app(root)
    done = subprocess.run(
        [sys.executable, "-m", "azure_functions_compat", "list", str(root), "--strict"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_load_waiting_for_another_apps_invocation_does_not_block_that_invocations_own_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # App A has settings, so its running invocation holds the process environment. Its
    # function loads app B. Meanwhile another thread loads app C and waits for the
    # environment: it must not hold the import lock that A's function needs to load B.
    signals = tmp_path / "signals"
    signals.mkdir()
    (signals / "load_order_signal.py").write_text(
        "import threading\nSTARTED = threading.Event()\n"
    )
    monkeypatch.syspath_prepend(str(signals))
    import load_order_signal  # type: ignore[import-not-found]

    hello = "def main(req):\n    return 'hello'\n"
    app_b = write_app(tmp_path / "b", {"Hello": (HTTP_BINDINGS, hello)})
    app_c = write_app(tmp_path / "c", {"Hello": (HTTP_BINDINGS, hello)})
    source = (
        "import time\n"
        "import load_order_signal\n"
        "from azure_functions_compat.host import load_app\n"
        "def main(req):\n"
        "    load_order_signal.STARTED.set()\n"
        "    time.sleep(0.3)\n"
        f"    with load_app({str(app_b)!r}) as b:\n"
        "        return 'a+' + b.invoke('Hello', None).http_response.get_body().decode()\n"
    )
    bindings = [{**HTTP_BINDINGS[0], "route": "go"}, HTTP_BINDINGS[1]]
    app_a_root = write_app(tmp_path / "a", {"Go": (bindings, source)}, settings={"A_ONLY": "1"})
    results: list[str] = []
    app_a = load_app(app_a_root)
    invocation = threading.Thread(
        target=lambda: results.append(app_a.test_client().get("/api/go").text), daemon=True
    )
    invocation.start()
    assert load_order_signal.STARTED.wait(5)
    # On a deadlock both waits below time out and the test fails instead of hanging.
    loader_thread = threading.Thread(target=lambda: load_app(app_c).close(), daemon=True)
    loader_thread.start()
    invocation.join(10)
    loader_thread.join(10)
    assert not invocation.is_alive(), "app A's invocation never finished"
    assert not loader_thread.is_alive(), "loading app C never finished"
    app_a.close()
    assert results == ["a+hello"]
