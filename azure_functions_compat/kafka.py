"""Kafka: the event a ``kafkaTrigger`` delivers (one, or a list with ``many``)."""

from __future__ import annotations

import abc
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Optional, Union

from ._bindingbase import EventRecord, check_optional_list, json_safe
from ._validation import check_optional_dict, check_optional_int, check_optional_str, to_bytes

_OWNER = "KafkaEvent"


class AbstractKafkaEvent(abc.ABC):
    """The interface of a Kafka event, as ``azure.functions.kafka`` declares it.

    For type checks and for test doubles that implement it themselves; ``KafkaEvent`` is the
    concrete class to build (it is registered as a virtual subclass of this one).
    """

    @abc.abstractmethod
    def get_body(self) -> bytes:
        """The record's value."""

    @property
    @abc.abstractmethod
    def key(self) -> Optional[str]:
        """The record's key."""

    @property
    @abc.abstractmethod
    def offset(self) -> Optional[int]:
        """The record's offset in its partition."""

    @property
    @abc.abstractmethod
    def partition(self) -> Optional[int]:
        """The partition the record was read from."""

    @property
    @abc.abstractmethod
    def topic(self) -> Optional[str]:
        """The topic the record was read from."""

    @property
    @abc.abstractmethod
    def timestamp(self) -> Optional[str]:
        """When the record was written, as the host gives it."""


class KafkaEvent(EventRecord):
    """A Kafka record: its value (the body), key, position and headers.

    ``body`` is required (keyword-only): str (UTF-8 encoded), bytes, bytearray, or None for
    an empty body. Every other argument is optional: ``trigger_metadata`` (``metadata``)
    defaults to None, ``key``, ``topic`` and ``timestamp`` (a str, as the host gives it) to None,
    ``offset`` and ``partition`` (ints of at least 0) to None, ``headers`` (a list, as the
    host gives it: ``[{"Key": ..., "Value": ...}]``) to None.

    Raises TypeError for an argument of the wrong type and ValueError for a negative
    ``offset`` or ``partition``.
    """

    __slots__ = (
        "_body",
        "_headers",
        "_key",
        "_metadata",
        "_offset",
        "_partition",
        "_timestamp",
        "_topic",
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
        key: Optional[str] = None,
        offset: Optional[int] = None,
        partition: Optional[int] = None,
        topic: Optional[str] = None,
        timestamp: Optional[str] = None,
        headers: Optional[list[Any]] = None,
    ) -> None:
        self._body = to_bytes(_OWNER, "body", body)
        self._metadata: Optional[dict[str, Any]] = (
            None
            if trigger_metadata is None
            else check_optional_dict(_OWNER, "trigger_metadata", trigger_metadata)
        )
        self._key = check_optional_str(_OWNER, "key", key)
        self._offset = check_optional_int(_OWNER, "offset", offset)
        self._partition = check_optional_int(_OWNER, "partition", partition)
        self._topic = check_optional_str(_OWNER, "topic", topic)
        self._timestamp = check_optional_str(_OWNER, "timestamp", timestamp)
        self._headers = check_optional_list(_OWNER, "headers", headers)

    def get_body(self) -> bytes:
        """The record's value as bytes (a str body was UTF-8 encoded; None gives ``b''``)."""
        return self._body

    @property
    def key(self) -> Optional[str]:
        """The record key, or None."""
        return self._key

    @property
    def offset(self) -> Optional[int]:
        """The record's offset within its partition, or None."""
        return self._offset

    @property
    def partition(self) -> Optional[int]:
        """The partition the record was read from, or None."""
        return self._partition

    @property
    def topic(self) -> Optional[str]:
        """The topic the record was read from, or None."""
        return self._topic

    @property
    def timestamp(self) -> Optional[str]:
        """The record's timestamp, as the host writes it (a str), or None."""
        return self._timestamp

    @property
    def headers(self) -> Optional[list[Any]]:
        """The record headers, as the host gives them, or None."""
        return self._headers

    @property
    def metadata(self) -> Optional[dict[str, Any]]:
        """The trigger metadata the host passed with the record; None when not given."""
        return self._metadata

    def to_dict(self) -> dict[str, Any]:
        """Every field as a JSON-safe dict: the body as text (or base64 when it is not UTF-8);
        no ``metadata``.
        """
        return {
            "body": json_safe(self.get_body()),
            "key": self.key,
            "offset": self.offset,
            "partition": self.partition,
            "topic": self.topic,
            "timestamp": self.timestamp,
            "headers": json_safe(self.headers),
        }

    def __repr__(self) -> str:
        return (
            f"<KafkaEvent key={self.key!r} partition={self.partition!r} "
            f"offset={self.offset!r} topic={self.topic!r} timestamp={self.timestamp!r}>"
        )


AbstractKafkaEvent.register(KafkaEvent)

__all__ = ["AbstractKafkaEvent", "KafkaEvent"]

# The worker-level converters azure.functions keeps in this module (see meta.py). Function code
# never needs them, so they load on first access only.
if TYPE_CHECKING:
    from ._converters import KafkaConverter as KafkaConverter
    from ._converters import KafkaTriggerConverter as KafkaTriggerConverter
else:

    def __getattr__(name: str) -> object:
        from ._converters import module_getattr

        return module_getattr(__name__, name)
