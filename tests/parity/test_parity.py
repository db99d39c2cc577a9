"""Our binding types behave like the real ``azure.functions`` ones, call for call.

See cases.py for the cases and conftest.py for how the real package is run.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import azure_functions_compat
from azure_functions_compat import dropin

from .cases import CASES, CLASSES
from .normalize import describe_class, run_case

# Methods azure-functions 2.x added to InputStream, QueueMessage and TimerRequest that this
# package does not have yet: a known gap, reported while the suite runs against 2.x.
DIFFERENCES = Path(__file__).resolve().parents[2] / "docs" / "differences.md"


def comparable(outcome: dict[str, Any]) -> dict[str, Any]:
    """An outcome without the exception message: the messages are ours to word."""
    return {key: value for key, value in outcome.items() if key != "message"}


def explain(real: dict[str, Any], ours: dict[str, Any]) -> str:
    """The two outcomes; for long lists of results, only the first pair that differs."""
    real_items, our_items = real.get("result"), ours.get("result")
    if isinstance(real_items, list) and isinstance(our_items, list):
        for index, (one, other) in enumerate(zip(real_items, our_items)):
            if one != other:
                return f"item {index} differs\nreal: {one}\nours: {other}"
    return f"real: {real}\nours: {ours}"


def documented_sections() -> dict[str, str]:
    """The ``## `` sections of docs/differences.md: title -> text."""
    if not DIFFERENCES.exists():
        return {}
    parts = re.split(r"^## (.+?)[ \t]*$", DIFFERENCES.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def is_documented(section: str, entry: str) -> bool:
    return entry in documented_sections().get(section, "")


@pytest.mark.parametrize(("case_id", "code"), CASES)
def test_same_outcome_as_azure_functions(
    case_id: str,
    code: str,
    request: pytest.FixtureRequest,
    real_outcomes: dict[str, Any],
    our_namespace: dict[str, Any],
) -> None:
    real = real_outcomes["results"][case_id]
    ours = run_case(code, our_namespace)
    marker = request.node.get_closest_marker("difference")
    if marker is None:
        assert comparable(ours) == comparable(real), explain(real, ours)
    else:
        section, entry = marker.args
        assert is_documented(section, entry), f"'## {section}' lacks {entry!r}"
        assert comparable(ours) != comparable(real), f"no longer differs; both give {ours}"


@pytest.mark.parametrize("name", CLASSES)
def test_every_public_attribute_exists_with_the_same_kind(
    name: str, real_outcomes: dict[str, Any]
) -> None:
    real_attributes: dict[str, str] = real_outcomes["classes"][name]
    ours = describe_class(getattr(azure_functions_compat, name))
    missing = set(real_attributes) - set(ours)
    assert not missing, f"{name} lacks {sorted(missing)}"
    differing = {
        attribute: (kind, ours[attribute])
        for attribute, kind in real_attributes.items()
        if attribute in ours and ours[attribute] != kind
    }
    assert not differing, f"{name}: (real kind, our kind) {differing}"


def test_every_case_id_is_unique() -> None:
    ids = [param.values[0] for param in CASES]
    assert len(ids) == len(set(ids))


def test_every_marked_difference_is_documented() -> None:
    entries = {
        tuple(mark.args) for param in CASES for mark in param.marks if mark.name == "difference"
    }
    missing = [entry for entry in entries if not is_documented(*entry)]
    assert not missing, f"not in docs/differences.md: {missing}"


def test_virtual_subclass_registration_covers_the_seven_types() -> None:
    # test_virtual_subclasses.py checks isinstance against the real classes themselves.
    covered = {name for names in dropin._COUNTERPARTS.values() for name in names}
    assert set(CLASSES) <= covered
