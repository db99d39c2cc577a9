"""The samples under a real ``serve`` process: an HTTP starter's check-status response names
serve's own port, and its status URL answers 202 while the instance waits, 200 once done."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def served():
    process = subprocess.Popen(
        [sys.executable, "-m", "azure_functions_compat", "serve", str(HERE), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    lines = []
    started = threading.Event()

    def read():
        for line in process.stdout:
            lines.append(line)
            if "Host started on" in line:
                started.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert started.wait(60), "".join(lines)
        port = int(re.search(r"Host started on http://[^:]+:(\d+)", "".join(lines)).group(1))
        yield port, lines
    finally:
        process.terminate()
        process.wait(30)


def call(method, url, value=None):
    data = None if value is None else json.dumps(value).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read() or b"null")


def test_check_status_urls_name_serves_port_and_answer_202_then_200(served):
    port, lines = served
    code, links = call("POST", f"http://127.0.0.1:{port}/api/orchestrators/approval", "budget")
    assert code == 202, "".join(lines)
    for name in ("statusQueryGetUri", "sendEventPostUri", "terminatePostUri"):
        assert links[name].startswith(
            f"http://127.0.0.1:{port}/runtime/webhooks/durabletask/instances/{links['id']}"
        ), links
    code, running = call("GET", links["statusQueryGetUri"])
    assert (code, running["runtimeStatus"]) == (202, "Running")
    event_url = links["sendEventPostUri"].replace("{eventName}", "Approval")
    raised = call("POST", event_url, {"by": "Eve"})
    assert raised[0] == 202
    deadline = time.monotonic() + 20
    while True:
        code, status = call("GET", links["statusQueryGetUri"])
        if code != 202 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert (code, status["output"]) == (200, "Approved by Eve")
    shown = "".join(lines)
    assert "Executed 'Functions.approval' (Succeeded" in shown
    assert "Executed 'Functions.request_approval' (Succeeded" in shown
