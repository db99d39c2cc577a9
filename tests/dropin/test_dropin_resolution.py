"""`import azure.functions` resolves to this package, and only where nothing else provides it.

Each test runs in a child interpreter with the automatic drop-in switched off and installs
the finder with ``azure_functions_compat.install()``, so it does not depend on how this
package was installed; tests of the ``.pth`` line itself run it by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ENV_VAR, PTH_FILE, RunPython

OFF = {ENV_VAR: "0"}
INSTALL = "import azure_functions_compat; azure_functions_compat.install()\n"


@pytest.mark.needs_dropin
def test_azure_functions_is_this_package(run_python: RunPython) -> None:
    run_python(
        prelude=INSTALL,
        code="""
        import azure.functions, azure_functions_compat
        assert azure.functions is azure_functions_compat
        """,
        env=OFF,
    )


@pytest.mark.needs_dropin
def test_import_as_func_gives_our_classes(run_python: RunPython) -> None:
    run_python(
        prelude=INSTALL,
        code="""
        import azure.functions as func
        from azure.functions import HttpRequest, QueueMessage
        import azure_functions_compat
        assert func.HttpRequest is HttpRequest is azure_functions_compat.HttpRequest
        assert QueueMessage is azure_functions_compat.QueueMessage
        """,
        env=OFF,
    )


@pytest.mark.needs_dropin
def test_every_module_of_the_package_is_a_submodule_of_azure_functions(
    run_python: RunPython,
) -> None:
    run_python(
        prelude=INSTALL,
        code="""
        import importlib, pkgutil, sys
        import azure_functions_compat
        names = [m.name for m in pkgutil.iter_modules(azure_functions_compat.__path__)]
        assert {"http", "blob", "queue", "timer", "out", "context"} <= set(names), names
        for name in names:
            try:
                ours = importlib.import_module("azure_functions_compat." + name)
            except ImportError:
                continue  # a module being written that does not import yet: not ours to test
            alias = importlib.import_module("azure.functions." + name)
            assert alias is ours, name
            assert sys.modules["azure.functions." + name] is alias
        """,
        env=OFF,
    )


@pytest.mark.needs_dropin
def test_submodule_imported_first_is_the_same_module(run_python: RunPython) -> None:
    run_python(
        prelude=INSTALL,
        code="""
        import azure.functions.http
        from azure.functions.queue import QueueMessage
        import azure_functions_compat.http, azure_functions_compat.queue
        assert azure.functions.http is azure_functions_compat.http
        assert QueueMessage is azure_functions_compat.queue.QueueMessage
        """,
        env=OFF,
    )


@pytest.mark.needs_dropin
def test_submodule_is_never_loaded_twice_from_its_file(run_python: RunPython) -> None:
    run_python(
        prelude=INSTALL,
        code="""
        import azure.functions, azure.functions.http
        import azure_functions_compat.http
        # One module object per file: a second copy would have its own, different classes.
        assert azure.functions.http.HttpRequest is azure_functions_compat.http.HttpRequest
        assert azure.functions.http.__name__ == "azure_functions_compat.http"
        """,
        env=OFF,
    )


def test_unknown_submodule_raises_module_not_found_error(run_python: RunPython) -> None:
    run_python(
        prelude=INSTALL,
        code="""
        try:
            import azure.functions.no_such_module
        except ModuleNotFoundError as error:
            assert error.name == "azure.functions.no_such_module", error.name
        else:
            raise AssertionError("imported a module that does not exist")
        """,
        env=OFF,
    )


@pytest.mark.needs_dropin
def test_mock_patch_through_the_alias_patches_our_module(run_python: RunPython) -> None:
    run_python(
        prelude=INSTALL,
        code="""
        from unittest import mock
        import azure_functions_compat
        with mock.patch("azure.functions.HttpResponse") as fake:
            assert azure_functions_compat.HttpResponse is fake
        """,
        env=OFF,
    )


@pytest.mark.needs_dropin
def test_without_the_drop_in_azure_functions_is_not_found(run_python: RunPython) -> None:
    result = run_python("import azure_functions_compat, azure.functions", env=OFF, expect_ok=False)
    assert "ModuleNotFoundError: No module named 'azure'" in result.stderr


@pytest.mark.needs_dropin
def test_uninstall_forgets_the_alias_and_the_finders(run_python: RunPython) -> None:
    run_python(
        prelude=INSTALL,
        code="""
        import os, sys  # site has both loaded before it reads a .pth file
        import azure.functions.http
        azure_functions_compat.uninstall()
        assert not azure_functions_compat.dropin.installed()
        assert not [name for name in sys.modules if name.startswith("azure")
                    and not name.startswith("azure_functions_compat")], sorted(sys.modules)
        try:
            import azure.functions
        except ModuleNotFoundError:
            pass
        else:
            raise AssertionError("azure.functions still importable")
        azure_functions_compat.install()
        import azure.functions
        assert azure.functions is azure_functions_compat
        """,
        env=OFF,
    )


def test_install_twice_adds_one_finder(run_python: RunPython) -> None:
    run_python(
        prelude=INSTALL,
        code="""
        import os, sys  # site has both loaded before it reads a .pth file
        azure_functions_compat.install()
        ours = [f for f in sys.meta_path if type(f).__name__ == "DropinFinder"]
        assert len(ours) == 1, sys.meta_path
        assert sys.meta_path[-1] is ours[0]
        """,
        env=OFF,
    )


def test_installed_real_package_wins(run_python: RunPython, tmp_path: Path) -> None:
    package = tmp_path / "azure" / "functions"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("REAL = True\n")
    (package / "http.py").write_text("REAL_HTTP = True\n")
    run_python(
        prelude=INSTALL,
        code="""
        import azure.functions, azure.functions.http
        assert azure.functions.REAL and azure.functions.http.REAL_HTTP
        """,
        env={**OFF, "PYTHONPATH": str(tmp_path)},
    )


@pytest.mark.needs_dropin
@pytest.mark.parametrize(
    "azure_init",
    [
        pytest.param(None, id="pep420-namespace"),
        pytest.param(
            "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n",
            id="pkgutil-namespace",
        ),
    ],
)
def test_other_azure_packages_still_import(
    run_python: RunPython, tmp_path: Path, azure_init: str | None
) -> None:
    core = tmp_path / "azure" / "core"
    core.mkdir(parents=True)
    (core / "__init__.py").write_text("CORE = True\n")
    if azure_init is not None:
        (tmp_path / "azure" / "__init__.py").write_text(azure_init)
    run_python(
        prelude=INSTALL,
        code="""
        import azure.core, azure.functions
        assert azure.core.CORE
        assert azure.functions is azure_functions_compat
        import azure
        assert azure.__spec__.loader_state is None  # theirs, not a stand-in of ours
        """,
        env={**OFF, "PYTHONPATH": str(tmp_path)},
    )


def test_register_virtual_subclasses_makes_isinstance_hold(
    run_python: RunPython, tmp_path: Path
) -> None:
    package = tmp_path / "azure" / "functions"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        "import abc\nclass HttpRequest(abc.ABC):\n    pass\nclass QueueMessage:\n    pass\n"
    )
    run_python(
        """
        import azure.functions as real
        import azure_functions_compat as ours
        from azure_functions_compat import dropin
        # Loading our HttpRequest while the real package is loaded registers it by itself;
        # QueueMessage is no ABC there, so it is left alone.
        request = ours.HttpRequest("GET", "/api/x", body=b"")
        assert isinstance(request, real.HttpRequest)
        ours.QueueMessage
        assert dropin.register_virtual_subclasses() == 0
        """,
        env={**OFF, "PYTHONPATH": str(tmp_path)},
    )


def test_register_virtual_subclasses_does_nothing_when_azure_functions_is_ours(
    run_python: RunPython,
) -> None:
    run_python(
        prelude=INSTALL,
        code="""
        import azure.functions as func
        func.HttpRequest
        assert azure_functions_compat.dropin.register_virtual_subclasses() == 0
        """,
        env=OFF,
    )


# The .pth line --------------------------------------------------------------------------------

# Runs the .pth line the way site.py does (exec of the line), in an interpreter started
# without site (-S) and isolated (-I), so the test does not depend on how we are installed.
EXEC_PTH = f"""
import os, sys  # site.py has imported both before it reads .pth files
sys.path.append({str(Path(__file__).resolve().parents[2])!r})
line = open({str(PTH_FILE)!r}).read()
before = set(sys.modules)
exec(line)
imported = set(sys.modules) - before
"""


def test_pth_file_is_one_import_line() -> None:
    lines = PTH_FILE.read_text().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("import ")


def test_pth_line_imports_nothing(run_python: RunPython) -> None:
    run_python(
        prelude=EXEC_PTH,
        code="""
        assert not imported, imported
        assert type(sys.meta_path[-1]).__name__ == "DropinBootstrap"
        """,
        args=("-S", "-I"),
    )


def test_pth_line_makes_azure_functions_resolve(run_python: RunPython) -> None:
    run_python(
        prelude=EXEC_PTH,
        code="""
        import azure.functions, azure_functions_compat
        assert azure.functions is azure_functions_compat
        """,
        args=("-S", "-I"),
    )


def test_pth_line_runs_twice_adds_one_finder(run_python: RunPython) -> None:
    run_python(
        prelude=EXEC_PTH,
        code=f"""
        exec(open({str(PTH_FILE)!r}).read())
        assert sum(type(f).__name__ == "DropinBootstrap" for f in sys.meta_path) == 1
        """,
        args=("-S", "-I"),
    )


@pytest.mark.parametrize("value", ["0", "false", "No", " OFF "])
def test_environment_variable_switches_the_pth_line_off(run_python: RunPython, value: str) -> None:
    result = run_python(
        "import azure.functions",
        prelude=EXEC_PTH,
        env={ENV_VAR: value},
        args=("-S", "-I"),
        expect_ok=False,
    )
    assert "No module named 'azure'" in result.stderr


def test_uninstall_removes_the_pth_finder(run_python: RunPython) -> None:
    run_python(
        prelude=EXEC_PTH,
        code="""
        import azure_functions_compat
        azure_functions_compat.uninstall()
        assert not any(type(f).__name__ == "DropinBootstrap" for f in sys.meta_path)
        """,
        args=("-S", "-I"),
    )


def test_pth_line_imports_nothing_until_azure_functions_is_asked_for(
    run_python: RunPython,
) -> None:
    # Its cost at every interpreter start is measured in benchmarks/bench_import.py; what a
    # test can pin down is that the line itself loads no module and adds one finder.
    result = run_python(
        f"""
        import os, sys  # site has both loaded before it reads a .pth file
        line = open({str(PTH_FILE)!r}).read()
        before = set(sys.modules)
        finders = len(sys.meta_path)
        exec(line)
        print(sorted(set(sys.modules) - before), len(sys.meta_path) - finders)
        """,
        args=("-S", "-I"),
    )
    assert result.stdout.split() == ["[]", "1"]


@pytest.mark.needs_dropin
def test_installed_package_resolves_azure_functions_at_start_up(run_python: RunPython) -> None:
    # The environment running these tests has this package installed (editable in
    # development, from a wheel on CI): its .pth file must do the work with no install().
    from importlib import metadata

    try:
        files = metadata.distribution("azure-functions-compat").files or []
    except metadata.PackageNotFoundError:
        pytest.skip("azure-functions-compat is not installed here, only importable")
    if not any(file.name == "azure_functions_compat_dropin.pth" for file in files):
        pytest.fail("installed without azure_functions_compat_dropin.pth: reinstall it")
    run_python(
        """
        import os, sys  # site has both loaded before it reads a .pth file
        import azure.functions
        assert azure.functions is sys.modules["azure_functions_compat"]
        """
    )


@pytest.mark.parametrize(
    "prelude",
    [
        # The real package, where installed, provides an azure folder from the start.
        pytest.param(INSTALL, id="install", marks=pytest.mark.needs_dropin),
        pytest.param(EXEC_PTH, id="pth"),
    ],
)
def test_azure_package_added_to_sys_path_later_still_imports(
    run_python: RunPython, tmp_path: Path, prelude: str
) -> None:
    core = tmp_path / "azure" / "core"
    core.mkdir(parents=True)
    (core / "__init__.py").write_text("CORE = True\n")
    (tmp_path / "azure" / "later.py").write_text("LATER = True\n")
    run_python(
        f"""
        import os, sys  # site has both loaded before it reads a .pth file
        import azure.functions  # no azure folder yet: our stand-in namespace package
        sys.path.append({str(tmp_path)!r})
        import azure.core, azure.later
        assert azure.core.CORE and azure.later.LATER
        assert azure.functions is sys.modules["azure_functions_compat"]
        """,
        prelude=prelude,
        env=OFF if prelude == INSTALL else None,
        args=("-S", "-I") if prelude == EXEC_PTH else (),
    )


@pytest.mark.parametrize(
    "first",
    [
        pytest.param("import azure", id="import-azure"),
        pytest.param("importlib.util.find_spec('azure.nothing')", id="find-spec"),
    ],
)
@pytest.mark.parametrize(
    "prelude",
    [
        # An installed real package is there before the test puts one on sys.path.
        pytest.param(INSTALL, id="install", marks=pytest.mark.needs_dropin),
        pytest.param(EXEC_PTH, id="pth"),
    ],
)
def test_real_package_put_on_sys_path_later_still_wins(
    run_python: RunPython, tmp_path: Path, prelude: str, first: str
) -> None:
    package = tmp_path / "azure" / "functions"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("REAL = True\n")
    (package / "http.py").write_text("REAL_HTTP = True\n")
    run_python(
        f"""
        import importlib.util, sys
        {first}  # no azure folder yet: our stand-in namespace package
        assert sys.modules["azure"].__spec__.loader_state is not None
        sys.path.append({str(tmp_path)!r})
        import azure.functions, azure.functions.http
        assert azure.functions.REAL and azure.functions.http.REAL_HTTP
        assert azure.functions is not sys.modules.get("azure_functions_compat")
        """,
        prelude=prelude,
        env=OFF if prelude == INSTALL else None,
        args=("-S", "-I") if prelude == EXEC_PTH else (),
    )


def test_a_submodule_the_real_package_lacks_is_not_taken_from_ours(
    run_python: RunPython, tmp_path: Path
) -> None:
    package = tmp_path / "azure" / "functions"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("REAL = True\n")
    run_python(
        prelude=INSTALL,
        code="""
        import azure.functions
        assert azure.functions.REAL
        try:
            import azure.functions.dropin
        except ModuleNotFoundError:
            pass
        else:
            raise AssertionError("azure.functions.dropin came from azure_functions_compat")
        """,
        env={**OFF, "PYTHONPATH": str(tmp_path)},
    )


def test_pth_stand_in_hands_over_to_the_full_finder(run_python: RunPython) -> None:
    run_python(
        prelude=EXEC_PTH,
        code="""
        import azure.functions
        names = [type(finder).__name__ for finder in sys.meta_path]
        assert names[0] == "_SubmoduleFinder" and names[-1] == "DropinFinder", names
        assert "DropinBootstrap" not in names, names
        """,
        args=("-S", "-I"),
    )
