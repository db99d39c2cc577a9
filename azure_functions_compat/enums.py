"""The enumerations function code refers to: auth levels, HTTP methods, data types and so on.

Members, names and values are those of ``azure.functions``; ``str()`` of a member gives its
name, as there, so settings written into function metadata read the same.
"""

from __future__ import annotations

from enum import Enum


class StringifyEnum(Enum):
    """An enum whose ``str()`` is the member name (``str(AuthLevel.ANONYMOUS) == "ANONYMOUS"``)."""

    def __str__(self) -> str:
        return str(self.name)


class AuthLevel(StringifyEnum):
    """Which key an HTTP trigger asks for: none, a function key, or the master key."""

    FUNCTION = "function"
    ANONYMOUS = "anonymous"
    ADMIN = "admin"


class HttpMethod(StringifyEnum):
    """An HTTP method an HTTP trigger accepts."""

    GET = "GET"
    POST = "POST"
    DELETE = "DELETE"
    HEAD = "HEAD"
    PATCH = "PATCH"
    PUT = "PUT"
    OPTIONS = "OPTIONS"


class DataType(StringifyEnum):
    """How the host hands a binding payload to a function: undefined, string, binary, stream."""

    UNDEFINED = 0
    STRING = 1
    BINARY = 2
    STREAM = 3


class Cardinality(StringifyEnum):
    """Whether a trigger delivers one event per invocation or a batch."""

    ONE = "one"
    MANY = "many"


class AccessRights(StringifyEnum):
    """The rights a Service Bus or Event Hub connection needs."""

    MANAGE = "manage"
    LISTEN = "listen"


class BlobSource(StringifyEnum):
    """How a blob trigger learns of new blobs."""

    EVENT_GRID = "EventGrid"
    LOGS_AND_CONTAINER_SCAN = "LogsAndContainerScan"


__all__ = [
    "AccessRights",
    "AuthLevel",
    "BlobSource",
    "Cardinality",
    "DataType",
    "HttpMethod",
    "StringifyEnum",
]
