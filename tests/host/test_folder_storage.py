"""FolderStorage never reads or writes outside its folder, and its failures are ValueErrors."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Callable

import pytest

from azure_functions_compat.host import FolderStorage

needs_symlinks = pytest.mark.skipif(
    sys.platform == "win32", reason="symbolic links need privileges on Windows"
)


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the store that no call may read."""
    path = tmp_path / "secret.txt"
    path.write_bytes(b"secret")
    return path


@pytest.fixture
def store(tmp_path: Path) -> FolderStorage:
    storage = FolderStorage(tmp_path / "store")
    storage.put_blob("ccc/a", b"kept")
    storage.put_message("qqq", b"first")
    return storage


def _root(storage: FolderStorage) -> Path:
    return Path(storage.root)


@needs_symlinks
def test_blobs_skips_a_linked_file(store: FolderStorage, secret: Path) -> None:
    (_root(store) / "blobs" / "ccc" / "leak").symlink_to(secret)
    assert store.blobs() == {"ccc/a": b"kept"}
    assert list(store.blob_etags()) == ["ccc/a"]


@needs_symlinks
def test_blobs_skips_a_linked_folder(store: FolderStorage, secret: Path) -> None:
    (_root(store) / "blobs" / "ccc" / "dir").symlink_to(secret.parent)
    assert store.blobs() == {"ccc/a": b"kept"}
    assert list(store.blob_etags("ccc/")) == ["ccc/a"]


@needs_symlinks
def test_blobs_refuses_a_blobs_folder_that_links_out(tmp_path: Path, secret: Path) -> None:
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "blobs").symlink_to(tmp_path)
    with pytest.raises(ValueError, match="a path inside"):
        FolderStorage(tmp_path / "store").blobs()


@needs_symlinks
def test_get_blob_refuses_a_linked_file_that_points_out(
    store: FolderStorage, secret: Path
) -> None:
    (_root(store) / "blobs" / "ccc" / "leak").symlink_to(secret)
    with pytest.raises(ValueError, match="a path inside"):
        store.get_blob("ccc/leak")


@needs_symlinks
@pytest.mark.parametrize(
    "read",
    [
        lambda storage: storage.messages("qqq"),
        lambda storage: storage.queues()["qqq"],
        lambda storage: [storage.pop_message("qqq"), storage.pop_message("qqq")],
    ],
    ids=["messages", "queues", "pop_message"],
)
def test_queue_reads_skip_a_linked_message(
    store: FolderStorage, secret: Path, read: Callable[[FolderStorage], list[object]]
) -> None:
    (_root(store) / "queues" / "qqq" / "000000000000.msg").symlink_to(secret)
    assert b"secret" not in read(store)


@needs_symlinks
def test_pop_message_leaves_a_linked_message_and_its_target(
    store: FolderStorage, secret: Path
) -> None:
    link = _root(store) / "queues" / "qqq" / "000000000000.msg"
    link.symlink_to(secret)
    assert store.pop_message("qqq") == b"first"
    assert store.pop_message("qqq") is None
    assert secret.read_bytes() == b"secret"


@needs_symlinks
def test_queues_skips_a_linked_queue_folder(store: FolderStorage, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "000000000001.msg").write_bytes(b"outside")
    (_root(store) / "queues" / "eee").symlink_to(elsewhere)
    assert store.queues() == {"qqq": [b"first"]}
    with pytest.raises(ValueError, match="a path inside"):
        store.messages("eee")


@needs_symlinks
def test_clear_removes_a_link_but_not_its_target(tmp_path: Path, secret: Path) -> None:
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "queues").symlink_to(secret.parent)
    FolderStorage(tmp_path / "store").clear()
    assert secret.read_bytes() == b"secret"
    assert not (tmp_path / "store" / "queues").exists()


@pytest.mark.parametrize(
    ("first", "second", "clash"),
    [
        ("ccc/a", "ccc/a/b", "ccc/a is a blob"),
        ("ccc/d/e", "ccc/d", "there are blobs under ccc/d/"),
    ],
)
def test_a_blob_and_a_folder_of_blobs_of_one_name_is_a_clear_value_error(
    tmp_path: Path, first: str, second: str, clash: str
) -> None:
    storage = FolderStorage(tmp_path / "store")
    storage.put_blob(first, b"1")
    with pytest.raises(ValueError, match=f"cannot keep blob '{second}': {clash}"):
        storage.put_blob(second, b"2")
    assert storage.blobs() == {first: b"1"}


@pytest.mark.parametrize(
    "call",
    [
        lambda storage: storage.put_blob("ccc/" + "x" * 300, b"1"),
        lambda storage: storage.get_blob("ccc/" + "x" * 300),
        lambda storage: storage.delete_blob("ccc/" + "x" * 300),
    ],
    ids=["put_blob", "get_blob", "delete_blob"],
)
def test_a_name_too_long_for_the_file_system_is_a_value_error(
    tmp_path: Path, call: Callable[[FolderStorage], object]
) -> None:
    # Azure allows 1024 characters; most file systems allow 255 bytes per file name.
    storage = FolderStorage(tmp_path / "store")
    storage.put_blob("ccc/a", b"1")
    with pytest.raises(ValueError, match=r"cannot \w+ 'ccc/x+' in .+: \w"):
        call(storage)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs a /proc file system")
@pytest.mark.parametrize(
    "call",
    [
        lambda storage: storage.put_blob("ccc/a", b"1"),
        lambda storage: storage.put_message("qqq", b"1"),
    ],
    ids=["put_blob", "put_message"],
)
def test_a_folder_that_cannot_be_made_is_a_value_error(
    call: Callable[[FolderStorage], object],
) -> None:
    with pytest.raises(ValueError, match=r"cannot write '\S+' in /proc/x: \w"):
        call(FolderStorage("/proc/x"))


def test_writes_leave_no_temporary_file_among_the_blobs(tmp_path: Path) -> None:
    storage = FolderStorage(tmp_path / "store")
    storage.put_blob("ccc/a", b"1")
    storage.put_blob("ccc/a", b"2")
    storage.put_message("qqq", b"m")
    assert os.listdir(tmp_path / "store" / "blobs" / "ccc") == ["a"]
    [message] = os.listdir(tmp_path / "store" / "queues" / "qqq")
    assert re.fullmatch(r"[0-9]{19}-[0-9a-f]{16}\.0\.msg", message)
    assert storage.get_blob("ccc/a") == b"2"


def test_a_write_replaces_the_file_rather_than_rewriting_it(tmp_path: Path) -> None:
    # A reader that opened the old file keeps reading the old content whole.
    storage = FolderStorage(tmp_path / "store")
    storage.put_blob("ccc/a", b"old content")
    with open(tmp_path / "store" / "blobs" / "ccc" / "a", "rb") as reader:
        storage.put_blob("ccc/a", b"new")
        assert reader.read() == b"old content"
    assert storage.get_blob("ccc/a") == b"new"
