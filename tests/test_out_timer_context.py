from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest

import azure_functions_compat as func


class TestOut:
    def test_get_returns_what_set_stored(self) -> None:
        out: func.Out[str] = func.Out()
        out.set("hello")
        assert out.get() == "hello"
        assert out.is_set

    def test_an_unset_out_gives_none(self) -> None:
        out: func.Out[str] = func.Out()
        assert out.get() is None
        assert not out.is_set

    def test_set_none_counts_as_set(self) -> None:
        out: func.Out[None] = func.Out()
        out.set(None)
        assert out.is_set

    def test_a_later_set_replaces_the_value(self) -> None:
        out: func.Out[int] = func.Out()
        out.set(1)
        out.set(2)
        assert out.get() == 2

    def test_it_can_be_subscripted_and_built_at_run_time(self) -> None:
        out = func.Out[func.QueueMessage]()
        out.set(func.QueueMessage(body=b"x"))
        message = out.get()
        assert message is not None
        assert message.get_body() == b"x"

    def test_repr_shows_the_value(self) -> None:
        out: func.Out[str] = func.Out()
        assert repr(out) == "<Out (not set)>"
        out.set("v")
        assert repr(out) == "<Out 'v'>"


class TestTimerRequest:
    def test_defaults(self) -> None:
        timer = func.TimerRequest()
        assert timer.past_due is False
        assert timer.schedule_status == {}
        assert timer.schedule == {}

    def test_given_values_are_kept(self) -> None:
        timer = func.TimerRequest(
            past_due=True,
            schedule_status={"Last": "2024-01-01T00:00:00"},
            schedule={"AdjustForDST": True},
        )
        assert timer.past_due is True
        assert timer.schedule_status == {"Last": "2024-01-01T00:00:00"}
        assert timer.schedule == {"AdjustForDST": True}

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"past_due": 1}, "past_due must be a bool"),
            ({"past_due": "yes"}, "past_due must be a bool"),
            ({"schedule_status": "x"}, "schedule_status must be a mapping"),
            ({"schedule": [1]}, "schedule must be a mapping"),
        ],
    )
    def test_bad_arguments_are_a_type_error(
        self, arguments: dict[str, object], message: str
    ) -> None:
        with pytest.raises(TypeError, match=f"TimerRequest: {message}"):
            func.TimerRequest(**arguments)  # type: ignore[arg-type]

    def test_to_dict_and_to_json(self) -> None:
        timer = func.TimerRequest(past_due=True, schedule_status={"Last": "2024"})
        expected = {"past_due": True, "schedule_status": {"Last": "2024"}, "schedule": {}}
        assert timer.to_dict() == expected
        assert (
            timer.to_json()
            == '{"past_due": true, "schedule_status": {"Last": "2024"}, "schedule": {}}'
        )

    def test_a_subclass_may_override_past_due_without_calling_init(self) -> None:
        class MockTimerRequest(func.TimerRequest):
            def __init__(self) -> None:
                pass

            @property
            def past_due(self) -> bool:
                return True

        assert MockTimerRequest().past_due is True
        assert repr(MockTimerRequest()) == "<TimerRequest past_due=True>"


class TestContext:
    def test_every_argument_is_optional(self) -> None:
        context = func.Context()
        assert uuid.UUID(context.invocation_id).version == 4
        assert context.function_name == ""
        assert context.function_directory == ""
        assert context.trace_context.trace_parent == ""
        assert context.trace_context.trace_state == ""
        assert context.trace_context.attributes == {}
        assert context.retry_context.retry_count == 0
        assert context.retry_context.max_retry_count == 0
        assert context.retry_context.exception is None
        assert context.thread_local_storage.invocation_id == context.invocation_id

    def test_trace_context_answers_both_spellings(self) -> None:
        trace = func.TraceContext("00-abc-def-01", "k=v", {"a": "b"})
        assert (trace.Traceparent, trace.Tracestate, trace.Attributes) == (
            trace.trace_parent,
            trace.trace_state,
            trace.attributes,
        )
        assert trace.Traceparent == "00-abc-def-01"
        assert trace.Tracestate == "k=v"
        assert trace.Attributes == {"a": "b"}

    def test_each_context_gets_its_own_invocation_id(self) -> None:
        assert func.Context().invocation_id != func.Context().invocation_id

    def test_given_values_are_kept(self, tmp_path: Path) -> None:
        storage = threading.local()
        trace = func.TraceContext("00-abc-def-01", "k=v", {"a": "b"})
        retry = func.RetryContext(1, 3, func.RpcException("src", "trace", "boom"))
        context = func.Context(
            invocation_id="id-1",
            function_name="HttpTrigger",
            function_directory=tmp_path,
            trace_context=trace,
            retry_context=retry,
            thread_local_storage=storage,
        )
        assert context.invocation_id == "id-1"
        assert context.function_name == "HttpTrigger"
        assert context.function_directory == str(tmp_path)
        assert context.trace_context is trace
        assert context.retry_context.exception is not None
        assert context.retry_context.exception.message == "boom"
        assert context.thread_local_storage is storage

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"invocation_id": 1}, "Context: invocation_id must be a str or None"),
            ({"function_name": None}, "Context: function_name must be a str"),
            ({"function_directory": 3}, "Context: function_directory must be a str"),
            ({"trace_context": {}}, "Context: trace_context must be a TraceContext"),
            ({"retry_context": 1}, "Context: retry_context must be a RetryContext"),
        ],
    )
    def test_bad_arguments_are_a_type_error(
        self, arguments: dict[str, object], message: str
    ) -> None:
        with pytest.raises(TypeError, match=message):
            func.Context(**arguments)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("build", "error", "message"),
        [
            (
                lambda: func.RetryContext(-1),
                ValueError,
                "retry_count must be an int of at least 0",
            ),
            (lambda: func.RetryContext(0, "3"), TypeError, "max_retry_count must be an int"),
            (
                lambda: func.RetryContext(0, 0, "boom"),
                TypeError,
                "exception must be an RpcException",
            ),
            (lambda: func.TraceContext(1), TypeError, "trace_parent must be a str"),
            (lambda: func.TraceContext("", "", [1]), TypeError, "attributes must be a mapping"),
            (lambda: func.RpcException(message=1), TypeError, "message must be a str"),
        ],
    )
    def test_bad_trace_and_retry_parts_are_refused(
        self, build: object, error: type[Exception], message: str
    ) -> None:
        with pytest.raises(error, match=message):
            build()  # type: ignore[operator]
