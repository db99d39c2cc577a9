"""Where the real package is installed too: it wins, and it accepts our objects.

These run in the real package's environment (same Python version as this one), with this
package and its run-time dependencies made importable beside it through a folder of links.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import azure_functions_compat

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def both_packages(tmp_path_factory: pytest.TempPathFactory, real_python: Path) -> Path:
    """A folder to put on PYTHONPATH that holds links to our package and its dependencies."""
    import multidict

    version = subprocess.run(
        [str(real_python), "-c", "import sys; print(sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if version != str(sys.version_info[:2]):
        # multidict is compiled for this Python: the links only work for the same version.
        pytest.skip(f"the real package's Python is {version}, this one {sys.version_info[:2]}")

    folder = tmp_path_factory.mktemp("both-packages")
    sources = [Path(azure_functions_compat.__file__ or "").parent]
    sources.append(Path(multidict.__file__ or "").parent)
    if sys.version_info < (3, 11):
        import typing_extensions

        sources.append(Path(typing_extensions.__file__ or ""))
    for source in sources:
        try:
            (folder / source.name).symlink_to(source, target_is_directory=source.is_dir())
        except OSError as error:
            pytest.skip(f"cannot link {source}: {error}")
    return folder


def run_in_real_env(real_python: Path, both_packages: Path, code: str) -> object:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PYTHONPATH"] = str(both_packages)
    result = subprocess.run(
        [str(real_python), "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_real_package_wins_over_the_drop_in(real_python: Path, both_packages: Path) -> None:
    found = run_in_real_env(
        real_python,
        both_packages,
        """
        import json
        import azure_functions_compat
        azure_functions_compat.install()
        import azure.functions, azure.functions.http
        print(json.dumps([azure.functions.__name__, azure.functions.http.__name__,
                          azure.functions.HttpRequest.__module__]))
        """,
    )
    assert found == ["azure.functions", "azure.functions.http", "azure.functions._http"]


def test_our_objects_are_instances_of_the_real_classes(
    real_python: Path, both_packages: Path
) -> None:
    found = run_in_real_env(
        real_python,
        both_packages,
        """
        import json
        import azure.functions as real
        import azure_functions_compat as ours
        from azure_functions_compat import dropin
        # No call needed: loading a name of ours registers it while the real one is loaded.
        objects = {
            "HttpRequest": ours.HttpRequest("GET", "/api/x", body=b""),
            "HttpResponse": ours.HttpResponse("x"),
            "InputStream": ours.InputStream(data=b"x"),
            "QueueMessage": ours.QueueMessage(body=b"x"),
            "TimerRequest": ours.TimerRequest(),
            "Out": ours.Out(),
            "Context": ours.Context(),
            "ServiceBusMessage": ours.ServiceBusMessage(body=b"x"),
            "EventHubEvent": ours.EventHubEvent(body=b"x"),
            "Document": ours.Document({"id": "1"}),
            "SqlRowList": ours.SqlRowList([]),
        }
        found = {name: isinstance(obj, getattr(real, name)) for name, obj in objects.items()}
        print(json.dumps({"instances": found, "left": dropin.register_virtual_subclasses()}))
        """,
    )
    names = ["HttpRequest", "HttpResponse", "InputStream", "QueueMessage", "TimerRequest"]
    names += ["Out", "Context", "ServiceBusMessage", "EventHubEvent", "Document", "SqlRowList"]
    assert found == {"instances": dict.fromkeys(names, True), "left": 0}
