"""``serve``: run an app's ASGI application on uvicorn, with a banner like Core Tools'."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
from typing import TYPE_CHECKING, Any, Optional

from .config import ServeConfig

if TYPE_CHECKING:
    from ..host.app import App
    from .asgi import FunctionsASGI

# The options of a --reload run travel to the reloaded process in this variable (JSON).
_RELOAD_OPTIONS = "AZURE_FUNCTIONS_COMPAT_SERVE_OPTIONS"
MISSING_EXTRA = (
    'serve needs the [serve] extra: pip install "azure-functions-compat[serve]" '
    "(uvicorn, watchfiles, croniter)"
)


class ServeOptions:
    """What the ``serve`` command line gives: the app, address, storage, keys, strictness.

    ``strict`` makes a function that cannot be loaded fail the whole app; by default it is
    marked in error and the other functions are served, as the Functions host does.
    """

    __slots__ = (
        "app",
        "function_keys",
        "host",
        "master_key",
        "port",
        "reload",
        "storage",
        "strict",
    )

    def __init__(
        self,
        app: str,
        *,
        host: str = "127.0.0.1",
        port: Optional[int] = None,
        reload: bool = False,
        storage: Optional[str] = None,
        master_key: Optional[str] = None,
        function_keys: Optional[list[str]] = None,
        strict: bool = False,
    ) -> None:
        self.app = app
        self.strict = strict
        self.host = host
        self.port = port
        self.reload = reload
        self.storage = storage
        self.master_key = master_key
        self.function_keys = function_keys or []

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


def missing_modules(reload: bool = False) -> list[str]:
    """The modules of the [serve] extra that cannot be imported (without importing them)."""
    import importlib.util

    wanted = ["uvicorn", "croniter"] + (["watchfiles"] if reload else [])
    return [name for name in wanted if importlib.util.find_spec(name) is None]


def build(options: ServeOptions) -> FunctionsASGI:
    """Load the app the options name and wrap it in its ASGI application."""
    from ..host import load_app
    from .asgi import FunctionsASGI

    # --storage: a folder, 'azure' or a connection string, read as the other commands do.
    app = load_app(
        options.app,
        storage=options.storage,
        function_keys=options.function_keys or None,
        master_key=options.master_key,
        lenient=not options.strict,
    )
    return FunctionsASGI(app, master_key=options.master_key)


def banner(app: App, base: str) -> str:
    """The list of functions, each with its URL or its trigger, as Core Tools prints it.

    Then a line for each function in error, worded as the Functions host logs it.
    """
    lines = ["", "Functions:", ""]
    for name, metadata in app.functions.items():
        if metadata.disabled:
            lines.append(f"\t{name}: {metadata.trigger.type} (disabled)")
        elif metadata.is_http:
            methods = f"[{','.join(metadata.methods)}] " if metadata.methods else ""
            lines.append(f"\t{name}: {methods}{base}/{app.full_route(metadata)}")
        else:
            lines.append(f"\t{name}: {metadata.trigger.type}")
        lines.append("")
    for name, error in app.load_errors.items():
        lines.append(f"The '{name}' function is in error: {error}")
    if app.load_errors:
        lines.append("")
    return "\n".join(lines)


def _shown_host(host: str) -> str:
    return "localhost" if host in ("0.0.0.0", "::", "127.0.0.1") else host


def run(options: ServeOptions) -> int:
    """Serve until SIGINT or SIGTERM; the exit status (0 after a graceful shutdown)."""
    import uvicorn

    application = build(options)
    port = options.port if options.port is not None else application.config.port
    config = uvicorn.Config(
        application,
        host=options.host,
        port=port,
        lifespan="on",
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=int(application.shutdown_timeout),
    )

    class Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            if not self.started:
                return
            bound = port
            for server in self.servers:
                for sock in server.sockets:
                    bound = sock.getsockname()[1]
            base = f"http://{_shown_host(options.host)}:{bound}"
            application.served_at(base)
            text = banner(application.app, base)
            sys.stdout.write(f"{text}\nHost started on {base} (Ctrl+C to stop).\n")
            sys.stdout.flush()

    server = Server(config)
    _check_port(options.host, port)
    if port:
        # Known before any trigger runs (a port of 0 is known once bound, above).
        application.served_at(f"http://{_shown_host(options.host)}:{port}")
    # SIGTERM ends the process as quietly as Ctrl+C once uvicorn has shut down gracefully.
    previous = signal.signal(signal.SIGTERM, _exit_quietly)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    if not server.started:
        return 1
    if application.busy:
        # Invocations that outlived the shutdown bound hold threads that would keep the
        # interpreter from exiting.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    return 0


def _check_port(host: str, port: int) -> None:
    """ValueError (one line) when ``host:port`` cannot be listened on.

    A trial bind, closed at once: uvicorn then binds the port itself (a socket handed to it
    instead answered each request about 40 ms late).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise ValueError(f"serve: cannot listen on {host}:{port}: {reason}") from None


def _exit_quietly(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def run_with_reload(options: ServeOptions) -> int:
    """Serve in a child process that restarts when a file of the app changes."""
    import json

    import uvicorn

    root = os.path.abspath(options.app)
    config = ServeConfig.from_folder(root)
    port = options.port if options.port is not None else config.port
    os.environ[_RELOAD_OPTIONS] = json.dumps(options.as_dict())
    sys.stdout.write(
        f"Watching {root} for changes; serving on http://{_shown_host(options.host)}:{port}\n"
    )
    sys.stdout.flush()
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(
            "azure_functions_compat.serve.server:reloaded_application",
            factory=True,
            host=options.host,
            port=port,
            reload=True,
            reload_dirs=[root],
            reload_includes=["*.py", "*.json"],
            lifespan="on",
            access_log=False,
            log_level="warning",
        )
    return 0


def reloaded_application() -> FunctionsASGI:
    """The application factory a --reload child process runs (options from the parent)."""
    import json

    options = ServeOptions(**json.loads(os.environ[_RELOAD_OPTIONS]))
    application = build(options)
    port = options.port if options.port is not None else application.config.port
    base = f"http://{_shown_host(options.host)}:{port}"
    application.served_at(base)
    # The parent holds the socket already: the app is served as soon as this returns.
    sys.stdout.write(f"{banner(application.app, base)}\nHost started on {base} (reloading).\n")
    sys.stdout.flush()
    return application


__all__ = ["MISSING_EXTRA", "ServeOptions", "banner", "build", "run", "run_with_reload"]
