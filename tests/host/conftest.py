"""Helpers for host tests: write a small function app into a temporary folder."""

from __future__ import annotations

import json
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable, Optional

import pytest

from azure_functions_compat.host import App, load_app

HTTP_BINDINGS = [
    {"name": "req", "type": "httpTrigger", "direction": "in", "authLevel": "anonymous"},
    {"name": "$return", "type": "http", "direction": "out"},
]


QUEUE_TRIGGER = {"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": "inbox"}


def run_in_thread(call: Callable[[], Any], timeout: float = 20.0) -> Any:
    """Run ``call`` on a daemon thread; fail the test (instead of hanging it) on a timeout."""
    outcome: list[Any] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "the call never returned"
    if failure:
        raise failure[0]
    return outcome[0]


def write_app(
    root: Path,
    functions: dict[str, tuple[Any, str]],
    *,
    host: Optional[dict[str, Any]] = None,
    settings: Optional[dict[str, Any]] = None,
    files: Optional[dict[str, str]] = None,
) -> Path:
    """Write host.json, local.settings.json and one folder per function.

    ``functions`` maps a folder name to (function.json content, __init__.py source); a
    function.json given as a str is written as is (to test invalid JSON), a list is taken as
    the bindings. ``files`` are extra files, path relative to the app root to source.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "host.json").write_text(json.dumps(host if host is not None else {"version": "2.0"}))
    if settings is not None:
        (root / "local.settings.json").write_text(
            json.dumps({"IsEncrypted": False, "Values": settings})
        )
    for name, (config, source) in functions.items():
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        if isinstance(config, list):
            config = {"bindings": config}
        text = config if isinstance(config, str) else json.dumps(config)
        (folder / "function.json").write_text(text)
        if source is not None:
            (folder / "__init__.py").write_text(textwrap.dedent(source))
    for relative, source in (files or {}).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
    return root


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Callable[..., App]]:
    """Write an app (see write_app) and load it; every app is closed after the test."""
    apps: list[App] = []
    counter = iter(range(1000))

    def make(functions: dict[str, tuple[Any, str]], **kwargs: Any) -> App:
        load_kwargs = {
            key: kwargs.pop(key)
            for key in ("function_keys", "master_key", "always_use_thread_pool")
            if key in kwargs
        }
        if "app_settings" in kwargs:
            load_kwargs["settings"] = kwargs.pop("app_settings")
        root = write_app(tmp_path / f"app{next(counter)}", functions, **kwargs)
        app = load_app(root, **load_kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()
