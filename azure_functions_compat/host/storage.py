"""In-memory blob and queue storage that the host's bindings read from and write to.

A test (or the command line) puts blobs and queue messages in before a call and reads what the
function wrote afterwards. Names follow Azure Storage's rules, so a path a route parameter
built cannot reach anything the binding's path did not mean: ``.`` and ``..`` segments,
backslashes and control characters are refused.
"""

from __future__ import annotations

import os
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


class FolderStorage(Storage):
    """Blobs and queues kept as files under a folder, so they last between runs.

    A blob ``container/a/b.txt`` is the file ``ROOT/blobs/container/a/b.txt``; each queue
    message is a file in ``ROOT/queues/<queue>/``, named so they sort oldest first. Every path
    is checked twice: by Azure's naming rules, and after resolving symbolic links it must
    still lie inside ``ROOT``; anything else is a ValueError. Blob metadata is not kept.
    """

    __slots__ = ("_root",)

    def __init__(self, root: Union[str, os.PathLike[str]]) -> None:
        super().__init__()
        if not isinstance(root, (str, os.PathLike)):
            raise fail_type("FolderStorage", "root", "a str or os.PathLike folder", root)
        self._root = os.path.realpath(os.fspath(root))
        if os.path.exists(self._root) and not os.path.isdir(self._root):
            raise fail_value("FolderStorage", "root", "a folder, not a file", os.fspath(root))

    @property
    def root(self) -> str:
        """The folder the blobs and queues are kept in."""
        return self._root

    def _inside(self, owner: str, *parts: str) -> str:
        path = os.path.realpath(os.path.join(self._root, *parts))
        if not path.startswith(self._root + os.sep):
            raise fail_value(owner, "path", f"a path inside {self._root}", "/".join(parts))
        return path

    def _blob_file(self, owner: str, path: str) -> str:
        check_blob_path(owner, path)
        return self._inside(owner, "blobs", *path.split("/"))

    def _queue_folder(self, owner: str, queue: str) -> str:
        check_queue_name(owner, queue)
        return self._inside(owner, "queues", queue)

    def put_blob(
        self,
        path: str,
        data: Union[bytes, str],
        *,
        metadata: Optional[dict[str, str]] = None,
    ) -> StoredBlob:
        """Write ``data`` (str is UTF-8 encoded) to the blob's file, replacing it."""
        target = self._blob_file("FolderStorage.put_blob", path)
        content = _to_bytes("FolderStorage.put_blob", "data", data)
        with self._lock:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(content)
            self._etag += 1
            return StoredBlob(path, content, dict(metadata or {}), self._etag)

    def blob(self, path: str) -> Optional[StoredBlob]:
        """The blob at ``path``, read from its file, or None."""
        target = self._blob_file("FolderStorage.blob", path)
        try:
            with open(target, "rb") as handle:
                content = handle.read()
                changed = os.fstat(handle.fileno()).st_mtime_ns
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
        return StoredBlob(path, content, {}, changed)

    def get_blob(self, path: str) -> Optional[bytes]:
        """The content of the blob at ``path``, or None."""
        found = self.blob(path)
        return None if found is None else found.data

    def delete_blob(self, path: str) -> bool:
        """Remove a blob's file; True when there was one."""
        target = self._blob_file("FolderStorage.delete_blob", path)
        with self._lock:
            try:
                os.remove(target)
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                return False
        return True

    def blobs(self, prefix: str = "") -> dict[str, bytes]:
        """Every blob whose path starts with ``prefix``, path to content."""
        base = os.path.join(self._root, "blobs")
        found: dict[str, bytes] = {}
        for folder, _, files in os.walk(base):
            for name in files:
                relative = os.path.relpath(os.path.join(folder, name), base)
                path = relative.replace(os.sep, "/")
                if path.startswith(prefix):
                    with open(os.path.join(folder, name), "rb") as handle:
                        found[path] = handle.read()
        return dict(sorted(found.items()))

    def _message_files(self, folder: str) -> list[str]:
        try:
            return sorted(name for name in os.listdir(folder) if name.endswith(".msg"))
        except FileNotFoundError:
            return []

    def put_message(self, queue: str, body: Union[bytes, str]) -> None:
        """Append a message to ``queue`` as a new file."""
        folder = self._queue_folder("FolderStorage.put_message", queue)
        content = _to_bytes("FolderStorage.put_message", "body", body)
        with self._lock:
            os.makedirs(folder, exist_ok=True)
            existing = self._message_files(folder)
            number = int(existing[-1][:-4]) + 1 if existing else 1
            with open(os.path.join(folder, f"{number:012d}.msg"), "wb") as handle:
                handle.write(content)

    def messages(self, queue: str) -> list[bytes]:
        """The message bodies waiting in ``queue``, oldest first."""
        folder = self._queue_folder("FolderStorage.messages", queue)
        bodies = []
        for name in self._message_files(folder):
            with open(os.path.join(folder, name), "rb") as handle:
                bodies.append(handle.read())
        return bodies

    def pop_message(self, queue: str) -> Optional[bytes]:
        """Remove and return the oldest message of ``queue``, or None."""
        folder = self._queue_folder("FolderStorage.pop_message", queue)
        with self._lock:
            names = self._message_files(folder)
            if not names:
                return None
            target = os.path.join(folder, names[0])
            with open(target, "rb") as handle:
                body = handle.read()
            os.remove(target)
            return body

    def queues(self) -> dict[str, list[bytes]]:
        """Every queue with messages, name to bodies."""
        base = os.path.join(self._root, "queues")
        try:
            names = sorted(os.listdir(base))
        except FileNotFoundError:
            return {}
        found = {
            name: self.messages(name) for name in names if os.path.isdir(os.path.join(base, name))
        }
        return {name: bodies for name, bodies in found.items() if bodies}

    def clear(self) -> None:
        """Remove every blob and message (the ``blobs`` and ``queues`` folders)."""
        import shutil

        with self._lock:
            for part in ("blobs", "queues"):
                shutil.rmtree(os.path.join(self._root, part), ignore_errors=True)

    def __repr__(self) -> str:
        return f"FolderStorage({self._root!r})"


__all__ = ["FolderStorage", "Storage", "StoredBlob", "check_blob_path", "check_queue_name"]
