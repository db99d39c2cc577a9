"""JSON read by the host and the types: every way it can be bad is one ValueError that says so."""

from __future__ import annotations

import re
import sys
from typing import Any, Callable, Union

import pytest

import azure_functions_compat as func
from azure_functions_compat._json import loads
from azure_functions_compat.host import App, BindingError
from azure_functions_compat.host.testclient import TestResponse

DEEP = b"[" * 100_000
HAS_INT_LIMIT = hasattr(sys, "get_int_max_str_digits")
LONG_INT = b"1" * 5000

TIMER = [{"name": "timer", "type": "timerTrigger", "direction": "in", "schedule": "0 * * * * *"}]
QUEUE = [{"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": "inbox"}]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "is not valid JSON: Expecting value at line 1 column 1"),
        ("[1,", "is not valid JSON"),
        (b"\xff\xfe{", "is not valid utf-16-le"),
        (b"\xff", "is not valid utf-8"),
        (DEEP, "nests JSON arrays or objects too deeply"),
        (bytearray(b"{"), "is not valid JSON"),
    ],
)
def test_loads_names_the_subject_and_the_problem(
    data: Union[str, bytes, bytearray], problem: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(f"the payload {problem}")) as caught:
        loads("the payload", data)
    assert type(caught.value) is ValueError


@pytest.mark.skipif(not HAS_INT_LIMIT, reason="this Python has no integer digit limit")
def test_loads_refuses_an_integer_over_the_digit_limit_with_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^the payload is not usable JSON: .*digits"):
        loads("the payload", LONG_INT)


def test_loads_raises_the_error_class_it_is_given() -> None:
    with pytest.raises(BindingError, match=r"^a message nests JSON"):
        loads("a message", DEEP, BindingError)


@pytest.mark.parametrize(("data", "expected"), [(b'{"a": 1}', {"a": 1}), ('"x"', "x")])
def test_loads_decodes_valid_json_text(data: Union[str, bytes], expected: Any) -> None:
    assert loads("the payload", data) == expected


@pytest.mark.skipif(not HAS_INT_LIMIT, reason="this Python has no integer digit limit")
def test_get_json_names_its_owner_for_an_over_long_integer() -> None:
    request = func.HttpRequest("POST", "http://localhost/api/x", body=LONG_INT)
    with pytest.raises(ValueError, match=r"^HttpRequest\.get_json: the body is not usable JSON"):
        request.get_json()


@pytest.mark.parametrize(
    ("body", "problem"),
    [(DEEP, "nests JSON arrays or objects too deeply"), (b"\xff\xfe\x00", "is not valid utf")],
)
def test_test_response_json_of_bad_json_is_a_value_error(body: bytes, problem: str) -> None:
    with pytest.raises(ValueError, match=rf"^TestResponse\.json: the body {problem}"):
        TestResponse(200, body).json()


@pytest.mark.parametrize("payload", [DEEP, b'{"a": ' + DEEP, b"\xff\xfe{"])
def test_a_timer_payload_that_is_not_usable_json_is_a_binding_error(
    make_app: Callable[..., App], payload: bytes
) -> None:
    app = make_app({"Tick": (TIMER, "def main(timer):\n    return None\n")})
    result = app.invoke("Tick", data=payload)
    assert isinstance(result.exception, BindingError)
    assert "a timer payload" in str(result.exception)


def test_a_deeply_nested_queue_message_still_reaches_the_function(
    make_app: Callable[..., App],
) -> None:
    # Binding data holds the top-level properties of a JSON object body; one too deep to
    # decode simply has none, as a body that is not JSON has none.
    body = b'{"a": ' + DEEP
    source = f"def main(msg):\n    assert len(msg.get_body()) == {len(body)}\n"
    app = make_app({"Q": (QUEUE, source)})
    result = app.invoke("Q", data=body)
    assert result.exception is None
