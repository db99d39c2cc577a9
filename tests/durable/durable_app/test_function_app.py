"""The app's unit tests, as the Durable Functions docs write them: mock the context."""

from __future__ import annotations

import json
import unittest
from typing import Any
from unittest.mock import Mock, patch

import azure.functions as func
from function_app import Greeting, app, hello, hello_orchestrator


class TestOrchestrator(unittest.TestCase):
    @patch("azure.durable_functions.DurableOrchestrationContext")
    def test_orchestrator_calls_the_activity_for_each_city(self, context: Any) -> None:
        context.get_input = Mock(return_value=["Tokyo", "London"])
        context.call_activity = Mock(side_effect=lambda name, city: Greeting(city, f"Hi {city}"))
        orchestrator = hello_orchestrator.build().get_user_function().orchestrator_function

        steps = orchestrator(context)
        first = next(steps)
        second = steps.send(first)
        with self.assertRaises(StopIteration) as finished:  # noqa: PT027 (the docs' unittest style)
            steps.send(second)

        self.assertEqual(finished.exception.value, ["Hi Tokyo", "Hi London"])  # noqa: PT009
        context.call_activity.assert_any_call("hello", "London")


def test_activity_returns_a_greeting() -> None:
    activity = hello.build().get_user_function()
    assert activity("Paris").text == "Hello Paris!"


def test_decorator_app_records_the_durable_bindings() -> None:
    functions = {function.get_function_name(): function for function in app.get_functions()}
    assert sorted(functions) == ["hello", "hello_orchestrator", "http_start"]
    orchestrator = json.loads(functions["hello_orchestrator"].get_function_json())
    assert orchestrator["bindings"] == [
        {"direction": "IN", "name": "context", "type": "orchestrationTrigger"}
    ]
    client = json.loads(functions["http_start"].get_function_json())
    assert {"direction": "IN", "name": "client", "type": "durableClient"} in client["bindings"]


def event(kind: int, second: int, **fields: Any) -> dict[str, Any]:
    """A history event as the Durable Task extension sends it."""
    stamp = f"2024-01-01T00:00:0{second}.000000Z"
    return {"EventType": kind, "EventId": -1, "IsPlayed": False, "Timestamp": stamp, **fields}


def test_sdk_replays_an_orchestration_whose_activity_returned_a_custom_object() -> None:
    # The activity's result arrives as the JSON envelope of a Greeting; the SDK rebuilds it
    # through azure.functions._durable_functions before the orchestrator reads .text.
    from azure.functions._durable_functions import df_dumps

    started, scheduled, completed, orchestrator_started = 0, 4, 5, 12
    state = {
        "instanceId": "instance-1",
        "parentInstanceId": None,
        "isReplaying": False,
        "input": json.dumps(["Oslo"]),
        "upperSchemaVersion": 0,
        "history": [
            event(orchestrator_started, 1),
            event(started, 2, Name="hello_orchestrator", Version="", Input='["Oslo"]'),
            event(scheduled, 3, EventId=0, Name="hello", Version=""),
            event(completed, 4, TaskScheduledId=0, Result=df_dumps(Greeting("Oslo", "Hei"))),
        ],
    }
    handle = hello_orchestrator.build().get_user_function()

    result = json.loads(handle(func.OrchestrationContext(json.dumps(state))))

    assert result["isDone"] is True
    assert result["output"] == ["Hei"]
    assert result["actions"] == [[{"actionType": 0, "functionName": "hello", "input": '"Oslo"'}]]
