"""The generic (any type) binding kinds (declared in ``bindings``), under the name users import."""

from __future__ import annotations

from .bindings import GenericInputBinding, GenericOutputBinding, GenericTrigger

__all__ = ["GenericInputBinding", "GenericOutputBinding", "GenericTrigger"]
