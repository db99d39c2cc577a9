"""Decorator metadata parity: the same decorated code records the same functions here and there.

Every case is run twice, by our package in this process and by the real ``azure-functions``
in its own interpreter (one subprocess for all cases), and what ``app.get_functions()``
gives is compared exactly: each function's name, its ``get_function_json()`` string (key
order included), its settings, its HTTP flags. The cases are: every trigger and binding
decorator called with all of its arguments and with only the required ones (generated from
our signatures, so the real package must accept every argument name we have), the example
app of ``examples/decorator_app``, and hand-written uses of routes, settings and blueprints.
The decorators' signatures are compared too: names, order, kinds and defaults.
"""

from __future__ import annotations

import inspect
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_APP = ROOT / "examples" / "decorator_app"

# Run in both interpreters: executes the cases, describes what get_functions() gives.
RUNNER = r"""
import importlib, inspect, json, sys

def describe_functions(app):
    try:
        functions = app.get_functions()
    except Exception as exc:
        return {"error": type(exc).__name__}
    return [
        {
            "name": f.get_function_name(),
            "json": f.get_function_json(),
            "raw": f.get_raw_bindings(),
            "retry": f.get_settings_dict("retry_policy"),
            "function_name": f.get_settings_dict("function_name"),
            "http_type": f.http_type,
            "is_http": f.is_http_function(),
            "trigger_type": f.get_trigger().type,
        }
        for f in functions
    ]

def run_case(func, case):
    namespace = {"func": func, "__name__": "case"}
    try:
        if case.startswith("appdir:"):
            folder = case[len("appdir:"):]
            sys.path.insert(0, folder)
            for name in ("function_app", "health"):
                sys.modules.pop(name, None)
            try:
                namespace.update(vars(importlib.import_module("function_app")))
            finally:
                sys.path.remove(folder)
        else:
            exec(compile(case, "<case>", "exec"), namespace)
    except Exception as exc:
        return {"error": type(exc).__name__}
    apps = [value for key, value in sorted(namespace.items())
            if isinstance(value, func.FunctionRegister)]
    return [describe_functions(app) for app in apps]

def default_text(value):
    if value is inspect.Parameter.empty:
        return None
    if hasattr(value, "name") and hasattr(value, "value") and not isinstance(value, str):
        return type(value).__name__ + "." + value.name
    return repr(value)

def signatures(func):
    result = {}
    for cls in (func.FunctionApp, func.Blueprint):
        for name in dir(cls):
            attribute = getattr(cls, name)
            if name.startswith("_") or not callable(attribute):
                continue
            parameters = inspect.signature(attribute).parameters.values()
            result[cls.__name__ + "." + name] = [
                [p.name, str(p.kind), default_text(p.default)] for p in parameters
            ]
    return result

SUBMODULES = [
    "blob", "connectors", "constants", "core", "cosmosdb", "dapr", "eventgrid", "eventhub",
    "function_app", "function_name", "generic", "http", "kafka", "mcp", "mysql", "openai",
    "queue", "retry_policy", "servicebus", "sql", "table", "timer", "utils", "warmup",
]

def public_names(func):
    from azure.functions.decorators import function_app
    result = {}
    for cls in (func.FunctionApp, func.Blueprint, function_app.Function,
                function_app.FunctionBuilder):
        result[cls.__name__] = sorted(name for name in dir(cls) if not name.startswith("_"))
    for name in SUBMODULES:
        module = importlib.import_module("azure.functions.decorators." + name)
        result["module " + name] = sorted(
            key for key, value in vars(module).items()
            if not key.startswith("__") and not inspect.ismodule(value)
            and (getattr(value, "__module__", None) == module.__name__
                 or (key.isupper() and isinstance(value, str)))
        )
    return result

def run_all(func, cases):
    return {
        "names": public_names(func),
        "version": getattr(func, "__version__", ""),
        "results": {key: run_case(func, code) for key, code in cases.items()},
        "signatures": signatures(func),
    }
"""

REAL_MAIN = r"""
import json, logging, sys
logging.disable(logging.CRITICAL)
import azure.functions as func
cases = json.load(sys.stdin)
json.dump(run_all(func, cases), sys.stdout)
"""


# Helpers of the real package's implementation, not part of what function code uses.
NOT_KEPT = {
    "ABCBuildDictMeta",
    "BuildDictMeta",
    "StringifyEnumJsonEncoder",
    "T",
    "is_snake_case",
    "is_word",
    "check_as_array",
    "check_is_required",
    "check_property_type",
    "should_create_structured_content",
    "unwrap_optional",
}


# --- The cases ------------------------------------------------------------------------------

# Values for arguments, by parameter name first, then by annotation.
_BY_NAME = {
    "data_type": '"STRING"',
    "access_rights": '"LISTEN"',
    "cardinality": '"MANY"',
    "key_data_type": '"BINARY"',
    "o_auth_bearer_method": '"OIDC"',
    "authentication_mode": '"PLAIN"',
    "protocol": '"SSL"',
    "input_type": "InputType.FilePath",
    "chat_model": '"gpt-4o"',
    "embeddings_model": '"text-embedding-3-small"',
    "prompt_arguments": 'func.PromptArgument("topic", "What about", True), '
    'func.PromptArgument("tone")',
    "source": "func.BlobSource.EVENT_GRID",
    "start_from_beginning": "True",
    "start_from_time": '"2024-01-01T00:00:00Z"',
    "type": '"customKind"',
}

_SKIPPED = {
    # Not binding decorators, or covered by hand-written cases below.
    "route",
    "mcp_tool",
    "mcp_tool_property",
    "function_name",
    "http_type",
    "retry",
    "get_functions",
    "register_functions",
    "register_blueprint",
    "validate_function_names",
    # Durable Functions decorators need azure-functions-durable, in both packages.
    "orchestration_trigger",
    "entity_trigger",
    "activity_trigger",
    "durable_client_input",
}


def _value(name: str, parameter: inspect.Parameter) -> str:
    if name == "prompt_arguments":
        return f"[{_BY_NAME[name]}]"
    if name in _BY_NAME:
        return _BY_NAME[name]
    annotation = str(parameter.annotation)
    if "bool" in annotation:
        return "True"
    if "int" in annotation:
        return "42"
    return json.dumps(f"{name}-value")


def _decorator_cases() -> dict[str, str]:
    from azure_functions_compat.decorators import FunctionApp

    cases: dict[str, str] = {}
    for method_name in sorted(dir(FunctionApp)):
        method = getattr(FunctionApp, method_name)
        if method_name.startswith("_") or method_name in _SKIPPED or not callable(method):
            continue
        parameters = list(inspect.signature(method).parameters.items())[1:]
        is_trigger = "trigger" in method_name or method_name == "schedule"
        for variant in ("all", "required"):
            arguments = []
            for name, parameter in parameters:
                if parameter.kind is inspect.Parameter.VAR_KEYWORD:
                    if variant == "all":
                        arguments.append("extra_setting='extra'")
                        arguments.append("nested_thing={'inner_key': 1, 'dropped': None}")
                    continue
                required = parameter.default is inspect.Parameter.empty
                if variant == "all" or required:
                    value = (
                        '"trig"' if name == "arg_name" and is_trigger else _value(name, parameter)
                    )
                    if name == "arg_name" and not is_trigger:
                        value = '"bound"'
                    arguments.append(f"{name}={value}")
            lines = [
                "from azure.functions.decorators.openai import InputType",
                "app = func.FunctionApp()",
                f"@app.{method_name}({', '.join(arguments)})",
            ]
            if not is_trigger:
                lines.append('@app.generic_trigger(arg_name="trig", type="customTrigger")')
            lines += ["def subject(trig, bound=None):", "    return None"]
            cases[f"{method_name}[{variant}]"] = "\n".join(lines)
    return cases


_HAND_WRITTEN = {
    "route defaults": """
app = func.FunctionApp()
@app.route()
def hello(req):
    return "hi"
""",
    "route with everything": """
app = func.FunctionApp(http_auth_level=func.AuthLevel.ADMIN)
@app.route(route="items/{id:int}/{name?}", trigger_arg_name="request",
           binding_arg_name="response", methods=["get", func.HttpMethod.PUT, "Delete"],
           auth_level="anonymous", trigger_extra_fields={"dataType": "STRING", "x_y": 1},
           binding_extra_fields={"headers_setting": None, "kept": "yes"})
def items(request, response):
    return None
""",
    "route takes the function name and the app auth level": """
app = func.FunctionApp(http_auth_level="ANONYMOUS")
@app.function_name("renamed")
@app.route(methods=[func.HttpMethod.POST])
def original(req):
    return None
""",
    "settings": """
app = func.FunctionApp()
@app.function_name(name="named", setting_extra_fields={"ignored_by_host": "x"})
@app.retry(strategy="exponential_backoff", max_retry_count="5", minimum_interval="00:00:10",
           maximum_interval="00:15:00", setting_extra_fields={"extra": 1})
@app.queue_trigger(arg_name="msg", queue_name="q", connection="C")
def worker(msg):
    return None
""",
    "stacked bindings keep their order": """
app = func.FunctionApp()
@app.route(route="r")
@app.blob_input(arg_name="a", path="c/a", connection="S", data_type=func.DataType.BINARY)
@app.queue_output(arg_name="b", queue_name="q", connection="S")
@app.table_input(arg_name="t", connection="S", table_name="tab", take=3, filter="x eq 1")
@app.cosmos_db_output(arg_name="d", connection="C", database_name="db", container_name="c")
def many(req, a, b, t, d):
    return None
""",
    "blueprints": """
bp = func.Blueprint()
@bp.route(route="bp")
def from_blueprint(req):
    return None
@bp.schedule(arg_name="t", schedule="0 * * * * *", run_on_startup=True, use_monitor=False)
def ticker(t):
    return None
app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)
@app.route(route="own")
def own(req):
    return None
app.register_blueprint(bp)
""",
    "an app without http functions": """
app = func.FunctionApp()
@app.event_grid_trigger(arg_name="event")
def grid(event):
    return None
""",
    "two apps": """
app_one = func.FunctionApp()
@app_one.warm_up_trigger("w")
def warm(w):
    return None
app_two = func.FunctionApp()
@app_two.route(route="x")
def x(req):
    return None
""",
    "http_type": """
app = func.FunctionApp()
@app.http_type("wsgi")
@app.route(route="{*route}")
def proxy(req):
    return None
""",
    "mcp tool": """
from typing import List, Optional
app = func.FunctionApp()
@app.mcp_tool(metadata='{"v": 1}')
@app.mcp_tool_property(arg_name="count", description="How many",
                       property_type=func.McpPropertyType.INTEGER)
def search(query: str, count: int, tags: List[str], ratio: Optional[float] = None,
           flag: bool = False) -> str:
    '''Search the catalogue.

    Returns matches.'''
    return query
""",
    "mcp tool after a binding": """
app = func.FunctionApp()
@app.mcp_tool()
@app.blob_input(arg_name="blob", path="c/b", connection="S")
def with_blob(blob, name: str) -> str:
    return name
""",
    "a wsgi app": """
def wsgi(environ, start_response):
    return []
app = func.WsgiFunctionApp(wsgi, http_auth_level="ANONYMOUS", function_name="web")
""",
    "an asgi app": """
async def asgi(scope, receive, send):
    return None
app = func.AsgiFunctionApp(asgi)
app.startup_task_done = False
""",
    "error: no trigger": """
app = func.FunctionApp()
@app.blob_input(arg_name="b", path="c/b", connection="S")
def no_trigger(b):
    return None
""",
    "error: two triggers": """
app = func.FunctionApp()
@app.route()
@app.queue_trigger(arg_name="m", queue_name="q", connection="C")
def two(req, m):
    return None
""",
    "error: duplicate names": """
app = func.FunctionApp()
@app.route(route="a")
def same(req):
    return None
@app.function_name("same")
@app.route(route="b")
def other(req):
    return None
""",
    "error: blueprint registers an app": """
app = func.FunctionApp()
app.register_functions(func.FunctionApp())
""",
}


def _cases() -> dict[str, str]:
    cases = _decorator_cases()
    cases.update(_HAND_WRITTEN)
    cases["example app"] = f"appdir:{EXAMPLE_APP}"
    return cases


@pytest.fixture(scope="module")
def outcomes(real_python: Path) -> dict[str, Any]:
    # real_python (tests/parity/conftest.py) makes the real package's environment if needed.
    version = subprocess.run(
        [str(real_python), "-c", "import azure.functions as f; print(f.__version__)"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.strip()
    major, minor = (int(part) for part in version.split(".")[:2])
    if (major, minor) < (1, 26) or major >= 2:
        # We mirror 1.26's decorators; older releases (1.24 on Python 3.9) lack some, 2.x
        # (Python 3.13) changed others.
        pytest.skip(f"decorator parity is pinned to azure-functions 1.26, not {version}")
    cases = _cases()
    completed = subprocess.run(
        [str(real_python), "-c", RUNNER + REAL_MAIN],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    real_outcome = json.loads(completed.stdout)
    namespace: dict[str, Any] = {}
    exec(compile(RUNNER, "<runner>", "exec"), namespace)
    import logging

    import azure_functions_compat as func

    logging.disable(logging.CRITICAL)
    try:
        ours = namespace["run_all"](func, cases)
    finally:
        logging.disable(logging.NOTSET)
    return {"real": real_outcome, "ours": ours}


def test_every_decorator_of_the_real_function_app_exists_here(outcomes: dict[str, Any]) -> None:
    assert set(outcomes["ours"]["signatures"]) == set(outcomes["real"]["signatures"])


def test_every_public_name_of_the_real_decorator_classes_and_modules_exists_here(
    outcomes: dict[str, Any],
) -> None:
    import importlib

    from azure_functions_compat.decorators import function_app

    classes = {
        "FunctionApp": function_app.FunctionApp,
        "Blueprint": function_app.Blueprint,
        "Function": function_app.Function,
        "FunctionBuilder": function_app.FunctionBuilder,
    }
    missing = {}
    for owner, names in outcomes["real"]["names"].items():
        if owner.startswith("module "):
            holder: Any = importlib.import_module(
                f"azure_functions_compat.decorators.{owner.split()[1]}"
            )
        else:
            holder = classes[owner]
        absent = [name for name in names if not hasattr(holder, name) and name not in NOT_KEPT]
        if absent:
            missing[owner] = absent
    assert missing == {}


def test_every_decorator_has_the_real_parameters_and_defaults(outcomes: dict[str, Any]) -> None:
    real, ours = outcomes["real"]["signatures"], outcomes["ours"]["signatures"]
    mismatched = {name: (ours[name], real[name]) for name in real if ours.get(name) != real[name]}
    assert mismatched == {}


@pytest.mark.parametrize("case", sorted(_cases()))
def test_recorded_metadata_matches_the_real_package(outcomes: dict[str, Any], case: str) -> None:
    real = outcomes["real"]["results"][case]
    ours = outcomes["ours"]["results"][case]
    assert ours == real
