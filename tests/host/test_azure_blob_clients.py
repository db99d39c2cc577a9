"""Blob SDK types (azurefunctions-extensions-bindings-blob) handed to functions, connected.

The tests against Azurite need the [azure] extra, the extension and Azurite; they skip
without them (and fail instead with AZURE_FUNCTIONS_COMPAT_REQUIRE_AZURITE=1, as in CI). The
load-time refusals and the in-memory refusal also run where none of them is installed, with
stand-in classes that carry the extension's module name.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import sys
import time
from pathlib import Path
from typing import Optional

import pytest

from azure_functions_compat.cli import main
from azure_functions_compat.host import AppLoadError, BindingError, load_app
from azure_functions_compat.host.storage import FolderStorage, Storage

from .conftest import write_app

PACKAGE = "azurefunctions-extensions-bindings-blob"
IMPORT = "import azurefunctions.extensions.bindings.blob as blob"
REAL_STORAGE_HINT = (
    "run with --storage UseDevelopmentStorage=true (Azurite) or --storage with a connection "
    'string, load_app(..., storage="azure") with AzureWebJobsStorage set, or in tests the '
    "azurite fixture's connection string as load_app's storage"
)

_numbers = itertools.count()


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


EXTENSION = _installed("azurefunctions.extensions.bindings.blob")


@pytest.fixture
def extension() -> None:
    """Skip (fail where Azurite is required) without the [azure] extra and the extension."""
    if _installed("azure.storage.blob") and EXTENSION:
        return
    reason = f"needs the [azure] extra and {PACKAGE} (pip install {PACKAGE})"
    if os.environ.get("AZURE_FUNCTIONS_COMPAT_REQUIRE_AZURITE") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def name() -> str:
    """A container name no other test of the session uses."""
    return f"b{next(_numbers)}-{int(time.time() * 1000) % 10**9}"


def _app(root: Path, body: str, *, settings: Optional[dict[str, str]] = None) -> Path:
    source = f"""
import azure.functions as func
import azurefunctions.extensions.bindings.blob as blob

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

{body}
"""
    return write_app(root, {}, settings=settings, files={"function_app.py": source})


def _describe(kind: str) -> str:
    """A function body line that reports what the function got, as text."""
    return {
        "BlobClient": (
            "f\"{type(client).__module__.split('._')[0]}.{type(client).__name__} "
            "{client.container_name}/{client.blob_name}: "
            '{client.download_blob().readall().decode()}"'
        ),
        "ContainerClient": (
            "f\"{type(client).__module__.split('._')[0]}.{type(client).__name__} "
            "{client.container_name}: "
            '{sorted(item.name for item in client.list_blobs())}"'
        ),
        "StorageStreamDownloader": (
            "f\"{type(client).__module__.split('._')[0]}.{type(client).__name__} "
            '{client.container}/{client.name}: {client.readall().decode()}"'
        ),
    }[kind]


# --- with the extension and Azurite ---------------------------------------------------------


@pytest.mark.usefixtures("extension")
@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("BlobClient", "azure.storage.blob.BlobClient {c}/in/a.txt: hello"),
        ("ContainerClient", "azure.storage.blob.ContainerClient {c}: ['in/a.txt']"),
        (
            "StorageStreamDownloader",
            "azure.storage.blob.StorageStreamDownloader {c}/in/a.txt: hello",
        ),
    ],
)
def test_a_blob_trigger_hands_over_the_sdk_object_of_the_blob_it_fired_for(
    tmp_path: Path, azurite: str, name: str, kind: str, expected: str
) -> None:
    root = _app(
        tmp_path / "app",
        f"""
@app.blob_trigger(arg_name="client", path="{name}/in/{{file}}", connection="AzureWebJobsStorage")
@app.blob_output(arg_name="out", path="{name}/out/{{file}}", connection="AzureWebJobsStorage")
def on_blob(client: blob.{kind}, out: func.Out[str]) -> None:
    out.set({_describe(kind)})
""",
    )
    with load_app(root, storage=azurite) as app:
        app.storage.put_blob(f"{name}/in/a.txt", "hello")
        result = app.invoke("on_blob", blob_path=f"{name}/in/a.txt")
        result.raise_for_exception()
        # The {file} of the trigger's path named the output blob.
        assert app.storage.get_blob(f"{name}/out/a.txt") == expected.format(c=name).encode()


@pytest.mark.usefixtures("extension")
def test_the_trigger_client_is_connected_and_its_binding_data_fills_other_paths(
    tmp_path: Path, azurite: str, name: str
) -> None:
    root = _app(
        tmp_path / "app",
        f"""
@app.blob_trigger(arg_name="client", path="{name}/{{stem}}.txt", connection="AzureWebJobsStorage")
@app.blob_output(
    arg_name="out", path="{name}/copies/{{stem}}.json", connection="AzureWebJobsStorage"
)
def on_blob(client: blob.BlobClient, out: func.Out[str]) -> None:
    import json
    properties = client.get_blob_properties()
    client.set_blob_metadata({{"seen": "yes"}})
    out.set(json.dumps([client.url, properties.size, client.account_name]))
""",
    )
    with load_app(root, storage=azurite) as app:
        # invoke with data: the content is uploaded first, as for any blob trigger.
        app.invoke("on_blob", "four", blob_path=f"{name}/notes.txt").raise_for_exception()
        copied = app.storage.get_blob(f"{name}/copies/notes.json")
        assert copied is not None
        url = f"{app.storage.endpoint}/{name}/notes.txt"
        assert json.loads(copied) == [url, 4, "devstoreaccount1"]
        stored = app.storage.blob(f"{name}/notes.txt")
        assert stored is not None
        assert stored.metadata == {"seen": "yes"}


@pytest.mark.usefixtures("extension")
@pytest.mark.parametrize(
    ("kind", "path", "expected"),
    [
        ("BlobClient", "{c}/docs/{{doc}}", "azure.storage.blob.BlobClient {c}/docs/x.txt: hello"),
        (
            "StorageStreamDownloader",
            "{c}/docs/{{doc}}",
            "azure.storage.blob.StorageStreamDownloader {c}/docs/x.txt: hello",
        ),
        ("ContainerClient", "{c}", "azure.storage.blob.ContainerClient {c}: ['docs/x.txt']"),
    ],
)
def test_a_blob_input_resolves_its_path_and_serves_the_pytest_client_and_http(
    tmp_path: Path,
    azurite: str,
    name: str,
    kind: str,
    path: str,
    expected: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = _app(
        tmp_path / "app",
        f"""
@app.route(route="docs/{{doc}}")
@app.blob_input(arg_name="client", path="{path.format(c=name)}", connection="AzureWebJobsStorage")
def read_doc(req: func.HttpRequest, client: blob.{kind}) -> str:
    return {_describe(kind)}
""",
    )
    wanted = expected.format(c=name)
    with load_app(root, storage=azurite) as app:
        app.storage.put_blob(f"{name}/docs/x.txt", "hello")
        response = app.test_client().get("/api/docs/x.txt")
        assert (response.status_code, response.text) == (200, wanted)
    assert main(["http", str(root), "GET", "/api/docs/x.txt", "--storage", azurite]) == 0
    assert "\r\n\r\n" + wanted in capsys.readouterr().out


@pytest.mark.usefixtures("extension")
def test_invoke_on_the_command_line_hands_over_a_client(
    tmp_path: Path, azurite: str, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _app(
        tmp_path / "app",
        f"""
@app.blob_trigger(arg_name="client", path="{name}/{{file}}", connection="AzureWebJobsStorage")
def on_blob(client: blob.BlobClient) -> None:
    import logging
    logging.info("got %s", {_describe("BlobClient")})
""",
    )
    blob = f"{name}/file=hi"
    assert main(["invoke", str(root), "on_blob", "--blob", blob, "--storage", azurite]) == 0
    assert f"[INFO] got azure.storage.blob.BlobClient {name}/file: hi\n" in capsys.readouterr().err


@pytest.mark.usefixtures("extension")
def test_a_missing_blob_gives_a_client_but_no_download(
    tmp_path: Path, azurite: str, name: str
) -> None:
    root = _app(
        tmp_path / "app",
        f"""
@app.route(route="client")
@app.blob_input(arg_name="client", path="{name}/missing.txt", connection="AzureWebJobsStorage")
def exists(req: func.HttpRequest, client: blob.BlobClient) -> str:
    with client:  # closing it leaves the account's shared connection pool open
        return str(client.exists())


@app.route(route="download")
@app.blob_input(arg_name="stream", path="{name}/missing.txt", connection="AzureWebJobsStorage")
def download(req: func.HttpRequest, stream: blob.StorageStreamDownloader) -> str:
    return "never"
""",
    )
    with load_app(root, storage=azurite) as app:
        client = app.test_client()
        assert [client.get("/api/client").text for _ in range(2)] == ["False", "False"]
        result = app.invoke("download", None)
        assert isinstance(result.exception, BindingError)
        assert str(result.exception) == (
            f"function_app.py (function 'download'): binding 'stream': no blob "
            f"'{name}/missing.txt' to download for a StorageStreamDownloader"
        )


@pytest.mark.usefixtures("extension")
def test_a_refused_key_and_a_bad_container_name_fail_the_invocation_in_one_line(
    tmp_path: Path, azurite: str, name: str
) -> None:
    import base64

    root = _app(
        tmp_path / "app",
        f"""
@app.blob_trigger(arg_name="client", path="{name}/{{file}}", connection="AzureWebJobsStorage")
def on_blob(client: blob.BlobClient) -> None:
    pass


@app.route(route="list/{{box}}")
@app.blob_input(arg_name="box", path="{{box}}", connection="AzureWebJobsStorage")
def listing(req: func.HttpRequest, box: blob.ContainerClient) -> str:
    return "never"
""",
    )
    wrong_key = base64.b64encode(b"not the emulator's key").decode()
    parts = [part for part in azurite.split(";") if not part.startswith("AccountKey=")]
    refused = ";".join([*parts, f"AccountKey={wrong_key}"])
    with load_app(root, storage=refused) as app:
        result = app.invoke("on_blob", blob_path=f"{name}/a.txt")
        assert isinstance(result.exception, BindingError)
        assert str(result.exception).startswith(
            f"function_app.py (function 'on_blob'): binding 'client': Azure storage at "
            f"{app.storage.endpoint}: 403"
        )
        response = app.test_client().get("/api/list/Not_A_Container")
    assert response.status_code == 500
    assert response.invocation is not None
    assert str(response.invocation.exception) == (
        "function_app.py (function 'listing'): binding 'box': path '{box}' gives the container "
        "name 'Not_A_Container'; a container name is 3 to 63 lower-case letters, digits and "
        "single hyphens"
    )


@pytest.mark.usefixtures("extension")
@pytest.mark.parametrize("storage", ["memory", "folder"])
def test_without_real_storage_the_invocation_fails_in_one_line(
    tmp_path: Path, storage: str
) -> None:
    root = _app(
        tmp_path / "app",
        """
@app.blob_trigger(arg_name="client", path="samples/{name}", connection="AzureWebJobsStorage")
def on_blob(client: blob.BlobClient) -> None:
    pass
""",
    )
    chosen = Storage() if storage == "memory" else FolderStorage(str(tmp_path / "store"))
    with load_app(root, storage=chosen) as app:
        result = app.invoke("on_blob", "x")
    where = "in memory" if storage == "memory" else "a folder"
    assert isinstance(result.exception, BindingError)
    assert str(result.exception) == (
        "function_app.py (function 'on_blob'): binding 'client' is a blob SDK type "
        f"(blob.BlobClient), which needs real Azure Storage, but the app's storage is {where}: "
        + REAL_STORAGE_HINT
    )


# --- load-time refusals (everywhere: stand-ins carry the extension's module name) ----------

STAND_INS = """
import azure.functions as func


class _Blob:
    pass


class BlobClient(_Blob):
    pass


class ContainerClient(_Blob):
    pass


class StorageStreamDownloader(_Blob):
    pass


for _cls in (BlobClient, ContainerClient, StorageStreamDownloader):
    _cls.__module__ = "azurefunctions.extensions.bindings.blob." + _cls.__name__

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)
"""


def _stand_in_app(root: Path, body: str) -> Path:
    return write_app(root, {}, files={"function_app.py": STAND_INS + body})


@pytest.mark.parametrize("storage", ["memory", "folder"])
def test_stand_ins_of_the_extension_types_meet_the_same_in_memory_refusal(
    tmp_path: Path, storage: str
) -> None:
    root = _stand_in_app(
        tmp_path / "app",
        """
@app.route(route="list")
@app.blob_input(arg_name="files", path="samples", connection="AzureWebJobsStorage")
def listing(req: func.HttpRequest, files: ContainerClient) -> str:
    return "never"
""",
    )
    chosen = Storage() if storage == "memory" else FolderStorage(str(tmp_path / "store"))
    with load_app(root, storage=chosen) as app:
        response = app.test_client().get("/api/list")
        result = app.invoke("listing", None)
    assert response.status_code == 500
    where = "in memory" if storage == "memory" else "a folder"
    assert str(result.exception) == (
        "function_app.py (function 'listing'): binding 'files' is a blob SDK type "
        f"(blob.ContainerClient), which needs real Azure Storage, but the app's storage is "
        f"{where}: " + REAL_STORAGE_HINT
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            """
@app.queue_trigger(arg_name="client", queue_name="inbox", connection="AzureWebJobsStorage")
def on_message(client: BlobClient) -> None:
    pass
""",
            "function_app.py (function 'on_message'): binding 'client' of type 'queueTrigger' "
            "cannot be passed as blob.BlobClient (the blob SDK types bind only blob and "
            "blobTrigger bindings)",
        ),
        (
            """
@app.route(route="one")
@app.blob_input(arg_name="client", path="samples", connection="AzureWebJobsStorage")
def one(req: func.HttpRequest, client: BlobClient) -> str:
    return ""
""",
            "function_app.py (function 'one'): binding 'client' has path 'samples', a whole "
            f"container, which binds only as blob.ContainerClient ({IMPORT}, from {PACKAGE}), "
            "not as blob.BlobClient",
        ),
        (
            """
@app.route(route="one")
@app.blob_input(arg_name="client", path="samples/", connection="AzureWebJobsStorage")
def one(req: func.HttpRequest, client: func.InputStream) -> str:
    return ""
""",
            "function_app.py (function 'one'): binding 'client' has path 'samples/', a whole "
            f"container, which binds only as blob.ContainerClient ({IMPORT}, from {PACKAGE}), "
            "not as InputStream",
        ),
        (
            """
@app.route(route="one")
@app.blob_output(arg_name="out", path="samples", connection="AzureWebJobsStorage")
def one(req: func.HttpRequest, out: func.Out[str]) -> str:
    return ""
""",
            "function_app.py (function 'one'): bindings[0].path must be a blob path in the form "
            "container/blob, got 'samples'",
        ),
    ],
    ids=["queue-trigger", "container-path-blob-client", "container-path-stream", "output"],
)
def test_sdk_types_and_container_paths_that_cannot_bind_are_refused_at_load(
    tmp_path: Path, body: str, message: str
) -> None:
    root = _stand_in_app(tmp_path / "app", body)
    with pytest.raises(AppLoadError) as caught:
        load_app(root)
    assert str(caught.value) == message


@pytest.mark.parametrize("sdk_type", ["BlobClient", "ContainerClient", "StorageStreamDownloader"])
@pytest.mark.parametrize("written", ["class", "text"])
def test_an_sdk_type_not_from_the_extension_is_refused_naming_the_package(
    tmp_path: Path, sdk_type: str, written: str
) -> None:
    # A class of that name from elsewhere (the SDK's own, a stand-in), or the annotation as
    # text that does not evaluate.
    annotation = sdk_type if written == "class" else f'"blob.{sdk_type}"'
    root = _stand_in_app(
        tmp_path / "app",
        f"""
class {sdk_type}:
    pass


@app.route(route="one")
@app.blob_input(arg_name="client", path="samples/a.txt", connection="AzureWebJobsStorage")
def one(req: func.HttpRequest, client: {annotation}) -> str:
    return ""
""",
    )
    with pytest.raises(AppLoadError) as caught:
        load_app(root)
    if EXTENSION:
        expected = (
            f"binding 'client' is annotated {sdk_type}, which is not the type of {PACKAGE}: "
            f"annotate it as blob.{sdk_type} ({IMPORT})"
        )
    else:
        expected = (
            f"binding 'client' is annotated {sdk_type}, a blob SDK type, which the host hands "
            f"over through the package {PACKAGE}; it is not installed: pip install {PACKAGE} "
            f"and annotate it as blob.{sdk_type} ({IMPORT})"
        )
    assert str(caught.value) == f"function_app.py (function 'one'): {expected}"


def test_the_folder_model_refuses_an_sdk_type_not_from_the_extension_too(tmp_path: Path) -> None:
    bindings = [
        {"name": "req", "type": "httpTrigger", "direction": "in", "authLevel": "anonymous"},
        {"name": "client", "type": "blob", "direction": "in", "path": "samples/a.txt"},
        {"name": "$return", "type": "http", "direction": "out"},
    ]
    source = "def main(req, client: 'blob.BlobClient'):\n    pass\n"
    root = write_app(tmp_path / "app", {"Fn": (bindings, source)})
    with pytest.raises(
        AppLoadError, match=r"^Fn/function\.json: binding 'client' is annotated BlobClient, "
    ):
        load_app(root)


@pytest.mark.parametrize(
    "statement",
    [
        IMPORT,
        "from azurefunctions.extensions.bindings.blob import BlobClient",
        "from azurefunctions.extensions.bindings import blob",
    ],
)
@pytest.mark.parametrize("model", ["decorators", "folder"])
@pytest.mark.parametrize("absent", ["blocked", "not installed"])
def test_an_app_importing_the_missing_extension_is_told_which_package_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, statement: str, model: str, absent: str
) -> None:
    if absent == "blocked":
        # Whether or not it is installed, the import fails as if it were not.
        monkeypatch.setitem(sys.modules, "azurefunctions.extensions.bindings.blob", None)
        parent = sys.modules.get("azurefunctions.extensions.bindings")
        if parent is not None and hasattr(parent, "blob"):
            monkeypatch.delattr(parent, "blob")  # imported by an earlier test's app
    elif EXTENSION:
        pytest.skip("the extension is installed here")
    source = f"import azure.functions as func\n{statement}\n\ndef main(req):\n    pass\n"
    if model == "folder":
        bindings = [
            {"name": "req", "type": "httpTrigger", "direction": "in"},
            {"name": "$return", "type": "http", "direction": "out"},
        ]
        root = write_app(tmp_path / "app", {"Fn": (bindings, source)})
        where = "Fn/function.json: scriptFile 'Fn/__init__.py' failed to import"
        at = "Fn/__init__.py:2"
    else:
        root = write_app(tmp_path / "app", {}, files={"function_app.py": source})
        where, at = "function_app.py: failed to import", "function_app.py:2"
    with pytest.raises(AppLoadError) as caught:
        load_app(root)
    message = str(caught.value)
    assert message.startswith(f"{where}: ModuleNotFoundError: ")
    assert message.endswith(f" (pip install {PACKAGE}) (at {at})")


def test_a_missing_module_of_another_package_gets_no_extension_hint(tmp_path: Path) -> None:
    source = "import azurefunctions.extensions.bindings.nothing_here\n"
    root = write_app(tmp_path / "app", {}, files={"function_app.py": source})
    with pytest.raises(AppLoadError) as caught:
        load_app(root)
    assert "pip install" not in str(caught.value)
