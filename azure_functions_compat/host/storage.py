"""In-memory blob and queue storage that the host's bindings read from and write to.

A test (or the command line) puts blobs and queue messages in before a call and reads what the
function wrote afterwards. Names follow Azure Storage's rules, so a path a route parameter
built cannot reach anything the binding's path did not mean: ``.`` and ``..`` segments,
backslashes and control characters are refused.
"""

from __future__ import annotations

import contextlib
import os
import threading
from typing import Optional, Union

from .._validation import fail_type, fail_value

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


_NAME_RULE = "3 to 63 lower-case letters, digits and single hyphens, starting and ending "
_NAME_RULE += "with a letter or digit"


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
    message is a file in ``ROOT/queues/<queue>/``, named so they sort oldest first. Files are
    written whole (a temporary file in ``ROOT/.writing/``, then renamed), so a reader never
    sees half a blob.

    Nothing outside ``ROOT`` is ever read or written: every path is checked by Azure's naming
    rules and, with symbolic links resolved, must lie inside ``ROOT`` (else ValueError);
    listings (:meth:`blobs`, :meth:`queues`, :meth:`messages`) skip symbolic links. A blob
    cannot be both a file and a folder, so ``c/a`` and ``c/a/b`` cannot both be kept (Azure
    allows it; the in-memory :class:`Storage` does too): the second is a ValueError. A file
    system error (a name too long for it, a folder that cannot be made) is a ValueError naming
    the path and the reason. Blob metadata is not kept.
    """

    __slots__ = ("_root",)

    def __init__(self, root: Union[str, os.PathLike[str]]) -> None:
        super().__init__()
        if not isinstance(root, (str, os.PathLike)):
            raise fail_type("FolderStorage", "root", "a str or os.PathLike folder", root)
        try:
            self._root = os.path.realpath(os.fspath(root))
        except (OSError, ValueError) as exc:  # a NUL in the name, a loop of links
            raise fail_value("FolderStorage", "root", "a usable folder path", root) from exc
        if os.path.exists(self._root) and not os.path.isdir(self._root):
            raise fail_value("FolderStorage", "root", "a folder, not a file", os.fspath(root))

    @property
    def root(self) -> str:
        """The folder the blobs and queues are kept in."""
        return self._root

    def _inside(self, owner: str, *parts: str) -> str:
        try:
            path = os.path.realpath(os.path.join(self._root, *parts))
        except OSError as exc:  # a loop of symbolic links
            raise self._failure(owner, "resolve", "/".join(parts), exc) from None
        if not path.startswith(self._root + os.sep):
            raise fail_value(owner, "path", f"a path inside {self._root}", "/".join(parts))
        return path

    def _failure(self, owner: str, action: str, what: str, exc: OSError) -> ValueError:
        reason = exc.strerror or str(exc)
        return ValueError(f"{owner}: cannot {action} {what!r} in {self._root}: {reason}")

    def _blob_file(self, owner: str, path: str) -> str:
        check_blob_path(owner, path)
        return self._inside(owner, "blobs", *path.split("/"))

    def _queue_folder(self, owner: str, queue: str) -> str:
        check_queue_name(owner, queue)
        return self._inside(owner, "queues", queue)

    def _read(self, owner: str, target: str, what: str) -> Optional[tuple[bytes, int]]:
        """The content and change time of the regular file ``target``; None when absent."""
        import stat

        # O_NOFOLLOW: a link swapped in after the path was checked is refused, not followed.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        try:
            descriptor = os.open(target, flags)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
        except OSError as exc:
            raise self._failure(owner, "read", what, exc) from None
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                return None
            try:
                return handle.read(), status.st_mtime_ns
            except OSError as exc:
                raise self._failure(owner, "read", what, exc) from None

    def _write(self, owner: str, target: str, content: bytes, what: str) -> None:
        """Write ``target`` whole: a temporary file beside it, then renamed over it."""
        import tempfile

        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            # Beside the blobs and queues, not among them, so no listing shows a half-written
            # file and no name a blob may have is taken.
            writing = self._inside(owner, ".writing")
            os.makedirs(writing, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=writing)
        except OSError as exc:
            raise self._failure(owner, "write", what, exc) from None
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(content)
            os.replace(temporary, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.remove(temporary)
            raise self._failure(owner, "write", what, exc) from None

    def _entries(self, folder: str) -> list[os.DirEntry[str]]:
        """The entries of ``folder`` that are not symbolic links, by name; none if absent."""
        try:
            with os.scandir(folder) as found:
                return sorted((entry for entry in found if not entry.is_symlink()), key=_name)
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as exc:
            raise self._failure("FolderStorage", "list", folder, exc) from None

    def put_blob(
        self,
        path: str,
        data: Union[bytes, str],
        *,
        metadata: Optional[dict[str, str]] = None,
    ) -> StoredBlob:
        """Write ``data`` (str is UTF-8 encoded) to the blob's file, replacing it.

        Raises ValueError (see the class) when the file cannot be written.
        """
        owner = "FolderStorage.put_blob"
        target = self._blob_file(owner, path)
        content = _to_bytes(owner, "data", data)
        with self._lock:
            self._check_no_clash(owner, path)
            self._write(owner, target, content, path)
            self._etag += 1
            return StoredBlob(path, content, dict(metadata or {}), self._etag)

    def _check_no_clash(self, owner: str, path: str) -> None:
        container, _, name = path.partition("/")
        segments = name.split("/")
        base = os.path.join(self._root, "blobs", container)
        clash = None
        for count in range(1, len(segments)):
            if os.path.isfile(os.path.join(base, *segments[:count])):
                clash = f"{container}/{'/'.join(segments[:count])} is a blob"
                break
        if clash is None and os.path.isdir(os.path.join(base, *segments)):
            clash = f"there are blobs under {path}/"
        if clash is not None:
            raise ValueError(
                f"{owner}: cannot keep blob {path!r}: {clash}, and a FolderStorage keeps each "
                "blob as a file, so a name cannot be both a blob and a folder of blobs (the "
                "in-memory Storage can hold both)"
            )

    def blob(self, path: str) -> Optional[StoredBlob]:
        """The blob at ``path``, read from its file, or None."""
        owner = "FolderStorage.blob"
        found = self._read(owner, self._blob_file(owner, path), path)
        if found is None:
            return None
        content, changed = found
        return StoredBlob(path, content, {}, changed)

    def get_blob(self, path: str) -> Optional[bytes]:
        """The content of the blob at ``path``, or None."""
        found = self.blob(path)
        return None if found is None else found.data

    def delete_blob(self, path: str) -> bool:
        """Remove a blob's file; True when there was one."""
        owner = "FolderStorage.delete_blob"
        target = self._blob_file(owner, path)
        with self._lock:
            try:
                os.remove(target)
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                return False
            except OSError as exc:
                raise self._failure(owner, "delete", path, exc) from None
        return True

    def blobs(self, prefix: str = "") -> dict[str, bytes]:
        """Every blob whose path starts with ``prefix``, path to content (links skipped)."""
        owner = "FolderStorage.blobs"
        found: dict[str, bytes] = {}
        pending = [(self._inside(owner, "blobs"), "")]
        while pending:
            folder, relative = pending.pop()
            for entry in self._entries(folder):
                path = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, path))
                elif path.startswith(prefix) and _is_blob_path(path):
                    content = self._read(owner, entry.path, path)
                    if content is not None:
                        found[path] = content[0]
        return dict(sorted(found.items()))

    def _message_names(self, folder: str) -> list[str]:
        return [
            entry.name
            for entry in self._entries(folder)
            if entry.name.endswith(".msg") and entry.is_file(follow_symlinks=False)
        ]

    def put_message(self, queue: str, body: Union[bytes, str]) -> None:
        """Append a message to ``queue`` as a new file."""
        owner = "FolderStorage.put_message"
        folder = self._queue_folder(owner, queue)
        content = _to_bytes(owner, "body", body)
        with self._lock:
            existing = self._message_names(folder)
            try:
                number = int(existing[-1][:-4]) + 1 if existing else 1
            except ValueError:  # a file someone else named: start after it by count
                number = len(existing) + 1
            target = os.path.join(folder, f"{number:012d}.msg")
            self._write(owner, target, content, f"{queue}/{number:012d}.msg")

    def messages(self, queue: str) -> list[bytes]:
        """The message bodies waiting in ``queue``, oldest first (links skipped)."""
        owner = "FolderStorage.messages"
        folder = self._queue_folder(owner, queue)
        bodies = []
        for name in self._message_names(folder):
            found = self._read(owner, os.path.join(folder, name), f"{queue}/{name}")
            if found is not None:
                bodies.append(found[0])
        return bodies

    def pop_message(self, queue: str) -> Optional[bytes]:
        """Remove and return the oldest message of ``queue``, or None."""
        owner = "FolderStorage.pop_message"
        folder = self._queue_folder(owner, queue)
        with self._lock:
            for name in self._message_names(folder):
                target = os.path.join(folder, name)
                found = self._read(owner, target, f"{queue}/{name}")
                if found is None:
                    continue
                try:
                    os.remove(target)
                except FileNotFoundError:
                    continue  # another process took it first
                except OSError as exc:
                    raise self._failure(owner, "remove", f"{queue}/{name}", exc) from None
                return found[0]
            return None

    def queues(self) -> dict[str, list[bytes]]:
        """Every queue with messages, name to bodies (links skipped)."""
        folder = self._inside("FolderStorage.queues", "queues")
        found: dict[str, list[bytes]] = {}
        for entry in self._entries(folder):
            if not entry.is_dir(follow_symlinks=False):
                continue
            try:
                check_queue_name("FolderStorage.queues", entry.name)
            except ValueError:
                continue  # not a queue this store wrote
            bodies = self.messages(entry.name)
            if bodies:
                found[entry.name] = bodies
        return found

    def clear(self) -> None:
        """Remove every blob and message (the ``blobs`` and ``queues`` folders)."""
        import shutil

        with self._lock:
            for part in ("blobs", "queues", ".writing"):
                folder = os.path.join(self._root, part)
                if os.path.islink(folder):
                    os.remove(folder)  # the link only, never what it points to
                else:
                    # rmtree removes the links inside too, not their targets.
                    shutil.rmtree(folder, ignore_errors=True)

    def __repr__(self) -> str:
        return f"FolderStorage({self._root!r})"


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _is_blob_path(path: str) -> bool:
    """Whether a file found under ``blobs/`` has a name this store could have written."""
    try:
        check_blob_path("FolderStorage.blobs", path)
    except ValueError:
        return False
    return True


__all__ = ["FolderStorage", "Storage", "StoredBlob", "check_blob_path", "check_queue_name"]
