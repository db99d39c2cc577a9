"""FunctionApp, Blueprint, FunctionBuilder and Function: what decorated code gets and records."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from typing import Any, Optional

import pytest

from azure_functions_compat import HttpRequest, HttpResponse
from azure_functions_compat.decorators import (
    AuthLevel,
    Blueprint,
    DataType,
    Function,
    FunctionApp,
    HttpMethod,
)
from azure_functions_compat.decorators.core import BindingDirection, Trigger
from azure_functions_compat.decorators.function_app import FunctionBuilder


def request(url: str = "/api/x") -> HttpRequest:
    return HttpRequest("GET", url, body=b"")


def only_function(app: FunctionApp) -> Function:
    (function,) = app.get_functions()
    return function


def bindings(app: FunctionApp) -> list[dict[str, Any]]:
    return json.loads(only_function(app).get_function_json())["bindings"]  # type: ignore[no-any-return]


# --- What a decorator returns ----------------------------------------------------------------


def test_a_decorated_function_is_a_builder_that_calls_the_function() -> None:
    app = FunctionApp()

    @app.route()
    def hello(req: HttpRequest) -> HttpResponse:
        return HttpResponse(f"hi {req.url}")

    assert isinstance(hello, FunctionBuilder)
    assert hello(request("/api/hello")).get_body() == b"hi /api/hello"


def test_the_builder_looks_like_the_function_to_introspection() -> None:
    app = FunctionApp()

    @app.route()
    def hello(req: HttpRequest, *, flag: bool = False) -> str:
        """Say hello."""
        return "hi"

    assert hello.__name__ == "hello"
    assert hello.__doc__ == "Say hello."
    assert list(inspect.signature(hello).parameters) == ["req", "flag"]


def test_build_gives_the_function_and_the_user_function() -> None:
    app = FunctionApp()

    @app.route()
    def hello(req: HttpRequest) -> str:
        return "hi"

    built = hello.build()

    assert isinstance(built, Function)
    assert built.get_user_function()(request()) == "hi"
    assert built(request()) == "hi"


def test_an_async_function_stays_async() -> None:
    app = FunctionApp()

    @app.route()
    async def hello(req: HttpRequest) -> str:
        await asyncio.sleep(0)
        return "hi"

    assert inspect.iscoroutinefunction(hello.build().get_user_function())
    assert asyncio.run(hello(request())) == "hi"


def test_stacked_decorators_add_to_one_function_in_the_order_applied() -> None:
    app = FunctionApp()

    @app.route(route="r")
    @app.blob_input(arg_name="blob", path="c/{id}", connection="S")
    @app.queue_output(arg_name="out", queue_name="q", connection="S")
    def handler(req: Any, blob: Any, out: Any) -> None:
        return None

    assert [b["name"] for b in bindings(app)] == ["out", "blob", "req", "$return"]


def test_decorating_something_not_callable_raises_type_error() -> None:
    app = FunctionApp()

    with pytest.raises(TypeError, match="FunctionApp: decorated object must be a function"):
        app.route()("not a function")


# --- The metadata of one function ----------------------------------------------------------


def test_the_function_json_has_the_function_json_shape() -> None:
    app = FunctionApp(http_auth_level=AuthLevel.ANONYMOUS)

    @app.route(route="items/{id:int}", methods=["get", HttpMethod.POST])
    def items(req: Any) -> None:
        return None

    assert json.loads(only_function(app).get_function_json()) == {
        "scriptFile": "function_app.py",
        "bindings": [
            {
                "direction": "IN",
                "type": "httpTrigger",
                "name": "req",
                "methods": ["GET", "POST"],
                "authLevel": "ANONYMOUS",
                "route": "items/{id:int}",
            },
            {"direction": "OUT", "type": "http", "name": "$return"},
        ],
    }


def test_get_dict_repr_keeps_enum_members() -> None:
    app = FunctionApp()

    @app.blob_input(arg_name="b", path="c/b", connection="S", data_type="binary")
    @app.route()
    def f(req: Any, b: Any) -> None:
        return None

    trigger, output, blob = only_function(app).get_dict_repr()["bindings"]
    assert trigger["direction"] is BindingDirection.IN
    assert trigger["authLevel"] is AuthLevel.FUNCTION
    assert blob["dataType"] is DataType.BINARY
    assert output["direction"] is BindingDirection.OUT


def test_raw_bindings_are_one_json_string_per_binding() -> None:
    app = FunctionApp()

    @app.queue_trigger(arg_name="msg", queue_name="q", connection="C")
    def f(msg: Any) -> None:
        return None

    assert only_function(app).get_raw_bindings() == [
        '{"direction": "IN", "type": "queueTrigger", "name": "msg", "queueName": "q", '
        '"connection": "C"}'
    ]


def test_the_trigger_is_listed_among_the_bindings() -> None:
    app = FunctionApp()

    @app.timer_trigger(arg_name="t", schedule="0 * * * * *")
    def f(t: Any) -> None:
        return None

    function = only_function(app)
    assert function.get_bindings() == [function.get_trigger()]
    assert function.get_trigger().type == "timerTrigger"  # type: ignore[union-attr]


def test_none_settings_are_left_out_at_every_depth() -> None:
    app = FunctionApp()

    @app.generic_trigger(
        arg_name="t", type="custom", absent=None, deep={"a": None, "b": [None, 1]}
    )
    def f(t: Any) -> None:
        return None

    assert bindings(app) == [
        {"direction": "IN", "type": "custom", "name": "t", "deep": {"b": [1]}}
    ]


def test_extra_keyword_settings_are_written_in_camel_case_after_the_fields() -> None:
    app = FunctionApp()

    @app.queue_trigger(arg_name="m", queue_name="q", connection="C", batch_size=4, camelKey=1)
    def f(m: Any) -> None:
        return None

    assert list(bindings(app)[0]) == [
        "direction", "type", "name", "queueName", "connection", "batchSize", "camelKey"
    ]  # fmt: skip


@pytest.mark.parametrize("key", ["bad-key", "9lives", "spaced key", "é_accent"])
def test_an_extra_setting_name_that_is_not_snake_case_raises_value_error(key: str) -> None:
    app = FunctionApp()

    with pytest.raises(ValueError, match="setting name must be a word or snake_case"):
        app.queue_trigger(arg_name="m", queue_name="q", connection="C", **{key: 1})


def test_a_setting_that_is_not_json_raises_type_error_at_the_decorator() -> None:
    app = FunctionApp()

    with pytest.raises(TypeError, match=r"FunctionApp.queue_trigger: when must be a JSON value"):
        app.queue_trigger(arg_name="m", queue_name="q", connection="C", when=object())


# --- HTTP routes ---------------------------------------------------------------------------


def test_a_route_defaults_to_the_function_name_and_the_app_auth_level() -> None:
    app = FunctionApp(http_auth_level="ADMIN")

    @app.function_name("renamed")
    @app.route()
    def original(req: Any) -> None:
        return None

    trigger = only_function(app).get_trigger()
    assert trigger.route == "renamed"  # type: ignore[union-attr]
    assert trigger.auth_level is AuthLevel.ADMIN  # type: ignore[union-attr]


def test_a_route_auth_level_wins_over_the_app_one() -> None:
    app = FunctionApp(http_auth_level=AuthLevel.ADMIN)

    @app.route(auth_level="anonymous")
    def f(req: Any) -> None:
        return None

    assert bindings(app)[0]["authLevel"] == "ANONYMOUS"


def test_route_extra_fields_reach_the_trigger_and_the_output() -> None:
    app = FunctionApp()

    @app.route(
        trigger_arg_name="request",
        binding_arg_name="response",
        trigger_extra_fields={"data_type": "STRING", "x_y": 1},
        binding_extra_fields={"kept": "yes"},
    )
    def f(request: Any, response: Any) -> None:
        return None

    trigger, output = bindings(app)
    assert (trigger["name"], trigger["dataType"], trigger["xY"]) == ("request", "STRING", 1)
    assert (output["name"], output["kept"]) == ("response", "yes")


def test_route_methods_may_be_a_generator() -> None:
    app = FunctionApp()

    @app.route(methods=(method for method in ["GET", "PUT"]))
    def f(req: Any) -> None:
        return None

    assert bindings(app)[0]["methods"] == ["GET", "PUT"]


def test_http_functions_are_flagged_and_keep_their_http_type() -> None:
    app = FunctionApp()

    @app.http_type("wsgi")
    @app.route()
    def f(req: Any) -> None:
        return None

    function = only_function(app)
    assert function.is_http_function()
    assert function.http_type == "wsgi"


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"methods": "GET"}, TypeError, "methods must be an iterable"),
        ({"methods": ["FETCH"]}, ValueError, r"methods item must be a HttpMethod or one of"),
        ({"methods": [1]}, TypeError, "methods item must be a HttpMethod"),
        ({"auth_level": "nobody"}, ValueError, "auth_level must be a AuthLevel or one of"),
        ({"auth_level": 3}, TypeError, "auth_level must be a AuthLevel"),
        ({"route": 5}, TypeError, "route must be a str or None"),
        ({"trigger_arg_name": ""}, ValueError, "trigger_arg_name must be a non-empty str"),
        ({"binding_arg_name": None}, TypeError, "binding_arg_name must be a non-empty str"),
        ({"trigger_extra_fields": ["x"]}, TypeError, "trigger_extra_fields must be a dict"),
    ],
)
def test_bad_route_arguments_raise_at_the_decorator(
    arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=f"FunctionApp.route: {message}"):
        FunctionApp().route(**arguments)


# --- Other decorators' arguments -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("STRING", "STRING"), ("binary", "BINARY"), (DataType.STREAM, "STREAM")],
)
def test_data_type_takes_a_member_or_its_name(value: Any, expected: str) -> None:
    app = FunctionApp()

    @app.queue_trigger(arg_name="m", queue_name="q", connection="C", data_type=value)
    def f(m: Any) -> None:
        return None

    assert bindings(app)[0]["dataType"] == expected


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"data_type": "TEXT"}, ValueError, "data_type must be a DataType or one of its names"),
        ({"data_type": 1}, TypeError, "data_type must be a DataType, a str naming one"),
        ({"arg_name": ""}, ValueError, "arg_name must be a non-empty str"),
        ({"arg_name": 5}, TypeError, "arg_name must be a non-empty str"),
        ({"queue_name": None}, TypeError, "queue_name is required and must not be None"),
    ],
)
def test_bad_binding_arguments_raise_at_the_decorator(
    arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    values = {"arg_name": "m", "queue_name": "q", "connection": "C", **arguments}

    with pytest.raises(error, match=f"FunctionApp.queue_trigger: {message}"):
        FunctionApp().queue_trigger(**values)


def test_enum_settings_take_names_in_any_case() -> None:
    app = FunctionApp()

    @app.service_bus_queue_trigger(
        arg_name="m", connection="C", queue_name="q", access_rights="listen", cardinality="Many"
    )
    def f(m: Any) -> None:
        return None

    assert (bindings(app)[0]["accessRights"], bindings(app)[0]["cardinality"]) == (
        "LISTEN",
        "MANY",
    )


def test_event_grid_output_needs_a_connection_or_an_endpoint_and_key() -> None:
    with pytest.raises(ValueError, match="give either connection, or both topic_endpoint_uri"):
        FunctionApp().event_grid_output(arg_name="e", topic_endpoint_uri="https://x")


def test_schedule_is_the_timer_trigger() -> None:
    app = FunctionApp()

    @app.schedule(arg_name="t", schedule="0 */5 * * * *", run_on_startup=True)
    def f(t: Any) -> None:
        return None

    assert bindings(app) == [
        {
            "direction": "IN",
            "type": "timerTrigger",
            "name": "t",
            "schedule": "0 */5 * * * *",
            "runOnStartup": True,
        }
    ]


def test_one_decorator_object_used_twice_gives_each_function_its_own_trigger() -> None:
    app = FunctionApp()
    route = app.route()

    @route
    def first(req: Any) -> None:
        return None

    @route
    def second(req: Any) -> None:
        return None

    assert [f.get_trigger().route for f in app.get_functions()] == ["first", "second"]  # type: ignore[union-attr]


# --- Settings ------------------------------------------------------------------------------


def test_function_name_and_retry_are_settings_not_bindings() -> None:
    app = FunctionApp()

    @app.function_name(name="worker")
    @app.retry(strategy="fixed_delay", max_retry_count="3", delay_interval="00:00:05")
    @app.queue_trigger(arg_name="m", queue_name="q", connection="C")
    def f(m: Any) -> None:
        return None

    function = only_function(app)
    assert function.get_function_name() == "worker"
    assert function.get_settings_dict("function_name") == {
        "setting_name": "function_name",
        "function_name": "worker",
    }
    assert function.get_settings_dict("retry_policy") == {
        "setting_name": "retry_policy",
        "strategy": "fixed_delay",
        "max_retry_count": "3",
        "delay_interval": "00:00:05",
    }
    assert [b["type"] for b in bindings(app)] == ["queueTrigger"]


def test_an_absent_setting_reads_as_none() -> None:
    app = FunctionApp()

    @app.queue_trigger(arg_name="m", queue_name="q", connection="C")
    def f(m: Any) -> None:
        return None

    assert only_function(app).get_settings_dict("retry_policy") is None


# --- The app: listing, validation, blueprints ----------------------------------------------


def test_get_functions_lists_functions_in_the_order_defined() -> None:
    app = FunctionApp()

    @app.route()
    def b(req: Any) -> None:
        return None

    @app.warm_up_trigger(arg_name="w")
    def a(w: Any) -> None:
        return None

    assert [f.get_function_name() for f in app.get_functions()] == ["b", "a"]


def test_get_functions_may_be_called_again() -> None:
    app = FunctionApp()

    @app.route()
    def f(req: Any) -> None:
        return None

    first = app.get_functions()

    assert app.get_functions() == first


def test_a_function_without_trigger_fails_get_functions() -> None:
    app = FunctionApp()

    @app.blob_input(arg_name="b", path="c/b", connection="S")
    def lonely(b: Any) -> None:
        return None

    with pytest.raises(ValueError, match="Function 'lonely' has no trigger"):
        app.get_functions()


def test_a_second_trigger_raises_at_the_decorator() -> None:
    app = FunctionApp()

    with pytest.raises(ValueError, match="Function 'twice' has two triggers, 'queueTrigger' and"):

        @app.route()
        @app.queue_trigger(arg_name="m", queue_name="q", connection="C")
        def twice(req: Any, m: Any) -> None:
            return None


def test_two_functions_with_one_name_fail_get_functions() -> None:
    app = FunctionApp()

    @app.route(route="a")
    def same(req: Any) -> None:
        return None

    @app.function_name("same")
    @app.route(route="b")
    def other(req: Any) -> None:
        return None

    with pytest.raises(ValueError, match="Function name 'same' is used by two functions"):
        app.get_functions()


def test_a_blueprint_adds_its_functions_to_the_app() -> None:
    bp = Blueprint()

    @bp.route(route="bp")
    def from_blueprint(req: Any) -> None:
        return None

    app = FunctionApp(http_auth_level=AuthLevel.ANONYMOUS)
    app.register_functions(bp)

    function = only_function(app)
    assert function.get_function_name() == "from_blueprint"
    assert function.get_trigger().auth_level is AuthLevel.ANONYMOUS  # type: ignore[union-attr]


def test_register_blueprint_is_register_functions() -> None:
    assert FunctionApp.register_blueprint is FunctionApp.register_functions


@pytest.mark.parametrize(
    ("container", "message"),
    [
        (FunctionApp(), "function_container must be a Blueprint, not an app"),
        ("bp", "function_container must be a Blueprint"),
    ],
)
def test_register_functions_takes_only_blueprints(container: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        FunctionApp().register_functions(container)


@pytest.mark.parametrize(
    ("level", "error"), [("anonymous", ValueError), ("NOBODY", ValueError), (1, TypeError)]
)
def test_the_app_auth_level_is_a_member_or_its_exact_name(level: Any, error: type) -> None:
    with pytest.raises(error, match="FunctionApp: http_auth_level must be an AuthLevel"):
        FunctionApp(http_auth_level=level)


def test_the_app_auth_level_defaults_to_function() -> None:
    assert FunctionApp().auth_level is AuthLevel.FUNCTION
    assert FunctionApp(http_auth_level="ADMIN").auth_level is AuthLevel.ADMIN


def test_the_script_file_is_function_app_py() -> None:
    assert FunctionApp().app_script_file == "function_app.py"
    assert Blueprint().app_script_file == "function_app.py"


def test_an_app_without_http_functions_says_so_in_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = FunctionApp()

    @app.warm_up_trigger(arg_name="w")
    def f(w: Any) -> None:
        return None

    with caplog.at_level(logging.DEBUG, logger="azure_functions_compat.decorators"):
        app.get_functions()

    assert "no HTTP function" in caplog.text


def test_durable_decorators_need_the_durable_package() -> None:
    with pytest.raises(RuntimeError, match="need the azure-functions-durable package"):
        FunctionApp().orchestration_trigger(context_name="context")


class _FakeOrchestrationTrigger(Trigger):
    """An orchestration trigger declared the way the Durable Functions SDK declares it."""

    @staticmethod
    def get_binding_name() -> str:
        return "orchestrationTrigger"

    def __init__(self, name: str, orchestration: Optional[str] = None) -> None:
        self.orchestration = orchestration
        super().__init__(name=name)


def _fake_durable_module() -> Any:
    """A stand-in for ``azure.durable_functions``: a Blueprint whose decorators build builders."""
    import types

    class DurableBlueprint(Blueprint):
        def orchestration_trigger(self, context_name: str, orchestration: Any = None) -> Any:
            @self._configure_function_builder
            def wrap(builder: FunctionBuilder) -> FunctionBuilder:
                return builder.add_trigger(_FakeOrchestrationTrigger(context_name, orchestration))

            return wrap

    module = types.ModuleType("azure.durable_functions")
    module.Blueprint = DurableBlueprint  # type: ignore[attr-defined]
    return module


def test_durable_decorators_hand_over_to_the_durable_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "azure.durable_functions", _fake_durable_module())
    app = FunctionApp()

    @app.orchestration_trigger(context_name="context", orchestration="Hello")
    def hello(context: Any) -> str:
        return "done"

    function = only_function(app)
    assert function.get_raw_bindings() == [
        '{"direction": "IN", "type": "orchestrationTrigger", "name": "context", '
        '"orchestration": "Hello"}'
    ]
    assert function.get_user_function()(None) == "done"


@pytest.mark.parametrize("key", ["type", "name"])
def test_a_setting_the_decorator_owns_cannot_be_given(key: str) -> None:
    with pytest.raises(TypeError, match=f"'{key}' is set by the decorator"):
        FunctionApp().blob_input(arg_name="b", path="p", connection="c", **{key: "x"})


@pytest.mark.parametrize("method", ["generic_trigger", "generic_input_binding", "blob_input"])
def test_a_direction_is_accepted_and_ignored_as_in_azure_functions(method: str) -> None:
    from azure_functions_compat.decorators.core import BindingDirection

    app = FunctionApp()
    arguments = {"arg_name": "x", "direction": BindingDirection.INOUT}
    if method == "blob_input":
        arguments.update(path="p", connection="c")
    else:
        arguments["type"] = "custom"
    decorate = getattr(app, method)(**arguments)
    if method != "generic_trigger":
        decorate = lambda f, d=decorate: app.route()(d(f))  # noqa: E731
    decorate(lambda req=None, x=None: None)
    bindings = [json.loads(raw) for raw in only_function(app).get_raw_bindings()]
    assert [b["direction"] for b in bindings if b["name"] == "x"] == ["IN"]


def test_a_direction_that_is_no_binding_direction_is_refused() -> None:
    with pytest.raises(TypeError, match="direction must be a BindingDirection or None"):
        FunctionApp().blob_input(arg_name="b", path="p", connection="c", direction="x")


def test_route_without_parentheses_says_how_to_write_it() -> None:
    app = FunctionApp()

    with pytest.raises(TypeError, match=r"write @app.route\(\) with parentheses"):

        @app.route  # type: ignore[arg-type]
        def hello(req: Any) -> None:
            return None


def test_an_unknown_enum_name_is_a_value_error_and_a_key_error_with_a_plain_message() -> None:
    with pytest.raises(ValueError, match=r"^FunctionApp\.route: methods item must be") as caught:
        FunctionApp().route(methods=["FETCH"])
    assert isinstance(caught.value, KeyError)
    assert str(caught.value).startswith("FunctionApp.route")  # not quoted, as KeyError would


def test_a_setting_subclass_in_the_real_style_keeps_its_attributes() -> None:
    from azure_functions_compat.decorators.core import Setting

    class Named(Setting):
        def __init__(self, name: str, level: int = 3, **kwargs: object) -> None:
            self.name = name
            self.level = level
            super().__init__(setting_name="named")

    assert Named("x", extra=1).get_dict_repr() == {
        "setting_name": "named",
        "name": "x",
        "level": 3,
        "extra": 1,
    }
