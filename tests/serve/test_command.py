"""The ``serve`` command: the extra, the port it picks, shutdown with requests in flight."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from azure_functions_compat.host import AppLoadError
from azure_functions_compat.serve.config import ServeConfig, parse_timespan

from .conftest import ROOT, SERVE_APP, Answer, ServeProcess


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_importing_the_serve_package_imports_neither_host_nor_server() -> None:
    result = _python(
        "import sys, azure_functions_compat.serve\n"
        "loaded = [m for m in ('uvicorn', 'asyncio', 'azure_functions_compat.host',"
        " 'croniter', 'watchfiles') if m in sys.modules]\n"
        "print(loaded)"
    )
    assert result.stdout.strip() == "[]", result.stderr


def test_without_the_extra_serve_exits_2_with_one_line_saying_what_to_install() -> None:
    result = _python(
        "import sys\n"
        "sys.modules['uvicorn'] = None  # as if it were not installed\n"
        "from azure_functions_compat.cli import main\n"
        "sys.exit(main(['serve', 'examples/seed_app']))"
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        'error: serve needs the [serve] extra: pip install "azure-functions-compat[serve]" '
        "(uvicorn, watchfiles, croniter)"
    ]


def test_a_broken_app_is_one_error_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "host.json").write_text('{"version": "2.0", "functionTimeout": "soon"}')
    result = _python(
        "import sys\nfrom azure_functions_compat.cli import main\n"
        f"sys.exit(main(['serve', {str(tmp_path)!r}]))"
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: host.json: functionTimeout must be a time span such as '00:05:00' (or '-1' "
        "for none), got 'soon'"
    ]


def test_a_port_in_use_is_one_error_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _python(
            "import sys\nfrom azure_functions_compat.cli import main\n"
            f"sys.exit(main(['serve', 'examples/seed_app', '--port', '{port}']))"
        )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: serve: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("00:05:00", 300.0),
        ("00:00:01", 1.0),
        ("1.02:00:00", 93600.0),
        ("00:00:00.5", 0.5),
        ("-00:00:10", -10.0),
        ("5 minutes", None),
        ("00:60:00", None),
        ("", None),
    ],
)
def test_parse_timespan_reads_dotnet_time_spans(text: str, seconds: float) -> None:
    span = parse_timespan(text)
    assert (None if span is None else span.total_seconds()) == seconds


@pytest.mark.parametrize(
    ("host_section", "message"),
    [
        ({"LocalHttpPort": "seventy"}, "Host.LocalHttpPort must be a port number"),
        ({"LocalHttpPort": 70000}, "Host.LocalHttpPort must be a port number"),
        ({"CORS": ["*"]}, "Host.CORS must be a string"),
        ({"CORSCredentials": "yes"}, "Host.CORSCredentials must be true or false"),
    ],
)
def test_bad_host_section_is_a_load_error_naming_the_field(
    tmp_path: Path, host_section: dict[str, object], message: str
) -> None:
    (tmp_path / "host.json").write_text("{}")
    (tmp_path / "local.settings.json").write_text(json.dumps({"Host": host_section}))
    with pytest.raises(AppLoadError, match=f"local.settings.json: {message}"):
        ServeConfig.from_folder(str(tmp_path))


def test_config_reads_port_cors_timeout_and_queue_options(tmp_path: Path) -> None:
    (tmp_path / "host.json").write_text(
        json.dumps(
            {
                "functionTimeout": "00:02:00",
                "logging": {"logLevel": {"default": "Warning"}},
                "extensions": {
                    "queues": {
                        "batchSize": 4,
                        "maxPollingInterval": "00:00:02",
                        "visibilityTimeout": "00:00:01",
                        "maxDequeueCount": 2,
                    }
                },
            }
        )
    )
    (tmp_path / "local.settings.json").write_text(
        json.dumps({"Host": {"LocalHttpPort": 7077, "CORS": "*", "CORSCredentials": False}})
    )
    config = ServeConfig.from_folder(str(tmp_path))
    assert (config.port, config.cors_origins, config.cors_credentials) == (7077, ("*",), False)
    assert (config.function_timeout, config.log_level) == (120.0, 30)
    queues = config.queues
    assert (queues.batch_size, queues.new_batch_threshold, queues.max_dequeue_count) == (4, 2, 2)
    assert (queues.max_polling_interval, queues.visibility_timeout) == (2.0, 1.0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_default_port_is_local_http_port_of_local_settings(tmp_path: Path) -> None:
    app = tmp_path / "app"
    shutil.copytree(SERVE_APP, app)
    port = _free_port()
    settings = json.loads((app / "local.settings.json").read_text())
    settings["Host"]["LocalHttpPort"] = port
    (app / "local.settings.json").write_text(json.dumps(settings))
    server = ServeProcess(app, port=None)
    try:
        assert server.port == port
        assert server.get("/api/slow").text == "done"
    finally:
        assert server.stop() == 0


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_shutdown_lets_requests_in_flight_finish_then_exits_0(number: int) -> None:
    server = ServeProcess(SERVE_APP)
    answers: list[Answer] = []

    def call() -> None:
        answers.append(server.get("/api/slow?seconds=0.6"))

    threads = [threading.Thread(target=call) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)  # the requests are running
    server.signal(number)
    for thread in threads:
        thread.join(15)
    assert server.process.wait(15) == 0
    assert [(answer.status, answer.text) for answer in answers] == [(200, "done")] * 4
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
    server.stop()
