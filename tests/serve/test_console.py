"""The console lines of invocations, and host.json logging.logLevel."""

from __future__ import annotations

import datetime
import io

import pytest

from azure_functions_compat.host.app import InvocationResult
from azure_functions_compat.host.invocation import LogEntry
from azure_functions_compat.serve.console import Console

STARTED = datetime.datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=datetime.timezone.utc)


def _result(exception: BaseException | None = None) -> InvocationResult:
    result = InvocationResult("hello", "0000-id")
    result.logs = [
        LogEntry("INFO", 20, "an info line", "0000-id", "root"),
        LogEntry("WARNING", 30, "a warning line", "0000-id", "root"),
    ]
    result.exception = exception
    return result


def _lines(console: Console, stream: io.StringIO, **kwargs: object) -> list[str]:
    console.invocation(_result(**kwargs), reason="Because", started=STARTED, duration=0.0123)
    return [line.split("] ", 1)[1] for line in stream.getvalue().splitlines()]


def test_an_invocation_is_executing_its_records_and_executed_like_core_tools() -> None:
    stream = io.StringIO()
    lines = _lines(Console(20, stream), stream)
    assert lines == [
        "Executing 'Functions.hello' (Reason='Because', Id=0000-id)",
        "an info line",
        "a warning line",
        "Executed 'Functions.hello' (Succeeded, Id=0000-id, Duration=12ms)",
    ]
    assert stream.getvalue().startswith("[2026-01-02T03:04:05.678Z] Executing")


@pytest.mark.parametrize(
    ("level", "failing", "expected"),
    [
        (30, False, ["a warning line"]),
        (
            30,
            True,
            [
                "a warning line",
                "Executed 'Functions.hello' (Failed, Id=0000-id, Duration=12ms)",
                "Result: Failure Exception: ValueError: bad",
            ],
        ),
        (100, False, []),
    ],
)
def test_log_level_of_host_json_hides_lower_lines_but_never_a_failure(
    level: int, failing: bool, expected: list[str]
) -> None:
    stream = io.StringIO()
    exception = ValueError("bad") if failing else None
    assert _lines(Console(level, stream), stream, exception=exception) == expected
