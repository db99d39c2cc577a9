"""The MySQL binding kinds (declared in ``bindings``), under the name users import."""

from __future__ import annotations

from .bindings import MySqlInput, MySqlOutput, MySqlTrigger
from .constants import MYSQL, MYSQL_TRIGGER

__all__ = ["MYSQL", "MYSQL_TRIGGER", "MySqlInput", "MySqlOutput", "MySqlTrigger"]
