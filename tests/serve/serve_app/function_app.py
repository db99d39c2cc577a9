"""Functions the serve tests call over a real socket."""

import json
import logging
import time

import azure.functions as func

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)


@app.route(route="echo", methods=["GET", "POST"])
def echo(req: func.HttpRequest) -> func.HttpResponse:
    """Answer with the request's id and body, after a short pause (for concurrency)."""
    token = req.params.get("id", "")
    time.sleep(float(req.params.get("pause", "0")))
    logging.info("echo %s", token)
    payload = {"id": token, "body": req.get_body().decode("utf-8"), "method": req.method}
    return func.HttpResponse(json.dumps(payload), mimetype="application/json")


@app.route(route="slow")
def slow(req: func.HttpRequest) -> func.HttpResponse:
    """Sleep ``seconds``, then answer ``done``."""
    time.sleep(float(req.params.get("seconds", "0")))
    return func.HttpResponse("done")


@app.route(route="size", methods=["POST"])
def size(req: func.HttpRequest) -> func.HttpResponse:
    """The size of the body received."""
    return func.HttpResponse(str(len(req.get_body())))


@app.route(route="secret", auth_level=func.AuthLevel.FUNCTION)
def secret(req: func.HttpRequest) -> func.HttpResponse:
    """Only with a function key."""
    return func.HttpResponse("secret")


@app.route(route="fails")
def fails(req: func.HttpRequest) -> func.HttpResponse:
    """Raise, so the host answers 500."""
    raise RuntimeError("it broke")


@app.queue_trigger(arg_name="message", queue_name="work", connection="AzureWebJobsStorage")
@app.blob_output(arg_name="done", path="done/{id}", connection="AzureWebJobsStorage")
def work(message: func.QueueMessage, done: func.Out[str]) -> None:
    """Store each message's body as the blob done/<message id>; fail on 'fail'.

    A body starting with 'slow-' takes 50 ms, so two processes both get some.
    """
    body = message.get_body().decode("utf-8")
    logging.info("work %s (dequeue count %s)", body, message.dequeue_count)
    if body == "fail":
        raise ValueError("this message always fails")
    if body.startswith("slow-"):
        time.sleep(0.05)
    done.set(body)


@app.event_grid_trigger(arg_name="event")
@app.blob_output(arg_name="seen", path="events/{id}", connection="AzureWebJobsStorage")
def grid(event: func.EventGridEvent, seen: func.Out[str]) -> None:
    """Store each event's subject as the blob events/<event id>."""
    logging.info("event %s: %s", event.id, event.subject)
    seen.set(event.subject)


@app.route(route="enqueue", methods=["POST"])
@app.queue_output(arg_name="message", queue_name="work", connection="AzureWebJobsStorage")
def enqueue(req: func.HttpRequest, message: func.Out[str]) -> func.HttpResponse:
    """Put the body in the queue 'work'."""
    message.set(req.get_body().decode("utf-8"))
    return func.HttpResponse(status_code=202)


@app.timer_trigger(arg_name="timer", schedule="*/1 * * * * *", use_monitor=True)
def tick(timer: func.TimerRequest) -> None:
    """Every second; says whether the run is past due."""
    logging.info("tick past_due=%s", timer.past_due)


@app.blob_trigger(arg_name="blob", path="uploads/{name}", connection="AzureWebJobsStorage")
def uploaded(blob: func.InputStream) -> None:
    """Log each new or changed blob under uploads/."""
    logging.info("uploaded %s: %s", blob.name, blob.read().decode("utf-8"))


@app.route(route="publish", methods=["POST"])
@app.service_bus_queue_output(arg_name="order", connection="ServiceBus", queue_name="orders")
@app.event_hub_output(arg_name="reading", connection="EventHubs", event_hub_name="telemetry")
@app.event_grid_output(
    arg_name="notice", topic_endpoint_uri="GridUri", topic_key_setting="GridKey"
)
def publish(
    req: func.HttpRequest,
    order: func.Out[str],
    reading: func.Out[str],
    notice: func.Out[func.EventGridOutputEvent],
) -> func.HttpResponse:
    """Send the body to the Service Bus queue, the event hub or Event Grid (?to=...)."""
    body = req.get_body().decode("utf-8")
    target = req.params.get("to")
    if target == "servicebus":
        order.set(body)
    elif target == "eventhub":
        reading.set(body)
    else:
        notice.set(
            func.EventGridOutputEvent(
                id=f"notice-{body}",
                data={"body": body},
                subject=body,
                event_type="Sample.Notice",
                event_time=None,
                data_version="1",
            )
        )
    return func.HttpResponse(status_code=202)


@app.service_bus_queue_trigger(arg_name="message", connection="ServiceBus", queue_name="orders")
def order_received(message: func.ServiceBusMessage) -> None:
    """Log each order; 'bad-order' always fails."""
    body = message.get_body().decode("utf-8")
    logging.info("order %s", body)
    if body == "bad-order":
        raise ValueError("cannot take this order")


@app.event_hub_message_trigger(
    arg_name="events", connection="EventHubs", event_hub_name="telemetry", cardinality="many"
)
def readings(events: list[func.EventHubEvent]) -> None:
    """Log each batch of readings."""
    logging.info("readings %s", [event.get_body().decode("utf-8") for event in events])
