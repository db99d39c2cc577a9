"""``Context``: what a function learns about its own invocation, and its trace and retry parts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

from ._validation import check_optional_dict, check_optional_str, check_str, fail_type, short_repr


class TraceContext:
    """The W3C trace context of an invocation: ``traceparent``, ``tracestate``, attributes.

    Every argument is optional: the strings default to ``''`` and ``attributes`` to ``{}``.
    """

    __slots__ = ("_attributes", "_trace_parent", "_trace_state")

    def __init__(
        self,
        trace_parent: str = "",
        trace_state: str = "",
        attributes: Optional[Mapping[str, str]] = None,
    ) -> None:
        self._trace_parent = check_str("TraceContext", "trace_parent", trace_parent)
        self._trace_state = check_str("TraceContext", "trace_state", trace_state)
        self._attributes: dict[str, str] = check_optional_dict(
            "TraceContext", "attributes", attributes
        )

    @property
    def trace_parent(self) -> str:
        """The ``traceparent`` header value, or ``''``."""
        return self._trace_parent

    @property
    def trace_state(self) -> str:
        """The ``tracestate`` header value, or ``''``."""
        return self._trace_state

    @property
    def attributes(self) -> dict[str, str]:
        """Further trace attributes."""
        return self._attributes

    # The spellings of the worker's older TraceContext, which the OpenTelemetry examples for
    # Azure Functions still use (``context.trace_context.Traceparent``).
    @property
    def Traceparent(self) -> str:
        """The ``traceparent`` header value, or ``''`` (the same as :attr:`trace_parent`)."""
        return self._trace_parent

    @property
    def Tracestate(self) -> str:
        """The ``tracestate`` header value, or ``''`` (the same as :attr:`trace_state`)."""
        return self._trace_state

    @property
    def Attributes(self) -> dict[str, str]:
        """Further trace attributes (the same as :attr:`attributes`)."""
        return self._attributes

    def __repr__(self) -> str:
        return f"<TraceContext trace_parent={self.trace_parent!r}>"


class RpcException:
    """The error that made the host retry an invocation: source, stack trace, message."""

    __slots__ = ("_message", "_source", "_stack_trace")

    def __init__(self, source: str = "", stack_trace: str = "", message: str = "") -> None:
        self._source = check_str("RpcException", "source", source)
        self._stack_trace = check_str("RpcException", "stack_trace", stack_trace)
        self._message = check_str("RpcException", "message", message)

    @property
    def source(self) -> str:
        """Where the error came from."""
        return self._source

    @property
    def stack_trace(self) -> str:
        """The stack trace of the error, as text."""
        return self._stack_trace

    @property
    def message(self) -> str:
        """The error message."""
        return self._message

    def __repr__(self) -> str:
        return f"<RpcException {self.message!r}>"


def _check_count(param: str, value: object, lowest: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail_type("RetryContext", param, "an int", value)
    if value < lowest:
        raise ValueError(
            f"RetryContext: {param} must be an int of at least {lowest}, got "
            f"{short_repr(value)} (int)"
        )
    return int(value)


class RetryContext:
    """Where an invocation stands in its retry policy.

    ``retry_count`` is 0 on the first try; ``max_retry_count`` is 0 when no retry policy
    applies (the defaults) and -1 for a policy without a limit; ``exception`` is the error
    that caused the retry, or None.
    """

    __slots__ = ("_exception", "_max_retry_count", "_retry_count")

    def __init__(
        self,
        retry_count: int = 0,
        max_retry_count: int = 0,
        exception: Optional[RpcException] = None,
    ) -> None:
        self._retry_count = _check_count("retry_count", retry_count)
        self._max_retry_count = _check_count("max_retry_count", max_retry_count, -1)
        if exception is not None and not isinstance(exception, RpcException):
            raise fail_type("RetryContext", "exception", "an RpcException or None", exception)
        self._exception = exception

    @property
    def retry_count(self) -> int:
        """How many times this invocation has been retried so far."""
        return self._retry_count

    @property
    def max_retry_count(self) -> int:
        """How many retries the policy allows."""
        return self._max_retry_count

    @property
    def exception(self) -> Optional[RpcException]:
        """The error that caused the retry, or None."""
        return self._exception

    def __repr__(self) -> str:
        return f"<RetryContext {self.retry_count} of {self.max_retry_count}>"


class Context:
    """The invocation context a function gets when it declares a ``context`` parameter.

    Every argument is optional: ``invocation_id`` defaults to a fresh UUID4 string,
    ``function_name`` and ``function_directory`` to ``''``, ``trace_context`` and
    ``retry_context`` to empty ones, and ``thread_local_storage`` to a new
    ``threading.local`` whose ``invocation_id`` attribute is set, as under Azure.
    """

    __slots__ = (
        "__weakref__",
        "_function_directory",
        "_function_name",
        "_invocation_id",
        "_retry_context",
        "_thread_local_storage",
        "_trace_context",
    )

    def __init__(
        self,
        *,
        invocation_id: Optional[str] = None,
        function_name: str = "",
        function_directory: str = "",
        trace_context: Optional[TraceContext] = None,
        retry_context: Optional[RetryContext] = None,
        thread_local_storage: Optional[Any] = None,
    ) -> None:
        checked_id = check_optional_str("Context", "invocation_id", invocation_id)
        if checked_id is None:
            import uuid

            checked_id = str(uuid.uuid4())
        self._invocation_id = checked_id
        self._function_name = check_str("Context", "function_name", function_name)
        self._function_directory = _check_directory(function_directory)
        if trace_context is None:
            trace_context = TraceContext()
        elif not isinstance(trace_context, TraceContext):
            raise fail_type("Context", "trace_context", "a TraceContext or None", trace_context)
        self._trace_context = trace_context
        if retry_context is None:
            retry_context = RetryContext()
        elif not isinstance(retry_context, RetryContext):
            raise fail_type("Context", "retry_context", "a RetryContext or None", retry_context)
        self._retry_context = retry_context
        if thread_local_storage is None:
            import threading

            thread_local_storage = threading.local()
            thread_local_storage.invocation_id = checked_id
        self._thread_local_storage = thread_local_storage

    @property
    def invocation_id(self) -> str:
        """The id of this invocation."""
        return self._invocation_id

    @property
    def function_name(self) -> str:
        """The name of the function being run."""
        return self._function_name

    @property
    def function_directory(self) -> str:
        """The folder the function's code is in."""
        return self._function_directory

    @property
    def trace_context(self) -> TraceContext:
        """The W3C trace context of this invocation."""
        return self._trace_context

    @property
    def retry_context(self) -> RetryContext:
        """Where this invocation stands in its retry policy."""
        return self._retry_context

    @property
    def thread_local_storage(self) -> Any:
        """Per-invocation thread-local storage; its ``invocation_id`` names this invocation."""
        return self._thread_local_storage

    def __repr__(self) -> str:
        return f"<Context {self.function_name!r} invocation_id={self.invocation_id!r}>"


def _check_directory(value: object) -> str:
    import os

    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        raise fail_type("Context", "function_directory", "a str or os.PathLike", value)
    return str(value)


__all__ = ["Context", "RetryContext", "RpcException", "TraceContext"]
