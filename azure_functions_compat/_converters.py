"""The worker-level converters of the binding types (see ``meta`` for what converters are).

Each class is reachable under the name and the module azure.functions gives it
(``azure_functions_compat.queue.QueueMessageInConverter``...), and registered under its binding
type in ``meta.get_binding_registry()``. The conversions are minimal and honest: they read
the plain values a ``Datum`` can hold here (str, bytes, JSON text, lists, dicts of Datums for
HTTP) and the trigger metadata fields the Functions host sends, and build this package's
binding types. Lists of events (cardinality ``many``) get their bodies and the shared
trigger metadata, not the per-event metadata arrays. An unsupported payload type raises
ValueError, a value that is not a ``Datum`` TypeError.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Optional, Union

from ._validation import fail_type, fail_value
from .meta import (
    Datum,
    InConverter,
    OutConverter,
    _is_subclass_annotation,
    is_iterable_type_annotation,
)

Metadata = Optional[Mapping[str, Datum]]


def _is_class_of(pytype: object, kinds: Union[type, tuple[type, ...]]) -> bool:
    # After a check for list annotations (List[QueueMessage]): anything else is False.
    return isinstance(pytype, type) and issubclass(pytype, kinds)


class UnsupportedDataError(NotImplementedError, TypeError, ValueError):
    """A converter given a kind of data or value it does not handle.

    The ``NotImplementedError`` azure.functions' converters raise there, and also the
    ``TypeError``/``ValueError`` this package raises for bad input, so code written for
    either catches it.
    """


def _check(converter: type, data: object, accepted: tuple[str, ...]) -> Datum:
    if not isinstance(data, Datum):
        raise fail_type(converter.__name__, "data", "a Datum", data)
    if data.type not in accepted:
        raise UnsupportedDataError(
            str(
                fail_value(
                    converter.__name__,
                    "data.type",
                    " or ".join(repr(a) for a in accepted),
                    data.type,
                )
            )
        )
    return data


def _unsupported(converter: type, accepted: str, obj: object) -> UnsupportedDataError:
    """The error for an output value of a type the converter does not send."""
    return UnsupportedDataError(str(fail_type(converter.__name__, "obj", accepted, obj)))


def _body_bytes(converter: type, data: object) -> bytes:
    """The payload of a str/json/bytes Datum as bytes."""
    data = _check(converter, data, ("string", "json", "bytes"))
    value = data.value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise fail_type(converter.__name__, "data.value", "a str or bytes", value)


def _items(converter: type, data: Datum) -> list[Any]:
    """The items of a collection or JSON-array Datum."""
    data = _check(converter, data, ("collection_bytes", "collection_string", "json"))
    value = data.python_value
    if not isinstance(value, list):
        raise fail_value(converter.__name__, "data.value", "a list of events", value)
    return value


def _metadata_array(converter: type, metadata: Metadata, name: str, count: int) -> list[Any]:
    """The per-item values of a batch's ``*Array`` trigger metadata, ``count`` of them.

    A missing array, or one shorter than the batch, gives None for the items it lacks.
    """
    datum = (metadata or {}).get(name)
    values = datum.python_value if isinstance(datum, Datum) else datum
    if values is None:
        return [None] * count
    if not isinstance(values, (list, tuple)):
        raise fail_value(converter.__name__, f"trigger_metadata[{name!r}]", "a list", values)
    values = list(values)
    return values[:count] + [None] * (count - len(values))


def _plain_metadata(
    metadata: Metadata, attribute: str = "python_value"
) -> Optional[dict[str, Any]]:
    """The trigger metadata with plain values, as the real events' ``.metadata`` gives them."""
    if metadata is None:
        return None
    if not isinstance(metadata, Mapping):
        raise fail_type("converter", "trigger_metadata", "a mapping of Datums", metadata)
    return {
        key: getattr(value, attribute) if isinstance(value, Datum) else value
        for key, value in metadata.items()
    }


def _as_body(item: Any) -> bytes:
    if isinstance(item, str):
        return item.encode("utf-8")
    if isinstance(item, (bytes, bytearray)):
        return bytes(item)
    import json

    return json.dumps(item).encode("utf-8")


def _json_rows(converter: type, data: Optional[Datum]) -> Optional[list[Any]]:
    if data is None or (isinstance(data, Datum) and data.type is None):
        return None
    body = _body_bytes(converter, data)
    from .meta import _loads

    rows = _loads(converter.__name__, "data.value", body)
    return rows if isinstance(rows, list) else [rows]


# HTTP


class HttpRequestConverter(InConverter, binding="httpTrigger", trigger=True):
    """``httpTrigger``: a Datum of type ``http`` (a dict of Datums: method, url, headers,
    query, params, body) becomes an ``HttpRequest``.
    """

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is ``HttpRequest`` or a subclass."""
        from .http import HttpRequest

        return _is_subclass_annotation(cls, pytype, HttpRequest)

    @classmethod
    def decode(cls, data: Datum, *, trigger_metadata: Metadata) -> Any:
        """The ``HttpRequest`` the Datum describes (errors as the constructor's)."""
        from .http import HttpRequest

        value = _check(cls, data, ("http",)).value
        if not isinstance(value, Mapping):
            raise fail_type(cls.__name__, "data.value", "a dict of Datums", value)

        def text(name: str) -> Any:
            field = value.get(name)
            return field.value if isinstance(field, Datum) else field

        def table(name: str) -> dict[str, Any]:
            fields = value.get(name) or {}
            if not isinstance(fields, Mapping):
                raise fail_type(cls.__name__, f"data.value[{name!r}]", "a dict", fields)
            return {k: (v.value if isinstance(v, Datum) else v) for k, v in fields.items()}

        body = text("body")
        return HttpRequest(
            text("method"),
            text("url"),
            headers=table("headers"),
            params=table("query"),
            route_params=table("params"),
            body=b"" if body is None else body,
        )

    @classmethod
    def has_implicit_output(cls) -> bool:
        """False: the response goes through the ``http`` output binding."""
        return False


class HttpResponseConverter(OutConverter, binding="http"):
    """``http`` output: a str, or an ``HttpResponse`` as a Datum of type ``http``."""

    @classmethod
    def check_output_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is ``HttpResponse`` or str (or a subclass)."""
        from .http import HttpResponse

        return _is_subclass_annotation(cls, pytype, (HttpResponse, str))

    @classmethod
    def encode(cls, obj: Any, *, expected_type: Optional[type]) -> Datum:
        """A ``string`` Datum for a str; for a response, an ``http`` Datum holding Datums of
        its status code, headers (with a Content-Type made from mimetype and charset when
        it has none), ``cookies`` (a list of ``http.cookies.SimpleCookie``, one per
        ``Set-Cookie`` header, which leaves the headers; None without one) and body.
        Raises ``UnsupportedDataError`` for anything else.
        """
        from .http import HttpResponse

        if isinstance(obj, str):
            return Datum(type="string", value=obj)
        if not isinstance(obj, HttpResponse):
            raise _unsupported(cls, "an HttpResponse or a str", obj)
        headers = {
            name: value for name, value in obj.headers.items() if name.lower() != "set-cookie"
        }
        cookie_lines = obj.headers.getall("Set-Cookie", [])
        cookies = None
        if cookie_lines:
            from http.cookies import SimpleCookie

            # As the worker sends them: one SimpleCookie per Set-Cookie header.
            cookies = [SimpleCookie(line) for line in cookie_lines]
        if not any(name.lower() == "content-type" for name in headers):
            mimetype = obj.mimetype or "text/plain"
            headers["content-type"] = (
                f"{mimetype}; charset={obj.charset}" if mimetype.startswith("text/") else mimetype
            )
        return Datum(
            type="http",
            value={
                "status_code": Datum(type="string", value=str(obj.status_code)),
                "headers": {name: Datum(type="string", value=v) for name, v in headers.items()},
                "cookies": cookies,
                "body": Datum(type="bytes", value=obj.get_body() or b""),
            },
        )


# Blob, queue, timer, warm-up


class BlobConverter(InConverter, OutConverter, binding="blob", trigger="blobTrigger"):
    """``blob`` and ``blobTrigger``: bytes or text become an ``InputStream``; outputs are
    str, bytes or anything with ``read()``.
    """

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is ``InputStream``, bytes or str."""
        from .blob import InputStream

        return _is_subclass_annotation(cls, pytype, (InputStream, bytes, str))

    @classmethod
    def check_output_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is str, bytes, bytearray, ``InputStream`` or has ``read()``."""
        from .blob import InputStream

        return _is_subclass_annotation(
            cls, pytype, (str, bytes, bytearray, InputStream)
        ) or callable(getattr(pytype, "read", None))

    @classmethod
    def decode(cls, data: Optional[Datum], *, trigger_metadata: Metadata) -> Any:
        """An ``InputStream`` of the payload, with name, uri, length, properties and
        metadata from the trigger metadata (``BlobTrigger``, ``Uri``, ``Properties``,
        ``Metadata``) when given; None for no data.
        """
        from .blob import InputStream

        if data is None or (isinstance(data, Datum) and data.type is None):
            return None
        content = _body_bytes(cls, _check(cls, data, ("string", "bytes")))
        if not trigger_metadata:
            return InputStream(data=content)
        properties = cls._decode_trigger_metadata_field(
            trigger_metadata, "Properties", python_type=dict
        )
        length = None
        if properties:
            raw_length = properties.get("ContentLength") or properties.get("Length")
            try:
                length = int(raw_length) if raw_length else None
            except (TypeError, ValueError):
                raise fail_value(cls.__name__, "Properties.Length", "an int", raw_length) from None
        return InputStream(
            data=content,
            name=cls._decode_trigger_metadata_field(
                trigger_metadata, "BlobTrigger", python_type=str
            ),
            uri=cls._decode_trigger_metadata_field(trigger_metadata, "Uri", python_type=str),
            length=length,
            blob_properties=properties or None,
            metadata=cls._decode_trigger_metadata_field(
                trigger_metadata, "Metadata", python_type=dict
            ),
        )

    @classmethod
    def encode(cls, obj: Any, *, expected_type: Optional[type]) -> Datum:
        """A ``string`` or ``bytes`` Datum (a file-like object is read first)."""
        if callable(getattr(obj, "read", None)):
            obj = obj.read()
        if isinstance(obj, str):
            return Datum(type="string", value=obj)
        if isinstance(obj, (bytes, bytearray)):
            return Datum(type="bytes", value=bytes(obj))
        raise _unsupported(cls, "a str, bytes or a readable object", obj)

    @classmethod
    def has_implicit_output(cls) -> bool:
        """False."""
        return False


class QueueMessageInConverter(InConverter, binding="queueTrigger", trigger=True):
    """``queueTrigger``: the payload and its metadata (``Id``, ``DequeueCount``,
    ``InsertionTime``...) become a ``QueueMessage``.
    """

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is ``QueueMessage`` or a subclass."""
        from .queue import QueueMessage

        return _is_subclass_annotation(cls, pytype, QueueMessage)

    @classmethod
    def decode(cls, data: Datum, *, trigger_metadata: Metadata) -> Any:
        """The ``QueueMessage``; ValueError when the trigger metadata is missing."""
        from .queue import QueueMessage

        body = _check(cls, data, ("string", "bytes")).value
        if trigger_metadata is None:
            raise fail_value(cls.__name__, "trigger_metadata", "the message's metadata", None)
        field = cls._decode_trigger_metadata_field
        when = cls._parse_datetime_metadata
        return QueueMessage(
            id=field(trigger_metadata, "Id", python_type=str),
            body=body,
            dequeue_count=field(trigger_metadata, "DequeueCount", python_type=int),
            expiration_time=when(trigger_metadata, "ExpirationTime"),
            insertion_time=when(trigger_metadata, "InsertionTime"),
            time_next_visible=when(trigger_metadata, "NextVisibleTime"),
            pop_receipt=field(trigger_metadata, "PopReceipt", python_type=str),
        )

    @classmethod
    def has_implicit_output(cls) -> bool:
        """False."""
        return False


class QueueMessageOutConverter(OutConverter, binding="queue"):
    """``queue`` output: str, bytes, a ``QueueMessage``, or a list of str / messages."""

    @classmethod
    def check_output_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is ``QueueMessage``, str or bytes, or a list of them."""
        from .queue import QueueMessage

        kinds = (QueueMessage, str, bytes)
        return is_iterable_type_annotation(pytype, kinds) or _is_class_of(pytype, kinds)

    @classmethod
    def encode(cls, obj: Any, *, expected_type: Optional[type]) -> Datum:
        """``string``/``bytes`` as they are; messages as ``json`` ``{"id", "body"}``."""
        import json

        from .queue import QueueMessage

        def message(item: Any) -> Any:
            if isinstance(item, str):
                return item
            if isinstance(item, QueueMessage):
                return {"id": item.id, "body": item.get_body().decode("utf-8", "replace")}
            raise fail_type(cls.__name__, "obj", "str or QueueMessage items", item)

        if isinstance(obj, str):
            return Datum(type="string", value=obj)
        if isinstance(obj, (bytes, bytearray)):
            return Datum(type="bytes", value=bytes(obj))
        if isinstance(obj, QueueMessage):
            return Datum(type="json", value=json.dumps(message(obj)))
        if isinstance(obj, Iterable) and not isinstance(obj, Mapping):
            return Datum(type="json", value=json.dumps([message(item) for item in obj]))
        raise _unsupported(cls, "a str, bytes, QueueMessage or a list", obj)


class TimerRequestConverter(InConverter, binding="timerTrigger", trigger=True):
    """``timerTrigger``: the JSON the host sends (``IsPastDue``, ``ScheduleStatus``,
    ``Schedule``) becomes a ``TimerRequest``.
    """

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is ``TimerRequest`` or a subclass."""
        from .timer import TimerRequest

        return _is_subclass_annotation(cls, pytype, TimerRequest)

    @classmethod
    def decode(cls, data: Datum, *, trigger_metadata: Metadata) -> Any:
        """The ``TimerRequest``; ValueError when the JSON is not an object."""
        from .timer import TimerRequest

        info = _check(cls, data, ("json",)).python_value
        if not isinstance(info, dict):
            raise fail_value(cls.__name__, "data.value", "a JSON object", info)
        return TimerRequest(
            past_due=info.get("IsPastDue", False),
            schedule_status=info.get("ScheduleStatus") or {},
            schedule=info.get("Schedule") or {},
        )

    @classmethod
    def has_implicit_output(cls) -> bool:
        """False."""
        return False


class WarmUpTriggerConverter(InConverter, binding="warmupTrigger", trigger=True):
    """``warmupTrigger``: always a fresh ``WarmUpContext``."""

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is ``WarmUpContext`` or a subclass."""
        from .warmup import WarmUpContext

        return _is_subclass_annotation(cls, pytype, WarmUpContext)

    @classmethod
    def decode(cls, data: Datum, *, trigger_metadata: Metadata) -> Any:
        """A ``WarmUpContext``."""
        from .warmup import WarmUpContext

        return WarmUpContext()

    @classmethod
    def has_implicit_output(cls) -> bool:
        """False."""
        return False


# Service Bus, Event Hubs, Event Grid, Kafka


def _cardinality_many(trigger_metadata: Metadata, one_key: str, many_key: str) -> bool:
    """Whether the trigger metadata describes a batch; ValueError when it says neither."""
    if trigger_metadata is not None and not isinstance(trigger_metadata, Mapping):
        raise fail_type("converter", "trigger_metadata", "a mapping of Datums", trigger_metadata)
    metadata = trigger_metadata or {}
    if one_key in metadata:
        return False
    if many_key in metadata:
        return True
    raise ValueError(
        f"trigger_metadata must hold {one_key!r} (one event) or {many_key!r} (a batch)"
    )


_SERVICE_BUS_FIELDS: tuple[tuple[str, str, Any], ...] = (
    ("application_properties", "ApplicationProperties", dict),
    ("content_type", "ContentType", str),
    ("correlation_id", "CorrelationId", str),
    ("dead_letter_error_description", "DeadLetterErrorDescription", str),
    ("dead_letter_reason", "DeadLetterReason", str),
    ("dead_letter_source", "DeadLetterSource", str),
    ("delivery_count", "DeliveryCount", int),
    ("enqueued_sequence_number", "EnqueuedSequenceNumber", int),
    ("enqueued_time_utc", "EnqueuedTimeUtc", "datetime"),
    ("expires_at_utc", "ExpiresAtUtc", "datetime"),
    ("label", "Label", str),
    ("locked_until", "LockedUntil", "datetime"),
    ("lock_token", "LockToken", str),
    ("message_id", "MessageId", str),
    ("partition_key", "PartitionKey", str),
    ("reply_to", "ReplyTo", str),
    ("reply_to_session_id", "ReplyToSessionId", str),
    ("scheduled_enqueue_time_utc", "ScheduledEnqueueTimeUtc", "datetime"),
    ("sequence_number", "SequenceNumber", int),
    ("session_id", "SessionId", str),
    ("state", "State", int),
    ("subject", "Subject", str),
    ("time_to_live", "TimeToLive", "timedelta"),
    ("to", "To", str),
    ("transaction_partition_key", "TransactionPartitionKey", str),
    ("user_properties", "UserProperties", dict),
)


class ServiceBusMessageInConverter(InConverter, binding="serviceBusTrigger", trigger=True):
    """``serviceBusTrigger``: one ``ServiceBusMessage`` with every property read from the
    trigger metadata (cardinality one: ``UserProperties`` present), or a list of messages
    (``UserPropertiesArray`` present).
    """

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is ``ServiceBusMessage`` or a list of them."""
        from .servicebus import ServiceBusMessage

        return is_iterable_type_annotation(pytype, ServiceBusMessage) or _is_class_of(
            pytype, ServiceBusMessage
        )

    @classmethod
    def decode(cls, data: Optional[Datum], *, trigger_metadata: Metadata) -> Any:
        """A message or a list of messages, as the trigger metadata says."""
        from .servicebus import ServiceBusMessage

        plain = _plain_metadata(trigger_metadata)
        if _cardinality_many(trigger_metadata, "UserProperties", "UserPropertiesArray"):
            if data is None:
                return []
            bodies = _items(cls, data)
            columns = {
                name: _metadata_array(cls, trigger_metadata, f"{field}Array", len(bodies))
                for name, field, _ in _SERVICE_BUS_FIELDS
            }
            return [
                ServiceBusMessage(
                    body=_as_body(item),
                    trigger_metadata=plain,
                    **{
                        name: cls._batch_value(kind, columns[name][index])
                        for name, _, kind in _SERVICE_BUS_FIELDS
                    },
                )
                for index, item in enumerate(bodies)
            ]
        body = b"" if data is None else _body_bytes(cls, data)
        values: dict[str, Any] = {}
        for name, field, kind in _SERVICE_BUS_FIELDS:
            if kind == "datetime":
                values[name] = cls._parse_datetime_metadata(trigger_metadata, field)
            elif kind == "timedelta":
                values[name] = cls._parse_timedelta_metadata(trigger_metadata, field)
            else:
                values[name] = cls._decode_trigger_metadata_field(
                    trigger_metadata, field, python_type=kind
                )
        return ServiceBusMessage(body=body, trigger_metadata=plain, **values)

    @classmethod
    def _batch_value(cls, kind: Any, value: Any) -> Any:
        """One message's value from a ``*Array``: times parsed, the rest as given."""
        if value is None:
            return None
        if kind == "datetime":
            return cls._parse_datetime(value)
        if kind == "timedelta":
            return cls._parse_timedelta(value)
        if kind is dict and isinstance(value, str):
            from .meta import _loads

            return _loads(cls.__name__, "a *Array item", value)
        return value

    @classmethod
    def has_implicit_output(cls) -> bool:
        """False."""
        return False


class ServiceBusMessageOutConverter(OutConverter, binding="serviceBus"):
    """``serviceBus`` output: a str or bytes."""

    @classmethod
    def check_output_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is str or bytes."""
        return _is_subclass_annotation(cls, pytype, (str, bytes))

    @classmethod
    def encode(cls, obj: Any, *, expected_type: Optional[type]) -> Datum:
        """A ``string`` or ``bytes`` Datum; TypeError for anything else."""
        if isinstance(obj, str):
            return Datum(type="string", value=obj)
        if isinstance(obj, (bytes, bytearray)):
            return Datum(type="bytes", value=bytes(obj))
        raise _unsupported(cls, "a str or bytes", obj)


class _StrOrBytesOut(OutConverter, binding=None):
    @classmethod
    def check_output_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is str or bytes, or a list of str."""
        return is_iterable_type_annotation(pytype, str) or _is_class_of(pytype, (str, bytes))


class EventHubConverter(InConverter, _StrOrBytesOut, binding="eventHub"):
    """``eventHub``: payloads become ``EventHubEvent``s (one, or a list for a collection);
    outputs are str, bytes, int or a list (sent as JSON).
    """

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is ``EventHubEvent`` or a list of them."""
        from .eventhub import EventHubEvent

        return is_iterable_type_annotation(pytype, EventHubEvent) or _is_class_of(
            pytype, EventHubEvent
        )

    @classmethod
    def decode(cls, data: Datum, *, trigger_metadata: Metadata) -> Any:
        """One event for str/bytes/json data, a list for a collection."""
        from .eventhub import EventHubEvent

        if isinstance(data, Datum) and data.type in ("collection_bytes", "collection_string"):
            return [EventHubEvent(body=_as_body(item)) for item in _items(cls, data)]
        return EventHubEvent(body=_body_bytes(cls, data))

    @classmethod
    def encode(cls, obj: Any, *, expected_type: Optional[type]) -> Datum:
        """``string``, ``bytes``, ``int``, or ``json`` for a list; an empty Datum otherwise."""
        if isinstance(obj, str):
            return Datum(type="string", value=obj)
        if isinstance(obj, (bytes, bytearray)):
            return Datum(type="bytes", value=bytes(obj))
        if isinstance(obj, int) and not isinstance(obj, bool):
            return Datum(type="int", value=obj)
        if isinstance(obj, list):
            import json

            try:
                return Datum(type="json", value=json.dumps(obj))
            except (TypeError, ValueError):
                raise fail_value(cls.__name__, "obj", "a JSON-serialisable list", obj) from None
        return Datum(type=None, value=None)

    @classmethod
    def has_implicit_output(cls) -> bool:
        """False."""
        return False


class EventHubTriggerConverter(EventHubConverter, binding="eventHubTrigger", trigger=True):
    """``eventHubTrigger``: one event with its metadata (``SystemProperties`` present) or a
    list of events (``SystemPropertiesArray`` present).
    """

    @classmethod
    def decode(cls, data: Datum, *, trigger_metadata: Metadata) -> Any:
        """An ``EventHubEvent`` with enqueued time, partition key, sequence number, offset and
        IoT Hub metadata read from the trigger metadata, or a list of events.
        """
        from .eventhub import EventHubEvent

        plain = _plain_metadata(trigger_metadata)
        if _cardinality_many(trigger_metadata, "SystemProperties", "SystemPropertiesArray"):
            bodies = _items(cls, data)
            properties = _metadata_array(
                cls, trigger_metadata, "SystemPropertiesArray", len(bodies)
            )
            return [
                cls._batch_event(body, props or {}, plain)
                for body, props in zip(bodies, properties)
            ]
        metadata = trigger_metadata or {}
        iothub = {
            name[len("iothub-") :]: value
            for name in metadata
            if name.startswith("iothub-")
            and (value := cls._decode_trigger_metadata_field(metadata, name, python_type=str))
            is not None
        }
        if not iothub:
            system = cls._decode_trigger_metadata_field(
                metadata, "SystemProperties", python_type=dict
            )
            iothub = _iothub_properties(system or {})
        offset = cls._decode_trigger_metadata_field(metadata, "Offset", python_type=str)
        return EventHubEvent(
            body=_body_bytes(cls, data),
            trigger_metadata=plain,
            enqueued_time=cls._parse_datetime_metadata(metadata, "EnqueuedTimeUtc"),
            partition_key=cls._decode_trigger_metadata_field(
                metadata, "PartitionKey", python_type=str
            ),
            sequence_number=cls._decode_trigger_metadata_field(
                metadata, "SequenceNumber", python_type=int
            ),
            offset=offset,
            iothub_metadata=iothub,
        )

    @classmethod
    def _batch_event(cls, body: Any, properties: Any, plain: Optional[dict[str, Any]]) -> Any:
        """One event of a batch, its system properties from ``SystemPropertiesArray``."""
        from .eventhub import EventHubEvent

        if not isinstance(properties, Mapping):
            raise fail_type(
                cls.__name__, "a SystemPropertiesArray item", "a JSON object", properties
            )
        offset = properties.get("Offset")
        enqueued = properties.get("EnqueuedTimeUtc")
        return EventHubEvent(
            body=_as_body(body),
            trigger_metadata=plain,
            enqueued_time=cls._parse_datetime(enqueued) if enqueued else None,
            partition_key=properties.get("PartitionKey"),
            sequence_number=properties.get("SequenceNumber"),
            # Offsets are str here, in a batch too (the real one gives an int there).
            offset=None if offset is None else str(offset),
            iothub_metadata=_iothub_properties(properties),
        )


def _iothub_properties(properties: Mapping[str, Any]) -> dict[str, Any]:
    """The ``iothub-*`` system properties, without the prefix."""
    return {
        key[len("iothub-") :]: value
        for key, value in properties.items()
        if isinstance(key, str) and key.startswith("iothub-")
    }


class EventGridEventInConverter(InConverter, binding="eventGridTrigger", trigger=True):
    """``eventGridTrigger``: the event's JSON becomes an ``EventGridEvent``, or a
    ``CloudEvent`` when it has ``specversion``.
    """

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is ``EventGridEvent`` or ``CloudEvent`` (or a subclass)."""
        from .eventgrid import CloudEvent, EventGridEvent

        return _is_class_of(pytype, (EventGridEvent, CloudEvent))

    @classmethod
    def decode(cls, data: Datum, *, trigger_metadata: Metadata) -> Any:
        """The event; ValueError when the JSON is not an object."""
        from .eventgrid import CloudEvent, EventGridEvent

        body = _check(cls, data, ("json",)).python_value
        if not isinstance(body, dict):
            raise fail_value(cls.__name__, "data.value", "a JSON object", body)
        if "specversion" in body:
            known = {"specversion", "id", "source", "type", "time", "subject"}
            known |= {"datacontenttype", "dataschema", "data"}
            return CloudEvent(
                data=body.get("data"),
                id=body.get("id"),
                source=body.get("source") or "",
                type=body.get("type") or "",
                specversion=body.get("specversion") or "1.0",
                time=cls._parse_datetime(body.get("time")),
                subject=body.get("subject"),
                datacontenttype=body.get("datacontenttype"),
                dataschema=body.get("dataschema"),
                **{key: value for key, value in body.items() if key not in known},
            )
        return EventGridEvent(
            data=body.get("data"),
            id=body.get("id"),
            topic=body.get("topic") or "",
            subject=body.get("subject") or "",
            event_type=body.get("eventType") or "",
            event_time=cls._parse_datetime(body.get("eventTime")),
            data_version=body.get("dataVersion") or "",
        )

    @classmethod
    def has_implicit_output(cls) -> bool:
        """False."""
        return False


class EventGridEventOutConverter(OutConverter, binding="eventGrid"):
    """``eventGrid`` output: str, bytes, an ``EventGridOutputEvent`` or a list of them."""

    @classmethod
    def check_output_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is str, bytes, ``EventGridOutputEvent`` or a list of those."""
        from .eventgrid import EventGridOutputEvent

        return is_iterable_type_annotation(pytype, (str, EventGridOutputEvent)) or _is_class_of(
            pytype, (str, bytes, EventGridOutputEvent)
        )

    @classmethod
    def encode(cls, obj: Any, *, expected_type: Optional[type]) -> Datum:
        """``string``/``bytes`` as they are; events as ``json`` in the Event Grid schema."""
        import json

        from .eventgrid import EventGridOutputEvent

        def event(item: Any) -> Any:
            if isinstance(item, str):
                return item
            if isinstance(item, EventGridOutputEvent):
                return {
                    "id": item.id,
                    "subject": item.subject,
                    "dataVersion": item.data_version,
                    "eventType": item.event_type,
                    "data": item.get_json(),
                    "eventTime": None if item.event_time is None else item.event_time.isoformat(),
                }
            raise fail_type(cls.__name__, "obj", "str or EventGridOutputEvent items", item)

        if isinstance(obj, str):
            return Datum(type="string", value=obj)
        if isinstance(obj, (bytes, bytearray)):
            return Datum(type="bytes", value=bytes(obj))
        if isinstance(obj, EventGridOutputEvent):
            return Datum(type="json", value=json.dumps(event(obj)))
        if isinstance(obj, Iterable) and not isinstance(obj, Mapping):
            return Datum(type="json", value=json.dumps([event(item) for item in obj]))
        raise _unsupported(cls, "a str, bytes, EventGridOutputEvent or a list", obj)


class KafkaConverter(InConverter, _StrOrBytesOut, binding="kafka"):
    """``kafka``: payloads become ``KafkaEvent``s; outputs are not supported (as in Azure)."""

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is ``KafkaEvent`` or a list of them."""
        from .kafka import KafkaEvent

        return is_iterable_type_annotation(pytype, KafkaEvent) or _is_class_of(pytype, KafkaEvent)

    @classmethod
    def decode(cls, data: Datum, *, trigger_metadata: Metadata) -> Any:
        """One event for str/bytes/json data, a list for a collection."""
        from .kafka import KafkaEvent

        if isinstance(data, Datum) and data.type in ("collection_bytes", "collection_string"):
            return [KafkaEvent(body=_as_body(item)) for item in _items(cls, data)]
        return KafkaEvent(body=_body_bytes(cls, data))

    @classmethod
    def encode(cls, obj: Any, *, expected_type: Optional[type]) -> Datum:
        """Always ``UnsupportedDataError`` (a ``NotImplementedError`` and ``ValueError``):
        Kafka outputs are sent by the host, not converted here.
        """
        raise UnsupportedDataError(f"{cls.__name__}: output bindings are not supported for Kafka")

    @classmethod
    def has_implicit_output(cls) -> bool:
        """False."""
        return False


# KafkaEvent argument -> the trigger metadata array a batch gives it in.
_KAFKA_ARRAYS = (
    ("timestamp", "Timestamp"),
    ("key", "Key"),
    ("partition", "Partition"),
    ("offset", "Offset"),
    ("topic", "Topic"),
    ("headers", "Headers"),
)


class KafkaTriggerConverter(KafkaConverter, binding="kafkaTrigger", trigger=True):
    """``kafkaTrigger``: one event with its metadata (``Key``, ``Partition``, ``Offset``,
    ``Topic``, ``Timestamp``, ``Headers``), or a list of events for a collection.
    """

    @classmethod
    def decode(cls, data: Datum, *, trigger_metadata: Metadata) -> Any:
        """A ``KafkaEvent`` or a list of them."""
        from .kafka import KafkaEvent

        plain = _plain_metadata(trigger_metadata, "value")
        if isinstance(data, Datum) and data.type in ("collection_bytes", "collection_string"):
            bodies = _items(cls, data)
            columns = {
                name: _metadata_array(cls, trigger_metadata, f"{field}Array", len(bodies))
                for name, field in _KAFKA_ARRAYS
            }
            return [
                KafkaEvent(
                    body=_as_body(item),
                    trigger_metadata=plain,
                    **{name: columns[name][index] for name, _ in _KAFKA_ARRAYS},
                )
                for index, item in enumerate(bodies)
            ]
        field = cls._decode_trigger_metadata_field
        return KafkaEvent(
            body=_body_bytes(cls, data),
            trigger_metadata=plain,
            timestamp=field(trigger_metadata, "Timestamp", python_type=str),
            key=field(trigger_metadata, "Key", python_type=str),
            partition=field(trigger_metadata, "Partition", python_type=int),
            offset=field(trigger_metadata, "Offset", python_type=int),
            topic=field(trigger_metadata, "Topic", python_type=str),
            headers=field(trigger_metadata, "Headers", python_type=list),
        )


# Cosmos DB, SQL, MySQL


def _row_converter_methods(list_name: str, row_name: str, module: str) -> Any:
    """Shared decode/encode of the JSON-row bindings, bound to one pair of types."""

    def types() -> tuple[Any, Any]:
        from importlib import import_module

        found = import_module(f".{module}", __package__)
        return getattr(found, list_name), getattr(found, row_name)

    return types


class _RowsConverter(InConverter, OutConverter, binding=None):
    _types: Any = None

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is the binding's row list type."""
        row_list, _ = cls._types()
        return _is_subclass_annotation(cls, pytype, row_list)

    @classmethod
    def check_output_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is the binding's row or row list type."""
        row_list, row = cls._types()
        return _is_subclass_annotation(cls, pytype, (row_list, row))

    @classmethod
    def decode(cls, data: Optional[Datum], *, trigger_metadata: Metadata) -> Any:
        """The JSON rows (an object or an array of them) as a row list; None for no data."""
        row_list, row = cls._types()
        rows = _json_rows(cls, data)
        if rows is None:
            return None
        for item in rows:
            if item is not None and not isinstance(item, dict):
                raise fail_value(cls.__name__, "data.value", "JSON objects", item)
        result = row_list()
        # A null row stays None, as the worker hands it over (the list's own checks refuse it).
        list.extend(result, [None if item is None else row.from_dict(item) for item in rows])
        return result

    @classmethod
    def encode(cls, obj: Any, *, expected_type: Optional[type]) -> Datum:
        """A row or rows as a ``json`` Datum holding an array; TypeError for other values."""
        import json

        _, row = cls._types()
        if isinstance(obj, row):
            rows = [obj]
        elif isinstance(obj, Iterable) and not isinstance(obj, (Mapping, str, bytes)):
            rows = list(obj)
        else:
            raise _unsupported(cls, f"a {row.__name__} or rows of them", obj)
        for item in rows:
            if not isinstance(item, row):
                raise fail_type(cls.__name__, "obj", f"{row.__name__} items", item)
        return Datum(type="json", value=json.dumps([dict(item) for item in rows], default=str))

    @classmethod
    def has_implicit_output(cls) -> bool:
        """False."""
        return False


class CosmosDBConverter(_RowsConverter, binding="cosmosDB"):
    """``cosmosDB``: JSON documents as a ``DocumentList``; ``Document``s out."""

    _types = staticmethod(_row_converter_methods("DocumentList", "Document", "cosmosdb"))


class CosmosDBTriggerConverter(CosmosDBConverter, binding="cosmosDBTrigger", trigger=True):
    """``cosmosDBTrigger``: the changed documents as a ``DocumentList``."""


class SqlConverter(_RowsConverter, binding="sql"):
    """``sql``: JSON rows as a ``SqlRowList``; ``SqlRow``s out."""

    _types = staticmethod(_row_converter_methods("SqlRowList", "SqlRow", "sql"))


class MySqlConverter(_RowsConverter, binding="mysql"):
    """``mysql``: JSON rows as a ``MySqlRowList``; ``MySqlRow``s out."""

    _types = staticmethod(_row_converter_methods("MySqlRowList", "MySqlRow", "mysql"))


class MySqlTriggerConverter(MySqlConverter, binding="mysqlTrigger", trigger=True):
    """``mysqlTrigger``: the changed rows as a ``MySqlRowList``."""


# Which public module each converter belongs to (as in azure.functions), for their
# module-level lookups.
HOMES: dict[str, tuple[str, ...]] = {
    "http": ("HttpRequestConverter", "HttpResponseConverter"),
    "blob": ("BlobConverter",),
    "queue": ("QueueMessageInConverter", "QueueMessageOutConverter"),
    "timer": ("TimerRequestConverter",),
    "warmup": ("WarmUpTriggerConverter",),
    "servicebus": ("ServiceBusMessageInConverter", "ServiceBusMessageOutConverter"),
    "eventhub": ("EventHubConverter", "EventHubTriggerConverter"),
    "eventgrid": ("EventGridEventInConverter", "EventGridEventOutConverter"),
    "kafka": ("KafkaConverter", "KafkaTriggerConverter"),
    "cosmosdb": ("CosmosDBConverter", "CosmosDBTriggerConverter"),
    "sql": ("SqlConverter",),
    "mysql": ("MySqlConverter", "MySqlTriggerConverter"),
}


def module_getattr(module_name: str, name: str) -> Any:
    """The converter ``name`` of the public module ``module_name``; AttributeError otherwise.

    Public modules delegate their ``__getattr__`` here so their converters load only when
    asked for.
    """
    short = module_name.rpartition(".")[2]
    if name in HOMES.get(short, ()):
        return globals()[name]
    raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
