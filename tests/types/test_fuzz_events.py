"""Random arguments to every event and row constructor: only TypeError or ValueError escape.

When a random construction succeeds, every property and method must work on the result too.
"""

from __future__ import annotations

import contextlib
import inspect
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import azure_functions_compat as func

EVENT_TYPES: list[Any] = [
    func.ServiceBusMessage,
    func.EventHubEvent,
    func.EventGridEvent,
    func.EventGridOutputEvent,
    func.CloudEvent,
    func.KafkaEvent,
]
ROW_TYPES: list[Any] = [func.Document, func.SqlRow, func.MySqlRow]
LIST_TYPES: list[Any] = [func.DocumentList, func.SqlRowList, func.MySqlRowList]

# Values of many shapes, valid ones among them (str, bytes, small ints, times, mappings).
anything: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(allow_nan=True)
    | st.text(max_size=8)
    | st.binary(max_size=8)
    | st.just(datetime(2024, 1, 2, tzinfo=timezone.utc))
    | st.just(timedelta(seconds=-1))
    | st.just(timedelta(seconds=5))
    | st.just(object()),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=5) | st.integers(), children, max_size=3)
        | st.tuples(children, children)
    ),
    max_leaves=5,
)


def _keywords(cls: Any) -> list[str]:
    return [
        p.name
        for p in inspect.signature(cls.__init__).parameters.values()
        if p.kind is p.KEYWORD_ONLY
    ]


def _use(obj: Any) -> None:
    """Read every public property and call every public no-argument reader."""
    for name in dir(type(obj)):
        if name.startswith("_"):
            continue
        attribute = getattr(type(obj), name)
        if isinstance(attribute, property):
            getattr(obj, name)
    for method in ("get_body", "get_json"):
        if hasattr(obj, method):
            getattr(obj, method)()
    repr(obj)


@pytest.mark.parametrize("cls", EVENT_TYPES, ids=lambda cls: cls.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_random_keyword_arguments_give_an_object_or_a_type_or_value_error(
    cls: Any, data: st.DataObject
) -> None:
    names = data.draw(st.lists(st.sampled_from(_keywords(cls)), unique=True, max_size=6))
    kwargs = {name: data.draw(anything, label=name) for name in names}
    for required in ("body", "data"):
        if required in _keywords(cls):
            kwargs.setdefault(required, data.draw(anything, label=required))
    try:
        obj = cls(**kwargs)
    except (TypeError, ValueError):
        return
    _use(obj)


@pytest.mark.parametrize("cls", ROW_TYPES, ids=lambda cls: cls.__name__)
@settings(max_examples=60, deadline=None)
@given(value=anything, text=st.text(max_size=12) | st.binary(max_size=12))
def test_random_rows_and_json_give_a_row_or_a_type_or_value_error(
    cls: Any, value: Any, text: Any
) -> None:
    for build in (lambda: cls(value), lambda: cls.from_dict(value), lambda: cls.from_json(text)):
        try:
            row = build()
        except (TypeError, ValueError):
            continue
        with contextlib.suppress(TypeError, ValueError):
            row.to_json()
        repr(row)


@pytest.mark.parametrize("cls", LIST_TYPES, ids=lambda cls: cls.__name__)
@settings(max_examples=40, deadline=None)
@given(value=anything)
def test_random_row_lists_give_a_list_or_a_type_error(cls: Any, value: Any) -> None:
    try:
        rows = cls(value)
    except TypeError:
        return
    assert all(isinstance(row, dict) for row in rows)
