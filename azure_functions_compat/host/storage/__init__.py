"""Where the host's bindings keep blobs and queue messages: memory, a folder, Azure Storage.

:class:`Storage` (in memory, the default), :class:`FolderStorage` (files under a folder,
shareable by processes) and :class:`AzureStorage` (an Azure Storage account or Azurite, with
the ``[azure]`` extra) implement one interface: blobs by ``container/name`` path, and queues
with Azure's semantics (claims with a visibility timeout, pop receipts, dequeue counts).
:func:`open_storage` picks one by name, as ``load_app(storage=...)`` and ``--storage`` do.
"""

from __future__ import annotations

from .azure import AzureStorage
from .base import QueuedMessage, StorageError, StoredBlob, check_blob_path, check_queue_name
from .choose import open_storage
from .folder import FolderStorage
from .memory import Storage

__all__ = [
    "AzureStorage",
    "FolderStorage",
    "QueuedMessage",
    "Storage",
    "StorageError",
    "StoredBlob",
    "check_blob_path",
    "check_queue_name",
    "open_storage",
]
