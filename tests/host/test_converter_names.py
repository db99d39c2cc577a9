"""The host's converters and the worker-level converters of azure.functions never share a name."""

from __future__ import annotations

import inspect

import pytest

import azure_functions_compat as func
from azure_functions_compat import _converters
from azure_functions_compat.host import BindingConverter, converters, events, get_converter


def _host_converter_classes() -> dict[str, type]:
    found: dict[str, type] = {}
    for module in (converters, events):
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BindingConverter):
                found[name] = value
    return found


def test_no_host_converter_has_the_name_of_a_worker_level_converter() -> None:
    worker_names = {name for name, value in vars(_converters).items() if inspect.isclass(value)}
    clashes = sorted(set(_host_converter_classes()) & worker_names - {"BindingConverter"})
    assert clashes == []


@pytest.mark.parametrize(
    ("binding_type", "name"),
    [
        ("httpTrigger", "HttpTriggerBinding"),
        ("blob", "BlobBinding"),
        ("kafkaTrigger", "KafkaTriggerBinding"),
        ("eventHubTrigger", "EventHubTriggerBinding"),
        ("cosmosDBTrigger", "CosmosDBTriggerBinding"),
    ],
)
def test_host_converters_are_named_after_their_binding(binding_type: str, name: str) -> None:
    assert type(get_converter(binding_type)).__name__ == name


def test_a_worker_level_converter_name_means_the_worker_level_class() -> None:
    assert func.KafkaTriggerConverter is _converters.KafkaTriggerConverter
    assert not issubclass(func.KafkaTriggerConverter, BindingConverter)
