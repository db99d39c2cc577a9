"""Warm-up: what a ``warmupTrigger`` hands to a function when an instance is added."""

from __future__ import annotations

from typing import TYPE_CHECKING


class WarmUpContext:
    """The (empty) context of a warm-up invocation: it carries no data.

    Takes no arguments, like the real one; the function only needs to know it was called.
    """

    __slots__ = ("__weakref__",)

    def __repr__(self) -> str:
        return "<WarmUpContext>"


__all__ = ["WarmUpContext"]

# The worker-level converters azure.functions keeps in this module (see meta.py). Function code
# never needs them, so they load on first access only.
if TYPE_CHECKING:
    from ._converters import WarmUpTriggerConverter as WarmUpTriggerConverter
else:

    def __getattr__(name: str) -> object:
        from ._converters import module_getattr

        return module_getattr(__name__, name)
