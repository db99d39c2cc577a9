"""function.json, host.json and local.settings.json read as leniently as the Functions host."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from azure_functions_compat.host import AppLoadError, load_app
from azure_functions_compat.host.jsonc import LenientJSONError, loads_lenient, strip_lenient

from .conftest import write_app

HELLO = "def main(req):\n    return 'hi'\n"

LENIENT_FUNCTION_JSON = """{
  // the HTTP trigger
  "bindings": [
    {
      "name": "req", "type": "httpTrigger", "direction": "in",
      "authLevel": "anonymous", /* no route: the function name */
      "methods": ["get", "post",],
    },
    {"name": "$return", "type": "http", "direction": "out"},  // the response
  ],
}
"""

LENIENT_HOST_JSON = """{
  "version": "2.0", // as the template writes it
  /* routes at the top */
  "extensions": {"http": {"routePrefix": "",},},
}
"""


def test_comments_and_trailing_commas_are_read_as_the_host_reads_them(tmp_path: Path) -> None:
    root = write_app(tmp_path / "app", {"Fn": (LENIENT_FUNCTION_JSON, HELLO)})
    (root / "host.json").write_text(LENIENT_HOST_JSON)
    (root / "local.settings.json").write_text('{"Values": {"A": "1",}, // local only\n}')
    with load_app(root) as app:
        assert app.functions["Fn"].methods == ("GET", "POST")
        assert app.settings["A"] == "1"
        assert app.test_client().get("/Fn").text == "hi"


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        (
            "Fn/function.json",
            '{\n  "bindings": [\n    {"name": "req" "type": "httpTrigger"}\n  ]\n}',
            "Fn/function.json: invalid JSON: Expecting ',' delimiter: line 3 column 20",
        ),
        (
            "Fn/function.json",
            '{\n  // fine\n  "bindings": [,]\n}',
            "Fn/function.json: invalid JSON: Expecting value: line 3 column 16",
        ),
        (
            "Fn/function.json",
            '{"bindings": []}\n/* never closed',
            "Fn/function.json: invalid JSON: a /* comment is never closed: line 2 column 1",
        ),
        (
            "host.json",
            '{\n  "version": "2.0",\n  "logging": {,}\n}',
            "host.json: invalid JSON: Expecting property name enclosed in double quotes: "
            "line 3 column 15",
        ),
    ],
)
def test_what_is_really_broken_names_file_line_and_column(
    tmp_path: Path, file: str, text: str, message: str
) -> None:
    root = write_app(tmp_path / "app", {"Fn": ('{"bindings": []}', HELLO)})
    (root / file).write_text(text)
    with pytest.raises(AppLoadError) as caught:
        load_app(root)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"url": "http://x/*y*/", "a": 1}', {"url": "http://x/*y*/", "a": 1}),
        ('{"path": "a//b", // c\n "n": [1, 2,]}', {"path": "a//b", "n": [1, 2]}),
        ('{"q": "say \\"hi\\", // not a comment", }', {"q": 'say "hi", // not a comment'}),
        ("[1, /* a, */ 2 /* , */ , ]", [1, 2]),
        ('{"s": ",}"}', {"s": ",}"}),
    ],
)
def test_strings_are_left_alone(text: str, expected: Any) -> None:
    assert loads_lenient(text) == expected


def test_a_comma_with_nothing_after_it_is_still_an_error() -> None:
    with pytest.raises(json.JSONDecodeError, match="Expecting value"):
        loads_lenient("[1, 2,")
    with pytest.raises(json.JSONDecodeError, match="Expecting value"):
        loads_lenient("[,]")


def test_an_unclosed_comment_says_where_it_starts() -> None:
    with pytest.raises(LenientJSONError) as caught:
        strip_lenient('{\n  "a": 1 /* oops\n}')
    assert (caught.value.lineno, caught.value.colno) == (2, 10)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='ab/*,"\\\n{}[] '),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(alphabet='k/*,"', max_size=4), children, max_size=4)
    ),
    max_leaves=12,
)


def _decorate(value: Any) -> str:
    """JSON text of ``value`` with a comment after every value and a trailing comma in
    every non-empty container."""
    if isinstance(value, list):
        items = "".join(f"{_decorate(item)}, // item\n" for item in value)
        return f"[ /* list */ {items}]"
    if isinstance(value, dict):
        items = "".join(
            f"{json.dumps(key)} /* k */ : {_decorate(item)},\n" for key, item in value.items()
        )
        return "{" + items + "}"
    return json.dumps(value)


@given(JSON_VALUES)
def test_decorated_json_reads_as_the_plain_json(value: Any) -> None:
    assert loads_lenient(_decorate(value)) == value


@given(st.text(alphabet='{}[],:"/*\\ \n1a'))
def test_stripping_keeps_every_line_and_column(text: str) -> None:
    try:
        stripped = strip_lenient(text)
    except LenientJSONError:
        return
    assert len(stripped) == len(text)
    assert [index for index, char in enumerate(stripped) if char == "\n"] == [
        index for index, char in enumerate(text) if char == "\n"
    ]
