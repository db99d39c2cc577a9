"""CORS from a real browser: a page on one origin calls ``serve`` on another.

Runs headless Chromium (Debian's ``chromium`` package) when it is installed; skips, saying
so, otherwise.
"""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import SERVE_APP, ServeProcess

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (Debian package 'chromium')"
)

PAGE = """<!doctype html>
<html><body><pre id="out">pending</pre><script>
const out = document.getElementById("out");
Promise.all([
  fetch("{base}/api/echo?id=browser", {{credentials: "include"}})
    .then(r => r.json()).then(j => "allowed:" + j.id, e => "allowed:refused"),
  fetch("{base}/api/echo?id=post", {{method: "POST", headers: {{"x-custom": "1"}}}})
    .then(r => "preflighted:" + r.status, e => "preflighted:refused"),
]).then(results => {{ out.textContent = results.join(" "); }});
</script></body></html>
"""


@pytest.fixture
def page_server() -> Iterator[tuple[str, list[bytes]]]:
    """A server for one page on its own origin; the page's HTML goes in the list."""
    pages: list[bytes] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(pages[0])

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", pages
    finally:
        server.shutdown()


def _serve_allowing(tmp_path: Path, origin: str) -> ServeProcess:
    app = tmp_path / "app"
    shutil.copytree(SERVE_APP, app)
    settings = json.loads((app / "local.settings.json").read_text())
    settings["Host"]["CORS"] = origin
    (app / "local.settings.json").write_text(json.dumps(settings))
    return ServeProcess(app)


def _page_text(url: str) -> str:
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=5000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_a_page_on_an_allowed_origin_reads_the_answer(
    tmp_path: Path, page_server: tuple[str, list[bytes]]
) -> None:
    origin, pages = page_server
    server = _serve_allowing(tmp_path, origin)
    try:
        pages.append(PAGE.format(base=server.base).encode())
        assert "allowed:browser preflighted:200" in _page_text(origin)
    finally:
        server.stop()


def test_a_page_on_another_origin_is_refused_by_the_browser(
    tmp_path: Path, page_server: tuple[str, list[bytes]]
) -> None:
    origin, pages = page_server
    server = _serve_allowing(tmp_path, "http://somewhere-else.example")
    try:
        pages.append(PAGE.format(base=server.base).encode())
        assert "allowed:refused preflighted:refused" in _page_text(origin)
    finally:
        server.stop()
