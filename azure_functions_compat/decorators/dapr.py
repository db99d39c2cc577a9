"""The Dapr binding kinds (declared in ``bindings``), under the name users import."""

from __future__ import annotations

from .bindings import (
    DaprBindingOutput,
    DaprBindingTrigger,
    DaprInvokeOutput,
    DaprPublishOutput,
    DaprSecretInput,
    DaprServiceInvocationTrigger,
    DaprStateInput,
    DaprStateOutput,
    DaprTopicTrigger,
)
from .constants import (
    DAPR_BINDING,
    DAPR_BINDING_TRIGGER,
    DAPR_INVOKE,
    DAPR_PUBLISH,
    DAPR_SECRET,
    DAPR_SERVICE_INVOCATION_TRIGGER,
    DAPR_STATE,
    DAPR_TOPIC_TRIGGER,
)

__all__ = [
    "DAPR_BINDING",
    "DAPR_BINDING_TRIGGER",
    "DAPR_INVOKE",
    "DAPR_PUBLISH",
    "DAPR_SECRET",
    "DAPR_SERVICE_INVOCATION_TRIGGER",
    "DAPR_STATE",
    "DAPR_TOPIC_TRIGGER",
    "DaprBindingOutput",
    "DaprBindingTrigger",
    "DaprInvokeOutput",
    "DaprPublishOutput",
    "DaprSecretInput",
    "DaprServiceInvocationTrigger",
    "DaprStateInput",
    "DaprStateOutput",
    "DaprTopicTrigger",
]
