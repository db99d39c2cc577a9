"""Start ``serve`` as a real process on a free loopback port and talk to it over HTTP.

Servers are started once for the whole session (session-scoped fixtures): a start costs
about a second. ``--port 0`` lets the system pick a free port; the banner's ``Host started
on`` line says which one.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Optional, Union

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVE_APP = Path(__file__).resolve().parent / "serve_app"
_STARTED = re.compile(r"Host started on http://[^:]+:(\d+)")


def _require_extra() -> None:
    import importlib.util

    missing = [name for name in ("uvicorn", "croniter") if importlib.util.find_spec(name) is None]
    if missing:
        reason = f"the [serve] extra is not installed ({', '.join(missing)} missing)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


class Answer:
    """One HTTP response: status, headers (lower-case names), body."""

    def __init__(self, status: int, headers: Mapping[str, str], body: bytes) -> None:
        self.status = status
        self.headers = {name.lower(): value for name, value in headers.items()}
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def __repr__(self) -> str:
        return f"<Answer {self.status} {self.body[:60]!r}>"


class ServeProcess:
    """A ``python -m azure_functions_compat serve`` process and what it printed."""

    def __init__(
        self,
        app: Union[str, Path],
        *args: str,
        env: Optional[Mapping[str, str]] = None,
        port: Optional[str] = "0",
        timeout: float = 30.0,
    ) -> None:
        _require_extra()
        command = [sys.executable, "-m", "azure_functions_compat", "serve", str(app), *args]
        if port is not None:
            command += ["--port", port]
        environment = dict(os.environ)
        environment["PYTHONUNBUFFERED"] = "1"
        environment.update(env or {})
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=environment,
        )
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        found = self.wait_for(_STARTED, timeout)
        if found is None:
            self.stop()
            raise AssertionError(f"serve did not start:\n{self.output}")
        self.port = int(found.group(1))
        self.base = f"http://127.0.0.1:{self.port}"

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    @property
    def output(self) -> str:
        with self._changed:
            return "".join(self.lines)

    def wait_for(
        self, pattern: Union[str, re.Pattern[str]], timeout: float = 10.0
    ) -> Optional[re.Match[str]]:
        """The first match of ``pattern`` in the output, waiting up to ``timeout`` seconds."""
        compiled = re.compile(re.escape(pattern)) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = compiled.search("".join(self.lines))
                if found is not None:
                    return found
                left = deadline - time.monotonic()
                if left <= 0 or (self.process.poll() is not None and not self._reader.is_alive()):
                    return None
                self._changed.wait(min(left, 0.2))

    def request(
        self,
        method: str,
        path: str,
        body: Optional[bytes] = None,
        headers: Optional[Mapping[str, str]] = None,
        timeout: float = 20.0,
    ) -> Answer:
        request = urllib.request.Request(
            self.base + path, data=body, method=method, headers=dict(headers or {})
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, dict(error.headers), error.read())

    def get(self, path: str, **kwargs: object) -> Answer:
        return self.request("GET", path, **kwargs)  # type: ignore[arg-type]

    def post(self, path: str, body: bytes = b"", **kwargs: object) -> Answer:
        return self.request("POST", path, body, **kwargs)  # type: ignore[arg-type]

    def signal(self, number: int = signal.SIGINT) -> None:
        self.process.send_signal(number)

    def stop(self, timeout: float = 20.0) -> int:
        """SIGINT, then wait; kill if it does not end within ``timeout``."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(5)
        return self.process.returncode


# The schedule status of the app's timer 'tick' as a previous run left it: an occurrence was
# due long ago, so the first run is past due.
MISSED_TICK = {"Last": "2020-01-01T00:00:00+00:00", "Next": "2020-01-01T00:00:01+00:00"}


def seeded_storage(folder: Path) -> Path:
    """A storage folder whose timer status says the 'tick' timer missed a run."""
    from azure_functions_compat.host import FolderStorage

    FolderStorage(folder).put_blob(
        "azure-webjobs-hosts/timers/tick/status", json.dumps(MISSED_TICK)
    )
    return folder


@pytest.fixture(scope="session")
def storage_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The storage folder of the serve_app server."""
    return seeded_storage(tmp_path_factory.mktemp("storage"))


@pytest.fixture(scope="session")
def serve_app(storage_folder: Path) -> Iterator[ServeProcess]:
    """``serve`` on tests/serve/serve_app, with a function key, a master key, a folder."""
    server = ServeProcess(
        SERVE_APP,
        "--master-key",
        "master-1",
        "--function-key",
        "fkey-1",
        "--storage",
        str(storage_folder),
    )
    try:
        yield server
    finally:
        server.stop()


SEED = ROOT / "examples" / "seed_app"
DECORATOR = ROOT / "examples" / "decorator_app"


@pytest.fixture(scope="session")
def seed() -> Iterator[ServeProcess]:
    """``serve`` on examples/seed_app."""
    server = ServeProcess(SEED)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def decorator() -> Iterator[ServeProcess]:
    """``serve`` on examples/decorator_app."""
    server = ServeProcess(DECORATOR)
    try:
        yield server
    finally:
        server.stop()
