"""The Event Hubs binding kinds (declared in ``bindings``), under the name users import."""

from __future__ import annotations

from .bindings import EventHubOutput, EventHubTrigger
from .constants import EVENT_HUB, EVENT_HUB_TRIGGER

__all__ = ["EVENT_HUB", "EVENT_HUB_TRIGGER", "EventHubOutput", "EventHubTrigger"]
