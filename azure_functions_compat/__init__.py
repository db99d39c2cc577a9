"""The ``azure.functions`` API as concrete, typed classes, and a host to run function apps.

``import azure_functions_compat as func`` gives the same names as ``import azure.functions as
func``. Names are loaded on first use (PEP 562), so importing the package costs next to
nothing and ``func.HttpRequest`` loads only what requests need. Type checkers and IDEs see the
imports under ``TYPE_CHECKING``; a test keeps those and ``_LAZY`` in step.
"""

from __future__ import annotations

import sys as _sys  # built in: free to import

# Not `from typing import TYPE_CHECKING`: importing typing would cost more than the rest of
# this module. Type checkers recognise the name.
TYPE_CHECKING = False

#: The azure-functions release whose API this package matches: code that checks
#: ``azure.functions.__version__`` sees it. This package's own version is ``__compat_version__``.
__version__ = "1.26.0"
__compat_version__ = "0.1.0"

if TYPE_CHECKING:
    from ._converters import KafkaConverter as KafkaConverter
    from ._converters import KafkaTriggerConverter as KafkaTriggerConverter
    from .blob import InputStream as InputStream
    from .context import Context as Context
    from .context import RetryContext as RetryContext
    from .context import RpcException as RpcException
    from .context import TraceContext as TraceContext
    from .cosmosdb import Document as Document
    from .cosmosdb import DocumentList as DocumentList
    from .decorators import AsgiFunctionApp as AsgiFunctionApp
    from .decorators import BindingApi as BindingApi
    from .decorators import Blueprint as Blueprint
    from .decorators import CosmosDBChangeFeedMode as CosmosDBChangeFeedMode
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
    from .decorators.mcp import mcp_content as mcp_content
    from .dropin import install as install
    from .dropin import uninstall as uninstall
    from .durable_functions import EntityContext as EntityContext
    from .durable_functions import OrchestrationContext as OrchestrationContext
    from .enums import AccessRights as AccessRights
    from .enums import AuthLevel as AuthLevel
    from .enums import BlobSource as BlobSource
    from .enums import Cardinality as Cardinality
    from .enums import DataType as DataType
    from .enums import HttpMethod as HttpMethod
    from .eventgrid import CloudEvent as CloudEvent
    from .eventgrid import EventGridEvent as EventGridEvent
    from .eventgrid import EventGridOutputEvent as EventGridOutputEvent
    from .eventhub import EventHubEvent as EventHubEvent
    from .extension import AppExtensionBase as AppExtensionBase
    from .extension import ExtensionMeta as ExtensionMeta
    from .extension import FuncExtensionBase as FuncExtensionBase
    from .extension import FunctionExtensionException as FunctionExtensionException
    from .http import HttpRequest as HttpRequest
    from .http import HttpResponse as HttpResponse
    from .kafka import KafkaEvent as KafkaEvent
    from .mcp import MCPToolContext as MCPToolContext
    from .mcp import PromptInvocationContext as PromptInvocationContext
    from .meta import get_binding_registry as get_binding_registry
    from .meta import register_converter as register_converter
    from .mysql import MySqlRow as MySqlRow
    from .mysql import MySqlRowList as MySqlRowList
    from .out import Out as Out
    from .queue import QueueMessage as QueueMessage
    from .servicebus import ServiceBusMessage as ServiceBusMessage
    from .sql import SqlRow as SqlRow
    from .sql import SqlRowList as SqlRowList
    from .timer import TimerRequest as TimerRequest
    from .warmup import WarmUpContext as WarmUpContext

# Public name -> the module (relative to this package) that defines it. A name added here
# needs its import above too.
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
    "ServiceBusMessage": "servicebus",
    "EventHubEvent": "eventhub",
    "CloudEvent": "eventgrid",
    "EventGridEvent": "eventgrid",
    "EventGridOutputEvent": "eventgrid",
    "Document": "cosmosdb",
    "DocumentList": "cosmosdb",
    "SqlRow": "sql",
    "SqlRowList": "sql",
    "MySqlRow": "mysql",
    "MySqlRowList": "mysql",
    "KafkaEvent": "kafka",
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
    # Worker-level and extension names.
    "AppExtensionBase": "extension",
    "ExtensionMeta": "extension",
    "FuncExtensionBase": "extension",
    "FunctionExtensionException": "extension",
    "OrchestrationContext": "durable_functions",
    "EntityContext": "durable_functions",
    "MCPToolContext": "mcp",
    "PromptInvocationContext": "mcp",
    "mcp_content": "decorators.mcp",
    "get_binding_registry": "meta",
    "register_converter": "meta",
    "CosmosDBChangeFeedMode": "decorators",
    "KafkaConverter": "_converters",
    "KafkaTriggerConverter": "_converters",
    "install": "dropin",
    "uninstall": "dropin",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> object:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module_name}", __name__), name)
    # Cache it so the next lookup is a plain attribute read.
    globals()[name] = value
    if "azure.functions" in _sys.modules:
        # The real package may be loaded beside us: make isinstance(ours, real class) hold
        # for what was just imported. A no-op when azure.functions is this package.
        from .dropin import register_virtual_subclasses

        register_virtual_subclasses()
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
