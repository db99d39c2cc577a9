from __future__ import annotations

import re
from typing import Any

import pytest

import azure_functions_compat as func
from azure_functions_compat.mysql import MySqlRow, MySqlRowList

# The dict and JSON behaviour MySqlRow shares with Document is specified in test_cosmosdb.py.


def test_they_are_the_top_level_and_the_submodule_names() -> None:
    assert func.MySqlRow is MySqlRow
    assert func.MySqlRowList is MySqlRowList


def test_the_documented_input_function_serializes_rows() -> None:
    def main(products: func.MySqlRowList) -> str:
        import json

        return json.dumps([row for row in products])

    rows = func.MySqlRowList([{"ProductId": 1, "Name": "Widget"}])
    assert main(rows) == '[{"ProductId": 1, "Name": "Widget"}]'


def test_the_documented_output_builds_a_row_from_json() -> None:
    row = func.MySqlRow.from_json('{"ProductId": 2, "Cost": 10.5}')
    assert type(row) is MySqlRow
    assert row["Cost"] == 10.5


def test_a_row_list_turns_mappings_into_rows() -> None:
    rows = MySqlRowList([{"Id": 1}, MySqlRow(Id=2)])
    assert [type(row) for row in rows] == [MySqlRow, MySqlRow]
    assert rows == [{"Id": 1}, {"Id": 2}]


def test_to_dict_gives_a_plain_dict_copy_as_in_azure_functions_2() -> None:
    row = MySqlRow({"Id": 1})
    plain = row.to_dict()
    assert (type(plain), plain) == (dict, {"Id": 1})


def test_a_row_list_converts_to_dicts_and_json() -> None:
    rows = MySqlRowList([{"Id": 1}, {"Id": 2}])
    assert rows.to_dict() == [{"Id": 1}, {"Id": 2}]
    assert all(type(item) is dict for item in rows.to_dict())
    assert rows.to_json() == '[{"Id": 1}, {"Id": 2}]'


@pytest.mark.parametrize(
    ("initlist", "message"),
    [
        (1, "initlist must be an iterable of mappings, or None, got 1 (int)"),
        ([None], "item must be a MySqlRow or a mapping, got None (NoneType)"),
    ],
)
def test_a_row_list_refuses_what_is_not_rows(initlist: Any, message: str) -> None:
    with pytest.raises(TypeError, match="^MySqlRowList: " + re.escape(message)):
        MySqlRowList(initlist)


def test_repr_of_a_row_list_shows_the_rows() -> None:
    assert repr(MySqlRowList([{"Id": 1}])) == "MySqlRowList([MySqlRow({'Id': 1})])"
