"""``azure.functions._eventgrid`` (also ``eventgrid.azf_eventgrid``), mapped to our classes."""

from __future__ import annotations

from .eventgrid import CloudEvent, EventGridEvent, EventGridOutputEvent

__all__ = ["CloudEvent", "EventGridEvent", "EventGridOutputEvent"]
