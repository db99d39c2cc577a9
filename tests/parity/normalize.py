"""Turn the outcome of a parity case into plain JSON data, the same way in both interpreters.

This file is imported by the parity tests AND run by the real package's interpreter (through
``real_worker.py``), so it uses the standard library only and works on Python 3.9 and later.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any


def normalize(value: Any) -> Any:
    """A JSON-able description of ``value`` that two equal-behaving objects share."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        # An IntEnum such as HTTPStatus compares as its number.
        return int(value)
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"bytes": bytes(value).decode("latin-1")}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, Mapping):
        items = [[normalize(key), normalize(item)] for key, item in value.items()]
        return {"mapping": sorted(items, key=lambda pair: json.dumps(pair, sort_keys=True))}
    if isinstance(value, (list, tuple)):
        return [normalize(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return {"set": sorted((normalize(item) for item in value), key=json.dumps)}
    return {"object": type(value).__name__}


def exception_kind(error: BaseException) -> str:
    """The built-in exception class a caller would catch: the first one in the MRO."""
    for cls in type(error).__mro__:
        if cls.__module__ == "builtins":
            return cls.__name__
    return "BaseException"


def run_case(code: str, namespace: dict[str, Any]) -> dict[str, Any]:
    """Run a case (statements that set ``result``) and describe what happened."""
    scope = dict(namespace)
    try:
        exec(code, scope)
    except Exception as error:
        return {"raises": exception_kind(error), "message": str(error)[:200]}
    return {"result": normalize(scope.get("result"))}


def describe_class(cls: type) -> dict[str, str]:
    """Public attributes of a class and their kind: property, method or other."""
    kinds: dict[str, str] = {}
    for name in dir(cls):
        if name.startswith("_"):
            continue
        attribute = getattr(cls, name, None)
        if isinstance(attribute, property) or type(attribute).__name__ in (
            "getset_descriptor",
            "member_descriptor",
        ):
            kinds[name] = "property"
        elif callable(attribute):
            kinds[name] = "method"
        else:
            kinds[name] = "other"
    return kinds
