"""The timer binding kinds (declared in ``bindings``), under the name users import."""

from __future__ import annotations

from .bindings import TimerTrigger
from .constants import TIMER_TRIGGER

__all__ = ["TIMER_TRIGGER", "TimerTrigger"]
