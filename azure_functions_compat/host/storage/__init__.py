"""Where the host's bindings keep blobs and queue messages: in memory or in a folder.

:class:`Storage` (in memory, the default) and :class:`FolderStorage` (files under a folder,
shareable by processes) implement one interface: blobs by ``container/name`` path, and queues
with Azure's semantics (claims with a visibility timeout, pop receipts, dequeue counts).
"""

from __future__ import annotations

from .base import QueuedMessage, StoredBlob, check_blob_path, check_queue_name
from .folder import FolderStorage
from .memory import Storage

__all__ = [
    "FolderStorage",
    "QueuedMessage",
    "Storage",
    "StoredBlob",
    "check_blob_path",
    "check_queue_name",
]
