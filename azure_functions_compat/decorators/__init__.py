"""The decorator programming model of Azure Functions: ``FunctionApp``, ``Blueprint`` and more.

``import azure_functions_compat as func`` gives these names too (loaded on first use), and
under the drop-in ``azure.functions.decorators`` is this package, with the same submodules
(``core``, ``function_app``, ``http``, ``kafka``, ...).
"""

from __future__ import annotations

from .core import (
    AccessRights,
    AuthLevel,
    BlobSource,
    Cardinality,
    CosmosDBChangeFeedMode,
    DataType,
    McpPropertyType,
)
from .function_app import (
    AsgiFunctionApp,
    BindingApi,
    Blueprint,
    DecoratorApi,
    ExternalHttpFunctionApp,
    Function,
    FunctionApp,
    FunctionRegister,
    SettingsApi,
    TriggerApi,
    WsgiFunctionApp,
)
from .http import HttpMethod
from .mcp import PromptArgument

__all__ = [
    "AccessRights",
    "AsgiFunctionApp",
    "AuthLevel",
    "BindingApi",
    "BlobSource",
    "Blueprint",
    "Cardinality",
    "CosmosDBChangeFeedMode",
    "DataType",
    "DecoratorApi",
    "ExternalHttpFunctionApp",
    "Function",
    "FunctionApp",
    "FunctionRegister",
    "HttpMethod",
    "McpPropertyType",
    "PromptArgument",
    "SettingsApi",
    "TriggerApi",
    "WsgiFunctionApp",
]
