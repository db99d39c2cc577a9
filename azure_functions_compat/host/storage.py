"""In-memory blob and queue storage that the host's bindings read from and write to.

A test (or the command line) puts blobs and queue messages in before a call and reads what the
function wrote afterwards. Names follow Azure Storage's rules, so a path a route parameter
built cannot reach anything the binding's path did not mean: ``.`` and ``..`` segments,
backslashes and control characters are refused.
"""

from __future__ import annotations

import threading
from typing import Optional, Union

from .._validation import fail_type, fail_value

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def _check_container_like(owner: str, param: str, name: str, kind: str) -> None:
    if name in ("$root", "$web", "$logs") and kind == "container":
        return
    if (
        not 3 <= len(name) <= 63
        or not _NAME_CHARS.issuperset(name)
        or name.startswith("-")
        or name.endswith("-")
        or "--" in name
    ):
        raise fail_value(
            owner,
            param,
            f"a {kind} name of 3 to 63 lower-case letters, digits and single hyphens",
            name,
        )


def check_blob_path(owner: str, path: object) -> tuple[str, str]:
    """Split ``container/name`` and validate both parts; ValueError/TypeError when bad."""
    if not isinstance(path, str):
        raise fail_type(owner, "blob path", "a str like 'container/name'", path)
    container, slash, name = path.partition("/")
    if not slash or not name:
        raise fail_value(owner, "blob path", "'container/name' with a non-empty name", path)
    _check_container_like(owner, "blob path", container, "container")
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
    """Validate a queue name (3 to 63 lower-case letters, digits and hyphens)."""
    if not isinstance(name, str):
        raise fail_type(owner, "queue name", "a str", name)
    _check_container_like(owner, "queue name", name, "queue")
    return name


def _to_bytes(owner: str, param: str, data: object) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise fail_type(owner, param, "bytes or str", data)


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
        return {"Length": len(self.data), "ETag": f'"0x{self.etag:X}"', "BlobType": "BlockBlob"}

    def __repr__(self) -> str:
        return f"StoredBlob({self.path!r}, {len(self.data)} bytes)"


class Storage:
    """Thread-safe in-memory blob containers and queues, shared by an app's invocations."""

    __slots__ = ("_blobs", "_etag", "_lock", "_queues")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._blobs: dict[str, StoredBlob] = {}
        self._queues: dict[str, list[bytes]] = {}
        self._etag = 0

    def put_blob(
        self,
        path: str,
        data: Union[bytes, str],
        *,
        metadata: Optional[dict[str, str]] = None,
    ) -> StoredBlob:
        """Store ``data`` (str is UTF-8 encoded) at ``container/name``, replacing any blob.

        Raises ValueError for a path outside Azure's naming rules, TypeError for other data.
        """
        check_blob_path("Storage.put_blob", path)
        content = _to_bytes("Storage.put_blob", "data", data)
        with self._lock:
            self._etag += 1
            blob = StoredBlob(path, content, dict(metadata or {}), self._etag)
            self._blobs[path] = blob
        return blob

    def get_blob(self, path: str) -> Optional[bytes]:
        """The content of the blob at ``path``, or None when there is none."""
        check_blob_path("Storage.get_blob", path)
        blob = self._blobs.get(path)
        return None if blob is None else blob.data

    def blob(self, path: str) -> Optional[StoredBlob]:
        """The stored blob at ``path`` with its metadata, or None."""
        check_blob_path("Storage.blob", path)
        return self._blobs.get(path)

    def delete_blob(self, path: str) -> bool:
        """Remove a blob; True when there was one."""
        check_blob_path("Storage.delete_blob", path)
        with self._lock:
            return self._blobs.pop(path, None) is not None

    def blobs(self, prefix: str = "") -> dict[str, bytes]:
        """A snapshot of every blob whose path starts with ``prefix``, path to content."""
        with self._lock:
            return {
                path: blob.data
                for path, blob in sorted(self._blobs.items())
                if path.startswith(prefix)
            }

    def put_message(self, queue: str, body: Union[bytes, str]) -> None:
        """Append a message (str is UTF-8 encoded) to ``queue``."""
        check_queue_name("Storage.put_message", queue)
        content = _to_bytes("Storage.put_message", "body", body)
        with self._lock:
            self._queues.setdefault(queue, []).append(content)

    def messages(self, queue: str) -> list[bytes]:
        """A snapshot of the message bodies waiting in ``queue``, oldest first."""
        check_queue_name("Storage.messages", queue)
        with self._lock:
            return list(self._queues.get(queue, ()))

    def pop_message(self, queue: str) -> Optional[bytes]:
        """Remove and return the oldest message body of ``queue``, or None when empty."""
        check_queue_name("Storage.pop_message", queue)
        with self._lock:
            waiting = self._queues.get(queue)
            return waiting.pop(0) if waiting else None

    def queues(self) -> dict[str, list[bytes]]:
        """A snapshot of every queue with messages, name to bodies."""
        with self._lock:
            return {name: list(items) for name, items in sorted(self._queues.items()) if items}

    def clear(self) -> None:
        """Remove every blob and message."""
        with self._lock:
            self._blobs.clear()
            self._queues.clear()

    def __repr__(self) -> str:
        return f"Storage({len(self._blobs)} blobs, {len(self._queues)} queues)"


__all__ = ["Storage", "StoredBlob", "check_blob_path", "check_queue_name"]
