"""The Table binding kinds (declared in ``bindings``), under the name users import."""

from __future__ import annotations

from .bindings import TableInput, TableOutput
from .constants import TABLE

__all__ = ["TABLE", "TableInput", "TableOutput"]
