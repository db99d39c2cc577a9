"""Describing a bad value in an error message costs little and never fails.

Every bad-input message ends in ``got <value> (<type>)``; the value is a bounded summary:
deep nesting cannot exhaust the stack, a ``__repr__`` that raises does not escape, and a
huge string is cut before it is represented.
"""

from __future__ import annotations

import tracemalloc
from typing import Any, Callable

import pytest

import azure_functions_compat as func
from azure_functions_compat._validation import describe, short_repr
from azure_functions_compat.pytest_plugin import _build_http_request


def _deep(levels: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(levels):
        value = [value]
    return value


class _RaisingRepr:
    def __repr__(self) -> str:
        raise RuntimeError("repr is broken")


class _HugeRepr:
    def __repr__(self) -> str:
        return "h" * 10_000


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("short", "'short' (str)"),
        (None, "None (NoneType)"),
        (_deep(100_000), "[[[[...]]]] (list)"),
        (_RaisingRepr(), "<_RaisingRepr object> (_RaisingRepr)"),
        (10**5000, "<int object> (int)"),
        ({"a": [1, 2, 3, 4, 5, 6, 7]}, "{'a': [1, 2, 3, 4, 5, ...]} (dict)"),
    ],
    ids=["str", "None", "deep list", "raising repr", "huge int", "dict"],
)
def test_describe_gives_a_bounded_safe_summary(value: object, expected: str) -> None:
    assert describe(value) == expected


@pytest.mark.parametrize(
    "value", ["x" * 1_000_000, b"\xff" * 1_000_000, bytearray(1_000_000), _HugeRepr()]
)
def test_a_long_value_is_cut_to_about_sixty_characters(value: object) -> None:
    text = short_repr(value)
    assert len(text) <= 60
    assert text.endswith("...")


def test_describing_a_100_mb_string_does_not_copy_it() -> None:
    big = "y" * 100_000_000
    tracemalloc.start()
    try:
        describe(big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000  # was about 476 MiB: repr() of the whole string, then a cut


_DEEP = _deep(100_000)
_BUILDERS: list[tuple[str, Callable[[object], object]]] = [
    ("HttpResponse body", lambda value: func.HttpResponse(value)),  # type: ignore[arg-type]
    ("HttpRequest method", lambda value: func.HttpRequest(value, "/", body=b"")),  # type: ignore[arg-type]
    ("QueueMessage body", lambda value: func.QueueMessage(body=value)),  # type: ignore[arg-type]
    ("http_request json", lambda value: _build_http_request(json=value)),
]


@pytest.mark.parametrize(("name", "build"), _BUILDERS, ids=[name for name, _ in _BUILDERS])
@pytest.mark.parametrize("value", [_DEEP, _RaisingRepr()], ids=["deeply nested", "raising repr"])
def test_constructors_refuse_bad_values_with_their_own_error(
    name: str, build: Callable[[object], object], value: object
) -> None:
    with pytest.raises((TypeError, ValueError)) as raised:
        build(value)
    assert "got " in str(raised.value)
