"""Loading an app folder: host.json, local.settings.json, scripts, entry points, errors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

import pytest

from azure_functions_compat.host import App, AppLoadError, load_app

from .conftest import HTTP_BINDINGS, write_app

HELLO = "def main(req):\n    return 'hello'\n"


def test_function_folders_become_functions_named_after_them(make_app: Callable[..., App]) -> None:
    app = make_app({"One": (HTTP_BINDINGS, HELLO), "Two": (HTTP_BINDINGS, HELLO)})
    assert list(app.functions) == ["One", "Two"]


def test_folders_without_function_json_are_not_functions(make_app: Callable[..., App]) -> None:
    app = make_app({"One": (HTTP_BINDINGS, HELLO)}, files={"Shared/helper.py": "X = 1\n"})
    assert list(app.functions) == ["One"]


def test_script_file_and_entry_point_default_to_init_and_main(
    make_app: Callable[..., App],
) -> None:
    app = make_app({"One": (HTTP_BINDINGS, HELLO)})
    metadata = app.functions["One"]
    assert (os.path.basename(metadata.script_file), metadata.entry_point) == (
        "__init__.py",
        "main",
    )


def test_script_file_and_entry_point_are_read_from_function_json(
    make_app: Callable[..., App],
) -> None:
    config = {"scriptFile": "main.py", "entryPoint": "customentry", "bindings": HTTP_BINDINGS}
    app = make_app(
        {"Alt": (config, None)},
        files={"Alt/main.py": "def customentry(req):\n    return 'custom'\n"},
    )
    with app.test_client() as client:
        assert client.get("/api/Alt").text == "custom"


def test_shared_code_and_relative_imports_work(make_app: Callable[..., App]) -> None:
    source = """
        from __app__.SharedCode import helper
        from . import example

        def main(req):
            return helper.NAME + example.NAME
    """
    app = make_app(
        {"Fn": (HTTP_BINDINGS, source)},
        files={"SharedCode/helper.py": "NAME = 'shared+'\n", "Fn/example.py": "NAME = 'local'\n"},
    )
    with app.test_client() as client:
        assert client.get("/api/Fn").text == "shared+local"


def test_module_globals_persist_across_invocations_of_one_app(
    make_app: Callable[..., App],
) -> None:
    source = """
        CALLS = 0

        def main(req):
            global CALLS
            CALLS += 1
            return str(CALLS)
    """
    app = make_app({"Counter": (HTTP_BINDINGS, source)})
    with app.test_client() as client:
        assert [client.get("/api/Counter").text for _ in range(3)] == ["1", "2", "3"]


def test_each_loaded_app_imports_its_modules_afresh(tmp_path: Path) -> None:
    source = "CALLS = []\n\ndef main(req):\n    CALLS.append(1)\n    return str(len(CALLS))\n"
    root = write_app(tmp_path / "app", {"Counter": (HTTP_BINDINGS, source)})
    for _ in range(2):
        with load_app(root).test_client() as client:
            assert client.get("/api/Counter").text == "1"


def test_route_prefix_comes_from_host_json(make_app: Callable[..., App]) -> None:
    host = {"version": "2.0", "extensions": {"http": {"routePrefix": "v1/fn"}}}
    app = make_app({"Hello": (HTTP_BINDINGS, HELLO)}, host=host)
    with app.test_client() as client:
        assert client.get("/v1/fn/Hello").status_code == 200
        assert client.get("/api/Hello").status_code == 404


def test_an_empty_route_prefix_serves_routes_at_the_root(make_app: Callable[..., App]) -> None:
    host = {"version": "2.0", "extensions": {"http": {"routePrefix": ""}}}
    app = make_app({"Hello": (HTTP_BINDINGS, HELLO)}, host=host)
    with app.test_client() as client:
        assert client.get("/Hello").text == "hello"


def test_host_json_functions_list_limits_what_is_loaded(make_app: Callable[..., App]) -> None:
    host = {"version": "2.0", "functions": ["Two"]}
    app = make_app({"One": (HTTP_BINDINGS, HELLO), "Two": (HTTP_BINDINGS, HELLO)}, host=host)
    assert list(app.functions) == ["Two"]


ENV_SOURCE = """
    import os

    def main(req):
        return os.environ.get("MY_SETTING", "<unset>")
"""


def test_local_settings_values_are_environment_variables_while_functions_run(
    make_app: Callable[..., App], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MY_SETTING", raising=False)
    app = make_app({"Env": (HTTP_BINDINGS, ENV_SOURCE)}, settings={"MY_SETTING": "from-file"})
    with app.test_client() as client:
        assert client.get("/api/Env").text == "from-file"
    assert "MY_SETTING" not in os.environ


def test_environment_is_restored_even_when_the_function_raises(
    make_app: Callable[..., App], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_SETTING", "before")
    source = "def main(req):\n    raise RuntimeError('boom')\n"
    app = make_app({"Boom": (HTTP_BINDINGS, source)}, app_settings={"MY_SETTING": "during"})
    with app.test_client() as client:
        assert client.get("/api/Boom").status_code == 500
    assert os.environ["MY_SETTING"] == "before"


def test_an_existing_environment_variable_wins_over_local_settings(
    make_app: Callable[..., App], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_SETTING", "from-environment")
    app = make_app({"Env": (HTTP_BINDINGS, ENV_SOURCE)}, settings={"MY_SETTING": "from-file"})
    with app.test_client() as client:
        assert client.get("/api/Env").text == "from-environment"


def test_settings_given_to_load_app_override_everything(
    make_app: Callable[..., App], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_SETTING", "from-environment")
    app = make_app(
        {"Env": (HTTP_BINDINGS, ENV_SOURCE)},
        settings={"MY_SETTING": "from-file"},
        app_settings={"MY_SETTING": "explicit"},
    )
    with app.test_client() as client:
        assert client.get("/api/Env").text == "explicit"
    assert os.environ["MY_SETTING"] == "from-environment"


def test_settings_are_applied_while_the_module_is_imported(
    make_app: Callable[..., App], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MY_SETTING", raising=False)
    source = (
        "import os\nAT_IMPORT = os.environ['MY_SETTING']\n\ndef main(req):\n    return AT_IMPORT\n"
    )
    app = make_app({"Env": (HTTP_BINDINGS, source)}, settings={"MY_SETTING": "at-import"})
    with app.test_client() as client:
        assert client.get("/api/Env").text == "at-import"
    assert "MY_SETTING" not in os.environ


# --- broken apps: one clear line naming the file and the field ------------------------------

BROKEN: list[tuple[str, dict[str, tuple[Any, Any]], dict[str, str], str]] = [
    ("invalid JSON", {"Fn": ("{not json", HELLO)}, {}, "Fn/function.json: invalid JSON"),
    (
        "binding without name",
        {"Fn": ([{"type": "httpTrigger", "direction": "in"}], HELLO)},
        {},
        "Fn/function.json: bindings[0].name is missing",
    ),
    (
        "binding without type",
        {"Fn": ([{"name": "req", "direction": "in"}], HELLO)},
        {},
        "Fn/function.json: bindings[0].type is missing",
    ),
    (
        "binding without direction",
        {"Fn": ([{"name": "req", "type": "httpTrigger"}], HELLO)},
        {},
        "Fn/function.json: bindings[0].direction is missing",
    ),
    (
        "two triggers",
        {
            "Fn": (
                [
                    *HTTP_BINDINGS,
                    {"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": "inq"},
                ],
                HELLO,
            )
        },
        {},
        "Fn/function.json: bindings[2].type 'queueTrigger' is a second trigger",
    ),
    (
        "no trigger",
        {"Fn": ([{"name": "$return", "type": "http", "direction": "out"}], HELLO)},
        {},
        "Fn/function.json: bindings has no trigger",
    ),
    (
        "duplicate names",
        {"Fn": ([*HTTP_BINDINGS, {"name": "req", "type": "blob", "direction": "in"}], HELLO)},
        {},
        "Fn/function.json: bindings[2].name 'req' repeats the name of bindings[0]",
    ),
    (
        "bad direction",
        {"Fn": ([{"name": "req", "type": "httpTrigger", "direction": "sideways"}], HELLO)},
        {},
        "Fn/function.json: bindings[0].direction must be in, out or inout",
    ),
    (
        "missing script file",
        {"Fn": ({"scriptFile": "nothere.py", "bindings": HTTP_BINDINGS}, None)},
        {},
        "Fn/function.json: scriptFile 'Fn/nothere.py' does not exist",
    ),
    (
        "missing entry point",
        {"Fn": ({"entryPoint": "run", "bindings": HTTP_BINDINGS}, HELLO)},
        {},
        "Fn/function.json: entryPoint 'run' is not defined in Fn/__init__.py",
    ),
    (
        "script that fails to import",
        {"Fn": (HTTP_BINDINGS, "import no_such_module_anywhere\n")},
        {},
        "Fn/function.json: scriptFile 'Fn/__init__.py' failed to import: "
        "ModuleNotFoundError: No module named 'no_such_module_anywhere' (at Fn/__init__.py:1)",
    ),
    (
        "script with a syntax error",
        {"Fn": (HTTP_BINDINGS, "def main(req)\n    pass\n")},
        {},
        "Fn/function.json: scriptFile 'Fn/__init__.py' failed to import: SyntaxError",
    ),
    (
        "parameter with no binding",
        {"Fn": (HTTP_BINDINGS, "def main(req, extra):\n    return 'x'\n")},
        {},
        "Fn/function.json: bindings has no binding named 'extra' for parameter 'extra'",
    ),
    (
        "output parameter not annotated Out",
        {
            "Fn": (
                [
                    *HTTP_BINDINGS,
                    {"name": "msg", "type": "queue", "direction": "out", "queueName": "outbox"},
                ],
                "def main(req, msg: str):\n    return 'x'\n",
            )
        },
        {},
        "Fn/function.json: binding 'msg' is an output, so its parameter must be annotated "
        "func.Out[...]",
    ),
    (
        "annotation the binding cannot produce",
        {
            "Fn": (
                [
                    {"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": "inq"},
                ],
                "import azure.functions as func\n\ndef main(msg: func.HttpRequest):\n    pass\n",
            )
        },
        {},
        "Fn/function.json: binding 'msg' of type 'queueTrigger' cannot be passed as HttpRequest",
    ),
    (
        "queue message as str with dataType binary",
        {
            "Fn": (
                [
                    {
                        "name": "msg",
                        "type": "queueTrigger",
                        "direction": "in",
                        "queueName": "inq",
                        "dataType": "binary",
                    }
                ],
                "def main(msg: str):\n    pass\n",
            )
        },
        {},
        "Fn/function.json: binding 'msg' has dataType 'binary', which does not match its "
        "parameter's annotation str",
    ),
    (
        "HTTP request as str",
        {"Fn": (HTTP_BINDINGS, "def main(req: str):\n    pass\n")},
        {},
        "Fn/function.json: binding 'req' of type 'httpTrigger' cannot be passed as str (it "
        "takes HttpRequest)",
    ),
    (
        "malformed route",
        {
            "Fn": (
                [{**HTTP_BINDINGS[0], "route": "items/{id:nosuch}"}, HTTP_BINDINGS[1]],
                HELLO,
            )
        },
        {},
        "Fn/function.json: route 'items/{id:nosuch}': unknown constraint 'nosuch'",
    ),
    (
        "bad methods",
        {"Fn": ([{**HTTP_BINDINGS[0], "methods": ["get", "fetch"]}, HTTP_BINDINGS[1]], HELLO)},
        {},
        "Fn/function.json: bindings[0].methods must hold HTTP methods",
    ),
    (
        "non-string setting",
        {"Fn": (HTTP_BINDINGS, HELLO)},
        {"local.settings.json": '{"Values": {"Count": 3}}'},
        "local.settings.json: Values.Count must be a string, got 3",
    ),
    (
        "invalid host.json",
        {"Fn": (HTTP_BINDINGS, HELLO)},
        {"host.json": "{"},
        "host.json: invalid JSON",
    ),
    (
        "non-string route prefix",
        {"Fn": (HTTP_BINDINGS, HELLO)},
        {"host.json": '{"extensions": {"http": {"routePrefix": 1}}}'},
        "host.json: extensions.http.routePrefix must be a string",
    ),
]


@pytest.mark.parametrize(
    ("functions", "files", "expected"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_broken_app_gives_one_line_naming_file_and_field(
    tmp_path: Path, functions: dict[str, tuple[Any, Any]], files: dict[str, str], expected: str
) -> None:
    root = write_app(tmp_path / "app", functions, files=files)
    with pytest.raises(AppLoadError) as caught:
        load_app(root)
    message = str(caught.value)
    assert message.startswith(expected), message
    assert "\n" not in message


def test_a_missing_host_json_is_an_error(tmp_path: Path) -> None:
    root = write_app(tmp_path / "app", {"Fn": (HTTP_BINDINGS, HELLO)})
    (root / "host.json").unlink()
    with pytest.raises(AppLoadError, match=r"host\.json is missing"):
        load_app(root)


def test_a_path_that_is_not_a_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AppLoadError, match="is not a folder"):
        load_app(tmp_path / "nothing")


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"path": 3}, TypeError),
        ({"path": ".", "settings": {"A": 1}}, TypeError),
        ({"path": ".", "storage": {}}, TypeError),
        ({"path": ".", "function_keys": 5}, TypeError),
        ({"path": ".", "master_key": 5}, TypeError),
        ({"path": ".", "always_use_thread_pool": "yes"}, TypeError),
    ],
)
def test_load_app_rejects_arguments_of_the_wrong_type(
    kwargs: dict[str, Any], error: type[Exception]
) -> None:
    path = kwargs.pop("path")
    with pytest.raises(error, match="load_app"):
        load_app(path, **kwargs)


def test_a_top_level_helper_module_is_not_shared_between_apps(tmp_path: Path) -> None:
    source = "import helper_module\n\ndef main(req):\n    return helper_module.NAME\n"
    first = write_app(
        tmp_path / "first",
        {"Fn": (HTTP_BINDINGS, source)},
        files={"helper_module.py": "NAME = 'one'\n"},
    )
    second = write_app(
        tmp_path / "second",
        {"Fn": (HTTP_BINDINGS, source)},
        files={"helper_module.py": "NAME = 'two'\n"},
    )
    for root, expected in ((first, "one"), (second, "two")):
        with load_app(root) as app, app.test_client() as client:
            assert client.get("/api/Fn").text == expected
