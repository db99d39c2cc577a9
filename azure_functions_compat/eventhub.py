"""Event Hubs: the event an ``eventHubTrigger`` delivers (one, or a list with ``many``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Optional, Union

from ._bindingbase import EventRecord, check_optional_datetime, json_safe
from ._validation import (
    build_str_dict,
    check_optional_dict,
    check_optional_int,
    check_optional_str,
    to_bytes,
)

_OWNER = "EventHubEvent"


class EventHubEvent(EventRecord):
    """An Event Hubs event: its body and the system properties Event Hubs gave it.

    ``body`` is required (keyword-only): str (UTF-8 encoded), bytes, bytearray, or None for
    an empty body. Every other argument is optional: ``trigger_metadata`` (``metadata``)
    defaults to None, ``iothub_metadata`` (the ``iothub-*`` system properties of an event that came
    through IoT Hub, without the prefix) to None, and the rest to None.

    Raises TypeError for an argument of the wrong type (an int ``offset``: offsets are str)
    and ValueError for a negative ``sequence_number``.
    """

    __slots__ = (
        "_body",
        "_enqueued_time",
        "_iothub_metadata",
        "_metadata",
        "_offset",
        "_partition_key",
        "_sequence_number",
    )

    _DEFAULTS: ClassVar[Mapping[str, object]] = {
        **{name: None for name in __slots__},
        "_body": b"",
    }

    def __init__(
        self,
        *,
        body: Union[str, bytes, bytearray, None],
        trigger_metadata: Optional[Mapping[str, Any]] = None,
        enqueued_time: Optional[datetime] = None,
        partition_key: Optional[str] = None,
        sequence_number: Optional[int] = None,
        offset: Optional[str] = None,
        iothub_metadata: Optional[Mapping[str, str]] = None,
    ) -> None:
        self._body = to_bytes(_OWNER, "body", body)
        self._metadata: Optional[dict[str, Any]] = (
            None
            if trigger_metadata is None
            else check_optional_dict(_OWNER, "trigger_metadata", trigger_metadata)
        )
        self._enqueued_time = check_optional_datetime(_OWNER, "enqueued_time", enqueued_time)
        self._partition_key = check_optional_str(_OWNER, "partition_key", partition_key)
        self._sequence_number = check_optional_int(_OWNER, "sequence_number", sequence_number)
        self._offset = check_optional_str(_OWNER, "offset", offset)
        self._iothub_metadata: Optional[dict[str, str]] = (
            None
            if iothub_metadata is None
            else build_str_dict(_OWNER, "iothub_metadata", iothub_metadata)
        )

    def get_body(self) -> bytes:
        """The event body as bytes (a str body was UTF-8 encoded; None gives ``b''``)."""
        return self._body

    @property
    def enqueued_time(self) -> Optional[datetime]:
        """When Event Hubs accepted the event (UTC), or None."""
        return self._enqueued_time

    @property
    def partition_key(self) -> Optional[str]:
        """The key the sender used to choose the partition, or None."""
        return self._partition_key

    @property
    def sequence_number(self) -> Optional[int]:
        """The event's number within its partition, or None."""
        return self._sequence_number

    @property
    def offset(self) -> Optional[str]:
        """The event's position within its partition, as Event Hubs writes it (a str)."""
        return self._offset

    @property
    def iothub_metadata(self) -> Optional[dict[str, str]]:
        """The IoT Hub properties (``connection-device-id`` ...), or None for a plain event."""
        return self._iothub_metadata

    @property
    def metadata(self) -> Optional[dict[str, Any]]:
        """The trigger metadata the host passed with the event; None when not given."""
        return self._metadata

    def to_dict(self) -> dict[str, Any]:
        """Every field as a JSON-safe dict: the body as text (or base64 when it is not UTF-8),
        ``enqueued_time`` as ISO 8601 text, ``iothub_metadata`` None when empty; no
        ``metadata``.
        """
        return {
            "body": json_safe(self.get_body()),
            "partition_key": self.partition_key,
            "sequence_number": self.sequence_number,
            "offset": self.offset,
            "enqueued_time": json_safe(self.enqueued_time),
            "iothub_metadata": dict(self.iothub_metadata) if self.iothub_metadata else None,
        }

    def __repr__(self) -> str:
        return (
            f"<EventHubEvent partition_key={self.partition_key!r} "
            f"sequence_number={self.sequence_number!r} enqueued_time={self.enqueued_time!r}>"
        )


__all__ = ["EventHubEvent"]

# The worker-level converters azure.functions keeps in this module (see meta.py). Function code
# never needs them, so they load on first access only.
if TYPE_CHECKING:
    from ._converters import EventHubConverter as EventHubConverter
    from ._converters import EventHubTriggerConverter as EventHubTriggerConverter
else:

    def __getattr__(name: str) -> object:
        from ._converters import module_getattr

        return module_getattr(__name__, name)
