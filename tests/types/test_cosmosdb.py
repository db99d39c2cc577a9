from __future__ import annotations

import copy
import json
import pickle
import re
from collections.abc import MutableMapping
from typing import Any

import pytest

import azure_functions_compat as func
from azure_functions_compat.cosmosdb import Document, DocumentList
from azure_functions_compat.mysql import MySqlRow
from azure_functions_compat.sql import SqlRow

# Document, SqlRow and MySqlRow share one JSON-object base; its behaviour is specified here
# once for all three.
ROW_TYPES = [Document, SqlRow, MySqlRow]


def test_they_are_the_top_level_and_the_submodule_names() -> None:
    assert func.Document is Document
    assert func.DocumentList is DocumentList


def test_the_documented_output_builds_a_document_from_a_dict() -> None:
    document = func.Document.from_dict({"id": "1", "name": "ada"})
    assert document["name"] == "ada"
    assert document.to_json() == '{"id": "1", "name": "ada"}'


@pytest.mark.parametrize("row_type", ROW_TYPES)
@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (({"id": "1", "n": 2},), {}),
        (([("id", "1"), ("n", 2)],), {}),
        ((), {"id": "1", "n": 2}),
        (({"id": "1"},), {"n": 2}),
    ],
)
def test_a_row_is_built_like_a_dict(row_type: Any, args: Any, kwargs: Any) -> None:
    row = row_type(*args, **kwargs)
    assert row == {"id": "1", "n": 2}
    assert isinstance(row, dict)
    assert isinstance(row, MutableMapping)


@pytest.mark.parametrize("row_type", ROW_TYPES)
def test_a_row_is_empty_by_default(row_type: Any) -> None:
    assert row_type() == {}


@pytest.mark.parametrize("row_type", ROW_TYPES)
def test_a_row_reads_and_writes_like_a_dict(row_type: Any) -> None:
    row = row_type({"a": 1})
    row["b"] = 2
    del row["a"]
    assert (dict(row), row.get("zz", "default"), "b" in row, len(row)) == (
        {"b": 2},
        "default",
        True,
        1,
    )


@pytest.mark.parametrize("row_type", ROW_TYPES)
def test_a_missing_key_raises_key_error_as_on_any_mapping(row_type: Any) -> None:
    with pytest.raises(KeyError):
        row_type()["missing"]


@pytest.mark.parametrize("row_type", ROW_TYPES)
def test_to_json_writes_the_row_as_a_json_object(row_type: Any) -> None:
    row = row_type({"id": "1", "tags": ["a"], "nested": {"n": None}})
    assert json.loads(row.to_json()) == {"id": "1", "tags": ["a"], "nested": {"n": None}}
    assert json.dumps(row) == row.to_json()


@pytest.mark.parametrize("row_type", ROW_TYPES)
@pytest.mark.parametrize("text", ['{"id": "1"}', b'{"id": "1"}', bytearray(b'{"id": "1"}')])
def test_from_json_reads_a_json_object_into_the_same_type(row_type: Any, text: Any) -> None:
    row = row_type.from_json(text)
    assert type(row) is row_type
    assert row == {"id": "1"}


@pytest.mark.parametrize("row_type", ROW_TYPES)
def test_from_dict_gives_the_same_type(row_type: Any) -> None:
    row = row_type.from_dict({"id": "1"})
    assert type(row) is row_type
    assert row == {"id": "1"}


@pytest.mark.parametrize("row_type", ROW_TYPES)
def test_from_dict_copies_the_mapping(row_type: Any) -> None:
    source = {"id": "1"}
    row = row_type.from_dict(source)
    source["id"] = "2"
    assert row["id"] == "1"


@pytest.mark.parametrize("row_type", ROW_TYPES)
def test_copy_keeps_the_type(row_type: Any) -> None:
    row = row_type({"a": [1]})
    for duplicate in (
        row.copy(),
        copy.copy(row),
        copy.deepcopy(row),
        pickle.loads(pickle.dumps(row)),
    ):
        assert type(duplicate) is row_type
        assert duplicate == row
        assert duplicate is not row


@pytest.mark.parametrize("row_type", ROW_TYPES)
def test_repr_shows_the_type_and_the_contents(row_type: Any) -> None:
    assert repr(row_type({"a": 1})) == f"{row_type.__name__}({{'a': 1}})"


@pytest.mark.parametrize("row_type", ROW_TYPES)
@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda cls: cls(1), TypeError, "data must be a mapping, a list of (key, value) pairs"),
        (lambda cls: cls("ab"), TypeError, "data must be a mapping, a list of (key, value) pairs"),
        (lambda cls: cls([("a", 1, 2)]), TypeError, "data must be a mapping or a list of"),
        (lambda cls: cls({1: "a"}), TypeError, "key must be a str, got 1 (int)"),
        (lambda cls: cls.from_dict([("a", 1)]), TypeError, "dct must be a mapping with str keys"),
        (lambda cls: cls.from_json(1), TypeError, "json_data must be str, bytes or bytearray"),
        (lambda cls: cls.from_json(""), ValueError, "json_data is not valid JSON"),
        (lambda cls: cls.from_json("{"), ValueError, "json_data is not valid JSON"),
        (lambda cls: cls.from_json(b"\xff\xfe\xfd"), ValueError, "json_data is not valid"),
        (
            lambda cls: cls.from_json("[1]"),
            ValueError,
            "json_data must be the text of a JSON object",
        ),
        (lambda cls: cls.from_json("[" * 100_000), ValueError, "json_data nests JSON"),
        (
            lambda cls: cls({"s": {1}}).to_json(),
            TypeError,
            "every value must be JSON serializable",
        ),
        (lambda cls: cls({"f": float("nan")}).to_json(), ValueError, "cannot be written as JSON"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    row_type: Any, call: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=f"^{row_type.__name__}: " + re.escape(message)):
        call(row_type)


@pytest.mark.parametrize("row_type", ROW_TYPES)
def test_a_circular_row_cannot_be_written_as_json(row_type: Any) -> None:
    row = row_type()
    row["self"] = row
    with pytest.raises(ValueError, match=f"^{row_type.__name__}: cannot be written as JSON"):
        row.to_json()


def test_to_dict_gives_a_plain_dict_copy() -> None:
    document = Document({"id": "1"})
    plain = document.to_dict()
    assert type(plain) is dict
    assert plain == {"id": "1"}
    plain["id"] = "2"
    assert document["id"] == "1"


def test_a_document_list_is_a_list_of_documents() -> None:
    first = Document(id="1")
    documents = DocumentList([first, {"id": "2"}])
    assert isinstance(documents, list)
    assert documents[0] is first
    assert type(documents[1]) is Document
    assert [document["id"] for document in documents] == ["1", "2"]


def test_a_document_list_is_empty_by_default() -> None:
    assert DocumentList() == []
    assert DocumentList(None) == []


def test_a_document_list_takes_any_iterable() -> None:
    documents = DocumentList({"id": str(n)} for n in range(2))
    assert [document.to_json() for document in documents] == ['{"id": "0"}', '{"id": "1"}']


@pytest.mark.parametrize(
    ("initlist", "message"),
    [
        (5, "initlist must be an iterable of mappings, or None, got 5 (int)"),
        ("ab", "initlist must be an iterable of mappings, or None"),
        ({"id": "1"}, "initlist must be an iterable of mappings, or None"),
        ([1], "item must be a Document or a mapping, got 1 (int)"),
    ],
)
def test_a_document_list_refuses_what_is_not_documents(initlist: Any, message: str) -> None:
    with pytest.raises(TypeError, match="^DocumentList: " + re.escape(message)):
        DocumentList(initlist)


def test_a_document_list_converts_to_dicts_and_json() -> None:
    documents = DocumentList([{"id": "1"}, Document(id="2")])
    assert documents.to_dict() == [{"id": "1"}, {"id": "2"}]
    assert [type(item) for item in documents.to_dict()] == [dict, dict]
    assert documents.to_json() == '[{"id": "1"}, {"id": "2"}]'


def test_a_document_list_with_a_value_json_lacks_cannot_be_written() -> None:
    with pytest.raises(TypeError, match=r"^DocumentList: every value must be JSON serializable"):
        DocumentList([{"when": object()}]).to_json()


def test_repr_of_a_document_list_shows_the_documents() -> None:
    assert repr(DocumentList([{"a": 1}])) == "DocumentList([Document({'a': 1})])"


def test_the_cosmos_trigger_function_reads_a_document_list() -> None:
    def main(documents: func.DocumentList) -> list[str]:
        return [document["id"] for document in documents]

    assert main(func.DocumentList([{"id": "a"}, {"id": "b"}])) == ["a", "b"]


def test_a_subclass_with_its_own_init_starts_empty() -> None:
    class MockDocument(Document):
        def __init__(self, name: str) -> None:
            self.name = name

    mock = MockDocument("m")
    assert mock == {}
    assert mock.name == "m"
    mock["id"] = "x"
    assert mock.to_json() == '{"id": "x"}'
