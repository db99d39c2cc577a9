"""The command line: list an app's functions, send it an HTTP request, invoke a function.

::

    python -m azure_functions_compat list   APP [--json] [--strict]
    python -m azure_functions_compat http   APP METHOD PATH [-H 'Name: value']...
                                            [-d BODY | -d @FILE] [--blob PATH=VALUE|@FILE]...
                                            [--storage DIR] [--json] [--fail] [--strict]
    python -m azure_functions_compat invoke APP FUNCTION [--data VALUE | --data @FILE]
                                            [--blob PATH=VALUE|@FILE]... [--storage DIR]
                                            [--json] [--strict]
    python -m azure_functions_compat --version

Apps load leniently, as the Functions host starts them: a function that cannot be loaded is
in error (``list`` shows it with its one-line error; ``http`` and ``invoke`` warn of it on
stderr and refuse to run it) and the others run. ``--strict`` fails the whole app instead.

Exit status: 0 when the request was answered or the function ran (whatever HTTP status it
returned); 1 when the function raised (its traceback goes to stderr) or the host refused the
invocation (a trigger payload or an output value the binding cannot take: one ``error:``
line on stderr, no traceback); 2 for a bad command line, an app that cannot be loaded (with
``--strict``, one function that cannot), an unknown function, a function in error or a
trigger the host cannot run (one ``error:`` line on stderr); 3 with ``http --fail`` when the
answer is a 4xx or 5xx status. ``list`` exits 0 when every function loaded and 1 when some
are in error.

``http`` sends the headers a real client sends: Host (that of PATH when it is a URL) and,
with a body, Content-Length and a Content-Type for JSON or a form; ``-H`` ones win.

``--json`` prints one JSON object on stdout; when the invocation failed (exit status 1) it
also has an ``"error"`` key, ``"<ExceptionType>: <message>"``. For ``http``, ``"body"`` is
the response body decoded with its charset, undecodable bytes replaced by U+FFFD; when the
body does not decode, ``"body_base64"`` holds its exact bytes too. What a function prints
joins its invocation's logs (stderr in plain mode), never stdout. Values on the command
line are taken as the bytes that were typed, whatever their encoding.
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
EXIT_HTTP_ERROR = 3

_LOCAL_BASE = "http://localhost:7071"


class _UsageError(Exception):
    """A problem with the command line or the app; printed as one line, exit status 2."""


def _read_value(text: str, what: str) -> bytes:
    """``VALUE`` as the bytes that were typed, or the content of FILE for ``@FILE``."""
    if text.startswith("@"):
        path = text[1:]
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
            reason = getattr(exc, "strerror", None) or str(exc)
            raise _UsageError(f"{what}: cannot read {_shown(path)}: {reason}") from None
    return _argument_bytes(text, what)


def _argument_bytes(text: str, what: str) -> bytes:
    """An argument as the bytes that were typed.

    Python decodes the command line with the file system encoding and keeps bytes that do
    not decode as lone surrogates; ``os.fsencode`` gives those exact bytes back.
    """
    import os

    try:
        return os.fsencode(text)
    except UnicodeEncodeError as exc:
        raise _UsageError(
            f"{what}: {_shown(text)} holds a character that is not text ({exc.reason})"
        ) from None


def _shown(text: str) -> str:
    """``repr`` of a user's argument, short and printable whatever it holds."""
    from ._validation import short_repr

    return short_repr(text, 80)


def _user_error(exc: BaseException, argument: str) -> _UsageError:
    """An error from inside the host, told as a problem with the ``argument`` the user typed.

    Our messages start with the name of the class and method that refused the value
    (``Storage.put_blob:``); the user typed ``--blob``, not that.
    """
    import re

    message = re.sub(r"^[A-Za-z_][\w.]*: ", "", str(exc), count=1)
    return _UsageError(f"{argument}: {message}")


def _parse_blobs(items: list[str]) -> list[tuple[str, bytes]]:
    blobs = []
    for item in items:
        path, equals, value = item.partition("=")
        if not equals or not path:
            raise _UsageError(f"--blob {_shown(item)}: expected container/path=VALUE or =@FILE")
        blobs.append((path, _read_value(value, f"--blob {path}")))
    return blobs


def _typed_text(text: str) -> str:
    """An argument whose bytes were not UTF-8, decoded as a server would: U+FFFD for them."""
    import os

    try:
        return os.fsencode(text).decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate no bytes made: left for the checks
        return text


def _typed_path(text: str) -> str:
    """PATH with bytes that are not UTF-8 percent-encoded, as an HTTP client sends them."""
    if text.isascii():
        return text
    import os
    from urllib.parse import quote

    try:
        raw = os.fsencode(text)
    except UnicodeEncodeError:
        return text
    if raw.decode("utf-8", "replace") == text:
        return text  # valid UTF-8 text: the host encodes it as it does for any client
    return quote(raw, safe="".join(chr(code) for code in range(33, 127)))


def _parse_headers(items: list[str]) -> list[tuple[str, str]]:
    headers = []
    for item in items:
        item = _typed_text(item)
        name, colon, value = item.partition(":")
        if not colon or not name.strip():
            raise _UsageError(f"-H {_shown(item)}: expected 'Name: value'")
        headers.append((name.strip(), value.strip()))
    return headers


def _json_or_form(body: bytes) -> Optional[str]:
    """The Content-Type a client would give ``body``: JSON (an object or array) or a form."""
    import re

    text = body.strip()
    if text[:1] in (b"{", b"["):
        import json

        try:
            json.loads(text)
        except ValueError:  # invalid JSON, or bytes that are not text
            return None
        return "application/json"
    if re.fullmatch(rb"[^\s=&]+=[^\s&]*(?:&[^\s=&]+=[^\s&]*)*", body) is not None:
        return "application/x-www-form-urlencoded"
    return None


def _client_headers(typed: list[tuple[str, str]], body: Optional[bytes]) -> list[tuple[str, str]]:
    """The typed headers, and for a JSON or form body the Content-Type a client would give it
    (the test client adds Host and Content-Length, as it does for any request)."""
    if body is None or any(name.lower() == "content-type" for name, _ in typed):
        return typed
    content_type = _json_or_form(body)
    return typed if content_type is None else [*typed, ("Content-Type", content_type)]


def _request_target(path: str, typed: list[tuple[str, str]]) -> tuple[str, str]:
    """The base URL the app sees (its authority is the Host header sent) and the path to send.

    A URL's scheme and authority become the base, as a client connecting there would send
    them; a typed Host header names the authority, as it does for a server behind it.
    """
    import re
    from urllib.parse import urlsplit

    scheme, authority = "http", _LOCAL_BASE.partition("://")[2]
    if not path.startswith("/"):
        split = urlsplit(path)
        # A URL with whitespace in it is left whole, for the path checks to refuse.
        if split.scheme in ("http", "https") and re.fullmatch(r"[!-~]+", split.netloc):
            scheme, authority = split.scheme, split.netloc.rpartition("@")[2]
            path = split._replace(scheme="", netloc="").geturl()
            if not path.startswith("/"):
                path = "/" + path
    typed_host = [value for name, value in typed if name.lower() == "host"]
    if typed_host:
        if re.fullmatch(r"[!-.0-~]+", typed_host[0]) is None:
            raise _UsageError(
                f"-H: Host must be a host name with an optional port, got {_shown(typed_host[0])}"
            )
        authority = typed_host[0]
    return f"{scheme}://{authority}", path


def _load(path: str, storage: Optional[str] = None, *, strict: bool = False) -> App:
    from .host import load_app

    # A folder, 'azure' or a connection string: load_app reads it as docs/storage.md says.
    # Lenient unless --strict: a broken function does not stop its healthy siblings.
    return load_app(path, storage=storage, lenient=not strict)


def _in_error_line(name: str, error: BaseException) -> str:
    """The line the host prints for a function in error, as the Functions host words it."""
    return f"The '{name}' function is in error: {error}"


def _warn_in_error(app: App, running: Optional[str] = None) -> None:
    """One stderr line per function in error, but ``running`` (whose own error follows)."""
    for name, error in app.load_errors.items():
        if name == running:
            continue
        _write_text(sys.stderr, f"warning: {_in_error_line(name, error)}\n")


def _put_blobs(app: App, blobs: list[tuple[str, bytes]]) -> None:
    for path, content in blobs:
        try:
            app.storage.put_blob(path, content)
        except (TypeError, ValueError) as exc:
            raise _user_error(exc, f"--blob {_shown(path)}") from None


def _json_default(value: Any) -> str:
    from ._validation import short_repr

    try:
        return str(value)
    except Exception:
        return short_repr(value)


def _to_json(value: Any, indent: Optional[int] = None) -> str:
    """JSON text of ``value`` that the terminal can print.

    Non-ASCII text stays readable; where stdout cannot encode it (a lone surrogate in a
    function's output, a terminal that is not UTF-8) it is written as ``\\u`` escapes.
    """
    import json

    text = json.dumps(value, indent=indent, ensure_ascii=False, default=_json_default)
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, indent=indent, ensure_ascii=True, default=_json_default)
    return text


def _print_json(value: Any) -> None:
    sys.stdout.write(_to_json(value, indent=2) + "\n")


def _shown_value(value: Any) -> str:
    """A value for a plain-mode line: a str as it is, anything else as JSON."""
    return value if isinstance(value, str) else _to_json(value)


def _write_text(stream: Any, text: str) -> None:
    """Write text a stream may not be able to encode (a lone surrogate) without failing."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(encoding, "backslashreplace").decode(encoding))


def _describe_outputs(app: App, function_name: str, outputs: dict[str, Any]) -> dict[str, Any]:
    from .host.converters import BindingConverter, get_converter

    if not outputs:
        return {}  # also for a function in error, which never ran
    metadata = app.functions[function_name]
    described = {}
    for name, value in outputs.items():
        binding = metadata.binding(name)
        converter = get_converter(binding.type) if binding is not None else None
        described[name] = (converter or BindingConverter()).describe(value)
    return described


def _print_logs(logs: list[Any]) -> None:
    for entry in logs:
        _write_text(sys.stderr, f"[{entry.level}] {entry.message}\n")


def _print_outputs(app: App, function_name: Optional[str], outputs: dict[str, Any]) -> None:
    if function_name is None:
        return
    for name, value in _describe_outputs(app, function_name, outputs).items():
        if name != "$return":  # printed once, on stdout, as the return value
            _write_text(sys.stderr, f"[output {name}] {_shown_value(value)}\n")


class _PrintedLines:
    """``sys.stdout`` while functions run: each printed line becomes a log record.

    A record made while an invocation runs joins that invocation's logs (the host captures
    records per invocation), so ``print()`` in a function can never corrupt ``--json``
    output. Text printed outside an invocation (at import time) goes to stderr.
    """

    encoding = "utf-8"
    errors = "strict"

    def __init__(self) -> None:
        import threading

        self._partial: dict[int, str] = {}
        self._busy = threading.local()

    def write(self, text: str) -> int:
        import threading

        if getattr(self._busy, "value", False):  # a log handler writing to us: stderr
            return sys.stderr.write(text)
        key = threading.get_ident()
        *lines, rest = (self._partial.pop(key, "") + text).split("\n")
        if rest:
            self._partial[key] = rest
        for line in lines:
            self._emit(line)
        return len(text)

    def _emit(self, line: str) -> None:
        import logging

        from .host.invocation import current_sink

        if current_sink() is None:  # no invocation would keep the record
            _write_text(sys.stderr, line + "\n")
            return
        self._busy.value = True
        try:
            logging.getLogger("print").info("%s", line)
        finally:
            self._busy.value = False

    def flush(self) -> None:
        for key in list(self._partial):
            self._emit(self._partial.pop(key))

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


class _FunctionOutput:
    """While functions run, send what they print to their logs instead of stdout."""

    def __enter__(self) -> None:
        self._saved = sys.stdout
        self._printed = _PrintedLines()
        sys.stdout = self._printed

    def __exit__(self, *exc_info: object) -> None:
        self._printed.flush()
        sys.stdout = self._saved


def _print_traceback(exc: BaseException) -> None:
    """The function's own traceback; one line when the host itself refused the call."""
    from .host import BindingError, FunctionLoadError

    if isinstance(exc, (BindingError, FunctionLoadError)):
        # A payload the trigger cannot take, an output the binding cannot hold: the message
        # names the function, the file and the binding; our own frames would only hide it.
        sys.stderr.write(f"error: {exc}\n")
        return
    import traceback

    traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)


# --- list ---------------------------------------------------------------------------------


def _unsupported_note(app: App, name: str) -> str:
    """What the host cannot run in function ``name``: its trigger, or which input."""
    from .host.converters import get_converter

    metadata = app.functions[name]
    if get_converter(metadata.trigger.type) is not None:
        for binding in metadata.bindings:
            if binding.direction == "in" and get_converter(binding.type) is None:
                return f"{binding.type} input not supported by this host"
    return "trigger not supported by this host"


def _list_row(app: App, name: str, metadata: Any, error: Optional[str]) -> dict[str, Any]:
    """One function of ``list``; ``metadata`` is None for a function.json that did not read."""
    from .host.loader import display

    if metadata is None:
        return {
            "name": name,
            "trigger": None,
            "route": None,
            "methods": None,
            "auth_level": None,
            "script_file": None,
            "entry_point": None,
            "disabled": False,
            "supported": False,
            "bindings": [],
            "error": error,
        }
    return {
        "name": name,
        "trigger": metadata.trigger.type,
        "route": app.full_route(metadata),
        "methods": list(metadata.methods) if metadata.methods else None,
        "auth_level": metadata.auth_level,
        "script_file": display(app.root, metadata.script_file),
        "entry_point": metadata.entry_point,
        "disabled": metadata.disabled,
        "supported": error is None and app.can_run(name),
        "bindings": [
            {"name": b.name, "type": b.type, "direction": b.direction} for b in metadata.bindings
        ],
        "error": error,
    }


def _command_list(args: argparse.Namespace) -> int:
    app = _load(args.app, strict=args.strict)
    try:
        rows = [_list_row(app, name, metadata, None) for name, metadata in app.functions.items()]
        rows += [
            _list_row(app, name, error.metadata, str(error))
            for name, error in app.load_errors.items()
        ]
    finally:
        app.close()
    # Some function in error: the list is printed, and the status says it is not whole.
    status = EXIT_FUNCTION_FAILED if app.load_errors else EXIT_OK
    if args.json:
        _print_json(rows)
        return status
    lines = ["Functions:", ""]
    for row in rows:
        notes = []
        if row["error"] is not None:
            # Its route or trigger when its function.json could be read.
            shown = f"{_LOCAL_BASE}/{row['route']}" if row["route"] is not None else row["trigger"]
            text = f"{row['name']}: {shown or 'function.json not read'}"
            notes.append("in error")
        elif row["route"] is not None:
            methods = f"[{','.join(row['methods'])}] " if row["methods"] else ""
            text = f"{row['name']}: {methods}{_LOCAL_BASE}/{row['route']}"
            notes.append(f"authLevel: {row['auth_level']}")
        else:
            text = f"{row['name']}: {row['trigger']}"
        if row["error"] is None and not row["supported"]:
            notes.append(_unsupported_note(app, row["name"]))
        if row["disabled"]:
            notes.append("disabled")
        if notes:
            text += f"  ({'; '.join(notes)})"
        lines.append(f"\t{text}")
        lines.append("")
    lines += [_in_error_line(name, error) for name, error in app.load_errors.items()]
    if app.load_errors:
        lines.append("")
    _write_text(sys.stdout, "\n".join(lines))
    return status


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


def _request_error(exc: BaseException) -> _UsageError:
    """A refused request, named after the argument that holds the bad part."""
    import re

    message = re.sub(r"^[A-Za-z_][\w.]*: ", "", str(exc), count=1)
    if message.startswith(("a header", "the value of header", "headers")):
        return _UsageError(f"-H: {message}")
    if message.startswith(("data", "body")):
        return _UsageError(f"-d: {message}")
    return _UsageError(message)  # "method ..." or "path ...": the message names it already


def _routes_note(app: App, method: str, path: str) -> str:
    """Lines for stderr after a 404: the routes the app has, nearest to ``path`` first."""
    import difflib

    routes = []
    for metadata in app.functions.values():
        route = app.full_route(metadata)
        if route is not None:
            methods = ",".join(metadata.methods) if metadata.methods else "any method"
            routes.append((f"/{route}", methods))
    if not routes:
        return f"note: no function answers {method} {path}: the app has no HTTP functions\n"
    asked = path.partition("?")[0].lower()
    routes.sort(key=lambda item: -difflib.SequenceMatcher(None, asked, item[0].lower()).ratio())
    shown = routes[:10]
    lines = [f"note: no route matches {method} {_shown(path)}; the app's routes, nearest first:"]
    lines += [f"  {route}  ({methods})" for route, methods in shown]
    if len(routes) > len(shown):
        lines.append(f"  ... and {len(routes) - len(shown)} more (see the list command)")
    return "\n".join(lines) + "\n"


def _command_http(args: argparse.Namespace) -> int:
    headers = _parse_headers(args.header)
    body = None if args.data is None else _read_value(args.data, "-d")
    blobs = _parse_blobs(args.blob)
    with _FunctionOutput():
        app = _load(args.app, args.storage, strict=args.strict)
    _seed(app, args)
    try:
        _put_blobs(app, blobs)
        with _FunctionOutput():
            try:
                base_url, path = _request_target(_typed_path(args.path), headers)
                client = app.test_client(base_url=base_url)
                response = client.request(
                    args.method, path, headers=_client_headers(headers, body), data=body
                )
            except (TypeError, ValueError) as exc:
                raise _request_error(exc) from None
        _warn_in_error(app, response.function_name)
        # A HEAD answer has the headers of a GET, Content-Length included, and no body.
        head = args.method.upper() == "HEAD"
        if args.json:
            printed = _response_json(app, response)
            if head:
                printed["body"] = ""
                printed.pop("body_base64", None)
            _print_json(printed)
        else:
            _print_logs(response.logs)
            if response.invocation is not None:
                _print_outputs(app, response.function_name, response.invocation.outputs)
            out = sys.stdout.buffer
            status = f"HTTP/1.1 {response.status_code} {response.reason}".rstrip()
            out.write(status.encode("latin-1") + b"\r\n")
            for name, value in response.headers.items():
                out.write(f"{name}: {value}".encode("latin-1", "replace") + b"\r\n")
            out.write(b"\r\n")
            if not head:
                out.write(response.content)
                if response.content and not response.content.endswith(b"\n"):
                    out.write(b"\n")
            out.flush()
        if response.status_code == 404 and response.function_name is None:
            sys.stderr.write(_routes_note(app, args.method, args.path))
        if response.exception is not None:
            _print_traceback(response.exception)
            from .host import FunctionLoadError

            if isinstance(response.exception, FunctionLoadError):
                # As invoke: the host cannot run a function in error at all.
                return EXIT_USAGE
            return EXIT_FUNCTION_FAILED
        if args.fail and response.status_code >= 400:
            return EXIT_HTTP_ERROR
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


def _check_invocable(app: App, function_name: str) -> None:
    """Refuse, in one line, what ``invoke`` cannot do and the http command can."""
    metadata = app.functions.get(function_name)
    if metadata is None:
        return  # app.invoke names the functions there are
    if metadata.trigger.type.lower() == "httptrigger":
        route = app.full_route(metadata)
        raise _UsageError(
            f"function {function_name!r} has an HTTP trigger: call it with the http command,"
            f" e.g. http APP GET /{route}"
        )


def _command_invoke(args: argparse.Namespace) -> int:
    from .host.converters import BindingConverter

    data = None if args.data is None else _read_value(args.data, "--data")
    blobs = _parse_blobs(args.blob)
    with _FunctionOutput():
        app = _load(args.app, args.storage, strict=args.strict)
    _seed(app, args)
    try:
        _warn_in_error(app, args.function)
        _check_invocable(app, args.function)
        _put_blobs(app, blobs)
        blob_path = _blob_trigger_path(app, args.function, [path for path, _ in blobs])
        with _FunctionOutput():
            result = app.invoke(args.function, data, blob_path=blob_path)
        if args.json:
            _print_json(_result_json(app, result))
        else:
            _print_logs(result.logs)
            if result.exception is None and result.return_value is not None:
                shown = BindingConverter().describe(result.return_value)
                _write_text(sys.stdout, f"{_shown_value(shown)}\n")
            _print_outputs(app, result.function_name, result.outputs)
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
    _add_strict_option(serve)
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
        strict=args.strict,
    )
    return run_with_reload(options) if args.reload else run(options)


# --- entry point --------------------------------------------------------------------------


_STORAGE_HELP = (
    "keep blobs and queues as files in DIR, between runs (default: in memory); or 'azure' "
    "(the account in the app's AzureWebJobsStorage), or a storage connection string"
)

# What the Cosmos DB, table and SQL input bindings read: option, kind, what TARGET names.
_SEED_OPTIONS = (
    ("--documents", "documents", "DATABASE/CONTAINER", "Cosmos DB documents"),
    ("--table", "entities", "TABLE", "table entities"),
    ("--rows", "rows", "TABLE", "SQL rows"),
)


def _add_strict_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail when any function cannot be loaded (default: mark it in error, run the rest)",
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
    """Seed the app's input data from --documents, --table and --rows (JSON files).

    With an Azure storage the ``table`` bindings use the account's tables, so ``--table``
    entities are written there (replacing entities with the same keys) before the run.
    """
    from .host.storage.azure import AzureStorage

    storage = app.storage
    for option, kind, target, _ in _SEED_OPTIONS:
        for value in getattr(args, f"seed_{kind}", []):
            name, equals, path = value.partition("=")
            if not equals or not name or not path:
                app.close()
                raise _UsageError(f"{option} {value!r}: expected {target}=FILE")
            try:
                if kind == "entities" and isinstance(storage, AzureStorage):
                    _seed_account_table(storage, name, path.lstrip("@"))
                else:
                    app.seeded_data.load_file(kind, name, path.lstrip("@"))
            except ValueError as exc:
                app.close()
                raise _UsageError(f"{option} {value!r}: {exc}") from None


def _seed_account_table(storage: Any, table: str, path: str) -> None:
    """Write the entities of the JSON file ``path`` into ``table`` of an Azure account, each
    replacing an entity with its keys (as seeding in memory does). ValueError (StorageError
    among them) naming the file or the account when that cannot be done."""
    from .host.seeded import SeededData
    from .host.storage.azure_tables import check_table_name

    check_table_name("--table", table)
    checked = SeededData()
    checked.load_file("entities", table, path)  # the same checks as in memory
    entities = [
        {
            **{
                key: value
                for key, value in entity.items()
                if key.lower() not in ("etag", "timestamp")
            },
            "ETag": "*",
        }
        for entity in checked.entities(table)
    ]
    storage.tables.add_entities(table, entities)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def program_name() -> str:
    """The program as it was run: ``python -m azure_functions_compat`` or the script's name."""
    import os

    main_module = sys.modules.get("__main__")
    spec = getattr(main_module, "__spec__", None)
    if getattr(spec, "name", "").startswith("azure_functions_compat"):
        return "python -m azure_functions_compat"
    script = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    if script.endswith((".py", ".exe")):
        script = script.rsplit(".", 1)[0]
    return script if script.startswith("azure-functions-compat") else "azure-functions-compat"


def _version() -> str:
    import platform

    try:
        from importlib.metadata import PackageNotFoundError, version

        ours = version("azure-functions-compat")
    except (ImportError, PackageNotFoundError):
        ours = "unknown"
    return f"azure-functions-compat {ours} (Python {platform.python_version()})"


def build_parser(prog: Optional[str] = None) -> argparse.ArgumentParser:
    """The argument parser of the command line; ``prog`` names it in usage lines."""
    parser = _Parser(
        prog=prog or program_name(),
        description="Run an Azure Functions app in process: list, call over HTTP, invoke.",
    )
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    listing = commands.add_parser("list", help="list the app's functions")
    listing.add_argument("app", metavar="APP", help="the function app folder")
    listing.add_argument("--json", action="store_true", help="print JSON")
    _add_strict_option(listing)
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
    http.add_argument(
        "--fail", action="store_true", help=f"exit {EXIT_HTTP_ERROR} on a 4xx or 5xx answer"
    )
    _add_strict_option(http)
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
    _add_strict_option(invoke)
    invoke.set_defaults(run=_command_invoke)
    _add_serve_command(commands)
    from .durable.command import add_command as add_durable_command

    add_durable_command(commands)
    return parser


def _at_file(value: str) -> str:
    """``@FILE`` with FILE made absolute; any other value as it is."""
    import os

    return "@" + os.path.abspath(value[1:]) if value.startswith("@") and value[1:] else value


def _named_file(value: str) -> str:
    """``NAME=FILE`` with FILE made absolute; anything else as it is (for _seed to refuse)."""
    import os

    name, equals, path = value.partition("=")
    return f"{name}={os.path.abspath(path.lstrip('@'))}" if equals and path.lstrip("@") else value


def _enter_app_folder(args: argparse.Namespace) -> Optional[str]:
    """Make the app folder the working directory, as the Functions host makes it the worker's.

    An app may open files by relative paths (``open("data.json")``, ``os.path.curdir``)
    that work under ``func start`` and in Azure. The files and folders named on the command
    line are made absolute first, so they keep meaning what was typed. Returns the working
    directory to go back to, or None when the app folder is not a folder.
    """
    import os

    from .host.storage.choose import looks_like_connection_string

    root = os.path.abspath(args.app)
    if not os.path.isdir(root):
        return None  # load_app says what is wrong with it
    args.app = root
    if getattr(args, "data", None) is not None:
        args.data = _at_file(args.data)
    if getattr(args, "blob", None):
        args.blob = [
            f"{path}={_at_file(value)}" if equals else item
            for item, (path, equals, value) in ((item, item.partition("=")) for item in args.blob)
        ]
    storage = getattr(args, "storage", None)
    if (
        storage
        and storage not in ("memory", "azure")
        and not looks_like_connection_string(storage)
    ):
        args.storage = os.path.abspath(storage)
    for _, kind, _, _ in _SEED_OPTIONS:
        values = getattr(args, f"seed_{kind}", None)
        if values:
            setattr(args, f"seed_{kind}", [_named_file(value) for value in values])
    previous = os.getcwd()
    os.chdir(root)
    return previous


def main(argv: Optional[list[str]] = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status.

    ``list``, ``http``, ``invoke``, ``serve`` and ``durable`` run with the app folder as the
    working directory, as the Functions host runs the worker, and go back to the one they
    found.
    """
    import os

    from .durable.command import run_command as _command_durable

    args = build_parser().parse_args(argv)
    previous = None
    in_app_folder = (
        _command_list,
        _command_http,
        _command_invoke,
        _command_serve,
        _command_durable,
    )
    try:
        if args.run in in_app_folder:
            previous = _enter_app_folder(args)
        status: int = args.run(args)
    except _UsageError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_USAGE
    except (TypeError, ValueError) as exc:
        # AppLoadError, FunctionNotFoundError, UnsupportedBindingError and bad --blob paths
        # are all ValueErrors with a one-line message.
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_USAGE
    finally:
        if previous is not None:
            os.chdir(previous)
    return status


__all__ = [
    "EXIT_FUNCTION_FAILED",
    "EXIT_HTTP_ERROR",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "main",
    "program_name",
]
