"""The Azure SQL binding kinds (declared in ``bindings``), under the name users import."""

from __future__ import annotations

from .bindings import SqlInput, SqlOutput, SqlTrigger
from .constants import SQL, SQL_TRIGGER

__all__ = ["SQL", "SQL_TRIGGER", "SqlInput", "SqlOutput", "SqlTrigger"]
