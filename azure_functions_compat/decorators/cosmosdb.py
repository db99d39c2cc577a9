"""The Cosmos DB binding kinds (declared in ``bindings``), under the name users import."""

from __future__ import annotations

from .bindings import (
    CosmosDBInput,
    CosmosDBInputV3,
    CosmosDBOutput,
    CosmosDBOutputV3,
    CosmosDBTrigger,
    CosmosDBTriggerV3,
)
from .constants import COSMOS_DB, COSMOS_DB_TRIGGER

__all__ = [
    "COSMOS_DB",
    "COSMOS_DB_TRIGGER",
    "CosmosDBInput",
    "CosmosDBInputV3",
    "CosmosDBOutput",
    "CosmosDBOutputV3",
    "CosmosDBTrigger",
    "CosmosDBTriggerV3",
]
