"""Reading a function app folder: host.json, local.settings.json, functions and their code.

The folder model: each subfolder with a ``function.json`` is a function; its ``scriptFile``
(default ``__init__.py``) is imported as a module of a package of its own for each loaded
app (``__app_1__``, ``__app_2__`` ...), so relative imports (``from . import example``,
``from ..SharedCode import helper``) always stay in their app. The name ``__app__`` is an
alias of the package of the app whose function runs (or loads), so
``from __app__.SharedCode import helper`` works as in Azure. The decorator model:
``function_app.py`` at the top of the folder is imported into that package too, and is also
reachable as ``function_app`` (the same alias rule); every FunctionApp in it is asked for its
functions. Both give FunctionMetadata through the one parser in :mod:`.metadata`.

Every problem becomes an AppLoadError whose one-line message names the file and field.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import sys
import threading
import types
import typing
from collections.abc import Mapping
from typing import Any, Callable, Optional

from .._validation import short_repr
from .converters import BindingConverter, get_converter
from .errors import AppLoadError
from .metadata import BindingMetadata, FunctionMetadata, parse_function_config
from .retry import RETRY_TRIGGERS, RetryPolicy, parse_retry, retry_from_settings

# Loading swaps modules in sys.modules; two loads at once must not interleave.
IMPORT_LOCK = threading.RLock()


@contextlib.contextmanager
def worker_like_logging() -> typing.Iterator[None]:
    """While an app's modules are imported, give a bare root logger a handler to stderr.

    In Azure the worker's handler is on the root logger before any app code runs, so a
    module-level ``logging.warning()`` (the real package logs one while it lists a non-HTTP
    function) or ``logging.basicConfig()`` adds none. Without one, that first call would
    install a stderr handler for good, and every log line of every later invocation would be
    printed twice: once by it, once by the invocation's log capture.
    """
    import logging

    root = logging.getLogger()
    if root.handlers:
        yield
        return

    class ToStderr(logging.Handler):
        """Writes to whatever ``sys.stderr`` is when a record comes."""

        def emit(self, record: logging.LogRecord) -> None:
            try:
                sys.stderr.write(self.format(record) + "\n")
            except Exception:
                self.handleError(record)

    handler = ToStderr()
    handler.setFormatter(logging.Formatter(logging.BASIC_FORMAT))
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)


@contextlib.contextmanager
def indexing_records_dropped(function_app: object) -> typing.Iterator[None]:
    """While the host reads ``function_app``, drop the root-logger records its package makes.

    The real azure.functions logs "Auth level is not applied to non http function app"
    each time a FunctionApp without an HTTP function is read. The worker reads it outside
    any invocation, and the Functions host drops a worker's user log made outside one, so
    ``func start`` never shows it; here it would be printed by every command. Records of the
    app's own code, and of the package at any other time, pass.
    """
    import logging

    real = any(
        (cls.__module__ or "").startswith("azure.functions.") for cls in type(function_app).__mro__
    )
    location = getattr(sys.modules.get("azure.functions"), "__file__", None)
    if not real or not isinstance(location, str):
        yield  # ours logs nothing while it is read
        return
    folder = os.path.dirname(os.path.abspath(location)) + os.sep

    def from_elsewhere(record: logging.LogRecord) -> bool:
        return not os.path.abspath(record.pathname).startswith(folder)

    root = logging.getLogger()
    root.addFilter(from_elsewhere)
    try:
        yield
    finally:
        root.removeFilter(from_elsewhere)


_APP_PACKAGE = "__app__"
_DECORATOR_SCRIPT = "function_app.py"


def display(root: str, path: str) -> str:
    """``path`` relative to the app folder, with forward slashes, for messages."""
    try:
        relative = os.path.relpath(path, root)
    except ValueError:
        return path
    return relative.replace(os.sep, "/")


def read_json(path: str, shown: str) -> Any:
    """The parsed JSON of a file; AppLoadError naming ``shown`` when unreadable or invalid.

    Read as leniently as the Functions host reads it: ``//`` and ``/* */`` comments and
    trailing commas are allowed (see :mod:`.jsonc`).
    """
    from .jsonc import loads_lenient

    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise AppLoadError(f"{shown}: cannot be read: {exc.strerror}") from None
    try:
        # utf-8-sig: editors on Windows like to start JSON files with a byte-order mark.
        return loads_lenient(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise AppLoadError(
            f"{shown}: is not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    except ValueError as exc:
        raise AppLoadError(f"{shown}: invalid JSON: {exc}") from None
    except RecursionError:
        raise AppLoadError(f"{shown}: invalid JSON: nested too deeply to read") from None


class HostConfig:
    """What the host reads from ``host.json``: the HTTP route prefix, log level, function list."""

    __slots__ = ("function_names", "log_level", "retry", "route_prefix")

    def __init__(
        self,
        route_prefix: str,
        log_level: int,
        function_names: Optional[tuple[str, ...]],
        retry: Optional[RetryPolicy] = None,
    ) -> None:
        self.route_prefix = route_prefix
        self.log_level = log_level
        self.function_names = function_names
        # The app-wide retry policy (host.json "retry"), for functions without their own.
        self.retry = retry


_LEVELS = {
    "trace": 5,
    "debug": 10,
    "information": 20,
    "warning": 30,
    "error": 40,
    "critical": 50,
    "none": 100,
}


def _level(shown: str, field: str, value: object) -> int:
    if not isinstance(value, str) or value.lower() not in _LEVELS:
        raise AppLoadError(
            f"{shown}: {field} must be one of Trace, Debug, Information, Warning, Error, "
            f"Critical, None, got {short_repr(value)}"
        )
    return _LEVELS[value.lower()]


def load_host_config(root: str) -> HostConfig:
    """Read ``host.json`` (required, as for the real host)."""
    path = os.path.join(root, "host.json")
    if not os.path.isfile(path):
        raise AppLoadError(
            f"{root}: host.json is missing (a function app folder holds host.json, e.g. "
            '{"version": "2.0"})'
        )
    config = read_json(path, "host.json")
    if not isinstance(config, Mapping):
        raise AppLoadError(f"host.json: the top level must be a JSON object, got {config!r}")
    prefix: object = "api"
    extensions = config.get("extensions")
    if extensions is not None:
        if not isinstance(extensions, Mapping):
            raise AppLoadError(f"host.json: extensions must be an object, got {extensions!r}")
        http = extensions.get("http")
        if http is not None:
            if not isinstance(http, Mapping):
                raise AppLoadError(f"host.json: extensions.http must be an object, got {http!r}")
            prefix = http.get("routePrefix", "api")
    if not isinstance(prefix, str):
        raise AppLoadError(
            f"host.json: extensions.http.routePrefix must be a string, got {prefix!r}"
        )
    log_level = logging_level = 20
    logging_config = config.get("logging")
    if isinstance(logging_config, Mapping):
        levels = logging_config.get("logLevel")
        if isinstance(levels, Mapping):
            for key in ("default", "Function"):
                if key in levels:
                    logging_level = _level("host.json", f"logging.logLevel.{key}", levels[key])
            log_level = logging_level
    names = config.get("functions")
    function_names: Optional[tuple[str, ...]] = None
    if names is not None:
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise AppLoadError(f"host.json: functions must be a list of names, got {names!r}")
        function_names = tuple(names)
    retry = parse_retry("host.json", config.get("retry"))
    return HostConfig(prefix.strip("/"), log_level, function_names, retry)


def load_local_settings(root: str) -> dict[str, str]:
    """The ``Values`` of ``local.settings.json`` (optional), as str to str."""
    path = os.path.join(root, "local.settings.json")
    if not os.path.isfile(path):
        return {}
    config = read_json(path, "local.settings.json")
    if not isinstance(config, Mapping):
        raise AppLoadError(
            f"local.settings.json: the top level must be a JSON object, got {config!r}"
        )
    values = config.get("Values", {})
    if not isinstance(values, Mapping):
        raise AppLoadError(f"local.settings.json: Values must be an object, got {values!r}")
    settings: dict[str, str] = {}
    for key, value in values.items():
        if not isinstance(value, str):
            raise AppLoadError(
                f"local.settings.json: Values.{key} must be a string, got {short_repr(value)}"
            )
        settings[str(key)] = value
    return settings


def environment_problem(name: str, value: str) -> Optional[str]:
    """Why the process environment cannot hold variable ``name`` set to ``value``, or None."""
    if not name:
        return "its name is empty"
    if "=" in name:
        return "its name holds '='"
    for part, text in (("name", name), ("value", value)):
        if "\x00" in text:
            return f"its {part} holds a NUL character"
        try:
            os.fsencode(text)
        except UnicodeError:
            return f"its {part} cannot be encoded for the environment"
    return None


def discover_folder_functions(
    root: str, failures: Optional[dict[str, AppLoadError]] = None
) -> list[FunctionMetadata]:
    """Metadata of every subfolder of ``root`` holding a ``function.json``, sorted by name.

    A ``function.json`` that cannot be read or is invalid raises AppLoadError, or, when
    ``failures`` is given, is recorded there under its folder's name and skipped.
    """
    functions = []
    try:
        entries = sorted(os.listdir(root))
    except OSError as exc:
        raise AppLoadError(f"{root}: cannot list the app folder: {exc.strerror}") from None
    for entry in entries:
        directory = os.path.join(root, entry)
        config_path = os.path.join(directory, "function.json")
        if entry.startswith(".") or not os.path.isfile(config_path):
            continue
        shown = f"{entry}/function.json"
        try:
            config = read_json(config_path, shown)
            functions.append(
                parse_function_config(
                    config, function_name=entry, directory=directory, source=shown
                )
            )
        except AppLoadError as exc:
            if failures is None:
                raise
            failures[entry] = exc
    return functions


# --- importing ----------------------------------------------------------------------------


def _forget_modules(names: tuple[str, ...]) -> None:
    for name in list(sys.modules):
        if name in names or any(name.startswith(prefix + ".") for prefix in names):
            del sys.modules[name]


def _app_package(name: str, root: str) -> types.ModuleType:
    from importlib.machinery import ModuleSpec

    package = types.ModuleType(name)
    spec = ModuleSpec(name, None, is_package=True)
    spec.submodule_search_locations = [root]
    package.__spec__ = spec
    package.__path__ = [root]
    return package


class _AliasLoader:
    """Loads ``__app__.X`` as the very module ``__app_N__.X`` of the app the alias names."""

    def __init__(self, real_name: str) -> None:
        self.real_name = real_name

    def create_module(self, spec: object) -> types.ModuleType:
        import importlib

        return importlib.import_module(self.real_name)

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: the real module ran when it was imported under its own name."""


class _AliasFinder:
    """Resolve ``__app__.X`` to the module ``X`` of the app the alias currently names.

    Without it, ``from __app__.Shared import x`` and ``from ..Shared import x`` would make
    two copies of one module, each with its own globals.
    """

    @staticmethod
    def find_spec(fullname: str, path: object = None, target: object = None) -> Any:
        target_package = _alias_target
        if target_package is None or not fullname.startswith(_APP_PACKAGE + "."):
            return None
        from importlib.machinery import ModuleSpec

        real_name = target_package + fullname[len(_APP_PACKAGE) :]
        loader: Any = _AliasLoader(real_name)  # a loader by protocol, not by base class
        return ModuleSpec(fullname, loader)


_FINDER = _AliasFinder()
# The package the names __app__ and function_app stand for now, and a counter for new ones.
_alias_target: Optional[str] = None
_package_count = 0


def new_package(root: str) -> str:
    """Make a fresh package for the app in ``root`` (``__app_N__``); return its name."""
    global _package_count
    _package_count += 1
    name = f"__app_{_package_count}__"
    sys.modules[name] = _app_package(name, root)
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    return name


def point_alias(package: str) -> None:
    """Make ``__app__`` (and ``function_app``, if the app has one) name app ``package``.

    Called before an app's function runs when the alias names another app, so absolute
    ``__app__`` imports made inside the function find the app's own modules.
    """
    global _alias_target
    with IMPORT_LOCK:
        if _alias_target == package:
            return
        target = sys.modules.get(package)
        if target is None:
            return
        # Submodules reached through the alias are cached under their alias names: forget
        # them, so the next import finds those of the newly named app.
        _forget_modules((_APP_PACKAGE, "function_app"))
        sys.modules[_APP_PACKAGE] = target
        decorated = sys.modules.get(f"{package}.function_app")
        if decorated is not None:
            sys.modules["function_app"] = decorated
        _alias_target = package


def alias_target() -> Optional[str]:
    """The package ``__app__`` names now, or None."""
    return _alias_target


# The folders the host put on sys.path (and so may take off): not those put there by others.
_added_paths: set[str] = set()
# For each folder, the apps (by id) whose functions may import from it: the folder comes off
# sys.path only when the last of them lets go, so closing one app never breaks another
# app loaded from the same folder.
_path_holders: dict[str, set[int]] = {}


def hold_path(root: str, holder: int) -> None:
    """Put ``root`` on sys.path (see :func:`ensure_on_path`) on behalf of app ``holder``."""
    with IMPORT_LOCK:
        _path_holders.setdefault(root, set()).add(holder)
        ensure_on_path(root)


def release_imports(root: str, holder: int) -> None:
    """App ``holder`` lets go of ``root``; the last one takes it off sys.path if the host
    put it there (an app puts it back when it runs again)."""
    with IMPORT_LOCK:
        holders = _path_holders.get(root)
        if holders is not None:
            holders.discard(holder)
            if holders:
                return
            del _path_holders[root]
        if root in _added_paths:
            _added_paths.discard(root)
            while root in sys.path:
                sys.path.remove(root)


def ensure_on_path(root: str) -> None:
    """Put ``root`` at the end of sys.path if it is not there (for the app's plain imports)."""
    if root not in sys.path:
        with IMPORT_LOCK:
            if root not in sys.path:
                sys.path.append(root)
                _added_paths.add(root)


def _first_line(exc: BaseException) -> str:
    """``Type: message`` on one line: the message's first non-blank line, and `` [...]`` when
    more lines follow (the whole text stays on the exception, the load error's cause)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    more = " [...]" if len(lines) > 1 else ""
    return f"{type(exc).__name__}: {lines[0]}{more}"


def _where_in_user_code(root: str, exc: BaseException) -> str:
    """`` (at file:line)`` for the innermost frame of the traceback inside the app folder."""
    found = ""
    if isinstance(exc, SyntaxError) and exc.filename:
        return f" (at {display(root, exc.filename)}:{exc.lineno})"
    trace = exc.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if os.path.abspath(filename).startswith(root + os.sep):
            found = f" (at {display(root, filename)}:{trace.tb_lineno})"
        trace = trace.tb_next
    return found


# Modules apps import for the types of Functions extension packages: a load that fails on
# one of them names the package to install.
_EXTENSION_PACKAGES = {
    "azurefunctions.extensions.bindings.blob": "azurefunctions-extensions-bindings-blob",
}


def _install_hint(root: str, exc: BaseException) -> str:
    """`` (pip install <package>)`` when ``exc`` is a missing extension module that the app's
    innermost import line asks for, else ``""``."""
    missing = getattr(exc, "name", None) if isinstance(exc, ModuleNotFoundError) else None
    if not missing:
        return ""
    line = ""
    trace = exc.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if os.path.abspath(filename).startswith(root + os.sep):
            import linecache

            line = linecache.getline(filename, trace.tb_lineno)
        trace = trace.tb_next
    for module, package in _EXTENSION_PACKAGES.items():
        parent, _, last = module.rpartition(".")
        # ``import a.b.blob``, ``from a.b.blob import X`` or ``from a.b import blob``.
        named = module in line or (parent in line and last in line)
        if named and (module + ".").startswith(missing + "."):
            return f" (pip install {package})"
    return ""


def ensure_dropin() -> None:
    """Let ``import azure.functions`` resolve to this package when nothing else provides it."""
    import importlib.util

    try:
        if importlib.util.find_spec("azure.functions") is not None:
            return
    except (ImportError, ValueError):
        pass
    try:
        from .. import dropin
    except ImportError:  # the drop-in module is optional for the host
        return
    if dropin.enabled_by_environment() and not dropin.installed():
        dropin.install()


def import_module_for(
    root: str, function: FunctionMetadata, package: str = _APP_PACKAGE
) -> types.ModuleType:
    """Import the script of a folder-model function as a module of the app's ``package``."""
    import importlib

    script = function.script_file
    shown_script = display(root, script)
    if not script.startswith(root + os.sep):
        raise AppLoadError(
            f"{function.source}: scriptFile {shown_script!r} is outside the app folder"
        )
    if not script.endswith(".py"):
        raise AppLoadError(f"{function.source}: scriptFile {shown_script!r} is not a .py file")
    if not os.path.isfile(script):
        raise AppLoadError(f"{function.source}: scriptFile {shown_script!r} does not exist")
    parts = display(root, script)[: -len(".py")].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    module_name = ".".join([package, *parts])
    try:
        return importlib.import_module(module_name)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        raise AppLoadError(
            f"{function.source}: scriptFile {shown_script!r} failed to import: "
            f"{_first_line(exc)}{_install_hint(root, exc)}"
            f"{_where_in_user_code(root, exc)}"
        ) from exc


# Modules that loading apps imported from their folders (top-level ones, such as helpers
# found through sys.path); the next load forgets them.
_app_modules: set[str] = set()


def _module_file(module: object) -> str:
    location = getattr(module, "__file__", None)
    return os.path.abspath(location) if isinstance(location, str) else ""


def prepare_imports(root: str) -> tuple[str, set[str]]:
    """Make ``root`` importable as a new package; return its name and sys.modules' names.

    The package is new for each load, so each load imports its own modules (module globals
    start over) and a module of another app with the same name cannot stand in for one of
    this app. ``root`` goes to the end of sys.path (never before the standard library: a
    function folder named ``email`` must not hide the ``email`` module); top-level modules
    an earlier load imported from its folder are forgotten. ``__app__`` names the new
    package. Pass the returned names to :func:`remember_app_modules`.
    """
    _forget_modules(tuple(_app_modules))
    _app_modules.clear()
    package = new_package(root)
    point_alias(package)
    ensure_on_path(root)
    return package, set(sys.modules)


def remember_app_modules(root: str, before: set[str]) -> None:
    """Note the top-level modules imported from ``root`` since ``before``, for the next load
    to forget (those of the app's own package are its own already)."""
    folder = root + os.sep
    for name, module in list(sys.modules.items()):
        if (
            name not in before
            and not name.startswith(("__app", "function_app"))
            and _module_file(module).startswith(folder)
        ):
            _app_modules.add(name)


_REGISTER_MODULES = ("azure.functions", "azure_functions_compat")


def _is_function_register(value: object) -> bool:
    """True for a FunctionApp (ours or the real package's), judged by its type alone.

    As the worker does, only the class is examined: an attribute lookup on the object itself
    could trip a framework proxy (Flask's ``request``, ``current_app``, ``g`` raise "Working
    outside of request context" for any attribute), and a module-level WSGI or ASGI app is
    common in function_app.py.
    """
    for cls in type(value).__mro__:
        if cls.__name__ == "FunctionRegister" and (cls.__module__ or "").startswith(
            _REGISTER_MODULES
        ):
            return True
    return False


def _is_asgi_middleware(value: object) -> bool:
    """True for an AsgiMiddleware (ours or the real package's), judged by its type alone."""
    for cls in type(value).__mro__:
        if cls.__name__ == "AsgiMiddleware" and (cls.__module__ or "").startswith(
            _REGISTER_MODULES
        ):
            return True
    return False


def module_asgi_middlewares(root: str, package: Optional[str]) -> list[Any]:
    """The AsgiMiddleware objects held by a global of one of the app's own modules.

    A function's script may make one itself (``middleware = func.AsgiMiddleware(app)``)
    and start its lifespan; the host shuts such ones down when it closes the app.
    """
    folder = root + os.sep
    prefix = f"{package}." if package is not None else None
    found: dict[int, Any] = {}
    for name, module in list(sys.modules.items()):
        if not (prefix is not None and name.startswith(prefix)) and not _module_file(
            module
        ).startswith(folder):
            continue
        for value in list(getattr(module, "__dict__", {}).values()):
            if _is_asgi_middleware(value):
                found[id(value)] = value
    return list(found.values())


def discover_decorated_functions(
    root: str,
    package: str = _APP_PACKAGE,
    found_apps: Optional[list[Any]] = None,
    failures: Optional[dict[str, AppLoadError]] = None,
) -> list[FunctionMetadata]:
    """Import ``function_app.py`` and read every function its FunctionApp objects hold.

    The FunctionApp objects themselves are appended to ``found_apps`` when it is given: the
    host shuts down the ASGI applications among them when it closes. A function whose
    description is invalid raises AppLoadError, or, when ``failures`` is given, is recorded
    there under its name and skipped; a ``function_app.py`` that fails to import always
    raises (as the worker's indexing of the app fails as a whole).
    """
    import importlib

    script = os.path.join(root, _DECORATOR_SCRIPT)
    try:
        module = importlib.import_module(f"{package}.function_app")
        # Reachable by its plain name too, as in Azure, while this app is the one named.
        sys.modules["function_app"] = module
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        raise AppLoadError(
            f"{_DECORATOR_SCRIPT}: failed to import: {_first_line(exc)}"
            f"{_install_hint(root, exc)}{_where_in_user_code(root, exc)}"
        ) from exc
    if os.path.abspath(getattr(module, "__file__", "") or "") != script:
        raise AppLoadError(
            f"{_DECORATOR_SCRIPT}: another module named function_app shadows it "
            f"({getattr(module, '__file__', None)})"
        )
    # One app object may be bound to several names (``application = app``): read it once.
    apps = list(
        {
            id(value): value for value in vars(module).values() if _is_function_register(value)
        }.values()
    )
    if not apps:
        raise AppLoadError(
            f"{_DECORATOR_SCRIPT}: defines no FunctionApp (e.g. app = func.FunctionApp())"
        )
    if found_apps is not None:
        found_apps.extend(apps)
    functions: list[FunctionMetadata] = []
    for app in apps:
        try:
            with indexing_records_dropped(app):
                registered = list(app.get_functions())
        except Exception as exc:
            raise AppLoadError(
                f"{_DECORATOR_SCRIPT}: the FunctionApp's functions are invalid: {_first_line(exc)}"
            ) from exc
        for item in registered:
            name = item.get_function_name()
            try:
                functions.append(_decorated_metadata(root, item, str(name)))
            except AppLoadError as exc:
                if failures is None:
                    raise
                failures[str(name)] = exc
    return functions


def _decorated_metadata(root: str, item: Any, name: str) -> FunctionMetadata:
    """The FunctionMetadata of one function a FunctionApp holds."""
    import json

    shown = f"{_DECORATOR_SCRIPT} (function {name!r})"
    try:
        config = json.loads(item.get_function_json())
    except ValueError as exc:
        raise AppLoadError(f"{shown}: its function JSON is invalid: {exc}") from None
    # @app.retry is a setting the worker reads apart from the function JSON.
    get_settings = getattr(item, "get_settings_dict", None)
    retry_settings = get_settings("retry_policy") if callable(get_settings) else None
    if isinstance(config, dict) and isinstance(retry_settings, Mapping):
        config["retry"] = retry_from_settings(retry_settings)
    return parse_function_config(
        config,
        function_name=name,
        directory=root,
        source=shown,
        user_function=item.get_user_function(),
    )


# --- matching parameters to bindings -------------------------------------------------------


# The blob SDK types that the SDK-type bindings (azurefunctions-extensions-bindings-blob)
# hand over, connected to a storage account (see blob_clients).
_SDK_TYPES = ("BlobClient", "ContainerClient", "StorageStreamDownloader")


class ParamKind:
    """A parameter annotation reduced to what binding conversion needs.

    ``name`` is a class name (``'InputStream'``, ``'bytes'``...) or None for no annotation;
    ``is_out`` is True for ``Out[...]``, whose inner class name is then ``name``;
    ``readable`` is True for a class with a ``read()`` method (``io.StringIO``, a file),
    which blob outputs take as the library does. ``sdk`` names the blob SDK type of
    azurefunctions-extensions-bindings-blob the annotation is (``BlobClient`` ...), else None.
    """

    __slots__ = ("is_out", "name", "readable", "sdk")

    def __init__(
        self,
        name: Optional[str],
        is_out: bool = False,
        readable: bool = False,
        sdk: Optional[str] = None,
    ) -> None:
        self.name = name
        self.is_out = is_out
        self.readable = readable
        self.sdk = sdk

    def __repr__(self) -> str:
        return f"Out[{self.name}]" if self.is_out else str(self.name)


_OUR_MODULES = ("azure.functions", "azure_functions_compat")
# io's file-like classes, for annotations left as text.
_READABLE_NAMES = frozenset(
    (
        "StringIO",
        "BytesIO",
        "IOBase",
        "TextIOWrapper",
        "BufferedReader",
        "IO",
        "TextIO",
        "BinaryIO",
    )
)
_BUILTIN_KINDS = {bytes: "bytes", bytearray: "bytes", str: "str", list: "list", dict: "dict"}


def _class_kind(annotation: type) -> str:
    for cls in getattr(annotation, "__mro__", (annotation,)):
        if cls in _BUILTIN_KINDS:
            return _BUILTIN_KINDS[cls]
        module = getattr(cls, "__module__", "") or ""
        if module.startswith(_OUR_MODULES):
            return str(cls.__name__)
    return str(getattr(annotation, "__name__", repr(annotation)))


def _split_union(text: str) -> list[str]:
    """Split ``A | B[C | D]`` on the bars outside brackets."""
    parts: list[str] = []
    depth = 0
    current = ""
    for char in text:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def _string_kind(text: str) -> ParamKind:
    text = text.strip().strip("'\"")
    alternatives = [part.strip() for part in _split_union(text)]
    if len(alternatives) > 1:
        # PEP 604 written as text: ``X | None`` is an optional X.
        rest = [part for part in alternatives if part not in ("None", "NoneType")]
        return _string_kind(rest[0]) if len(rest) == 1 else ParamKind(None)
    if text.startswith(("Optional[", "typing.Optional[")) and text.endswith("]"):
        return _string_kind(text[text.index("[") + 1 : -1])
    head, bracket, inner = text.partition("[")
    base = head.rsplit(".", 1)[-1]
    if base == "Out":
        inner_kind = _string_kind(inner[:-1]) if bracket else ParamKind(None)
        return ParamKind(inner_kind.name, True, inner_kind.readable)
    if base in ("List", "list"):
        return ParamKind("list")
    if base == "Any":
        return ParamKind(None)
    return ParamKind(base, readable=base in _READABLE_NAMES)


# PEP 604 unions (``X | None``) are of this type from Python 3.10 on.
_UnionType: Any = getattr(types, "UnionType", None)


def param_kind(annotation: Any) -> ParamKind:
    """Reduce an annotation (a class, a typing construct or a string) to a ParamKind."""
    if annotation is inspect.Parameter.empty or annotation is None or annotation is typing.Any:
        return ParamKind(None)
    if isinstance(annotation, str):
        return _string_kind(annotation)
    origin = typing.get_origin(annotation)
    if origin is not None:
        args = typing.get_args(annotation)
        if getattr(origin, "__name__", "") == "Out":
            inner_kind = param_kind(args[0]) if args else ParamKind(None)
            return ParamKind(inner_kind.name, True, inner_kind.readable)
        if origin is typing.Union or (_UnionType is not None and origin is _UnionType):
            rest = [arg for arg in args if arg is not type(None)]
            return param_kind(rest[0]) if len(rest) == 1 else ParamKind(None)
        if origin is list:
            return ParamKind("list")
        return param_kind(origin)
    if isinstance(annotation, type):
        if annotation.__name__ == "Out" and annotation.__module__.startswith(_OUR_MODULES):
            return ParamKind(None, True)
        readable = annotation not in _BUILTIN_KINDS and callable(getattr(annotation, "read", None))
        kind = ParamKind(_class_kind(annotation), readable=readable)
        if kind.name in _SDK_TYPES:
            from .blob_clients import sdk_type_of

            kind.sdk = sdk_type_of(annotation)
        return kind
    return ParamKind(None)


class Param:
    """How one parameter of a user function gets its value at each invocation."""

    __slots__ = ("binding", "converter", "kind", "name", "role")

    def __init__(
        self,
        name: str,
        role: str,
        binding: Optional[BindingMetadata],
        kind: ParamKind,
        converter: Optional[BindingConverter],
    ) -> None:
        self.name = name
        # "trigger", "input", "output" or "context".
        self.role = role
        self.binding = binding
        self.kind = kind
        self.converter = converter


class FunctionPlan:
    """A function made ready to invoke: its callable and how each parameter is bound.

    Built once at load, so an invocation does no metadata parsing and no imports.
    """

    __slots__ = (
        "function",
        "generic_trigger",
        "http_stream",
        "inputs",
        "is_async",
        "metadata",
        "needs_binding_data",
        "outputs",
        "params",
        "retry",
        "return_binding",
        "return_is_http",
        "return_key",
        "trigger_key",
    )

    def __init__(
        self,
        metadata: FunctionMetadata,
        function: Callable[..., Any],
        params: list[Param],
        is_async: bool,
    ) -> None:
        self.metadata = metadata
        self.function = function
        self.params = params
        self.is_async = is_async
        # The converter of a trigger type the host has none for, when its parameter takes the
        # raw payload (str, bytes, no annotation) as the worker's generic binding gives it.
        self.generic_trigger: Optional[BindingConverter] = None
        # An HTTP function that takes the FastAPI Request of HTTP streams (host/httpstreams.py).
        self.http_stream = False
        # The retry policy the host carries out: only for triggers that support one.
        self.retry: Optional[RetryPolicy] = (
            metadata.retry if metadata.trigger.type.lower() in RETRY_TRIGGERS else None
        )
        self.return_binding = metadata.binding("$return")
        # Registry keys (lower-cased binding types), so an invocation looks converters up
        # without lower-casing each time.
        self.trigger_key = metadata.trigger.type.lower()
        self.return_key = None if self.return_binding is None else self.return_binding.type.lower()
        self.return_is_http = self.return_key == "http"
        bound = {param.binding.name for param in params if param.binding is not None}
        # Input bindings without a parameter are not read; outputs without one stay unset.
        self.inputs = [
            binding
            for binding in metadata.bindings
            if binding.direction != "out" and not binding.is_trigger and binding.name in bound
        ]
        self.outputs = [param for param in params if param.role == "output"]
        # Only bindings other than the trigger and HTTP responses can hold {expressions}.
        self.needs_binding_data = any(
            not binding.is_trigger and binding.type.lower() != "http"
            for binding in metadata.bindings
        )


_RAW_KINDS = ("bytes", "str")


def _check_input(
    function: FunctionMetadata, binding: BindingMetadata, name: str, kind: ParamKind
) -> Optional[BindingConverter]:
    """Check an input or trigger parameter; return the converter that will bind it."""
    converter = get_converter(binding.type)
    if kind.is_out:
        raise AppLoadError(
            f"{function.source}: binding {name!r} has direction {binding.direction!r}, but "
            "its parameter is annotated as Out (only output bindings are Out parameters)"
        )
    if kind.name in _SDK_TYPES or binding.type.lower() == "blob":
        from .blob_clients import load_problem

        problem = load_problem(binding, name, kind.name, kind.sdk)
        if problem is not None:
            raise AppLoadError(f"{function.source}: {problem}")
        if kind.sdk is not None:
            # The binding hands over a client of the account instead of the blob's content.
            binding.sdk_type = kind.sdk
            return converter
    if kind.name is None or converter is None:
        return converter
    expected = {"binary": "bytes", "string": "str", "stream": "InputStream"}.get(
        binding.data_type or ""
    )
    if expected is not None and kind.name != expected and kind.name in _RAW_KINDS:
        raise AppLoadError(
            f"{function.source}: binding {name!r} has dataType {binding.data_type!r}, which "
            f"does not match its parameter's annotation {kind.name}"
        )
    if kind.name in _RAW_KINDS and converter.generic_input:
        # The worker's generic binding: str or bytes gets the binding's raw data, whatever
        # its type.
        if kind.name in converter.input_kinds:
            return converter
        from .generic import RawInput

        return RawInput(converter)
    if kind.name not in converter.input_kinds:
        accepted = ", ".join(converter.input_kinds) or "nothing"
        raise AppLoadError(
            f"{function.source}: binding {name!r} of type {binding.type!r} cannot be passed as "
            f"{kind.name} (it takes {accepted})"
        )
    return converter


def _check_output(
    function: FunctionMetadata, binding: BindingMetadata, what: str, kind: ParamKind
) -> None:
    converter = get_converter(binding.type)
    if converter is None or kind.name is None:
        return
    if kind.name in _RAW_KINDS and converter.generic_input:
        # The worker's generic binding takes str and bytes for every output; what the
        # function sets is checked when it is written.
        return
    if kind.readable and "file-like" in converter.output_kinds:
        return
    if kind.name not in converter.output_kinds:
        accepted = ", ".join(converter.output_kinds) or "nothing"
        raise AppLoadError(
            f"{function.source}: {what} of type {binding.type!r} cannot take {kind.name} "
            f"(it takes {accepted})"
        )


def _takes_stream_request(function: FunctionMetadata, name: str, annotation: object) -> bool:
    """Whether an HTTP trigger's parameter takes the FastAPI Request of HTTP streams.

    Raises AppLoadError where the worker would not hand it over: the app did not import the
    extension, or PYTHON_ENABLE_INIT_INDEXING turns HTTP streams off.
    """
    if "starlette.requests" not in sys.modules:  # no Starlette class can be the annotation
        return False
    from . import httpstreams

    if not httpstreams.is_stream_request_type(annotation):
        return False
    shown = getattr(annotation, "__name__", "Request")
    if function.user_function is None:
        raise AppLoadError(
            f"{function.source}: binding {name!r} is annotated {shown} (the FastAPI Request of "
            "HTTP streams), which the Python worker hands over only to functions of the "
            "decorator model (function_app.py), not to those of function.json"
        )
    if not httpstreams.extension_imported():
        raise AppLoadError(
            f"{function.source}: binding {name!r} is annotated {shown} (Starlette's Request), "
            "which the Python worker hands over only with HTTP streams: import Request from "
            f"{httpstreams.EXTENSION} (the azurefunctions-extensions-http-fastapi package)"
        )
    setting = os.environ.get("PYTHON_ENABLE_INIT_INDEXING")
    if httpstreams.init_indexing_off(setting):
        raise AppLoadError(
            f"{function.source}: binding {name!r} takes the FastAPI Request of HTTP streams, "
            f"but the app setting PYTHON_ENABLE_INIT_INDEXING is {setting!r}, which turns HTTP "
            "streams off in the Python worker (remove it or set it to 1)"
        )
    return True


def _stream_request_converter() -> BindingConverter:
    from .httpstreams import STREAM_REQUEST

    return STREAM_REQUEST


def _type_hints(function: Callable[..., Any]) -> dict[str, Any]:
    try:
        return typing.get_type_hints(function)
    except Exception:
        pass
    # One annotation that does not evaluate (a forward reference to a name the module does
    # not define, ``X | None`` as text before Python 3.10) must not cost the others theirs:
    # evaluate each alone, and match those that fail by their text.
    raw = getattr(function, "__annotations__", None)
    if not isinstance(raw, dict):
        return {}
    namespace = getattr(inspect.unwrap(function), "__globals__", None)
    hints: dict[str, Any] = {}
    for name, annotation in raw.items():
        if isinstance(annotation, str) and isinstance(namespace, dict):
            # Evaluated in the module's globals, as typing.get_type_hints does.
            with contextlib.suppress(Exception):
                annotation = eval(annotation, namespace)
        hints[name] = annotation
    return hints


def plan_function(
    function: FunctionMetadata, user_function: object, shown_entry: str
) -> FunctionPlan:
    """Match the parameters of ``user_function`` to the bindings of ``function``.

    Raises AppLoadError for a parameter with no binding (unless it is ``context`` or has a
    default), an output binding whose parameter is not ``Out``, or an annotation the binding
    cannot produce.
    """
    if not callable(user_function):
        raise AppLoadError(f"{function.source}: {shown_entry} is not a function")
    try:
        signature = inspect.signature(user_function)
    except (TypeError, ValueError) as exc:
        raise AppLoadError(f"{function.source}: {shown_entry} has no signature: {exc}") from None
    hints = _type_hints(user_function)
    by_name = {binding.name: binding for binding in function.bindings}
    params: list[Param] = []
    http_stream = False
    for parameter in signature.parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        name = parameter.name
        annotation = hints.get(name, parameter.annotation)
        kind = param_kind(annotation)
        binding = by_name.get(name)
        if binding is None:
            if name == "context":
                if kind.name is not None and kind.name != "Context":
                    raise AppLoadError(
                        f"{function.source}: parameter 'context' of {shown_entry} is annotated "
                        f"{kind.name}, but the host passes a Context there"
                    )
                params.append(Param(name, "context", None, kind, None))
                continue
            if parameter.default is not parameter.empty:
                continue
            raise AppLoadError(
                f"{function.source}: bindings has no binding named {name!r} for parameter "
                f"{name!r} of {shown_entry}"
            )
        converter = get_converter(binding.type)
        if binding.direction == "out":
            if kind.name is not None and not kind.is_out:
                raise AppLoadError(
                    f"{function.source}: binding {name!r} is an output, so its parameter must "
                    f"be annotated func.Out[...], not {kind.name}"
                )
            _check_output(function, binding, f"output {name!r}", kind)
            params.append(Param(name, "output", binding, kind, converter))
        else:
            if (
                binding.is_trigger
                and binding.type.lower() == "httptrigger"
                and _takes_stream_request(function, name, annotation)
            ):
                converter = _stream_request_converter()
                http_stream = True
            else:
                converter = _check_input(function, binding, name, kind)
            role = "trigger" if binding.is_trigger else "input"
            params.append(Param(name, role, binding, kind, converter))
    return_binding = function.binding("$return")
    if return_binding is not None:
        returned = hints.get("return", signature.return_annotation)
        kind = param_kind(returned)
        if kind.name in (None, "NoneType"):
            pass
        elif not http_stream:
            _check_output(function, return_binding, "the $return binding", kind)
        elif kind.name == "HttpResponse":
            # A streams function returns what FastAPI sends: a response, or a value as JSON.
            raise AppLoadError(
                f"{function.source}: the return annotation HttpResponse does not fit a "
                "function taking the FastAPI Request of HTTP streams: return a FastAPI "
                "response (Response, StreamingResponse, JSONResponse ...)"
            )
    is_async = inspect.iscoroutinefunction(user_function)
    plan = FunctionPlan(function, user_function, params, is_async)
    plan.http_stream = http_stream
    if get_converter(function.trigger.type) is None:
        from .generic import generic_trigger_for

        generic = generic_trigger_for(function.trigger.type)
        kinds = (None, *_RAW_KINDS, *generic.extra_kinds)
        trigger_params = [param for param in params if param.role == "trigger"]
        if all(param.kind.name in kinds for param in trigger_params):
            plan.generic_trigger = generic
            for param in trigger_params:
                param.converter = generic
    return plan


__all__ = [
    "IMPORT_LOCK",
    "FunctionPlan",
    "HostConfig",
    "Param",
    "ParamKind",
    "discover_decorated_functions",
    "discover_folder_functions",
    "display",
    "ensure_dropin",
    "import_module_for",
    "load_host_config",
    "load_local_settings",
    "param_kind",
    "plan_function",
    "prepare_imports",
    "read_json",
    "remember_app_modules",
]
