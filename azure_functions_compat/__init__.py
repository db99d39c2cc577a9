"""The ``azure.functions`` API as concrete, typed classes, and a host to run function apps.

``import azure_functions_compat as func`` gives the same names as ``import azure.functions as
func``. Names are loaded on first use (PEP 562), so importing the package costs little more
than importing ``multidict``; type checkers and IDEs see the imports under ``TYPE_CHECKING``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .blob import InputStream
    from .context import Context, RetryContext, RpcException, TraceContext
    from .enums import AccessRights, AuthLevel, BlobSource, Cardinality, DataType, HttpMethod
    from .http import HttpRequest, HttpResponse
    from .out import Out
    from .queue import QueueMessage
    from .timer import TimerRequest

    # Others: add your TYPE_CHECKING imports below this line.
    from .dropin import install, uninstall
    from .cosmosdb import Document as Document
    from .cosmosdb import DocumentList as DocumentList
    from .eventgrid import CloudEvent as CloudEvent
    from .eventgrid import EventGridEvent as EventGridEvent
    from .eventgrid import EventGridOutputEvent as EventGridOutputEvent
    from .eventhub import EventHubEvent as EventHubEvent
    from .kafka import KafkaEvent as KafkaEvent
    from .mysql import MySqlRow as MySqlRow
    from .mysql import MySqlRowList as MySqlRowList
    from .servicebus import ServiceBusMessage as ServiceBusMessage
    from .sql import SqlRow as SqlRow
    from .sql import SqlRowList as SqlRowList
    from .warmup import WarmUpContext as WarmUpContext
    from .decorators import AsgiFunctionApp as AsgiFunctionApp
    from .decorators import BindingApi as BindingApi
    from .decorators import Blueprint as Blueprint
    from .decorators import DecoratorApi as DecoratorApi
    from .decorators import ExternalHttpFunctionApp as ExternalHttpFunctionApp
    from .decorators import Function as Function
    from .decorators import FunctionApp as FunctionApp
    from .decorators import FunctionRegister as FunctionRegister
    from .decorators import McpPropertyType as McpPropertyType
    from .decorators import PromptArgument as PromptArgument
    from .decorators import SettingsApi as SettingsApi
    from .decorators import TriggerApi as TriggerApi
    from .decorators import WsgiFunctionApp as WsgiFunctionApp
    from .decorators._web import AsgiMiddleware as AsgiMiddleware
    from .decorators._web import WsgiMiddleware as WsgiMiddleware

# Public name -> the module (relative to this package) that defines it.
_LAZY: dict[str, str] = {
    "HttpRequest": "http",
    "HttpResponse": "http",
    "InputStream": "blob",
    "QueueMessage": "queue",
    "TimerRequest": "timer",
    "Out": "out",
    "Context": "context",
    "TraceContext": "context",
    "RetryContext": "context",
    "RpcException": "context",
    "AccessRights": "enums",
    "AuthLevel": "enums",
    "BlobSource": "enums",
    "Cardinality": "enums",
    "DataType": "enums",
    "HttpMethod": "enums",
    # Others: add "Name": "module" entries below this line.
    "install": "dropin",
    "uninstall": "dropin",
    "CloudEvent": "eventgrid",
    "Document": "cosmosdb",
    "DocumentList": "cosmosdb",
    "EventGridEvent": "eventgrid",
    "EventGridOutputEvent": "eventgrid",
    "EventHubEvent": "eventhub",
    "KafkaEvent": "kafka",
    "MySqlRow": "mysql",
    "MySqlRowList": "mysql",
    "ServiceBusMessage": "servicebus",
    "SqlRow": "sql",
    "SqlRowList": "sql",
    "WarmUpContext": "warmup",
    "AsgiFunctionApp": "decorators",
    "BindingApi": "decorators",
    "Blueprint": "decorators",
    "DecoratorApi": "decorators",
    "ExternalHttpFunctionApp": "decorators",
    "Function": "decorators",
    "FunctionApp": "decorators",
    "FunctionRegister": "decorators",
    "McpPropertyType": "decorators",
    "PromptArgument": "decorators",
    "SettingsApi": "decorators",
    "TriggerApi": "decorators",
    "WsgiFunctionApp": "decorators",
    "AsgiMiddleware": "decorators._web",
    "WsgiMiddleware": "decorators._web",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module_name}", __name__), name)
    # Cache it so the next lookup is a plain attribute read.
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
