"""A small Durable Functions app of the decorator model, run by the SDK's own code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import azure.durable_functions as df
import azure.functions as func

app = df.DFApp(http_auth_level=func.AuthLevel.ANONYMOUS)


class Greeting:
    """An activity's result: a custom object, written as JSON by its to_json."""

    def __init__(self, city: str, text: str) -> None:
        self.city = city
        self.text = text

    @staticmethod
    def to_json(obj: Greeting) -> dict[str, str]:
        return {"city": obj.city, "text": obj.text}

    @staticmethod
    def from_json(data: dict[str, str]) -> Greeting:
        return Greeting(data["city"], data["text"])


@app.route(route="orchestrators/{name}")
@app.durable_client_input(client_name="client")
async def http_start(req: func.HttpRequest, client: Any) -> func.HttpResponse:
    instance_id = await client.start_new(req.route_params["name"])
    return client.create_check_status_response(req, instance_id)


@app.orchestration_trigger(context_name="context")
def hello_orchestrator(context: df.DurableOrchestrationContext) -> Iterator[Any]:
    cities = context.get_input() or ["Tokyo", "Seattle"]
    greetings = []
    for city in cities:
        greeting = yield context.call_activity("hello", city)
        greetings.append(greeting)
    return [greeting.text for greeting in greetings]


@app.activity_trigger(input_name="city")
def hello(city: str) -> Greeting:
    return Greeting(city, f"Hello {city}!")
