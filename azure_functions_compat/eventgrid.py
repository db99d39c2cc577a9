"""Event Grid: events an ``eventGridTrigger`` delivers and events an ``eventGrid`` output sends.

Three shapes: :class:`EventGridEvent` (the Event Grid schema, as a trigger receives it),
:class:`EventGridOutputEvent` (the same schema without ``topic``, for sending) and
:class:`CloudEvent` (the CloudEvents 1.0 schema).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Optional

from ._bindingbase import (
    EventRecord,
    check_json_value,
    check_optional_datetime,
    json_safe,
    new_uuid,
)
from ._validation import check_optional_str, check_str, fail_value

# CloudEvents 1.0, "Attribute Naming Convention": lower-case ASCII letters and digits only.
_EXTENSION_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


class EventGridEvent(EventRecord):
    """An event in the Event Grid schema, as an ``eventGridTrigger`` hands it to a function.

    ``data`` (keyword-only) is required: the decoded JSON payload, a dict, list, str, int,
    float, bool or None; :meth:`get_json` returns it. ``id`` defaults to a fresh UUID;
    ``topic``, ``subject`` and ``event_type`` to ``""``; ``data_version`` to ``""``;
    ``event_time`` to None.

    Raises TypeError for an argument of the wrong type (a str ``event_time``, bytes ``data``).
    """

    __slots__ = (
        "_data",
        "_data_version",
        "_event_time",
        "_event_type",
        "_id",
        "_subject",
        "_topic",
    )

    _DEFAULTS: ClassVar[Mapping[str, object]] = {
        "_data": None,
        "_data_version": "",
        "_event_time": None,
        "_event_type": "",
        "_id": "",
        "_subject": "",
        "_topic": "",
    }

    def __init__(
        self,
        *,
        data: Any,
        id: Optional[str] = None,
        topic: str = "",
        subject: str = "",
        event_type: str = "",
        event_time: Optional[datetime] = None,
        data_version: str = "",
    ) -> None:
        owner = "EventGridEvent"
        self._data = check_json_value(owner, "data", data)
        checked_id = check_optional_str(owner, "id", id)
        self._id = new_uuid() if checked_id is None else checked_id
        self._topic = check_str(owner, "topic", topic)
        self._subject = check_str(owner, "subject", subject)
        self._event_type = check_str(owner, "event_type", event_type)
        self._event_time = check_optional_datetime(owner, "event_time", event_time)
        self._data_version = check_str(owner, "data_version", data_version)

    def get_json(self) -> Any:
        """The event's payload (``data``), already decoded: the very object given."""
        return self._data

    @property
    def id(self) -> str:
        """The event id (a fresh UUID unless one was given)."""
        return self._id

    @property
    def topic(self) -> str:
        """The full resource path of the event source, or ``""``."""
        return self._topic

    @property
    def subject(self) -> str:
        """The publisher-defined path of the event's subject, or ``""``."""
        return self._subject

    @property
    def event_type(self) -> str:
        """The registered event type, e.g. ``Microsoft.Storage.BlobCreated``, or ``""``."""
        return self._event_type

    @property
    def event_time(self) -> Optional[datetime]:
        """When the publisher created the event, or None."""
        return self._event_time

    @property
    def data_version(self) -> str:
        """The schema version of ``data``, or ``""``."""
        return self._data_version

    def to_dict(self) -> dict[str, Any]:
        """Every field as a JSON-safe dict, ``event_time`` as ISO 8601 text, ``data`` last."""
        return {
            "id": self.id,
            "topic": self.topic,
            "subject": self.subject,
            "event_type": self.event_type,
            "event_time": json_safe(self.event_time),
            "data_version": self.data_version,
            "data": json_safe(self.get_json()),
        }

    def __repr__(self) -> str:
        return f"<EventGridEvent id={self.id!r} topic={self.topic!r} subject={self.subject!r}>"


class EventGridOutputEvent(EventRecord):
    """An event in the Event Grid schema for an ``eventGrid`` output binding to send.

    The same as :class:`EventGridEvent` without ``topic`` (the output binding's topic
    endpoint decides it). ``data`` (keyword-only) is required; ``id`` defaults to a fresh
    UUID, ``subject``, ``event_type`` and ``data_version`` to ``""``, ``event_time`` to None.

    Raises TypeError for an argument of the wrong type.
    """

    __slots__ = ("_data", "_data_version", "_event_time", "_event_type", "_id", "_subject")

    _DEFAULTS: ClassVar[Mapping[str, object]] = {
        "_data": None,
        "_data_version": "",
        "_event_time": None,
        "_event_type": "",
        "_id": "",
        "_subject": "",
    }

    def __init__(
        self,
        *,
        data: Any,
        id: Optional[str] = None,
        subject: str = "",
        event_type: str = "",
        event_time: Optional[datetime] = None,
        data_version: str = "",
    ) -> None:
        owner = "EventGridOutputEvent"
        self._data = check_json_value(owner, "data", data)
        checked_id = check_optional_str(owner, "id", id)
        self._id = new_uuid() if checked_id is None else checked_id
        self._subject = check_str(owner, "subject", subject)
        self._event_type = check_str(owner, "event_type", event_type)
        self._event_time = check_optional_datetime(owner, "event_time", event_time)
        self._data_version = check_str(owner, "data_version", data_version)

    def get_json(self) -> Any:
        """The event's payload (``data``): the very object given."""
        return self._data

    @property
    def id(self) -> str:
        """The event id (a fresh UUID unless one was given)."""
        return self._id

    @property
    def subject(self) -> str:
        """The publisher-defined path of the event's subject, or ``""``."""
        return self._subject

    @property
    def event_type(self) -> str:
        """The event type, e.g. ``Contoso.Items.ItemReceived``, or ``""``."""
        return self._event_type

    @property
    def event_time(self) -> Optional[datetime]:
        """When the event was created, or None."""
        return self._event_time

    @property
    def data_version(self) -> str:
        """The schema version of ``data``, or ``""``."""
        return self._data_version

    def to_dict(self) -> dict[str, Any]:
        """Every field as a JSON-safe dict, ``event_time`` as ISO 8601 text, ``data`` last."""
        return {
            "id": self.id,
            "subject": self.subject,
            "event_type": self.event_type,
            "event_time": json_safe(self.event_time),
            "data_version": self.data_version,
            "data": json_safe(self.get_json()),
        }

    def __repr__(self) -> str:
        return (
            f"<EventGridOutputEvent id={self.id!r} event_type={self.event_type!r} "
            f"subject={self.subject!r}>"
        )


class CloudEvent(EventRecord):
    """An event in the CloudEvents 1.0 schema, as Event Grid delivers or sends it.

    ``data`` (keyword-only) is required: the decoded JSON payload (dict, list, str, int,
    float, bool or None) or bytes for binary data. ``id`` defaults to a fresh UUID,
    ``source`` and ``type`` to ``""``, ``specversion`` to ``"1.0"``, the optional attributes
    to None. Any other keyword argument is an extension attribute (``extension_attrs``); its
    name must be lower-case ASCII letters and digits, as CloudEvents requires.

    Raises TypeError for an argument of the wrong type and ValueError for an extension
    attribute with a name CloudEvents does not allow (``traceParent``, ``my_ext``).
    """

    __slots__ = (
        "_data",
        "_datacontenttype",
        "_dataschema",
        "_extensions",
        "_id",
        "_source",
        "_specversion",
        "_subject",
        "_time",
        "_type",
    )

    _DEFAULTS: ClassVar[Mapping[str, object]] = {
        **{name: None for name in __slots__},
        "_extensions": {},
        "_id": "",
        "_source": "",
        "_specversion": "1.0",
        "_type": "",
    }

    def __init__(
        self,
        *,
        data: Any,
        id: Optional[str] = None,
        source: str = "",
        type: str = "",
        specversion: str = "1.0",
        time: Optional[datetime] = None,
        subject: Optional[str] = None,
        datacontenttype: Optional[str] = None,
        dataschema: Optional[str] = None,
        **extensions: Any,
    ) -> None:
        owner = "CloudEvent"
        if isinstance(data, (bytes, bytearray, memoryview)):
            self._data: Any = bytes(data)
        else:
            self._data = check_json_value(owner, "data", data)
        checked_id = check_optional_str(owner, "id", id)
        self._id = new_uuid() if checked_id is None else checked_id
        self._source = check_str(owner, "source", source)
        self._type = check_str(owner, "type", type)
        self._specversion = check_str(owner, "specversion", specversion)
        self._time = check_optional_datetime(owner, "time", time)
        self._subject = check_optional_str(owner, "subject", subject)
        self._datacontenttype = check_optional_str(owner, "datacontenttype", datacontenttype)
        self._dataschema = check_optional_str(owner, "dataschema", dataschema)
        for name in extensions:
            if not name or not _EXTENSION_NAME_CHARS.issuperset(name):
                raise fail_value(
                    owner,
                    "an extension attribute name",
                    "lower-case ASCII letters and digits",
                    name,
                )
        self._extensions: dict[str, Any] = extensions

    def get_json(self) -> Any:
        """The event's payload (``data``): the very object given (bytes for binary data)."""
        return self._data

    @property
    def id(self) -> str:
        """The event id (a fresh UUID unless one was given)."""
        return self._id

    @property
    def source(self) -> str:
        """The context the event happened in, a URI reference, or ``""``."""
        return self._source

    @property
    def type(self) -> str:
        """The event type, e.g. ``com.example.object.deleted.v2``, or ``""``."""
        return self._type

    @property
    def specversion(self) -> str:
        """The CloudEvents version the event follows (``"1.0"`` by default)."""
        return self._specversion

    @property
    def time(self) -> Optional[datetime]:
        """When the event happened, or None."""
        return self._time

    @property
    def subject(self) -> Optional[str]:
        """The subject of the event within its source, or None."""
        return self._subject

    @property
    def datacontenttype(self) -> Optional[str]:
        """The content type of ``data``, e.g. ``application/json``, or None."""
        return self._datacontenttype

    @property
    def dataschema(self) -> Optional[str]:
        """The URI of the schema ``data`` follows, or None."""
        return self._dataschema

    @property
    def extension_attrs(self) -> dict[str, Any]:
        """The extension attributes, from the extra keyword arguments; empty by default."""
        return self._extensions

    def to_dict(self) -> dict[str, Any]:
        """Every attribute as a JSON-safe dict: ``time`` as ISO 8601 text, binary ``data`` as
        text when it is UTF-8 (else base64), the extensions under ``extension_attrs``.
        """
        return {
            "id": self.id,
            "source": self.source,
            "type": self.type,
            "specversion": self.specversion,
            "subject": self.subject,
            "time": json_safe(self.time),
            "datacontenttype": self.datacontenttype,
            "dataschema": self.dataschema,
            "data": json_safe(self.get_json()),
            "extension_attrs": json_safe(self.extension_attrs),
        }

    def __repr__(self) -> str:
        return f"<CloudEvent id={self.id!r} source={self.source!r} type={self.type!r}>"


__all__ = ["CloudEvent", "EventGridEvent", "EventGridOutputEvent"]

# The worker-level converters azure.functions keeps in this module (see meta.py). Function code
# never needs them, so they load on first access only; so does ``azf_eventgrid``, the real
# package's alias of its private module ``_eventgrid``.
if TYPE_CHECKING:
    from . import _eventgrid as azf_eventgrid  # noqa: F401 (the real package's name)
    from ._converters import EventGridEventInConverter as EventGridEventInConverter
    from ._converters import EventGridEventOutConverter as EventGridEventOutConverter
else:

    def __getattr__(name: str) -> object:
        if name == "azf_eventgrid":
            from . import _eventgrid

            return _eventgrid
        from ._converters import module_getattr

        return module_getattr(__name__, name)
