"""The host's console lines, as Core Tools prints them, one block per invocation.

A block is written at once when the invocation ends (its ``Executing`` line keeps the time it
started), so the lines of invocations that run at the same time never interleave.
"""

from __future__ import annotations

import datetime
import sys
import threading
import traceback
from typing import TYPE_CHECKING, Optional, TextIO

if TYPE_CHECKING:
    from ..host.app import InvocationResult

INFO = 20
WARNING = 30
ERROR = 40


def _stamp(moment: Optional[datetime.datetime] = None) -> str:
    moment = moment or datetime.datetime.now(datetime.timezone.utc)
    return moment.strftime("[%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z]"


class Console:
    """Writes host and invocation lines to a stream, at or above ``level`` (host.json)."""

    __slots__ = ("_lock", "level", "stream")

    def __init__(self, level: int = INFO, stream: Optional[TextIO] = None) -> None:
        self.level = level
        self.stream = stream
        self._lock = threading.Lock()

    def _write(self, lines: list[str]) -> None:
        if not lines:
            return
        stream = self.stream if self.stream is not None else sys.stdout
        text = "".join(line + "\n" for line in lines)
        with self._lock:
            try:
                stream.write(text)
                stream.flush()
            except (OSError, ValueError):
                pass  # a closed console must not fail the request

    def line(self, message: str, level: int = INFO) -> None:
        """One host line with a timestamp."""
        if level >= self.level:
            self._write([f"{_stamp()} {message}"])

    def invocation(
        self,
        result: InvocationResult,
        *,
        reason: str,
        started: datetime.datetime,
        duration: float,
        failure: Optional[str] = None,
    ) -> None:
        """The block of one invocation: Executing, its log records, Executed."""
        name = f"Functions.{result.function_name}"
        lines: list[str] = []
        if self.level <= INFO:
            lines.append(
                f"{_stamp(started)} Executing '{name}' (Reason='{reason}', "
                f"Id={result.invocation_id})"
            )
        for entry in result.logs:
            if entry.levelno >= self.level:
                lines.append(f"{_stamp()} {entry.message}")
        exception = result.exception
        outcome = "Succeeded" if exception is None and failure is None else "Failed"
        milliseconds = round(duration * 1000)
        if exception is not None:
            shown = "".join(
                traceback.format_exception(type(exception), exception, exception.__traceback__)
            ).rstrip()
            lines.append(
                f"{_stamp()} Executed '{name}' (Failed, Id={result.invocation_id}, "
                f"Duration={milliseconds}ms)"
            )
            lines.append(f"{_stamp()} Result: Failure Exception: {shown}")
        elif failure is not None:
            lines.append(
                f"{_stamp()} Executed '{name}' (Failed, Id={result.invocation_id}, "
                f"Duration={milliseconds}ms)"
            )
            lines.append(f"{_stamp()} Result: Failure Exception: {failure}")
        elif self.level <= INFO:
            lines.append(
                f"{_stamp()} Executed '{name}' ({outcome}, Id={result.invocation_id}, "
                f"Duration={milliseconds}ms)"
            )
        self._write(lines)


__all__ = ["Console"]
