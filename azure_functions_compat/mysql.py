"""Azure Database for MySQL: rows a ``mysql`` input or trigger delivers, or an output saves."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ._bindingbase import JsonRow, JsonRowList


class MySqlRow(JsonRow):
    """One MySQL row: a ``dict`` of column name to value, plus JSON helpers.

    Build it like a dict (``MySqlRow({"Id": 1})``, ``MySqlRow(Id=1)``) or with
    :meth:`from_dict` / :meth:`from_json`; write it with :meth:`to_json`.

    Raises TypeError when built from something that is not a mapping or (key, value) pairs,
    or with a column name that is not a str.
    """

    __slots__ = ()


class MySqlRowList(JsonRowList[MySqlRow]):
    """A list of :class:`MySqlRow`; plain mappings given to the constructor become MySqlRows.

    Raises TypeError for an item that is neither a MySqlRow nor a mapping.
    """

    __slots__ = ()

    _ROW_TYPE: ClassVar[type[JsonRow]] = MySqlRow


__all__ = ["MySqlRow", "MySqlRowList"]

# The worker-level converters azure.functions keeps in this module (see meta.py). Function code
# never needs them, so they load on first access only.
if TYPE_CHECKING:
    from ._converters import MySqlConverter as MySqlConverter
    from ._converters import MySqlTriggerConverter as MySqlTriggerConverter
else:

    def __getattr__(name: str) -> object:
        from ._converters import module_getattr

        return module_getattr(__name__, name)
