"""Cosmos DB: the documents a ``cosmosDBTrigger`` or input delivers, or an output saves."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ._bindingbase import JsonRow, JsonRowList


class Document(JsonRow):
    """A Cosmos DB document: a ``dict`` with str keys, plus JSON helpers.

    Build it like a dict (``Document({"id": "1"})``, ``Document(id="1")``) or with
    :meth:`from_dict` / :meth:`from_json`; write it with :meth:`to_json` or :meth:`to_dict`.
    Being a real ``dict``, it goes straight into ``json.dumps`` too.

    Raises TypeError when built from something that is not a mapping or (key, value) pairs,
    or with a key that is not a str.
    """

    __slots__ = ()


class DocumentList(JsonRowList[Document]):
    """A list of :class:`Document`: what a ``cosmosDBTrigger`` hands to a function.

    ``DocumentList()`` is empty; ``DocumentList(items)`` takes Documents as they are and turns
    plain mappings into Documents. Raises TypeError for an item that is neither.
    """

    __slots__ = ()

    _ROW_TYPE: ClassVar[type[JsonRow]] = Document


__all__ = ["Document", "DocumentList"]

# The worker-level converters azure.functions keeps in this module (see meta.py). Function code
# never needs them, so they load on first access only; so does ``cdb``, the real
# package's alias of its private module ``_cosmosdb``.
if TYPE_CHECKING:
    from . import _cosmosdb as cdb  # noqa: F401 (the real package's name for it)
    from ._converters import CosmosDBConverter as CosmosDBConverter
    from ._converters import CosmosDBTriggerConverter as CosmosDBTriggerConverter
else:

    def __getattr__(name: str) -> object:
        if name == "cdb":
            from . import _cosmosdb

            return _cosmosdb
        from ._converters import module_getattr

        return module_getattr(__name__, name)
