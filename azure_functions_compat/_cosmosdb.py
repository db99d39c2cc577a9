"""``azure.functions._cosmosdb`` (also ``cosmosdb.cdb``), mapped to our classes."""

from __future__ import annotations

from .cosmosdb import Document, DocumentList

__all__ = ["Document", "DocumentList"]
