"""Durable Functions samples, in the style of the SDK's own: each scenario has an HTTP
starter using the real DurableOrchestrationClient, an orchestrator and its activities."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

import azure.durable_functions as df
import azure.functions as func

app = df.DFApp(http_auth_level=func.AuthLevel.ANONYMOUS)


# --- HTTP starters and client calls --------------------------------------------------------


@app.route(route="orchestrators/{name}", methods=["POST"])
@app.durable_client_input(client_name="client")
async def http_start(
    req: func.HttpRequest, client: df.DurableOrchestrationClient
) -> func.HttpResponse:
    body = req.get_body()
    instance_id = await client.start_new(
        req.route_params["name"], client_input=json.loads(body) if body else None
    )
    return client.create_check_status_response(req, instance_id)


@app.route(route="run/{name}", methods=["POST"])
@app.durable_client_input(client_name="client")
async def http_run(
    req: func.HttpRequest, client: df.DurableOrchestrationClient
) -> func.HttpResponse:
    body = req.get_body()
    instance_id = await client.start_new(
        req.route_params["name"], client_input=json.loads(body) if body else None
    )
    return await client.wait_for_completion_or_create_check_status_response(
        req, instance_id, timeout_in_milliseconds=5000, retry_interval_in_milliseconds=100
    )


@app.route(route="status/{instance_id}", methods=["GET"])
@app.durable_client_input(client_name="client")
async def http_status(
    req: func.HttpRequest, client: df.DurableOrchestrationClient
) -> func.HttpResponse:
    status = await client.get_status(
        req.route_params["instance_id"],
        show_history=req.params.get("history") == "1",
        show_history_output=req.params.get("history") == "1",
    )
    payload = status.to_json()
    payload["history"] = status.historyEvents if hasattr(status, "historyEvents") else None
    return func.HttpResponse(json.dumps(payload), mimetype="application/json")


@app.route(route="instances", methods=["GET"])
@app.durable_client_input(client_name="client")
async def http_list(
    req: func.HttpRequest, client: df.DurableOrchestrationClient
) -> func.HttpResponse:
    if req.params.get("status"):
        statuses = await client.get_status_by(
            runtime_status=[df.OrchestrationRuntimeStatus(req.params["status"])]
        )
    else:
        statuses = await client.get_status_all()
    return func.HttpResponse(
        json.dumps(sorted(status.instance_id for status in statuses)), mimetype="application/json"
    )


@app.route(route="events/{instance_id}/{event}", methods=["POST"])
@app.durable_client_input(client_name="client")
async def http_raise(
    req: func.HttpRequest, client: df.DurableOrchestrationClient
) -> func.HttpResponse:
    try:
        await client.raise_event(
            req.route_params["instance_id"], req.route_params["event"], req.get_json()
        )
    except Exception as exc:
        return func.HttpResponse(str(exc), status_code=409)
    return func.HttpResponse("raised", status_code=202)


@app.route(route="manage/{instance_id}/{action}", methods=["POST"])
@app.durable_client_input(client_name="client")
async def http_manage(
    req: func.HttpRequest, client: df.DurableOrchestrationClient
) -> func.HttpResponse:
    instance_id = req.route_params["instance_id"]
    action = req.route_params["action"]
    if action == "terminate":
        await client.terminate(instance_id, "stopped by a test")
    elif action == "suspend":
        await client.suspend(instance_id, "paused")
    elif action == "resume":
        await client.resume(instance_id, "go on")
    elif action == "purge":
        result = await client.purge_instance_history(instance_id)
        return func.HttpResponse(str(result.instances_deleted))
    elif action == "rewind":
        try:
            await client.rewind(instance_id, "try again")
        except Exception as exc:
            return func.HttpResponse(str(exc), status_code=409)
    elif action == "restart":
        try:
            restarted = await client.restart(instance_id, req.params.get("new") != "false")
        except Exception as exc:
            return func.HttpResponse(str(exc), status_code=409)
        return func.HttpResponse(json.dumps(restarted), mimetype="application/json")
    return func.HttpResponse(action, status_code=202)


@app.route(route="counter/{key}", methods=["GET", "POST"])
@app.durable_client_input(client_name="client")
async def http_counter(
    req: func.HttpRequest, client: df.DurableOrchestrationClient
) -> func.HttpResponse:
    entity = df.EntityId("Counter", req.route_params["key"])
    if req.method == "POST":
        await client.signal_entity(entity, req.params.get("op", "add"), req.get_json())
        return func.HttpResponse("signalled", status_code=202)
    state = await client.read_entity_state(entity)
    return func.HttpResponse(
        json.dumps({"exists": state.entity_exists, "state": state.entity_state}),
        mimetype="application/json",
    )


# --- function chaining ---------------------------------------------------------------------


@app.orchestration_trigger(context_name="context")
def chaining(context: df.DurableOrchestrationContext):
    cities = context.get_input() or ["Tokyo", "Seattle", "London"]
    greetings = []
    for city in cities:
        greetings.append((yield context.call_activity("say_hello", city)))
    return greetings


@app.activity_trigger(input_name="city")
def say_hello(city: str) -> str:
    return f"Hello {city}!"


# --- fan-out/fan-in ------------------------------------------------------------------------


@app.orchestration_trigger(context_name="context")
def fan_out_fan_in(context: df.DurableOrchestrationContext):
    count = context.get_input() or 10
    work = yield context.call_activity("list_work", count)
    tasks = [context.call_activity("square", item) for item in work]
    results = yield context.task_all(tasks)
    return sum(results)


@app.activity_trigger(input_name="count")
def list_work(count: int) -> list:
    return list(range(1, count + 1))


@app.activity_trigger(input_name="item")
def square(item: int) -> int:
    return item * item


# --- human interaction ---------------------------------------------------------------------


@app.orchestration_trigger(context_name="context")
def approval(context: df.DurableOrchestrationContext):
    yield context.call_activity("request_approval", context.get_input())
    deadline = context.current_utc_datetime + timedelta(hours=72)
    timeout = context.create_timer(deadline)
    answer = context.wait_for_external_event("Approval")
    winner = yield context.task_any([answer, timeout])
    if winner == answer:
        timeout.cancel()
        return f"Approved by {answer.result['by']}"
    return "Escalated"


@app.activity_trigger(input_name="request")
def request_approval(request: Any) -> str:
    return f"asked for {request}"


# --- monitor -------------------------------------------------------------------------------


@app.orchestration_trigger(context_name="context")
def monitor(context: df.DurableOrchestrationContext):
    job = context.get_input()
    state = yield context.call_activity("job_state", job)
    context.set_custom_status({"round": job["round"], "state": state})
    if state == "done":
        return f"job finished after {job['round']} rounds"
    yield context.create_timer(context.current_utc_datetime + timedelta(minutes=30))
    context.continue_as_new({"round": job["round"] + 1, "finish_at": job["finish_at"]})


@app.activity_trigger(input_name="job")
def job_state(job: dict) -> str:
    return "done" if job["round"] >= job["finish_at"] else "running"


# --- entities ------------------------------------------------------------------------------


@app.entity_trigger(context_name="context")
def Counter(context: df.DurableEntityContext) -> None:
    current = context.get_state(lambda: 0)
    operation = context.operation_name
    if operation == "add":
        current += context.get_input()
        context.set_state(current)
    elif operation == "reset":
        context.set_state(0)
    elif operation == "get":
        context.set_result(current)
    elif operation == "fail":
        raise ValueError("the counter refuses")


@app.orchestration_trigger(context_name="context")
def counter_user(context: df.DurableOrchestrationContext):
    key = context.get_input()
    entity = df.EntityId("Counter", key)
    context.signal_entity(entity, "add", 1)
    yield context.call_entity(entity, "add", 5)
    total = yield context.call_entity(entity, "get")
    try:
        yield context.call_entity(entity, "fail")
    except Exception as exc:
        return {"total": total, "error": str(exc)}
    return {"total": total, "error": None}


# --- sub-orchestrations --------------------------------------------------------------------


@app.orchestration_trigger(context_name="context")
def parent(context: df.DurableOrchestrationContext):
    first = yield context.call_sub_orchestrator("chaining", ["Oslo"])
    both = yield context.task_all(
        [
            context.call_sub_orchestrator("chaining", ["Rome"]),
            context.call_sub_orchestrator(
                "fan_out_fan_in", 3, instance_id=f"{context.instance_id}-fan"
            ),
        ]
    )
    return {"first": first, "both": both, "parent_of_child": None}


# --- retries -------------------------------------------------------------------------------

_attempts: dict[str, int] = {}
_attempts_lock = threading.Lock()


@app.orchestration_trigger(context_name="context")
def retrying(context: df.DurableOrchestrationContext):
    options = df.RetryOptions(first_retry_interval_in_milliseconds=5000, max_number_of_attempts=3)
    key = context.get_input()
    result = yield context.call_activity_with_retry("flaky", options, key)
    after = yield context.call_activity("say_hello", "after retries")
    return [result, after]


@app.orchestration_trigger(context_name="context")
def retrying_too_few(context: df.DurableOrchestrationContext):
    options = df.RetryOptions(first_retry_interval_in_milliseconds=1000, max_number_of_attempts=2)
    try:
        yield context.call_activity_with_retry("flaky", options, context.get_input())
    except Exception as exc:
        return f"gave up: {exc}"
    return "succeeded"


@app.activity_trigger(input_name="key")
def flaky(key: str) -> str:
    with _attempts_lock:
        _attempts[key] = _attempts.get(key, 0) + 1
        attempt = _attempts[key]
    if attempt < 3:
        raise RuntimeError(f"attempt {attempt} failed")
    return f"{key} worked on attempt {attempt}"


@app.orchestration_trigger(context_name="context")
def rewindable(context: df.DurableOrchestrationContext):
    before = yield context.call_activity("say_hello", "before")
    flaky_result = yield context.call_activity("flaky", context.get_input())
    return [before, flaky_result]


@app.orchestration_trigger(context_name="context")
def rewindable_parent(context: df.DurableOrchestrationContext):
    result = yield context.call_sub_orchestrator("rewindable", context.get_input())
    return result


# --- failures ------------------------------------------------------------------------------


@app.orchestration_trigger(context_name="context")
def failing(context: df.DurableOrchestrationContext):
    yield context.call_activity("say_hello", "before the failure")
    raise ValueError("the orchestrator gave up")


@app.orchestration_trigger(context_name="context")
def activity_fails(context: df.DurableOrchestrationContext):
    yield context.call_activity("broken", None)
    return "never here"


@app.activity_trigger(input_name="ignored")
def broken(ignored: Any) -> None:
    raise KeyError("no such thing")


# --- waiting forever (terminate, suspend, purge) -------------------------------------------


@app.orchestration_trigger(context_name="context")
def waiter(context: df.DurableOrchestrationContext):
    context.set_custom_status("waiting")
    value = yield context.wait_for_external_event("Go")
    return value


# --- replay --------------------------------------------------------------------------------


@app.orchestration_trigger(context_name="context")
def replay_probe(context: df.DurableOrchestrationContext):
    at_start = context.is_replaying
    moments = []
    for step in range(3):
        moments.append(context.current_utc_datetime)
        yield context.call_activity("say_hello", str(step))
    return {
        "replaying_at_start": at_start,
        "replaying_at_end": context.is_replaying,
        "times_advance": moments == sorted(moments) and moments[0] < context.current_utc_datetime,
    }
