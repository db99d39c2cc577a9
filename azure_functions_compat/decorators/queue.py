"""The Storage queue binding kinds (declared in ``bindings``), under the name users import."""

from __future__ import annotations

from .bindings import QueueOutput, QueueTrigger
from .constants import QUEUE, QUEUE_TRIGGER

__all__ = ["QUEUE", "QUEUE_TRIGGER", "QueueOutput", "QueueTrigger"]
