"""A small item catalogue written in the decorator model of Azure Functions.

HTTP routes read items from Blob Storage and queue new ones; a queue trigger stores each
queued item as a blob; a timer reports every hour; a blueprint (``health.py``) adds a
health check; ``greet`` is an async route.
"""

import asyncio
import json
import logging
from typing import Optional

import azure.functions as func
from health import bp

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)
app.register_functions(bp)

STORAGE = "AzureWebJobsStorage"


@app.route(route="items/{id:int}", methods=[func.HttpMethod.GET])
@app.blob_input(arg_name="item", path="items/{id}.json", connection=STORAGE)
def get_item(req: func.HttpRequest, item: Optional[func.InputStream]) -> func.HttpResponse:
    """Return the stored item ``id``, or 404 when there is none."""
    if item is None:
        return func.HttpResponse(f"no item {req.route_params['id']}", status_code=404)
    return func.HttpResponse(item.read(), mimetype="application/json")


@app.route(route="items", methods=["POST"])
@app.queue_output(arg_name="message", queue_name="new-items", connection=STORAGE)
def add_item(req: func.HttpRequest, message: func.Out[str]) -> func.HttpResponse:
    """Queue the JSON item in the body (it needs an integer ``id``); answer 202."""
    try:
        item = req.get_json()
    except ValueError:
        return func.HttpResponse("the body must be a JSON object", status_code=400)
    if not isinstance(item, dict) or not isinstance(item.get("id"), int):
        return func.HttpResponse("an item needs an integer id", status_code=400)
    message.set(json.dumps(item))
    return func.HttpResponse(status_code=202, headers={"Location": f"/api/items/{item['id']}"})


@app.queue_trigger(arg_name="message", queue_name="new-items", connection=STORAGE)
@app.blob_output(arg_name="item", path="items/{id}.json", connection=STORAGE)
def store_item(message: func.QueueMessage, item: func.Out[str]) -> None:
    """Store a queued item as the blob ``items/<id>.json``."""
    data = message.get_json()
    item.set(json.dumps(data))
    logging.info("stored item %s", data["id"])


@app.timer_trigger(arg_name="timer", schedule="0 0 * * * *", run_on_startup=False)
def hourly_report(timer: func.TimerRequest) -> None:
    """Log a line every hour, and a warning when the run is late."""
    if timer.past_due:
        logging.warning("the hourly report is late")
    logging.info("hourly report")


@app.function_name("greet")
@app.route(route="greet/{name:alpha}", methods=["GET"])
async def greet_by_name(req: func.HttpRequest) -> func.HttpResponse:
    """Greet ``name`` (letters only), the async way."""
    await asyncio.sleep(0)
    return func.HttpResponse(f"Hello, {req.route_params['name']}!")
