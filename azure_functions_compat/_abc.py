"""``azure.functions._abc``: where the real package keeps its abstract binding types.

Tools and tests written for the real package import them from here (``from
azure.functions._abc import HttpRequest``); the names are this package's concrete classes,
so ``isinstance`` and ``issubclass`` checks against them hold for what the package builds.
"""

from __future__ import annotations

from .blob import InputStream
from .context import Context, RetryContext, RpcException, TraceContext
from .cosmosdb import Document, DocumentList
from .durable_functions import OrchestrationContext
from .eventgrid import CloudEvent, EventGridEvent, EventGridOutputEvent
from .eventhub import EventHubEvent
from .http import HttpRequest, HttpResponse
from .out import Out, T
from .queue import QueueMessage
from .servicebus import ServiceBusMessage
from .timer import TimerRequest

__all__ = [
    "CloudEvent",
    "Context",
    "Document",
    "DocumentList",
    "EventGridEvent",
    "EventGridOutputEvent",
    "EventHubEvent",
    "HttpRequest",
    "HttpResponse",
    "InputStream",
    "OrchestrationContext",
    "Out",
    "QueueMessage",
    "RetryContext",
    "RpcException",
    "ServiceBusMessage",
    "T",
    "TimerRequest",
    "TraceContext",
]
