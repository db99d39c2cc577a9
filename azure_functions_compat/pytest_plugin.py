"""pytest fixtures for testing Azure Functions code (loaded through the ``pytest11`` entry point).

Installing ``azure-functions-compat`` is enough: pytest loads this plugin by itself. It offers

* ``http_request``: a builder of :class:`~azure_functions_compat.HttpRequest` objects;
* ``function_context``: a :class:`~azure_functions_compat.Context` for the running test;
* ``out``: a factory of :class:`~azure_functions_compat.Out` boxes;
* ``invocation_logs``: the log records of one invocation, on top of pytest's ``caplog``;

and the options ``--no-azure-functions-dropin`` / ini ``azure_functions_dropin = false``, which
turn the drop-in off (``import azure.functions`` then needs the real package). This module
imports the binding types only when a fixture is used, so pytest start-up stays cheap.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

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
