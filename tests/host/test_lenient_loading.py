"""Lenient loading: one function that cannot load is marked in error, the others run.

Strict (the default of load_app) raises AppLoadError for the first broken function; with
``lenient=True`` each broken function is in ``App.load_errors`` with its one-line error, is
left out of ``App.functions``, and invoking it raises FunctionLoadError naming that error.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from azure_functions_compat.host import (
    AppLoadError,
    FunctionLoadError,
    FunctionNotFoundError,
    load_app,
)

from .conftest import HTTP_BINDINGS, QUEUE_TRIGGER, write_app

HEALTHY = "def main(req):\n    return 'healthy'\n"


def _route(route: str) -> list[dict[str, Any]]:
    return [{**HTTP_BINDINGS[0], "route": route}, HTTP_BINDINGS[1]]


# Folder model: (function.json, __init__.py, extra files, the start of its one-line error).
FOLDER_FAILURES: dict[str, tuple[Any, Any, dict[str, str], str]] = {
    "import_error": (
        HTTP_BINDINGS,
        "import no_such_module_anywhere\n\ndef main(req):\n    return 'x'\n",
        {},
        "Broken/function.json: scriptFile 'Broken/__init__.py' failed to import: "
        "ModuleNotFoundError: No module named 'no_such_module_anywhere' "
        "(at Broken/__init__.py:1)",
    ),
    "module_level_exception": (
        HTTP_BINDINGS,
        "raise RuntimeError('settings missing')\n",
        {},
        "Broken/function.json: scriptFile 'Broken/__init__.py' failed to import: "
        "RuntimeError: settings missing (at Broken/__init__.py:1)",
    ),
    "syntax_error": (
        HTTP_BINDINGS,
        "def main(req)\n    return 'x'\n",
        {},
        "Broken/function.json: scriptFile 'Broken/__init__.py' failed to import: SyntaxError: ",
    ),
    "invalid_json": (
        '{"bindings": [',
        HEALTHY,
        {},
        "Broken/function.json: invalid JSON: ",
    ),
    "invalid_binding": (
        [{"name": "req", "direction": "in"}],
        HEALTHY,
        {},
        "Broken/function.json: bindings[0].type is missing",
    ),
    "parameter_without_binding": (
        HTTP_BINDINGS,
        "def main(request):\n    return 'x'\n",
        {},
        "Broken/function.json: bindings has no binding named 'request' for parameter "
        "'request' of main() in Broken/__init__.py",
    ),
    "annotation_the_binding_cannot_make": (
        [{**QUEUE_TRIGGER, "dataType": "binary"}],
        "def main(msg: str) -> None:\n    pass\n",
        {},
        "Broken/function.json: binding 'msg' has dataType 'binary', which does not match "
        "its parameter's annotation str",
    ),
    "missing_entry_point": (
        {"bindings": HTTP_BINDINGS, "entryPoint": "run"},
        HEALTHY,
        {},
        "Broken/function.json: entryPoint 'run' is not defined in Broken/__init__.py",
    ),
    "invalid_route": (
        _route("items/{"),
        HEALTHY,
        {},
        "Broken/function.json: route 'items/{': ",
    ),
    "route_taken": (
        _route("healthy"),
        HEALTHY,
        {},
        "Broken/function.json: route 'healthy' of function 'Broken' conflicts with the route "
        "of function 'Aok' (Aok/function.json)",
    ),
}


def _folder_app(tmp_path: Path, kind: str) -> Path:
    config, source, files, _ = FOLDER_FAILURES[kind]
    return write_app(
        tmp_path / kind,
        {"Aok": (_route("healthy"), HEALTHY), "Broken": (config, source)},
        files=files,
    )


@pytest.mark.parametrize("kind", sorted(FOLDER_FAILURES))
def test_strict_loading_fails_the_app_for_one_broken_function(tmp_path: Path, kind: str) -> None:
    with pytest.raises(AppLoadError) as caught:
        load_app(_folder_app(tmp_path, kind))
    assert not isinstance(caught.value, FunctionLoadError)
    assert str(caught.value).startswith(FOLDER_FAILURES[kind][3])


@pytest.mark.parametrize("kind", sorted(FOLDER_FAILURES))
def test_lenient_loading_marks_the_broken_function_and_runs_the_rest(
    tmp_path: Path, kind: str
) -> None:
    with load_app(_folder_app(tmp_path, kind), lenient=True) as app:
        assert list(app.functions) == ["Aok"]
        assert list(app.load_errors) == ["Broken"]
        error = app.load_errors["Broken"]
        assert isinstance(error, FunctionLoadError)
        assert error.function_name == "Broken"
        assert str(error).startswith(FOLDER_FAILURES[kind][3])
        assert "\n" not in str(error)
        assert not app.can_run("Broken")
        with app.test_client() as client:
            assert client.get("/api/healthy").text == "healthy"


@pytest.mark.parametrize("kind", sorted(FOLDER_FAILURES))
def test_invoking_a_function_in_error_raises_one_line_naming_its_load_error(
    tmp_path: Path, kind: str
) -> None:
    with load_app(_folder_app(tmp_path, kind), lenient=True) as app:
        with pytest.raises(FunctionLoadError) as caught:
            app.invoke("Broken")
        message = str(caught.value)
        assert message == (
            f"function 'Broken' is in error and cannot run: {app.load_errors['Broken']}"
        )
        assert caught.value.function_name == "Broken"
        # Function names are matched without regard to case, as for healthy functions.
        with pytest.raises(FunctionLoadError):
            app.invoke("broken")


# A function whose function.json was read keeps its route, as in Azure: the request fails
# with the load error (500). One whose function.json, route or route's uniqueness is at
# fault has no route (404), as the Functions host does not map it.
ROUTED = {
    "import_error",
    "module_level_exception",
    "syntax_error",
    "parameter_without_binding",
    "missing_entry_point",
}


# The queue function of "annotation_the_binding_cannot_make" has no route to ask.
HTTP_KINDS = sorted(set(FOLDER_FAILURES) - {"annotation_the_binding_cannot_make"})


@pytest.mark.parametrize("kind", HTTP_KINDS)
def test_a_request_to_a_function_in_error_is_500_with_its_error_or_404_without_a_route(
    tmp_path: Path, kind: str
) -> None:
    route = "/api/healthy" if kind == "route_taken" else "/api/Broken"
    with load_app(_folder_app(tmp_path, kind), lenient=True) as app:
        with app.test_client() as client:
            response = client.get(route)
        if kind == "route_taken":
            # The route belongs to the healthy function that holds it.
            assert (response.status_code, response.text) == (200, "healthy")
        elif kind in ROUTED:
            assert response.status_code == 500
            assert response.function_name == "Broken"
            assert isinstance(response.exception, FunctionLoadError)
            assert str(response.exception).startswith("function 'Broken' is in error")
            assert response.invocation is not None
            assert response.invocation.logs == []
        else:
            assert (response.status_code, response.function_name) == (404, None)


def test_a_function_whose_script_fails_keeps_its_metadata_on_the_error(tmp_path: Path) -> None:
    with load_app(_folder_app(tmp_path, "import_error"), lenient=True) as app:
        metadata = app.load_errors["Broken"].metadata
        assert metadata is not None
        assert metadata.trigger.type == "httpTrigger"
    with load_app(_folder_app(tmp_path, "invalid_json"), lenient=True) as app:
        assert app.load_errors["Broken"].metadata is None


def test_an_unknown_function_is_still_not_found_in_a_lenient_app(tmp_path: Path) -> None:
    app = load_app(_folder_app(tmp_path, "import_error"), lenient=True)
    with app, pytest.raises(FunctionNotFoundError, match="it has: Aok"):
        app.invoke("Missing")


def test_a_healthy_app_loaded_leniently_has_no_load_errors(tmp_path: Path) -> None:
    root = write_app(tmp_path / "ok", {"Aok": (HTTP_BINDINGS, HEALTHY)})
    with load_app(root, lenient=True) as app, load_app(root) as strict:
        assert dict(app.load_errors) == {} == dict(strict.load_errors)


def test_several_broken_functions_are_each_recorded_in_name_order(tmp_path: Path) -> None:
    root = write_app(
        tmp_path / "app",
        {
            "Zeta": ('{"bindings": [', None),
            "Alpha": (HTTP_BINDINGS, "import nowhere_to_be_found\n"),
            "Mid": (HTTP_BINDINGS, HEALTHY),
        },
    )
    with load_app(root, lenient=True) as app:
        assert list(app.functions) == ["Mid"]
        assert list(app.load_errors) == ["Alpha", "Zeta"]


def test_a_function_left_out_by_host_json_is_not_in_error(tmp_path: Path) -> None:
    root = write_app(
        tmp_path / "app",
        {"Aok": (HTTP_BINDINGS, HEALTHY), "Broken": ('{"bindings": [', None)},
        host={"version": "2.0", "functions": ["Aok"]},
    )
    with load_app(root, lenient=True) as app:
        assert (list(app.functions), dict(app.load_errors)) == (["Aok"], {})


def test_a_module_that_failed_to_import_is_imported_again_by_the_next_load(
    tmp_path: Path,
) -> None:
    root = _folder_app(tmp_path, "module_level_exception")
    with load_app(root, lenient=True) as app:
        assert "Broken" in app.load_errors
    (root / "Broken" / "__init__.py").write_text(HEALTHY)
    with load_app(root) as app:
        assert list(app.functions) == ["Aok", "Broken"]


def test_lenient_must_be_a_bool(tmp_path: Path) -> None:
    root = write_app(tmp_path / "ok", {"Aok": (HTTP_BINDINGS, HEALTHY)})
    with pytest.raises(TypeError, match="load_app: lenient must be a bool"):
        load_app(root, lenient="yes")  # type: ignore[arg-type]


# --- the decorator model ------------------------------------------------------------------

DECORATED_HEAD = """
    import azure.functions as func

    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

    @app.route(route="healthy")
    def healthy(req: func.HttpRequest) -> func.HttpResponse:
        return func.HttpResponse("healthy")
"""

DECORATED_FAILURES = {
    "parameter_without_binding": (
        """
        @app.route(route="broken")
        def broken(req: func.HttpRequest, extra) -> func.HttpResponse:
            return func.HttpResponse("x")
        """,
        "function_app.py (function 'broken'): bindings has no binding named 'extra' for "
        "parameter 'extra' of broken()",
    ),
    "annotation_the_binding_cannot_make": (
        """
        @app.route(route="broken")
        def broken(req: int) -> func.HttpResponse:
            return func.HttpResponse("x")
        """,
        "function_app.py (function 'broken'): binding 'req' of type 'httpTrigger' cannot be "
        "passed as int",
    ),
    "invalid_route": (
        """
        @app.route(route="items/{")
        def broken(req: func.HttpRequest) -> func.HttpResponse:
            return func.HttpResponse("x")
        """,
        "function_app.py (function 'broken'): route 'items/{': ",
    ),
    "route_taken": (
        """
        @app.route(route="healthy")
        def broken(req: func.HttpRequest) -> func.HttpResponse:
            return func.HttpResponse("x")
        """,
        "function_app.py (function 'broken'): route 'healthy' of function 'broken' conflicts "
        "with the route of function 'healthy'",
    ),
}


def _decorated_app(tmp_path: Path, kind: str) -> Path:
    root = tmp_path / kind
    root.mkdir()
    (root / "host.json").write_text('{"version": "2.0"}')
    source = textwrap.dedent(DECORATED_HEAD) + textwrap.dedent(DECORATED_FAILURES[kind][0])
    (root / "function_app.py").write_text(source)
    return root


@pytest.mark.parametrize("kind", sorted(DECORATED_FAILURES))
def test_decorator_model_strict_fails_for_one_refused_function(tmp_path: Path, kind: str) -> None:
    with pytest.raises(AppLoadError, match="^" + _escaped(DECORATED_FAILURES[kind][1])):
        load_app(_decorated_app(tmp_path, kind))


@pytest.mark.parametrize("kind", sorted(DECORATED_FAILURES))
def test_decorator_model_lenient_marks_one_refused_function_in_error(
    tmp_path: Path, kind: str
) -> None:
    with load_app(_decorated_app(tmp_path, kind), lenient=True) as app:
        assert list(app.functions) == ["healthy"]
        assert list(app.load_errors) == ["broken"]
        assert str(app.load_errors["broken"]).startswith(DECORATED_FAILURES[kind][1])
        with app.test_client() as client:
            assert client.get("/api/healthy").text == "healthy"
        with pytest.raises(FunctionLoadError, match=r"^function 'broken' is in error"):
            app.invoke("broken")


def test_decorator_model_a_function_app_py_that_fails_to_import_fails_even_leniently(
    tmp_path: Path,
) -> None:
    root = tmp_path / "app"
    root.mkdir()
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "function_app.py").write_text("import nowhere_to_be_found\n")
    with pytest.raises(AppLoadError) as caught:
        load_app(root, lenient=True)
    assert not isinstance(caught.value, FunctionLoadError)
    assert str(caught.value) == (
        "function_app.py: failed to import: ModuleNotFoundError: No module named "
        "'nowhere_to_be_found' (at function_app.py:1)"
    )


def test_both_models_in_one_app_a_broken_folder_function_leaves_decorated_ones(
    tmp_path: Path,
) -> None:
    root = write_app(tmp_path / "app", {"Broken": ('{"bindings": [', None)})
    (root / "function_app.py").write_text(textwrap.dedent(DECORATED_HEAD))
    with load_app(root, lenient=True) as app:
        assert (list(app.functions), list(app.load_errors)) == (["healthy"], ["Broken"])


def _escaped(text: str) -> str:
    import re

    return re.escape(text)


def test_a_decorated_function_named_like_a_broken_folder_function_is_in_error_too(
    tmp_path: Path,
) -> None:
    # The folder 'Healthy' is in error; the decorated 'healthy' has its name (names are
    # compared without case), so it cannot load either.
    root = write_app(tmp_path / "app", {"Healthy": ('{"bindings": [', None)})
    (root / "function_app.py").write_text(textwrap.dedent(DECORATED_HEAD))
    with load_app(root, lenient=True) as app:
        assert list(app.functions) == []
        assert str(app.load_errors["healthy"]) == (
            "function_app.py (function 'healthy'): function name 'healthy' is also used by "
            "function 'Healthy' (in error)"
        )
        assert str(app.load_errors["Healthy"]).startswith("Healthy/function.json: invalid JSON")


def test_two_functions_with_one_name_strict_and_lenient(tmp_path: Path) -> None:
    root = write_app(tmp_path / "app", {"Healthy": (HTTP_BINDINGS, HEALTHY)})
    (root / "function_app.py").write_text(textwrap.dedent(DECORATED_HEAD))
    message = (
        "function_app.py (function 'healthy'): function name 'healthy' is also used by "
        "Healthy/function.json"
    )
    with pytest.raises(AppLoadError, match=_escaped(message)):
        load_app(root)
    with load_app(root, lenient=True) as app:
        assert list(app.functions) == ["Healthy"]
        assert str(app.load_errors["healthy"]) == message


def test_keys_are_checked_before_a_function_in_error_answers(tmp_path: Path) -> None:
    keyed = [{**HTTP_BINDINGS[0], "authLevel": "function"}, HTTP_BINDINGS[1]]
    root = write_app(tmp_path / "app", {"Broken": (keyed, "import nowhere_to_be_found\n")})
    app = load_app(root, lenient=True, function_keys="key-1")
    with app, app.test_client() as client:
        assert client.get("/api/Broken").status_code == 401
        assert client.get("/api/Broken?code=key-1").status_code == 500


def test_a_multi_line_import_error_keeps_its_whole_text_as_the_cause(tmp_path: Path) -> None:
    source = "raise ValueError('settings are missing:\\n  DB_URL\\n')\n"
    root = write_app(tmp_path / "app", {"Multi": (HTTP_BINDINGS, source)})
    app = load_app(root, lenient=True)
    try:
        error = app.load_errors["Multi"]
        assert str(error) == (
            "Multi/function.json: scriptFile 'Multi/__init__.py' failed to import: "
            "ValueError: settings are missing: [...] (at Multi/__init__.py:1)"
        )
        assert isinstance(error.__cause__, ValueError)
        assert str(error.__cause__) == "settings are missing:\n  DB_URL\n"
    finally:
        app.close()
    with pytest.raises(AppLoadError) as strict:
        load_app(root)
    assert "\n" not in str(strict.value)
    assert str(strict.value.__cause__) == "settings are missing:\n  DB_URL\n"
