"""The task hub: orchestration instances, their histories, and the work their actions ask for.

Each step of an orchestration ("episode") invokes the orchestrator function through the
app's ordinary invocation path with the instance's whole history as JSON (the SDK's
out-of-process protocol); the SDK replays the function to its next decision and answers with
the list of all actions so far. The hub carries out the new ones: activities and entity
operations run through ``App.invoke`` on the hub's worker threads, timers wait on a clock,
sub-orchestrations become instances of their own. Their outcomes come back as history events
that start the next episode.

The clock is virtual unless ``clock="real"``: time stands still until someone waits
(:meth:`DurableHub.wait`, a status query), and then, whenever no work is pending, jumps to
the next timer, so a one-hour reminder fires at once.
"""

from __future__ import annotations

import heapq
import itertools
import json
import threading
import time
import traceback
import uuid
import weakref
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Callable, Optional

from . import history as h

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from ..host.app import App, InvocationResult
    from .server import LoopbackServer

PENDING = "Pending"
RUNNING = "Running"
COMPLETED = "Completed"
FAILED = "Failed"
TERMINATED = "Terminated"
SUSPENDED = "Suspended"
ACTIVE = frozenset((PENDING, RUNNING, SUSPENDED))
TERMINAL = frozenset((COMPLETED, FAILED, TERMINATED))
RUNTIME_STATUSES = (PENDING, RUNNING, COMPLETED, FAILED, TERMINATED, SUSPENDED)

_OUT_OF_PROC_MARKER = "$OutOfProcData$:"
_HTTP_ACTIVITY = "BuiltIn::HttpActivity"
DEFAULT_HUB_NAME = "TestHubName"


class DurableError(ValueError):
    """A request the task hub cannot carry out (unknown orchestrator, finished instance ...).

    ``status`` is the HTTP status the Durable HTTP API answers it with.
    """

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class InstanceNotFoundError(DurableError, LookupError):
    """No instance (or entity) has that id."""

    def __init__(self, message: str) -> None:
        super().__init__(message, 404)


class OrchestrationStatus:
    """The state of one orchestration instance, as ``get_status`` reports it.

    ``runtime_status`` is ``Pending``, ``Running``, ``Completed``, ``Failed``,
    ``Terminated`` or ``Suspended``; ``output`` is what the orchestrator returned (for a
    failure, the message; for a termination, the reason); ``input`` and ``custom_status``
    are JSON values; ``history`` lists the history events when asked for.
    """

    __slots__ = (
        "created_time",
        "custom_status",
        "history",
        "input",
        "instance_id",
        "last_updated_time",
        "name",
        "output",
        "runtime_status",
    )

    def __init__(
        self,
        *,
        name: str,
        instance_id: str,
        runtime_status: str,
        input: Any = None,
        output: Any = None,
        custom_status: Any = None,
        created_time: Optional[datetime] = None,
        last_updated_time: Optional[datetime] = None,
        history: Optional[list[dict[str, Any]]] = None,
    ) -> None:
        self.name = name
        self.instance_id = instance_id
        self.runtime_status = runtime_status
        self.input = input
        self.output = output
        self.custom_status = custom_status
        self.created_time = created_time
        self.last_updated_time = last_updated_time
        self.history = history

    def to_json(self) -> dict[str, Any]:
        """The status as the HTTP API's JSON object (``runtimeStatus``, ``output`` ...)."""
        payload = {
            "name": self.name,
            "instanceId": self.instance_id,
            "runtimeStatus": self.runtime_status,
            "input": self.input,
            "customStatus": self.custom_status,
            "output": self.output,
            "createdTime": _api_time(self.created_time),
            "lastUpdatedTime": _api_time(self.last_updated_time),
        }
        if self.history is not None:
            payload["historyEvents"] = self.history
        return payload

    def __repr__(self) -> str:
        return f"<OrchestrationStatus {self.instance_id} {self.runtime_status}>"


def _api_time(moment: Optional[datetime]) -> Optional[str]:
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _loads(text: Optional[str]) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


class _Retry:
    """The retry state of one call_activity_with_retry / call_sub_orchestrator_with_retry."""

    __slots__ = ("action", "attempts", "interval_ms", "max_attempts")

    def __init__(self, action: dict[str, Any]) -> None:
        options = action.get("retryOptions") or {}
        self.action = action
        self.max_attempts = int(options.get("maxNumberOfAttempts") or 1)
        self.interval_ms = int(options.get("firstRetryIntervalInMilliseconds") or 1)
        self.attempts = 1

    def to_record(self) -> dict[str, Any]:
        return {"action": self.action, "attempts": self.attempts}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> _Retry:
        retry = cls(record["action"])
        retry.attempts = int(record["attempts"])
        return retry


class _Instance:
    __slots__ = (
        "action_seqs",
        "created",
        "custom_status",
        "execution",
        "history",
        "id",
        "inbox",
        "input_text",
        "name",
        "next_seq",
        "output",
        "parent",
        "played",
        "retried",
        "retries",
        "retry_timers",
        "running",
        "status",
        "taken",
        "timers",
        "updated",
    )

    def __init__(
        self,
        instance_id: str,
        name: str,
        input_text: Optional[str],
        now: datetime,
        parent: Optional[tuple[str, int, int]],
    ) -> None:
        self.id = instance_id
        self.name = name
        self.input_text = input_text
        self.status = PENDING
        self.output: Any = None
        self.custom_status: Any = None
        self.created = now
        self.updated = now
        self.parent = parent
        self.execution = 0
        self.running = False
        self.inbox: list[tuple[int, dict[str, Any]]] = []
        # The events of the episode running now: kept until its outcome is recorded.
        self.taken: list[tuple[int, dict[str, Any]]] = []
        self.reset()

    def reset(self) -> None:
        """Start a new execution: empty history, sequence numbers from 0."""
        self.history: list[dict[str, Any]] = []
        self.played: list[str] = []
        self.next_seq = 0
        self.action_seqs: list[Optional[int]] = []
        self.retries: dict[int, _Retry] = {}
        self.retry_timers: dict[int, _Retry] = {}
        self.timers: dict[int, datetime] = {}
        # The sequence numbers of tasks called with retry options (rewind leaves them be).
        self.retried: set[int] = set()

    def take_seq(self) -> int:
        seq = self.next_seq
        self.next_seq += 1
        return seq


class _Entity:
    __slots__ = ("batch", "exists", "id", "key", "name", "queue", "running", "state")

    def __init__(self, name: str, key: str) -> None:
        self.name = name
        self.key = key
        self.id = f"@{name}@{key}"
        self.exists = False
        self.state: Optional[str] = None
        self.queue: list[dict[str, Any]] = []
        self.batch: list[dict[str, Any]] = []
        self.running = False


# History events the orchestrator is not sent (the hub's own bookkeeping).
_NOT_REPLAYED = frozenset(
    (h.EXECUTION_COMPLETED, h.EXECUTION_TERMINATED, h.EXECUTION_SUSPENDED, h.EXECUTION_RESUMED)
)


def _replayed(history: list[dict[str, Any]]) -> list[str]:
    """The JSON texts of the events an orchestrator replays, as the hub keeps them."""
    return [
        json.dumps(dict(event, IsPlayed=True))
        for event in history
        if event["EventType"] not in _NOT_REPLAYED
    ]


def _instance_record(instance: _Instance) -> dict[str, Any]:
    """Everything of an instance a restarted hub needs, as JSON values."""
    return {
        "id": instance.id,
        "name": instance.name,
        "input": instance.input_text,
        "status": instance.status,
        "output": instance.output,
        "customStatus": instance.custom_status,
        "created": h.timestamp(instance.created),
        "updated": h.timestamp(instance.updated),
        "parent": None if instance.parent is None else list(instance.parent),
        "execution": instance.execution,
        "history": instance.history,
        # Events of an episode that was running count as not yet seen.
        "inbox": [[rank, event] for rank, event in instance.taken + instance.inbox],
        "nextSeq": instance.next_seq,
        "actionSeqs": instance.action_seqs,
        "retries": {str(seq): retry.to_record() for seq, retry in instance.retries.items()},
        "retryTimers": {
            str(seq): retry.to_record() for seq, retry in instance.retry_timers.items()
        },
        "timers": {str(seq): h.timestamp(moment) for seq, moment in instance.timers.items()},
        "retried": sorted(instance.retried),
    }


def _instance_from(record: dict[str, Any]) -> _Instance:
    """The instance a record of :func:`_instance_record` describes (KeyError, TypeError or
    ValueError when it is not one)."""
    parent = record.get("parent")
    instance = _Instance(
        str(record["id"]),
        str(record["name"]),
        record.get("input"),
        h.parse_time(record["created"]),
        None if parent is None else (str(parent[0]), int(parent[1]), int(parent[2])),
    )
    status = record["status"]
    if status not in RUNTIME_STATUSES:
        raise ValueError(f"unknown runtime status {status!r}")
    instance.status = status
    instance.output = record.get("output")
    instance.custom_status = record.get("customStatus")
    instance.updated = h.parse_time(record["updated"])
    instance.execution = int(record["execution"])
    instance.history = [dict(event) for event in record["history"]]
    instance.played = _replayed(instance.history)
    instance.inbox = [(int(rank), dict(event)) for rank, event in record["inbox"]]
    instance.next_seq = int(record["nextSeq"])
    instance.action_seqs = [None if seq is None else int(seq) for seq in record["actionSeqs"]]
    instance.retries = {
        int(seq): _Retry.from_record(item) for seq, item in record["retries"].items()
    }
    instance.retry_timers = {
        int(seq): _Retry.from_record(item) for seq, item in record["retryTimers"].items()
    }
    instance.timers = {int(seq): h.parse_time(moment) for seq, moment in record["timers"].items()}
    instance.retried = {int(seq) for seq in record.get("retried") or []}
    return instance


def _entity_record(entity: _Entity) -> dict[str, Any]:
    return {
        "name": entity.name,
        "key": entity.key,
        "exists": entity.exists,
        "state": entity.state,
        # A batch that was running is run again after a restart.
        "queue": [
            dict(
                operation,
                reply=None if operation.get("reply") is None else list(operation["reply"]),
            )
            for operation in entity.batch + entity.queue
        ],
    }


def _entity_from(record: dict[str, Any]) -> _Entity:
    entity = _Entity(str(record["name"]), str(record["key"]))
    entity.exists = bool(record["exists"])
    state = record.get("state")
    entity.state = None if state is None else str(state)
    for operation in record["queue"]:
        reply = operation.get("reply")
        entity.queue.append(
            {
                "name": operation["name"],
                "input": operation.get("input"),
                "reply": None if reply is None else (str(reply[0]), int(reply[1]), str(reply[2])),
            }
        )
    return entity


def entity_id(name: str, key: str) -> str:
    """The scheduler id of an entity: ``@counter@key`` (the name lower-cased, as the SDK)."""
    return f"@{name.lower()}@{key}"


class DurableHub:
    """The task hub of one app: starts orchestrations and carries out what they ask for.

    Get it from ``app.durable``. The test API: :meth:`start`, :meth:`wait`,
    :meth:`status`, :meth:`history`, :meth:`raise_event`, :meth:`terminate`,
    :meth:`suspend`, :meth:`resume`, :meth:`purge`, :meth:`signal_entity`,
    :meth:`entity_state`. :meth:`handle` answers the Durable HTTP API; :meth:`close` stops
    the hub's threads and server (it starts them again when used).
    """

    def __init__(
        self, app: App, *, clock: str = "virtual", hub_name: Optional[str] = None
    ) -> None:
        if clock not in ("virtual", "real"):
            from .._validation import fail_value

            raise fail_value("DurableHub", "clock", "'virtual' or 'real'", clock)
        self._app = app
        self._clock = clock
        self.hub_name = hub_name or _configured_hub_name(app) or DEFAULT_HUB_NAME
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._instances: dict[str, _Instance] = {}
        self._entities: dict[str, _Entity] = {}
        self._timers: list[tuple[datetime, int, str, int, int]] = []
        self._cancelled: set[tuple[str, int, int]] = set()
        self._order = itertools.count()
        self._offset = timedelta(0)
        self._busy = 0
        self._waiters = 0
        self._executor: Optional[ThreadPoolExecutor] = None
        self._server: Optional[LoopbackServer] = None
        self._origin: Optional[str] = None
        #: Called after each orchestrator, activity and entity run with the result, the UTC
        #: time it started and its duration in seconds (``serve`` prints its console lines).
        self.on_invoked: Optional[Callable[[InvocationResult, datetime, float], None]] = None
        self._real_timer: Optional[threading.Timer] = None
        from .api import MOUNT_PREFIXES, DurableApi

        self.api = DurableApi(self)
        for prefix in MOUNT_PREFIXES:
            app.mounts[prefix] = self.api.handle
        from .store import store_for

        self._store = store_for(app.storage, self.hub_name)
        if self._store is not None:
            self._load()

    # --- time ----------------------------------------------------------------------------

    @property
    def clock(self) -> str:
        """``"virtual"`` (timers fire when nothing else is pending and someone waits) or
        ``"real"`` (timers fire at their time, as under ``serve``). Settable."""
        return self._clock

    @clock.setter
    def clock(self, value: str) -> None:
        if value not in ("virtual", "real"):
            from .._validation import fail_value

            raise fail_value("DurableHub", "clock", "'virtual' or 'real'", value)
        with self._lock:
            self._clock = value
            if value == "real":
                self._arm_real_timer()

    def now(self) -> datetime:
        """The hub's current time (UTC): real time plus the jumps of the virtual clock."""
        return datetime.now(timezone.utc) + self._offset

    # --- the test API --------------------------------------------------------------------

    def start(self, name: str, input: Any = None, *, instance_id: Optional[str] = None) -> str:
        """Start orchestrator ``name`` with ``input`` (any JSON-serialisable value, or a
        custom object with ``to_json``); return the new instance's id.

        Raises DurableError when ``name`` is no orchestrator function of the app and
        ValueError when ``input`` cannot be serialised.
        """
        from .._validation import fail_type, fail_value

        if not isinstance(name, str):
            raise fail_type("DurableHub.start", "name", "a str (an orchestrator's name)", name)
        if instance_id is not None and (not isinstance(instance_id, str) or not instance_id):
            raise fail_type(
                "DurableHub.start", "instance_id", "a non-empty str or None", instance_id
            )
        input_text = None
        if input is not None:
            from .._durable_functions import df_dumps

            try:
                input_text = df_dumps(input)
            except (TypeError, ValueError):
                raise fail_value(
                    "DurableHub.start", "input", "a JSON-serialisable value", input
                ) from None
        return self.start_text(name, input_text, instance_id=instance_id)

    def start_text(
        self,
        name: str,
        input_text: Optional[str],
        *,
        instance_id: Optional[str] = None,
        parent: Optional[tuple[str, int, int]] = None,
    ) -> str:
        """:meth:`start` with the input already JSON text (the HTTP API's path)."""
        function_name = self._function_of(name, "orchestrationTrigger", "orchestrator")
        with self._lock:
            instance_id = instance_id or uuid.uuid4().hex
            now = self.now()
            instance = _Instance(instance_id, function_name, input_text, now, parent)
            # Starting an id that exists replaces that instance, as on Azure.
            old = self._instances.get(instance_id)
            if old is not None:
                instance.execution = old.execution + 1
            self._instances[instance_id] = instance
            started = h.event(
                h.EXECUTION_STARTED,
                now,
                Name=function_name,
                Version="",
                Input=input_text,
                OrchestrationInstance={"InstanceId": instance_id, "ExecutionId": uuid.uuid4().hex},
                ParentInstance=None if parent is None else {"InstanceId": parent[0]},
            )
            instance.inbox.append((-1, started))
            self._kick(instance)
            self._save(instance)
        return instance_id

    def wait(self, instance_id: str, timeout: float = 10.0) -> OrchestrationStatus:
        """Wait until the instance completes, fails or is terminated; return its status.

        With the virtual clock, timers fire as soon as nothing else is pending while this
        waits. Raises InstanceNotFoundError for an unknown id and TimeoutError when the
        instance is still running after ``timeout`` seconds (say, waiting for an event).
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            self._waiters += 1
            try:
                while True:
                    instance = self._instance(instance_id)
                    if instance.status in TERMINAL:
                        return self._status(instance, False, False, True)
                    if self._advance():
                        continue
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        waiting = (
                            "waits for an external event"
                            if self._busy == 0 and not self._live_timers()
                            else "is still running"
                        )
                        raise TimeoutError(
                            f"orchestration {instance_id!r} ({instance.name}) {waiting} "
                            f"after {timeout} s: {instance.status}"
                        )
                    self._changed.wait(remaining)
            finally:
                self._waiters -= 1

    def settle(self, instance_id: Optional[str] = None, timeout: float = 5.0) -> None:
        """Let pending work finish (and virtual time pass) until the instance is done, or
        nothing is left to do but wait for an event (or, on the real clock, for a timer due
        after ``timeout``), or ``timeout`` seconds pass."""
        deadline = time.monotonic() + timeout
        latest = self.now() + timedelta(seconds=timeout)
        with self._changed:
            self._waiters += 1
            try:
                while True:
                    if instance_id is not None:
                        instance = self._instances.get(instance_id)
                        if instance is None or instance.status in TERMINAL:
                            return
                    if self._advance():
                        continue
                    if self._busy == 0 and not self._live_timers(
                        latest if self._clock == "real" else None
                    ):
                        return
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return
                    self._changed.wait(remaining)
            finally:
                self._waiters -= 1

    def status(
        self,
        instance_id: str,
        *,
        show_history: bool = False,
        show_history_output: bool = False,
        show_input: bool = True,
    ) -> OrchestrationStatus:
        """The instance's status now. Raises InstanceNotFoundError for an unknown id."""
        with self._lock:
            return self._status(
                self._instance(instance_id), show_history, show_history_output, show_input
            )

    def statuses(
        self,
        *,
        runtime_status: Optional[list[str]] = None,
        created_from: Optional[datetime] = None,
        created_to: Optional[datetime] = None,
        prefix: Optional[str] = None,
        show_input: bool = False,
    ) -> list[OrchestrationStatus]:
        """The statuses of all instances matching every filter given."""
        with self._lock:
            return [
                self._status(instance, False, False, show_input)
                for instance in self._matching(runtime_status, created_from, created_to, prefix)
            ]

    def history(self, instance_id: str) -> list[dict[str, Any]]:
        """The instance's current execution's history events, as sent to the orchestrator."""
        with self._lock:
            return [dict(event) for event in self._instance(instance_id).history]

    def raise_event(self, instance_id: str, name: str, data: Any = None) -> None:
        """Send event ``name`` with ``data`` to the instance.

        Raises InstanceNotFoundError for an unknown id, DurableError (status 410) when the
        instance has finished.
        """
        from .._validation import fail_type

        if not isinstance(name, str) or not name:
            raise fail_type("DurableHub.raise_event", "name", "a non-empty str", name)
        self.raise_event_text(instance_id, name, json.dumps(data))

    def raise_event_text(self, instance_id: str, name: str, data_text: Optional[str]) -> None:
        """:meth:`raise_event` with the data already JSON text."""
        with self._lock:
            instance = self._instance(instance_id)
            self._check_active(instance)
            raised = h.event(h.EVENT_RAISED, self.now(), Name=name, Input=data_text)
            instance.inbox.append((1, raised))
            self._kick(instance)
            self._save(instance)

    def terminate(self, instance_id: str, reason: str = "") -> None:
        """Terminate the instance: status Terminated, output ``reason``; work in flight is
        dropped. Raises InstanceNotFoundError, or DurableError (410) when it has finished."""
        with self._lock:
            instance = self._instance(instance_id)
            self._check_active(instance)
            now = self.now()
            instance.history.append(h.event(h.EXECUTION_TERMINATED, now, Input=reason))
            self._finish(instance, TERMINATED, reason, now)
            self._save(instance)

    def suspend(self, instance_id: str, reason: str = "") -> None:
        """Suspend the instance: events wait until :meth:`resume`."""
        with self._lock:
            instance = self._instance(instance_id)
            self._check_active(instance)
            if instance.status != SUSPENDED:
                instance.status = SUSPENDED
                instance.updated = self.now()
                instance.history.append(
                    h.event(h.EXECUTION_SUSPENDED, instance.updated, Reason=reason)
                )
                self._save(instance)
            self._changed.notify_all()

    def resume(self, instance_id: str, reason: str = "") -> None:
        """Resume a suspended instance."""
        with self._lock:
            instance = self._instance(instance_id)
            self._check_active(instance)
            if instance.status == SUSPENDED:
                instance.status = RUNNING
                instance.updated = self.now()
                instance.history.append(
                    h.event(h.EXECUTION_RESUMED, instance.updated, Reason=reason)
                )
                self._kick(instance)
                self._save(instance)
            self._changed.notify_all()

    def rewind(self, instance_id: str, reason: str = "") -> None:
        """Take a failed instance back to before its failures and run it on.

        The failures of activities and sub-orchestrations called without retry options are
        taken out of the history and those calls run again (a failed sub-orchestration is
        rewound itself); then the orchestrator replays. Calls with retry options that ran out
        of attempts are not tried again. Raises InstanceNotFoundError, or DurableError
        (status 412) when the instance has not failed.
        """
        with self._lock:
            instance = self._instance(instance_id)
            if instance.status != FAILED:
                raise DurableError(
                    f"This orchestration has status {instance.status}, but only "
                    'orchestrations in the "Failed" state can be rewound.',
                    412,
                )
            failures = (h.TASK_FAILED, h.SUB_ORCHESTRATION_FAILED)
            rewound = {
                event.get("TaskScheduledId")
                for event in instance.history
                if event["EventType"] in failures
                and event.get("TaskScheduledId") not in instance.retried
            }
            instance.history = [
                event
                for event in instance.history
                if event["EventType"] != h.EXECUTION_COMPLETED
                and not (
                    event["EventType"] in failures and event.get("TaskScheduledId") in rewound
                )
            ]
            instance.played = _replayed(instance.history)
            now = self.now()
            instance.status = RUNNING
            instance.output = None
            instance.updated = now
            self._run_open_tasks(instance)
            for event in instance.history:
                if (
                    event["EventType"] == h.SUB_ORCHESTRATION_CREATED
                    and event["EventId"] in rewound
                ):
                    self._rerun_child(instance, event)
            # An episode of its own, so an orchestrator that failed by itself runs again too.
            instance.inbox.append((1, h.event(h.GENERIC_EVENT, now, Data=reason)))
            self._kick(instance)
            self._save(instance)

    def _rerun_child(self, instance: _Instance, created: dict[str, Any]) -> None:
        child_id = str(created.get("InstanceId"))
        seq = int(created["EventId"])
        parent = (instance.id, instance.execution, seq)
        child = self._instances.get(child_id)
        if child is not None and child.status == FAILED and child.parent == parent:
            self.rewind(child_id, "rewound with its parent")
            return
        try:
            self.start_text(
                str(created.get("Name")), created.get("Input"), instance_id=child_id, parent=parent
            )
        except DurableError as exc:
            failed = h.event(
                h.SUB_ORCHESTRATION_FAILED, self.now(), TaskScheduledId=seq, Reason=str(exc)
            )
            instance.inbox.append((1, failed))

    def restart(self, instance_id: str, *, new_instance_id: bool = True) -> str:
        """Start the instance's orchestrator again with its original input; return the id of
        the new instance (a new id unless ``new_instance_id`` is False).

        Raises InstanceNotFoundError, or DurableError (status 409) when the same id is to be
        used while the instance still runs.
        """
        with self._lock:
            instance = self._instance(instance_id)
            if not new_instance_id and instance.status not in TERMINAL:
                raise DurableError(
                    f"An orchestration with the instanceId {instance_id} is {instance.status}: "
                    "only a completed, failed or terminated one can be restarted with its id.",
                    409,
                )
            return self.start_text(
                instance.name,
                instance.input_text,
                instance_id=None if new_instance_id else instance_id,
            )

    def purge(self, instance_id: str) -> int:
        """Forget a finished instance and its history; return how many were purged (0/1)."""
        with self._lock:
            instance = self._instances.get(instance_id)
            if instance is None or instance.status not in TERMINAL:
                return 0
            del self._instances[instance_id]
            self._forget(instance_id)
            return 1

    def purge_matching(
        self,
        *,
        runtime_status: Optional[list[str]] = None,
        created_from: Optional[datetime] = None,
        created_to: Optional[datetime] = None,
    ) -> int:
        """Purge every finished instance matching the filters; return how many."""
        with self._lock:
            found = [
                instance.id
                for instance in self._matching(runtime_status, created_from, created_to, None)
                if instance.status in TERMINAL
            ]
            for instance_id in found:
                del self._instances[instance_id]
                self._forget(instance_id)
            return len(found)

    def signal_entity(self, name: str, key: str, operation: str, input: Any = None) -> None:
        """Send ``operation`` with ``input`` to entity ``name``/``key`` (no answer)."""
        self.signal_entity_text(name, key, operation, None if input is None else json.dumps(input))

    def signal_entity_text(
        self, name: str, key: str, operation: str, input_text: Optional[str]
    ) -> None:
        """:meth:`signal_entity` with the input already JSON text."""
        self._function_of(name, "entityTrigger", "entity")
        with self._lock:
            self._enqueue(entity_id(name, key), {"name": operation, "input": input_text})

    def entity_state(self, name: str, key: str) -> tuple[bool, Any]:
        """``(exists, state)`` of entity ``name``/``key`` once its queued operations ran."""
        scheduler_id = entity_id(name, key)
        self.settle(None, timeout=5.0)
        with self._lock:
            entity = self._entities.get(scheduler_id)
            if entity is None or not entity.exists:
                return False, None
            return True, _loads(entity.state)

    # --- the durable client --------------------------------------------------------------

    @property
    def origin(self) -> Optional[str]:
        """The origin the durable client's URLs name when another server answers the API
        (``serve`` sets its own, e.g. ``http://localhost:7071``); None (the default): a
        loopback server of the hub's own answers, started on first use. Settable."""
        return self._origin

    @origin.setter
    def origin(self, value: Optional[str]) -> None:
        if value is not None and (
            not isinstance(value, str) or not value.startswith(("http://", "https://"))
        ):
            from .._validation import fail_value

            raise fail_value(
                "DurableHub", "origin", "an http:// or https:// origin or None", value
            )
        with self._lock:
            self._origin = None if value is None else value.rstrip("/")

    def base_url(self) -> str:
        """The origin of the hub's HTTP API: :attr:`origin` when set, else the loopback
        server's (started on first use)."""
        with self._lock:
            if self._origin is not None:
                return self._origin
            if self._server is None:
                from .server import LoopbackServer

                self._server = LoopbackServer(self.api.handle)
            return self._server.origin

    def client_json(self, task_hub: Optional[str] = None) -> str:
        """The JSON text a DurableOrchestrationClient is built from (the durableClient
        binding's value): the task hub's name and the URLs of its HTTP API."""
        return json.dumps(self.api.client_payload(self.base_url(), task_hub or self.hub_name))

    # --- lifetime ------------------------------------------------------------------------

    def close(self) -> None:
        """Stop the HTTP server and worker threads after the work in flight; instances are
        kept and the hub starts again when used."""
        with self._lock:
            server, self._server = self._server, None
            executor, self._executor = self._executor, None
            timer, self._real_timer = self._real_timer, None
        if timer is not None:
            timer.cancel()
        if server is not None:
            server.close()
        if executor is not None:
            executor.shutdown(wait=True)

    def __enter__(self) -> DurableHub:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- internals: instances ------------------------------------------------------------

    def _function_of(self, name: str, trigger: str, what: str) -> str:
        wanted = trigger.lower()
        known = [
            function_name
            for function_name, metadata in self._app.functions.items()
            if metadata.trigger.type.lower() == wanted and not metadata.disabled
        ]
        for function_name in known:
            if function_name.lower() == name.lower():
                return function_name
        message = (
            f"The function '{name}' doesn't exist, is disabled, or is not an {what} function. "
            "Additional info: "
        )
        if known:
            listed = "', '".join(known)
            message += f"The following are the known {what} functions: '{listed}'."
        else:
            message += f"No {what} functions are currently registered!"
        raise DurableError(message)

    def _instance(self, instance_id: str) -> _Instance:
        instance = self._instances.get(instance_id) if isinstance(instance_id, str) else None
        if instance is None:
            raise InstanceNotFoundError(f"No instance with ID '{instance_id}' found.")
        return instance

    def _check_active(self, instance: _Instance) -> None:
        if instance.status in TERMINAL:
            raise DurableError(
                f"Instance with ID '{instance.id}' is gone: it is {instance.status}.", 410
            )

    def _matching(
        self,
        runtime_status: Optional[list[str]],
        created_from: Optional[datetime],
        created_to: Optional[datetime],
        prefix: Optional[str],
    ) -> list[_Instance]:
        wanted = {status.lower() for status in runtime_status} if runtime_status else None
        return [
            instance
            for instance in self._instances.values()
            if (wanted is None or instance.status.lower() in wanted)
            and (created_from is None or instance.created >= created_from)
            and (created_to is None or instance.created <= created_to)
            and (prefix is None or instance.id.startswith(prefix))
        ]

    def _status(
        self, instance: _Instance, show_history: bool, with_output: bool, show_input: bool
    ) -> OrchestrationStatus:
        events = None
        if show_history:
            events = [_shown_event(event, with_output) for event in instance.history]
        return OrchestrationStatus(
            name=instance.name,
            instance_id=instance.id,
            runtime_status=instance.status,
            input=_loads(instance.input_text) if show_input else None,
            output=instance.output,
            custom_status=instance.custom_status,
            created_time=instance.created,
            last_updated_time=instance.updated,
            history=events,
        )

    # --- internals: persistence ---------------------------------------------------------

    def _save(self, instance: _Instance) -> None:
        """Write the instance's record when the app's storage lasts (lock held)."""
        if self._store is not None and self._instances.get(instance.id) is instance:
            self._store.save("instances", instance.id, _instance_record(instance))

    def _save_entity(self, entity: _Entity) -> None:
        if self._store is not None:
            self._store.save(
                "entities", entity_id(entity.name, entity.key), _entity_record(entity)
            )

    def _forget(self, instance_id: str) -> None:
        if self._store is not None:
            self._store.delete("instances", instance_id)

    def _load(self) -> None:
        """Take up the instances and entities a previous hub left in the storage: timers
        are set again, activities that were running run again, pending events are handled."""
        assert self._store is not None
        records, skipped = self._store.load("instances")
        entity_records, skipped_entities = self._store.load("entities")
        with self._lock:
            for record in records:
                try:
                    instance = _instance_from(record)
                except (KeyError, IndexError, TypeError, ValueError, AttributeError):
                    skipped.append(f"{self._store.container}/instances/{record.get('_id')}")
                    continue
                self._instances[instance.id] = instance
            for record in entity_records:
                try:
                    entity = _entity_from(record)
                except (KeyError, IndexError, TypeError, ValueError, AttributeError):
                    skipped_entities.append(
                        f"{self._store.container}/entities/{record.get('_id')}"
                    )
                    continue
                self._entities[entity_id(entity.name, entity.key)] = entity
            for instance in self._instances.values():
                if instance.status not in ACTIVE:
                    continue
                for seq, fire_at in instance.timers.items():
                    heapq.heappush(
                        self._timers,
                        (fire_at, next(self._order), instance.id, instance.execution, seq),
                    )
                self._run_open_tasks(instance)
                self._kick(instance)
            for entity in self._entities.values():
                if entity.queue:
                    entity.running = True
                    self._submit(self._entity_batch, entity)
        if skipped or skipped_entities:
            import warnings

            warnings.warn(
                f"Durable task hub {self.hub_name}: records not read (not JSON, or written by "
                f"another version): {', '.join(skipped + skipped_entities)}",
                RuntimeWarning,
                stacklevel=3,
            )

    def _run_open_tasks(self, instance: _Instance) -> None:
        """Run again the activities and HTTP calls of the instance that have no outcome in
        its history or inbox (they were running when the process ended; lock held)."""
        events = instance.history + [event for _, event in instance.inbox]
        answered = {
            event.get("TaskScheduledId")
            for event in events
            if event["EventType"] in (h.TASK_COMPLETED, h.TASK_FAILED)
        }
        for event in instance.history:
            if event["EventType"] != h.TASK_SCHEDULED or event["EventId"] in answered:
                continue
            seq = event["EventId"]
            if event.get("Name") == _HTTP_ACTIVITY:
                request = json.loads(event.get("Input") or "{}")
                self._submit(self._http_call, instance.id, instance.execution, seq, request)
            else:
                self._submit(
                    self._activity,
                    instance.id,
                    instance.execution,
                    seq,
                    str(event.get("Name")),
                    event.get("Input"),
                )

    # --- internals: scheduling -----------------------------------------------------------

    def _submit(self, work: Callable[..., None], *args: Any) -> None:
        """Run ``work`` on a worker thread, counted as pending until it ends (lock held)."""
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(16, thread_name_prefix="durable")
        self._busy += 1

        def run() -> None:
            try:
                work(*args)
            finally:
                with self._changed:
                    self._busy -= 1
                    self._changed.notify_all()

        self._executor.submit(run)

    def _kick(self, instance: _Instance) -> None:
        """Start an episode of the instance if it has new events and none is running."""
        if instance.inbox and not instance.running and instance.status in (PENDING, RUNNING):
            instance.running = True
            self._submit(self._episode, instance)
        self._changed.notify_all()

    def _deliver(self, instance_id: str, execution: int, event: dict[str, Any], rank: int) -> None:
        with self._lock:
            instance = self._instances.get(instance_id)
            if instance is None or instance.execution != execution:
                return
            if instance.status not in ACTIVE:
                return
            instance.inbox.append((rank, event))
            self._kick(instance)
            self._save(instance)

    def _live_timers(self, due_by: Optional[datetime] = None) -> bool:
        """Whether a timer of an active instance is pending (and due by ``due_by``)."""
        return any(
            self._timer_live(entry) and (due_by is None or entry[0] <= due_by)
            for entry in self._timers
        )

    def _timer_live(self, entry: tuple[datetime, int, str, int, int]) -> bool:
        _, _, instance_id, execution, seq = entry
        instance = self._instances.get(instance_id)
        return (
            instance is not None
            and instance.execution == execution
            and instance.status in ACTIVE
            and (instance_id, execution, seq) not in self._cancelled
        )

    def _advance(self) -> bool:
        """Fire the next timer if the virtual clock may move (nothing pending); lock held."""
        if self._clock != "virtual" or self._busy:
            return False
        while self._timers:
            entry = heapq.heappop(self._timers)
            if not self._timer_live(entry):
                continue
            fire_at = entry[0]
            now = self.now()
            if fire_at > now:
                self._offset += fire_at - now
            self._fire(entry)
            return True
        return False

    def _add_timer(self, instance: _Instance, seq: int, fire_at: datetime) -> None:
        instance.timers[seq] = fire_at
        heapq.heappush(
            self._timers, (fire_at, next(self._order), instance.id, instance.execution, seq)
        )
        if self._clock == "real":
            self._arm_real_timer()

    def _arm_real_timer(self) -> None:
        if not self._timers:
            return
        delay = max(0.0, (self._timers[0][0] - self.now()).total_seconds())
        if self._real_timer is not None:
            self._real_timer.cancel()
        self._real_timer = threading.Timer(delay, self._fire_due)
        self._real_timer.daemon = True
        self._real_timer.start()

    def _fire_due(self) -> None:
        with self._lock:
            now = self.now()
            while self._timers and self._timers[0][0] <= now:
                entry = heapq.heappop(self._timers)
                if self._timer_live(entry):
                    self._fire(entry)
            self._real_timer = None
            self._arm_real_timer()

    def _fire(self, entry: tuple[datetime, int, str, int, int]) -> None:
        fire_at, _, instance_id, _, seq = entry
        instance = self._instances[instance_id]
        instance.timers.pop(seq, None)
        retry = instance.retry_timers.get(seq)
        # A retry timer that schedules the next attempt comes before other events.
        rank = 0 if retry is not None and retry.attempts < retry.max_attempts else 1
        fired = h.event(h.TIMER_FIRED, self.now(), TimerId=seq, FireAt=h.timestamp(fire_at))
        instance.inbox.append((rank, fired))
        self._kick(instance)
        self._save(instance)

    # --- internals: episodes -------------------------------------------------------------

    def _episode(self, instance: _Instance) -> None:
        with self._lock:
            if instance.status not in (PENDING, RUNNING) or not instance.inbox:
                instance.running = False
                return
            now = self.now()
            batch = sorted(instance.inbox, key=lambda item: item[0])
            instance.inbox = []
            instance.taken = batch
            execution = instance.execution
            new_events = [h.event(h.ORCHESTRATOR_STARTED, now)] + [item[1] for item in batch]
            instance.status = RUNNING
            body = self._context_json(instance, new_events)
        result = self._invoke(instance.name, body)
        with self._lock:
            instance.running = False
            instance.taken = []
            if instance.execution != execution or instance.status not in (RUNNING, SUSPENDED):
                self._kick(instance)
                self._save(instance)
                return
            try:
                self._apply(instance, new_events, result)
            except Exception as exc:  # a protocol answer the hub cannot read
                now = self.now()
                message = f"Orchestrator function '{instance.name}' failed: {exc}"
                self._record(instance, new_events, [])
                instance.history.append(h.event(h.EXECUTION_COMPLETED, now, Result=message))
                self._finish(instance, FAILED, message, now)
            self._kick(instance)
            self._save(instance)

    def _context_json(self, instance: _Instance, new_events: list[dict[str, Any]]) -> str:
        events = ",".join(instance.played + [json.dumps(event) for event in new_events])
        parent = instance.parent[0] if instance.parent is not None else None
        rest = json.dumps(
            {
                "instanceId": instance.id,
                "isReplaying": bool(instance.played),
                "parentInstanceId": parent,
                "input": instance.input_text,
                "upperSchemaVersion": 1,
            }
        )
        return '{"history":[' + events + "]," + rest[1:]

    def _invoke(self, name: str, data: str) -> InvocationResult:
        observer = self.on_invoked
        if observer is None:
            return self._app.invoke(name, data)
        started = datetime.now(timezone.utc)
        clock = time.perf_counter()
        result = self._app.invoke(name, data)
        observer(result, started, time.perf_counter() - clock)
        return result

    def _record(
        self,
        instance: _Instance,
        new_events: list[dict[str, Any]],
        scheduled: list[dict[str, Any]],
    ) -> None:
        for event in [*new_events, *scheduled]:
            instance.history.append(event)
            instance.played.append(json.dumps(dict(event, IsPlayed=True)))

    def _apply(
        self, instance: _Instance, new_events: list[dict[str, Any]], result: InvocationResult
    ) -> None:
        """Carry out what one episode answered (lock held)."""
        state, error = _read_state(result)
        now = self.now()
        scheduled: list[dict[str, Any]] = []
        self._retry_steps(instance, new_events, scheduled, now)
        actions = h.flatten(state.get("actions") or [])
        continued: Optional[dict[str, Any]] = None
        for index, action in enumerate(actions):
            if index < len(instance.action_seqs):
                seq = instance.action_seqs[index]
                if (
                    seq is not None
                    and action.get("actionType") == h.CREATE_TIMER
                    and action.get("isCanceled")
                ):
                    self._cancelled.add((instance.id, instance.execution, seq))
                    instance.timers.pop(seq, None)
                continue
            kind = action.get("actionType")
            if kind == h.WAIT_FOR_EXTERNAL_EVENT:
                instance.action_seqs.append(None)
                continue
            seq = instance.take_seq()
            instance.action_seqs.append(seq)
            if kind == h.CONTINUE_AS_NEW_ACTION:
                continued = action
                continue
            scheduled.append(self._dispatch(instance, seq, action, now))
        if "customStatus" in state:
            instance.custom_status = state.get("customStatus")
        self._record(instance, new_events, scheduled)
        instance.history.append(h.event(h.ORCHESTRATOR_COMPLETED, now))
        instance.played.append(json.dumps(dict(instance.history[-1], IsPlayed=True)))
        instance.updated = now
        if error is not None:
            message = f"Orchestrator function '{instance.name}' failed: {error}"
            instance.history.append(
                h.event(h.EXECUTION_COMPLETED, now, OrchestrationStatus=3, Result=message)
            )
            self._finish(instance, FAILED, message, now)
        elif continued is not None:
            self._continue_as_new(instance, continued.get("input"), now)
        elif state.get("isDone"):
            output = state.get("output")
            instance.history.append(
                h.event(
                    h.EXECUTION_COMPLETED, now, OrchestrationStatus=1, Result=json.dumps(output)
                )
            )
            self._finish(instance, COMPLETED, output, now)

    def _retry_steps(
        self,
        instance: _Instance,
        new_events: list[dict[str, Any]],
        scheduled: list[dict[str, Any]],
        now: datetime,
    ) -> None:
        """The retry timers and new attempts the episode's events call for.

        The SDK gives each retry timer and each new attempt the next sequence number when it
        reads the failure (or the timer) in the history; those events come first in an
        episode, so the hub numbers them first too.
        """
        for event in new_events:
            kind = event["EventType"]
            if kind in (h.TASK_FAILED, h.SUB_ORCHESTRATION_FAILED):
                retry = instance.retries.pop(event.get("TaskScheduledId", -1), None)
                if retry is None:
                    continue
                seq = instance.take_seq()
                fire_at = now + timedelta(milliseconds=retry.interval_ms)
                scheduled.append(h.event(h.TIMER_CREATED, now, seq, FireAt=h.timestamp(fire_at)))
                instance.retry_timers[seq] = retry
                self._add_timer(instance, seq, fire_at)
            elif kind == h.TIMER_FIRED:
                retry = instance.retry_timers.pop(event.get("TimerId", -1), None)
                if retry is None or retry.attempts >= retry.max_attempts:
                    continue
                retry.attempts += 1
                seq = instance.take_seq()
                instance.retries[seq] = retry
                scheduled.append(self._dispatch(instance, seq, retry.action, now))

    def _dispatch(
        self, instance: _Instance, seq: int, action: dict[str, Any], now: datetime
    ) -> dict[str, Any]:
        """Start the work of one new action; return the history event that records it."""
        kind = action.get("actionType")
        execution = instance.execution
        if kind in (h.CALL_ACTIVITY, h.CALL_ACTIVITY_WITH_RETRY):
            name = str(action.get("functionName"))
            input_text = action.get("input")
            if kind == h.CALL_ACTIVITY_WITH_RETRY:
                instance.retried.add(seq)
                if seq not in instance.retries:
                    instance.retries[seq] = _Retry(action)
            self._submit(self._activity, instance.id, execution, seq, name, input_text)
            return h.event(h.TASK_SCHEDULED, now, seq, Name=name, Input=input_text)
        if kind in (h.CALL_SUB_ORCHESTRATOR, h.CALL_SUB_ORCHESTRATOR_WITH_RETRY):
            name = str(action.get("functionName"))
            input_text = action.get("input")
            if kind == h.CALL_SUB_ORCHESTRATOR_WITH_RETRY:
                instance.retried.add(seq)
                if seq not in instance.retries:
                    instance.retries[seq] = _Retry(action)
            # Each attempt of a retried sub-orchestration has a sequence number, so an id of
            # its own unless the orchestrator named one.
            child_id = action.get("instanceId") or f"{instance.id}:{seq}"
            try:
                self.start_text(
                    name, input_text, instance_id=child_id, parent=(instance.id, execution, seq)
                )
            except DurableError as exc:
                failed = h.event(
                    h.SUB_ORCHESTRATION_FAILED,
                    now,
                    TaskScheduledId=seq,
                    Reason=str(exc),
                    Details=None,
                )
                instance.inbox.append((self._failure_rank(instance, seq), failed))
            return h.event(
                h.SUB_ORCHESTRATION_CREATED,
                now,
                seq,
                Name=name,
                InstanceId=child_id,
                Input=input_text,
            )
        if kind == h.CREATE_TIMER:
            fire_at = h.parse_time(action.get("fireAt"))
            self._add_timer(instance, seq, fire_at)
            return h.event(h.TIMER_CREATED, now, seq, FireAt=h.timestamp(fire_at))
        if kind in (h.CALL_ENTITY, h.SIGNAL_ENTITY):
            target = str(action.get("instanceId"))
            request_id = str(uuid.uuid4())
            operation = action.get("operation")
            message = {
                "id": request_id,
                "op": operation,
                "signal": kind == h.SIGNAL_ENTITY,
                "input": action.get("input"),
                "parent": instance.id,
            }
            reply = (instance.id, execution, request_id) if kind == h.CALL_ENTITY else None
            self._enqueue(
                target, {"name": operation, "input": action.get("input"), "reply": reply}
            )
            return h.event(
                h.EVENT_SENT, now, seq, InstanceId=target, Name="op", Input=json.dumps(message)
            )
        if kind == h.CALL_HTTP:
            request = action.get("httpRequest") or {}
            self._submit(self._http_call, instance.id, execution, seq, request)
            return h.event(
                h.TASK_SCHEDULED, now, seq, Name=_HTTP_ACTIVITY, Input=json.dumps(request)
            )
        raise ValueError(f"unknown action type {kind!r} in {action!r}")

    def _failure_rank(self, instance: _Instance, seq: int) -> int:
        return 0 if seq in instance.retries else 1

    def _continue_as_new(self, instance: _Instance, input_text: Any, now: datetime) -> None:
        instance.execution += 1
        instance.input_text = input_text if input_text is None else str(input_text)
        instance.reset()
        started = h.event(
            h.EXECUTION_STARTED,
            now,
            Name=instance.name,
            Version="",
            Input=instance.input_text,
            OrchestrationInstance={"InstanceId": instance.id, "ExecutionId": uuid.uuid4().hex},
        )
        # Events raised meanwhile wait for the new execution.
        instance.inbox.insert(0, (-1, started))
        instance.updated = now

    def _finish(self, instance: _Instance, status: str, output: Any, now: datetime) -> None:
        instance.status = status
        instance.output = output
        instance.updated = now
        instance.inbox = []
        parent = instance.parent
        if parent is not None:
            parent_id, execution, seq = parent
            parent_instance = self._instances.get(parent_id)
            if status == COMPLETED:
                event = h.event(
                    h.SUB_ORCHESTRATION_COMPLETED,
                    now,
                    TaskScheduledId=seq,
                    Result=json.dumps(output),
                )
                rank = 1
            else:
                event = h.event(
                    h.SUB_ORCHESTRATION_FAILED,
                    now,
                    TaskScheduledId=seq,
                    Reason=str(output),
                    Details=None,
                )
                rank = (
                    self._failure_rank(parent_instance, seq) if parent_instance is not None else 1
                )
            self._deliver(parent_id, execution, event, rank)
        self._changed.notify_all()

    # --- internals: activities, HTTP calls, entities --------------------------------------

    def _activity(
        self, instance_id: str, execution: int, seq: int, name: str, input_text: Optional[str]
    ) -> None:
        now_event: dict[str, Any]
        reason: Optional[str]
        details: Optional[str]
        try:
            function_name = self._function_of(name, "activityTrigger", "activity")
        except DurableError as exc:
            reason, details = str(exc), None
        else:
            result = self._invoke(function_name, input_text)  # type: ignore[arg-type]
            reason, details = self._outcome(result, f"Activity function '{function_name}'")
            if reason is None:
                from .bindings import output_text

                try:
                    output = output_text(result.return_value)
                except ValueError as exc:
                    reason, details = f"Activity function '{function_name}' failed: {exc}", None
                else:
                    now_event = h.event(
                        h.TASK_COMPLETED, self.now(), TaskScheduledId=seq, Result=output
                    )
                    self._deliver(instance_id, execution, now_event, 1)
                    return
        with self._lock:
            instance = self._instances.get(instance_id)
            rank = 0 if instance is not None and seq in instance.retries else 1
        failed = h.event(
            h.TASK_FAILED, self.now(), TaskScheduledId=seq, Reason=reason, Details=details
        )
        self._deliver(instance_id, execution, failed, rank)

    @staticmethod
    def _outcome(result: InvocationResult, what: str) -> tuple[Optional[str], Optional[str]]:
        exc = result.exception
        if exc is None:
            return None, None
        reason = f"{what} failed: {type(exc).__name__}: {exc}"
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return reason, details

    def _http_call(
        self, instance_id: str, execution: int, seq: int, request: dict[str, Any]
    ) -> None:
        import urllib.error
        import urllib.request

        method = str(request.get("method") or "GET").upper()
        uri = str(request.get("uri") or "")
        content = request.get("content")
        data = content.encode("utf-8") if isinstance(content, str) else None
        headers = request.get("headers") or {}
        try:
            sent = urllib.request.Request(uri, data=data, method=method)
            for name, value in dict(headers).items():
                sent.add_header(str(name), str(value))
            try:
                with urllib.request.urlopen(sent, timeout=30) as answer:
                    status, body, answer_headers = answer.status, answer.read(), answer.headers
            except urllib.error.HTTPError as answer:
                status, body, answer_headers = answer.code, answer.read(), answer.headers
        except Exception as exc:
            failed = h.event(
                h.TASK_FAILED,
                self.now(),
                TaskScheduledId=seq,
                Reason=f"call_http {method} {uri} failed: {type(exc).__name__}: {exc}",
                Details=None,
            )
            self._deliver(instance_id, execution, failed, 1)
            return
        response = {
            "statusCode": status,
            "headers": dict(answer_headers.items()),
            "content": body.decode("utf-8", "replace"),
        }
        completed = h.event(
            h.TASK_COMPLETED, self.now(), TaskScheduledId=seq, Result=json.dumps(response)
        )
        self._deliver(instance_id, execution, completed, 1)

    def _enqueue(self, scheduler_id: str, operation: dict[str, Any]) -> None:
        """Queue an entity operation; the entity runs its queue in order (lock held)."""
        entity = self._entities.get(scheduler_id)
        if entity is None:
            name, _, key = scheduler_id[1:].partition("@")
            entity = self._entities[scheduler_id] = _Entity(name, key)
        entity.queue.append(operation)
        if not entity.running:
            entity.running = True
            self._submit(self._entity_batch, entity)
        self._save_entity(entity)

    def _entity_batch(self, entity: _Entity) -> None:
        with self._lock:
            batch, entity.queue = entity.queue, []
            entity.batch = batch
            context = {
                "self": {"name": entity.name, "key": entity.key},
                "exists": entity.exists,
                "state": entity.state,
                "batch": [
                    {
                        "name": operation["name"],
                        # The extension sends each input as a JSON string of its JSON text.
                        "input": json.dumps(
                            operation["input"] if operation["input"] is not None else "null"
                        ),
                    }
                    for operation in batch
                ],
            }
        results: list[tuple[bool, str]]
        try:
            function_name = self._function_of(entity.name, "entityTrigger", "entity")
        except DurableError as exc:
            results = [(True, json.dumps(str(exc)))] * len(batch)
        else:
            result = self._invoke(function_name, json.dumps(context))
            reason, _ = self._outcome(result, f"Entity function '{function_name}'")
            if reason is not None:
                results = [(True, json.dumps(reason))] * len(batch)
            else:
                answer = json.loads(str(result.return_value))
                with self._lock:
                    entity.exists = bool(answer.get("entityExists"))
                    entity.state = answer.get("entityState") if entity.exists else None
                results = [
                    (bool(item.get("isError")), str(item.get("result")))
                    for item in answer.get("results") or []
                ]
        with self._lock:
            for operation, (is_error, text) in zip(batch, results):
                reply = operation.get("reply")
                if reply is None:
                    continue
                instance_id, execution, request_id = reply
                message: dict[str, Any] = {"result": text}
                if is_error:
                    message["exceptionType"] = "Exception"
                raised = h.event(
                    h.EVENT_RAISED, self.now(), Name=request_id, Input=json.dumps(message)
                )
                self._deliver(instance_id, execution, raised, 1)
            entity.batch = []
            self._save_entity(entity)
            if entity.queue:
                self._submit(self._entity_batch, entity)
            else:
                entity.running = False


def _read_state(result: InvocationResult) -> tuple[dict[str, Any], Optional[str]]:
    """The OrchestratorState an episode answered, and the error message if it failed."""
    exc = result.exception
    if exc is None:
        state = json.loads(str(result.return_value))
        if not isinstance(state, dict):
            raise ValueError(f"the orchestrator answered {state!r}, not an OrchestratorState")
        return state, None
    text = str(exc)
    message, marker, data = text.partition(_OUT_OF_PROC_MARKER)
    if marker:
        state = json.loads(data)
        error = state.get("error") or message.strip()
        return state, str(error)
    return {}, f"{type(exc).__name__}: {text}" if not isinstance(exc, Exception) else text


def _shown_event(event: dict[str, Any], with_output: bool) -> dict[str, Any]:
    shown = {"EventType": h.EVENT_NAMES.get(event["EventType"], str(event["EventType"]))}
    for key, value in event.items():
        if key in ("EventType", "IsPlayed") or value is None:
            continue
        if key in ("Result", "Input") and not with_output:
            continue
        shown[key] = value
    return shown


def _configured_hub_name(app: App) -> Optional[str]:
    """``extensions.durableTask.hubName`` of the app's host.json (``%SETTING%`` read from
    the app's settings), or None."""
    import os

    from ..host.jsonc import loads_lenient

    try:
        with open(os.path.join(app.root, "host.json"), encoding="utf-8-sig") as handle:
            config = loads_lenient(handle.read())
        name = config["extensions"]["durableTask"]["hubName"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(name, str) or not name.strip():
        return None
    name = name.strip()
    if len(name) > 2 and name.startswith("%") and name.endswith("%"):
        return app.settings.get(name[1:-1]) or None
    return name


_hubs: weakref.WeakKeyDictionary[Any, DurableHub] = weakref.WeakKeyDictionary()
_hubs_lock = threading.Lock()


def hub_of(app: App) -> DurableHub:
    """The task hub of ``app`` (made on first use)."""
    with _hubs_lock:
        hub = _hubs.get(app)
        if hub is None:
            hub = _hubs[app] = DurableHub(app)
        return hub


__all__ = [
    "DurableError",
    "DurableHub",
    "InstanceNotFoundError",
    "OrchestrationStatus",
    "entity_id",
    "hub_of",
]
