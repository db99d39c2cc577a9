"""azure-functions-compat: the azure.functions API as concrete, typed classes, and a host."""

from __future__ import annotations

__version__ = "0.1.0"
