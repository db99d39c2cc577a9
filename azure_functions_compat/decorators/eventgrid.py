"""The Event Grid binding kinds (declared in ``bindings``), under the name users import."""

from __future__ import annotations

from .bindings import EventGridOutput, EventGridTrigger
from .constants import EVENT_GRID, EVENT_GRID_TRIGGER

__all__ = ["EVENT_GRID", "EVENT_GRID_TRIGGER", "EventGridOutput", "EventGridTrigger"]
