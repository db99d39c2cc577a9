"""Helpers function code sometimes imports: ``StringifyEnum`` and enum parsing."""

from __future__ import annotations

import inspect
import re
from abc import ABCMeta
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar

from ..enums import StringifyEnum
from .core import parse_enum, parse_enum_list
from .core import to_camel_case as _to_camel_case

T = TypeVar("T", bound=StringifyEnum)

# A snake_case name (a word, an underscore, more) and a single word, as azure.functions
# defines them for its argument names.
SNAKE_CASE_RE = re.compile(r"^([a-zA-Z]+\d*_|_+[a-zA-Z\d])\w*$")
WORD_RE = re.compile(r"^([a-zA-Z]+\d*)$")


def is_snake_case(input_string: str) -> bool:
    """Whether ``input_string`` is snake_case: letters and digits joined by underscores.

    Raises TypeError when it is not a str.
    """
    if not isinstance(input_string, str):
        from .._validation import fail_type

        raise fail_type("is_snake_case", "input_string", "a str", input_string)
    return SNAKE_CASE_RE.match(input_string) is not None


def is_word(input_string: str) -> bool:
    """Whether ``input_string`` is one word: letters, then optional digits.

    Raises TypeError when it is not a str.
    """
    if not isinstance(input_string, str):
        from .._validation import fail_type

        raise fail_type("is_word", "input_string", "a str", input_string)
    return WORD_RE.match(input_string) is not None


def _without_nones(value: Any) -> Any:
    if isinstance(value, list):
        return [_without_nones(item) for item in value if item is not None]
    if isinstance(value, dict):
        return {key: _without_nones(item) for key, item in value.items() if item is not None}
    return value


class BuildDictMeta(type):
    """A metaclass for binding classes written against azure.functions' own binding base.

    It wraps the class's ``__init__`` to record the names of its parameters and keyword
    arguments in ``init_params`` (and keep unknown keyword arguments as attributes), and its
    ``get_dict_repr`` (when it has one) to drop every None value, recursively. The binding
    classes of this package do not need it; it is here for code that builds on it.
    """

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> Any:
        cls = super().__new__(mcs, name, bases, namespace)
        init = cls.__dict__.get("__init__")
        if init is not None:
            cls.__init__ = _recording_init(init)  # type: ignore[misc]
        get_dict_repr = cls.__dict__.get("get_dict_repr")
        if get_dict_repr is not None:
            cls.get_dict_repr = _dropping_nones(get_dict_repr)  # type: ignore[attr-defined]
        return cls


def _recording_init(init: Callable[..., None]) -> Callable[..., None]:
    import functools

    names = list(inspect.signature(init).parameters)

    @functools.wraps(init)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        for key, value in kwargs.items():
            if not hasattr(self, key):
                setattr(self, key, value)
        self.init_params = [*names, *kwargs]

    return wrapper


def _dropping_nones(get_dict_repr: Callable[..., Any]) -> Callable[..., Any]:
    import functools

    @functools.wraps(get_dict_repr)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return _without_nones(get_dict_repr(*args, **kwargs))

    return wrapper


class ABCBuildDictMeta(ABCMeta, BuildDictMeta):
    """``BuildDictMeta`` for abstract classes."""


def to_camel_case(snake_case_str: str) -> str:
    """``"queue_name"`` -> ``"queueName"``. Raises ``ValueError`` for a name that is not one."""
    return _to_camel_case("to_camel_case", snake_case_str)


def parse_singular_param_to_enum(param: object, class_name: type[T]) -> Optional[T]:
    """A member of ``class_name`` from a member or a name (any case); None stays None."""
    return parse_enum("parse_singular_param_to_enum", "param", param, class_name)


def parse_iterable_param_to_enums(param_values: object, class_name: type[T]) -> Optional[list[T]]:
    """A list of members of ``class_name`` from members or names; None stays None."""
    return parse_enum_list(
        "parse_iterable_param_to_enums", "param_values", param_values, class_name
    )


if TYPE_CHECKING:
    from json import JSONEncoder

    class StringifyEnumJsonEncoder(JSONEncoder):
        """A JSON encoder that writes a ``StringifyEnum`` member as its name."""

else:

    def __getattr__(name: str) -> Any:
        # Made on first use: defining it needs the json module, which importing the
        # decorators should not cost.
        if name != "StringifyEnumJsonEncoder":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from json import JSONEncoder

        class StringifyEnumJsonEncoder(JSONEncoder):
            """A JSON encoder that writes a ``StringifyEnum`` member as its name."""

            def default(self, o: Any) -> Any:
                if isinstance(o, StringifyEnum):
                    return str(o)
                return super().default(o)

        globals()[name] = StringifyEnumJsonEncoder
        return StringifyEnumJsonEncoder


__all__ = [
    "StringifyEnum",
    "parse_iterable_param_to_enums",
    "parse_singular_param_to_enum",
    "to_camel_case",
]
