"""A small HTTP server on a loopback port for the Durable HTTP API (standard library only).

The SDK's DurableOrchestrationClient talks HTTP to the host; when no other server runs the
app, this one answers it. Each request runs on a thread of its own.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from multidict import CIMultiDict

Handler = Callable[
    [str, str, str, "CIMultiDict[str]", bytes], "tuple[int, list[tuple[str, str]], bytes]"
]


class LoopbackServer:
    """Serve ``handler(method, path, query, headers, body)`` on 127.0.0.1 at a free port.

    ``origin`` is ``http://127.0.0.1:PORT``; :meth:`close` stops the server.
    """

    def __init__(self, handler: Handler) -> None:
        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length > 0 else b""
                path, _, query = self.path.partition("?")
                headers: CIMultiDict[str] = CIMultiDict(self.headers.items())
                status, answer_headers, content = handler(self.command, path, query, headers, body)
                self.send_response(status)
                for name, value in answer_headers:
                    if name.lower() != "content-length":
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(content)

            do_GET = do_POST = do_DELETE = do_PUT = do_HEAD = _answer

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the client's requests are not the app's logs."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
        self._server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="durable-http", daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


__all__ = ["LoopbackServer"]
