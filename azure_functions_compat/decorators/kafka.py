"""Kafka decorator settings: the enums of ``kafka_trigger`` and ``kafka_output``.

Members and values are those of ``azure.functions``; a str argument names a member
(case-insensitively), and the metadata carries the member name.
"""

from __future__ import annotations

from ..enums import StringifyEnum
from .constants import KAFKA, KAFKA_TRIGGER


class BrokerAuthenticationMode(StringifyEnum):
    """How the function authenticates to the Kafka brokers."""

    NOTSET = -1
    GSSAPI = 0
    PLAIN = 1
    SCRAMSHA256 = 2
    SCRAMSHA512 = 3


class BrokerProtocol(StringifyEnum):
    """The security protocol spoken to the Kafka brokers."""

    NOTSET = -1
    PLAINTEXT = 0
    SSL = 1
    SASLPLAINTEXT = 2
    SASLSSL = 3


class OAuthBearerMethod(StringifyEnum):
    """How an OAuth bearer token is obtained."""

    DEFAULT = (0,)  # the value azure.functions has, kept so value comparisons agree
    OIDC = 1


class KafkaMessageKeyType(StringifyEnum):
    """The type of the key of Kafka messages."""

    INT = 0
    LONG = 1
    STRING = 2
    BINARY = 3


def __getattr__(name: str) -> object:
    # The binding classes live in .bindings, which imports this module; load them on use.
    if name in ("KafkaTrigger", "KafkaOutput"):
        from . import bindings

        return getattr(bindings, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "KAFKA",
    "KAFKA_TRIGGER",
    "BrokerAuthenticationMode",
    "BrokerProtocol",
    "KafkaMessageKeyType",
    "OAuthBearerMethod",
]
