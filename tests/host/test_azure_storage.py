"""The Azure Storage backend against a real Azurite (the ``azurite`` fixture of our plugin).

These tests skip when Node.js or Azurite is absent; CI installs Azurite and requires them.
Azurite is started once per session, so each test uses container and queue names of its own.
"""

from __future__ import annotations

import base64
import itertools
import sys
import time
from pathlib import Path

import pytest

from azure_functions_compat.host import load_app
from azure_functions_compat.host.storage import (
    AzureStorage,
    StorageError,
    open_storage,
)

from .conftest import HTTP_BINDINGS, write_app

pytest.importorskip("azure.storage.blob", reason="needs the [azure] extra")
pytest.importorskip("azure.storage.queue", reason="needs the [azure] extra")

_numbers = itertools.count()


@pytest.fixture
def name() -> str:
    """A container or queue name no other test of the session uses."""
    return f"t{next(_numbers)}-{int(time.time() * 1000) % 10**9}"


@pytest.fixture
def store(azurite: str) -> AzureStorage:
    return AzureStorage(azurite)


def _raw_queue(connection: str, queue: str) -> list[str]:
    """The message texts as the service holds them (peeked, not decoded)."""
    from azure.storage.queue import QueueClient

    client = QueueClient.from_connection_string(connection, queue)
    return [message.content for message in client.peek_messages(max_messages=32)]


def test_blobs_round_trip_with_metadata(store: AzureStorage, name: str) -> None:
    stored = store.put_blob(f"{name}/a/b.txt", "é", metadata={"author": "ada"})
    assert stored.etag > 0
    blob = store.blob(f"{name}/a/b.txt")
    assert blob is not None
    assert (blob.data, blob.metadata) == ("é".encode(), {"author": "ada"})
    assert store.blobs(f"{name}/a") == {f"{name}/a/b.txt": "é".encode()}
    assert store.delete_blob(f"{name}/a/b.txt")
    assert not store.delete_blob(f"{name}/a/b.txt")
    assert store.get_blob(f"{name}/a/b.txt") is None


def test_a_missing_container_reads_as_no_blob(store: AzureStorage, name: str) -> None:
    assert store.get_blob(f"{name}/nothing") is None
    assert store.blobs(f"{name}/") == {}


def test_the_queue_contract_holds(store: AzureStorage, name: str) -> None:
    put = store.put_message(name, b"\x00\xff binary")
    assert (put.dequeue_count, put.pop_receipt) == (0, "")
    [claimed] = store.receive_messages(name)
    assert (claimed.id, claimed.body, claimed.dequeue_count) == (put.id, b"\x00\xff binary", 1)
    assert store.receive_messages(name) == []
    assert store.release_message(name, claimed.id, claimed.pop_receipt)
    [again] = store.receive_messages(name, max_messages=5)
    assert again.dequeue_count == 2
    assert not store.delete_message(name, claimed.id, claimed.pop_receipt)
    assert not store.delete_message(name, again.id, "not-a-receipt")
    assert store.delete_message(name, again.id, again.pop_receipt)
    assert store.pop_message(name) is None
    assert store.receive_messages(f"{name}-none") == []


def test_an_expired_claim_makes_the_message_visible_again(store: AzureStorage, name: str) -> None:
    store.put_message(name, b"one")
    [first] = store.receive_messages(name, visibility_timeout=0.1)  # rounded up to 1 s
    assert store.receive_messages(name) == []
    time.sleep(1.2)
    [second] = store.receive_messages(name)
    assert (second.id, second.dequeue_count) == (first.id, 2)


def test_two_stores_on_one_account_never_take_a_message_twice(azurite: str, name: str) -> None:
    first, second = AzureStorage(azurite), AzureStorage(azurite)
    for number in range(10):
        first.put_message(name, f"m{number}")
    taken = first.receive_messages(name, max_messages=4) + second.receive_messages(
        name, max_messages=10
    )
    assert sorted(message.body for message in taken) == [f"m{n}".encode() for n in range(10)]


@pytest.mark.parametrize(
    ("encoding", "raw"),
    [("base64", base64.b64encode(b"hello").decode()), ("none", "hello")],
)
def test_messages_are_encoded_as_host_json_says(
    tmp_path: Path, azurite: str, name: str, encoding: str, raw: str
) -> None:
    bindings = [
        HTTP_BINDINGS[0],
        {"name": "msg", "type": "queue", "direction": "out", "queueName": name},
        HTTP_BINDINGS[1],
    ]
    source = "def main(req, msg):\n    msg.set('hello')\n    return 'queued'\n"
    host = {"version": "2.0", "extensions": {"queues": {"messageEncoding": encoding}}}
    root = write_app(tmp_path / "app", {"Put": (bindings, source)}, host=host)
    with load_app(root, storage=azurite) as app, app.test_client() as client:
        assert client.get("/api/Put").text == "queued"
        assert isinstance(app.storage, AzureStorage)
        assert app.storage.messages(name) == [b"hello"]
    assert _raw_queue(azurite, name) == [raw]


def test_blob_input_output_and_queue_trigger_through_the_host(
    tmp_path: Path, azurite: str, name: str
) -> None:
    bindings = [
        {"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": name},
        {"name": "doc", "type": "blob", "direction": "in", "path": f"{name}/in/{{queueTrigger}}"},
        {
            "name": "out",
            "type": "blob",
            "direction": "out",
            "path": f"{name}/out/{{queueTrigger}}",
        },
    ]
    source = """
        import azure.functions as func

        def main(msg: func.QueueMessage, doc: bytes, out: func.Out[bytes]):
            out.set(doc.upper() + b" #" + str(msg.dequeue_count).encode())
    """
    root = write_app(
        tmp_path / "app",
        {"Copy": (bindings, source)},
        settings={"AzureWebJobsStorage": azurite},
    )
    with load_app(root, storage="azure") as app:
        app.storage.put_blob(f"{name}/in/a.txt", b"content")
        app.storage.put_message(name, b"a.txt")
        result = app.invoke("Copy")  # takes the waiting message from the queue
        assert result.exception is None
        assert app.storage.get_blob(f"{name}/out/a.txt") == b"CONTENT #1"
        assert app.storage.messages(name) == []


def test_blob_trigger_reads_the_blob_from_azure(tmp_path: Path, azurite: str, name: str) -> None:
    bindings = [
        {"name": "blob", "type": "blobTrigger", "direction": "in", "path": f"{name}/{{stem}}.txt"},
        {"name": "out", "type": "blob", "direction": "out", "path": f"{name}-out/{{stem}}.len"},
    ]
    source = """
        import azure.functions as func

        def main(blob: func.InputStream, out: func.Out[str]):
            out.set(f"{blob.name} {blob.length} {len(blob.read())}")
    """
    root = write_app(tmp_path / "app", {"Size": (bindings, source)})
    store = AzureStorage(azurite)
    store.put_blob(f"{name}/report.txt", b"12345")
    etag = store.blob_etags(f"{name}/")
    with load_app(root, storage=store) as app:
        result = app.invoke("Size", blob_path=f"{name}/report.txt")
    assert result.exception is None
    assert store.get_blob(f"{name}-out/report.len") == f"{name}/report.txt 5 5".encode()
    assert store.blob_etags(f"{name}/") == etag  # read, not uploaded again


def test_blob_etags_come_from_the_listing_and_change_only_on_a_write(
    store: AzureStorage, name: str
) -> None:
    from azure.storage.blob import BlobServiceClient

    service = BlobServiceClient.from_connection_string(store.connection_string)
    store.put_blob(f"{name}/in/a.txt", b"one", metadata={"k": "v"})
    store.put_blob(f"{name}/in/b.txt", b"two")
    store.put_blob(f"{name}/out/c.txt", b"three")
    etags = store.blob_etags(f"{name}/in/")
    assert list(etags) == [f"{name}/in/a.txt", f"{name}/in/b.txt"]
    properties = service.get_blob_client(name, "in/a.txt").get_blob_properties()
    assert etags[f"{name}/in/a.txt"] == properties.etag
    store.blob(f"{name}/in/a.txt")  # reading changes nothing
    assert store.blob_etags(f"{name}/in/") == etags
    store.put_blob(f"{name}/in/a.txt", b"one")
    assert store.blob_etags(f"{name}/in/a.txt")[f"{name}/in/a.txt"] != etags[f"{name}/in/a.txt"]
    everything = {f"{name}/in/a.txt", f"{name}/in/b.txt", f"{name}/out/c.txt"}
    assert set(store.blob_etags(f"{name}/")) == everything
    assert set(store.blob_etags(name)) == set(store.blob_etags(f"{name}/"))
    assert store.blob_etags(f"{name}-none/") == {}  # no such container


def test_a_blob_trigger_of_an_sdk_type_invoked_without_data_gets_the_blob_as_stored(
    tmp_path: Path, azurite: str, name: str
) -> None:
    pytest.importorskip("azurefunctions.extensions.bindings.blob")
    root = tmp_path / "app"
    root.mkdir()
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "function_app.py").write_text(
        "import azure.functions as func\n"
        "import azurefunctions.extensions.bindings.blob as blob\n"
        "app = func.FunctionApp()\n"
        f"@app.blob_trigger(arg_name='client', path='{name}/{{file}}', connection='')\n"
        f"@app.blob_output(arg_name='out', path='{name}-out/{{file}}', connection='')\n"
        "def read(client: blob.BlobClient, out: func.Out[str]) -> None:\n"
        "    properties = client.get_blob_properties()\n"
        "    body = client.download_blob().readall().decode()\n"
        "    out.set(f\"{body} {properties.metadata['owner']} {properties.etag}\")\n"
    )
    store = AzureStorage(azurite)
    store.put_blob(f"{name}/a.txt", b"stored", metadata={"owner": "ann"})
    etags = store.blob_etags(f"{name}/")
    with load_app(root, storage=store) as app:
        result = app.invoke("read", blob_path=f"{name}/a.txt")
    assert result.exception is None
    expected = f"stored ann {etags[f'{name}/a.txt']}"
    assert store.get_blob(f"{name}-out/a.txt") == expected.encode()
    assert store.blob_etags(f"{name}/") == etags  # read, not uploaded again


def test_the_command_line_takes_a_connection_string(
    tmp_path: Path, azurite: str, name: str
) -> None:
    import subprocess

    bindings = [
        {"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": name},
        {"name": "out", "type": "blob", "direction": "out", "path": f"{name}/{{queueTrigger}}"},
    ]
    source = "def main(msg, out):\n    out.set(msg.get_body().upper())\n"
    root = write_app(tmp_path / "app", {"Save": (bindings, source)})
    command = [sys.executable, "-m", "azure_functions_compat", "invoke", str(root), "Save"]
    done = subprocess.run(
        [*command, "--data", "note", "--storage", azurite], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert AzureStorage(azurite).get_blob(f"{name}/note") == b"NOTE"


def test_a_wrong_key_is_a_storage_error_naming_the_403(azurite: str, name: str) -> None:
    wrong = azurite.replace("AccountKey=Eby8", "AccountKey=AAAA")
    store = AzureStorage(wrong, setting="MyStorage")
    with pytest.raises(StorageError, match=r"MyStorage at .*refused the credentials \(403"):
        store.put_blob(f"{name}/a", b"x")
    with pytest.raises(StorageError, match="403"):
        store.receive_messages(name)


def test_an_unreachable_endpoint_is_a_storage_error_naming_it() -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    connection = (
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/"
        f"KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;"
        f"QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;"
    )
    store = AzureStorage(connection)
    started = time.monotonic()
    with pytest.raises(StorageError, match=f"127.0.0.1:{port}.*cannot reach the service"):
        store.get_blob("ccc/a")
    assert time.monotonic() - started < 10


def test_clear_refuses_to_empty_an_account() -> None:
    store = AzureStorage("UseDevelopmentStorage=true")
    assert store.endpoint == "http://127.0.0.1:10000/devstoreaccount1"
    with pytest.raises(StorageError, match="refusing to empty"):
        store.clear()


def test_open_storage_takes_a_connection_string_for_azure() -> None:
    assert type(open_storage("UseDevelopmentStorage=true", {})) is AzureStorage


def test_a_binding_connection_setting_picks_its_account(
    tmp_path: Path, azurite: str, name: str
) -> None:
    # The app's own account refuses every call (a wrong key); the binding names another.
    wrong = azurite.replace("AccountKey=Eby8", "AccountKey=AAAA")
    bindings = [
        HTTP_BINDINGS[0],
        {
            "name": "out",
            "type": "blob",
            "direction": "out",
            "path": f"{name}/saved.txt",
            "connection": "Archive",
        },
        HTTP_BINDINGS[1],
    ]
    source = "def main(req, out):\n    out.set(b'kept')\n    return 'ok'\n"
    root = write_app(
        tmp_path / "app",
        {"Save": (bindings, source)},
        settings={"AzureWebJobsStorage": wrong, "AzureWebJobsArchive": azurite},
    )
    with load_app(root, storage="azure") as app, app.test_client() as client:
        assert client.get("/api/Save").text == "ok"
    assert AzureStorage(azurite).get_blob(f"{name}/saved.txt") == b"kept"


def test_the_documented_azurite_example_passes(tmp_path: Path, azurite: str) -> None:
    import os
    import re
    import subprocess

    # docs/pytest.md shows it as a ```py block, which the runner of the docs' python blocks
    # leaves alone: that runner refuses skips, and this example skips without Azurite.
    document = Path(__file__).resolve().parents[2] / "docs" / "pytest.md"
    [source] = re.findall(r"^```py\n(.*?)^```", document.read_text(), re.DOTALL | re.MULTILINE)
    (tmp_path / "test_with_azurite.py").write_text(source)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=Path(__file__).resolve().parents[2],
        # The session's Azurite, rather than a second one.
        env={**os.environ, "PYTHONPATH": str(tmp_path), "AZURE_FUNCTIONS_COMPAT_AZURITE": azurite},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "skipped" not in done.stdout
