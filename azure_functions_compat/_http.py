"""``azure.functions._http``: the real package's home of the HTTP classes, mapped to ours."""

from __future__ import annotations

import abc

from multidict import CIMultiDictProxy

from .http import HttpRequest, HttpRequestHeaders, HttpResponse, HttpResponseHeaders


class BaseHeaders(abc.ABC):  # noqa: B024 (a marker: no abstract methods to declare)
    """The base of request headers: ``isinstance(req.headers, BaseHeaders)`` holds.

    As in the real package, response headers (werkzeug ``Headers`` there) are not one.
    """

    __slots__ = ()


BaseHeaders.register(CIMultiDictProxy)

__all__ = [
    "BaseHeaders",
    "HttpRequest",
    "HttpRequestHeaders",
    "HttpResponse",
    "HttpResponseHeaders",
]
