"""Service Bus, Event Hubs and Event Grid triggers: claiming stored messages, settling them.

The outputs of those services keep their messages in storage queues
(:func:`~.events.message_store`). A trigger on the same entity claims them as a queue trigger
does (:func:`~.queues.claim`), runs the function, then settles them the way the service's
Functions extension does after a failure (:func:`~.queues.settle`):

* **Service Bus**: the message is locked while the function runs, completed when it
  succeeds, abandoned when it fails (its delivery count grows by one, and it is delivered
  again at once), and dead-lettered (to ``<store>-deadletter``) once it has been delivered
  :data:`SERVICE_BUS_MAX_DELIVERY_COUNT` times, the entity's default MaxDeliveryCount.
* **Event Hubs**: consumed either way. The extension checkpoints past a batch whether its
  function succeeded or not; a failed batch is logged and not delivered again (a function's
  own retry policy still retries it within the invocation).
* **Event Grid**: Event Grid retries a failed delivery itself, up to
  :data:`EVENT_GRID_MAX_DELIVERY_ATTEMPTS` times, then the event goes to the dead-letter
  store (``eventgrid-deadletter``).

The in-process host (``App.invoke`` without data, the ``invoke`` command) and ``serve``'s
polling loops both use :func:`message_source`, :func:`payload` and the queue module's claim
and settle, so the two cannot drift apart.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable, Optional

from .errors import BindingError
from .expressions import resolve_settings
from .invocation import LogEntry, new_invocation_id
from .queues import claim, poison_queue, settle

if TYPE_CHECKING:
    from .app import App, InvocationResult
    from .metadata import FunctionMetadata
    from .storage import QueuedMessage

#: Deliveries of a Service Bus message before it is dead-lettered: an entity's default.
SERVICE_BUS_MAX_DELIVERY_COUNT = 10
#: Deliveries of an Event Grid event before it is dead-lettered (the default retry policy).
EVENT_GRID_MAX_DELIVERY_ATTEMPTS = 30
#: Messages a ``cardinality: many`` trigger gets at most in one batch.
MAX_BATCH = 32


class MessageSource:
    """Where a Service Bus, Event Hubs or Event Grid trigger finds its messages, and what
    happens to a message whose function failed.

    ``store`` is the storage queue; ``attempts`` the deliveries of a failing message before it
    moves to ``failed`` (None: dropped, with a line); ``many`` whether the function takes a
    batch; ``label`` names the service in lines and errors; ``entity`` names the queue, topic
    or hub (empty for Event Grid).
    """

    __slots__ = ("attempts", "entity", "failed", "kind", "label", "many", "store")

    def __init__(
        self,
        *,
        kind: str,
        entity: str,
        store: str,
        attempts: int,
        failed: Optional[str],
        label: str,
        many: bool,
    ) -> None:
        self.kind = kind
        self.entity = entity
        self.store = store
        self.attempts = attempts
        self.failed = failed
        self.label = label
        self.many = many

    def __repr__(self) -> str:
        return (
            f"MessageSource({self.label}, store={self.store!r}, attempts={self.attempts}, "
            f"failed={self.failed!r}, many={self.many})"
        )


def message_source(metadata: FunctionMetadata, settings: Mapping[str, str]) -> MessageSource:
    """The :class:`MessageSource` of a Service Bus, Event Hubs or Event Grid trigger.

    ``%Setting%`` references in the entity name are resolved from ``settings``. Raises
    BindingError (naming the function's file and binding) when the trigger names no entity or
    its cardinality is neither 'one' nor 'many'.
    """
    from .events import EVENT_GRID_STORE, message_store

    trigger = metadata.trigger
    where = f"{metadata.source}: binding {trigger.name!r}"
    kind = trigger.type.lower()
    cardinality = trigger.get("cardinality", "one")
    if not isinstance(cardinality, str) or cardinality.lower() not in ("one", "many"):
        raise BindingError(f"{where}: cardinality must be 'one' or 'many', got {cardinality!r}")
    many = cardinality.lower() == "many" and kind != "eventgridtrigger"

    def entity(fields: tuple[str, ...]) -> str:
        for field in fields:
            value = trigger.get(field)
            if isinstance(value, str) and value:
                return resolve_settings(value, settings, where=where)
        raise BindingError(f"{where}: the trigger needs {' or '.join(repr(f) for f in fields)}")

    if kind == "servicebustrigger":
        name = entity(("queueName", "topicName"))
        store = message_store("servicebus", name)
        noun = "queue" if trigger.get("queueName") else "topic"
        return MessageSource(
            kind=kind,
            entity=name,
            store=store,
            attempts=SERVICE_BUS_MAX_DELIVERY_COUNT,
            failed=poison_queue(store, "-deadletter"),
            label=f"Service Bus {noun} {name!r}",
            many=many,
        )
    if kind == "eventhubtrigger":
        name = entity(("eventHubName", "path"))
        return MessageSource(
            kind=kind,
            entity=name,
            store=message_store("eventhub", name),
            attempts=1,
            failed=None,
            label=f"event hub {name!r}",
            many=many,
        )
    if kind == "eventgridtrigger":
        return MessageSource(
            kind=kind,
            entity="",
            store=EVENT_GRID_STORE,
            attempts=EVENT_GRID_MAX_DELIVERY_ATTEMPTS,
            failed=poison_queue(EVENT_GRID_STORE, "-deadletter"),
            label="Event Grid",
            many=False,
        )
    raise BindingError(
        f"{where}: {trigger.type!r} is not a Service Bus, Event Hubs or Event Grid trigger"
    )


def dead_letter_line(source: MessageSource, attempts: int, failed: str) -> str:
    """The warning of a message of ``source`` moved to its dead-letter store ``failed``."""
    if source.kind == "eventgridtrigger":
        return (
            f"Event delivery failed after {attempts} attempts. Moving event to the "
            f"dead-letter store '{failed}'."
        )
    return (
        f"Message has reached the max delivery count of {attempts}. Moving message to the "
        f"dead-letter store '{failed}'."
    )


def payload(source: MessageSource, records: list[QueuedMessage]) -> Any:
    """What the trigger converter gets for claimed ``records``: one payload, or a list.

    A Service Bus message carries the record's id as its message id, its receive count as its
    delivery count and its insertion time as its enqueued time; Event Hubs and Event Grid
    payloads are the stored bodies.
    """
    if source.kind == "servicebustrigger":
        from .events import ServiceBusTriggerBinding

        items: list[Any] = [
            ServiceBusTriggerBinding.stored_message(record, number)
            for number, record in enumerate(records, start=1)
        ]
    else:
        items = [record.body for record in records]
    return items if source.many else items[0]


def invoke_waiting(
    app: App,
    metadata: FunctionMetadata,
    run: Callable[[Any], InvocationResult],
) -> InvocationResult:
    """Run a Service Bus, Event Hubs or Event Grid trigger on the messages waiting for it.

    The oldest message (up to :data:`MAX_BATCH` for ``cardinality: many``) is claimed, handed to
    ``run`` and settled by the outcome as the service's extension does (see the module). No
    message, or a store the storage refuses, gives a failed result with a BindingError.
    """
    try:
        source = message_source(metadata, app.settings)
        storage = app.storage.for_connection(metadata.trigger.get("connection"), app.settings)
        records = claim(storage, source.store, MAX_BATCH if source.many else 1)
        if not records:
            raise BindingError(
                f"{source.label} has no message waiting in the app's storage (queue "
                f"{source.store!r}) to trigger {metadata.name!r}; pass the message as data, "
                "or let an output write one first"
            )
    except (TypeError, ValueError) as exc:
        from .app import InvocationResult

        failure = InvocationResult(metadata.name, new_invocation_id())
        text = str(exc)
        where = f"{metadata.source}: binding {metadata.trigger.name!r}"
        failure.exception = (
            exc if text.startswith(metadata.source) else BindingError(f"{where}: {text}")
        )
        return failure
    try:
        result = run(payload(source, records))
    except BaseException:
        # Ctrl-C in the function: the messages go back, counted as delivered.
        with contextlib.suppress(TypeError, ValueError):
            for record in records:
                storage.release_message(source.store, record.id, record.pop_receipt)
        raise

    def report(text: str) -> None:
        entry = LogEntry("WARNING", 30, text, result.invocation_id, "Host.Triggers")
        result.logs.append(entry)

    try:
        settle(
            storage,
            source.store,
            records,
            result.ok,
            attempts=source.attempts,
            failed=source.failed,
            retry_delay=0.0,
            report=report,
            function_name=metadata.name,
            exhausted=functools.partial(dead_letter_line, source),
        )
    except (TypeError, ValueError) as exc:
        if result.exception is None:
            result.exception = exc
    return result


__all__ = [
    "EVENT_GRID_MAX_DELIVERY_ATTEMPTS",
    "MAX_BATCH",
    "SERVICE_BUS_MAX_DELIVERY_COUNT",
    "MessageSource",
    "dead_letter_line",
    "invoke_waiting",
    "message_source",
    "payload",
]
