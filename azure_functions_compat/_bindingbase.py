"""Pieces shared by the event and row binding types (Service Bus, Event Hub, Cosmos DB, ...).

Kept apart from the public modules so each of them stays small, and so none of them has to
import another public module to share a check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Optional, TypeVar, Union

from ._validation import fail_type, fail_value

_RowT = TypeVar("_RowT", bound="JsonRow")


class SlotDefaults:
    """A mixin giving unset slots a default value instead of an ``AttributeError``.

    Tests often subclass a binding type with an ``__init__`` of their own that never calls
    ``super().__init__()`` (``class FakeMessage(func.ServiceBusMessage)`` overriding
    ``get_body``). The inherited properties then read slots that were never set; with this
    mixin they read the default listed in ``_DEFAULTS`` instead. ``__getattr__`` only runs
    when the normal lookup fails, so a fully built object pays nothing for it.
    """

    # Weak references work on these objects as on the real package's (their classes have a
    # __dict__ there).
    __slots__ = ("__weakref__",)

    _DEFAULTS: ClassVar[Mapping[str, object]] = {}

    if not TYPE_CHECKING:
        # Hidden from type checkers: a visible __getattr__ would make every misspelt
        # attribute of these classes type-check.
        def __getattr__(self, name: str) -> Any:
            defaults = type(self)._DEFAULTS
            if name in defaults:
                value = defaults[name]
                # A fresh container each time, so no two objects share a mutable default.
                if isinstance(value, (dict, list)):
                    return value.copy()
                return value
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


def json_safe(value: Any) -> Any:
    """``value`` with everything JSON cannot hold turned into something it can.

    bytes become a str when they are UTF-8, else ``{"__encoding": "base64", "value": ...}``;
    dates and times become ISO 8601 text, a timedelta its ``str()``; mappings and sequences
    are converted item by item. Anything else is returned as it is.
    """
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            import base64

            return {"__encoding": "base64", "value": base64.b64encode(raw).decode("ascii")}
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(item) for item in value]
    return value


def dump_json(owner: str, value: Any) -> str:
    """JSON text for ``to_json()``; TypeError or ValueError naming ``owner`` when it cannot."""
    import json

    try:
        return json.dumps(value, allow_nan=False)
    except TypeError as exc:
        raise TypeError(f"{owner}: every value must be JSON serializable: {exc}") from None
    except ValueError as exc:
        raise ValueError(f"{owner}: cannot be written as JSON: {exc}") from None
    except RecursionError:
        raise ValueError(f"{owner}: nests values too deeply to write as JSON") from None


class EventRecord(SlotDefaults):
    """The base of the event types: ``to_json()`` on top of each type's own ``to_dict()``."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """Every field of the event as a JSON-safe dict (see each event type)."""
        raise NotImplementedError  # pragma: no cover - every event type defines it

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text.

        Raises TypeError when a value inside (an application property, event data) cannot be
        written as JSON, ValueError for a NaN or infinite float.
        """
        return dump_json(type(self).__name__, self.to_dict())


def new_uuid() -> str:
    """A fresh random UUID in its usual 36-character form."""
    # uuid is imported on first use: most objects are built with an id given.
    from uuid import uuid4

    return str(uuid4())


def new_hex_id() -> str:
    """A fresh random id of 32 hex digits, the form Service Bus gives message ids."""
    from uuid import uuid4

    return uuid4().hex


def check_optional_datetime(owner: str, param: str, value: object) -> Optional[datetime]:
    if value is None or isinstance(value, datetime):
        return value
    raise fail_type(owner, param, "a datetime.datetime or None", value)


def check_optional_timedelta(owner: str, param: str, value: object) -> Optional[timedelta]:
    if value is None:
        return None
    if not isinstance(value, timedelta):
        raise fail_type(owner, param, "a datetime.timedelta or None", value)
    if value < timedelta(0):
        raise fail_value(owner, param, "a timedelta that is not negative", value)
    return value


def check_optional_int_range(
    owner: str, param: str, value: object, minimum: int, maximum: int
) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail_type(owner, param, "an int or None", value)
    if not minimum <= value <= maximum:
        raise fail_value(owner, param, f"an int from {minimum} to {maximum}", value)
    return int(value)


# What json.loads can give back, at the top level.
_JSON_TYPES = (dict, list, str, int, float, bool)


def check_json_value(owner: str, param: str, value: object) -> Any:
    """Accept a decoded JSON value (dict, list, str, int, float, bool or None) as it is.

    Only the outer type is checked: walking a whole document would cost more than the
    event it travels in.
    """
    if value is None or isinstance(value, _JSON_TYPES):
        return value
    raise fail_type(
        owner, param, "a decoded JSON value (dict, list, str, int, float, bool or None)", value
    )


def check_optional_list(owner: str, param: str, value: object) -> Optional[list[Any]]:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return list(value)
    raise fail_type(owner, param, "a list, a tuple or None", value)


def _row_items(owner: str, value: object) -> Iterable[tuple[Any, Any]]:
    if isinstance(value, Mapping):
        return value.items()
    if isinstance(value, (list, tuple)):
        for item in value:
            if not (isinstance(item, tuple) and len(item) == 2):
                raise fail_type(owner, "data", "a mapping or a list of (key, value) pairs", item)
        return value
    raise fail_type(owner, "data", "a mapping, a list of (key, value) pairs, or None", value)


class JsonRow(dict[str, Any]):
    """A JSON object as a ``dict`` with str keys: a Cosmos DB document or a SQL row.

    A plain ``dict`` underneath, so ``json.dumps``, ``dict(row)`` and ``row == {...}`` all
    work as they do on a dict.
    """

    __slots__ = ()

    def __init__(self, data: object = None, /, **fields: Any) -> None:
        """Build the row from a mapping or (key, value) pairs, then keyword fields.

        Raises TypeError when ``data`` is neither, or a key is not a str.
        """
        super().__init__()
        owner = type(self).__name__
        if data is not None:
            for key, value in _row_items(owner, data):
                if not isinstance(key, str):
                    raise fail_type(owner, "key", "a str", key)
                self[key] = value
        if fields:
            self.update(fields)

    @classmethod
    def from_dict(cls: type[_RowT], dct: Mapping[str, Any]) -> _RowT:
        """Build one from a mapping with str keys. Raises TypeError for anything else."""
        if not isinstance(dct, Mapping):
            raise fail_type(cls.__name__, "dct", "a mapping with str keys", dct)
        return cls(dct)

    @classmethod
    def from_json(cls: type[_RowT], json_data: Union[str, bytes, bytearray]) -> _RowT:
        """Build one from the text of a JSON object.

        Raises TypeError when ``json_data`` is not str, bytes or bytearray, and ValueError
        when it is not valid UTF-8, not valid JSON, or JSON but not an object.
        """
        owner = cls.__name__
        if not isinstance(json_data, (str, bytes, bytearray)):
            raise fail_type(owner, "json_data", "str, bytes or bytearray", json_data)
        import json

        try:
            value = json.loads(json_data)
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"{owner}: json_data is not valid UTF-8: {exc.reason} at byte {exc.start}"
            ) from None
        except ValueError as exc:
            raise ValueError(f"{owner}: json_data is not valid JSON: {exc}") from None
        except RecursionError:
            raise ValueError(
                f"{owner}: json_data nests JSON arrays or objects too deeply"
            ) from None
        if not isinstance(value, dict):
            raise fail_value(owner, "json_data", "the text of a JSON object", json_data)
        return cls(value)

    def to_json(self) -> str:
        """The row as JSON text.

        Raises TypeError when a value cannot be written as JSON (a set, an object) and
        ValueError for a circular reference or a NaN or infinite float, which JSON lacks.
        """
        return dump_json(type(self).__name__, self)

    def to_dict(self) -> dict[str, Any]:
        """A shallow copy of the row as a plain ``dict``."""
        return dict(self)

    def copy(self: _RowT) -> _RowT:
        """A shallow copy of the same type (a plain ``dict.copy()`` would lose the type)."""
        # __new__ rather than type(self)(...): a subclass may have its own __init__ signature.
        new = type(self).__new__(type(self))
        dict.update(new, self)
        return new

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"


class JsonRowList(list[_RowT]):
    """A list of rows; plain mappings given to the constructor become rows of its kind."""

    __slots__ = ()

    _ROW_TYPE: ClassVar[type[JsonRow]] = JsonRow

    def __init__(self, initlist: Optional[Iterable[Any]] = None, /) -> None:
        """Build the list from an iterable of rows or mappings (None gives an empty list).

        Raises TypeError when ``initlist`` is not iterable, or an item is not a mapping.
        """
        super().__init__()
        if initlist is None:
            return
        owner = type(self).__name__
        if isinstance(initlist, (str, bytes, bytearray, Mapping)) or not isinstance(
            initlist, Iterable
        ):
            raise fail_type(owner, "initlist", "an iterable of mappings, or None", initlist)
        row_type = self._ROW_TYPE
        for item in initlist:
            if isinstance(item, row_type):
                self.append(item)  # type: ignore[arg-type]
            elif isinstance(item, Mapping):
                self.append(row_type(item))  # type: ignore[arg-type]
            else:
                raise fail_type(owner, "item", f"a {row_type.__name__} or a mapping", item)

    def to_dict(self) -> list[dict[str, Any]]:
        """The rows as a list of plain dicts (shallow copies)."""
        return [dict(row) for row in self]

    def to_json(self) -> str:
        """The rows as the text of a JSON array.

        Raises TypeError or ValueError, as the rows' own ``to_json()`` does.
        """
        return dump_json(type(self).__name__, list(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list.__repr__(self)})"


__all__ = [
    "EventRecord",
    "JsonRow",
    "JsonRowList",
    "SlotDefaults",
    "check_json_value",
    "check_optional_datetime",
    "check_optional_int_range",
    "check_optional_list",
    "check_optional_timedelta",
    "dump_json",
    "json_safe",
    "new_hex_id",
    "new_uuid",
]
