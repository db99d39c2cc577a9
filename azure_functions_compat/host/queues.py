"""Queue triggers: claiming a waiting message, handing it over, settling it afterwards.

The Functions queue extension never takes a message out of its queue before the function
has succeeded. It claims the message (hidden from other receivers for a while), runs the
function, then settles: deleted after a success; after a failure given back, visible again
after host.json ``extensions.queues.visibilityTimeout`` with its dequeue count kept; and once
the count reaches ``maxDequeueCount`` (5) moved, with its original body, to ``<queue>-poison``.

Both the in-process host (``App.invoke`` of a queue trigger without data, the ``invoke``
command) and ``serve``'s polling loops go through :func:`claim`, :func:`trigger_message` and
:func:`settle`, so the two cannot drift apart.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable, Optional

from ..queue import QueueMessage
from .errors import AppLoadError, BindingError
from .expressions import resolve_settings
from .invocation import LogEntry, new_invocation_id

if TYPE_CHECKING:
    from .app import App, InvocationResult
    from .metadata import FunctionMetadata
    from .storage import QueuedMessage, Storage

#: How long a message stays claimed while its function runs: the host's ten-minute lease.
CLAIM_SECONDS = 600.0

# [-][d.]hh:mm[:ss[.fffffff]], as .NET writes a TimeSpan.
_TIMESPAN = re.compile(
    r"^\s*(?P<sign>-)?(?:(?P<days>\d+)\.)?(?P<hours>\d{1,2}):(?P<minutes>\d{1,2})"
    r"(?::(?P<seconds>\d{1,2})(?:\.(?P<fraction>\d{1,7}))?)?\s*$"
)


def parse_timespan(text: str) -> Optional[datetime.timedelta]:
    """A .NET TimeSpan such as ``00:05:00`` or ``1.02:00:00`` as a timedelta; None if not one."""
    found = _TIMESPAN.match(text)
    if found is None:
        return None
    hours, minutes = int(found["hours"]), int(found["minutes"])
    seconds = int(found["seconds"] or 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        return None
    fraction = float(f"0.{found['fraction']}") if found["fraction"] else 0.0
    span = datetime.timedelta(
        days=int(found["days"] or 0),
        hours=hours,
        minutes=minutes,
        seconds=seconds + fraction,
    )
    return -span if found["sign"] else span


class QueueOptions:
    """``host.json`` ``extensions.queues``, with the Functions host's defaults.

    ``visibility_timeout`` is the delay, in seconds, before a failed message is visible again
    (0: at once); ``max_dequeue_count`` the receives after which a failing message goes to
    ``<queue>-poison``. ``batch_size``, ``new_batch_threshold`` and ``max_polling_interval``
    steer ``serve``'s polling.
    """

    __slots__ = (
        "batch_size",
        "max_dequeue_count",
        "max_polling_interval",
        "new_batch_threshold",
        "visibility_timeout",
    )

    def __init__(
        self,
        *,
        batch_size: int = 16,
        new_batch_threshold: Optional[int] = None,
        max_polling_interval: float = 60.0,
        visibility_timeout: float = 0.0,
        max_dequeue_count: int = 5,
    ) -> None:
        self.batch_size = batch_size
        self.new_batch_threshold = (
            batch_size // 2 if new_batch_threshold is None else new_batch_threshold
        )
        self.max_polling_interval = max_polling_interval
        self.visibility_timeout = visibility_timeout
        self.max_dequeue_count = max_dequeue_count

    def __repr__(self) -> str:
        return (
            f"QueueOptions(batch_size={self.batch_size}, "
            f"max_dequeue_count={self.max_dequeue_count}, "
            f"visibility_timeout={self.visibility_timeout:g})"
        )


def queue_options(host: Mapping[str, Any]) -> QueueOptions:
    """The ``extensions.queues`` section of a parsed host.json; AppLoadError naming the field."""
    extensions = host.get("extensions")
    queues = extensions.get("queues") if isinstance(extensions, Mapping) else None
    if queues is None:
        return QueueOptions()
    if not isinstance(queues, Mapping):
        raise AppLoadError(f"host.json: extensions.queues must be an object, got {queues!r}")

    def whole(name: str, default: Optional[int], low: int, high: int) -> Optional[int]:
        value = queues.get(name, default)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise AppLoadError(
                f"host.json: extensions.queues.{name} must be a whole number from {low} to "
                f"{high}, got {value!r}"
            )
        return value

    def span(name: str, default: float) -> float:
        value = queues.get(name)
        if value is None:
            return default
        parsed = parse_timespan(value) if isinstance(value, str) else None
        if parsed is None or parsed.total_seconds() < 0:
            raise AppLoadError(
                f"host.json: extensions.queues.{name} must be a time span such as '00:00:02', "
                f"got {value!r}"
            )
        return parsed.total_seconds()

    batch_size = whole("batchSize", 16, 1, 32)
    assert batch_size is not None
    max_dequeue = whole("maxDequeueCount", 5, 1, 1000)
    assert max_dequeue is not None
    return QueueOptions(
        batch_size=batch_size,
        new_batch_threshold=whole("newBatchThreshold", None, 0, 1000),
        max_polling_interval=span("maxPollingInterval", 60.0),
        visibility_timeout=span("visibilityTimeout", 0.0),
        max_dequeue_count=max_dequeue,
    )


def read_queue_options(root: str) -> QueueOptions:
    """The queue options of the app in folder ``root`` (the defaults without a host.json)."""
    from .loader import read_json

    path = os.path.join(root, "host.json")
    if not os.path.isfile(path):
        return QueueOptions()
    config = read_json(path, "host.json")
    return queue_options(config if isinstance(config, Mapping) else {})


def poison_queue(queue: str, suffix: str = "-poison") -> str:
    """``queue`` + ``suffix``, the queue cut short so the name stays within 63 characters."""
    return queue[: 63 - len(suffix)].rstrip("-") + suffix


def claim(storage: Storage, queue: str, max_messages: int = 1) -> list[QueuedMessage]:
    """Claim up to ``max_messages`` waiting messages of ``queue`` while functions run them."""
    return storage.receive_messages(
        queue, max_messages=max_messages, visibility_timeout=CLAIM_SECONDS
    )


def trigger_message(record: QueuedMessage) -> QueueMessage:
    """The QueueMessage a function gets for a claimed message: its id, receipt, count, times."""
    return QueueMessage(
        id=record.id,
        body=record.body,
        pop_receipt=record.pop_receipt,
        dequeue_count=record.dequeue_count,
        insertion_time=record.insertion_time,
        expiration_time=record.expiration_time,
        time_next_visible=record.next_visible_time,
    )


def poison_line(attempts: int, failed: str) -> str:
    """The warning of a queue message moved to its poison queue ``failed``."""
    return (
        f"Message has reached MaxDequeueCount of {attempts}. Moving message to queue '{failed}'."
    )


def settle(
    storage: Storage,
    queue: str,
    messages: list[QueuedMessage],
    succeeded: bool,
    *,
    attempts: int,
    failed: Optional[str],
    retry_delay: float,
    report: Callable[[str], None],
    function_name: str,
    exhausted: Optional[Callable[[int, str], str]] = None,
) -> None:
    """Settle claimed ``messages`` once their function has run.

    Deleted when it ``succeeded``; else released (visible again after ``retry_delay``
    seconds) until a message has been received ``attempts`` times, then put in the queue
    ``failed`` with its original body and deleted (dropped, with a line, when ``failed`` is
    None). ``report`` takes the warning lines; ``exhausted(attempts, failed)`` words the line
    of a message moved to ``failed`` (default: the queue trigger's, naming maxDequeueCount).
    """
    line = exhausted or poison_line
    for message in messages:
        if succeeded:
            storage.delete_message(queue, message.id, message.pop_receipt)
        elif message.dequeue_count < attempts:
            storage.release_message(
                queue, message.id, message.pop_receipt, visibility_timeout=retry_delay
            )
        else:
            if failed is not None:
                report(line(attempts, failed))
                storage.put_message(failed, message.body)
            else:
                report(f"Functions.{function_name} failed for a message of '{queue}'; moving on.")
            storage.delete_message(queue, message.id, message.pop_receipt)


def invoke_waiting(
    app: App,
    metadata: FunctionMetadata,
    run: Callable[[QueueMessage], InvocationResult],
) -> InvocationResult:
    """Run a queue-triggered function on the oldest message waiting in its queue.

    The message is claimed, handed to ``run`` as a QueueMessage with the record's id, dequeue
    count, times and pop receipt, and settled by the outcome (see :func:`settle`). No message,
    or a queue the storage refuses, gives a failed result with a BindingError.
    """
    trigger = metadata.trigger
    where = f"{metadata.source}: binding {trigger.name!r}"
    options = app.queue_options
    try:
        raw = trigger.get("queueName")
        if not isinstance(raw, str):
            raise BindingError(f"{where} has no 'queueName'")
        queue = resolve_settings(raw, app.settings, where=where).lower()
        storage = app.storage.for_connection(trigger.get("connection"), app.settings)
        records = claim(storage, queue)
        if not records:
            raise BindingError(
                f"{where}: queue {queue!r} has no message to trigger {metadata.name!r}; pass "
                "the message body as data, or put a message in the queue first"
            )
    except (TypeError, ValueError) as exc:
        from .app import InvocationResult

        failure = InvocationResult(metadata.name, new_invocation_id())
        text = str(exc)
        failure.exception = (
            exc if text.startswith(metadata.source) else BindingError(f"{where}: {text}")
        )
        return failure
    try:
        result = run(trigger_message(records[0]))
    except BaseException:
        # Ctrl-C in the function: the message goes back untouched, counted as received
        # (and, should the storage fail now, when the claim runs out).
        with contextlib.suppress(TypeError, ValueError):
            storage.release_message(queue, records[0].id, records[0].pop_receipt)
        raise

    def report(text: str) -> None:
        entry = LogEntry("WARNING", 30, text, result.invocation_id, "Host.Triggers.Queue")
        result.logs.append(entry)

    try:
        settle(
            storage,
            queue,
            records,
            result.ok,
            attempts=options.max_dequeue_count,
            failed=None if result.ok else poison_queue(queue),
            retry_delay=options.visibility_timeout,
            report=report,
            function_name=metadata.name,
        )
    except (TypeError, ValueError) as exc:
        if result.exception is None:
            result.exception = exc
    return result


__all__ = [
    "CLAIM_SECONDS",
    "QueueOptions",
    "claim",
    "invoke_waiting",
    "parse_timespan",
    "poison_line",
    "poison_queue",
    "queue_options",
    "read_queue_options",
    "settle",
    "trigger_message",
]
