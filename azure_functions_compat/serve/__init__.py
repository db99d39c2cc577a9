"""Serve a function app over HTTP, with its triggers live, as ``func start`` does.

::

    python -m azure_functions_compat serve APP [--host 127.0.0.1] [--port 7071] [--reload]

or, under any ASGI server::

    from azure_functions_compat.serve import asgi_app
    application = asgi_app("path/to/app")

Importing this package imports neither the host nor a server; ``serve`` needs the
``[serve]`` extra (uvicorn, watchfiles, croniter). See ``docs/serve.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .asgi import FunctionsASGI, asgi_app

__all__ = ["FunctionsASGI", "asgi_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import asgi

        return getattr(asgi, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
