"""The Service Bus binding kinds (declared in ``bindings``), under the name users import."""

from __future__ import annotations

from .bindings import (
    ServiceBusQueueOutput,
    ServiceBusQueueTrigger,
    ServiceBusTopicOutput,
    ServiceBusTopicTrigger,
)
from .constants import SERVICE_BUS, SERVICE_BUS_TRIGGER

__all__ = [
    "SERVICE_BUS",
    "SERVICE_BUS_TRIGGER",
    "ServiceBusQueueOutput",
    "ServiceBusQueueTrigger",
    "ServiceBusTopicOutput",
    "ServiceBusTopicTrigger",
]
