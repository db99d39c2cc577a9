"""The Blob Storage binding kinds (declared in ``bindings``), under the name users import."""

from __future__ import annotations

from .bindings import BlobInput, BlobOutput, BlobTrigger
from .constants import BLOB, BLOB_TRIGGER

__all__ = ["BLOB", "BLOB_TRIGGER", "BlobInput", "BlobOutput", "BlobTrigger"]
