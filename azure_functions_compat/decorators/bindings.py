"""Every binding kind the decorators know, declared as data: type, direction and fields.

One class per kind, with no code of its own: ``binding_type`` is what the metadata calls it,
the base class gives the direction, ``fields`` lists its settings in the order they are
written into the metadata, ``required`` those that must be given. The decorator methods in
``function_app`` only pass their arguments on to these classes.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any, ClassVar

from ..enums import AccessRights, AuthLevel, Cardinality, HttpMethod, StringifyEnum
from .core import InputBinding, OutputBinding, Trigger
from .kafka import BrokerAuthenticationMode, BrokerProtocol, KafkaMessageKeyType, OAuthBearerMethod

# Settings parsed from a member name into an enum member, whatever the binding kind.
_ACCESS: Mapping[str, type[Enum]] = {"access_rights": AccessRights}
_CARDINALITY: Mapping[str, type[Enum]] = {"cardinality": Cardinality}
_KAFKA: Mapping[str, type[Enum]] = {
    "key_data_type": KafkaMessageKeyType,
    "o_auth_bearer_method": OAuthBearerMethod,
    "authentication_mode": BrokerAuthenticationMode,
    "protocol": BrokerProtocol,
}

_KAFKA_AUTH = (
    "username",
    "password",
    "ssl_key_location",
    "ssl_ca_location",
    "ssl_certificate_location",
    "ssl_key_password",
    "ssl_certificate_pem",
    "ssl_key_pem",
    "ssl_ca_pem",
    "ssl_certificate_and_key_pem",
    "schema_registry_url",
    "schema_registry_username",
    "schema_registry_password",
    "o_auth_bearer_method",
    "o_auth_bearer_client_id",
    "o_auth_bearer_client_secret",
    "o_auth_bearer_scope",
    "o_auth_bearer_token_endpoint_url",
    "o_auth_bearer_extensions",
)

# --- HTTP -------------------------------------------------------------------------------


class HttpTrigger(Trigger):
    """An HTTP request starts the function (``@app.route``)."""

    binding_type = "httpTrigger"
    fields = ("methods", "auth_level", "route")
    enums: ClassVar[Mapping[str, type[Enum]]] = {"methods": HttpMethod, "auth_level": AuthLevel}


class HttpOutput(OutputBinding):
    """The HTTP response of a function started by an HTTP request."""

    binding_type = "http"


# --- Timer and warm-up --------------------------------------------------------------------


class TimerTrigger(Trigger):
    """A CRON schedule starts the function."""

    binding_type = "timerTrigger"
    fields = ("schedule", "run_on_startup", "use_monitor")
    required = ("schedule",)


class WarmUpTrigger(Trigger):
    """A new instance of the app warming up starts the function."""

    binding_type = "warmupTrigger"


# --- Storage: queues, blobs, tables ---------------------------------------------------------


class QueueTrigger(Trigger):
    """A message arriving on a Storage queue starts the function."""

    binding_type = "queueTrigger"
    fields = ("queue_name", "connection")
    required = fields


class QueueOutput(OutputBinding):
    """Messages the function puts on a Storage queue."""

    binding_type = "queue"
    fields = ("queue_name", "connection")
    required = fields


class BlobTrigger(Trigger):
    """A new or changed blob starts the function."""

    binding_type = "blobTrigger"
    fields = ("path", "connection", "source")
    required = ("path", "connection")
    member_values = ("source",)


class BlobInput(InputBinding):
    """A blob read for the function."""

    binding_type = "blob"
    fields = ("path", "connection")
    required = fields


class BlobOutput(OutputBinding):
    """A blob the function writes."""

    binding_type = "blob"
    fields = ("path", "connection")
    required = fields


class TableInput(InputBinding):
    """Entities read from a Storage or Cosmos DB table."""

    binding_type = "table"
    fields = ("connection", "table_name", "row_key", "partition_key", "take", "filter")
    required = ("connection", "table_name")


class TableOutput(OutputBinding):
    """Entities the function writes to a table."""

    binding_type = "table"
    fields = ("connection", "table_name", "row_key", "partition_key")
    required = ("connection", "table_name")


# --- Service Bus, Event Hubs, Event Grid ----------------------------------------------------


class ServiceBusQueueTrigger(Trigger):
    """A message on a Service Bus queue starts the function."""

    binding_type = "serviceBusTrigger"
    fields = ("connection", "queue_name", "access_rights", "is_sessions_enabled", "cardinality")
    required = ("connection", "queue_name")
    enums: ClassVar[Mapping[str, type[Enum]]] = {**_ACCESS, **_CARDINALITY}


class ServiceBusQueueOutput(OutputBinding):
    """Messages the function sends to a Service Bus queue."""

    binding_type = "serviceBus"
    fields = ("connection", "queue_name", "access_rights")
    required = ("connection", "queue_name")
    enums: ClassVar[Mapping[str, type[Enum]]] = _ACCESS


class ServiceBusTopicTrigger(Trigger):
    """A message on a Service Bus topic subscription starts the function."""

    binding_type = "serviceBusTrigger"
    fields = (
        "connection",
        "topic_name",
        "subscription_name",
        "access_rights",
        "is_sessions_enabled",
        "cardinality",
    )
    required = ("connection", "topic_name", "subscription_name")
    enums: ClassVar[Mapping[str, type[Enum]]] = {**_ACCESS, **_CARDINALITY}


class ServiceBusTopicOutput(OutputBinding):
    """Messages the function sends to a Service Bus topic."""

    binding_type = "serviceBus"
    fields = ("connection", "topic_name", "subscription_name", "access_rights")
    required = ("connection", "topic_name")
    enums: ClassVar[Mapping[str, type[Enum]]] = _ACCESS


class EventHubTrigger(Trigger):
    """Events on an event hub start the function."""

    binding_type = "eventHubTrigger"
    fields = ("connection", "event_hub_name", "cardinality", "consumer_group")
    required = ("connection", "event_hub_name")
    enums: ClassVar[Mapping[str, type[Enum]]] = _CARDINALITY


class EventHubOutput(OutputBinding):
    """Events the function sends to an event hub."""

    binding_type = "eventHub"
    fields = ("connection", "event_hub_name")
    required = fields


class EventGridTrigger(Trigger):
    """An Event Grid event starts the function."""

    binding_type = "eventGridTrigger"


class EventGridOutput(OutputBinding):
    """Events the function publishes to an Event Grid topic."""

    binding_type = "eventGrid"
    fields = ("topic_endpoint_uri", "topic_key_setting", "connection")

    @classmethod
    def check_settings(cls, owner: str, settings: dict[str, Any]) -> None:
        """Require ``connection`` alone, or ``topic_endpoint_uri`` with ``topic_key_setting``."""
        connection = settings.get("connection") is not None
        endpoint = settings.get("topic_endpoint_uri") is not None
        key = settings.get("topic_key_setting") is not None
        if connection == (endpoint or key) or (not connection and not (endpoint and key)):
            raise ValueError(
                f"{owner}: give either connection, or both topic_endpoint_uri and "
                f"topic_key_setting, not both"
            )


# --- Cosmos DB (extension 4.x argument names, then 3.x) -------------------------------------


class CosmosDBTrigger(Trigger):
    """Changes to a Cosmos DB container start the function (extension 4.x)."""

    binding_type = "cosmosDBTrigger"
    fields = (
        "connection",
        "database_name",
        "container_name",
        "lease_connection",
        "lease_database_name",
        "lease_container_name",
        "create_lease_container_if_not_exists",
        "leases_container_throughput",
        "lease_container_prefix",
        "feed_poll_delay",
        "lease_acquire_interval",
        "lease_expiration_interval",
        "lease_renew_interval",
        "max_items_per_invocation",
        "start_from_beginning",
        "start_from_time",
        "preferred_locations",
    )
    required = ("connection", "database_name", "container_name")
    # azure-functions 2 adds change_feed_mode=CosmosDBChangeFeedMode.X, written by its value
    # ("LatestVersion"); under the 1.x signature it arrives as an extra keyword.
    member_values = ("change_feed_mode",)


class CosmosDBInput(InputBinding):
    """Documents read from a Cosmos DB container (extension 4.x)."""

    binding_type = "cosmosDB"
    fields = (
        "connection",
        "database_name",
        "container_name",
        "partition_key",
        "id",
        "sql_query",
        "preferred_locations",
    )
    required = ("connection", "database_name", "container_name")


class CosmosDBOutput(OutputBinding):
    """Documents the function writes to a Cosmos DB container (extension 4.x)."""

    binding_type = "cosmosDB"
    fields = (
        "connection",
        "database_name",
        "container_name",
        "create_if_not_exists",
        "partition_key",
        "container_throughput",
        "preferred_locations",
    )
    required = ("connection", "database_name", "container_name")


class CosmosDBTriggerV3(Trigger):
    """Changes to a Cosmos DB collection start the function (extension 3.x)."""

    binding_type = "cosmosDBTrigger"
    fields = (
        "database_name",
        "collection_name",
        "connection_string_setting",
        "leases_collection_throughput",
        "checkpoint_interval",
        "checkpoint_document_count",
        "feed_poll_delay",
        "lease_renew_interval",
        "lease_acquire_interval",
        "lease_expiration_interval",
        "max_items_per_invocation",
        "start_from_beginning",
        "create_lease_collection_if_not_exists",
        "preferred_locations",
        "lease_collection_name",
        "lease_connection_string_setting",
        "lease_database_name",
        "lease_collection_prefix",
    )
    required = ("database_name", "collection_name", "connection_string_setting")


class CosmosDBInputV3(InputBinding):
    """Documents read from a Cosmos DB collection (extension 3.x)."""

    binding_type = "cosmosDB"
    fields = (
        "database_name",
        "collection_name",
        "connection_string_setting",
        "id",
        "sql_query",
        "partition_key",
    )
    required = ("database_name", "collection_name", "connection_string_setting")


class CosmosDBOutputV3(OutputBinding):
    """Documents the function writes to a Cosmos DB collection (extension 3.x)."""

    binding_type = "cosmosDB"
    fields = (
        "database_name",
        "collection_name",
        "connection_string_setting",
        "create_if_not_exists",
        "collection_throughput",
        "use_multiple_write_locations",
        "preferred_locations",
        "partition_key",
    )
    required = ("database_name", "collection_name", "connection_string_setting")


# --- SQL and MySQL -------------------------------------------------------------------------


class SqlTrigger(Trigger):
    """Changes to an Azure SQL table start the function."""

    binding_type = "sqlTrigger"
    fields = ("table_name", "connection_string_setting", "leases_table_name")
    required = ("table_name", "connection_string_setting")


class SqlInput(InputBinding):
    """Rows an Azure SQL query returns."""

    binding_type = "sql"
    fields = ("command_text", "connection_string_setting", "command_type", "parameters")
    required = ("command_text", "connection_string_setting")
    defaults: ClassVar[Mapping[str, Any]] = {"command_type": "Text"}


class SqlOutput(OutputBinding):
    """Rows the function writes to an Azure SQL table."""

    binding_type = "sql"
    fields = ("command_text", "connection_string_setting")
    required = fields


class MySqlTrigger(Trigger):
    """Changes to a MySQL table start the function."""

    binding_type = "mysqlTrigger"
    fields = ("table_name", "connection_string_setting", "leases_table_name")
    required = ("table_name", "connection_string_setting")


class MySqlInput(InputBinding):
    """Rows a MySQL query returns."""

    binding_type = "mysql"
    fields = ("command_text", "connection_string_setting", "command_type", "parameters")
    required = ("command_text", "connection_string_setting")
    defaults: ClassVar[Mapping[str, Any]] = {"command_type": "Text"}


class MySqlOutput(OutputBinding):
    """Rows the function writes to a MySQL table."""

    binding_type = "mysql"
    fields = ("command_text", "connection_string_setting")
    required = fields


# --- Kafka ----------------------------------------------------------------------------------


class KafkaTrigger(Trigger):
    """Messages on a Kafka topic start the function."""

    binding_type = "kafkaTrigger"
    fields = (
        "topic",
        "broker_list",
        "event_hub_connection_string",
        "consumer_group",
        "avro_schema",
        "key_avro_schema",
        "key_data_type",
        *_KAFKA_AUTH,
        "authentication_mode",
        "protocol",
        "cardinality",
        "lag_threshold",
    )
    required = ("topic", "broker_list")
    defaults: ClassVar[Mapping[str, Any]] = {
        "key_data_type": KafkaMessageKeyType.STRING,
        "authentication_mode": BrokerAuthenticationMode.NOTSET,
        "protocol": BrokerProtocol.NOTSET,
        "cardinality": Cardinality.ONE,
        "lag_threshold": 1000,
    }
    enums: ClassVar[Mapping[str, type[Enum]]] = {**_KAFKA, **_CARDINALITY}


class KafkaOutput(OutputBinding):
    """Messages the function sends to a Kafka topic."""

    binding_type = "kafka"
    fields = (
        "topic",
        "broker_list",
        "avro_schema",
        "key_avro_schema",
        "key_data_type",
        *_KAFKA_AUTH,
        "max_message_bytes",
        "batch_size",
        "enable_idempotence",
        "message_timeout_ms",
        "request_timeout_ms",
        "max_retries",
        "authentication_mode",
        "protocol",
        "linger_ms",
    )
    required = ("topic", "broker_list")
    defaults: ClassVar[Mapping[str, Any]] = {
        "key_data_type": KafkaMessageKeyType.STRING,
        "max_message_bytes": 1_000_000,
        "batch_size": 10_000,
        "enable_idempotence": False,
        "message_timeout_ms": 300_000,
        "request_timeout_ms": 5_000,
        "max_retries": 2_147_483_647,
        "authentication_mode": BrokerAuthenticationMode.NOTSET,
        "protocol": BrokerProtocol.NOTSET,
        "linger_ms": 5,
    }
    enums: ClassVar[Mapping[str, type[Enum]]] = _KAFKA


# --- Dapr -----------------------------------------------------------------------------------


class DaprServiceInvocationTrigger(Trigger):
    """A Dapr service invocation starts the function."""

    binding_type = "daprServiceInvocationTrigger"
    fields = ("method_name",)
    required = fields


class DaprBindingTrigger(Trigger):
    """A Dapr input binding starts the function."""

    binding_type = "daprBindingTrigger"
    fields = ("binding_name",)
    required = fields


class DaprTopicTrigger(Trigger):
    """A message on a Dapr pub/sub topic starts the function."""

    binding_type = "daprTopicTrigger"
    fields = ("pub_sub_name", "topic", "route")
    required = ("pub_sub_name", "topic")

    @classmethod
    def check_settings(cls, owner: str, settings: dict[str, Any]) -> None:
        """Default ``route`` to the topic: the worker expects every trigger route to be set."""
        if not settings.get("route"):
            settings["route"] = settings.get("topic")


class DaprStateInput(InputBinding):
    """A value read from a Dapr state store."""

    binding_type = "daprState"
    fields = ("state_store", "key", "dapr_address")
    required = ("state_store", "key")


class DaprSecretInput(InputBinding):
    """A secret read from a Dapr secret store."""

    binding_type = "daprSecret"
    fields = ("secret_store_name", "key", "metadata", "dapr_address")
    required = ("secret_store_name", "key", "metadata")


class DaprStateOutput(OutputBinding):
    """A value the function saves to a Dapr state store."""

    binding_type = "daprState"
    fields = ("state_store", "key", "dapr_address")
    required = ("state_store", "key")


class DaprInvokeOutput(OutputBinding):
    """A Dapr service invocation the function makes."""

    binding_type = "daprInvoke"
    fields = ("app_id", "method_name", "http_verb", "dapr_address")
    required = ("app_id", "method_name", "http_verb")


class DaprPublishOutput(OutputBinding):
    """A message the function publishes to a Dapr pub/sub topic."""

    binding_type = "daprPublish"
    fields = ("pub_sub_name", "topic", "dapr_address")
    required = ("pub_sub_name", "topic")


class DaprBindingOutput(OutputBinding):
    """Data the function sends to a Dapr output binding."""

    binding_type = "daprBinding"
    fields = ("binding_name", "operation", "dapr_address")
    required = ("binding_name", "operation")


# --- Azure OpenAI extension -----------------------------------------------------------------


class OpenAIModels(StringifyEnum):
    """The default models of the OpenAI bindings (the metadata carries the member name)."""

    DefaultChatModel = "gpt-3.5-turbo"
    DefaultEmbeddingsModel = "text-embedding-ada-002"


semantic_search_system_prompt = (
    "You are a helpful assistant. You are responding to requests\n"
    "    from a user about internal emails and documents. You can and\n"
    "    should refer to the internal documents to help respond to\n"
    "    requests. If a user makes a request that's not covered by the\n"
    "    internal emails and documents, explain that you don't know the\n"
    "    answer or that you don't have access to the information.\n"
    "\n"
    "    The following is a list of documents that you can refer to when\n"
    "    answering questions. The documents are in the format\n"
    "    [filename]: [text] and are separated by newlines. If you answer\n"
    "    a question by referencing any of the documents, please cite the\n"
    "    document in your answer. For example, if you answer a question\n"
    '    by referencing info.txt, you should add "Reference: info.txt"\n'
    "    to the end of your answer on a separate line."
)
"""The default ``system_prompt`` of ``semantic_search_input``: a setting value the host reads."""


class AssistantSkillTrigger(Trigger):
    """An assistant calling the function as a skill starts it."""

    binding_type = "assistantSkillTrigger"
    fields = ("function_description", "function_name", "parameter_description_json")
    required = ("function_description",)


class TextCompletionInput(InputBinding):
    """A text completion for a prompt."""

    binding_type = "textCompletion"
    fields = (
        "prompt",
        "ai_connection_name",
        "chat_model",
        "temperature",
        "top_p",
        "max_tokens",
        "is_reasoning_model",
    )
    required = ("prompt",)
    defaults: ClassVar[Mapping[str, Any]] = {
        "ai_connection_name": "",
        "chat_model": OpenAIModels.DefaultChatModel,
        "temperature": "0.5",
        "max_tokens": "100",
        "is_reasoning_model": False,
    }


class AssistantQueryInput(InputBinding):
    """The chat history of an assistant."""

    binding_type = "assistantQuery"
    fields = ("id", "timestamp_utc", "chat_storage_connection_setting", "collection_name")
    required = ("id", "timestamp_utc")
    defaults: ClassVar[Mapping[str, Any]] = {
        "chat_storage_connection_setting": "AzureWebJobsStorage",
        "collection_name": "ChatState",
    }


class AssistantPostInput(InputBinding):
    """The reply of an assistant to a user message."""

    binding_type = "assistantPost"
    fields = (
        "id",
        "user_message",
        "ai_connection_name",
        "chat_model",
        "chat_storage_connection_setting",
        "collection_name",
        "temperature",
        "top_p",
        "max_tokens",
        "is_reasoning_model",
    )
    required = ("id", "user_message")
    defaults: ClassVar[Mapping[str, Any]] = {
        "ai_connection_name": "",
        "chat_model": OpenAIModels.DefaultChatModel,
        "chat_storage_connection_setting": "AzureWebJobsStorage",
        "collection_name": "ChatState",
        "temperature": "0.5",
        "max_tokens": "100",
        "is_reasoning_model": False,
    }


class AssistantCreateOutput(OutputBinding):
    """An assistant the function creates."""

    binding_type = "assistantCreate"


class EmbeddingsInput(InputBinding):
    """Embeddings computed for a text or a file."""

    binding_type = "embeddings"
    fields = (
        "input",
        "input_type",
        "ai_connection_name",
        "embeddings_model",
        "max_chunk_length",
        "max_overlap",
    )
    required = ("input", "input_type")
    defaults: ClassVar[Mapping[str, Any]] = {
        "ai_connection_name": "",
        "embeddings_model": OpenAIModels.DefaultEmbeddingsModel,
        "max_chunk_length": 8192,
        "max_overlap": 128,
    }


class SemanticSearchInput(InputBinding):
    """An answer found by semantic search over a collection."""

    binding_type = "semanticSearch"
    fields = (
        "search_connection_name",
        "collection",
        "query",
        "ai_connection_name",
        "embeddings_model",
        "chat_model",
        "system_prompt",
        "max_knowledge_count",
        "temperature",
        "top_p",
        "max_tokens",
        "is_reasoning_model",
    )
    required = ("search_connection_name", "collection")
    defaults: ClassVar[Mapping[str, Any]] = {
        "ai_connection_name": "",
        "embeddings_model": OpenAIModels.DefaultEmbeddingsModel,
        "chat_model": OpenAIModels.DefaultChatModel,
        "system_prompt": semantic_search_system_prompt,
        "max_knowledge_count": 1,
        "temperature": "0.5",
        "max_tokens": "100",
        "is_reasoning_model": False,
    }


class EmbeddingsStoreOutput(OutputBinding):
    """Embeddings the function stores in a search collection."""

    binding_type = "embeddingsStore"
    fields = (
        "input",
        "input_type",
        "store_connection_name",
        "collection",
        "ai_connection_name",
        "embeddings_model",
        "max_chunk_length",
        "max_overlap",
    )
    required = ("input", "input_type", "store_connection_name", "collection")
    defaults: ClassVar[Mapping[str, Any]] = {
        "ai_connection_name": "",
        "embeddings_model": OpenAIModels.DefaultEmbeddingsModel,
        "max_chunk_length": 8192,
        "max_overlap": 128,
    }


# --- Model Context Protocol -----------------------------------------------------------------


class MCPToolTrigger(Trigger):
    """An MCP client calling a tool starts the function."""

    binding_type = "mcpToolTrigger"
    fields = ("tool_name", "description", "tool_properties", "metadata", "use_result_schema")
    required = ("tool_name",)
    defaults: ClassVar[Mapping[str, Any]] = {"use_result_schema": False}


class MCPResourceTrigger(Trigger):
    """An MCP client reading a resource starts the function."""

    binding_type = "mcpResourceTrigger"
    fields = ("uri", "resource_name", "title", "description", "mime_type", "size", "metadata")
    required = ("uri", "resource_name")


class MCPPromptTrigger(Trigger):
    """An MCP client asking for a prompt starts the function."""

    binding_type = "mcpPromptTrigger"
    fields = ("prompt_name", "prompt_arguments", "title", "description", "metadata", "icons")
    required = ("prompt_name",)


# --- Logic Apps connectors and the generic kinds ----------------------------------------------


class ConnectorTrigger(Trigger):
    """A Logic Apps connector event starts the function."""

    binding_type = "connectorTrigger"


class GenericTrigger(Trigger):
    """A trigger of any ``type``, with settings given as keyword arguments."""


class GenericInputBinding(InputBinding):
    """An input binding of any ``type``, with settings given as keyword arguments."""


class GenericOutputBinding(OutputBinding):
    """An output binding of any ``type``, with settings given as keyword arguments."""


__all__ = [
    "AssistantCreateOutput",
    "AssistantPostInput",
    "AssistantQueryInput",
    "AssistantSkillTrigger",
    "BlobInput",
    "BlobOutput",
    "BlobTrigger",
    "ConnectorTrigger",
    "CosmosDBInput",
    "CosmosDBInputV3",
    "CosmosDBOutput",
    "CosmosDBOutputV3",
    "CosmosDBTrigger",
    "CosmosDBTriggerV3",
    "DaprBindingOutput",
    "DaprBindingTrigger",
    "DaprInvokeOutput",
    "DaprPublishOutput",
    "DaprSecretInput",
    "DaprServiceInvocationTrigger",
    "DaprStateInput",
    "DaprStateOutput",
    "DaprTopicTrigger",
    "EmbeddingsInput",
    "EmbeddingsStoreOutput",
    "EventGridOutput",
    "EventGridTrigger",
    "EventHubOutput",
    "EventHubTrigger",
    "GenericInputBinding",
    "GenericOutputBinding",
    "GenericTrigger",
    "HttpOutput",
    "HttpTrigger",
    "KafkaOutput",
    "KafkaTrigger",
    "MCPPromptTrigger",
    "MCPResourceTrigger",
    "MCPToolTrigger",
    "MySqlInput",
    "MySqlOutput",
    "MySqlTrigger",
    "QueueOutput",
    "QueueTrigger",
    "SemanticSearchInput",
    "ServiceBusQueueOutput",
    "ServiceBusQueueTrigger",
    "ServiceBusTopicOutput",
    "ServiceBusTopicTrigger",
    "SqlInput",
    "SqlOutput",
    "SqlTrigger",
    "TableInput",
    "TableOutput",
    "TextCompletionInput",
    "TimerTrigger",
    "WarmUpTrigger",
]
