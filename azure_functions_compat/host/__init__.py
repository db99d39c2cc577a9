"""Run a function app in process, as the Azure Functions host does, for tests and tools.

::

    from azure_functions_compat.host import load_app

    app = load_app("examples/seed_app")
    app.functions                      # name -> FunctionMetadata
    result = app.invoke("QueueTrigger", data=b"hello")
    result.return_value, result.outputs, result.logs, result.exception

    with app.test_client() as client:
        response = client.get("/api/hello?user=Ada")
        response.status_code, response.text, response.logs

    app.storage.put_blob("samples/1", b"...")   # blobs and queues the bindings use
    result = await app.ainvoke("QueueTrigger", data=b"hello")   # from async code

    load_app("examples/seed_app", storage=FolderStorage("store"))   # blobs kept as files

See ``docs/host.md`` for the whole story, including the command line.
"""

from __future__ import annotations

from .app import App, InvocationResult, load_app
from .converters import BindingConverter, Call, get_converter, register_converter
from .errors import (
    AppLoadError,
    BindingError,
    FunctionLoadError,
    FunctionNotFoundError,
    UnsupportedBindingError,
)
from .events import register_event_converters  # registers the event triggers' converters
from .invocation import LogEntry
from .metadata import BindingMetadata, FunctionMetadata, parse_function_config
from .routing import RouteTemplate, RouteTemplateError
from .storage import FolderStorage, QueuedMessage, Storage, StoredBlob
from .testclient import TestClient, TestResponse

__all__ = [
    "App",
    "AppLoadError",
    "BindingConverter",
    "BindingError",
    "BindingMetadata",
    "Call",
    "FunctionMetadata",
    "FolderStorage",
    "FunctionLoadError",
    "FunctionNotFoundError",
    "InvocationResult",
    "LogEntry",
    "QueuedMessage",
    "RouteTemplate",
    "RouteTemplateError",
    "Storage",
    "StoredBlob",
    "TestClient",
    "TestResponse",
    "UnsupportedBindingError",
    "get_converter",
    "load_app",
    "parse_function_config",
    "register_converter",
    "register_event_converters",
]
