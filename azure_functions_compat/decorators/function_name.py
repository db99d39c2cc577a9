"""The ``function_name`` setting, under the name users import."""

from __future__ import annotations

from .constants import FUNCTION_NAME
from .function_app import FunctionName

__all__ = ["FUNCTION_NAME", "FunctionName"]
