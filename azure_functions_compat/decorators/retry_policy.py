"""The ``retry_policy`` setting, under the name users import."""

from __future__ import annotations

from .constants import RETRY_POLICY
from .function_app import RetryPolicy

__all__ = ["RETRY_POLICY", "RetryPolicy"]
