"""MCP tool and prompt triggers through the host: the call's JSON in, the tool's result out,
and the extension's binding data (``{mcptoolargs.name}`` in a blob path)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from azure_functions_compat.host import App, BindingError, load_app

SNIPPETS = """
    import azure.functions as func

    app = func.FunctionApp()

    BLOB = "snippets/{mcptoolargs.snippetname}.json"


    @app.mcp_tool()
    def hello_mcp() -> str:
        \"\"\"Hello world.\"\"\"
        return "Hello I am MCPTool!"


    @app.mcp_tool()
    @app.mcp_tool_property(arg_name="snippetname", description="The name of the snippet.")
    @app.mcp_tool_property(arg_name="snippet", description="The content of the snippet.")
    @app.blob_output(arg_name="file", connection="AzureWebJobsStorage", path=BLOB)
    def save_snippet(file: func.Out[str], snippetname: str, snippet: str) -> str:
        \"\"\"Save a snippet.\"\"\"
        file.set(snippet)
        return f"saved {snippetname}"


    @app.mcp_tool()
    @app.mcp_tool_property(arg_name="snippetname", description="The name of the snippet.")
    @app.blob_input(arg_name="file", connection="AzureWebJobsStorage", path=BLOB)
    def get_snippet(file: func.InputStream, snippetname: str) -> str:
        \"\"\"Read a snippet.\"\"\"
        return file.read().decode("utf-8")
"""


@pytest.fixture
def app(tmp_path: Path) -> Any:
    root = tmp_path / "app"
    root.mkdir()
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "function_app.py").write_text(textwrap.dedent(SNIPPETS))
    with load_app(root) as loaded:
        yield loaded


def test_a_tool_invoked_without_a_payload_is_called_with_no_arguments(app: App) -> None:
    result = app.invoke("hello_mcp")
    result.raise_for_exception()
    assert result.return_value == "Hello I am MCPTool!"


def test_the_tools_arguments_fill_a_blob_path_and_its_result_is_returned(app: App) -> None:
    call = {"name": "save_snippet", "arguments": {"snippetname": "a", "snippet": "print(1)"}}
    saved = app.invoke("save_snippet", call)
    saved.raise_for_exception()
    assert saved.return_value == "saved a"
    assert app.storage.get_blob("snippets/a.json") == b"print(1)"

    read = app.invoke("get_snippet", '{"arguments": {"snippetname": "a"}}')
    read.raise_for_exception()
    assert read.return_value == "print(1)"


@pytest.mark.parametrize(
    ("argument", "blob"),
    [(7, "snippets/7.json"), (True, "snippets/True.json"), ("x y", "snippets/x y.json")],
)
def test_each_argument_fills_a_path_as_text(app: App, argument: object, blob: str) -> None:
    call = {"arguments": {"snippetname": argument, "snippet": "s"}}
    app.invoke("save_snippet", call).raise_for_exception()
    assert app.storage.get_blob(blob) == b"s"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("not json", "must be the JSON of an MCP call"),
        ("[1, 2]", "must be a JSON object, got list"),
        (b"\xff", "is not UTF-8 JSON text"),
    ],
)
def test_a_payload_that_is_no_mcp_call_is_refused_naming_the_binding(
    app: App, payload: object, message: str
) -> None:
    error = app.invoke("get_snippet", payload).exception
    assert isinstance(error, BindingError)
    assert message in str(error)
    assert str(error).startswith("function_app.py (function 'get_snippet'): binding 'context'")


PROMPTS_AND_RESOURCES = """
    import azure.functions as func

    app = func.FunctionApp()


    @app.mcp_prompt_trigger(arg_name="context", prompt_name="summarize")
    def summarize(context: func.PromptInvocationContext) -> str:
        topic = context.arguments.get("topic", "anything")
        return f"Summarize {topic} for {type(context).__module__.split('.')[0]}"


    @app.mcp_prompt_trigger(arg_name="context", prompt_name="plain")
    def plain(context: str) -> str:
        return type(context).__name__


    @app.mcp_resource_trigger(arg_name="context", uri="ui://widget/index.html", resource_name="w")
    def widget(context) -> str:
        return "<html>" + context + "</html>"
"""


@pytest.fixture
def prompts(tmp_path: Path) -> Any:
    root = tmp_path / "prompts"
    root.mkdir()
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "function_app.py").write_text(textwrap.dedent(PROMPTS_AND_RESOURCES))
    with load_app(root) as loaded:
        yield loaded


def test_a_prompt_gets_the_context_class_of_the_azure_functions_it_imported(
    prompts: App,
) -> None:
    import azure.functions

    assert prompts.can_run("summarize")
    result = prompts.invoke("summarize", {"name": "summarize", "arguments": {"topic": "queues"}})
    result.raise_for_exception()
    package = azure.functions.__name__.split(".")[0]
    assert result.return_value == f"Summarize queues for {package}"


def test_a_prompt_invoked_without_a_payload_has_no_arguments(prompts: App) -> None:
    assert prompts.invoke("summarize").return_value.startswith("Summarize anything")


def test_a_prompt_gets_its_context_whatever_the_annotation_as_under_the_worker(
    prompts: App,
) -> None:
    assert prompts.invoke("plain").return_value == "PromptInvocationContext"


def test_a_resource_returns_its_content_and_gets_its_uri_without_a_payload(prompts: App) -> None:
    result = prompts.invoke("widget")
    result.raise_for_exception()
    assert result.return_value == '<html>{"uri": "ui://widget/index.html"}</html>'
