"""``@app.mcp_tool()`` and the apps that serve a WSGI or ASGI application."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any, Callable, Optional

import pytest

from azure_functions_compat import HttpRequest
from azure_functions_compat.decorators import (
    AsgiFunctionApp,
    FunctionApp,
    McpPropertyType,
    WsgiFunctionApp,
)
from azure_functions_compat.decorators.mcp import mcp_content


def tool_app() -> tuple[FunctionApp, Any]:
    app = FunctionApp()

    @app.mcp_tool()
    @app.mcp_tool_property(
        arg_name="limit", description="At most", property_type=McpPropertyType.INTEGER
    )
    def search(query: str, limit: int, tags: list[str], exact: Optional[bool] = None) -> str:
        """Search the catalogue."""
        return f"{query}:{limit}:{tags}"

    return app, search


def test_an_mcp_tool_is_described_by_its_signature_and_docstring() -> None:
    app, _ = tool_app()
    (function,) = app.get_functions()
    trigger = function.get_trigger()

    assert (trigger.name, trigger.tool_name, trigger.description) == (  # type: ignore[union-attr]
        "context",
        "search",
        "Search the catalogue.",
    )
    properties = json.loads(trigger.tool_properties)  # type: ignore[union-attr]
    assert [
        (p["propertyName"], p["propertyType"], p["isArray"], p["isRequired"]) for p in properties
    ] == [
        ("query", "string", False, True),
        ("limit", "integer", False, True),
        ("tags", "string", True, True),
        ("exact", "boolean", False, False),
    ]
    assert properties[1]["description"] == "At most"


def test_an_mcp_tool_is_called_with_the_context_json() -> None:
    _, search = tool_app()
    context = json.dumps({"arguments": {"query": "lamp", "limit": 2, "tags": ["a"]}})

    assert asyncio.run(search(context)) == "lamp:2:['a']"


def test_an_mcp_tool_refuses_a_context_that_is_not_json() -> None:
    _, search = tool_app()

    with pytest.raises(ValueError, match="context must be the JSON of a tool call"):
        asyncio.run(search("{not json"))


@mcp_content
@dataclass
class Match:
    name: str
    score: float


def test_an_mcp_tool_returning_marked_content_sends_structured_results() -> None:
    app = FunctionApp()

    @app.mcp_tool()
    def best() -> Match:
        return Match("lamp", 0.5)

    (function,) = app.get_functions()
    result = json.loads(asyncio.run(best("{}")))

    assert function.get_trigger().use_result_schema is True  # type: ignore[union-attr]
    assert json.loads(result["structuredContent"]) == {"name": "lamp", "score": 0.5}


def wsgi_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    body = environ["wsgi.input"].read()
    text = f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}?{environ['QUERY_STRING']} {body!r}"
    start_response("201 Created", [("Content-Type", "text/plain"), ("X-App", "wsgi")])
    return [text.encode()]


def test_a_wsgi_app_serves_every_route_through_one_function() -> None:
    app = WsgiFunctionApp(wsgi_app, http_auth_level="ANONYMOUS")
    (function,) = app.get_functions()
    trigger = function.get_trigger()

    response = function.get_user_function()(
        HttpRequest("POST", "http://localhost/api/items?x=1", body=b"hi"), None
    )

    assert (function.get_function_name(), function.http_type) == ("http_app_func", "wsgi")
    assert trigger.route == "/{*route}"  # type: ignore[union-attr]
    assert len(trigger.methods) == 7  # type: ignore[union-attr]
    assert response.status_code == 201
    assert response.headers["X-App"] == "wsgi"
    assert response.get_body() == b"POST /api/items?x=1 b'hi'"


async def asgi_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            else:
                await send({"type": "lifespan.shutdown.complete"})
                return
    request = await receive()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"x-app", b"asgi")]})
    await send({"type": "http.response.body", "body": scope["path"].encode() + request["body"]})


def test_an_asgi_app_serves_every_route_through_one_async_function() -> None:
    app = AsgiFunctionApp(asgi_app, function_name="web")
    (function,) = app.get_functions()

    async def call() -> Any:
        return await function.get_user_function()(
            HttpRequest("PUT", "http://localhost/api/things", body=b"!"), None
        )

    response = asyncio.run(call())

    assert (function.get_function_name(), function.http_type) == ("web", "asgi")
    assert response.headers["x-app"] == "asgi"
    assert response.get_body() == b"/api/things!"
    assert app.startup_task_done


@pytest.mark.parametrize("kind", [WsgiFunctionApp, AsgiFunctionApp])
def test_a_web_app_must_be_callable(kind: Any) -> None:
    with pytest.raises(TypeError, match="app must be a"):
        kind("not an app")


def test_the_middlewares_are_exported_at_the_top_level() -> None:
    import azure_functions_compat as func
    from azure_functions_compat.decorators._web import AsgiMiddleware, WsgiMiddleware

    assert (func.WsgiMiddleware, func.AsgiMiddleware) == (WsgiMiddleware, AsgiMiddleware)


def test_the_wsgi_environ_carries_the_request_and_the_invocation_context() -> None:
    from azure_functions_compat import Context, WsgiMiddleware

    seen: dict[str, Any] = {}

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        seen.update(environ)
        start_response("204 No Content", [])
        return []

    request = HttpRequest(
        "GET",
        "https://example.org:8443/api/a%20b?x=1",
        headers={"Content-Type": "text/plain", "X-Multi": "v"},
        body=b"",
    )
    context = Context(invocation_id="abc", function_name="web")

    response = WsgiMiddleware(app).handle(request, context)

    assert response.status_code == 204
    assert (seen["PATH_INFO"], seen["QUERY_STRING"], seen["SERVER_PORT"]) == (
        "/api/a b",
        "x=1",
        "8443",
    )
    assert (seen["CONTENT_TYPE"], seen["HTTP_X_MULTI"], seen["wsgi.url_scheme"]) == (
        "text/plain",
        "v",
        "https",
    )
    assert "HTTP_CONTENT_TYPE" not in seen
    assert (seen["azure_functions.invocation_id"], seen["azure_functions.function_name"]) == (
        "abc",
        "web",
    )


def test_a_wsgi_response_keeps_repeated_headers() -> None:
    from azure_functions_compat import WsgiMiddleware

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response("200 OK", [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")])
        return [b"ok"]

    response = WsgiMiddleware(app).handle(HttpRequest("GET", "http://h/", body=b""))

    assert response.headers.getall("Set-Cookie") == ["a=1", "b=2"]


def test_the_asgi_middleware_also_runs_synchronously() -> None:
    from azure_functions_compat import AsgiMiddleware

    response = AsgiMiddleware(asgi_app).handle(HttpRequest("GET", "http://h/x", body=b"!"))

    assert response.get_body() == b"/x!"


def test_a_wsgi_500_with_a_body_is_returned_not_raised() -> None:
    # azure.functions raises Exception(body) here; docs/differences.md says why we do not.
    from azure_functions_compat import WsgiMiddleware

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
        return [b"database down"]

    response = WsgiMiddleware(app).main(HttpRequest("GET", "http://h/", body=b""))

    assert (response.status_code, response.get_body()) == (500, b"database down")


def test_the_asgi_lifespan_state_reaches_every_request_as_a_copy() -> None:
    import asyncio

    from azure_functions_compat import AsgiMiddleware

    seen: list[dict[str, Any]] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await receive()
            scope["state"]["pool"] = "ready"
            await send({"type": "lifespan.startup.complete"})
            await receive()
            await send({"type": "lifespan.shutdown.complete"})
            return
        seen.append(scope["state"])
        scope["state"]["per_request"] = True
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    middleware = AsgiMiddleware(app)

    async def run() -> None:
        assert await middleware.notify_startup()
        await middleware.handle_async(HttpRequest("GET", "http://h/", body=b""))
        await middleware.notify_shutdown()

    asyncio.run(run())
    assert seen == [{"pool": "ready", "per_request": True}]
    assert middleware.state == {"pool": "ready"}


def test_asgi_shutdown_before_startup_is_a_runtime_error() -> None:
    import asyncio

    from azure_functions_compat import AsgiMiddleware

    with pytest.raises(RuntimeError, match="notify_startup"):
        asyncio.run(AsgiMiddleware(asgi_app).notify_shutdown())


def test_the_request_and_response_classes_of_the_private_modules() -> None:
    import asyncio

    from azure_functions_compat import _http_asgi, _http_wsgi

    request = HttpRequest("POST", "http://h:8080/a%20b?x=1", body=b"hi", headers={"A": "1"})
    environ = _http_wsgi.WsgiRequest(request).to_environ()
    assert (environ["PATH_INFO"], environ["SERVER_PORT"], environ["HTTP_A"]) == (
        "/a b",
        "8080",
        "1",
    )
    scope = _http_asgi.AsgiRequest(request).to_asgi_http_scope(state={"s": 1})
    assert (scope["path"], scope["raw_path"], scope["state"]) == ("/a b", b"/a%20b", {"s": 1})
    assert scope["asgi.version"] == scope["asgi"]["version"] == "3.0"
    response = asyncio.run(_http_asgi.AsgiResponse.from_app(asgi_app, scope, b"!"))
    assert response.to_func_response().get_body() == b"/a b!"
    assert _http_wsgi.wsgi_encoding_dance("é") == "Ã©"


def test_an_mcp_sdk_call_tool_result_keeps_its_content_and_structured_content() -> None:
    import json

    from azure_functions_compat.decorators._mcp_tool import _as_tool_result

    class CallToolResult:
        def model_dump(self, mode: str = "python", exclude_none: bool = False) -> Any:
            return {"content": [{"type": "text", "text": "hi"}], "structuredContent": {"n": 1}}

    class TextContent:
        def __init__(self, text: str) -> None:
            self.type, self.text = "text", text

    CallToolResult.__module__ = TextContent.__module__ = "mcp.types"

    full = json.loads(_as_tool_result(CallToolResult(), use_result_schema=True))
    assert full["type"] == "call_tool_result"
    assert json.loads(full["content"])["content"] == [{"type": "text", "text": "hi"}]
    assert json.loads(full["structuredContent"]) == {"n": 1}
    blocks = json.loads(_as_tool_result([TextContent("a")], use_result_schema=True))
    assert json.loads(blocks["content"]) == {"content": [{"type": "text", "text": "a"}]}
    assert blocks["structuredContent"] is None
