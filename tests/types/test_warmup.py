from __future__ import annotations

import weakref

import pytest

import azure_functions_compat as func
from azure_functions_compat.warmup import WarmUpContext


def test_it_is_the_top_level_and_the_submodule_name() -> None:
    assert func.WarmUpContext is WarmUpContext


def test_the_documented_warmup_function_runs() -> None:
    calls: list[str] = []

    def warmup(warmup_context: func.WarmUpContext) -> None:
        calls.append("warm")

    warmup(func.WarmUpContext())
    assert calls == ["warm"]


def test_it_takes_no_arguments_like_the_real_one() -> None:
    with pytest.raises(TypeError):
        WarmUpContext(1)  # type: ignore[call-arg]


def test_repr_and_weak_references() -> None:
    context = WarmUpContext()
    assert repr(context) == "<WarmUpContext>"
    assert weakref.ref(context)() is context


def test_a_subclass_can_add_state() -> None:
    class MockWarmUpContext(WarmUpContext):
        def __init__(self, note: str) -> None:
            self.note = note

    assert MockWarmUpContext("n").note == "n"
