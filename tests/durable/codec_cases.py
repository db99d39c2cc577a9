"""Calls of ``azure.functions._durable_functions``, run by our package and by the real one.

Prints one JSON object: the module that answered, and for each case what it returned (as
text) or the classes of the exception it raised. test_codec_parity.py compares the two outputs.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from typing import Any, Callable

import azure.functions._durable_functions as codec

warnings.simplefilter("ignore")

if not hasattr(codec, "df_dumps"):
    # azure-functions before 1.26 (the newest on Python 3.9 is 1.24) has only the two hooks.
    json.dump({"module": codec.__name__, "cases": None}, sys.stdout)
    sys.exit(0)


class Point:
    def __init__(self, x: int, y: int) -> None:
        self.x = x
        self.y = y

    @staticmethod
    def to_json(obj: Point) -> dict[str, int]:
        return {"x": obj.x, "y": obj.y}

    @staticmethod
    def from_json(data: dict[str, int]) -> Point:
        return Point(data["x"], data["y"])

    def __repr__(self) -> str:
        return f"Point({self.x}, {self.y})"


class Path_:
    def __init__(self, points: list[Point]) -> None:
        self.points = points

    @classmethod
    def to_json(cls, obj: Path_) -> dict[str, Any]:
        return {"points": obj.points}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Path_:
        return cls(data["points"])

    def __repr__(self) -> str:
        return f"Path_({self.points!r})"


class NoFromJson:
    def to_json(self) -> int:
        return 1


def envelope(module: object, name: object, data: object = None) -> str:
    return json.dumps({"__class__": name, "__module__": module, "__data__": data})


PATH = codec.df_dumps(Path_([Point(1, 2), Point(3, 4)]))

CASES: dict[str, Callable[[], Any]] = {
    "serialize": lambda: codec._serialize_custom_object(Point(1, 2)),
    "serialize without to_json": lambda: codec._serialize_custom_object(object()),
    "dumps nested": lambda: codec.df_dumps({"path": Path_([Point(1, 2)]), "n": [Point(5, 6)]}),
    "dumps plain": lambda: codec.df_dumps({"a": [1, 2.5, None, True, "x"]}),
    "dumps set": lambda: codec.df_dumps({1, 2}),
    "dumps circular": lambda: codec.df_dumps(_circular()),
    "loads nested": lambda: codec.df_loads(PATH),
    "loads plain": lambda: codec.df_loads('{"a": [1, 2]}'),
    "loads bytes": lambda: codec.df_loads(b'{"a": 1}'),
    "loads invalid": lambda: codec.df_loads("{"),
    "loads empty": lambda: codec.df_loads(""),
    "loads expected": lambda: codec.df_loads(PATH, expected_type=Path_),
    "loads expected mismatch": lambda: codec.df_loads(PATH, expected_type=Point),
    "loads expected plain mismatch": lambda: codec.df_loads("1", expected_type=str),
    "loads expected generic": lambda: codec.df_loads("[1]", expected_type=list[int]),
    "loads module not imported": lambda: codec.df_loads(envelope("no_such_module_x", "A")),
    "loads class missing": lambda: codec.df_loads(envelope("json", "Nope")),
    "loads class without from_json": lambda: codec.df_loads(envelope(__name__, "NoFromJson", 1)),
    "deserialize plain dict": lambda: codec._deserialize_custom_object({"a": 1}),
    "default": lambda: codec._get_serialize_default() is codec._serialize_custom_object,
    "strict dumps nested": lambda: _strict(codec.df_dumps, {"p": Point(1, 2)}),
    "strict dumps top": lambda: _strict(codec.df_dumps, Point(1, 2)),
    "strict loads without type": lambda: _strict(codec.df_loads, PATH),
    "strict loads plain": lambda: _strict(codec.df_loads, "[1, 2]"),
    "strict loads expected": lambda: _strict(codec.df_loads, PATH, Path_),
    "strict loads mismatch": lambda: _strict(codec.df_loads, PATH, Point),
    "strict loads plain mismatch": lambda: _strict(codec.df_loads, "1", str),
    "strict loads no from_json": lambda: _strict(
        codec.df_loads, envelope(__name__, "NoFromJson", 1), NoFromJson
    ),
    "strict default": lambda: _strict(codec._get_serialize_default),
}


def _circular() -> list[Any]:
    loop: list[Any] = []
    loop.append(loop)
    return loop


def _strict(function: Callable[..., Any], *args: Any) -> Any:
    os.environ["AZURE_FUNCTIONS_DURABLE_STRICT_TYPING"] = "true"
    try:
        return function(*args)
    finally:
        del os.environ["AZURE_FUNCTIONS_DURABLE_STRICT_TYPING"]


def main() -> None:
    results: dict[str, Any] = {}
    for name, case in CASES.items():
        try:
            results[name] = {"returned": repr(case())}
        except Exception as exc:
            results[name] = {"raised": [kind.__name__ for kind in type(exc).__mro__]}
    json.dump({"module": codec.__name__, "cases": results}, sys.stdout)


if __name__ == "__main__":
    main()
