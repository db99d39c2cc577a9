"""Service Bus: the message a ``serviceBusTrigger`` delivers or a ``serviceBus`` output sends."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Optional, Union

from ._bindingbase import (
    EventRecord,
    check_optional_datetime,
    check_optional_int_range,
    check_optional_timedelta,
    json_safe,
)
from ._validation import check_optional_dict, check_optional_int, check_optional_str, to_bytes

_OWNER = "ServiceBusMessage"

# ServiceBusMessageState in the Service Bus SDKs: active, deferred, scheduled.
_MAX_STATE = 2


class ServiceBusMessage(EventRecord):
    """A Service Bus message: its body, its system properties and its application properties.

    Every argument is keyword-only and optional. ``body`` may be str (UTF-8 encoded), bytes,
    bytearray or None (an empty body). ``message_id`` defaults to ``""``,
    ``application_properties`` and ``user_properties`` to empty dicts, and ``metadata``
    (``trigger_metadata``), every time, count and other property to None, as in
    azure.functions.

    ``application_properties`` and ``user_properties`` are the same thing under two names
    (the host fills in both), so when only one is given the other starts as a copy of it.
    ``label`` and ``subject`` are paired the same way.

    Raises TypeError for an argument of the wrong type (a str where a datetime belongs) and
    ValueError for a wrong value (a negative ``delivery_count``, a ``state`` outside 0 to 2,
    a negative ``time_to_live``).
    """

    __slots__ = (
        "_application_properties",
        "_body",
        "_content_type",
        "_correlation_id",
        "_dead_letter_error_description",
        "_dead_letter_reason",
        "_dead_letter_source",
        "_delivery_count",
        "_enqueued_sequence_number",
        "_enqueued_time_utc",
        "_expires_at_utc",
        "_label",
        "_lock_token",
        "_locked_until",
        "_message_id",
        "_metadata",
        "_partition_key",
        "_reply_to",
        "_reply_to_session_id",
        "_scheduled_enqueue_time_utc",
        "_sequence_number",
        "_session_id",
        "_state",
        "_subject",
        "_time_to_live",
        "_to",
        "_transaction_partition_key",
        "_user_properties",
    )

    _DEFAULTS: ClassVar[Mapping[str, object]] = {
        **{name: None for name in __slots__},
        "_application_properties": {},
        "_body": b"",
        "_message_id": "",
        "_user_properties": {},
    }

    def __init__(
        self,
        *,
        body: Union[str, bytes, bytearray, None] = None,
        trigger_metadata: Optional[Mapping[str, Any]] = None,
        application_properties: Optional[Mapping[str, Any]] = None,
        content_type: Optional[str] = None,
        correlation_id: Optional[str] = None,
        dead_letter_error_description: Optional[str] = None,
        dead_letter_reason: Optional[str] = None,
        dead_letter_source: Optional[str] = None,
        delivery_count: Optional[int] = None,
        enqueued_sequence_number: Optional[int] = None,
        enqueued_time_utc: Optional[datetime] = None,
        expires_at_utc: Optional[datetime] = None,
        label: Optional[str] = None,
        locked_until: Optional[datetime] = None,
        lock_token: Optional[str] = None,
        message_id: Optional[str] = None,
        partition_key: Optional[str] = None,
        reply_to: Optional[str] = None,
        reply_to_session_id: Optional[str] = None,
        scheduled_enqueue_time_utc: Optional[datetime] = None,
        sequence_number: Optional[int] = None,
        session_id: Optional[str] = None,
        state: Optional[int] = None,
        subject: Optional[str] = None,
        time_to_live: Optional[timedelta] = None,
        to: Optional[str] = None,
        transaction_partition_key: Optional[str] = None,
        user_properties: Optional[Mapping[str, Any]] = None,
    ) -> None:
        self._body = to_bytes(_OWNER, "body", body)
        self._metadata: Optional[dict[str, Any]] = (
            None
            if trigger_metadata is None
            else check_optional_dict(_OWNER, "trigger_metadata", trigger_metadata)
        )

        checked_id = check_optional_str(_OWNER, "message_id", message_id)
        self._message_id = "" if checked_id is None else checked_id

        app_props = check_optional_dict(_OWNER, "application_properties", application_properties)
        user_props = check_optional_dict(_OWNER, "user_properties", user_properties)
        if application_properties is None and user_properties is not None:
            app_props = dict(user_props)
        elif user_properties is None and application_properties is not None:
            user_props = dict(app_props)
        self._application_properties = app_props
        self._user_properties = user_props

        checked_label = check_optional_str(_OWNER, "label", label)
        checked_subject = check_optional_str(_OWNER, "subject", subject)
        self._label = checked_subject if checked_label is None else checked_label
        self._subject = checked_label if checked_subject is None else checked_subject

        self._content_type = check_optional_str(_OWNER, "content_type", content_type)
        self._correlation_id = check_optional_str(_OWNER, "correlation_id", correlation_id)
        self._dead_letter_error_description = check_optional_str(
            _OWNER, "dead_letter_error_description", dead_letter_error_description
        )
        self._dead_letter_reason = check_optional_str(
            _OWNER, "dead_letter_reason", dead_letter_reason
        )
        self._dead_letter_source = check_optional_str(
            _OWNER, "dead_letter_source", dead_letter_source
        )
        self._delivery_count = check_optional_int(_OWNER, "delivery_count", delivery_count)
        self._enqueued_sequence_number = check_optional_int(
            _OWNER, "enqueued_sequence_number", enqueued_sequence_number
        )
        self._enqueued_time_utc = check_optional_datetime(
            _OWNER, "enqueued_time_utc", enqueued_time_utc
        )
        self._expires_at_utc = check_optional_datetime(_OWNER, "expires_at_utc", expires_at_utc)
        self._locked_until = check_optional_datetime(_OWNER, "locked_until", locked_until)
        self._lock_token = check_optional_str(_OWNER, "lock_token", lock_token)
        self._partition_key = check_optional_str(_OWNER, "partition_key", partition_key)
        self._reply_to = check_optional_str(_OWNER, "reply_to", reply_to)
        self._reply_to_session_id = check_optional_str(
            _OWNER, "reply_to_session_id", reply_to_session_id
        )
        self._scheduled_enqueue_time_utc = check_optional_datetime(
            _OWNER, "scheduled_enqueue_time_utc", scheduled_enqueue_time_utc
        )
        self._sequence_number = check_optional_int(_OWNER, "sequence_number", sequence_number)
        self._session_id = check_optional_str(_OWNER, "session_id", session_id)
        self._state = check_optional_int_range(_OWNER, "state", state, 0, _MAX_STATE)
        self._time_to_live = check_optional_timedelta(_OWNER, "time_to_live", time_to_live)
        self._to = check_optional_str(_OWNER, "to", to)
        self._transaction_partition_key = check_optional_str(
            _OWNER, "transaction_partition_key", transaction_partition_key
        )

    def get_body(self) -> bytes:
        """The message body as bytes (a str body was UTF-8 encoded; no body gives ``b''``)."""
        return self._body

    @property
    def message_id(self) -> str:
        """The message id (a fresh 32-hex-digit id unless one was given)."""
        return self._message_id

    @property
    def content_type(self) -> Optional[str]:
        """The content type the sender set, such as ``application/json``, or None."""
        return self._content_type

    @property
    def correlation_id(self) -> Optional[str]:
        """The correlation id the sender set, or None."""
        return self._correlation_id

    @property
    def application_properties(self) -> dict[str, Any]:
        """The application (custom) properties; an empty dict when there are none."""
        return self._application_properties

    @property
    def user_properties(self) -> dict[str, Any]:
        """The user properties: another name for the application properties."""
        return self._user_properties

    @property
    def metadata(self) -> Optional[dict[str, Any]]:
        """The trigger metadata the host passed with the message; None when not given."""
        return self._metadata

    @property
    def delivery_count(self) -> Optional[int]:
        """How many times delivery of this message has been attempted, or None."""
        return self._delivery_count

    @property
    def enqueued_sequence_number(self) -> Optional[int]:
        """The sequence number given to the message when it was first enqueued, or None."""
        return self._enqueued_sequence_number

    @property
    def sequence_number(self) -> Optional[int]:
        """The unique, increasing number Service Bus gave the message, or None."""
        return self._sequence_number

    @property
    def enqueued_time_utc(self) -> Optional[datetime]:
        """When the message was accepted by Service Bus (UTC), or None."""
        return self._enqueued_time_utc

    @property
    def expires_at_utc(self) -> Optional[datetime]:
        """When the message expires (UTC), or None."""
        return self._expires_at_utc

    @property
    def expiration_time(self) -> Optional[datetime]:
        """Another name for :attr:`expires_at_utc`."""
        return self.expires_at_utc

    @property
    def locked_until(self) -> Optional[datetime]:
        """Until when the message is locked for this receiver (UTC), or None."""
        return self._locked_until

    @property
    def lock_token(self) -> Optional[str]:
        """The token of the receiver's lock on the message, or None."""
        return self._lock_token

    @property
    def scheduled_enqueue_time_utc(self) -> Optional[datetime]:
        """When a scheduled message becomes visible (UTC), or None."""
        return self._scheduled_enqueue_time_utc

    @property
    def scheduled_enqueue_time(self) -> Optional[datetime]:
        """Another name for :attr:`scheduled_enqueue_time_utc`."""
        return self.scheduled_enqueue_time_utc

    @property
    def time_to_live(self) -> Optional[timedelta]:
        """How long the message lives after it is enqueued, or None."""
        return self._time_to_live

    @property
    def label(self) -> Optional[str]:
        """The application-specific label; the older name for :attr:`subject`."""
        return self._label

    @property
    def subject(self) -> Optional[str]:
        """The application-specific subject (formerly the label), or None."""
        return self._subject

    @property
    def session_id(self) -> Optional[str]:
        """The session the message belongs to, or None."""
        return self._session_id

    @property
    def reply_to(self) -> Optional[str]:
        """Where the sender wants replies sent, or None."""
        return self._reply_to

    @property
    def reply_to_session_id(self) -> Optional[str]:
        """The session replies should go to, or None."""
        return self._reply_to_session_id

    @property
    def to(self) -> Optional[str]:
        """The address the message was sent to, or None (Service Bus does not use it)."""
        return self._to

    @property
    def partition_key(self) -> Optional[str]:
        """The key that chose the partition of a partitioned entity, or None."""
        return self._partition_key

    @property
    def transaction_partition_key(self) -> Optional[str]:
        """The partition key used when the message was sent in a transaction, or None."""
        return self._transaction_partition_key

    @property
    def dead_letter_source(self) -> Optional[str]:
        """The entity the message was dead-lettered from, or None."""
        return self._dead_letter_source

    @property
    def dead_letter_reason(self) -> Optional[str]:
        """Why the message was dead-lettered, or None."""
        return self._dead_letter_reason

    @property
    def dead_letter_error_description(self) -> Optional[str]:
        """The description given when the message was dead-lettered, or None."""
        return self._dead_letter_error_description

    @property
    def state(self) -> Optional[int]:
        """The message state: 0 active, 1 deferred, 2 scheduled; or None."""
        return self._state

    @property
    def force_persistence(self) -> Optional[bool]:
        """Always None: the Functions host does not pass this flag to Python."""
        return None

    def to_dict(self) -> dict[str, Any]:
        """Every field as a JSON-safe dict: the body as text (or base64 when it is not UTF-8),
        times as ISO 8601 text, ``time_to_live`` as its ``str()``; no ``metadata``.
        """
        return {
            "body": json_safe(self.get_body()),
            "application_properties": json_safe(self.application_properties),
            "content_type": json_safe(self.content_type),
            "correlation_id": json_safe(self.correlation_id),
            "dead_letter_error_description": json_safe(self.dead_letter_error_description),
            "dead_letter_reason": json_safe(self.dead_letter_reason),
            "dead_letter_source": json_safe(self.dead_letter_source),
            "delivery_count": json_safe(self.delivery_count),
            "enqueued_sequence_number": json_safe(self.enqueued_sequence_number),
            "enqueued_time_utc": json_safe(self.enqueued_time_utc),
            "expires_at_utc": json_safe(self.expires_at_utc),
            "label": json_safe(self.label),
            "locked_until": json_safe(self.locked_until),
            "lock_token": json_safe(self.lock_token),
            "message_id": json_safe(self.message_id),
            "partition_key": json_safe(self.partition_key),
            "reply_to": json_safe(self.reply_to),
            "reply_to_session_id": json_safe(self.reply_to_session_id),
            "scheduled_enqueue_time_utc": json_safe(self.scheduled_enqueue_time_utc),
            "sequence_number": json_safe(self.sequence_number),
            "session_id": json_safe(self.session_id),
            "state": json_safe(self.state),
            "subject": json_safe(self.subject),
            "time_to_live": json_safe(self.time_to_live),
            "to": json_safe(self.to),
            "transaction_partition_key": json_safe(self.transaction_partition_key),
            "user_properties": json_safe(self.user_properties),
        }

    def __repr__(self) -> str:
        return (
            f"<ServiceBusMessage message_id={self.message_id!r} body={len(self.get_body())} bytes>"
        )


__all__ = ["ServiceBusMessage"]

# The worker-level converters azure.functions keeps in this module (see meta.py). Function code
# never needs them, so they load on first access only.
if TYPE_CHECKING:
    from ._converters import ServiceBusMessageInConverter as ServiceBusMessageInConverter
    from ._converters import ServiceBusMessageOutConverter as ServiceBusMessageOutConverter
else:

    def __getattr__(name: str) -> object:
        from ._converters import module_getattr

        return module_getattr(__name__, name)
