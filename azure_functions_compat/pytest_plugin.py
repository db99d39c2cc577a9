"""pytest fixtures for testing Azure Functions code (loaded through the ``pytest11`` entry point).

Installing ``azure-functions-compat`` is enough: pytest loads this plugin by itself. It offers

* ``http_request``: a builder of :class:`~azure_functions_compat.HttpRequest` objects;
* ``function_context``: a :class:`~azure_functions_compat.Context` for the running test;
* ``out``: a factory of :class:`~azure_functions_compat.Out` boxes;
* ``invocation_logs``: the log records of one invocation, on top of pytest's ``caplog``;
* ``azurite``: the connection string of an Azurite (Azure Storage emulator) started once per
  test session, in memory, on free loopback ports (skipped when Node.js or Azurite is absent);

and the options ``--no-azure-functions-dropin`` / ini ``azure_functions_dropin = false``, which
turn the drop-in off (``import azure.functions`` then needs the real package). This module
imports the binding types only when a fixture is used, so pytest start-up stays cheap.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable, NoReturn, Optional, Union

import pytest

from . import dropin
from ._validation import fail_type, fail_value

if TYPE_CHECKING:
    from .context import Context
    from .http import HeadersInput, HttpRequest
    from .out import Out

__all__ = ["CapturedLogs", "InvocationLogs"]

_MISSING: Any = object()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--no-azure-functions-dropin`` and the ini key ``azure_functions_dropin``."""
    group = parser.getgroup("azure-functions-compat")
    group.addoption(
        "--no-azure-functions-dropin",
        action="store_true",
        default=False,
        help="do not make `import azure.functions` resolve to azure_functions_compat",
    )
    parser.addini(
        "azure_functions_dropin",
        type="bool",
        default=True,
        help="make `import azure.functions` resolve to azure_functions_compat where the real "
        "package is absent (default: true)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Apply the drop-in options before any test module is imported."""
    if config.getoption("no_azure_functions_dropin") or not config.getini(
        "azure_functions_dropin"
    ):
        dropin.uninstall()
    elif dropin.enabled_by_environment():
        # A plugin loaded with -p from a source checkout has no .pth to rely on.
        dropin.install()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Where the real package is imported too, let it accept our objects (a cheap no-op else)."""
    dropin.register_virtual_subclasses()


def _build_http_request(
    method: str = "GET",
    url: str = "/api/test",
    *,
    json: Any = _MISSING,
    body: Union[bytes, str, None] = None,
    headers: HeadersInput = None,
    params: Optional[Mapping[str, str]] = None,
    route_params: Optional[Mapping[str, str]] = None,
) -> HttpRequest:
    from .http import HttpRequest

    owner = "http_request"
    if json is not _MISSING:
        if body is not None:
            raise fail_value(owner, "body", "None when json is given", body)
        from ._requests import json_body, with_content_type

        body = json_body(owner, json)
        headers = with_content_type(headers, "application/json")
    elif isinstance(body, str):
        body = body.encode("utf-8")
    elif body is None:
        body = b""
    elif not isinstance(body, (bytes, bytearray, memoryview)):
        raise fail_type(owner, "body", "bytes, a str or None", body)
    return HttpRequest(
        method,
        url,
        headers=headers,
        params=params,
        route_params=route_params,
        body=bytes(body),
    )


@pytest.fixture
def http_request() -> Callable[..., HttpRequest]:
    """A builder of HttpRequest objects with friendly defaults.

    ``http_request(method="GET", url="/api/test", *, json=..., body=None, headers=None,
    params=None, route_params=None)``. ``json`` is serialised to the body and sets
    ``Content-Type: application/json`` unless a content type is given; a value JSON cannot
    hold raises TypeError (a set, an object) or ValueError (NaN, a circular reference), as
    the host's test client does. ``body`` may be bytes or a str (encoded as UTF-8). Giving
    both raises ValueError.
    """
    return _build_http_request


@pytest.fixture
def function_context(request: pytest.FixtureRequest) -> Context:
    """A Context for the running test: a fresh invocation id, the test's name and folder."""
    import uuid

    from .context import Context

    return Context(
        invocation_id=str(uuid.uuid4()),
        function_name=request.node.name,
        function_directory=str(request.path.parent),
    )


@pytest.fixture
def out() -> Callable[[], Out[Any]]:
    """A factory of empty ``Out`` boxes: ``box = out()``, pass it, then ``box.get()``."""
    from .out import Out

    def make() -> Out[Any]:
        return Out()

    return make


class CapturedLogs:
    """The log records emitted inside one ``invocation_logs.capture()`` block.

    ``records`` are the ``logging.LogRecord`` objects, ``messages`` their formatted messages,
    ``text`` one ``LEVEL logger: message`` line per record.
    """

    __slots__ = ("records",)

    def __init__(self) -> None:
        self.records: list[logging.LogRecord] = []

    @property
    def messages(self) -> list[str]:
        """The message of each record, with its arguments filled in."""
        return [record.getMessage() for record in self.records]

    @property
    def text(self) -> str:
        """Each record as ``LEVEL logger: message``, one per line."""
        return "\n".join(
            f"{record.levelname} {record.name}: {record.getMessage()}" for record in self.records
        )

    def __repr__(self) -> str:
        return f"<CapturedLogs {len(self.records)} records>"


class InvocationLogs:
    """What the ``invocation_logs`` fixture gives: capture the logs of one invocation at a time."""

    __slots__ = ("_caplog",)

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        self._caplog = caplog

    @contextmanager
    def capture(
        self, level: Union[int, str] = logging.INFO, logger: Optional[str] = None
    ) -> Iterator[CapturedLogs]:
        """Collect the records logged inside the ``with`` block, at ``level`` and above.

        ``level`` defaults to INFO (the Functions host's default); ``logger`` is the logger to
        capture (default: the root logger, so every logger). The result fills in when the
        block ends, even if it raises.
        """
        captured = CapturedLogs()
        handler = self._caplog.handler
        start = len(handler.records)
        try:
            with self._caplog.at_level(level, logger=logger):
                yield captured
        finally:
            captured.records.extend(handler.records[start:])


@pytest.fixture
def invocation_logs(caplog: pytest.LogCaptureFixture) -> InvocationLogs:
    """Capture the log records of one invocation: ``with invocation_logs.capture() as logs:``."""
    return InvocationLogs(caplog)


# --- Azurite ------------------------------------------------------------------------------

#: Set to 1 (as CI does) to fail, rather than skip, tests that need Azurite when it is absent.
REQUIRE_AZURITE = "AZURE_FUNCTIONS_COMPAT_REQUIRE_AZURITE"
#: The connection string of an Azurite already running, for the fixture to use instead.
RUNNING_AZURITE = "AZURE_FUNCTIONS_COMPAT_AZURITE"

_AZURITE_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)


def find_azurite(start: Optional[str] = None) -> Optional[str]:
    """The ``azurite`` command: on PATH, else in a ``node_modules/.bin`` of ``start`` (the
    current folder by default) or of a folder above it; None when there is none."""
    import os
    import shutil

    found = shutil.which("azurite")
    if found:
        return found
    folder = os.path.abspath(start or os.getcwd())
    while True:
        for name in ("azurite", "azurite.cmd"):
            candidate = os.path.join(folder, "node_modules", ".bin", name)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _free_ports(count: int) -> list[int]:
    import socket

    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _azurite_missing(reason: str) -> NoReturn:
    import os

    if os.environ.get(REQUIRE_AZURITE) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_AZURITE}=1 requires it", pytrace=False)
    pytest.skip(reason)


@contextmanager
def run_azurite(command: str, *, timeout: float = 60.0) -> Iterator[str]:
    """Start Azurite (``command``) in memory on free loopback ports; yield its connection
    string; stop it. Raises RuntimeError when it does not start within ``timeout`` seconds."""
    import socket
    import subprocess
    import tempfile
    import time

    ports = _free_ports(3)
    with tempfile.TemporaryDirectory(prefix="azurite-") as workspace:
        arguments = [
            command,
            "--silent",
            "--inMemoryPersistence",
            "--skipApiVersionCheck",
            "--loose",
            "--disableTelemetry",
        ]
        for service, port in zip(("blob", "queue", "table"), ports):
            arguments += [f"--{service}Host", "127.0.0.1", f"--{service}Port", str(port)]
        log_path = f"{workspace}/azurite.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                arguments, stdout=log, stderr=subprocess.STDOUT, cwd=workspace
            )
        try:
            deadline = time.monotonic() + timeout
            waiting = list(ports)
            while waiting:
                if process.poll() is not None or time.monotonic() > deadline:
                    with open(log_path, "rb") as log_file:
                        output = log_file.read().decode("utf-8", "replace").strip()
                    last = output.splitlines()[-1] if output else "no output"
                    state = "exited" if process.poll() is not None else "did not start"
                    raise RuntimeError(f"Azurite ({command}) {state}: {last}")
                try:
                    socket.create_connection(("127.0.0.1", waiting[0]), timeout=1).close()
                    waiting.pop(0)
                except OSError:
                    time.sleep(0.1)
            blob, queue, table = (f"http://127.0.0.1:{port}/devstoreaccount1" for port in ports)
            yield (
                "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                f"AccountKey={_AZURITE_KEY};BlobEndpoint={blob};QueueEndpoint={queue};"
                f"TableEndpoint={table};"
            )
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def azurite_command(*folders: str) -> str:
    """The ``azurite`` command (see :func:`find_azurite`, tried from each folder); skips the
    test, saying why, when Node.js or Azurite is absent (fails when that is required)."""
    import shutil

    if shutil.which("node") is None:
        _azurite_missing("Azurite needs Node.js, which is not installed (no `node` on PATH)")
    for folder in folders:
        command = find_azurite(folder)
        if command is not None:
            return command
    _azurite_missing(
        "Azurite is not installed (no `azurite` on PATH or in node_modules/.bin): "
        "npm install azurite"
    )
    raise AssertionError("unreachable: pytest.skip raises")


@pytest.fixture(scope="session")
def azurite(request: pytest.FixtureRequest) -> Iterator[str]:
    """The connection string of an Azurite started for this test session (in memory).

    Azurite (the npm package ``azurite``) is found on PATH or in a ``node_modules`` of the
    test run's root folder, the folder pytest was started in, or a folder above either; the
    fixture skips, saying why, when Node.js or Azurite is not installed (fails instead when
    AZURE_FUNCTIONS_COMPAT_REQUIRE_AZURITE=1). When AZURE_FUNCTIONS_COMPAT_AZURITE holds the
    connection string of an Azurite already running, that one is used. Every test of the
    session shares it: use names of your own for containers and queues.
    """
    import os

    running = os.environ.get(RUNNING_AZURITE)
    if running:
        yield running
        return
    command = azurite_command(
        str(request.config.rootpath), str(request.config.invocation_params.dir)
    )
    with run_azurite(command) as connection_string:
        yield connection_string
