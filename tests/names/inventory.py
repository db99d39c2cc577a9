"""List the public names of a package and of its public submodules, as JSON on stdout.

Run by the interpreter that has the real ``azure-functions`` (``python inventory.py
azure.functions``); the names test compares its answer with this package. Kept free of
third-party imports and of anything from this project, since it runs in that other
environment.

A submodule's public names are those in its ``__all__``, those its own source binds at top
level (a ``def``, a ``class`` or an assignment), and classes or functions it takes from a
private module of the same package (``from ._http import HttpRequest``): those are reached
through the public module only. What it merely imports from the standard library, from
``typing`` or from another public module (which is checked on its own) is not its API.
"""

from __future__ import annotations

import ast
import enum
import importlib
import inspect
import json
import pkgutil
import sys
from typing import Any


def kind_of(value: Any) -> str:
    """module, enum, class, function or constant."""
    if inspect.ismodule(value):
        return "module"
    if isinstance(value, type):
        return "enum" if issubclass(value, enum.Enum) else "class"
    if callable(value):
        return "function"
    return "constant"


def defined_at_top_level(module: Any) -> set[str]:
    """Names bound by the module's own source: def, class, assignment."""
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return set()
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names.add(target.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def is_private_module(name: str, root: str) -> bool:
    return name.startswith(root + ".") and any(
        part.startswith("_") for part in name[len(root) + 1 :].split(".")
    )


def public_names(module: Any, root: str) -> dict[str, str]:
    """Public name -> kind, for one module (see the module docstring for the rule)."""
    declared = list(getattr(module, "__all__", None) or [])
    if module.__name__ == root:
        # The top level: everything it declares or shows, except its submodules (listed
        # on their own).
        candidates = set(declared) | {n for n in dir(module) if not n.startswith("_")}
        found = {}
        for name in candidates:
            value = getattr(module, name, None)
            if inspect.ismodule(value):
                continue
            found[name] = "absent" if not hasattr(module, name) else kind_of(value)
        return found
    own = defined_at_top_level(module)
    found = {}
    for name in dir(module):
        if name.startswith("_"):
            continue
        value = getattr(module, name)
        if inspect.ismodule(value):
            continue
        origin = getattr(value, "__module__", None)
        borrowed = (
            (inspect.isclass(value) or inspect.isfunction(value))
            and isinstance(origin, str)
            and is_private_module(origin, root)
        )
        if name in own or name in declared or borrowed:
            found[name] = kind_of(value)
    for name in declared:
        found.setdefault(name, "absent")
    return found


def inventory(root: str) -> dict[str, dict[str, str]]:
    """Module name -> its public names and their kinds, for root and its public submodules."""
    result: dict[str, dict[str, str]] = {}

    def walk(name: str) -> None:
        module = importlib.import_module(name)
        result[name] = public_names(module, root)
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            if not info.name.startswith("_"):
                walk(f"{name}.{info.name}")

    walk(root)
    return result


if __name__ == "__main__":
    json.dump(inventory(sys.argv[1]), sys.stdout, indent=1, sort_keys=True)
