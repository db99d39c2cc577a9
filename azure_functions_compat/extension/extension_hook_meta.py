"""One registered hook: which extension it belongs to, and what to call."""

from __future__ import annotations

from typing import Any, Callable, NamedTuple


class ExtensionHookMeta(NamedTuple):
    """A registered hook: ``ext_name`` is the extension's class name, ``ext_impl`` the callable."""

    ext_name: str
    ext_impl: Callable[..., Any]
