"""Warm-up: what a ``warmupTrigger`` hands to a function when an instance is added."""

from __future__ import annotations


class WarmUpContext:
    """The (empty) context of a warm-up invocation: it carries no data.

    Takes no arguments, like the real one; the function only needs to know it was called.
    """

    __slots__ = ("__weakref__",)

    def __repr__(self) -> str:
        return "<WarmUpContext>"


__all__ = ["WarmUpContext"]
