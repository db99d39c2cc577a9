"""What every storage backend shares: Azure's naming rules, stored blobs, queued messages.

The names and records here are the contract between the host (bindings, triggers, ``serve``,
durable) and a backend: :class:`~.memory.Storage` in memory, :class:`~.folder.FolderStorage`
on disk, and the Azure Storage backend.
"""

from __future__ import annotations

import datetime
import math

from ..._validation import fail_type, fail_value

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")

_NAME_RULE = "3 to 63 lower-case letters, digits and single hyphens, starting and ending "
_NAME_RULE += "with a letter or digit"

#: How long a message lives in a queue unless deleted (Azure's default time to live).
MESSAGE_TIME_TO_LIVE = datetime.timedelta(days=7)

#: The longest visibility timeout Azure accepts, in seconds (seven days).
MAX_VISIBILITY_TIMEOUT = 7 * 24 * 3600.0

UTC = datetime.timezone.utc


class StorageError(ValueError):
    """A storage backend cannot do what was asked: unreachable, refused, or not installed.

    The message is one line naming the setting and the endpoint, e.g. ``Azure storage
    (AzureWebJobsStorage at http://127.0.0.1:10000/devstoreaccount1): cannot reach ...``.
    """


def _is_container_like(name: str) -> bool:
    return (
        3 <= len(name) <= 63
        and _NAME_CHARS.issuperset(name)
        and not name.startswith("-")
        and not name.endswith("-")
        and "--" not in name
    )


def check_blob_path(owner: str, path: object) -> tuple[str, str]:
    """Split ``container/name`` and validate both parts by Azure's naming rules.

    Raises TypeError for a path that is not a str, ValueError for a bad container name, an
    empty name, ``.``/``..``/empty segments, backslashes or control characters.
    """
    if not isinstance(path, str):
        raise fail_type(owner, "blob path", "a str like 'container/name'", path)
    container, slash, name = path.partition("/")
    if not slash or not name:
        raise fail_value(owner, "blob path", "'container/name' with a non-empty name", path)
    if container not in ("$root", "$web", "$logs") and not _is_container_like(container):
        raise fail_value(
            owner, "blob path", f"'container/name' with a container name of {_NAME_RULE}", path
        )
    if len(name) > 1024:
        raise fail_value(owner, "blob path", "a blob name of at most 1024 characters", path)
    segments = name.split("/")
    if any(segment in ("", ".", "..") for segment in segments) or "\\" in name:
        raise fail_value(
            owner, "blob path", "a blob name without empty, '.' or '..' segments or '\\'", path
        )
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise fail_value(owner, "blob path", "a blob name without control characters", path)
    return container, name


def check_queue_name(owner: str, name: object) -> str:
    """Validate a queue name (3 to 63 lower-case letters, digits and single hyphens).

    Raises TypeError for a name that is not a str, ValueError for one Azure would refuse.
    """
    if not isinstance(name, str):
        raise fail_type(owner, "queue name", "a str", name)
    if not _is_container_like(name):
        raise fail_value(owner, "queue name", _NAME_RULE, name)
    return name


def to_content(owner: str, param: str, data: object) -> bytes:
    """bytes of a blob or message: str is UTF-8 encoded, bytes-like copied, else TypeError."""
    if isinstance(data, str):
        try:
            return data.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"{owner}: {param} must be text UTF-8 can encode, got a str with "
                f"{exc.reason} at position {exc.start}"
            ) from None
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise fail_type(owner, param, "bytes or str", data)


def check_metadata(owner: str, metadata: object) -> dict[str, str]:
    """A copy of blob metadata: a dict of str names to str values (None gives {})."""
    accepted = "a dict of str names to str values, or None"
    if metadata is None:
        return {}
    if not isinstance(metadata, dict):
        raise fail_type(owner, "metadata", accepted, metadata)
    for key, value in metadata.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise fail_type(owner, f"metadata[{key!r:.40}]", accepted, value)
    return dict(metadata)


def check_receive(owner: str, max_messages: object, visibility_timeout: object) -> float:
    """Validate receive arguments; the visibility timeout in seconds as a float."""
    if isinstance(max_messages, bool) or not isinstance(max_messages, int):
        raise fail_type(owner, "max_messages", "an int of at least 1", max_messages)
    if max_messages < 1:
        raise fail_value(owner, "max_messages", "an int of at least 1", max_messages)
    return check_visibility_timeout(owner, visibility_timeout)


def check_visibility_timeout(owner: str, timeout: object) -> float:
    """Validate a visibility timeout: seconds from 0 to seven days."""
    accepted = "a number of seconds from 0 to 604800 (seven days)"
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise fail_type(owner, "visibility_timeout", accepted, timeout)
    seconds = float(timeout)
    if not (math.isfinite(seconds) and 0.0 <= seconds <= MAX_VISIBILITY_TIMEOUT):
        raise fail_value(owner, "visibility_timeout", accepted, timeout)
    return seconds


def check_receipt(owner: str, message_id: object, pop_receipt: object) -> tuple[str, str]:
    """Validate the str arguments that name a claimed message."""
    if not isinstance(message_id, str):
        raise fail_type(owner, "message_id", "a str", message_id)
    if not isinstance(pop_receipt, str):
        raise fail_type(owner, "pop_receipt", "a str", pop_receipt)
    return message_id, pop_receipt


def utc_from_ns(nanoseconds: int) -> datetime.datetime:
    """A UTC datetime from nanoseconds since the epoch."""
    return datetime.datetime.fromtimestamp(nanoseconds / 1e9, UTC)


def etag_text(number: int) -> str:
    """A blob's ETag as a header gives it, e.g. ``"0x1A"`` (quotes included)."""
    return f'"0x{number:X}"'


class StoredBlob:
    """A blob in the store: its ``path``, ``data``, ``metadata`` and a counter ``etag``."""

    __slots__ = ("data", "etag", "metadata", "path")

    def __init__(self, path: str, data: bytes, metadata: dict[str, str], etag: int) -> None:
        self.path = path
        self.data = data
        self.metadata = metadata
        self.etag = etag

    @property
    def uri(self) -> str:
        """The blob's URL as the local storage emulator would give it."""
        return f"http://127.0.0.1:10000/devstoreaccount1/{self.path}"

    @property
    def properties(self) -> dict[str, object]:
        """The blob properties the host hands to a blob trigger (``Length``, ``ETag`` ...)."""
        return {"Length": len(self.data), "ETag": etag_text(self.etag), "BlobType": "BlockBlob"}

    def __repr__(self) -> str:
        return f"StoredBlob({self.path!r}, {len(self.data)} bytes)"


class QueuedMessage:
    """A queue message as a backend holds it: a read-only record of one moment.

    ``id`` names the message for its whole life; ``pop_receipt`` is the claim that
    :meth:`~.memory.Storage.receive_messages` handed out (empty for a message nobody has
    received), and only the current one deletes or releases it. ``dequeue_count`` counts the
    receives. Times are timezone-aware UTC datetimes.
    """

    __slots__ = (
        "_body",
        "_dequeue_count",
        "_expiration_time",
        "_id",
        "_insertion_time",
        "_next_visible_time",
        "_pop_receipt",
    )

    def __init__(
        self,
        *,
        id: str,
        body: bytes,
        dequeue_count: int,
        insertion_time: datetime.datetime,
        expiration_time: datetime.datetime,
        next_visible_time: datetime.datetime,
        pop_receipt: str,
    ) -> None:
        self._id = id
        self._body = body
        self._dequeue_count = dequeue_count
        self._insertion_time = insertion_time
        self._expiration_time = expiration_time
        self._next_visible_time = next_visible_time
        self._pop_receipt = pop_receipt

    @property
    def id(self) -> str:
        """The message's id, the same across receives."""
        return self._id

    @property
    def body(self) -> bytes:
        """The message's content."""
        return self._body

    @property
    def dequeue_count(self) -> int:
        """How many times the message has been received (0 before the first receive)."""
        return self._dequeue_count

    @property
    def insertion_time(self) -> datetime.datetime:
        """When the message was put in the queue (UTC)."""
        return self._insertion_time

    @property
    def expiration_time(self) -> datetime.datetime:
        """When the message expires (UTC), seven days after it was put."""
        return self._expiration_time

    @property
    def next_visible_time(self) -> datetime.datetime:
        """When the message becomes visible to receivers again (UTC)."""
        return self._next_visible_time

    @property
    def pop_receipt(self) -> str:
        """The claim of the last receive: needed to delete or release the message."""
        return self._pop_receipt

    def __repr__(self) -> str:
        return (
            f"QueuedMessage(id={self._id!r}, {len(self._body)} bytes, "
            f"dequeue_count={self._dequeue_count})"
        )


__all__ = [
    "MAX_VISIBILITY_TIMEOUT",
    "MESSAGE_TIME_TO_LIVE",
    "QueuedMessage",
    "StorageError",
    "StoredBlob",
    "check_blob_path",
    "check_metadata",
    "check_queue_name",
    "check_receipt",
    "check_receive",
    "check_visibility_timeout",
    "etag_text",
    "to_content",
    "utc_from_ns",
]
