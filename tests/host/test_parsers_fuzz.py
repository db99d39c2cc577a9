"""Fuzzing the host's parsers: only their own documented errors may come out."""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from azure_functions_compat.host import (
    AppLoadError,
    BindingError,
    RouteTemplate,
    RouteTemplateError,
    parse_function_config,
)
from azure_functions_compat.host.expressions import match_pattern, resolve

TEMPLATE_CHARS = st.text(alphabet="ab{}:?*=()/.-1,^$\\[]|", max_size=30)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
BINDING_KEYS = st.sampled_from(
    ["name", "type", "direction", "dataType", "route", "methods", "authLevel", "path"]
)
BINDING = st.dictionaries(
    BINDING_KEYS,
    st.sampled_from(
        ["req", "$return", "httpTrigger", "http", "in", "out", "binary", "get", "x y", ""]
    )
    | JSON,
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(TEMPLATE_CHARS, st.text(alphabet="ab/1.%2F-", max_size=20))
def test_route_templates_parse_or_raise_route_template_error(template: str, path: str) -> None:
    try:
        parsed = RouteTemplate(template)
    except RouteTemplateError:
        return
    result = parsed.match(path)
    assert result is None or isinstance(result, dict)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["bindings", "scriptFile", "entryPoint", "disabled"]),
        st.lists(BINDING, max_size=4) | JSON,
        max_size=4,
    )
)
def test_function_json_parses_or_raises_app_load_error(config: dict[str, Any]) -> None:
    message = ""
    try:
        metadata = parse_function_config(
            config, function_name="Fn", directory="/app/Fn", source="Fn/function.json"
        )
    except AppLoadError as exc:
        message = str(exc)
    if message:
        assert message.startswith("Fn/function.json: ")
        assert "\n" not in message
    else:
        assert metadata.trigger in metadata.bindings


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab{}%.-/", max_size=20), st.dictionaries(st.text(max_size=3), JSON))
def test_binding_expressions_resolve_or_raise_binding_error(
    text: str, data: dict[str, Any]
) -> None:
    with contextlib.suppress(BindingError):
        assert isinstance(resolve(text, data, {"a": "x"}, where="test"), str)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab{}./", max_size=15), st.text(alphabet="ab./", max_size=15))
def test_trigger_path_patterns_match_or_not(pattern: str, value: str) -> None:
    found = match_pattern(pattern, value)
    assert found is None or isinstance(found, dict)
