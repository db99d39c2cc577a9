"""Where a task hub keeps its instances and entities when the app's storage lasts.

With the in-memory storage (the default) nothing is written: the hub's state lives in its
objects only. With a folder (``--storage DIR``) or an Azure Storage account, every change of
an instance or entity is written, whole, as one JSON blob through the storage's blob
operations, so the same code serves both backends::

    durable-<hub name>/instances/<instance id>.json
    durable-<hub name>/entities/<entity id>.json

A folder replaces a blob by renaming a complete temporary file over it, and Azure replaces
a blob whole too, so a process killed mid-write leaves the previous version, never half a
record. A hub made on the same storage later (``serve`` started again) reads them back.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Optional
from urllib.parse import quote, unquote

if TYPE_CHECKING:
    from ..host.storage import Storage

#: The layout version written in each record; records of another version are skipped.
VERSION = 1


def container_name(hub_name: str) -> str:
    """The blob container of a hub: ``durable-`` and the hub name in Azure's naming rules."""
    cleaned = "".join(char if char.isalnum() and char.isascii() else "-" for char in hub_name)
    parts = [part for part in cleaned.lower().split("-") if part]
    return ("durable-" + "-".join(parts))[:63].rstrip("-")


def _blob_name(kind: str, identity: str) -> str:
    # Percent-encoded, so any id (slashes, colons, "..") is one plain blob name.
    return f"{kind}/{quote(identity, safe='@-_')}.json"


class BlobStore:
    """The records of one task hub in ``storage`` (see the module's docstring)."""

    __slots__ = ("container", "storage")

    def __init__(self, storage: Storage, hub_name: str) -> None:
        self.storage = storage
        self.container = container_name(hub_name)

    def _path(self, kind: str, identity: str) -> str:
        return f"{self.container}/{_blob_name(kind, identity)}"

    def save(self, kind: str, identity: str, record: dict[str, Any]) -> None:
        """Write one record whole (``kind`` is ``instances`` or ``entities``)."""
        record = dict(record, version=VERSION)
        self.storage.put_blob(
            self._path(kind, identity), json.dumps(record, separators=(",", ":"))
        )

    def delete(self, kind: str, identity: str) -> None:
        """Remove one record (nothing when there is none)."""
        self.storage.delete_blob(self._path(kind, identity))

    def load(self, kind: str) -> tuple[list[dict[str, Any]], list[str]]:
        """The readable records of ``kind`` (each with its id as ``_id``) and the paths of
        blobs that could not be read (not JSON, or of another layout version)."""
        found: list[dict[str, Any]] = []
        skipped: list[str] = []
        prefix = f"{self.container}/{kind}/"
        for path, content in self.storage.blobs(prefix).items():
            record = _decode(content)
            name = path[len(prefix) :]
            if record is None or "/" in name or not name.endswith(".json"):
                skipped.append(path)
                continue
            record["_id"] = unquote(name[: -len(".json")])
            found.append(record)
        return found, skipped


def _decode(content: bytes) -> Optional[dict[str, Any]]:
    try:
        record = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("version") != VERSION:
        return None
    return record


def store_for(storage: Storage, hub_name: str) -> Optional[BlobStore]:
    """A BlobStore when ``storage`` lasts beyond the process (a folder, Azure), else None."""
    from ..host.storage import Storage as InMemory

    if type(storage) is InMemory:
        return None
    return BlobStore(storage, hub_name)


__all__ = ["BlobStore", "container_name", "store_for"]
