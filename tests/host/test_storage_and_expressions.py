"""The in-memory store and binding expressions on their own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from azure_functions_compat.host import BindingError, FolderStorage, Storage
from azure_functions_compat.host.expressions import match_pattern, resolve


def test_blobs_round_trip_and_str_is_utf8() -> None:
    storage = Storage()
    storage.put_blob("samples/a/b.txt", "é")
    assert storage.get_blob("samples/a/b.txt") == "é".encode()
    assert storage.blobs("samples/a/") == {"samples/a/b.txt": "é".encode()}
    assert storage.delete_blob("samples/a/b.txt")
    assert storage.get_blob("samples/a/b.txt") is None


@pytest.mark.parametrize("kind", ["memory", "folder"])
def test_blob_etags_list_each_blob_s_etag_which_only_a_write_changes(
    kind: str, tmp_path: Path
) -> None:
    storage = Storage() if kind == "memory" else FolderStorage(tmp_path)
    first = storage.put_blob("inbox/a.txt", "one", metadata={"k": "v"})
    storage.put_blob("inbox/sub/b.txt", "two")
    storage.put_blob("others/c.txt", "three")
    etags = storage.blob_etags("inbox/")
    assert list(etags) == ["inbox/a.txt", "inbox/sub/b.txt"]
    assert etags["inbox/a.txt"] == first.properties["ETag"]
    found = storage.blob("inbox/a.txt")
    assert found is not None
    assert found.properties["ETag"] == etags["inbox/a.txt"]
    assert set(storage.blob_etags()) == {"inbox/a.txt", "inbox/sub/b.txt", "others/c.txt"}
    assert storage.blob_etags("inbox/s") == {"inbox/sub/b.txt": etags["inbox/sub/b.txt"]}
    assert storage.blob_etags("nothing/") == {}
    storage.get_blob("inbox/a.txt")  # reading changes nothing
    assert storage.blob_etags("inbox/") == etags
    # Rewritten at once with the same content: a new ETag all the same.
    again = storage.put_blob("inbox/a.txt", "one")
    assert storage.blob_etags("inbox/a.txt") == {"inbox/a.txt": again.properties["ETag"]}
    assert again.properties["ETag"] != etags["inbox/a.txt"]
    storage.delete_blob("inbox/a.txt")
    assert list(storage.blob_etags("inbox/")) == ["inbox/sub/b.txt"]
    with pytest.raises(TypeError, match=r"blob_etags: prefix must be a str, got 3 \(int\)"):
        storage.blob_etags(3)  # type: ignore[arg-type]


def test_queues_keep_order_and_pop_from_the_front() -> None:
    storage = Storage()
    for body in ("one", b"two"):
        storage.put_message("work", body)
    assert storage.messages("work") == [b"one", b"two"]
    assert storage.pop_message("work") == b"one"
    assert storage.queues() == {"work": [b"two"]}
    storage.clear()
    assert storage.queues() == {}


@pytest.mark.parametrize(
    "path",
    [
        "samples/../secret",
        "samples/./x",
        "samples/a//b",
        "samples/a\\b",
        "samples/a\x00b",
        "samples/",
        "samples",
        "Samples/x",
        "ab/x",
        "-bad/x",
        "a--b/x",
        "x" * 64 + "/y",
    ],
)
def test_blob_paths_outside_azure_naming_rules_are_refused(path: str) -> None:
    with pytest.raises(ValueError, match=r"Storage\.put_blob: blob path"):
        Storage().put_blob(path, b"x")


def test_a_bad_queue_name_message_states_the_rule_once() -> None:
    with pytest.raises(ValueError, match="queue name") as caught:
        Storage().put_message("No", b"x")
    assert str(caught.value) == (
        "Storage.put_message: queue name must be 3 to 63 lower-case letters, digits and single "
        "hyphens, starting and ending with a letter or digit, got 'No' (str)"
    )


def test_a_bad_container_name_message_shows_the_whole_path() -> None:
    with pytest.raises(ValueError, match=r"container name of 3 to 63 .*, got 'Ab/x' \(str\)$"):
        Storage().put_blob("Ab/x", b"x")


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda storage: storage.put_blob(3, b"x"), TypeError),
        (lambda storage: storage.put_blob("samples/x", 3), TypeError),
        (lambda storage: storage.put_message("Bad_Queue", "x"), ValueError),
        (lambda storage: storage.put_message("queue", 3.5), TypeError),
        (lambda storage: storage.messages(None), TypeError),
    ],
)
def test_storage_rejects_bad_arguments(call: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match="Storage"):
        call(Storage())


@pytest.mark.parametrize(
    ("text", "data", "expected"),
    [
        ("samples/{id}", {"id": "42"}, "samples/42"),
        ("samples/{ID}", {"id": "42"}, "samples/42"),
        ("c/{Query.name}", {"Query": {"name": "ada"}}, "c/ada"),
        ("c/{customer.address.city}", {"customer": {"address": {"city": "Oslo"}}}, "c/Oslo"),
        ("c/{flag}", {"flag": True}, "c/True"),
        ("c/{n}-{n}", {"n": 3}, "c/3-3"),
        ("c/{sys.methodname}", {}, "c/Fn"),
        ("%Container%/{id}", {"id": "1"}, "from-setting/1"),
    ],
)
def test_expressions_fill_from_binding_data_and_settings(
    text: str, data: dict[str, Any], expected: str
) -> None:
    settings = {"Container": "from-setting"}
    assert resolve(text, data, settings, where="test", function_name="Fn") == expected


@pytest.mark.parametrize("name", ["rand-guid", "sys.randguid"])
def test_random_guid_expressions_give_a_fresh_guid(name: str) -> None:
    first = resolve(f"c/{{{name}}}", {}, {}, where="test")
    second = resolve(f"c/{{{name}}}", {}, {}, where="test")
    assert first != second
    assert len(first) == len("c/") + 36


@pytest.mark.parametrize(
    ("text", "message"),
    [("c/{missing}", "no value for {missing}"), ("%Nope%/x", "app setting 'Nope'")],
)
def test_expressions_without_a_value_raise_binding_error(text: str, message: str) -> None:
    with pytest.raises(BindingError, match=message):
        resolve(text, {"other": 1}, {}, where="binding 'doc' path")


def test_trigger_path_patterns_extract_their_placeholders() -> None:
    assert match_pattern("in/{name}.{ext}", "in/photo.big.png") == {
        "name": "photo.big",
        "ext": "png",
    }
    assert match_pattern("in/{name}", "out/x") is None


def test_folder_storage_keeps_blobs_and_messages_as_files(tmp_path: Path) -> None:
    storage = FolderStorage(tmp_path / "store")
    storage.put_blob("samples/a/b.txt", "one")
    storage.put_message("work", "first")
    storage.put_message("work", b"second")
    again = FolderStorage(tmp_path / "store")
    assert (tmp_path / "store" / "blobs" / "samples" / "a" / "b.txt").read_bytes() == b"one"
    assert again.get_blob("samples/a/b.txt") == b"one"
    assert again.blobs() == {"samples/a/b.txt": b"one"}
    assert again.messages("work") == [b"first", b"second"]
    assert again.pop_message("work") == b"first"
    assert again.queues() == {"work": [b"second"]}
    assert again.delete_blob("samples/a/b.txt")
    assert again.blob("samples/a/b.txt") is None
    again.clear()
    assert again.queues() == {}


def test_folder_storage_refuses_paths_that_leave_its_root(tmp_path: Path) -> None:
    storage = FolderStorage(tmp_path / "store")
    storage.put_blob("samples/inside.txt", b"x")
    outside = tmp_path / "outside"
    outside.mkdir()
    # A symbolic link inside the store that points out of it must not be followed.
    (tmp_path / "store" / "blobs" / "samples" / "link").symlink_to(outside)
    with pytest.raises(ValueError, match="a path inside"):
        storage.put_blob("samples/link/escaped.txt", b"x")
    with pytest.raises(ValueError, match=r"blob path"):
        storage.put_blob("samples/../../outside/x", b"x")
    assert list(outside.iterdir()) == []


def test_an_app_can_use_folder_storage(tmp_path: Path) -> None:
    from azure_functions_compat.host import load_app

    from .conftest import HTTP_BINDINGS, write_app

    bindings = [
        {**HTTP_BINDINGS[0], "route": "save/{name}"},
        {"name": "out", "type": "blob", "direction": "out", "path": "saved/{name}"},
        HTTP_BINDINGS[1],
    ]
    source = """
        import azure.functions as func

        def main(req, out: func.Out[bytes]):
            out.set(req.get_body())
            return 'saved'
    """
    root = write_app(tmp_path / "app", {"Save": (bindings, source)})
    app = load_app(root, storage=FolderStorage(tmp_path / "store"))
    with app, app.test_client() as client:
        client.post("/api/save/note.txt", data=b"kept")
    assert (tmp_path / "store" / "blobs" / "saved" / "note.txt").read_bytes() == b"kept"
