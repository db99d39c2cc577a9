"""Random arguments to every constructor: nothing but TypeError or ValueError may come out."""

from __future__ import annotations

import contextlib
from typing import Any, Callable

from hypothesis import given, settings
from hypothesis import strategies as st

import azure_functions_compat as func

# Values of many shapes, including ones close to valid (str, bytes, small ints, mappings).
anything: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-1000, 1000)
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    | st.binary(max_size=12),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=5) | st.integers(), children, max_size=3)
        | st.tuples(children, children)
    ),
    max_leaves=6,
)

CONSTRUCTORS: dict[str, Callable[..., object]] = {
    "HttpRequest": lambda a, b, c, d, e, f: func.HttpRequest(
        a, b, headers=c, params=d, route_params=e, body=f
    ),
    "HttpResponse": lambda a, b, c, d, e, f: func.HttpResponse(
        a, status_code=b, headers=c, mimetype=d, charset=e
    ),
    "InputStream": lambda a, b, c, d, e, f: func.InputStream(
        data=a, name=b, uri=c, length=d, blob_properties=e, metadata=f
    ),
    "QueueMessage": lambda a, b, c, d, e, f: func.QueueMessage(
        id=a, body=b, pop_receipt=c, dequeue_count=d, expiration_time=e, insertion_time=f
    ),
    "TimerRequest": lambda a, b, c, d, e, f: func.TimerRequest(
        past_due=a, schedule_status=b, schedule=c
    ),
    "Context": lambda a, b, c, d, e, f: func.Context(
        invocation_id=a,
        function_name=b,
        function_directory=c,
        trace_context=d,
        retry_context=e,
        thread_local_storage=f,
    ),
    "TraceContext": lambda a, b, c, d, e, f: func.TraceContext(a, b, c),
    "RetryContext": lambda a, b, c, d, e, f: func.RetryContext(a, b, c),
}


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(sorted(CONSTRUCTORS)),
    arguments=st.tuples(anything, anything, anything, anything, anything, anything),
)
def test_constructors_raise_only_type_or_value_errors(
    name: str, arguments: tuple[Any, ...]
) -> None:
    try:
        built = CONSTRUCTORS[name](*arguments)
    except (TypeError, ValueError) as exc:
        # The message names the class, so the user knows which call was wrong.
        assert str(exc).startswith(f"{name}: "), str(exc)  # noqa: PT017
        return
    # What was accepted must be usable: reading it raises nothing either.
    repr(built)
    for attribute in dir(built):
        if not attribute.startswith("_"):
            getattr(built, attribute)


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=64) | st.text(max_size=32), url=st.text(max_size=40))
def test_reading_a_request_raises_only_value_errors(body: Any, url: str) -> None:
    try:
        request = func.HttpRequest("POST", url, body=body)
    except ValueError:
        return
    dict(request.params)
    request.get_body()
    with contextlib.suppress(ValueError):
        request.get_json()
