"""Blob and queue storage kept as files under a folder, shared safely by threads and processes.

The layout under the folder ``ROOT``::

    blobs/<container>/<name>                  one file per blob, named as the blob
    queues/<queue>/<id>.<count>.msg            a visible message; <count> = dequeue count
    queues/<queue>/.claimed/<id>.<receipt>.msg a claimed (or delayed) message
    .writing/                                  files being written, renamed into place whole

A message ``<id>`` is the put time in nanoseconds (19 digits) and 16 random hex digits, so
ids are unique across processes and sort oldest first. A pop receipt is
``<count>-<visible again at, ns>-<random hex>``: everything a claim is lives in one file
name, so every state change is one atomic rename. Two consumers renaming the same file
cannot both succeed (the loser's source is gone), which is what makes a claim exclusive
across threads and processes; a crash between two steps leaves a message either visible,
or claimed until its claim expires - never lost, never half-written. (Files are not fsynced:
a power loss may lose what the operating system had not written yet.)

Cost: a put writes one file. A receive takes the next name from a heap this object filled by
listing the queue folder once; the folder is listed again only when that heap is empty, so a
listing of n names serves n receives (amortised O(log n), about constant next to the file
operations), however long the queue. Claims are listed when they may have expired (at the
earliest known expiry, at least once a second, and whenever no visible message is known).
"""

from __future__ import annotations

import contextlib
import heapq
import os
import re
import secrets
import time
from typing import Optional, Union

from ..._validation import fail_type, fail_value
from .base import (
    MESSAGE_TIME_TO_LIVE,
    QueuedMessage,
    StoredBlob,
    check_blob_path,
    check_metadata,
    check_queue_name,
    check_receipt,
    check_receive,
    check_visibility_timeout,
    etag_text,
    to_content,
    utc_from_ns,
)
from .memory import Storage

_CLAIMED = ".claimed"
# A visible message's file: <id>.<dequeue count>.msg, or <id>.msg (count 0).
_VISIBLE_NAME = re.compile(r"([0-9A-Za-z_-]{1,100})(?:\.([0-9]{1,9}))?\.msg")
# A claimed message's file: <id>.<count>-<visible again at, ns>-<random hex>.msg.
_CLAIMED_NAME = re.compile(
    r"([0-9A-Za-z_-]{1,100})\.(([0-9]{1,9})-([0-9]{1,20})-[0-9a-f]{1,64})\.msg"
)
_RECEIPT = re.compile(r"([0-9]{1,9})-([0-9]{1,20})-[0-9a-f]{1,64}")
_ID = re.compile(r"[0-9A-Za-z_-]{1,100}")
_NEW_ID = re.compile(r"([0-9]{19})-[0-9a-f]{16}")
# How often, at least, a receiver looks for claims other processes let expire.
_CLAIM_SCAN_INTERVAL_NS = 1_000_000_000


class _Pending:
    """What one FolderStorage knows of one queue: a heap of (id, file name, claimed) to try.

    Entries may be stale (another process took the message); trying one costs a failed
    rename. ``claims_due`` is when the claimed messages are listed next.
    """

    __slots__ = ("claims_due", "heap", "known_claims")

    def __init__(self) -> None:
        self.heap: list[tuple[str, str, bool]] = []
        self.known_claims: set[str] = set()
        self.claims_due = 0


class FolderStorage(Storage):
    """Blobs and queues kept as files under a folder, so they last between runs.

    A blob ``container/a/b.txt`` is the file ``ROOT/blobs/container/a/b.txt``; each queue
    message is a file in ``ROOT/queues/<queue>/`` (the module describes the layout). Files are
    written whole (a temporary file in ``ROOT/.writing/``, then renamed), so a reader never
    sees half a blob. Any number of FolderStorage objects, in any threads and processes, may
    share one folder: no message is lost, and a message one of them has received is not
    received by another until the claim expires.

    Nothing outside ``ROOT`` is ever read or written: every path is checked by Azure's naming
    rules and, with symbolic links resolved, must lie inside ``ROOT`` (else ValueError);
    listings (:meth:`blobs`, :meth:`blob_etags`, :meth:`queues`, :meth:`messages`) skip
    symbolic links. A blob cannot be both a file and a folder, so ``c/a`` and ``c/a/b``
    cannot both be kept (Azure allows it; the in-memory :class:`Storage` does too): the
    second is a ValueError. A file system error (a name too long for it, a folder that cannot
    be made) is a ValueError naming the path and the reason. Blob metadata is checked but not
    kept.
    """

    __slots__ = ("_pending", "_prefix", "_root")

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
        # A root that is itself a drive or "/" already ends with the separator.
        self._prefix = self._root if self._root.endswith(os.sep) else self._root + os.sep
        self._pending: dict[str, _Pending] = {}

    @property
    def root(self) -> str:
        """The folder the blobs and queues are kept in."""
        return self._root

    def _inside(self, owner: str, *parts: str) -> str:
        try:
            path = os.path.realpath(os.path.join(self._root, *parts))
        except OSError as exc:  # a loop of symbolic links
            raise self._failure(owner, "resolve", "/".join(parts), exc) from None
        if not path.startswith(self._prefix):
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
        content = to_content(owner, "data", data)
        kept = check_metadata(owner, metadata)
        with self._lock:
            self._check_no_clash(owner, path)
            before = _changed(target)
            self._write(owner, target, content, path)
            return StoredBlob(path, content, kept, self._newer(owner, target, path, before))

    def _newer(self, owner: str, target: str, path: str, before: Optional[int]) -> int:
        """The change time of the file just written, made later than ``before`` (the old
        file's) if the clock's granularity gave both the same: the ETag must change."""
        changed = _changed(target)
        if changed is None:  # replaced or removed by another process meanwhile
            return before or 0
        if before is not None and changed <= before:
            changed = before + 1
            try:
                os.utime(target, ns=(changed, changed))
            except OSError as exc:
                raise self._failure(owner, "write", path, exc) from None
        return changed

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

    def blob_etags(self, prefix: str = "") -> dict[str, str]:
        """The ETag of every blob whose path starts with ``prefix``, path to ETag, without
        reading the files: the ETag of a FolderStorage blob comes from its file's change time
        (as :meth:`blob` gives it), so it changes whenever the file is written.
        """
        owner = "FolderStorage.blob_etags"
        if not isinstance(prefix, str):
            raise fail_type(owner, "prefix", "a str", prefix)
        found: dict[str, str] = {}
        pending = [(self._inside(owner, "blobs"), "")]
        while pending:
            folder, relative = pending.pop()
            for entry in self._entries(folder):
                path = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    # Only the folders a path under the prefix can be in.
                    if (path + "/").startswith(prefix[: len(path) + 1]):
                        pending.append((entry.path, path))
                elif (
                    path.startswith(prefix)
                    and entry.is_file(follow_symlinks=False)
                    and _is_blob_path(path)
                ):
                    try:
                        changed = entry.stat(follow_symlinks=False).st_mtime_ns
                    except FileNotFoundError:  # deleted since it was listed
                        continue
                    except OSError as exc:
                        raise self._failure(owner, "read", path, exc) from None
                    found[path] = etag_text(changed)
        return dict(sorted(found.items()))

    # --- Queues --------------------------------------------------------------------------

    def _claims_folder(self, owner: str, queue: str) -> tuple[str, str]:
        check_queue_name(owner, queue)
        return self._inside(owner, "queues", queue), self._inside(owner, "queues", queue, _CLAIMED)

    def _new_id(self) -> str:
        with self._lock:
            now = max(time.time_ns(), self._last_ns + 1)
            self._last_ns = now
        return f"{now:019d}-{secrets.token_hex(8)}"

    def _record(
        self,
        message_id: str,
        body: bytes,
        changed_ns: int,
        count: int,
        receipt: str,
        visible_ns: int,
    ) -> QueuedMessage:
        found = _NEW_ID.fullmatch(message_id)
        inserted = utc_from_ns(int(found.group(1)) if found else changed_ns)
        return QueuedMessage(
            id=message_id,
            body=body,
            dequeue_count=count,
            insertion_time=inserted,
            expiration_time=inserted + MESSAGE_TIME_TO_LIVE,
            next_visible_time=utc_from_ns(visible_ns),
            pop_receipt=receipt,
        )

    def put_message(self, queue: str, body: Union[bytes, str]) -> QueuedMessage:
        """Add a message to ``queue`` as a new file of a unique name; its record."""
        owner = "FolderStorage.put_message"
        folder = self._inside(owner, "queues", check_queue_name(owner, queue))
        content = to_content(owner, "body", body)
        message_id = self._new_id()
        name = f"{message_id}.0.msg"
        self._write(owner, os.path.join(folder, name), content, f"{queue}/{name}")
        inserted = int(message_id[:19])
        return self._record(message_id, content, inserted, 0, "", inserted)

    def _names(self, folder: str) -> list[str]:
        """The names of the regular files (not links) in ``folder``; none if it is absent."""
        try:
            with os.scandir(folder) as found:
                return [
                    entry.name
                    for entry in found
                    if entry.name.endswith(".msg") and entry.is_file(follow_symlinks=False)
                ]
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as exc:
            raise self._failure("FolderStorage", "list", folder, exc) from None

    def _scan_visible(self, folder: str, pending: _Pending) -> None:
        for name in self._names(folder):
            found = _VISIBLE_NAME.fullmatch(name)
            if found is not None:
                pending.heap.append((found.group(1), name, False))
        heapq.heapify(pending.heap)

    def _scan_claims(self, claims: str, pending: _Pending, now: int) -> None:
        """Queue the claims that have expired; plan the next look at the earliest expiry."""
        due = now + _CLAIM_SCAN_INTERVAL_NS
        for name in self._names(claims):
            found = _CLAIMED_NAME.fullmatch(name)
            if found is None:
                continue
            visible_at = int(found.group(4))
            if visible_at > now:
                due = min(due, visible_at)
            elif name not in pending.known_claims:
                pending.known_claims.add(name)
                heapq.heappush(pending.heap, (found.group(1), name, True))
        pending.claims_due = due

    def _claim(
        self, owner: str, queue: str, folders: tuple[str, str], timeout_ns: int, wanted: int
    ) -> list[QueuedMessage]:
        """Rename up to ``wanted`` visible messages into claims of ``timeout_ns``; records."""
        folder, claims = folders
        claimed: list[QueuedMessage] = []
        with self._lock:
            pending = self._pending.get(queue)
            if pending is None:
                pending = self._pending[queue] = _Pending()
            now = time.time_ns()
            if pending.claims_due <= now:
                self._scan_claims(claims, pending, now)
            listed = claims_listed = False
            made_claims_folder = False
            while len(claimed) < wanted:
                if not pending.heap:
                    if listed:
                        break
                    listed = True
                    self._scan_visible(folder, pending)
                    if not claims_listed:
                        claims_listed = True
                        self._scan_claims(claims, pending, now)
                    if not pending.heap:
                        break
                message_id, name, was_claimed = heapq.heappop(pending.heap)
                if was_claimed:
                    pending.known_claims.discard(name)
                    count = int(name.split(".")[1].split("-")[0])
                    source = os.path.join(claims, name)
                else:
                    count = int(name.split(".")[1]) if name.count(".") == 2 else 0
                    source = os.path.join(folder, name)
                visible_at = now + timeout_ns
                receipt = f"{count + 1}-{visible_at}-{secrets.token_hex(8)}"
                target = os.path.join(claims, f"{message_id}.{receipt}.msg")
                if not made_claims_folder:
                    made_claims_folder = True
                    try:
                        os.makedirs(claims, exist_ok=True)
                    except OSError as exc:
                        raise self._failure(owner, "write", f"{queue}/{_CLAIMED}", exc) from None
                try:
                    os.rename(source, target)
                except FileNotFoundError:
                    continue  # another receiver (or an earlier scan of ours) took it first
                except OSError as exc:
                    raise self._failure(owner, "claim", f"{queue}/{name}", exc) from None
                found = self._read(owner, target, f"{queue}/{name}")
                if found is None:
                    continue
                body, changed = found
                claimed.append(
                    self._record(message_id, body, changed, count + 1, receipt, visible_at)
                )
                pending.claims_due = min(pending.claims_due, visible_at)
        return claimed

    def receive_messages(
        self, queue: str, *, max_messages: int = 1, visibility_timeout: float = 30.0
    ) -> list[QueuedMessage]:
        """Claim up to ``max_messages`` visible messages of ``queue``, oldest first.

        As :meth:`Storage.receive_messages`; the claim holds across every FolderStorage of
        the same folder, in any process.
        """
        owner = "FolderStorage.receive_messages"
        folders = self._claims_folder(owner, queue)
        timeout = check_receive(owner, max_messages, visibility_timeout)
        return self._claim(owner, queue, folders, int(timeout * 1e9), max_messages)

    def _claimed_file(
        self, owner: str, queue: str, message_id: str, pop_receipt: str
    ) -> Optional[tuple[str, str, int]]:
        """The claims folder, the claim's file and its dequeue count; None if malformed."""
        check_receipt(owner, message_id, pop_receipt)
        folder, claims = self._claims_folder(owner, queue)
        found = _RECEIPT.fullmatch(pop_receipt)
        if found is None or _ID.fullmatch(message_id) is None:
            return None
        return folder, os.path.join(claims, f"{message_id}.{pop_receipt}.msg"), int(found[1])

    def delete_message(self, queue: str, message_id: str, pop_receipt: str) -> bool:
        """Delete a received message; only its current ``pop_receipt`` does. True if deleted."""
        owner = "FolderStorage.delete_message"
        claim = self._claimed_file(owner, queue, message_id, pop_receipt)
        if claim is None:
            return False
        try:
            os.remove(claim[1])
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return False
        except OSError as exc:
            raise self._failure(owner, "delete", f"{queue}/{message_id}", exc) from None
        return True

    def release_message(
        self,
        queue: str,
        message_id: str,
        pop_receipt: str,
        *,
        visibility_timeout: float = 0.0,
    ) -> bool:
        """Give a received message back: visible again after ``visibility_timeout`` seconds.

        As :meth:`Storage.release_message`.
        """
        owner = "FolderStorage.release_message"
        claim = self._claimed_file(owner, queue, message_id, pop_receipt)
        timeout = check_visibility_timeout(owner, visibility_timeout)
        if claim is None:
            return False
        folder, source, count = claim
        if timeout == 0.0:
            target = os.path.join(folder, f"{message_id}.{count}.msg")
        else:
            visible_at = time.time_ns() + int(timeout * 1e9)
            name = f"{message_id}.{count}-{visible_at}-{secrets.token_hex(8)}.msg"
            target = os.path.join(os.path.dirname(source), name)
        try:
            os.rename(source, target)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return False
        except OSError as exc:
            raise self._failure(owner, "release", f"{queue}/{message_id}", exc) from None
        return True

    def pop_message(self, queue: str) -> Optional[bytes]:
        """Remove and return the oldest visible message of ``queue``, or None."""
        owner = "FolderStorage.pop_message"
        folders = self._claims_folder(owner, queue)
        for message in self._claim(owner, queue, folders, 30 * 10**9, 1):
            if self.delete_message(queue, message.id, message.pop_receipt):
                return message.body
        return None

    def messages(self, queue: str) -> list[bytes]:
        """The message bodies in ``queue`` (visible or claimed), oldest first (links skipped)."""
        owner = "FolderStorage.messages"
        folder, claims = self._claims_folder(owner, queue)
        named: list[tuple[str, str]] = []
        for where, pattern in ((folder, _VISIBLE_NAME), (claims, _CLAIMED_NAME)):
            for name in self._names(where):
                found = pattern.fullmatch(name)
                if found is not None:
                    named.append((found.group(1), os.path.join(where, name)))
        bodies = []
        for _, path in sorted(named):
            found_body = self._read(owner, path, f"{queue}/{os.path.basename(path)}")
            if found_body is not None:
                bodies.append(found_body[0])
        return bodies

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
            self._pending.clear()
            for part in ("blobs", "queues", ".writing"):
                folder = os.path.join(self._root, part)
                if os.path.islink(folder):
                    os.remove(folder)  # the link only, never what it points to
                else:
                    # rmtree removes the links inside too, not their targets.
                    shutil.rmtree(folder, ignore_errors=True)

    def __repr__(self) -> str:
        return f"FolderStorage({self._root!r})"


def _changed(target: str) -> Optional[int]:
    """The change time (ns) of the file ``target``, or None when there is none."""
    try:
        return os.stat(target, follow_symlinks=False).st_mtime_ns
    except OSError:
        return None


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _is_blob_path(path: str) -> bool:
    """Whether a file found under ``blobs/`` has a name this store could have written."""
    try:
        check_blob_path("FolderStorage.blobs", path)
    except ValueError:
        return False
    return True


__all__ = ["FolderStorage"]
