"""The HTTP binding kinds and ``HttpMethod``, under the names users import."""

from __future__ import annotations

from ..enums import HttpMethod
from .bindings import HttpOutput, HttpTrigger
from .constants import HTTP_OUTPUT, HTTP_TRIGGER

__all__ = ["HTTP_OUTPUT", "HTTP_TRIGGER", "HttpMethod", "HttpOutput", "HttpTrigger"]
