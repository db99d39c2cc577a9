"""Any arguments to any decorator: the only exceptions that escape are TypeError and ValueError."""

from __future__ import annotations

import inspect
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from azure_functions_compat.decorators import AuthLevel, DataType, FunctionApp, HttpMethod

DURABLE = {"orchestration_trigger", "entity_trigger", "activity_trigger", "durable_client_input"}
NOT_DECORATORS = {"get_functions", "register_functions", "register_blueprint"}
NOT_DECORATORS |= {"validate_function_names"}
DECORATORS = sorted(
    name
    for name, member in inspect.getmembers(FunctionApp, callable)
    if not name.startswith("_") and name not in DURABLE | NOT_DECORATORS
)

values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=8),
        st.sampled_from(["GET", "anonymous", "STRING", "many", "", "x_y", "bad-key"]),
        st.sampled_from([AuthLevel.ADMIN, DataType.BINARY, HttpMethod.PUT, object(), b"raw"]),
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def decorator_calls(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    name = draw(st.sampled_from(DECORATORS))
    parameters = list(inspect.signature(getattr(FunctionApp, name)).parameters.values())[1:]
    arguments: dict[str, Any] = {}
    for parameter in parameters:
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            extra = draw(
                st.dictionaries(
                    st.sampled_from(["extra", "x_y", "bad-key", "9"]), values, max_size=2
                )
            )
            arguments.update(extra)
        elif parameter.default is inspect.Parameter.empty or draw(st.booleans()):
            arguments[parameter.name] = draw(values)
    return name, arguments


@settings(max_examples=200, deadline=None)
@given(decorator_calls())
def test_only_type_and_value_errors_escape_a_decorator(call: tuple[str, dict[str, Any]]) -> None:
    name, arguments = call
    app = FunctionApp()
    try:
        decorator = getattr(app, name)(**arguments)

        def user_function(req: Any = None) -> None:
            return None

        if name not in ("route", "schedule", "mcp_tool") and "trigger" not in name:
            # Give input, output and settings decorators a function with a trigger.
            user_function = app.route()(user_function)
        decorator(user_function)
        for function in app.get_functions():
            function.get_function_json()
    except (TypeError, ValueError):
        pass
