"""What the Python worker and the Functions host do with an app, done the same way here."""

from __future__ import annotations

import re
from typing import Callable

import pytest

from azure_functions_compat.host import App

from .conftest import HTTP_BINDINGS

TRACE_SOURCE = """
    import azure.functions as func

    def main(req, context: func.Context):
        trace = context.trace_context
        assert (trace.Traceparent, trace.Tracestate) == (trace.trace_parent, trace.trace_state)
        return f"{trace.Traceparent}|{trace.Tracestate}"
"""
TRACEPARENT = re.compile(r"00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})")


def test_trace_context_continues_the_request_traceparent(make_app: Callable[..., App]) -> None:
    app = make_app({"Trace": (HTTP_BINDINGS, TRACE_SOURCE)})
    incoming = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    with app.test_client() as client:
        response = client.get(
            "/api/Trace", headers={"traceparent": incoming, "tracestate": "congo=t61rcWkgMzE"}
        )
    parent, state = response.text.split("|")
    found = TRACEPARENT.fullmatch(parent)
    assert found is not None
    # The same trace, a span of the invocation's own.
    assert found.group(1) == "0af7651916cd43dd8448eb211c80319c"
    assert found.group(2) != "b7ad6b7169203331"
    assert found.group(3) == "01"
    assert state == "congo=t61rcWkgMzE"


@pytest.mark.parametrize(
    "header", [None, "", "garbage", "00-" + "0" * 32 + "-" + "1" * 16 + "-01"]
)
def test_trace_context_starts_a_trace_without_a_valid_traceparent(
    make_app: Callable[..., App], header: str
) -> None:
    app = make_app({"Trace": (HTTP_BINDINGS, TRACE_SOURCE)})
    headers = {} if header is None else {"traceparent": header}
    with app.test_client() as client:
        first = client.get("/api/Trace", headers=headers).text.split("|")[0]
        second = client.get("/api/Trace", headers=headers).text.split("|")[0]
    assert TRACEPARENT.fullmatch(first) is not None
    assert first.split("-")[1] != second.split("-")[1]


@pytest.mark.parametrize(
    "source",
    [
        "def main(req):\n    pass\n",
        "async def main(req):\n    return None\n",
    ],
)
def test_none_from_an_http_return_binding_is_a_500_with_a_message(
    make_app: Callable[..., App], source: str
) -> None:
    app = make_app({"Fn": (HTTP_BINDINGS, source)})
    with app.test_client() as client:
        response = client.get("/api/Fn")
    assert response.status_code == 500
    assert str(response.exception) == (
        "function 'Fn' returned None, but its $return binding in Fn/function.json is an HTTP "
        "response: return a func.HttpResponse (or a str)"
    )


def test_an_http_function_without_an_http_output_may_return_nothing(
    make_app: Callable[..., App],
) -> None:
    app = make_app({"Fn": ([HTTP_BINDINGS[0]], "def main(req):\n    pass\n")})
    with app.test_client() as client:
        assert client.get("/api/Fn").status_code == 204
