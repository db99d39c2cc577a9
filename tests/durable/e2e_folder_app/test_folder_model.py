"""The function.json model: orchestrationTrigger, activityTrigger, entityTrigger and
durableClient bindings, the SDK's Orchestrator.create and Entity.create."""

from __future__ import annotations

from pathlib import Path

import pytest

from azure_functions_compat.host import load_app

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def app():
    loaded = load_app(HERE)
    yield loaded
    loaded.durable.close()
    loaded.close()


def test_bindings_are_listed(app):
    triggers = {name: function.trigger.type for name, function in app.functions.items()}
    assert triggers == {
        "Counter": "entityTrigger",
        "Hello": "activityTrigger",
        "HttpStart": "httpTrigger",
        "Orchestrator": "orchestrationTrigger",
    }


def test_http_starter_runs_the_orchestration(app):
    with app.test_client() as client:
        started = client.post("/api/orchestrators/Orchestrator", json=["Ann", "Bo"])
        assert started.status_code == 202
        status = client.get(started.headers["Location"]).json()
    assert status["runtimeStatus"] == "Completed"
    assert status["output"] == {"greetings": ["Hello Ann!", "Hello Bo!"], "count": 2}


def test_entity_state_after_the_run(app):
    app.durable.wait(app.durable.start("Orchestrator", ["Cy"]))
    exists, count = app.durable.entity_state("Counter", "greetings")
    assert exists
    assert count >= 1


def test_an_activity_can_be_invoked_like_any_function(app):
    result = app.invoke("Hello", '"Dee"')
    assert result.return_value == "Hello Dee!"
