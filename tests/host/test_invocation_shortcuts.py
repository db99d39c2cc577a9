"""The invocation path's shortcuts give what the full path gives.

An HTTP function with one HttpRequest parameter, no other bindings and an HTTP ``$return``
is invoked without the binding and output steps; these tests hold that path to the same
answers as the general one, for every return value and whenever a converter is replaced.
An invocation id is kept as random bits until something reads it: every reader gets the same
version 4 UUID.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import uuid
from typing import Any, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from azure_functions_compat import HttpRequest, HttpResponse
from azure_functions_compat.host import App, BindingError, register_converter
from azure_functions_compat.host.converters import (
    HttpOutputBinding,
    HttpTriggerBinding,
    _registry,
)
from azure_functions_compat.host.invocation import invocation_id_text

from .conftest import HTTP_BINDINGS

# Whether `import azure.functions` in the app gives the real package (installed beside this
# one) rather than ours.
REAL_PACKAGE = not importlib.import_module("azure.functions").__name__.startswith(
    "azure_functions_compat"
)

RETURNS = """\
import azure.functions as func


class Special(func.HttpResponse):
    pass


def main(req: func.HttpRequest):
    kind = req.params.get("kind")
    if kind == "text":
        return "some text"
    if kind == "none":
        return None
    if kind == "number":
        return 42
    if kind == "special":
        return Special("special", status_code=201)
    if kind == "raise":
        raise RuntimeError("boom")
    return func.HttpResponse(f"hello {req.route_params.get('id', '')}", status_code=202)
"""


@pytest.fixture
def app(make_app: Callable[..., App]) -> App:
    return make_app({"Returns": (HTTP_BINDINGS, RETURNS)})


@pytest.mark.parametrize(
    ("kind", "status", "body", "error"),
    [
        ("plain", 202, b"hello ", None),
        ("text", 200, b"some text", None),
        ("special", 201, b"special", None),
        ("none", 500, b"", "returned None"),
        ("number", 500, b"", "takes an HttpResponse or a str, got int"),
        ("raise", 500, b"", "boom"),
    ],
)
def test_each_return_value_gives_the_response_of_the_full_path(
    app: App, kind: str, status: int, body: bytes, error: Any
) -> None:
    response = app.test_client().get(f"/api/Returns?kind={kind}")
    assert (response.status_code, response.content) == (status, body)
    if error is None:
        assert response.exception is None
        assert response.outputs == {}
        assert response.invocation is not None
        assert response.invocation.http_response is response.response
        returned = response.invocation.return_value
        if kind == "text":
            assert returned == "some text"
        elif REAL_PACKAGE:
            # The function made the real package's response; the host answers with its own
            # copy of it.
            assert (returned.status_code, returned.get_body()) == (status, body)
        else:
            assert returned is response.response
    else:
        assert response.exception is not None
        assert error in str(response.exception)


@pytest.mark.needs_dropin
def test_a_subclass_response_is_the_very_object_returned(app: App) -> None:
    # Beside the real package the function's class derives from its HttpResponse, which the
    # host copies into its own, as the case above checks.
    response = app.test_client().get("/api/Returns?kind=special")
    assert type(response.response).__name__ == "Special"
    assert response.invocation is not None
    assert response.invocation.return_value is response.response


@pytest.mark.parametrize("data", [None, b"raw body", "text body"])
def test_invoke_with_a_body_instead_of_a_request_still_builds_one(app: App, data: Any) -> None:
    result = app.invoke("Returns", data)
    assert result.exception is None
    assert isinstance(result.http_response, HttpResponse)
    assert result.http_response.status_code == 202


def test_invoke_with_a_request_gives_the_function_that_very_request(
    make_app: Callable[..., App],
) -> None:
    source = "import azure.functions as func\n\nSEEN = []\n\ndef main(req: func.HttpRequest):\n"
    source += "    SEEN.append(req)\n    return func.HttpResponse('ok')\n"
    app = make_app({"Seen": (HTTP_BINDINGS, source)})
    request = HttpRequest("GET", "http://localhost/api/Seen", body=None)
    result = app.invoke("Seen", request)
    assert result.exception is None
    seen = app._plans["Seen"].function.__globals__["SEEN"]
    assert len(seen) == 1
    assert seen[0] is request


class _TaggingTrigger(HttpTriggerBinding):
    """Hands the function a request with a header of its own."""

    def trigger(self, binding: Any, data: Any, call: Any) -> tuple[Any, dict[str, Any]]:
        request, binding_data = super().trigger(binding, data, call)
        tagged = HttpRequest(
            request.method,
            request.url,
            headers={**dict(request.headers), "x-tag": call.invocation_id},
            body=request.get_body(),
        )
        return tagged, binding_data


class _WrappingOutput(HttpOutputBinding):
    """Wraps every response in one of its own, its body marked."""

    def write(self, binding: Any, value: Any, call: Any) -> Any:
        written = super().write(binding, value, call)
        return HttpResponse(b"wrapped:" + written.get_body(), status_code=written.status_code)


def _replaced(binding_type: str, converter: Any) -> Callable[[], None]:
    previous = _registry[binding_type]
    register_converter(binding_type, converter)

    def restore() -> None:
        _registry[binding_type] = previous

    return restore


def test_a_registered_http_trigger_converter_is_used(make_app: Callable[..., App]) -> None:
    source = "import azure.functions as func\n\ndef main(req: func.HttpRequest):\n"
    source += "    return func.HttpResponse(req.headers.get('x-tag', 'none'))\n"
    app = make_app({"Tag": (HTTP_BINDINGS, source)})
    restore = _replaced("httptrigger", _TaggingTrigger())
    try:
        response = app.test_client().get("/api/Tag")
    finally:
        restore()
    assert response.text == response.invocation_id
    # And the built-in one again, once it is back.
    assert app.test_client().get("/api/Tag").text == "none"


def test_a_registered_http_output_converter_is_used(app: App) -> None:
    restore = _replaced("http", _WrappingOutput())
    try:
        response = app.test_client().get("/api/Returns?kind=plain")
    finally:
        restore()
    assert (response.status_code, response.content) == (202, b"wrapped:hello ")
    assert app.test_client().get("/api/Returns?kind=plain").content == b"hello "


def test_a_missing_http_output_converter_leaves_the_response_unset(app: App) -> None:
    # As the full path: with no converter for the $return, nothing is written.
    previous = _registry.pop("http")
    try:
        request = HttpRequest("GET", "http://localhost/api/Returns", body=None)
        result = app.invoke("Returns", request)
    finally:
        _registry["http"] = previous
    assert result.exception is None
    assert result.http_response is None
    # Ours, or the real package's beside it.
    assert type(result.return_value).__name__ == "HttpResponse"


@pytest.mark.parametrize(
    ("bindings_extra", "signature", "body"),
    [
        # A Context parameter: the function reads the invocation's id from it.
        ([], "req: func.HttpRequest, context: func.Context", "context.invocation_id"),
        # An output binding beside the $return.
        (
            [{"name": "msg", "type": "queue", "direction": "out", "queueName": "sent"}],
            "req: func.HttpRequest, msg: func.Out[str]",
            "(msg.set('sent'), 'queued')[1]",
        ),
        # A queue binding whose name reads binding data ({id} from the route).
        (
            [{"name": "msg", "type": "queue", "direction": "out", "queueName": "sent-{id}"}],
            "req: func.HttpRequest, msg: func.Out[str]",
            "(msg.set('sent'), 'queued')[1]",
        ),
    ],
)
def test_functions_off_the_shortcut_still_run_the_full_path(
    make_app: Callable[..., App], bindings_extra: list[Any], signature: str, body: str
) -> None:
    trigger = {**HTTP_BINDINGS[0], "route": "other/{id}"}
    source = f"import azure.functions as func\n\ndef main({signature}):\n    return {body}\n"
    app = make_app({"Other": ([trigger, HTTP_BINDINGS[1], *bindings_extra], source)})
    response = app.test_client().get("/api/other/7")
    assert response.exception is None
    assert response.status_code == 200
    if "context" in signature:
        assert response.text == response.invocation_id
    else:
        assert response.text == "queued"
        queue = "sent-7" if "{id}" in str(bindings_extra) else "sent"
        assert app.storage.messages(queue) == [b"sent"]


def test_a_failing_http_trigger_converter_fails_the_invocation(
    make_app: Callable[..., App],
) -> None:
    class Refusing(HttpTriggerBinding):
        def trigger(self, binding: Any, data: Any, call: Any) -> tuple[Any, dict[str, Any]]:
            raise BindingError("not today")

    source = "import azure.functions as func\n\ndef main(req: func.HttpRequest):\n"
    source += "    return func.HttpResponse('ran')\n"
    app = make_app({"Refused": (HTTP_BINDINGS, source)})
    restore = _replaced("httptrigger", Refusing())
    try:
        response = app.test_client().get("/api/Refused")
    finally:
        restore()
    assert response.status_code == 500
    assert "binding 'req': not today" in str(response.exception)


# --- Invocation ids: random bits, made into text when first read ---------------------------

LOGGING = """\
import logging
import random

import azure.functions as func


def main(req: func.HttpRequest, context: func.Context) -> func.HttpResponse:
    random.seed(0)  # the function's own business: it must not make ids repeat
    logging.info("running")
    return func.HttpResponse(context.invocation_id)
"""


@given(st.integers(min_value=0, max_value=2**128 - 1))
def test_invocation_id_text_is_the_version_4_uuid_of_the_bits(bits: int) -> None:
    assert invocation_id_text(bits) == str(uuid.UUID(int=bits, version=4))


@pytest.mark.parametrize(
    ("bits", "text"),
    [
        (0, "00000000-0000-4000-8000-000000000000"),
        (2**128 - 1, "ffffffff-ffff-4fff-bfff-ffffffffffff"),
        (0x0123456789ABCDEF0123456789ABCDEF, "01234567-89ab-4def-8123-456789abcdef"),
    ],
)
def test_invocation_id_text_examples(bits: int, text: str) -> None:
    assert invocation_id_text(bits) == text


def test_the_result_logs_and_context_carry_one_id(make_app: Callable[..., App]) -> None:
    app = make_app({"Logs": (HTTP_BINDINGS, LOGGING)})
    client = app.test_client()
    ids = set()
    for _ in range(3):
        response = client.get("/api/Logs")
        invocation_id = response.invocation_id
        assert invocation_id is not None
        assert uuid.UUID(invocation_id).version == 4
        assert response.text == invocation_id
        assert [entry.invocation_id for entry in response.logs] == [invocation_id]
        ids.add(invocation_id)
    # random.seed(0) in the function leaves the host's ids alone.
    assert len(ids) == 3


def test_an_id_read_only_from_the_result_or_only_from_a_log_is_the_same(
    make_app: Callable[..., App],
) -> None:
    source = "import logging\nimport azure.functions as func\n\ndef main(req: func.HttpRequest):\n"
    source += "    logging.warning('hi')\n    return func.HttpResponse('ok')\n"
    app = make_app({"Warn": (HTTP_BINDINGS, source)})
    result = app.invoke("Warn", HttpRequest("GET", "http://localhost/api/Warn", body=None))
    logged = result.logs[0].invocation_id
    assert result.invocation_id == logged
    assert uuid.UUID(logged).version == 4


FORK_IDS = """
import os
from azure_functions_compat.host.invocation import new_invocation_id

new_invocation_id()  # the generator is seeded before the fork
read, write = os.pipe()
pid = os.fork()
if pid == 0:  # the child: its next id, then out without running anything else
    try:
        os.write(write, new_invocation_id().encode())
    finally:
        os._exit(0)
os.close(write)
with os.fdopen(read, "rb") as pipe:
    child = pipe.read().decode()
os.waitpid(pid, 0)
print(child, new_invocation_id())
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_makes_ids_of_its_own() -> None:
    # In a fresh single-threaded interpreter: forking pytest's own process, which runs
    # threads, may deadlock the child (and Python 3.12 warns about it).
    completed = subprocess.run(
        [sys.executable, "-c", FORK_IDS], capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0, completed.stderr
    child, parent = completed.stdout.split()
    assert uuid.UUID(child).version == 4
    assert child != parent
