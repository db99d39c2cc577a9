"""The warm-up binding kinds (declared in ``bindings``), under the name users import."""

from __future__ import annotations

from .bindings import WarmUpTrigger
from .constants import WARMUP_TRIGGER

__all__ = ["WARMUP_TRIGGER", "WarmUpTrigger"]
