"""The Durable Functions JSON codec at ``azure.functions._durable_functions``: envelopes,
strict mode, advisories, and what a payload may not make it do.
"""

from __future__ import annotations

import json
import logging
import sys
import types
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from azure_functions_compat import _durable_functions as codec
from azure_functions_compat import durable_functions

STRICT = "AZURE_FUNCTIONS_DURABLE_STRICT_TYPING"


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

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)

    __hash__ = None  # type: ignore[assignment]


class Route:
    def __init__(self, stops: list[Point]) -> None:
        self.stops = stops

    @staticmethod
    def to_json(obj: Route) -> dict[str, Any]:
        return {"stops": obj.stops}

    @staticmethod
    def from_json(data: dict[str, Any]) -> Route:
        return Route(data["stops"])


class Recursive:
    @staticmethod
    def to_json(obj: Recursive) -> Recursive:
        return obj


class NotRebuildable:
    from_json = "not callable"


def envelope(module: object, name: object, data: object = None) -> dict[str, Any]:
    return {"__class__": name, "__module__": module, "__data__": data}


@pytest.fixture(autouse=True)
def loose_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(STRICT, raising=False)


@pytest.fixture
def strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STRICT, "1")


@pytest.fixture
def fresh_notices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codec, "_loose_codec_notice_emitted", False)
    monkeypatch.setattr(codec, "_no_expected_type_notice_emitted", False)


@pytest.fixture
def quiet() -> Iterator[None]:
    """The one-time advisories silenced, for tests about something else."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


# Envelopes ------------------------------------------------------------------------------------


def test_custom_object_is_written_as_class_module_and_data() -> None:
    assert codec._serialize_custom_object(Point(1, 2)) == {
        "__class__": "Point",
        "__module__": __name__,
        "__data__": {"x": 1, "y": 2},
    }


def test_object_without_to_json_cannot_be_written() -> None:
    with pytest.raises(TypeError, match=r"must be JSON-serializable .* got \{1\} \(set\)"):
        codec._serialize_custom_object({1})


def test_custom_objects_at_any_depth_are_written_as_envelopes() -> None:
    written = json.loads(codec.df_dumps({"route": Route([Point(1, 2)])}))
    assert written == {
        "route": envelope(
            __name__, "Route", {"stops": [envelope(__name__, "Point", {"x": 1, "y": 2})]}
        )
    }


@pytest.mark.usefixtures("quiet")
def test_written_custom_objects_are_rebuilt_at_any_depth() -> None:
    read = codec.df_loads(codec.df_dumps([Route([Point(1, 2), Point(3, 4)])]))
    assert isinstance(read[0], Route)
    assert read[0].stops == [Point(1, 2), Point(3, 4)]


def test_a_dict_that_is_not_an_envelope_is_returned_as_it_is() -> None:
    value = {"__class__": "Point", "__module__": __name__}
    assert codec._deserialize_custom_object(value) is value


@pytest.mark.usefixtures("quiet")
def test_rebuilding_leaves_the_envelope_unchanged() -> None:
    value = envelope(__name__, "Point", {"x": 1, "y": 2})
    assert codec._deserialize_custom_object(dict(value)) == Point(1, 2)
    kept = dict(value)
    codec._deserialize_custom_object(kept)
    assert kept == value


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (float("nan"), None),
        ({1, 2}, TypeError),
        ({(1, 2): "tuple key"}, TypeError),
        (Recursive(), ValueError),
    ],
    ids=["nan is written as JSON allows", "set", "tuple key", "to_json returning itself"],
)
def test_values_json_cannot_hold_raise_type_or_value_errors(
    value: object, problem: type[Exception] | None
) -> None:
    if problem is None:
        assert codec.df_dumps(value) == "NaN"
        return
    with pytest.raises(problem):
        codec.df_dumps(value)


def test_nesting_too_deep_to_write_is_a_value_error() -> None:
    nested: list[Any] = []
    for _ in range(100_000):
        nested = [nested]
    with pytest.raises(ValueError, match=r"df_dumps: value nests too deeply .* got a list"):
        codec.df_dumps(nested)


def test_circular_reference_is_a_value_error() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        codec.df_dumps(loop)


# Reading bad input -----------------------------------------------------------------------------


@pytest.mark.usefixtures("quiet")
def test_invalid_json_is_a_json_decode_error() -> None:
    with pytest.raises(json.JSONDecodeError):
        codec.df_loads("{")


@pytest.mark.usefixtures("quiet")
@pytest.mark.parametrize("value", [None, 1, ["[]"]])
def test_loads_refuses_what_is_not_text(value: Any) -> None:
    with pytest.raises(TypeError, match=r"df_loads: s must be JSON text"):
        codec.df_loads(value)


@pytest.mark.usefixtures("quiet")
def test_nesting_too_deep_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="too deeply"):
        codec.df_loads("[" * 200_000 + "]" * 200_000)


@pytest.mark.parametrize(
    ("payload", "accepted"),
    [
        ([1], "a dict"),
        (envelope(1, "Point"), "__module__ must be a str"),
        (envelope(None, "Point"), "__module__ must be a str"),
        (envelope(__name__, ["Point"]), "__class__ must be a str"),
    ],
)
def test_envelope_with_names_that_are_not_text_is_a_type_error(
    payload: object, accepted: str
) -> None:
    with pytest.raises(TypeError, match=accepted):
        codec._deserialize_custom_object(payload)  # type: ignore[arg-type]


# What a payload may name ------------------------------------------------------------------------


def test_a_module_not_imported_is_refused_and_stays_unimported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "payload_named_module.py").write_text("IMPORTED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    payload = envelope("payload_named_module", "Anything")
    with pytest.raises(ValueError, match="'payload_named_module' is not imported"):
        codec._deserialize_custom_object(payload)
    assert "payload_named_module" not in sys.modules


def test_a_class_missing_from_its_module_is_a_value_and_attribute_error() -> None:
    with pytest.raises(ValueError, match="defines no 'Nowhere'") as raised:
        codec._deserialize_custom_object(envelope(__name__, "Nowhere"))
    assert isinstance(raised.value, AttributeError)


def test_a_module_getattr_is_not_consulted(monkeypatch: pytest.MonkeyPatch) -> None:
    lazy = types.ModuleType("lazy_payload_module")
    asked = []

    def module_getattr(name: str) -> type:
        asked.append(name)
        return Point

    lazy.__getattr__ = module_getattr  # type: ignore[method-assign]
    monkeypatch.setitem(sys.modules, "lazy_payload_module", lazy)
    with pytest.raises(AttributeError):
        codec._deserialize_custom_object(envelope("lazy_payload_module", "Point", {}))
    assert asked == []


def test_a_name_that_is_not_a_class_is_refused() -> None:
    with pytest.raises(TypeError, match="'envelope' is not a class"):
        codec._deserialize_custom_object(envelope(__name__, "envelope"))


@pytest.mark.parametrize("name", ["Recursive", "NotRebuildable"])
def test_a_class_without_a_callable_from_json_is_refused(name: str) -> None:
    with pytest.raises(TypeError, match="has no callable from_json"):
        codec._deserialize_custom_object(envelope(__name__, name))


# expected_type and strict mode ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", "true", "yes", " YES ", "True"])
def test_strict_mode_is_switched_on_by_truthy_values(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(STRICT, value)
    assert codec._get_serialize_default() is None


@pytest.mark.parametrize("value", ["", "0", "false", "no", "on"])
def test_other_values_leave_loose_mode(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(STRICT, value)
    assert codec._get_serialize_default() is codec._serialize_custom_object


def test_expected_type_mismatch_is_logged_in_loose_mode(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="azure.functions.DurableFunctions"):
        value = codec.df_loads('"text"', expected_type=int)
    assert value == "text"
    assert "not of expected_type builtins.int" in caplog.text


@pytest.mark.usefixtures("strict")
def test_strict_mode_writes_only_the_top_level_object_as_an_envelope() -> None:
    assert json.loads(codec.df_dumps(Point(1, 2))) == envelope(__name__, "Point", {"x": 1, "y": 2})
    with pytest.raises(TypeError):
        codec.df_dumps([Point(1, 2)])


@pytest.mark.usefixtures("strict")
def test_strict_mode_needs_expected_type_for_a_custom_object() -> None:
    payload = codec.df_dumps(Point(1, 2))
    with pytest.raises(TypeError, match=f"expected_type, got a payload of {__name__}.Point"):
        codec.df_loads(payload)
    assert codec.df_loads(payload, expected_type=Point) == Point(1, 2)


@pytest.mark.usefixtures("strict")
@pytest.mark.parametrize(
    ("payload", "expected_type"),
    [
        (json.dumps(envelope(__name__, "Point", {"x": 1, "y": 2})), Route),
        ("1", str),
        (json.dumps(envelope(__name__, "Recursive", 1)), Recursive),
    ],
    ids=["another class", "another plain type", "no from_json"],
)
def test_strict_mode_refuses_a_payload_of_another_type(payload: str, expected_type: type) -> None:
    with pytest.raises(TypeError, match="df_loads"):
        codec.df_loads(payload, expected_type=expected_type)


@pytest.mark.usefixtures("strict")
def test_strict_mode_cannot_check_a_generic_alias_and_lets_it_pass() -> None:
    assert codec.df_loads("[1]", expected_type=list[int]) == [1]


# Advisories -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("fresh_notices")
def test_loads_without_expected_type_advises_once(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="azure.functions.DurableFunctions"):
        with pytest.warns(DeprecationWarning, match="without expected_type"):
            codec.df_loads("1")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            codec.df_loads("2")
    assert caplog.text.count("without expected_type") == 1


@pytest.mark.usefixtures("fresh_notices")
def test_rebuilding_from_the_payload_advises_once() -> None:
    payload = codec.df_dumps(Point(1, 2))
    with pytest.warns(DeprecationWarning, match="rebuilt from the class its payload names"):
        codec.df_loads(payload, expected_type=Point)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        codec.df_loads(payload, expected_type=Point)


@pytest.mark.usefixtures("fresh_notices", "strict")
def test_strict_mode_gives_no_advice() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        codec.df_loads(codec.df_dumps(Point(1, 2)), expected_type=Point)


# The contexts -----------------------------------------------------------------------------------


def test_contexts_are_those_of_durable_functions() -> None:
    assert codec.OrchestrationContext is durable_functions.OrchestrationContext
    assert codec.EntityContext is durable_functions.EntityContext
