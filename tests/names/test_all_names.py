"""Every public name of azure.functions exists here, under the same path, as the same kind.

The real package (in its own environment) lists its names with ``inventory.py``: the top
level's ``__all__`` and ``dir()``, and the public names of every public submodule,
recursively (``decorators``, ``extension``...). Function code that takes any of them from
``azure.functions`` must import unchanged under the drop-in, where ``azure.functions.X`` is
``azure_functions_compat.X``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

from .conftest import run_real
from .inventory import kind_of

REAL_ROOT = "azure.functions"
OUR_ROOT = "azure_functions_compat"

# Names left out on purpose: (module, name) -> why. Each is also in docs/differences.md,
# section "Remaining names".
DELIBERATELY_ABSENT: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def real_names(real_python: Path) -> dict[str, dict[str, str]]:
    """Module -> public name -> kind, as the real package has them."""
    names: dict[str, dict[str, str]] = run_real(real_python, "inventory.py", "", REAL_ROOT)
    return names


def ours(module: str) -> str:
    return OUR_ROOT + module[len(REAL_ROOT) :]


def find(module: str, name: str) -> tuple[bool, Any]:
    """(found, value) of ``name`` in our counterpart of the real ``module``."""
    try:
        found = importlib.import_module(ours(module))
    except ImportError:
        return False, None
    if not hasattr(found, name):
        return False, None
    return True, getattr(found, name)


def test_every_public_submodule_exists(real_names: dict[str, dict[str, str]]) -> None:
    missing = []
    for module in real_names:
        try:
            importlib.import_module(ours(module))
        except ImportError:
            missing.append(ours(module))
    assert missing == []


def test_every_public_name_exists(real_names: dict[str, dict[str, str]]) -> None:
    missing = [
        f"{ours(module)}.{name}"
        for module, names in real_names.items()
        for name in names
        if (module, name) not in DELIBERATELY_ABSENT and not find(module, name)[0]
    ]
    assert missing == []


def test_every_public_name_is_the_same_kind(real_names: dict[str, dict[str, str]]) -> None:
    # "absent" marks a name the real package declares in __all__ but never defines
    # (azure.functions.WarmUpContext in 1.x): ours only has to exist.
    different = []
    for module, names in real_names.items():
        for name, kind in names.items():
            found, value = find(module, name)
            if found and kind != "absent" and kind_of(value) != kind:
                different.append(f"{ours(module)}.{name}: {kind_of(value)}, real {kind}")
    assert different == []


def test_the_top_level_declares_every_real_top_level_name(
    real_names: dict[str, dict[str, str]],
) -> None:
    import azure_functions_compat

    assert set(real_names[REAL_ROOT]) - set(azure_functions_compat.__all__) == set()


def test_deliberate_absences_are_documented() -> None:
    differences = (Path(__file__).parents[2] / "docs" / "differences.md").read_text()
    section = differences.partition("## Remaining names")[2].partition("\n## ")[0]
    assert all(f"{ours(module)}.{name}" in section for module, name in DELIBERATELY_ABSENT)
