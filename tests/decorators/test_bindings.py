"""Binding and setting objects: declared kinds, custom subclasses, the submodules users import."""

from __future__ import annotations

import importlib
from typing import Any, Optional

import pytest

from azure_functions_compat.decorators import FunctionApp
from azure_functions_compat.decorators.blob import BlobInput, BlobTrigger
from azure_functions_compat.decorators.core import (
    BindingDirection,
    DataType,
    InputBinding,
    Setting,
    Trigger,
)
from azure_functions_compat.decorators.http import HttpTrigger
from azure_functions_compat.decorators.kafka import BrokerProtocol
from azure_functions_compat.decorators.utils import (
    parse_iterable_param_to_enums,
    parse_singular_param_to_enum,
    to_camel_case,
)
from azure_functions_compat.enums import BlobSource, HttpMethod


def test_a_declared_binding_writes_its_fields_in_order() -> None:
    binding = BlobInput("doc", connection="S", path="c/{id}", data_type="STRING")

    assert binding.get_dict_repr() == {
        "direction": BindingDirection.IN,
        "dataType": DataType.STRING,
        "type": "blob",
        "name": "doc",
        "path": "c/{id}",
        "connection": "S",
    }
    assert list(binding.get_dict_repr())[4:] == ["path", "connection"]


def test_settings_read_like_attributes() -> None:
    binding = BlobInput("doc", path="c/b", connection="S")

    assert (binding.path, binding.connection, binding.name, binding.type) == (
        "c/b",
        "S",
        "doc",
        "blob",
    )
    assert (binding.direction, binding.data_type) == (0, None)
    with pytest.raises(AttributeError):
        _ = binding.not_a_setting


def test_a_required_field_must_be_given() -> None:
    with pytest.raises(TypeError, match="BlobInput: connection is required"):
        BlobInput("doc", path="c/b")


def test_a_blob_trigger_source_is_written_by_value() -> None:
    binding = BlobTrigger("b", path="c/{name}", connection="S", source=BlobSource.EVENT_GRID)

    assert binding.get_dict_repr()["source"] == "EventGrid"


def test_binding_names_are_the_types_they_write() -> None:
    assert HttpTrigger.get_binding_name() == "httpTrigger"
    assert Trigger.is_supported_trigger_type(HttpTrigger("req"), HttpTrigger)


def test_a_binding_name_must_be_a_non_empty_str() -> None:
    with pytest.raises(TypeError, match="BlobInput: name must be a non-empty str"):
        BlobInput("", path="c/b", connection="S")


class LegacyStyleTrigger(Trigger):
    """A custom trigger written the way azure.functions documents it."""

    @staticmethod
    def get_binding_name() -> str:
        return "legacyTrigger"

    def __init__(
        self,
        name: str,
        topic_name: str,
        max_items: Optional[int] = None,
        data_type: Optional[DataType] = None,
        **kwargs: Any,
    ) -> None:
        self.topic_name = topic_name
        self.max_items = max_items
        super().__init__(name=name, data_type=data_type)


def test_a_custom_binding_in_the_azure_functions_style_records_its_attributes() -> None:
    binding = LegacyStyleTrigger("event", topic_name="t", extra_thing="x")

    assert binding.get_dict_repr() == {
        "direction": BindingDirection.IN,
        "type": "legacyTrigger",
        "name": "event",
        "topicName": "t",
        "extraThing": "x",
    }


def test_a_custom_binding_can_be_added_through_a_builder() -> None:
    app = FunctionApp()

    def handler(event: Any) -> None:
        return None

    @app._configure_function_builder
    def wrap(builder: Any) -> Any:
        return builder.add_trigger(LegacyStyleTrigger("event", topic_name="t", max_items=3))

    wrap(handler)
    (function,) = app.get_functions()

    assert function.get_raw_bindings() == [
        '{"direction": "IN", "type": "legacyTrigger", "name": "event", "topicName": "t", '
        '"maxItems": 3}'
    ]


def test_a_generic_input_takes_its_type_per_binding() -> None:
    class Custom(InputBinding):
        pass

    assert Custom("x", type="myInput", setting_one=1).get_dict_repr() == {
        "direction": BindingDirection.IN,
        "type": "myInput",
        "name": "x",
        "settingOne": 1,
    }


def test_a_setting_lists_its_values_by_snake_case_name() -> None:
    setting = Setting("custom_setting", some_value=1, absent=None)

    assert setting.get_setting_name() == "custom_setting"
    assert setting.get_dict_repr() == {"setting_name": "custom_setting", "some_value": 1}
    assert setting.get_settings_value("some_value") == 1


@pytest.mark.parametrize(
    ("snake", "camel"),
    [("queue_name", "queueName"), ("name", "name"), ("dataType", "dataType"), ("a_b_c", "aBC")],
)
def test_to_camel_case(snake: str, camel: str) -> None:
    assert to_camel_case(snake) == camel


def test_the_enum_parsers_of_utils() -> None:
    assert parse_singular_param_to_enum("ssl", BrokerProtocol) is BrokerProtocol.SSL
    assert parse_singular_param_to_enum(None, BrokerProtocol) is None
    assert parse_iterable_param_to_enums(["get", HttpMethod.PUT], HttpMethod) == [
        HttpMethod.GET,
        HttpMethod.PUT,
    ]
    with pytest.raises(ValueError, match="one of its names"):
        parse_singular_param_to_enum("TLS", BrokerProtocol)


SUBMODULES = [
    "blob", "connectors", "constants", "core", "cosmosdb", "dapr", "eventgrid", "eventhub",
    "function_app", "function_name", "generic", "http", "kafka", "mcp", "mysql", "openai",
    "queue", "retry_policy", "servicebus", "sql", "table", "timer", "utils", "warmup",
]  # fmt: skip


@pytest.mark.parametrize("name", SUBMODULES)
def test_every_submodule_of_the_real_decorators_package_imports(name: str) -> None:
    module = importlib.import_module(f"azure_functions_compat.decorators.{name}")

    for exported in module.__all__:
        assert hasattr(module, exported)


def test_the_kafka_binding_classes_load_from_their_module() -> None:
    from azure_functions_compat.decorators import kafka

    assert kafka.KafkaTrigger.get_binding_name() == "kafkaTrigger"


def test_importing_the_package_does_not_import_the_decorators() -> None:
    import subprocess
    import sys

    code = (
        "import sys, azure_functions_compat; "
        "print('azure_functions_compat.decorators' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "False"


def test_cosmos_change_feed_mode_is_written_by_value_as_azure_functions_2_does() -> None:
    from azure_functions_compat.decorators.core import CosmosDBChangeFeedMode

    app = FunctionApp()

    @app.cosmos_db_trigger(
        arg_name="docs",
        connection="Cosmos",
        database_name="db",
        container_name="items",
        change_feed_mode=CosmosDBChangeFeedMode.ALL_VERSIONS_AND_DELETES,
    )
    def changed(docs: Any) -> None:
        return None

    trigger = app.get_functions()[0].get_bindings()[0]
    assert trigger.get_dict_repr()["changeFeedMode"] == "AllVersionsAndDeletes"
