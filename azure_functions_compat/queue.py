"""``QueueMessage``: a Storage queue message, as a queue trigger hands it to a function."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Optional, Union

from ._json import decode_json
from ._validation import check_optional_int, check_optional_str, fail_type, to_bytes


def _check_time(param: str, value: object) -> Optional[datetime]:
    if value is None or isinstance(value, datetime):
        return value
    raise fail_type("QueueMessage", param, "a datetime.datetime or None", value)


class QueueMessage:
    """A queue message: its body and the metadata the queue service keeps.

    Every argument is optional. ``body`` may be str (stored UTF-8 encoded), bytes, bytearray
    or None (empty). ``dequeue_count`` is an int of at least 0; the times are
    ``datetime.datetime`` objects. Raises ``TypeError``/``ValueError`` naming the parameter.
    """

    __slots__ = (
        "__weakref__",
        "_body",
        "_dequeue_count",
        "_expiration_time",
        "_id",
        "_insertion_time",
        "_pop_receipt",
        "_time_next_visible",
    )

    def __init__(
        self,
        *,
        id: Optional[str] = None,
        body: Union[str, bytes, bytearray, None] = None,
        pop_receipt: Optional[str] = None,
        dequeue_count: Optional[int] = None,
        expiration_time: Optional[datetime] = None,
        insertion_time: Optional[datetime] = None,
        time_next_visible: Optional[datetime] = None,
    ) -> None:
        self._id = check_optional_str("QueueMessage", "id", id)
        if body is not None and not isinstance(body, (str, bytes, bytearray)):
            raise fail_type("QueueMessage", "body", "str, bytes, bytearray or None", body)
        self._body = to_bytes("QueueMessage", "body", body)
        self._pop_receipt = check_optional_str("QueueMessage", "pop_receipt", pop_receipt)
        self._dequeue_count = check_optional_int("QueueMessage", "dequeue_count", dequeue_count)
        self._expiration_time = _check_time("expiration_time", expiration_time)
        self._insertion_time = _check_time("insertion_time", insertion_time)
        self._time_next_visible = _check_time("time_next_visible", time_next_visible)

    @property
    def id(self) -> Optional[str]:
        """The message id the queue service gave, or None."""
        return self._id

    @property
    def pop_receipt(self) -> Optional[str]:
        """The pop receipt needed to delete or update the message, or None."""
        return self._pop_receipt

    @property
    def dequeue_count(self) -> Optional[int]:
        """How many times the message has been taken from the queue, or None."""
        return self._dequeue_count

    @property
    def expiration_time(self) -> Optional[datetime]:
        """When the message expires, or None."""
        return self._expiration_time

    @property
    def insertion_time(self) -> Optional[datetime]:
        """When the message was put on the queue, or None."""
        return self._insertion_time

    @property
    def time_next_visible(self) -> Optional[datetime]:
        """When the message becomes visible again, or None."""
        return self._time_next_visible

    def get_body(self) -> bytes:
        """The body as bytes (``b''`` when there is none)."""
        return self._body

    def get_json(self) -> Any:
        """The body decoded as JSON; raises ``ValueError`` when it is empty or not JSON."""
        return decode_json("QueueMessage", self.get_body())

    def to_dict(self) -> dict[str, Any]:
        """Every field as a JSON-safe dict, as azure-functions 2.x gives it.

        The body is text when it is UTF-8, else ``{"__encoding": "base64", "value": ...}``;
        times are ISO 8601 text.
        """
        from ._bindingbase import json_safe

        return {
            "id": self.id,
            "body": json_safe(self.get_body()),
            "pop_receipt": self.pop_receipt,
            "dequeue_count": self.dequeue_count,
            "expiration_time": json_safe(self.expiration_time),
            "insertion_time": json_safe(self.insertion_time),
            "time_next_visible": json_safe(self.time_next_visible),
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text."""
        from ._bindingbase import dump_json

        return dump_json("QueueMessage", self.to_dict())

    def __repr__(self) -> str:
        return f"<QueueMessage id={self.id!r} body={len(self.get_body())} bytes>"


__all__ = ["QueueMessage"]

# The worker-level converters azure.functions keeps in this module (see meta.py). Function code
# never needs them, so they load on first access only.
if TYPE_CHECKING:
    from ._converters import QueueMessageInConverter as QueueMessageInConverter
    from ._converters import QueueMessageOutConverter as QueueMessageOutConverter
else:

    def __getattr__(name: str) -> object:
        from ._converters import module_getattr

        return module_getattr(__name__, name)
