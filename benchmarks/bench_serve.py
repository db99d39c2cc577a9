"""``serve`` against a bare Starlette route on the same uvicorn: requests per second, start time.

    python benchmarks/bench_serve.py [--seconds 3] [--connections 16] [--rounds 3]

Both servers run the same trivial function (``Hello, <user>!`` from the query) on uvicorn
with its default settings, as separate processes on loopback ports; one client (an asyncio
HTTP/1.1 client with keep-alive connections, in this process) drives each in turn, rounds
interleaved, and each side's figure is the best round. The Starlette endpoint is a plain
``def``, so Starlette runs it on its thread pool, as the host runs a plain function.

Start time is from launching the process to the first 200 answered, median of several
launches of each, interleaved. Goals: at least 0.7x Starlette's requests per second; start
within 2x of Starlette's. Needs the ``[bench]`` extra (Starlette).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from _harness import compile_package

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

FUNCTION = """\
import azure.functions as func

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)


@app.route(route="hello", methods=["GET"])
def hello(req: func.HttpRequest) -> func.HttpResponse:
    return func.HttpResponse(f"Hello, {req.params.get('user')}!")
"""

STARLETTE = """\
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route


def hello(request):
    return PlainTextResponse(f"Hello, {request.query_params.get('user')}!")


app = Starlette(routes=[Route("/api/hello", hello, methods=["GET"])])
"""

PATH = "/api/hello?user=Ada"
EXPECTED = b"Hello, Ada!"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _write_apps(folder: str) -> tuple[str, str]:
    app = os.path.join(folder, "app")
    os.makedirs(app)
    with open(os.path.join(app, "host.json"), "w") as handle:
        json.dump({"version": "2.0", "logging": {"logLevel": {"default": "Warning"}}}, handle)
    with open(os.path.join(app, "function_app.py"), "w") as handle:
        handle.write(FUNCTION)
    with open(os.path.join(folder, "starlette_app.py"), "w") as handle:
        handle.write(STARLETTE)
    return app, folder


def _commands(app: str, folder: str, port: int) -> dict[str, tuple[list[str], str]]:
    # Quiet consoles on both sides: serve at the Warning level of host.json, uvicorn without
    # its access log.
    return {
        "serve": (
            [sys.executable, "-m", "azure_functions_compat", "serve", app, "--port", str(port)],
            ROOT,
        ),
        "starlette": (
            [
                sys.executable,
                "-m",
                "uvicorn",
                "starlette_app:app",
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            folder,
        ),
    }


def _get_once(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(f"GET {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            return sock.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def _launch(command: list[str], cwd: str, port: int) -> tuple[subprocess.Popen[bytes], float]:
    """Start a server; the process and the seconds until it first answered 200."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    while not _get_once(port):
        if process.poll() is not None:
            raise RuntimeError(f"{command} exited with {process.returncode}")
        if time.perf_counter() - start > 60:
            process.kill()
            raise RuntimeError(f"{command} did not answer within a minute")
        time.sleep(0.005)
    return process, time.perf_counter() - start


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def _connection(port: int, until: float, counts: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    done = 0
    try:
        while time.perf_counter() < until:
            writer.write(request)
            status = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            body = await reader.readexactly(length)
            if not status.startswith(b"HTTP/1.1 200") or body != EXPECTED:
                raise RuntimeError(f"unexpected answer: {status!r} {body!r}")
            done += 1
    finally:
        writer.close()
        counts.append(done)


def _requests_per_second(port: int, seconds: float, connections: int) -> float:
    async def run() -> float:
        counts: list[int] = []
        start = time.perf_counter()
        until = start + seconds
        await asyncio.gather(*(_connection(port, until, counts) for _ in range(connections)))
        return sum(counts) / (time.perf_counter() - start)

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="length of a round")
    parser.add_argument("--connections", type=int, default=16, help="keep-alive connections")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per server")
    parser.add_argument("--starts", type=int, default=7, help="launches per server")
    options = parser.parse_args()
    compile_package()
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        sys.exit('bench_serve needs the [bench] extra: pip install -e ".[bench]"')

    with tempfile.TemporaryDirectory() as folder:
        app, starlette_folder = _write_apps(folder)
        rates: dict[str, list[float]] = {"serve": [], "starlette": []}
        starts: dict[str, list[float]] = {"serve": [], "starlette": []}
        for _ in range(options.starts):
            for name, (command, cwd) in _commands(app, starlette_folder, _free_port()).items():
                port = int(command[command.index("--port") + 1])
                process, took = _launch(command, cwd, port)
                starts[name].append(took)
                _stop(process)
        for _ in range(options.rounds):
            for name, (command, cwd) in _commands(app, starlette_folder, _free_port()).items():
                port = int(command[command.index("--port") + 1])
                process, _took = _launch(command, cwd, port)
                try:
                    _requests_per_second(port, 0.5, options.connections)  # warm up
                    rates[name].append(
                        _requests_per_second(port, options.seconds, options.connections)
                    )
                finally:
                    _stop(process)

    serve_rate, bare_rate = max(rates["serve"]), max(rates["starlette"])
    serve_start = statistics.median(starts["serve"])
    bare_start = statistics.median(starts["starlette"])
    print(f"{'':34}{'serve':>12}{'Starlette':>12}{'ratio':>10}")
    print(
        f"{'requests per second (best round)':34}{serve_rate:>12.0f}{bare_rate:>12.0f}"
        f"{serve_rate / bare_rate:>9.2f}x   (goal >= 0.7x)"
    )
    print(
        f"{'start to first 200 (median)':34}{serve_start * 1000:>10.0f}ms"
        f"{bare_start * 1000:>10.0f}ms{serve_start / bare_start:>9.2f}x   (goal <= 2x)"
    )
    print(
        f"({options.connections} keep-alive connections, {options.rounds} rounds of "
        f"{options.seconds:g}s each, {options.starts} launches each; Python "
        f"{sys.version.split()[0]}, uvicorn {sys.modules['uvicorn'].__version__})"
    )


if __name__ == "__main__":
    main()
