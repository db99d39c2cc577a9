"""The Logic Apps connector trigger (declared in ``bindings``), under the name users import."""

from __future__ import annotations

from .bindings import ConnectorTrigger

__all__ = ["ConnectorTrigger"]
