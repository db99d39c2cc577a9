"""History events and action types of the Durable Functions out-of-process protocol.

The orchestrator function gets the instance's history as a list of JSON objects named as
the Durable Task Framework names them (``EventType``, ``EventId``, ``Timestamp``,
``TaskScheduledId`` ...); it answers with the actions it wants carried out.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

EXECUTION_STARTED = 0
EXECUTION_COMPLETED = 1
EXECUTION_FAILED = 2
EXECUTION_TERMINATED = 3
TASK_SCHEDULED = 4
TASK_COMPLETED = 5
TASK_FAILED = 6
SUB_ORCHESTRATION_CREATED = 7
SUB_ORCHESTRATION_COMPLETED = 8
SUB_ORCHESTRATION_FAILED = 9
TIMER_CREATED = 10
TIMER_FIRED = 11
ORCHESTRATOR_STARTED = 12
ORCHESTRATOR_COMPLETED = 13
EVENT_SENT = 14
EVENT_RAISED = 15
CONTINUE_AS_NEW = 16
GENERIC_EVENT = 17
EXECUTION_SUSPENDED = 19
EXECUTION_RESUMED = 20

EVENT_NAMES = {
    EXECUTION_STARTED: "ExecutionStarted",
    EXECUTION_COMPLETED: "ExecutionCompleted",
    EXECUTION_FAILED: "ExecutionFailed",
    EXECUTION_TERMINATED: "ExecutionTerminated",
    TASK_SCHEDULED: "TaskScheduled",
    TASK_COMPLETED: "TaskCompleted",
    TASK_FAILED: "TaskFailed",
    SUB_ORCHESTRATION_CREATED: "SubOrchestrationInstanceCreated",
    SUB_ORCHESTRATION_COMPLETED: "SubOrchestrationInstanceCompleted",
    SUB_ORCHESTRATION_FAILED: "SubOrchestrationInstanceFailed",
    TIMER_CREATED: "TimerCreated",
    TIMER_FIRED: "TimerFired",
    ORCHESTRATOR_STARTED: "OrchestratorStarted",
    ORCHESTRATOR_COMPLETED: "OrchestratorCompleted",
    EVENT_SENT: "EventSent",
    EVENT_RAISED: "EventRaised",
    CONTINUE_AS_NEW: "ContinueAsNew",
    GENERIC_EVENT: "GenericEvent",
    EXECUTION_SUSPENDED: "ExecutionSuspended",
    EXECUTION_RESUMED: "ExecutionResumed",
}

# Action types (the SDK's ActionType).
CALL_ACTIVITY = 0
CALL_ACTIVITY_WITH_RETRY = 1
CALL_SUB_ORCHESTRATOR = 2
CALL_SUB_ORCHESTRATOR_WITH_RETRY = 3
CONTINUE_AS_NEW_ACTION = 4
CREATE_TIMER = 5
WAIT_FOR_EXTERNAL_EVENT = 6
CALL_ENTITY = 7
CALL_HTTP = 8
SIGNAL_ENTITY = 9
WHEN_ANY = 11
WHEN_ALL = 12


def timestamp(moment: datetime) -> str:
    """``moment`` (UTC) as the protocol writes times: ``2024-05-01T10:00:00.000000Z``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: object) -> datetime:
    """A protocol time (ISO 8601, ``Z`` or an offset) as an aware UTC datetime.

    Raises ValueError for anything else.
    """
    if not isinstance(text, str):
        raise ValueError(f"a time must be an ISO 8601 string, got {text!r}")
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    # Python before 3.11 takes at most six digits of fractions.
    head, dot, rest = value.partition(".")
    if dot:
        digits = len(rest) - len(rest.lstrip("0123456789"))
        fraction, zone = rest[:digits], rest[digits:]
        value = f"{head}.{fraction[:6].ljust(6, '0')}{zone}"
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def event(kind: int, moment: datetime, event_id: int = -1, **fields: Any) -> dict[str, Any]:
    """One history event: its type, id, time and the fields of its kind."""
    made: dict[str, Any] = {
        "EventType": kind,
        "EventId": event_id,
        "IsPlayed": False,
        "Timestamp": timestamp(moment),
    }
    made.update(fields)
    return made


def flatten(actions: Any) -> list[dict[str, Any]]:
    """The actions of an OrchestratorState in order, compound actions (task_all, task_any)
    replaced by their children, the nested lists of the first schema flattened too."""
    flat: list[dict[str, Any]] = []

    def walk(item: Any) -> None:
        if isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, dict):
            if item.get("actionType") in (WHEN_ALL, WHEN_ANY) or "compoundActions" in item:
                walk(item.get("compoundActions") or [])
            else:
                flat.append(item)

    walk(actions)
    return flat


__all__ = ["EVENT_NAMES", "event", "flatten", "parse_time", "timestamp"]
