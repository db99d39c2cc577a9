"""In-memory blob and queue storage that the host's bindings read from and write to.

A test (or the command line) puts blobs and queue messages in before a call and reads what the
function wrote afterwards. Names follow Azure Storage's rules, so a path a route parameter
built cannot reach anything the binding's path did not mean: ``.`` and ``..`` segments,
backslashes and control characters are refused.

Queues behave as Azure's do (see :meth:`Storage.receive_messages`): a receive claims a
message for a visibility timeout and hands out a pop receipt; only that receipt deletes or
releases it; an expired claim makes the message visible again with its dequeue count kept.
Every queue operation costs the same whatever the queue's length (two heaps per queue).
"""

from __future__ import annotations

import heapq
import secrets
import threading
import time
from collections.abc import Mapping
from typing import Optional, Union

from ..._validation import fail_type
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


class _Message:
    """A message of an in-memory queue; ``version`` changes on every claim and release."""

    __slots__ = (
        "body",
        "dequeue_count",
        "id",
        "inserted_ns",
        "order",
        "receipt",
        "version",
        "visible_ns",
    )

    def __init__(self, message_id: str, body: bytes, inserted_ns: int, order: int) -> None:
        self.id = message_id
        self.order = order
        self.body = body
        self.inserted_ns = inserted_ns
        self.visible_ns = inserted_ns
        self.dequeue_count = 0
        self.receipt = ""
        self.version = 0

    def record(self) -> QueuedMessage:
        inserted = utc_from_ns(self.inserted_ns)
        return QueuedMessage(
            id=self.id,
            body=self.body,
            dequeue_count=self.dequeue_count,
            insertion_time=inserted,
            expiration_time=inserted + MESSAGE_TIME_TO_LIVE,
            next_visible_time=utc_from_ns(self.visible_ns),
            pop_receipt=self.receipt,
        )


class _Queue:
    """One queue: messages by id in put order, and two heaps of (possibly stale) entries.

    ``visible`` holds (put order, id, version) of messages that can be received; ``hidden``
    holds (visible again at, put order, id, version) of claimed ones. An entry whose version
    no longer matches its message is stale and dropped when it reaches the top, so no
    operation ever scans the queue.
    """

    __slots__ = ("hidden", "messages", "visible")

    def __init__(self) -> None:
        self.messages: dict[str, _Message] = {}
        self.visible: list[tuple[int, str, int]] = []
        self.hidden: list[tuple[int, int, str, int]] = []

    def reveal_due(self, now: int) -> None:
        """Move the claims that have expired by ``now`` back among the visible messages."""
        hidden = self.hidden
        while hidden and hidden[0][0] <= now:
            _, order, message_id, version = heapq.heappop(hidden)
            message = self.messages.get(message_id)
            if message is not None and message.version == version:
                heapq.heappush(self.visible, (order, message_id, version))

    def compact(self) -> None:
        """Drop stale claim entries once they outnumber the messages (amortised O(1)).

        A message deleted under its claim leaves its entry in ``hidden`` until the claim
        would have expired; at thousands of receives a second that is a lot of memory.
        """
        if len(self.hidden) > 2 * len(self.messages) + 64:
            messages = self.messages
            self.hidden = [
                entry
                for entry in self.hidden
                if entry[2] in messages and messages[entry[2]].version == entry[3]
            ]
            heapq.heapify(self.hidden)

    def next_visible(self, now: int) -> Optional[_Message]:
        """Take the oldest visible message off the visible heap, or None."""
        self.reveal_due(now)
        visible = self.visible
        while visible:
            _, message_id, version = heapq.heappop(visible)
            message = self.messages.get(message_id)
            if message is not None and message.version == version:
                return message
        return None


class Storage:
    """Thread-safe in-memory blob containers and queues, shared by an app's invocations."""

    __slots__ = ("_blobs", "_etag", "_last_ns", "_lock", "_order", "_queues")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._blobs: dict[str, StoredBlob] = {}
        self._queues: dict[str, _Queue] = {}
        self._etag = 0
        self._order = 0
        self._last_ns = 0

    def for_connection(self, connection: object, settings: Mapping[str, str]) -> Storage:
        """The store for a binding whose ``connection`` names an app setting.

        This one: an in-memory (or folder) store serves every connection. An Azure store
        answers with the account the setting holds.
        """
        return self

    # --- Blobs ---------------------------------------------------------------------------

    def put_blob(
        self,
        path: str,
        data: Union[bytes, str],
        *,
        metadata: Optional[dict[str, str]] = None,
    ) -> StoredBlob:
        """Store ``data`` (str is UTF-8 encoded) at ``container/name``, replacing any blob.

        Raises ValueError for a path outside Azure's naming rules, TypeError for other data
        or for ``metadata`` that is not a dict of str to str.
        """
        check_blob_path("Storage.put_blob", path)
        content = to_content("Storage.put_blob", "data", data)
        kept = check_metadata("Storage.put_blob", metadata)
        with self._lock:
            self._etag += 1
            blob = StoredBlob(path, content, kept, self._etag)
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

    def blob_etags(self, prefix: str = "") -> dict[str, str]:
        """The ETag of every blob whose path starts with ``prefix``, path to ETag (e.g.
        ``"0x1A"``), without their content: a cheap way to see which blobs changed.

        A blob's ETag changes each time it is written and only then.
        """
        if not isinstance(prefix, str):
            raise fail_type("Storage.blob_etags", "prefix", "a str", prefix)
        with self._lock:
            return {
                path: etag_text(blob.etag)
                for path, blob in sorted(self._blobs.items())
                if path.startswith(prefix)
            }

    # --- Queues --------------------------------------------------------------------------

    def _now_ns(self) -> int:
        """The time in nanoseconds, strictly increasing within this store (under the lock)."""
        now = max(time.time_ns(), self._last_ns + 1)
        self._last_ns = now
        return now

    def put_message(self, queue: str, body: Union[bytes, str]) -> QueuedMessage:
        """Append a message (str is UTF-8 encoded) to ``queue``; its record, not yet received."""
        check_queue_name("Storage.put_message", queue)
        content = to_content("Storage.put_message", "body", body)
        with self._lock:
            now = self._now_ns()
            self._order += 1
            message_id = f"{now:019d}-{secrets.token_hex(8)}"
            message = _Message(message_id, content, now, self._order)
            waiting = self._queues.get(queue)
            if waiting is None:
                waiting = self._queues[queue] = _Queue()
            waiting.messages[message_id] = message
            heapq.heappush(waiting.visible, (message.order, message_id, 0))
            return message.record()

    def receive_messages(
        self, queue: str, *, max_messages: int = 1, visibility_timeout: float = 30.0
    ) -> list[QueuedMessage]:
        """Claim up to ``max_messages`` visible messages of ``queue``, oldest first.

        Each becomes invisible for ``visibility_timeout`` seconds, its ``dequeue_count`` grows
        by one and it gets a fresh ``pop_receipt``; delete it with :meth:`delete_message` once
        handled, or :meth:`release_message` it on failure. A claim that expires makes the
        message visible again. Raises TypeError/ValueError for bad arguments.
        """
        owner = "Storage.receive_messages"
        check_queue_name(owner, queue)
        timeout = check_receive(owner, max_messages, visibility_timeout)
        claimed: list[QueuedMessage] = []
        with self._lock:
            waiting = self._queues.get(queue)
            if waiting is None:
                return claimed
            now = self._now_ns()
            deadline = now + int(timeout * 1e9)
            while len(claimed) < max_messages:
                message = waiting.next_visible(now)
                if message is None:
                    break
                message.dequeue_count += 1
                message.receipt = secrets.token_hex(12)
                message.version += 1
                message.visible_ns = deadline
                entry = (deadline, message.order, message.id, message.version)
                heapq.heappush(waiting.hidden, entry)
                claimed.append(message.record())
            waiting.compact()
        return claimed

    def _claimed(self, queue: str, message_id: str, pop_receipt: str) -> Optional[_Message]:
        waiting = self._queues.get(queue)
        if waiting is None or not pop_receipt:
            return None
        message = waiting.messages.get(message_id)
        if message is None or message.receipt != pop_receipt:
            return None
        return message

    def delete_message(self, queue: str, message_id: str, pop_receipt: str) -> bool:
        """Delete a received message; only its current ``pop_receipt`` does. True if deleted."""
        owner = "Storage.delete_message"
        check_queue_name(owner, queue)
        check_receipt(owner, message_id, pop_receipt)
        with self._lock:
            message = self._claimed(queue, message_id, pop_receipt)
            if message is None:
                return False
            del self._queues[queue].messages[message_id]
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

        The failure path of a handler. ``dequeue_count`` is kept and the receipt is spent.
        True when ``pop_receipt`` was the message's current one.
        """
        owner = "Storage.release_message"
        check_queue_name(owner, queue)
        check_receipt(owner, message_id, pop_receipt)
        timeout = check_visibility_timeout(owner, visibility_timeout)
        with self._lock:
            message = self._claimed(queue, message_id, pop_receipt)
            if message is None:
                return False
            waiting = self._queues[queue]
            message.receipt = ""
            message.version += 1
            message.visible_ns = self._now_ns() + int(timeout * 1e9)
            entry = (message.visible_ns, message.order, message.id, message.version)
            heapq.heappush(waiting.hidden, entry)
            return True

    def messages(self, queue: str) -> list[bytes]:
        """A snapshot of the message bodies in ``queue`` (visible or claimed), oldest first."""
        check_queue_name("Storage.messages", queue)
        with self._lock:
            waiting = self._queues.get(queue)
            return [] if waiting is None else [m.body for m in waiting.messages.values()]

    def pop_message(self, queue: str) -> Optional[bytes]:
        """Remove and return the oldest visible message body of ``queue``, or None."""
        check_queue_name("Storage.pop_message", queue)
        with self._lock:
            waiting = self._queues.get(queue)
            message = None if waiting is None else waiting.next_visible(self._now_ns())
            if waiting is None or message is None:
                return None
            del waiting.messages[message.id]
            return message.body

    def queues(self) -> dict[str, list[bytes]]:
        """A snapshot of every queue with messages, name to bodies."""
        with self._lock:
            return {
                name: [message.body for message in waiting.messages.values()]
                for name, waiting in sorted(self._queues.items())
                if waiting.messages
            }

    def clear(self) -> None:
        """Remove every blob and message."""
        with self._lock:
            self._blobs.clear()
            self._queues.clear()

    def __repr__(self) -> str:
        return f"Storage({len(self._blobs)} blobs, {len(self._queues)} queues)"


__all__ = ["Storage"]
