"""The decorator model: function_app.py read through the same metadata model as function.json."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from azure_functions_compat.host import AppLoadError, load_app

FUNCTION_APP = """
    import azure.functions as func

    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

    @app.route(route="items/{id:int}", methods=["GET"])
    @app.blob_input(arg_name="obj", path="samples/{id}", connection="AzureWebJobsStorage")
    def get_item(req: func.HttpRequest, obj: func.InputStream) -> func.HttpResponse:
        return func.HttpResponse(obj.read() if obj else b"none")

    @app.queue_trigger(arg_name="msg", queue_name="inbox", connection="AzureWebJobsStorage")
    @app.queue_output(arg_name="out", queue_name="outbox", connection="AzureWebJobsStorage")
    def relay(msg: func.QueueMessage, out: func.Out[str]) -> None:
        out.set(msg.get_body().decode().upper())
"""


def _write(root: Path, source: str) -> Path:
    root.mkdir()
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "function_app.py").write_text(textwrap.dedent(source))
    return root


def test_decorated_functions_are_loaded_with_their_bindings(tmp_path: Path) -> None:
    with load_app(_write(tmp_path / "app", FUNCTION_APP)) as app:
        assert set(app.functions) == {"get_item", "relay"}
        metadata = app.functions["get_item"]
        assert (metadata.route, metadata.methods, metadata.auth_level) == (
            "items/{id:int}",
            ("GET",),
            "anonymous",
        )
        assert metadata.source == "function_app.py (function 'get_item')"


def test_decorated_http_function_routes_and_reads_its_blob(tmp_path: Path) -> None:
    with load_app(_write(tmp_path / "app", FUNCTION_APP)) as app, app.test_client() as client:
        app.storage.put_blob("samples/5", b"five")
        assert client.get("/api/items/5").text == "five"
        assert client.get("/api/items/five").status_code == 404
        assert client.post("/api/items/5").status_code == 405


def test_decorated_queue_function_is_invoked(tmp_path: Path) -> None:
    with load_app(_write(tmp_path / "app", FUNCTION_APP)) as app:
        result = app.invoke("relay", b"quiet")
        assert result.outputs == {"out": "QUIET"}
        assert app.storage.messages("outbox") == [b"QUIET"]


def test_function_app_that_fails_to_import_is_one_line(tmp_path: Path) -> None:
    root = _write(tmp_path / "app", "import azure.functions as func\nraise RuntimeError('nope')\n")
    with pytest.raises(AppLoadError) as caught:
        load_app(root)
    assert str(caught.value) == (
        "function_app.py: failed to import: RuntimeError: nope (at function_app.py:2)"
    )


def test_function_app_without_a_function_app_object_is_an_error(tmp_path: Path) -> None:
    root = _write(tmp_path / "app", "X = 1\n")
    with pytest.raises(AppLoadError, match="defines no FunctionApp"):
        load_app(root)


def test_a_name_used_by_both_models_is_an_error(tmp_path: Path) -> None:
    root = _write(tmp_path / "app", FUNCTION_APP)
    folder = root / "relay"
    folder.mkdir()
    (folder / "function.json").write_text(
        '{"bindings": [{"name": "msg", "type": "queueTrigger", "direction": "in", '
        '"queueName": "inbox"}]}'
    )
    (folder / "__init__.py").write_text("def main(msg):\n    pass\n")
    with pytest.raises(AppLoadError, match="function name 'relay' is also used by"):
        load_app(root)


PROXY_APP = """
    import azure.functions as func

    class RequestProxy:
        # Like Flask's request/current_app proxies: any attribute outside a request raises.
        def __getattr__(self, name):
            raise RuntimeError("Working outside of request context.")

    request = RequestProxy()
    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

    @app.route(route="ping")
    def ping(req: func.HttpRequest) -> func.HttpResponse:
        return func.HttpResponse("pong")
"""


def test_module_level_proxy_objects_are_not_probed(tmp_path: Path) -> None:
    with load_app(_write(tmp_path / "app", PROXY_APP)) as app:
        assert list(app.functions) == ["ping"]
        assert app.test_client().get("/api/ping").text == "pong"


def test_an_object_that_only_looks_like_a_function_app_is_not_one(tmp_path: Path) -> None:
    source = (
        "class Lookalike:\n    def get_functions(self):\n        return []\n\napp = Lookalike()\n"
    )
    with pytest.raises(AppLoadError, match="defines no FunctionApp"):
        load_app(_write(tmp_path / "app", source))


FLASK_APP = """
    import azure.functions as func
    from flask import Flask, request

    flask_app = Flask(__name__)

    @flask_app.get("/hello")
    def hello():
        return "hello " + request.args.get("name", "world")

    app = func.WsgiFunctionApp(app=flask_app.wsgi_app, http_auth_level=func.AuthLevel.ANONYMOUS)
"""


def test_a_flask_app_at_module_level_loads_and_answers(tmp_path: Path) -> None:
    pytest.importorskip("flask")
    root = _write(tmp_path / "app", FLASK_APP)
    # WSGI apps routed at the top, as their host.json usually says.
    (root / "host.json").write_text(
        '{"version": "2.0", "extensions": {"http": {"routePrefix": ""}}}'
    )
    with load_app(root) as app:
        response = app.test_client().get("/hello?name=Ada")
        assert (response.status_code, response.text) == (200, "hello Ada")
