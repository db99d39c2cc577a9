"""Azure SQL: rows a ``sql`` input or ``sqlTrigger`` delivers, or a ``sql`` output upserts."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ._bindingbase import JsonRow, JsonRowList


class SqlRow(JsonRow):
    """One Azure SQL row: a ``dict`` of column name to value, plus JSON helpers.

    Build it like a dict (``SqlRow({"Id": 1})``, ``SqlRow(Id=1)``) or with
    :meth:`from_dict` / :meth:`from_json`; write it with :meth:`to_json`.

    Raises TypeError when built from something that is not a mapping or (key, value) pairs,
    or with a column name that is not a str.
    """

    __slots__ = ()


class SqlRowList(JsonRowList[SqlRow]):
    """A list of :class:`SqlRow`; plain mappings given to the constructor become SqlRows.

    Raises TypeError for an item that is neither a SqlRow nor a mapping.
    """

    __slots__ = ()

    _ROW_TYPE: ClassVar[type[JsonRow]] = SqlRow


__all__ = ["SqlRow", "SqlRowList"]

# The worker-level converters azure.functions keeps in this module (see meta.py). Function code
# never needs them, so they load on first access only.
if TYPE_CHECKING:
    from ._converters import SqlConverter as SqlConverter
else:

    def __getattr__(name: str) -> object:
        from ._converters import module_getattr

        return module_getattr(__name__, name)
