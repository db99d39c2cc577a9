"""The trigger loops ``serve`` runs next to the HTTP server, on its event loop.

* **Timers**: NCRONTAB schedules of six fields (seconds first) or five, and TimeSpan
  intervals (``00:05:00``), read with croniter; ``runOnStartup``; ``useMonitor`` keeps the
  schedule status in storage, so an occurrence missed while the app was down runs at start
  with ``past_due``; ``WEBSITE_TIME_ZONE`` (or ``TZ``) names the time zone (UTC otherwise).
  Runs of one timer never overlap.
* **Queues**: each queue trigger polls its queue with host.json ``extensions.queues``
  (``batchSize``, ``newBatchThreshold``, ``maxPollingInterval``, ``visibilityTimeout``,
  ``maxDequeueCount``); a queue is polled again at once when one of the app's functions
  with a queue-like output finishes. A message is claimed while its function runs (so other
  processes sharing the storage skip it), deleted when the function succeeds, released for a
  retry when it fails, and moved to ``<queue>-poison`` after ``maxDequeueCount`` failures.
* **Service Bus, Event Hubs, Event Grid**: fed by the app's own outputs, which keep their
  messages in storage queues; claimed as queue messages are and settled as each service
  does, in the code ``App.invoke`` shares (``host/services.py``).
* **Blobs**: each blob trigger scans its container for new and changed blobs under its path;
  a receipt (a blob in ``azure-webjobs-hosts``) records the version each function has run
  for, so each version fires once, across restarts too with a storage folder.

Storage calls are blocking (a folder), so they run on threads; invocations go through
:meth:`FunctionsASGI.run_invocation` like HTTP ones (timeout, console lines).
"""

from __future__ import annotations

import asyncio
import datetime
import functools
import json
import os
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar

from ..host.errors import AppLoadError
from ..host.queues import claim, poison_queue, trigger_message
from ..host.queues import settle as settle_messages
from .config import parse_timespan
from .console import ERROR, WARNING

if TYPE_CHECKING:
    from ..host.app import InvocationResult
    from ..host.metadata import FunctionMetadata
    from .asgi import FunctionsASGI

T = TypeVar("T")
UTC = datetime.timezone.utc

RECEIPTS = "azure-webjobs-hosts"
BLOB_POISON_QUEUE = "webjobs-blobtrigger-poison"
BLOB_SCAN_INTERVAL = 1.0
BLOB_MAX_ATTEMPTS = 5
QUEUE_MIN_POLL = 0.1


def _now() -> datetime.datetime:
    return datetime.datetime.now(UTC)


class Schedule:
    """When a timer fires: an NCRONTAB expression (6 or 5 fields) or a TimeSpan interval."""

    def __init__(self, expression: str, zone: datetime.tzinfo, *, where: str) -> None:
        self.expression = expression.strip()
        self.zone = zone
        self.interval: Optional[datetime.timedelta] = None
        fields = self.expression.split()
        if ":" in self.expression and len(fields) == 1:
            self.interval = parse_timespan(self.expression)
            if self.interval is None or self.interval.total_seconds() <= 0:
                raise AppLoadError(
                    f"{where}: schedule {expression!r} is not a positive time span such as "
                    "'00:05:00'"
                )
            return
        if len(fields) not in (5, 6):
            raise AppLoadError(
                f"{where}: schedule {expression!r} must be an NCRONTAB expression of six "
                "fields ('{second} {minute} {hour} {day} {month} {day-of-week}'), five, or a "
                "time span such as '00:05:00'"
            )
        croniter = _croniter()
        self._six = len(fields) == 6
        try:
            croniter(self.expression, _now(), second_at_beginning=self._six)
        except (ValueError, KeyError) as exc:
            raise AppLoadError(f"{where}: schedule {expression!r} is invalid: {exc}") from None

    def next_after(self, moment: datetime.datetime) -> datetime.datetime:
        """The first occurrence strictly after ``moment`` (a UTC datetime)."""
        if self.interval is not None:
            return moment + self.interval
        croniter = _croniter()
        local = moment.astimezone(self.zone)
        found = croniter(self.expression, local, second_at_beginning=self._six).get_next(
            datetime.datetime
        )
        moment_found: datetime.datetime = found.astimezone(UTC)
        return moment_found

    @property
    def monitored_by_default(self) -> bool:
        """``useMonitor``'s default: on for schedules less often than once a minute."""
        first = self.next_after(_now())
        return (self.next_after(first) - first).total_seconds() >= 60


def time_zone(settings: Any) -> datetime.tzinfo:
    """The zone WEBSITE_TIME_ZONE (else TZ) names, UTC when neither is set."""
    name = settings.get("WEBSITE_TIME_ZONE") or os.environ.get("WEBSITE_TIME_ZONE")
    setting = "WEBSITE_TIME_ZONE"
    if not name:
        name = settings.get("TZ") or os.environ.get("TZ")
        setting = "TZ"
    if not name or name.upper() == "UTC":
        return UTC
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        raise AppLoadError(
            f"local.settings.json: Values.{setting} must be an IANA time zone such as "
            f"'Europe/Berlin', got {name!r}"
        ) from None


class TriggerHost:
    """Starts and stops one loop per live trigger of an app."""

    def __init__(self, server: FunctionsASGI) -> None:
        self.server = server
        self.app = server.app
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping: Optional[asyncio.Event] = None
        # One per polling queue loop: set when a function of the app may have written to it.
        self._wakes: list[asyncio.Event] = []
        # The functions with a queue-like output (queue, Service Bus, Event Hubs, Event Grid).
        self._writers = frozenset(
            metadata.name
            for metadata in self.app.functions.values()
            if any(
                binding.direction == "out" and binding.type.lower() in _MESSAGE_OUTPUTS
                for binding in metadata.bindings
            )
        )
        self.loops: list[Callable[[], Any]] = []
        zone: Optional[datetime.tzinfo] = None
        for metadata in self.app.functions.values():
            if metadata.disabled:
                continue
            kind = metadata.trigger.type.lower()
            if kind == "timertrigger":
                zone = zone or time_zone(self.app.settings)
                self.loops.append(self._timer_loop(metadata, zone))
            elif kind == "queuetrigger":
                self.loops.append(self._queue_loop(metadata))
            elif kind == "blobtrigger":
                self.loops.append(self._blob_loop(metadata))
            elif kind in ("servicebustrigger", "eventhubtrigger", "eventgridtrigger"):
                self.loops.append(self._service_loop(metadata))

    async def start(self) -> None:
        """Start one task per trigger on the running event loop."""
        # Made here: on Python 3.9 an Event binds to the loop current when it is made.
        self._stopping = asyncio.Event()
        for loop in self.loops:
            self._tasks.append(asyncio.ensure_future(loop()))

    async def stop(self) -> None:
        """Stop polling and scheduling; invocations already started finish on their own."""
        if self._stopping is not None:
            self._stopping.set()
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    async def _sleep(self, seconds: float, wake: Optional[asyncio.Event] = None) -> bool:
        """Sleep until ``seconds`` pass or ``wake`` is set; True as soon as the host stops."""
        stopping = self._stopping
        assert stopping is not None
        if wake is None:
            try:
                await asyncio.wait_for(stopping.wait(), timeout=max(0.0, seconds))
            except asyncio.TimeoutError:
                return False
            return True
        waiters = {asyncio.ensure_future(stopping.wait()), asyncio.ensure_future(wake.wait())}
        try:
            await asyncio.wait(
                waiters, timeout=max(0.0, seconds), return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            for waiter in waiters:
                waiter.cancel()
        return stopping.is_set()

    def wrote(self, function_name: str) -> None:
        """An invocation of ``function_name`` ended: if it has queue-like outputs, the
        polling loops look at their queues at once rather than after their back-off, as the
        Functions host does for messages its own functions enqueue. On the event loop."""
        if function_name in self._writers:
            for wake in self._wakes:
                wake.set()

    async def _blocking(self, call: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(None, call, *args)

    async def _invoke(
        self,
        metadata: FunctionMetadata,
        payload: Any,
        reason: str,
        blob_path: Optional[str] = None,
    ) -> Optional[InvocationResult]:
        name = metadata.name

        def work() -> InvocationResult:
            return self.app.invoke(name, payload, blob_path=blob_path)

        try:
            return await self.server.run_invocation(
                work, lambda result: result, reason=reason, function_name=name
            )
        except (TypeError, ValueError) as exc:
            self.server.console.line(f"Functions.{name} could not run: {exc}", ERROR)
            return None

    def _setting(self, metadata: FunctionMetadata, field: str) -> str:
        from ..host.expressions import resolve_settings

        value = metadata.trigger.get(field)
        if not isinstance(value, str):
            raise AppLoadError(f"{metadata.source}: {field} must be a string, got {value!r}")
        return resolve_settings(value, self.app.settings, where=field)

    # --- timers ----------------------------------------------------------------------------

    def _timer_loop(self, metadata: FunctionMetadata, zone: datetime.tzinfo) -> Callable[[], Any]:
        schedule = Schedule(self._setting(metadata, "schedule"), zone, where=metadata.source)
        run_on_startup = _flag(metadata.trigger.get("runOnStartup"), False)
        monitor = _flag(metadata.trigger.get("useMonitor"), None)
        use_monitor = schedule.monitored_by_default if monitor is None else monitor
        status_blob = f"{RECEIPTS}/timers/{metadata.name.lower()}/status"
        storage = self.app.storage

        def read_status() -> Optional[dict[str, str]]:
            try:
                raw = storage.get_blob(status_blob)
                status = json.loads(raw) if raw else None
            except (TypeError, ValueError):
                return None
            return status if isinstance(status, dict) else None

        def write_status(last: datetime.datetime, upcoming: datetime.datetime) -> None:
            status = {
                "Last": last.isoformat(),
                "Next": upcoming.isoformat(),
                "LastUpdated": _now().isoformat(),
            }
            try:
                storage.put_blob(status_blob, json.dumps(status))
            except (TypeError, ValueError) as exc:
                self.server.console.line(f"Timer status not kept: {exc}", WARNING)

        async def fire(past_due: bool, last: Optional[str], upcoming: datetime.datetime) -> None:
            fired = _now()
            payload = {
                "past_due": past_due,
                "schedule_status": {
                    "Last": last or datetime.datetime.min.replace(tzinfo=UTC).isoformat(),
                    "Next": upcoming.isoformat(),
                    "LastUpdated": fired.isoformat(),
                },
                "schedule": {"AdjustForDST": True},
            }
            await self._invoke(metadata, payload, f"Timer fired at {fired.isoformat()}")
            if use_monitor:
                await self._blocking(lambda: write_status(fired, upcoming))

        async def loop() -> None:
            now = _now()
            upcoming = schedule.next_after(now)
            last: Optional[str] = None
            status = await self._blocking(read_status) if use_monitor else None
            if status is not None:
                last = status.get("Last")
                missed = _parse_time(status.get("Next"))
                if missed is not None and missed < now:
                    await fire(True, last, upcoming)
            if run_on_startup:
                await fire(False, last, upcoming)
            self.server.console.line(
                f"The next occurrence of Functions.{metadata.name} is at "
                f"{upcoming.astimezone(zone).isoformat()}"
            )
            while True:
                if await self._sleep((upcoming - _now()).total_seconds()):
                    return
                current = upcoming
                upcoming = schedule.next_after(max(current, _now()))
                await fire(False, last, upcoming)
                last = current.isoformat()

        return loop

    # --- queues and the message services ---------------------------------------------------

    def _queue_loop(self, metadata: FunctionMetadata) -> Callable[[], Any]:
        queue = self._setting(metadata, "queueName").lower()
        options = self.server.config.queues

        def payload(messages: list[Any]) -> Any:
            return trigger_message(messages[0])

        return self._message_loop(
            metadata,
            queue,
            payload,
            reason=f"New queue message detected on '{queue}'.",
            attempts=options.max_dequeue_count,
            failed=poison_queue(queue),
            batch=options.batch_size,
            threshold=options.new_batch_threshold,
            retry_delay=options.visibility_timeout,
        )

    def _service_loop(self, metadata: FunctionMetadata) -> Callable[[], Any]:
        """Service Bus, Event Hubs and Event Grid triggers, fed by the app's own outputs.

        Their outputs keep messages in storage queues; a trigger claims them as a queue
        trigger does and settles them as its service does (see ``host/services.py``, which
        ``App.invoke`` without data shares): Service Bus dead-letters a message after ten
        deliveries, Event Grid after thirty, Event Hubs moves on past a failed event.
        """
        from ..host.errors import BindingError
        from ..host.services import MAX_BATCH, dead_letter_line, message_source, payload

        try:
            source = message_source(metadata, self.app.settings)
        except BindingError as exc:
            raise AppLoadError(str(exc)) from None
        label = {
            "servicebustrigger": "Service Bus",
            "eventhubtrigger": "Event Hubs",
        }.get(source.kind, "Event Grid")

        return self._message_loop(
            metadata,
            source.store,
            lambda messages: payload(source, messages),
            reason=f"New {label} message detected on '{source.store}'.",
            attempts=source.attempts,
            failed=source.failed,
            batch=MAX_BATCH if source.many else 16,
            threshold=0 if source.many else 8,
            retry_delay=0.0,
            many=source.many,
            exhausted=functools.partial(dead_letter_line, source),
        )

    def _message_loop(
        self,
        metadata: FunctionMetadata,
        queue: str,
        payload: Callable[[list[Any]], Any],
        *,
        reason: str,
        attempts: int,
        failed: Optional[str],
        batch: int,
        threshold: int,
        retry_delay: float,
        many: bool = False,
        exhausted: Optional[Callable[[int, str], str]] = None,
    ) -> Callable[[], Any]:
        """Poll ``queue``, run the function per message (per batch with ``many``).

        A message is claimed while the function runs; deleted when it succeeds; released for
        a retry when it fails, until it has been tried ``attempts`` times: then it moves to
        the queue ``failed`` (or is dropped, with a line, when that is None), with the line
        ``exhausted`` words (see :func:`~..host.queues.settle`).
        """
        storage = self.app.storage
        options = self.server.config.queues
        running: set[asyncio.Task[None]] = set()
        console = self.server.console

        def settle(messages: list[Any], succeeded: bool) -> None:
            settle_messages(
                storage,
                queue,
                messages,
                succeeded,
                attempts=attempts,
                failed=failed,
                retry_delay=retry_delay,
                report=lambda text: console.line(text, WARNING),
                function_name=metadata.name,
                exhausted=exhausted,
            )

        async def handle(messages: list[Any]) -> None:
            result = await self._invoke(metadata, payload(messages), reason)
            await self._blocking(settle, messages, result is not None and result.ok)

        async def loop() -> None:
            delay = QUEUE_MIN_POLL
            limit = batch + threshold
            wake = asyncio.Event()
            self._wakes.append(wake)
            while True:
                wake.clear()
                if running and len(running) > threshold:
                    # A new batch only when the running ones are down to the threshold.
                    await asyncio.wait(set(running), return_when=asyncio.FIRST_COMPLETED)
                    continue
                wanted = max(1, min(batch, limit - len(running)))
                messages: list[Any] = []
                try:
                    messages = await self._blocking(claim, storage, queue, wanted)
                except (TypeError, ValueError) as exc:
                    console.line(f"Queue '{queue}' cannot be read: {exc}", ERROR)
                groups = [messages] if many and messages else [[item] for item in messages]
                for group in groups:
                    task = asyncio.ensure_future(handle(group))
                    running.add(task)
                    task.add_done_callback(running.discard)
                if messages:
                    delay = QUEUE_MIN_POLL
                    continue
                if await self._sleep(delay, wake):
                    return
                if wake.is_set():
                    delay = QUEUE_MIN_POLL  # a message of our own may be waiting
                    continue
                # Back off while the queue is empty, as the host does.
                delay = min(delay * 2, max(QUEUE_MIN_POLL, options.max_polling_interval))

        return loop

    # --- blobs -----------------------------------------------------------------------------

    def _blob_loop(self, metadata: FunctionMetadata) -> Callable[[], Any]:
        from ..host.expressions import match_pattern

        pattern = self._setting(metadata, "path")
        container = pattern.split("/", 1)[0]
        storage = self.app.storage
        prefix = f"{RECEIPTS}/blobreceipts/{metadata.name.lower()}/"
        failures: dict[tuple[str, str], int] = {}
        console = self.server.console

        def scan() -> list[tuple[str, str]]:
            """The blobs under the trigger's path whose ETag has no receipt yet.

            Only the listing's ETags are read, as the Functions host's scan does: no blob is
            downloaded to find out whether it changed.
            """
            due = []
            for path, etag in storage.blob_etags(f"{container}/").items():
                if match_pattern(pattern, path) is None:
                    continue
                try:
                    receipt = storage.get_blob(prefix + path)
                except ValueError:
                    receipt = None
                if receipt is None or receipt.decode("ascii", "replace") != etag:
                    due.append((path, etag))
            return due

        def give_up(path: str, version: str, message: str) -> None:
            storage.put_message(BLOB_POISON_QUEUE, message)
            settle(path, version)

        def settle(path: str, version: str) -> None:
            try:
                storage.put_blob(prefix + path, version)
            except ValueError as exc:
                console.line(f"Blob receipt for {path} not kept: {exc}", WARNING)

        async def loop() -> None:
            while True:
                try:
                    due = await self._blocking(scan)
                except (TypeError, ValueError) as exc:
                    console.line(f"Container '{container}' cannot be read: {exc}", ERROR)
                    due = []
                for path, version in due:
                    try:
                        etag = (await self._blocking(storage.blob_etags, path)).get(path)
                    except (TypeError, ValueError):
                        etag = version  # the invocation will say what is wrong
                    if etag is None:
                        continue  # deleted since the scan: nothing to run, as on Azure
                    version = etag
                    # No payload: the trigger reads the blob (content, metadata, properties)
                    # from storage and, like the Functions host, never writes it back.
                    result = await self._invoke(
                        metadata,
                        None,
                        f"New blob detected(LogsAndContainerScan): {path}",
                        blob_path=path,
                    )
                    if result is not None and result.ok:
                        await self._blocking(settle, path, version)
                        continue
                    count = failures[(path, version)] = failures.get((path, version), 0) + 1
                    if count >= BLOB_MAX_ATTEMPTS:
                        poison = json.dumps(
                            {
                                "FunctionId": f"Host.Functions.{metadata.name}",
                                "BlobType": "BlockBlob",
                                "ContainerName": container,
                                "BlobName": path.split("/", 1)[1],
                                "ETag": version,
                            }
                        )
                        console.line(
                            f"Blob {path} failed {count} times; a message goes to queue "
                            f"'{BLOB_POISON_QUEUE}'.",
                            WARNING,
                        )

                        await self._blocking(give_up, path, version, poison)
                if await self._sleep(BLOB_SCAN_INTERVAL):
                    return

        return loop


_MESSAGE_OUTPUTS = frozenset(("queue", "servicebus", "eventhub", "eventgrid"))


def _croniter() -> Any:
    """croniter's class (the [serve] extra); typed loosely, it ships no type hints."""
    import importlib

    return importlib.import_module("croniter").croniter


def _flag(value: object, default: Optional[bool]) -> Optional[bool]:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return default


def _parse_time(text: object) -> Optional[datetime.datetime]:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


__all__ = ["Schedule", "TriggerHost", "time_zone"]
