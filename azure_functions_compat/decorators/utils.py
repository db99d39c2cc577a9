"""Helpers function code sometimes imports: ``StringifyEnum`` and enum parsing."""

from __future__ import annotations

from typing import Optional, TypeVar

from ..enums import StringifyEnum
from .core import parse_enum, parse_enum_list
from .core import to_camel_case as _to_camel_case

T = TypeVar("T", bound=StringifyEnum)


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


__all__ = [
    "StringifyEnum",
    "parse_iterable_param_to_enums",
    "parse_singular_param_to_enum",
    "to_camel_case",
]
