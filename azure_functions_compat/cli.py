"""The command line: list an app's functions, send it an HTTP request, invoke a function.

::

    python -m azure_functions_compat list   APP [--json]
    python -m azure_functions_compat http   APP METHOD PATH [-H 'Name: value']...
                                            [-d BODY | -d @FILE] [--blob PATH=VALUE|@FILE]...
                                            [--storage DIR] [--json]
    python -m azure_functions_compat invoke APP FUNCTION [--data VALUE | --data @FILE]
                                            [--blob PATH=VALUE|@FILE]... [--storage DIR]
                                            [--json]

Exit status: 0 when the request was answered or the function ran (whatever HTTP status it
returned); 1 when the function raised (its traceback goes to stderr) or the host refused the
invocation (a trigger payload or an output value the binding cannot take: one ``error:``
line on stderr, no traceback); 2 for a bad command line, an app that cannot be loaded, an
unknown function or a trigger the host cannot run (one ``error:`` line on stderr).

``--json`` prints one JSON object on stdout; when the invocation failed (exit status 1) it
also has an ``"error"`` key, ``"<ExceptionType>: <message>"``. For ``http``, ``"body"`` is
the response body decoded with its charset, undecodable bytes replaced by U+FFFD; when the
body does not decode, ``"body_base64"`` holds its exact bytes too.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, NoReturn, Optional

if TYPE_CHECKING:
    from .host.app import App, InvocationResult
    from .host.testclient import TestResponse

EXIT_OK = 0
EXIT_FUNCTION_FAILED = 1
EXIT_USAGE = 2

_LOCAL_BASE = "http://localhost:7071"


class _UsageError(Exception):
    """A problem with the command line or the app; printed as one line, exit status 2."""


def _read_value(text: str, what: str) -> bytes:
    """``VALUE`` as UTF-8 bytes, or the content of FILE for ``@FILE``."""
    if text.startswith("@"):
        path = text[1:]
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except OSError as exc:
            raise _UsageError(f"{what}: cannot read {path!r}: {exc.strerror}") from None
    return text.encode("utf-8")


def _parse_blobs(items: list[str]) -> list[tuple[str, bytes]]:
    blobs = []
    for item in items:
        path, equals, value = item.partition("=")
        if not equals or not path:
            raise _UsageError(f"--blob {item!r}: expected container/path=VALUE or =@FILE")
        blobs.append((path, _read_value(value, f"--blob {path}")))
    return blobs


def _parse_headers(items: list[str]) -> list[tuple[str, str]]:
    headers = []
    for item in items:
        name, colon, value = item.partition(":")
        if not colon or not name.strip():
            raise _UsageError(f"-H {item!r}: expected 'Name: value'")
        headers.append((name.strip(), value.strip()))
    return headers


def _load(path: str, storage: Optional[str] = None) -> App:
    from .host import FolderStorage, load_app

    return load_app(path, storage=None if storage is None else FolderStorage(storage))


def _print_json(value: Any) -> None:
    import json

    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")


def _describe_outputs(app: App, function_name: str, outputs: dict[str, Any]) -> dict[str, Any]:
    from .host.converters import BindingConverter, get_converter

    metadata = app.functions[function_name]
    described = {}
    for name, value in outputs.items():
        binding = metadata.binding(name)
        converter = get_converter(binding.type) if binding is not None else None
        described[name] = (converter or BindingConverter()).describe(value)
    return described


def _print_logs(logs: list[Any]) -> None:
    for entry in logs:
        sys.stderr.write(f"[{entry.level}] {entry.message}\n")


def _print_traceback(exc: BaseException) -> None:
    """The function's own traceback; one line when the host itself refused the call."""
    from .host import BindingError

    if isinstance(exc, BindingError):
        # A payload the trigger cannot take, an output the binding cannot hold: the message
        # names the function, the file and the binding; our own frames would only hide it.
        sys.stderr.write(f"error: {exc}\n")
        return
    import traceback

    traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)


# --- list ---------------------------------------------------------------------------------


def _command_list(args: argparse.Namespace) -> int:
    from .host.converters import get_converter
    from .host.loader import display

    app = _load(args.app)
    rows: list[dict[str, Any]] = []
    for name, metadata in app.functions.items():
        route = app.full_route(metadata)
        rows.append(
            {
                "name": name,
                "trigger": metadata.trigger.type,
                "route": route,
                "methods": list(metadata.methods) if metadata.methods else None,
                "auth_level": metadata.auth_level,
                "script_file": display(app.root, metadata.script_file),
                "entry_point": metadata.entry_point,
                "disabled": metadata.disabled,
                "supported": get_converter(metadata.trigger.type) is not None,
                "bindings": [
                    {"name": b.name, "type": b.type, "direction": b.direction}
                    for b in metadata.bindings
                ],
            }
        )
    if args.json:
        _print_json(rows)
        return EXIT_OK
    lines = ["Functions:", ""]
    for row in rows:
        notes = []
        if row["route"] is not None:
            methods = f"[{','.join(row['methods'])}] " if row["methods"] else ""
            text = f"{row['name']}: {methods}{_LOCAL_BASE}/{row['route']}"
            notes.append(f"authLevel: {row['auth_level']}")
        else:
            text = f"{row['name']}: {row['trigger']}"
        if not row["supported"]:
            notes.append("trigger not supported by this host")
        if row["disabled"]:
            notes.append("disabled")
        if notes:
            text += f"  ({'; '.join(notes)})"
        lines.append(f"\t{text}")
        lines.append("")
    sys.stdout.write("\n".join(lines))
    return EXIT_OK


# --- http ---------------------------------------------------------------------------------


def _response_json(app: App, response: TestResponse) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    for name in response.headers:
        values = response.headers.getall(name)
        headers[name] = values[0] if len(values) == 1 else list(values)
    result: dict[str, Any] = {
        "status": response.status_code,
        "headers": headers,
        "body": response.text,
        "outputs": {},
        "logs": [entry.as_dict() for entry in response.logs],
        "invocation_id": response.invocation_id,
    }
    if response.function_name is not None and response.invocation is not None:
        result["outputs"] = _describe_outputs(
            app, response.function_name, response.invocation.outputs
        )
    if not _is_text(response.content, response.charset):
        import base64

        # "body" replaced what it could not decode; these are the bytes the function sent.
        result["body_base64"] = base64.b64encode(response.content).decode("ascii")
    if response.exception is not None:
        result["error"] = f"{type(response.exception).__name__}: {response.exception}"
    return result


def _is_text(content: bytes, charset: str) -> bool:
    """Whether ``content`` decodes with ``charset`` (UTF-8 when it is no text encoding)."""
    from ._validation import is_body_charset

    try:
        content.decode(charset if is_body_charset(charset) else "utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _command_http(args: argparse.Namespace) -> int:
    headers = _parse_headers(args.header)
    body = None if args.data is None else _read_value(args.data, "-d")
    blobs = _parse_blobs(args.blob)
    app = _load(args.app, args.storage)
    _seed(app, args)
    try:
        for path, content in blobs:
            app.storage.put_blob(path, content)
        client = app.test_client()
        try:
            response = client.request(args.method, args.path, headers=headers, data=body)
        except (TypeError, ValueError) as exc:
            raise _UsageError(str(exc)) from None
        if args.json:
            _print_json(_response_json(app, response))
        else:
            _print_logs(response.logs)
            out = sys.stdout.buffer
            status = f"HTTP/1.1 {response.status_code} {response.reason}".rstrip()
            out.write(status.encode("latin-1") + b"\r\n")
            for name, value in response.headers.items():
                out.write(f"{name}: {value}".encode("latin-1", "replace") + b"\r\n")
            out.write(b"\r\n")
            out.write(response.content)
            if response.content and not response.content.endswith(b"\n"):
                out.write(b"\n")
            out.flush()
        if response.exception is not None:
            _print_traceback(response.exception)
            return EXIT_FUNCTION_FAILED
        return EXIT_OK
    finally:
        app.close()


# --- invoke -------------------------------------------------------------------------------


def _blob_trigger_path(app: App, function_name: str, paths: list[str]) -> Optional[str]:
    """The first of ``paths`` that fits a blob trigger's path pattern, if the function has one."""
    from .host.expressions import match_pattern, resolve_settings

    metadata = app.functions.get(function_name)
    if metadata is None or metadata.trigger.type.lower() != "blobtrigger":
        return None
    pattern = metadata.trigger.get("path")
    if not isinstance(pattern, str):
        return None
    try:
        pattern = resolve_settings(pattern, app.settings, where="path")
    except ValueError:
        return None
    for path in paths:
        if match_pattern(pattern, path) is not None:
            return path
    return None


def _result_json(app: App, result: InvocationResult) -> dict[str, Any]:
    from .host.converters import BindingConverter, get_converter

    metadata = app.functions[result.function_name]
    return_binding = metadata.binding("$return")
    converter = (
        get_converter(return_binding.type) if return_binding is not None else None
    ) or BindingConverter()
    returned = result.http_response if result.http_response is not None else result.return_value
    payload: dict[str, Any] = {
        "return": converter.describe(returned),
        "outputs": _describe_outputs(app, result.function_name, result.outputs),
        "logs": [entry.as_dict() for entry in result.logs],
        "invocation_id": result.invocation_id,
    }
    if result.exception is not None:
        payload["error"] = f"{type(result.exception).__name__}: {result.exception}"
    return payload


def _command_invoke(args: argparse.Namespace) -> int:
    from .host.converters import BindingConverter

    data = None if args.data is None else _read_value(args.data, "--data")
    blobs = _parse_blobs(args.blob)
    app = _load(args.app, args.storage)
    _seed(app, args)
    try:
        for path, content in blobs:
            app.storage.put_blob(path, content)
        blob_path = _blob_trigger_path(app, args.function, [path for path, _ in blobs])
        result = app.invoke(args.function, data, blob_path=blob_path)
        if args.json:
            _print_json(_result_json(app, result))
        else:
            _print_logs(result.logs)
            if result.exception is None and result.return_value is not None:
                shown = BindingConverter().describe(result.return_value)
                sys.stdout.write(f"{shown}\n")
            for name, value in _describe_outputs(
                app, result.function_name, result.outputs
            ).items():
                sys.stderr.write(f"[output {name}] {value}\n")
        if result.exception is not None:
            _print_traceback(result.exception)
            return EXIT_FUNCTION_FAILED
        return EXIT_OK
    finally:
        app.close()


# --- serve --------------------------------------------------------------------------------


def _add_serve_command(commands: Any) -> None:
    serve = commands.add_parser("serve", help="serve the app on a port, triggers live")
    serve.add_argument("app", metavar="APP", help="the function app folder")
    serve.add_argument("--host", default="127.0.0.1", help="the address (default 127.0.0.1)")
    serve.add_argument(
        "--port",
        type=int,
        help="the port (default: Host.LocalHttpPort of local.settings.json, else 7071)",
    )
    serve.add_argument("--reload", action="store_true", help="restart when a file changes")
    serve.add_argument("--storage", metavar="DIR", help=_STORAGE_HELP)
    serve.add_argument("--master-key", metavar="KEY", help="enforce keys; the admin key")
    serve.add_argument(
        "--function-key", action="append", default=[], metavar="KEY", help="a function key"
    )
    serve.set_defaults(run=_command_serve)


def _command_serve(args: argparse.Namespace) -> int:
    # The server and its extra load only for this command.
    from .serve.server import MISSING_EXTRA, ServeOptions, missing_modules, run, run_with_reload

    if missing_modules(args.reload):
        raise _UsageError(MISSING_EXTRA)
    options = ServeOptions(
        args.app,
        host=args.host,
        port=args.port,
        reload=args.reload,
        storage=args.storage,
        master_key=args.master_key,
        function_keys=args.function_key,
    )
    return run_with_reload(options) if args.reload else run(options)


# --- entry point --------------------------------------------------------------------------


_STORAGE_HELP = "keep blobs and queues as files in DIR, between runs (default: in memory)"

# What the Cosmos DB, table and SQL input bindings read: option, kind, what TARGET names.
_SEED_OPTIONS = (
    ("--documents", "documents", "DATABASE/CONTAINER", "Cosmos DB documents"),
    ("--table", "entities", "TABLE", "table entities"),
    ("--rows", "rows", "TABLE", "SQL rows"),
)


def _add_seed_options(parser: argparse.ArgumentParser) -> None:
    for option, kind, target, what in _SEED_OPTIONS:
        parser.add_argument(
            option,
            dest=f"seed_{kind}",
            action="append",
            default=[],
            metavar=f"{target}=FILE",
            help=f"{what} for input bindings, from a JSON file",
        )


def _seed(app: App, args: argparse.Namespace) -> None:
    """Seed the app's input data from --documents, --table and --rows (JSON files)."""
    for option, kind, target, _ in _SEED_OPTIONS:
        for value in getattr(args, f"seed_{kind}", []):
            name, equals, path = value.partition("=")
            if not equals or not name or not path:
                app.close()
                raise _UsageError(f"{option} {value!r}: expected {target}=FILE")
            try:
                app.seeded_data.load_file(kind, name, path.lstrip("@"))
            except ValueError as exc:
                app.close()
                raise _UsageError(f"{option} {value!r}: {exc}") from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m azure_functions_compat``."""
    parser = _Parser(
        prog="python -m azure_functions_compat",
        description="Run an Azure Functions app in process: list, call over HTTP, invoke.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    listing = commands.add_parser("list", help="list the app's functions")
    listing.add_argument("app", metavar="APP", help="the function app folder")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=_command_list)

    http = commands.add_parser("http", help="route an HTTP request to the app and run it")
    http.add_argument("app", metavar="APP", help="the function app folder")
    http.add_argument("method", metavar="METHOD", help="GET, POST ...")
    http.add_argument("path", metavar="PATH", help="the path with its query, e.g. /api/hello?x=1")
    http.add_argument(
        "-H", "--header", action="append", default=[], metavar="'Name: value'", help="a header"
    )
    http.add_argument("-d", "--data", metavar="BODY|@FILE", help="the request body")
    http.add_argument(
        "--blob", action="append", default=[], metavar="PATH=VALUE|@FILE", help="put a blob first"
    )
    http.add_argument("--storage", metavar="DIR", help=_STORAGE_HELP)
    _add_seed_options(http)
    http.add_argument("--json", action="store_true", help="print JSON")
    http.set_defaults(run=_command_http)

    invoke = commands.add_parser("invoke", help="run a non-HTTP function with a payload")
    invoke.add_argument("app", metavar="APP", help="the function app folder")
    invoke.add_argument("function", metavar="FUNCTION", help="the function's name")
    invoke.add_argument("--data", metavar="VALUE|@FILE", help="the trigger payload")
    invoke.add_argument(
        "--blob", action="append", default=[], metavar="PATH=VALUE|@FILE", help="put a blob first"
    )
    invoke.add_argument("--storage", metavar="DIR", help=_STORAGE_HELP)
    _add_seed_options(invoke)
    invoke.add_argument("--json", action="store_true", help="print JSON")
    invoke.set_defaults(run=_command_invoke)
    _add_serve_command(commands)
    return parser


def main(argv: Optional[list[str]] = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except _UsageError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_USAGE
    except (TypeError, ValueError) as exc:
        # AppLoadError, FunctionNotFoundError, UnsupportedBindingError and bad --blob paths
        # are all ValueErrors with a one-line message.
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_USAGE
    return status


__all__ = ["EXIT_FUNCTION_FAILED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]
