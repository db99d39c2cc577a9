"""Unit tests of the decorator app, written as for Azure: import ``function_app``, call functions.

Run from this folder with ``python -m pytest``. With ``azure-functions-compat`` installed (and
not ``azure-functions``), ``import azure.functions`` resolves to it. Where ``azure-functions``
is installed too (requirements.txt lists it), ``azure.functions`` is the real package, whose
``Out``, ``InputStream`` and ``TimerRequest`` cannot be built; these tests take those three
from ``azure_functions_compat``, which pass for the real ones, so they run either way.
"""

import asyncio
import json
import logging

import azure.functions as func
import azure_functions_compat as compat
import pytest
from function_app import add_item, app, get_item, greet_by_name, hourly_report, store_item
from health import health

# The real FunctionApp checks names on every get_functions() and finds its own earlier
# answer a duplicate: ask once.
FUNCTIONS = list(app.get_functions())


def make_request(method, url, *, body=None, route_params=None):
    return func.HttpRequest(method=method, url=url, body=body, route_params=route_params or {})


def test_get_item_returns_the_stored_blob_as_json():
    req = make_request("GET", "/api/items/7", route_params={"id": "7"})
    blob = compat.InputStream(data=b'{"id": 7, "name": "lamp"}', name="items/7.json")

    resp = get_item(req, blob)

    assert resp.status_code == 200
    assert resp.mimetype == "application/json"
    assert json.loads(resp.get_body()) == {"id": 7, "name": "lamp"}


def test_get_item_answers_404_when_the_blob_is_missing():
    resp = get_item(make_request("GET", "/api/items/8", route_params={"id": "8"}), None)

    assert resp.status_code == 404
    assert resp.get_body() == b"no item 8"


def test_add_item_queues_the_item_and_answers_202():
    message = compat.Out()
    req = make_request("POST", "/api/items", body=b'{"id": 3, "name": "chair"}')

    resp = add_item(req, message)

    assert resp.status_code == 202
    assert resp.headers["Location"] == "/api/items/3"
    assert json.loads(message.get()) == {"id": 3, "name": "chair"}


@pytest.mark.parametrize(
    "body", [b"", b"not json", b"[1, 2]", b'{"name": "no id"}', b'{"id": "3"}']
)
def test_add_item_refuses_a_body_that_is_not_an_item(body):
    message = compat.Out()

    resp = add_item(make_request("POST", "/api/items", body=body), message)

    assert resp.status_code == 400
    assert message.get() is None


def test_store_item_writes_the_queued_item_to_its_blob(caplog):
    item = compat.Out()
    message = func.QueueMessage(body=b'{"id": 5, "name": "desk"}')

    with caplog.at_level(logging.INFO):
        store_item(message, item)

    assert json.loads(item.get()) == {"id": 5, "name": "desk"}
    assert "stored item 5" in caplog.text


def test_hourly_report_warns_when_it_runs_late(caplog):
    with caplog.at_level(logging.INFO):
        hourly_report(compat.TimerRequest(past_due=True))

    assert [r.levelname for r in caplog.records] == ["WARNING", "INFO"]


def test_greet_is_an_async_route():
    req = make_request("GET", "/api/greet/Ada", route_params={"name": "Ada"})

    resp = asyncio.run(greet_by_name(req))

    assert resp.get_body() == b"Hello, Ada!"


def test_the_built_function_gives_back_the_user_function():
    user_function = health.build().get_user_function()

    assert user_function(make_request("GET", "/api/health")).get_body() == b"ok"


def test_the_app_lists_every_function_by_name():
    names = sorted(f.get_function_name() for f in FUNCTIONS)

    assert names == ["add_item", "get_item", "greet", "health", "hourly_report", "store_item"]


def test_routes_keep_their_constraints_and_methods():
    triggers = {f.get_function_name(): f.get_trigger() for f in FUNCTIONS}

    assert triggers["get_item"].route == "items/{id:int}"
    assert [str(m) for m in triggers["get_item"].methods] == ["GET"]
    assert triggers["health"].route == "health"
