"""The building blocks of decorator metadata: bindings, triggers, settings and their enums.

A binding records what one decorator describes: its ``type`` (``"blobTrigger"``), its
direction, its data type and its settings. ``get_dict_repr()`` gives it in ``function.json``
shape: ``direction``, ``dataType``, ``type``, ``name``, then each setting under its camelCase
key, leaving out settings that are ``None``.

Each binding kind in this package is declared, not programmed: a subclass names its
``binding_type``, its direction (by its base class) and its ``fields`` in the order they
appear in the metadata. Subclasses written in the style of ``azure.functions`` (an
``__init__`` that stores attributes, then calls ``super().__init__(name=..., data_type=...)``)
work as well: the attributes named by their ``__init__`` parameters, and any extra keyword
arguments, become the settings.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from enum import Enum
from typing import Any, Callable, ClassVar, Optional, TypeVar, Union

from .._validation import describe, fail_type, fail_value
from ..enums import (
    AccessRights,
    AuthLevel,
    BlobSource,
    Cardinality,
    DataType,
    HttpMethod,
    StringifyEnum,
)

SCRIPT_FILE_NAME = "function_app.py"
"""The script the Functions host looks for in an app that uses the decorator model."""

E = TypeVar("E", bound=Enum)

# Keyword names that never become settings of a binding (the real package skips the same).
_NOT_SETTINGS = frozenset({"self", "kwargs", "type", "data_type", "direction"})


class BindingDirection(StringifyEnum):
    """Whether a binding brings data in, sends it out, or both."""

    IN = 0
    OUT = 1
    INOUT = 2


class McpPropertyType(StringifyEnum):
    """The JSON type of one property of an MCP tool (``DATETIME`` is sent as a string)."""

    INTEGER = "integer"
    FLOAT = "float"
    STRING = "string"
    BOOLEAN = "boolean"
    OBJECT = "object"
    DATETIME = "string"


class CosmosDBChangeFeedMode(StringifyEnum):
    """Which changes a Cosmos DB trigger reads (azure-functions 2): the latest version of each
    item, or every version and the deletes.
    """

    LATEST_VERSION = "LatestVersion"
    ALL_VERSIONS_AND_DELETES = "AllVersionsAndDeletes"


@functools.lru_cache(maxsize=512)
def _camel(key: str) -> Optional[str]:
    # The same few setting names come back for every binding: remember their spelling.
    if (
        not key
        or not key.isascii()
        or key[0].isdigit()
        or not key.replace("_", "").isalnum()
        or key.strip("_") == ""
    ):
        return None
    first, *rest = key.split("_")
    return first + "".join(word.title() for word in rest)


def to_camel_case(owner: str, key: str) -> str:
    """``"queue_name"`` -> ``"queueName"``; a key already in camelCase is kept.

    Raises ``ValueError`` unless ``key`` is a word or snake_case: ASCII letters, digits and
    underscores, not starting with a digit.
    """
    camel = _camel(key) if isinstance(key, str) else None
    if camel is None:
        raise fail_value(
            owner,
            "setting name",
            "a word or snake_case name (ASCII letters, digits, '_', not starting with a digit)",
            key,
        )
    return camel


class EnumNameError(ValueError, KeyError):
    """An unknown enum member name given to a decorator or an app.

    A ``ValueError``, as every bad argument value here, and also the ``KeyError`` that
    azure.functions raises, so code written for either catches it.
    """

    def __str__(self) -> str:
        # KeyError would show the message in quotes.
        return ValueError.__str__(self)


def enum_name_error(owner: str, param: str, accepted: str, value: object) -> EnumNameError:
    """An :class:`EnumNameError` with the message of :func:`fail_value`."""
    return EnumNameError(str(fail_value(owner, param, accepted, value)))


def parse_enum(owner: str, param: str, value: object, enum_cls: type[E]) -> Optional[E]:
    """``value`` as a member of ``enum_cls``: a member is kept, a str is a member name.

    Names match case-insensitively (``"anonymous"`` is ``AuthLevel.ANONYMOUS``); None stays
    None. Raises :class:`EnumNameError` (a ``ValueError`` and a ``KeyError``) for an
    unknown name, ``TypeError`` for any other type.
    """
    if value is None or isinstance(value, enum_cls):
        return value
    if isinstance(value, str):
        member = enum_cls.__members__.get(value.upper())
        if member is None:
            names = ", ".join(enum_cls.__members__)
            raise enum_name_error(
                owner, param, f"a {enum_cls.__name__} or one of its names ({names})", value
            )
        return member
    raise fail_type(owner, param, f"a {enum_cls.__name__}, a str naming one, or None", value)


def parse_enum_list(owner: str, param: str, value: object, enum_cls: type[E]) -> Optional[list[E]]:
    """An iterable of members or names as a list of members; None stays None."""
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise fail_type(
            owner, param, f"an iterable of {enum_cls.__name__} members or names, or None", value
        )
    result: list[E] = []
    for item in value:
        member = parse_enum(owner, f"{param} item", item, enum_cls)
        if member is None:
            raise fail_type(owner, f"{param} item", f"a {enum_cls.__name__} or a str", item)
        result.append(member)
    return result


def check_json_value(owner: str, param: str, value: object, depth: int = 0) -> None:
    """Check that ``value`` can be written into function metadata as JSON.

    Accepted: None, bool, int, float, str, our enums (written by name), and lists, tuples
    and str-keyed dicts of these. Raises ``TypeError`` naming ``param`` otherwise.
    """
    if value is None or isinstance(value, (str, bool, int, float, StringifyEnum)):
        return
    if depth > 50:
        raise fail_value(owner, param, "nested at most 50 levels deep", value)
    if isinstance(value, (list, tuple)):
        for item in value:
            check_json_value(owner, param, item, depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise fail_type(owner, f"{param} key", "a str", key)
            check_json_value(owner, f"{param}[{key!r}]", item, depth + 1)
        return
    raise fail_type(
        owner,
        param,
        "a JSON value (None, bool, int, float, str, enum, or a list or dict of them)",
        value,
    )


def drop_nones(value: Any) -> Any:
    """A copy of ``value`` without the None items of its lists and dicts, at every depth."""
    if isinstance(value, dict):
        return {key: drop_nones(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [drop_nones(item) for item in value if item is not None]
    return value


def _json_default(value: object) -> str:
    if isinstance(value, StringifyEnum):
        return str(value)
    raise TypeError(f"function metadata: {describe(value)} cannot be written as JSON")


def to_json(value: object) -> str:
    """Function metadata as a JSON string, with our enums written by member name."""
    import json

    return json.dumps(value, default=_json_default)


def _wrap_custom_init(cls: type[Binding], init: Callable[..., None]) -> None:
    """Make a subclass ``__init__`` in the ``azure.functions`` style record its settings."""
    import inspect

    parameters = list(inspect.signature(init).parameters)

    @functools.wraps(init)
    def __init__(self: Binding, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        names = [*parameters, *(key for key in kwargs if key not in parameters)]
        for key in kwargs:
            if key not in parameters and not hasattr(self, key):
                setattr(self, key, kwargs[key])
        # Only the outermost __init__ decides: it knows every parameter of the subclass.
        if self.__class__.__init__ is __init__:
            self._attribute_settings = [n for n in names if n not in _NOT_SETTINGS]

    cls.__init__ = __init__  # type: ignore[method-assign]


_NOT_SETTING_VALUES = frozenset({"self", "kwargs", "setting_name"})


def _wrap_setting_init(cls: type[Setting], init: Callable[..., None]) -> None:
    """Make a ``Setting`` subclass ``__init__`` record the names of its values.

    As in ``azure.functions``, the parameters of the outermost ``__init__`` and the extra
    keyword arguments given are the setting's values, read from the instance's attributes.
    """
    import inspect

    parameters = list(inspect.signature(init).parameters)

    @functools.wraps(init)
    def __init__(self: Setting, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        extra = [key for key in kwargs if key not in parameters]
        if hasattr(self, "__dict__"):
            for key in extra:
                if not hasattr(self, key):
                    setattr(self, key, kwargs[key])
        if self.__class__.__init__ is __init__:
            names = [*parameters, *extra]
            self._attribute_names = [n for n in names if n not in _NOT_SETTING_VALUES]

    cls.__init__ = __init__  # type: ignore[method-assign]


class Binding:
    """One binding of a function: a trigger, an input or an output, with its settings.

    ``Binding(name, data_type=None, **settings)`` on a declared subclass: ``name`` is the
    argument name (``"$return"`` for the return value), ``data_type`` a ``DataType`` or its
    name, and ``settings`` the subclass's ``fields`` (required ones must not be None) plus
    any extra settings, written under camelCase keys. Raises ``TypeError`` or ``ValueError``
    naming the setting for bad input.
    """

    binding_type: ClassVar[Optional[str]] = None
    """The ``type`` written into the metadata, e.g. ``"queueTrigger"``."""
    fields: ClassVar[tuple[str, ...]] = ()
    """The settings of this kind, in the order they are written."""
    required: ClassVar[tuple[str, ...]] = ()
    """The fields that must be given and not None."""
    enums: ClassVar[Mapping[str, type[Enum]]] = {}
    """Fields whose str values are parsed into an enum member by name."""
    member_values: ClassVar[tuple[str, ...]] = ()
    """Fields where an enum member is written as its value (a str is kept as given)."""
    defaults: ClassVar[Mapping[str, Any]] = {}
    """Values of fields that were not given at all (given as None, they stay None)."""
    _direction_default: ClassVar[BindingDirection] = BindingDirection.IN

    _attribute_settings: Optional[list[str]] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is not None:
            _wrap_custom_init(cls, init)

    def __init__(
        self,
        name: str,
        direction: Optional[BindingDirection] = None,
        data_type: Union[DataType, str, None] = None,
        type: Optional[str] = None,
        **settings: Any,
    ) -> None:
        owner = self.__class__.__name__
        if not isinstance(name, str) or not name:
            raise fail_type(owner, "name", "a non-empty str", name)
        if direction is not None and not isinstance(direction, BindingDirection):
            raise fail_type(owner, "direction", "a BindingDirection or None", direction)
        binding_type = self.get_binding_name()
        if binding_type is None:
            binding_type = type
        if binding_type is not None and not isinstance(binding_type, str):
            raise fail_type(owner, "type", "a str", binding_type)
        self.type: Optional[str] = binding_type
        self.name = name
        self._direction = self._direction_default if direction is None else direction
        self._data_type = parse_enum(owner, "data_type", data_type, DataType)
        self._settings: dict[str, Any] = {}
        if self._attribute_settings is None and self.__class__.__init__ is Binding.__init__:
            self._take_settings(owner, settings)

    @classmethod
    def check_settings(cls, owner: str, settings: dict[str, Any]) -> None:
        """Check or complete the settings of this kind as a whole; overridden per kind."""

    def _take_settings(self, owner: str, settings: dict[str, Any]) -> None:
        for key, value in self.defaults.items():
            settings.setdefault(key, value)
        self.check_settings(owner, settings)
        for key in self.required:
            if settings.get(key) is None:
                raise TypeError(f"{owner}: {key} is required and must not be None")
        ordered = [*self.fields, *(key for key in settings if key not in self.fields)]
        for key in ordered:
            value = settings.get(key)
            if key in _NOT_SETTINGS or key == "name":
                raise TypeError(f"{owner}: {key!r} cannot be given as an extra setting")
            to_camel_case(owner, key)
            enum_cls = self.enums.get(key)
            if key in self.member_values and isinstance(value, Enum):
                value = value.value
            elif enum_cls is not None:
                if key == "methods":
                    value = parse_enum_list(owner, key, value, enum_cls)
                else:
                    value = parse_enum(owner, key, value, enum_cls)
            check_json_value(owner, key, value)
            self._settings[key] = value

    @classmethod
    def get_binding_name(cls) -> Optional[str]:
        """The ``type`` this kind of binding writes, or None when it is given per binding."""
        return cls.binding_type

    @property
    def direction(self) -> int:
        """The direction as its number (0 in, 1 out, 2 both)."""
        return int(self._direction.value)

    @property
    def data_type(self) -> Optional[int]:
        """The data type as its number, or None when not given."""
        return None if self._data_type is None else int(self._data_type.value)

    def get_settings(self) -> dict[str, Any]:
        """The settings by their snake_case names, None values included, in order."""
        if self._attribute_settings is not None:
            return {key: getattr(self, key, None) for key in self._attribute_settings}
        return dict(self._settings)

    def set_setting(self, key: str, value: Any) -> None:
        """Set one setting, keeping its place in the metadata if it is already there."""
        if self._attribute_settings is not None:
            setattr(self, key, value)
            if key not in self._attribute_settings:
                self._attribute_settings.append(key)
        else:
            self._settings[key] = value

    def __getattr__(self, key: str) -> Any:
        # Settings read like attributes, as on the real binding objects (trigger.route).
        if not key.startswith("_"):
            settings = self.__dict__.get("_settings")
            if settings is not None and key in settings:
                return settings[key]
        raise AttributeError(f"{self.__class__.__name__!r} object has no attribute {key!r}")

    def get_dict_repr(self) -> dict[str, Any]:
        """The binding in ``function.json`` shape: camelCase keys, None values left out."""
        result: dict[str, Any] = {
            "direction": self._direction,
            "dataType": self._data_type,
            "type": self.type,
            "name": self.name,
        }
        owner = self.__class__.__name__
        for key, value in self.get_settings().items():
            if key == "name":
                continue
            result[to_camel_case(owner, key)] = value
        return drop_nones(result)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} {self.get_dict_repr()!r}>"


class Trigger(Binding):
    """A binding that starts the function; every function has exactly one."""

    @staticmethod
    def is_supported_trigger_type(trigger_instance: Binding, trigger_type: type[Binding]) -> bool:
        """Whether ``trigger_instance`` is a ``trigger_type``, by class or by its ``type``."""
        return (
            isinstance(trigger_instance, trigger_type)
            or trigger_instance.type == trigger_type.get_binding_name()
        )


class InputBinding(Binding):
    """A binding that hands extra data to the function."""


class OutputBinding(Binding):
    """A binding that takes data the function produces."""

    _direction_default = BindingDirection.OUT


class Setting:
    """A function setting that is not a binding, such as its name or its retry policy.

    ``get_dict_repr()`` gives ``{"setting_name": ..., <values>}`` with snake_case keys and
    None values left out.
    """

    __slots__ = ("_attribute_names", "_values", "setting_name")

    _attribute_names: list[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is not None:
            _wrap_setting_init(cls, init)

    def __init__(self, setting_name: str, **values: Any) -> None:
        if not isinstance(setting_name, str) or not setting_name:
            raise fail_type("Setting", "setting_name", "a non-empty str", setting_name)
        self.setting_name = setting_name
        self._values = values

    def get_setting_name(self) -> str:
        """The name this setting is found by, e.g. ``"retry_policy"``."""
        return self.setting_name

    def get_dict_repr(self) -> dict[str, Any]:
        """The setting as a dict: ``setting_name`` first, then its values."""
        result: dict[str, Any] = {"setting_name": self.setting_name}
        result.update(self._values)
        # A subclass in the azure.functions style keeps its values as attributes.
        for key in getattr(self, "_attribute_names", ()):
            if key not in result:
                result[key] = getattr(self, key, None)
        return drop_nones(result)  # type: ignore[no-any-return]

    def get_settings_value(self, settings_attribute_key: str) -> Any:
        """One value of the setting, or None when absent."""
        return self.get_dict_repr().get(settings_attribute_key)

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} {self.get_dict_repr()!r}>"


__all__ = [
    "SCRIPT_FILE_NAME",
    "AccessRights",
    "AuthLevel",
    "Binding",
    "BindingDirection",
    "BlobSource",
    "Cardinality",
    "DataType",
    "HttpMethod",
    "InputBinding",
    "McpPropertyType",
    "OutputBinding",
    "Setting",
    "StringifyEnum",
    "Trigger",
    "parse_enum",
    "to_camel_case",
]
