"""The worker's binding-converter API: ``Datum``, ``InConverter``, ``OutConverter``, the registry.

In Azure, the Python worker turns each binding's wire value (a ``Datum``: a value and a type
name such as ``"string"``, ``"bytes"``, ``"json"``) into the object a function receives, and
the function's outputs back, through converter classes registered per binding type. Function
code does not use these; extensions and tests of worker-level code sometimes do. This module
gives them the same names, the same registry (``get_binding_registry().get("queueTrigger")``)
and working, deliberately minimal conversions: each converter handles the plain values (str,
bytes, JSON text, dicts) the host of this package deals in, not the worker's protobuf
messages. The host of this package does not go through them; it has its own binding code.
"""

from __future__ import annotations

import abc
import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Optional, Union, get_args, get_origin

from ._validation import fail_type, fail_value

# Type names whose value is already the Python value.
_PLAIN_TYPES = frozenset({"bytes", "string", "int", "double"})
# Collection type names -> the attribute holding the items on the worker's message objects.
_COLLECTIONS = {
    "collection_string": "string",
    "collection_bytes": "bytes",
    "collection_double": "double",
    "collection_sint64": "sint64",
}


def is_iterable_type_annotation(annotation: object, pytype: object) -> bool:
    """Whether ``annotation`` is a parametrised iterable (``list[T]``, ``Iterable[T]``,
    ``typing.List[T]``...) of a type that ``pytype`` (a class or a tuple of classes) is a
    subclass of. False for anything else, never an error.
    """
    origin = get_origin(annotation)
    if not isinstance(origin, type) or not issubclass(origin, Iterable):
        return False
    args = [arg for arg in get_args(annotation) if isinstance(arg, type)]
    candidates = pytype if isinstance(pytype, tuple) else (pytype,)
    return any(
        isinstance(candidate, type) and issubclass(candidate, arg)
        for candidate in candidates
        for arg in args
    )


def _is_subclass_annotation(
    converter: type, pytype: object, kinds: Union[type, tuple[type, ...]]
) -> bool:
    """Whether the annotation ``pytype`` is one of ``kinds`` or a subclass.

    Raises ``TypeError`` naming the converter when ``pytype`` is not a class (a number, None,
    a generic alias), as the azure.functions converters do.
    """
    try:
        return issubclass(pytype, kinds)  # type: ignore[arg-type]
    except TypeError:
        raise fail_type(converter.__name__, "pytype", "a class", pytype) from None


def try_parse_datetime_with_formats(
    datetime_str: str, datetime_formats: list[str]
) -> tuple[Optional[datetime.datetime], Optional[str], Optional[Exception]]:
    """Parse ``datetime_str`` with the first of ``datetime_formats`` (strptime) that fits.

    Returns ``(datetime, format, None)`` on success, else ``(None, None, error)`` with the
    last format's ValueError (a ValueError saying so when the list is empty). Raises
    TypeError when ``datetime_str`` is not a str.
    """
    if not isinstance(datetime_str, str):
        raise fail_type("try_parse_datetime_with_formats", "datetime_str", "a str", datetime_str)
    error: Exception = ValueError("try_parse_datetime_with_formats: no format given")
    for fmt in datetime_formats:
        try:
            return datetime.datetime.strptime(datetime_str, fmt), fmt, None
        except ValueError as problem:
            error = problem
    return None, None, error


def try_parse_timedelta_with_formats(
    timedelta_str: str, timedelta_formats: list[str]
) -> tuple[Optional[datetime.timedelta], Optional[str], Optional[Exception]]:
    """Parse a duration such as ``12:34:56`` with the first of ``timedelta_formats`` that fits.

    A format of exactly ``%S``, ``%M`` or ``%H`` reads a whole number of seconds, minutes or
    hours (any size); others go through strptime and keep the hours, minutes and seconds.
    Returns ``(timedelta, format, None)`` or ``(None, None, error)``, like
    ``try_parse_datetime_with_formats``.
    """
    if not isinstance(timedelta_str, str):
        raise fail_type(
            "try_parse_timedelta_with_formats", "timedelta_str", "a str", timedelta_str
        )
    error: Exception = ValueError("try_parse_timedelta_with_formats: no format given")
    units = {"%S": "seconds", "%M": "minutes", "%H": "hours"}
    for fmt in timedelta_formats:
        try:
            if fmt in units:
                return datetime.timedelta(**{units[fmt]: int(timedelta_str)}), fmt, None
            parsed = datetime.datetime.strptime(timedelta_str, fmt)
            delta = datetime.timedelta(
                hours=parsed.hour, minutes=parsed.minute, seconds=parsed.second
            )
            return delta, fmt, None
        except (ValueError, OverflowError) as problem:
            error = problem if isinstance(problem, ValueError) else ValueError(str(problem))
    return None, None, error


class Datum:
    """A binding's value as the worker passes it: ``value`` and its ``type`` name.

    ``type`` is ``"string"``, ``"bytes"``, ``"int"``, ``"double"``, ``"json"`` (JSON text),
    a ``"collection_..."`` name, another name the host uses, or None (no value). Both are
    plain attributes. Raises TypeError when ``type`` is not a str or None.
    """

    __slots__ = ("type", "value")

    def __init__(self, value: Any, type: Optional[str]) -> None:
        if type is not None and not isinstance(type, str):
            raise fail_type("Datum", "type", "a str or None", type)
        self.value: Any = value
        self.type: Optional[str] = type

    @property
    def python_value(self) -> Any:
        """The value as Python sees it: JSON text parsed, collections as lists.

        None when the value or the type is None. Raises ValueError when a ``"json"`` value
        is not valid JSON text.
        """
        value, kind = self.value, self.type
        if value is None or kind is None:
            return None
        if kind in _PLAIN_TYPES:
            return value
        if kind == "json":
            return _loads("Datum", "value", value)
        if kind in _COLLECTIONS:
            # The worker's message keeps the items in an attribute; a plain list is taken as is.
            items = getattr(value, _COLLECTIONS[kind], value)
            try:
                return list(items)
            except TypeError:
                accepted = f"an iterable for type {kind!r}"
                raise fail_type("Datum", "value", accepted, value) from None
        return value

    @property
    def python_type(self) -> type:
        """The class of ``python_value``."""
        return type(self.python_value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return bool(self.value == other.value and self.type == other.type)

    def __hash__(self) -> int:
        return hash((type(self), self.type, _hashable(self.value)))

    def __repr__(self) -> str:
        text = repr(self.value)
        if len(text) > 10:
            text = text[:10] + "..."
        return f"<Datum {self.type} {text}>"


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def _loads(owner: str, param: str, text: Any) -> Any:
    import json

    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise fail_value(owner, param, "UTF-8 JSON text", text) from None
    if not isinstance(text, str):
        raise fail_type(owner, param, "JSON text (str or bytes)", text)
    try:
        return json.loads(text)
    except ValueError:
        raise fail_value(owner, param, "valid JSON text", text) from None


class _ConverterMeta(abc.ABCMeta):
    """Registers each converter class under the binding type named in its class statement.

    ``class C(InConverter, binding="queueTrigger", trigger=True)`` registers ``C`` for
    ``queueTrigger`` and marks it as a trigger converter; ``binding=None`` registers nothing
    (a base class). A second converter for the same binding raises ValueError.
    """

    _bindings: ClassVar[dict[str, type]] = {}

    def __new__(
        mcls,
        name: str,
        bases: tuple[type, ...],
        namespace: dict[str, Any],
        *,
        binding: Optional[str] = None,
        trigger: object = None,
    ) -> _ConverterMeta:
        if binding is not None and not isinstance(binding, str):
            raise fail_type(name, "binding", "a str or None", binding)
        # `trigger` is True for a trigger converter, or the trigger's own binding type when
        # one class serves both (blob and blobTrigger); that name is registered too.
        names = [n for n in (binding, trigger) if isinstance(n, str)] if binding else []
        for registered in names:
            if registered in mcls._bindings:
                raise fail_value(
                    name,
                    "binding",
                    "a binding type with no converter yet "
                    f"({mcls._bindings[registered].__name__} has it)",
                    registered,
                )
        cls = super().__new__(mcls, name, bases, namespace)
        cls._trigger = trigger  # type: ignore[attr-defined]
        for registered in names:
            mcls._bindings[registered] = cls
        return cls

    @classmethod
    def get(mcls, binding_name: str) -> Optional[type]:
        """The converter registered for ``binding_name`` (``"httpTrigger"``...), or None."""
        return mcls._bindings.get(binding_name) if isinstance(binding_name, str) else None

    def has_trigger_support(cls) -> bool:
        """Whether the converter reads a trigger (its class statement gave ``trigger``)."""
        return bool(getattr(cls, "_trigger", None))


class _BaseConverter(metaclass=_ConverterMeta, binding=None):
    """What the concrete converters share: reading typed data and trigger metadata."""

    @classmethod
    def _decode_typed_data(
        cls,
        data: Optional[Datum],
        *,
        python_type: Union[type, tuple[type, ...]],
        context: str = "data",
    ) -> Any:
        """The value of ``data`` as ``python_type`` (coerced when a single class is asked).

        None for no data. Raises ValueError for an unsupported type name or a value that
        cannot be converted.
        """
        if data is None:
            return None
        if not isinstance(data, Datum):
            raise fail_type(cls.__name__, context, "a Datum", data)
        if data.type is None:
            return None
        if data.type == "json":
            result = _loads(cls.__name__, context, data.value)
        elif data.type in ("string", "int", "double", "bytes") or data.type in _COLLECTIONS:
            result = data.value
        else:
            raise ValueError(f"{cls.__name__}: unsupported type of {context}: {data.type}")
        if isinstance(result, python_type):
            return result
        if isinstance(python_type, tuple):
            accepted = ", ".join(kind.__name__ for kind in python_type)
            raise ValueError(
                f"{cls.__name__}: {context} must be one of {accepted}, got {type(result).__name__}"
            )
        try:
            return python_type(result)
        except (TypeError, ValueError) as error:
            raise ValueError(
                f"{cls.__name__}: cannot convert {context} into {python_type.__name__}: {error}"
            ) from None

    @classmethod
    def _decode_trigger_metadata_field(
        cls,
        trigger_metadata: Optional[Mapping[str, Datum]],
        field: str,
        *,
        python_type: Union[type, tuple[type, ...]],
    ) -> Any:
        """One field of the trigger metadata as ``python_type``, or None when it is absent."""
        if trigger_metadata is not None and not isinstance(trigger_metadata, Mapping):
            accepted = "a mapping of Datums or None"
            raise fail_type(cls.__name__, "trigger_metadata", accepted, trigger_metadata)
        data = (trigger_metadata or {}).get(field)
        if data is None:
            return None
        return cls._decode_typed_data(
            data, python_type=python_type, context=f"field {field!r} in trigger metadata"
        )

    @classmethod
    def _parse_datetime_metadata(
        cls, trigger_metadata: Optional[Mapping[str, Datum]], field: str
    ) -> Optional[datetime.datetime]:
        """A trigger metadata field parsed with ``_parse_datetime``, or None."""
        text = cls._decode_trigger_metadata_field(trigger_metadata, field, python_type=str)
        return None if text is None else cls._parse_datetime(text)

    @classmethod
    def _parse_timedelta_metadata(
        cls, trigger_metadata: Optional[Mapping[str, Datum]], field: str
    ) -> Optional[datetime.timedelta]:
        """A trigger metadata field parsed with ``_parse_timedelta``, or None."""
        text = cls._decode_trigger_metadata_field(trigger_metadata, field, python_type=str)
        return None if text is None else cls._parse_timedelta(text)

    @classmethod
    def _parse_datetime(cls, datetime_str: Optional[str]) -> Optional[datetime.datetime]:
        """A timestamp as the host writes them: ISO 8601 or ``MM/DD/YYYY HH:MM:SS``.

        UTC forms (``Z``, ``+00:00``) give an aware datetime in UTC, forms without an offset
        a naive one; digits beyond the sixth of the fraction (.NET writes seven) are dropped.
        None for an empty value; ValueError when no form fits.
        """
        if not datetime_str:
            return None
        match = re.match(r"(.*\.\d{6})\d+(Z|[+-]\d{1,2}:\d{1,2})?$", datetime_str)
        if match:
            datetime_str = match.group(1) + (match.group(2) or "")
        parsed, _, _ = try_parse_datetime_with_formats(datetime_str, _UTC_FORMATS)
        if parsed is not None:
            return parsed.replace(tzinfo=datetime.timezone.utc)
        parsed, _, _ = try_parse_datetime_with_formats(datetime_str, _LOCAL_FORMATS)
        if parsed is not None:
            return parsed
        raise ValueError(f"{cls.__name__}: not a timestamp the host writes: {datetime_str!r}")

    @classmethod
    def _parse_timedelta(cls, timedelta_str: Optional[str]) -> Optional[datetime.timedelta]:
        """A duration ``HH:MM:SS``, ``MM:SS`` or a number of seconds; None for an empty value.

        Raises ValueError when no form fits.
        """
        if not timedelta_str:
            return None
        parsed, _, _ = try_parse_timedelta_with_formats(timedelta_str, ["%H:%M:%S", "%M:%S", "%S"])
        if parsed is None:
            raise ValueError(f"{cls.__name__}: not a duration: {timedelta_str!r}")
        return parsed


_UTC_FORMATS = [
    f"{date}{separator}%H:%M:%S{fraction}{zone}"
    for date, separator in (("%Y-%m-%d", "T"), ("%m/%d/%Y", " "))
    for zone in ("Z", "+00:00", "-00:00")
    for fraction in ("", ".%f")
]
_LOCAL_FORMATS = [
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S",
    "%m/%d/%YT%H:%M:%S.%f",
    "%m/%d/%YT%H:%M:%S",
]


class InConverter(_BaseConverter, binding=None):
    """Base of converters from a binding's ``Datum`` to what the function receives.

    Subclasses implement the class methods ``check_input_type_annotation(pytype)`` (may a
    parameter annotated ``pytype`` take this binding?), ``decode(data, *, trigger_metadata)``
    and ``has_implicit_output()`` (does the trigger also take the return value?).
    """

    @classmethod
    @abc.abstractmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether a parameter annotated ``pytype`` can receive this binding's value."""

    @classmethod
    @abc.abstractmethod
    def decode(cls, data: Datum, *, trigger_metadata: Optional[Mapping[str, Datum]]) -> Any:
        """The object the function receives for ``data``."""

    @classmethod
    @abc.abstractmethod
    def has_implicit_output(cls) -> bool:
        """Whether the function's return value goes back through this binding too."""


class OutConverter(_BaseConverter, binding=None):
    """Base of converters from what a function outputs to a binding's ``Datum``.

    Subclasses implement the class methods ``check_output_type_annotation(pytype)`` and
    ``encode(obj, *, expected_type)``.
    """

    @classmethod
    @abc.abstractmethod
    def check_output_type_annotation(cls, pytype: type) -> bool:
        """Whether an output annotated ``pytype`` (``Out[pytype]``) fits this binding."""

    @classmethod
    @abc.abstractmethod
    def encode(cls, obj: Any, *, expected_type: Optional[type]) -> Optional[Datum]:
        """The ``Datum`` to send for ``obj``."""


# The bindings whose converter an integration package (azure-functions-durable) may replace.
_OVERRIDABLE_BINDINGS = frozenset(
    {"orchestrationTrigger", "entityTrigger", "activityTrigger", "durableClient"}
)


def register_converter(binding_name: str, converter_cls: type, *, overwrite: bool = False) -> None:
    """Register ``converter_cls`` for one of the Durable Functions bindings (azure-functions 2).

    ``binding_name`` is ``orchestrationTrigger``, ``entityTrigger``, ``activityTrigger`` or
    ``durableClient``. Raises TypeError when ``converter_cls`` is not a subclass of
    ``InConverter`` or ``OutConverter``; ValueError for another binding name, or when the
    binding has a converter already and ``overwrite`` is False.
    """
    owner = "register_converter"
    if not isinstance(converter_cls, type) or not issubclass(
        converter_cls, (InConverter, OutConverter)
    ):
        accepted = "a subclass of InConverter or OutConverter"
        raise fail_type(owner, "converter_cls", accepted, converter_cls)
    if binding_name not in _OVERRIDABLE_BINDINGS:
        accepted = "one of " + ", ".join(sorted(_OVERRIDABLE_BINDINGS))
        raise fail_value(owner, "binding_name", accepted, binding_name)
    registry = get_binding_registry()
    if not overwrite and binding_name in registry._bindings:
        accepted = "a binding with no converter yet (or pass overwrite=True)"
        raise fail_value(owner, "binding_name", accepted, binding_name)
    registry._bindings[binding_name] = converter_cls


# The modules whose converters fill the registry; imported on the first call only, so that
# importing a binding type never loads them.
_CONVERTER_MODULES = ("._converters", ".durable_functions", ".connectors", ".mcp")


def get_binding_registry() -> type[_ConverterMeta]:
    """The converter registry: ``get_binding_registry().get("httpTrigger")`` is a converter class.

    Loads every converter of this package on the first call.
    """
    from importlib import import_module

    for name in _CONVERTER_MODULES:
        import_module(name, __package__)
    return _ConverterMeta
