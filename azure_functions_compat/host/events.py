"""Converters for the event triggers and outputs: Service Bus, Event Hubs, Event Grid, Cosmos DB,
Kafka, warm-up, and the ``table`` output.

Importing this module registers them (:func:`register_event_converters` does it again, for a
test that replaced one). Each trigger takes its payload the way ``invoke`` hands it over:

* an object of the binding's own type (a ServiceBusMessage, an EventHubEvent, a
  DocumentList ...), used as it is;
* str or bytes: the message or event body, or for Event Grid and Cosmos DB the event or
  documents as JSON text (what the command line's ``--data @event.json`` passes);
* from Python, a dict or list: a JSON body, or for Event Grid and Cosmos DB the decoded event
  or documents.

With ``"cardinality": "many"`` (Service Bus, Event Hubs, Kafka) the function gets a list: a
list given from Python, or a JSON array as text, is one event per element; anything else is a
batch of one.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Optional

from .._json import loads
from .._validation import short_repr
from .converters import BindingConverter, Call, json_properties, register_converter
from .errors import BindingError
from .interop import is_binding_type, real_package_loaded

if TYPE_CHECKING:
    from ..eventgrid import CloudEvent, EventGridEvent
    from .metadata import BindingMetadata
    from .storage import QueuedMessage


# --- Shared helpers ----------------------------------------------------------------------


def _where(call: Call, binding: BindingMetadata) -> str:
    return f"{call.function.source}: binding {binding.name!r}"


def _body(data: Any, what: str) -> bytes:
    """A message body from a payload: str is UTF-8 encoded, a dict or list becomes JSON."""
    if data is None:
        return b""
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, (Mapping, list, tuple, int, float, bool)):
        try:
            return json.dumps(data, allow_nan=False).encode("utf-8")
        except (TypeError, ValueError) as exc:
            raise BindingError(f"{what} cannot be written as JSON: {exc}") from None
    raise BindingError(
        f"{what} must be str, bytes, or a dict or list for a JSON body, got {type(data).__name__}"
    )


def _decode_json(data: Any, what: str) -> Any:
    """JSON text (str or bytes) decoded; other values as they are. BindingError when bad."""
    if not isinstance(data, (str, bytes, bytearray, memoryview)):
        return data
    return loads(what, data, BindingError)


def _is_many(binding: BindingMetadata, call: Call) -> bool:
    cardinality = binding.get("cardinality", "one")
    if not isinstance(cardinality, str) or cardinality.lower() not in ("one", "many"):
        raise BindingError(
            f"{_where(call, binding)}: cardinality must be 'one' or 'many', got {cardinality!r}"
        )
    return cardinality.lower() == "many"


def _batch(data: Any, what: str) -> list[Any]:
    """The items of a ``many`` payload: a list, a JSON array as text, or a batch of one."""
    if isinstance(data, (list, tuple)):
        return list(data)
    if isinstance(data, (str, bytes, bytearray)) and data.lstrip()[:1] in ("[", b"["):
        decoded = _decode_json(data, what)
        if isinstance(decoded, list):
            # Each element is one event's body: text as it is, anything else as JSON.
            return [
                item if isinstance(item, str) else json.dumps(item, allow_nan=False)
                for item in decoded
            ]
    return [data]


def _single(data: Any, what: str, call: Call, binding: BindingMetadata) -> Any:
    if isinstance(data, (list, tuple)):
        raise BindingError(
            f"{_where(call, binding)}: {what} has cardinality 'one' and takes one event, got a "
            f'list of {len(data)}; set "cardinality": "many" for batches'
        )
    return data


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


# --- Messages kept in the app's storage ---------------------------------------------------
#
# What a serviceBus, eventHub or eventGrid output writes is kept in the app's storage as
# queue messages, so a trigger on the same entity can be invoked with them (HTTP -> Service
# Bus -> trigger, as HTTP -> queue -> trigger). Each entity has a queue of its own, named by
# message_store(): see docs/host.md.

_STORE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def message_store(kind: str, entity: str) -> str:
    """The storage queue that holds the messages of one Service Bus, Event Hubs or Event Grid
    entity: ``<kind>-<entity>`` in lower case (``servicebus-orders``, ``eventhub-telemetry``).

    Entity names are case-insensitive in those services, so case is dropped. Characters a
    queue name cannot hold (``.``, ``_``, ``/`` ...) become ``-``; when that changed the name,
    or it is too long for a queue name, eight hex digits of its SHA-1 follow, so two entities
    never share a queue.
    """
    lowered = entity.lower()
    cleaned = "".join(char if char in _STORE_CHARS else "-" for char in lowered)
    cleaned = "-".join(part for part in cleaned.split("-") if part)
    name = f"{kind}-{cleaned}" if cleaned else kind
    if cleaned != lowered or len(name) > 63:
        import hashlib

        digest = hashlib.sha1(lowered.encode("utf-8")).hexdigest()[:8]
        name = f"{name[: 63 - 9].rstrip('-')}-{digest}"
    return name


def _entity(call: Call, binding: BindingMetadata, keys: tuple[str, ...]) -> Optional[str]:
    for key in keys:
        value = call.resolve(binding, key, required=False)
        if value:
            return value
    return None


def _store_messages(call: Call, binding: BindingMetadata, store: str, bodies: list[bytes]) -> None:
    for body in bodies:
        try:
            call.storage.put_message(store, body)
        except (TypeError, ValueError) as exc:
            raise BindingError(f"{_where(call, binding)}: {exc}") from None


def _parse_time(value: Any, what: str) -> Optional[datetime]:
    """An ISO 8601 time as the services write it (``Z``, up to 7 fractional digits), or None."""
    if value is None or isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise BindingError(f"{what} must be an ISO 8601 time, got {short_repr(value)}")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # fromisoformat before Python 3.11 takes at most 6 fractional digits; .NET writes 7.
    head, dot, rest = text.partition(".")
    if dot:
        digits = len(rest) - len(rest.lstrip("0123456789"))
        fraction, zone = rest[:digits], rest[digits:]
        text = f"{head}.{(fraction + '000000')[:6]}{zone}"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise BindingError(f"{what} must be an ISO 8601 time, got {short_repr(value)}") from None


def _build(factory: Callable[..., Any], what: str, **kwargs: Any) -> Any:
    """Build a binding type; its TypeError or ValueError becomes a BindingError."""
    try:
        return factory(**kwargs)
    except (TypeError, ValueError) as exc:
        raise BindingError(f"{what}: {exc}") from None


def _check_list_kind(value: Any, kind: Optional[str], binding: BindingMetadata) -> Any:
    is_list = isinstance(value, list)
    if kind == "list" and not is_list:
        raise BindingError(
            f"binding {binding.name!r} is annotated as a list but has cardinality 'one'; "
            'set "cardinality": "many" or annotate a single event'
        )
    if kind not in (None, "list") and is_list:
        raise BindingError(
            f"binding {binding.name!r} has cardinality 'many' and delivers a list; annotate it "
            f"List[{kind}]"
        )
    return value


# --- Service Bus -------------------------------------------------------------------------


class ServiceBusTriggerBinding(BindingConverter):
    """``serviceBusTrigger``: a ServiceBusMessage, or a list of them with cardinality many."""

    input_kinds = ("ServiceBusMessage", "list")

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        what = f"{_where(call, binding)}: a Service Bus message"
        many = _is_many(binding, call)
        if many:
            messages = [
                self._message(item, number, what)
                for number, item in enumerate(_batch(data, what), start=1)
            ]
            return messages, {
                "MessageIdArray": [message.message_id for message in messages],
                "DeliveryCountArray": [message.delivery_count for message in messages],
                "SequenceNumberArray": [message.sequence_number for message in messages],
            }
        message = self._message(_single(data, "a Service Bus trigger", call, binding), 1, what)
        binding_data = json_properties(message.get_body())
        binding_data.update(
            {
                "MessageId": message.message_id,
                "DeliveryCount": message.delivery_count,
                "EnqueuedTimeUtc": message.enqueued_time_utc,
                "SequenceNumber": message.sequence_number,
                "ContentType": message.content_type,
                "CorrelationId": message.correlation_id,
                "SessionId": message.session_id,
                "Label": message.label,
                "Subject": message.subject,
                "ReplyTo": message.reply_to,
                "To": message.to,
                "UserProperties": message.user_properties,
                "ApplicationProperties": message.application_properties,
            }
        )
        return message, binding_data

    @staticmethod
    def stored_message(record: QueuedMessage, number: int) -> Any:
        """The ServiceBusMessage for a message claimed from the app's storage: the record's
        id, its receive count as the delivery count, its pop receipt as the lock token."""
        what = "a stored Service Bus message"
        return ServiceBusTriggerBinding._message(
            record.body,
            number,
            what,
            message_id=record.id,
            delivery_count=record.dequeue_count,
            enqueued=record.insertion_time.replace(microsecond=0),
            lock_token=record.pop_receipt,
        )

    @staticmethod
    def _message(
        item: Any,
        number: int,
        what: str,
        *,
        message_id: Optional[str] = None,
        delivery_count: int = 1,
        enqueued: Optional[datetime] = None,
        lock_token: Optional[str] = None,
    ) -> Any:
        from ..servicebus import ServiceBusMessage

        if is_binding_type(item, ServiceBusMessage):
            return item
        from .._bindingbase import new_hex_id

        body = _body(item, what)
        message_id = message_id or new_hex_id()
        now = enqueued or _now()
        content_type = "application/json" if isinstance(item, (Mapping, list, tuple)) else None
        return ServiceBusMessage(
            body=body,
            message_id=message_id,
            content_type=content_type,
            delivery_count=delivery_count,
            sequence_number=number,
            enqueued_sequence_number=number,
            enqueued_time_utc=now,
            lock_token=lock_token or None,
            state=0,
            trigger_metadata={
                "MessageId": message_id,
                "DeliveryCount": delivery_count,
                "SequenceNumber": number,
                "EnqueuedTimeUtc": now.isoformat(),
                "ContentType": content_type,
            },
        )

    def convert(self, value: Any, kind: Optional[str], binding: BindingMetadata) -> Any:
        return _check_list_kind(value, kind, binding)


class ServiceBusOutputBinding(BindingConverter):
    """``serviceBus`` output: str or bytes, one message (as the real worker takes).

    The message is kept in the app's storage, in the queue :func:`message_store` names for
    the binding's ``queueName`` or ``topicName``.
    """

    output_kinds = ("str", "bytes")

    def write(self, binding: BindingMetadata, value: Any, call: Call) -> Any:
        if value is None:
            return None
        if isinstance(value, bytearray):
            value = bytes(value)
        if not isinstance(value, (str, bytes)):
            raise BindingError(
                f"{_where(call, binding)}: a serviceBus output takes str or bytes, "
                f"got {type(value).__name__}"
            )
        entity = _entity(call, binding, ("queueName", "topicName"))
        if entity is not None:
            body = value.encode("utf-8") if isinstance(value, str) else value
            _store_messages(call, binding, message_store("servicebus", entity), [body])
        return value


# --- Event Hubs --------------------------------------------------------------------------


class EventHubTriggerBinding(BindingConverter):
    """``eventHubTrigger``: an EventHubEvent, or a list of them with cardinality many."""

    input_kinds = ("EventHubEvent", "list")

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        what = f"{_where(call, binding)}: an Event Hubs event"
        many = _is_many(binding, call)
        hub = _entity(call, binding, ("eventHubName", "path")) or ""
        partition = {
            "ConsumerGroup": binding.get("consumerGroup") or "$Default",
            "EventHubName": hub,
            "FullyQualifiedNamespace": "localhost",
            "PartitionId": "0",
        }
        if many:
            parts = [
                self._parts(item, number, what) for number, item in enumerate(_batch(data, what))
            ]
            metadata: dict[str, Any] = {
                "PartitionContext": partition,
                "SequenceNumberArray": [part[1]["SequenceNumber"] for part in parts],
                "OffsetArray": [part[1]["Offset"] for part in parts],
                "EnqueuedTimeUtcArray": [part[1]["EnqueuedTimeUtc"] for part in parts],
                "PartitionKeyArray": [part[1]["PartitionKey"] for part in parts],
                "PropertiesArray": [part[2] for part in parts],
                "SystemPropertiesArray": [part[1] for part in parts],
            }
            events = [self._event(part, metadata, what) for part in parts]
            return events, dict(metadata)
        part = self._parts(_single(data, "an Event Hubs trigger", call, binding), 0, what)
        system = part[1]
        metadata = {
            "PartitionContext": partition,
            "SequenceNumber": system["SequenceNumber"],
            "Offset": system["Offset"],
            "EnqueuedTimeUtc": system["EnqueuedTimeUtc"],
            "PartitionKey": system["PartitionKey"],
            "Properties": part[2],
            "SystemProperties": system,
        }
        event = self._event(part, metadata, what)
        binding_data = json_properties(event.get_body())
        binding_data.update(metadata)
        return event, binding_data

    @staticmethod
    def _parts(item: Any, number: int, what: str) -> tuple[Any, dict[str, Any], dict[str, Any]]:
        """An item's body, system properties and user properties.

        A dict with ``body`` and ``systemProperties`` (and optionally ``properties``) is an
        event as Event Hubs and IoT Hub deliver it; anything else is a body.
        """
        from ..eventhub import EventHubEvent

        if is_binding_type(item, EventHubEvent):
            enqueued = item.enqueued_time
            return (
                item,
                {
                    "SequenceNumber": item.sequence_number,
                    "Offset": item.offset,
                    "EnqueuedTimeUtc": None if enqueued is None else enqueued.isoformat(),
                    "PartitionKey": item.partition_key,
                },
                {},
            )
        properties: dict[str, Any] = {}
        given: dict[str, Any] = {}
        if isinstance(item, Mapping) and "body" in item:
            lowered = {str(key).lower(): value for key, value in item.items()}
            if "systemproperties" in lowered and set(lowered) <= {
                "body",
                "properties",
                "systemproperties",
            }:
                given = lowered["systemproperties"] or {}
                properties = lowered.get("properties") or {}
                if not isinstance(given, Mapping) or not isinstance(properties, Mapping):
                    raise BindingError(
                        f"{what}: systemProperties and properties must be JSON objects"
                    )
                item = lowered["body"]
        now = _now().isoformat()
        system: dict[str, Any] = {
            "x-opt-sequence-number": number,
            "x-opt-offset": str(number),
            "x-opt-enqueued-time": now,
            "SequenceNumber": number,
            "Offset": str(number),
            "EnqueuedTimeUtc": now,
            "PartitionKey": None,
        }
        system.update(given)
        return item, system, dict(properties)

    @staticmethod
    def _event(
        part: tuple[Any, dict[str, Any], dict[str, Any]], metadata: dict[str, Any], what: str
    ) -> Any:
        from ..eventhub import EventHubEvent

        item, system, _ = part
        if is_binding_type(item, EventHubEvent):
            return item
        iothub = {
            str(key)[len("iothub-") :]: str(value)
            for key, value in system.items()
            if str(key).startswith("iothub-")
        }
        partition_key = system.get("PartitionKey")
        return EventHubEvent(
            body=_body(item, what),
            enqueued_time=_parse_time(system.get("EnqueuedTimeUtc"), f"{what} EnqueuedTimeUtc"),
            partition_key=partition_key if isinstance(partition_key, str) else None,
            sequence_number=system.get("SequenceNumber"),
            offset=str(system.get("Offset")),
            trigger_metadata=metadata,
            iothub_metadata=iothub,
        )

    def convert(self, value: Any, kind: Optional[str], binding: BindingMetadata) -> Any:
        return _check_list_kind(value, kind, binding)


def _jsonable_item(item: Any, what: str) -> Any:
    if isinstance(item, (str, bytes, int, float, bool)) or item is None:
        return item
    if isinstance(item, bytearray):
        return bytes(item)
    if isinstance(item, (Mapping, list)):
        return item
    raise BindingError(
        f"{what} takes str, bytes, numbers, dicts or lists, got {type(item).__name__}"
    )


class EventHubOutputBinding(BindingConverter):
    """``eventHub`` output: str, bytes, or a list (each element one event)."""

    output_kinds = ("str", "bytes", "list")

    def write(self, binding: BindingMetadata, value: Any, call: Call) -> Any:
        what = f"{_where(call, binding)}: an eventHub output"
        if isinstance(value, (list, tuple)):
            written: Any = [_jsonable_item(item, what) for item in value]
            items = written
        elif isinstance(value, bool):
            raise BindingError(f"{what} takes str, bytes, an int or a list, got bool")
        elif value is None:
            return None
        elif isinstance(value, (str, bytes, int, bytearray)):
            written = bytes(value) if isinstance(value, bytearray) else value
            items = [written]
        else:
            raise BindingError(
                f"{what} takes str, bytes, an int or a list, got {type(value).__name__}"
            )
        hub = _entity(call, binding, ("eventHubName", "path"))
        if hub is not None:
            bodies = [
                str(item).encode("utf-8") if isinstance(item, int) else _body(item, what)
                for item in items
            ]
            _store_messages(call, binding, message_store("eventhub", hub), bodies)
        return written


# --- Event Grid --------------------------------------------------------------------------

_EVENT_GRID_FIELDS = {
    "id": "id",
    "topic": "topic",
    "subject": "subject",
    "eventtype": "event_type",
    "eventtime": "event_time",
    "dataversion": "data_version",
    "data": "data",
}
_CLOUD_EVENT_FIELDS = (
    "id",
    "source",
    "type",
    "specversion",
    "time",
    "subject",
    "datacontenttype",
    "dataschema",
    "data",
)


def _event_grid_event(fields: Mapping[str, Any], what: str) -> EventGridEvent:
    from ..eventgrid import EventGridEvent

    kwargs: dict[str, Any] = {"data": None}
    for key, value in fields.items():
        name = _EVENT_GRID_FIELDS.get(str(key).lower())
        if name is not None and value is not None:
            kwargs[name] = value
    kwargs["event_time"] = _parse_time(kwargs.get("event_time"), f"{what} eventTime")
    event: EventGridEvent = _build(EventGridEvent, what, **kwargs)
    return event


def _cloud_event(fields: Mapping[str, Any], what: str) -> CloudEvent:
    import base64
    import binascii

    from ..eventgrid import CloudEvent

    kwargs: dict[str, Any] = {"data": None}
    for key, value in fields.items():
        if key == "data_base64":
            if not isinstance(value, str):
                raise BindingError(f"{what}: data_base64 must be a base64 string")
            try:
                kwargs["data"] = base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                raise BindingError(f"{what}: data_base64 is not valid base64") from None
        elif key in _CLOUD_EVENT_FIELDS:
            if value is not None:
                kwargs[key] = value
        else:
            kwargs[str(key)] = value
    kwargs["time"] = _parse_time(kwargs.get("time"), f"{what} time")
    event: CloudEvent = _build(CloudEvent, what, **kwargs)
    return event


#: The storage queue that keeps the events every eventGrid output of an app writes: an
#: Event Grid trigger names no topic (its subscription does), so they share one.
EVENT_GRID_STORE = "eventgrid"


class EventGridTriggerBinding(BindingConverter):
    """``eventGridTrigger``: an EventGridEvent, or a CloudEvent for the CloudEvents schema.

    The payload is the event as JSON text or a dict (Event Grid schema: ``id``, ``topic``,
    ``subject``, ``eventType``, ``eventTime``, ``dataVersion``, ``data``; CloudEvents schema when
    it has ``specversion``), or an array holding one event, as Event Grid posts it.
    """

    input_kinds = ("EventGridEvent", "CloudEvent")

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        from ..eventgrid import CloudEvent, EventGridEvent

        what = f"{_where(call, binding)}: an Event Grid event"
        if is_binding_type(data, EventGridEvent) or is_binding_type(data, CloudEvent):
            return data, {"Id": data.id, "Subject": data.subject, "Data": data.get_json()}
        fields = _decode_json(data, what)
        if isinstance(fields, (list, tuple)):
            if len(fields) != 1:
                raise BindingError(
                    f"{what}: the host runs the function once per event; give one event, not "
                    f"an array of {len(fields)}"
                )
            fields = fields[0]
        if not isinstance(fields, Mapping):
            raise BindingError(
                f"{what} must be a JSON object (or a dict), got {type(fields).__name__}"
            )
        if any(str(key).lower() == "specversion" for key in fields):
            event: Any = _cloud_event(fields, what)
        else:
            event = _event_grid_event(fields, what)
        return event, {"Id": event.id, "Subject": event.subject, "Data": event.get_json()}

    def convert(self, value: Any, kind: Optional[str], binding: BindingMetadata) -> Any:
        from ..eventgrid import CloudEvent, EventGridEvent

        wanted = {"EventGridEvent": EventGridEvent, "CloudEvent": CloudEvent}.get(kind or "")
        if wanted is not None and not is_binding_type(value, wanted):
            raise BindingError(
                f"binding {binding.name!r} is annotated {kind} but the event is a "
                f"{type(value).__name__} (CloudEvents have a 'specversion')"
            )
        return value


def _output_event_json(event: Any) -> dict[str, Any]:
    return {
        "id": event.id,
        "subject": event.subject,
        "eventType": event.event_type,
        "eventTime": None if event.event_time is None else event.event_time.isoformat(),
        "dataVersion": event.data_version,
        "data": event.get_json(),
    }


class EventGridOutputBinding(BindingConverter):
    """``eventGrid`` output: an EventGridOutputEvent, str (JSON), bytes, or a list of them."""

    output_kinds = ("EventGridOutputEvent", "str", "bytes", "list")

    def write(self, binding: BindingMetadata, value: Any, call: Call) -> Any:
        from ..eventgrid import EventGridOutputEvent

        items = value if isinstance(value, (list, tuple)) else [value]
        bodies: list[bytes] = []
        for item in items:
            if not (
                item is None
                or isinstance(item, (str, bytes))
                or is_binding_type(item, EventGridOutputEvent)
            ):
                raise BindingError(
                    f"{_where(call, binding)}: an eventGrid output takes EventGridOutputEvent, "
                    f"str, bytes or a list of them, got {type(item).__name__}"
                )
            if is_binding_type(item, EventGridOutputEvent):
                bodies.append(json.dumps(_output_event_json(item), default=str).encode("utf-8"))
            elif item is not None:
                bodies.append(item.encode("utf-8") if isinstance(item, str) else item)
        _store_messages(call, binding, EVENT_GRID_STORE, bodies)
        return list(value) if isinstance(value, tuple) else value

    def describe(self, value: Any) -> Any:
        from ..eventgrid import EventGridOutputEvent

        if isinstance(value, list):
            return [self.describe(item) for item in value]
        if is_binding_type(value, EventGridOutputEvent):
            return _output_event_json(value)
        return super().describe(value)


# --- Cosmos DB ---------------------------------------------------------------------------


class CosmosDBTriggerBinding(BindingConverter):
    """``cosmosDBTrigger``: the changed documents as a DocumentList.

    The payload is a DocumentList, a list of dicts, one dict, or their JSON text.
    """

    input_kinds = ("DocumentList",)

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        from ..cosmosdb import DocumentList

        what = f"{_where(call, binding)}: the Cosmos DB documents"
        if is_binding_type(data, DocumentList):
            return data, {}
        decoded = _decode_json(data, what)
        if decoded is None:
            decoded = []
        if isinstance(decoded, Mapping):
            decoded = [decoded]
        if not isinstance(decoded, (list, tuple)):
            raise BindingError(
                f"{what} must be a JSON array of objects, an object, or a list of dicts, "
                f"got {type(decoded).__name__}"
            )
        try:
            documents = DocumentList(decoded)
        except TypeError as exc:
            raise BindingError(f"{what}: {exc}") from None
        return documents, {}


class CosmosDBOutputBinding(BindingConverter):
    """``cosmosDB`` output: a Document, a DocumentList, or a list of Documents."""

    output_kinds = ("Document", "DocumentList")

    def write(self, binding: BindingMetadata, value: Any, call: Call) -> Any:
        from ..cosmosdb import Document, DocumentList

        if (
            value is None
            or is_binding_type(value, Document)
            or is_binding_type(value, DocumentList)
        ):
            return value
        if isinstance(value, (str, bytes, bytearray)):
            # Out[str]: the documents as JSON text (the worker's generic binding).
            decoded = _decode_json(value, f"{_where(call, binding)}: a cosmosDB output")
            items = decoded if isinstance(decoded, list) else [decoded]
            if not all(isinstance(item, dict) for item in items):
                raise BindingError(
                    f"{_where(call, binding)}: a cosmosDB output's JSON must be an object or "
                    "an array of objects"
                )
            return DocumentList(items) if isinstance(decoded, list) else Document(decoded)
        if isinstance(value, (list, tuple)) and all(
            is_binding_type(item, Document) for item in value
        ):
            return value
        raise BindingError(
            f"{_where(call, binding)}: a cosmosDB output takes a Document, a DocumentList or a "
            f"list of Documents, got {type(value).__name__}"
        )

    def describe(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, Mapping):
            return dict(value)
        # A list or tuple of Documents, or a DocumentList: the real package's is a UserList,
        # no list, and dict() of it would pair up the first document's keys.
        return [dict(item) for item in value]


# --- Kafka -------------------------------------------------------------------------------


class KafkaTriggerBinding(BindingConverter):
    """``kafkaTrigger``: a KafkaEvent, or a list of them with cardinality many."""

    input_kinds = ("KafkaEvent", "list")

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        what = f"{_where(call, binding)}: a Kafka event"
        topic = call.resolve(binding, "topic", required=False)
        if _is_many(binding, call):
            events = [
                self._event(item, offset, topic, what)
                for offset, item in enumerate(_batch(data, what))
            ]
            return events, {
                "TopicArray": [event.topic for event in events],
                "PartitionArray": [event.partition for event in events],
                "OffsetArray": [event.offset for event in events],
                "KeyArray": [event.key for event in events],
                "TimestampArray": [event.timestamp for event in events],
            }
        event = self._event(_single(data, "a Kafka trigger", call, binding), 0, topic, what)
        binding_data = json_properties(event.get_body())
        binding_data.update(
            {
                "Topic": event.topic,
                "Partition": event.partition,
                "Offset": event.offset,
                "Key": event.key,
                "Timestamp": event.timestamp,
            }
        )
        return event, binding_data

    @staticmethod
    def _event(item: Any, offset: int, topic: Optional[str], what: str) -> Any:
        from ..kafka import KafkaEvent

        if is_binding_type(item, KafkaEvent):
            return item
        timestamp = _now().isoformat()
        return KafkaEvent(
            body=_body(item, what),
            topic=topic,
            partition=0,
            offset=offset,
            timestamp=timestamp,
            trigger_metadata={
                "Topic": topic,
                "Partition": 0,
                "Offset": offset,
                "Timestamp": timestamp,
            },
        )

    def convert(self, value: Any, kind: Optional[str], binding: BindingMetadata) -> Any:
        return _check_list_kind(value, kind, binding)


class KafkaOutputBinding(BindingConverter):
    """``kafka`` output: str, bytes, or a list of str (one record each)."""

    output_kinds = ("str", "bytes", "list")

    def write(self, binding: BindingMetadata, value: Any, call: Call) -> Any:
        items = value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            if item is not None and not isinstance(item, (str, bytes)):
                raise BindingError(
                    f"{_where(call, binding)}: a kafka output takes str, bytes or a list of "
                    f"str, got {type(item).__name__}"
                )
        return list(value) if isinstance(value, tuple) else value


# --- Warm-up -----------------------------------------------------------------------------


class WarmupTriggerBinding(BindingConverter):
    """``warmupTrigger``: a WarmUpContext; the trigger takes no payload."""

    input_kinds = ("WarmUpContext",)

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        from ..warmup import WarmUpContext

        if is_binding_type(data, WarmUpContext):
            return data, {}
        if self._is_empty(data):
            # The real package's WarmUpContext is no abstract class, so ours cannot pass for
            # it: where the app imported that package, it gets the real one.
            real = sys.modules.get("azure.functions.warmup") if real_package_loaded() else None
            factory = getattr(real, "WarmUpContext", WarmUpContext)
            return factory(), {}
        raise BindingError(
            f"{_where(call, binding)}: a warm-up trigger takes no payload, got "
            f"{_describe_payload(data)}"
        )

    @staticmethod
    def _is_empty(data: Any) -> bool:
        """None, an empty str or bytes, an empty dict, or the JSON text of an empty object."""
        if data is None or (isinstance(data, Mapping) and not data):
            return True
        if isinstance(data, (str, bytes, bytearray)):
            text = data.strip()
            return not text or text in ("{}", b"{}", "null", b"null")
        return False


def _describe_payload(data: Any) -> str:
    return short_repr(data, 43)


# --- Table output ------------------------------------------------------------------------


class TableOutputBinding(BindingConverter):
    """``table`` output: JSON text (or bytes) of an entity or a list of entities.

    Each entity must be a JSON object with a ``PartitionKey`` and a ``RowKey``, unless the
    binding sets ``partitionKey`` / ``rowKey``. The value is recorded as the function set it.
    """

    output_kinds = ("str", "bytes")

    def write(self, binding: BindingMetadata, value: Any, call: Call) -> Any:
        if value is None:
            return None
        where = _where(call, binding)
        if not isinstance(value, (str, bytes, bytearray)):
            raise BindingError(
                f"{where}: a table output takes JSON text (str or bytes), "
                f"got {type(value).__name__}"
            )
        decoded = _decode_json(value, f"{where}: a table entity")
        entities = decoded if isinstance(decoded, list) else [decoded]
        partition_key = call.resolve(binding, "partitionKey", required=False)
        row_key = call.resolve(binding, "rowKey", required=False)
        for entity in entities:
            if not isinstance(entity, dict):
                raise BindingError(
                    f"{where}: a table entity must be a JSON object, got {type(entity).__name__}"
                )
            for key, fallback in (("PartitionKey", partition_key), ("RowKey", row_key)):
                if not isinstance(entity.get(key, fallback), str):
                    raise BindingError(
                        f"{where}: a table entity needs a string {key} (in the entity, or as "
                        f"the binding's {key[0].lower() + key[1:]})"
                    )
        return value

    def describe(self, value: Any) -> Any:
        if isinstance(value, (str, bytes, bytearray)):
            try:
                return loads("an output value", value)
            except ValueError:
                pass
        return super().describe(value)


# --- Registration ------------------------------------------------------------------------


def register_event_converters() -> None:
    """Register the converters of this module for their binding types (again).

    ``cosmosDB``, ``table`` and ``sql`` get those of :mod:`.seeded`, which also read inputs
    from seeded data.
    """
    from .seeded import CosmosDBBinding, SqlBinding, TableBinding

    register_converter("serviceBusTrigger", ServiceBusTriggerBinding())
    register_converter("serviceBus", ServiceBusOutputBinding())
    register_converter("eventHubTrigger", EventHubTriggerBinding())
    register_converter("eventHub", EventHubOutputBinding())
    register_converter("eventGridTrigger", EventGridTriggerBinding())
    register_converter("eventGrid", EventGridOutputBinding())
    register_converter("cosmosDBTrigger", CosmosDBTriggerBinding())
    register_converter("cosmosDB", CosmosDBBinding())
    register_converter("sql", SqlBinding())
    register_converter("kafkaTrigger", KafkaTriggerBinding())
    register_converter("kafka", KafkaOutputBinding())
    register_converter("warmupTrigger", WarmupTriggerBinding())
    register_converter("table", TableBinding())


register_event_converters()

__all__ = [
    "EVENT_GRID_STORE",
    "CosmosDBOutputBinding",
    "CosmosDBTriggerBinding",
    "EventGridOutputBinding",
    "EventGridTriggerBinding",
    "EventHubOutputBinding",
    "EventHubTriggerBinding",
    "KafkaOutputBinding",
    "KafkaTriggerBinding",
    "ServiceBusOutputBinding",
    "ServiceBusTriggerBinding",
    "TableOutputBinding",
    "WarmupTriggerBinding",
    "message_store",
    "register_event_converters",
]
