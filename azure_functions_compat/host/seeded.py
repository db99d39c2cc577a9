"""Cosmos DB, table and SQL input bindings, served from data the user seeds.

The host has no database. A test (or the command line) seeds what the inputs should find:
documents of a Cosmos DB container, entities of a storage table, rows of a SQL table, kept
per app in :class:`SeededData` (``app.seeded_data``). The input bindings then read them,
filtered by the binding's settings as far as local data allows:

* ``cosmosDB``: ``id`` (with ``partitionKey``), or ``sqlQuery`` in the subset
  ``SELECT * FROM c [WHERE c.a = <literal> [AND c.b.c = <literal> ...]]`` (literals:
  'text', "text", numbers, true, false, null);
* ``table``: ``partitionKey`` and ``rowKey`` (one entity), ``filter`` in the subset
  ``<Property> <eq|ne|gt|ge|lt|le> <literal> [and ...]`` (literals: 'text', numbers, true,
  false), ``take``; entities a ``table`` output writes are kept there too;
* ``sql``: ``commandText`` in the subset ``SELECT <* | column, ...> FROM [schema.]table
  [WHERE column = @parameter [AND ...]]`` with ``commandType`` ``Text`` and
  ``parameters`` such as ``@Id={Query.id}``.

Anything outside these subsets is refused with one line naming the binding.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable, Optional

from .converters import BindingConverter, Call
from .errors import BindingError
from .events import CosmosDBOutputBinding, TableOutputBinding
from .storage.azure_tables import check_entity_key, query_filter
from .storage.base import StorageError

if TYPE_CHECKING:
    from .storage.azure_tables import AzureTables

__all__ = ["CosmosDBBinding", "SeededData", "SqlBinding", "TableBinding"]


def _key(*names: str) -> tuple[str, ...]:
    return tuple(name.lower() for name in names)


def _check_name(owner: str, param: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        from .._validation import fail_type

        raise fail_type(owner, param, "a non-empty str", value)
    return value


def _check_records(owner: str, param: str, records: object) -> list[dict[str, Any]]:
    if isinstance(records, Mapping) or not isinstance(records, (list, tuple)):
        from .._validation import fail_type

        raise fail_type(owner, param, "a list of dicts", records)
    checked = []
    for index, record in enumerate(records):
        if not isinstance(record, Mapping) or not all(isinstance(key, str) for key in record):
            raise TypeError(
                f"{owner}: {param}[{index}] must be a dict with str keys, got "
                f"{type(record).__name__}"
            )
        checked.append(dict(record))
    return checked


class SeededData:
    """Documents, table entities and SQL rows that the app's input bindings read.

    Names are matched without regard to case, as the services match them. Adding to a
    container, table or SQL table appends to what it holds; :meth:`clear` empties all.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._documents: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        self._partition_paths: dict[tuple[str, ...], str] = {}
        self._entities: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        self._rows: dict[tuple[str, ...], list[dict[str, Any]]] = {}

    def add_documents(
        self,
        database: str,
        container: str,
        documents: list[dict[str, Any]],
        *,
        partition_key: str = "/id",
    ) -> None:
        """Put ``documents`` (dicts, each with an ``id``) in a Cosmos DB container.

        ``partition_key`` is the container's partition key path (``/category``). Raises
        TypeError for names or documents of the wrong type, ValueError for a document
        without a str ``id`` or a path that does not start with ``/``.
        """
        owner = "SeededData.add_documents"
        key = _key(
            _check_name(owner, "database", database), _check_name(owner, "container", container)
        )
        checked = _check_records(owner, "documents", documents)
        for index, document in enumerate(checked):
            if not isinstance(document.get("id"), str):
                raise ValueError(f"{owner}: documents[{index}] needs a str 'id'")
        if not isinstance(partition_key, str) or not partition_key.startswith("/"):
            raise ValueError(
                f"{owner}: partition_key must be a path like '/category', got {partition_key!r}"
            )
        with self._lock:
            self._documents.setdefault(key, []).extend(checked)
            self._partition_paths[key] = partition_key

    def add_entities(
        self, table: str, entities: list[dict[str, Any]], *, replace: bool = True
    ) -> None:
        """Put ``entities`` (dicts with str ``PartitionKey`` and ``RowKey``) in a table.

        An entity with the keys of one already there replaces it. With ``replace=False``, as
        a ``table`` output adds entities, such an entity (or two with the same keys) is a
        ValueError instead, and none of ``entities`` is added. Raises TypeError or ValueError
        for malformed entities.
        """
        owner = "SeededData.add_entities"
        key = _key(_check_name(owner, "table", table))
        checked = _check_records(owner, "entities", entities)
        for index, entity in enumerate(checked):
            for name in ("PartitionKey", "RowKey"):
                if not isinstance(entity.get(name), str):
                    raise ValueError(f"{owner}: entities[{index}] needs a str {name!r}")
        with self._lock:
            stored = self._entities.setdefault(key, [])
            if not replace:
                seen = {(old["PartitionKey"], old["RowKey"]) for old in stored}
                for entity in checked:
                    keys = (entity["PartitionKey"], entity["RowKey"])
                    if keys in seen:
                        raise ValueError(
                            f"the entity (PartitionKey {keys[0]!r}, RowKey {keys[1]!r}) exists "
                            f"already in table {table!r} (the Functions host fails with 409 "
                            'EntityAlreadyExists); a table output adds entities: give it "ETag": '
                            '"*" to replace one'
                        )
                    seen.add(keys)
            for entity in checked:
                stored[:] = [
                    old
                    for old in stored
                    if (old["PartitionKey"], old["RowKey"])
                    != (entity["PartitionKey"], entity["RowKey"])
                ]
                stored.append(entity)

    def add_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Put ``rows`` (dicts of column to value) in a SQL table (``dbo.ToDo`` or ``ToDo``)."""
        owner = "SeededData.add_rows"
        key = _key(_check_name(owner, "table", table).split(".")[-1].strip("[]"))
        checked = _check_records(owner, "rows", rows)
        with self._lock:
            self._rows.setdefault(key, []).extend(checked)

    def documents(self, database: str, container: str) -> list[dict[str, Any]]:
        """The documents of a container (copies), in the order they were added."""
        with self._lock:
            return [dict(item) for item in self._documents.get(_key(database, container), [])]

    def entities(self, table: str) -> list[dict[str, Any]]:
        """The entities of a table (copies)."""
        with self._lock:
            return [dict(item) for item in self._entities.get(_key(table), [])]

    def rows(self, table: str) -> list[dict[str, Any]]:
        """The rows of a SQL table (copies)."""
        with self._lock:
            return [dict(item) for item in self._rows.get(_key(table.split(".")[-1]), [])]

    def partition_key_path(self, database: str, container: str) -> str:
        """The partition key path of a container (``/id`` unless seeded otherwise)."""
        return self._partition_paths.get(_key(database, container), "/id")

    def clear(self) -> None:
        """Forget every document, entity and row."""
        with self._lock:
            self._documents.clear()
            self._partition_paths.clear()
            self._entities.clear()
            self._rows.clear()

    def load_file(self, kind: str, target: str, path: str) -> None:
        """Seed from a JSON file, as the command line's ``--documents``, ``--table``, ``--rows``.

        ``kind`` is ``documents`` (``target`` ``database/container``; the file holds an array
        of documents, or ``{"partitionKey": "/path", "documents": [...]}``), ``entities`` or
        ``rows`` (``target`` the table; the file holds an array). Raises ValueError naming
        the file for unreadable or malformed content.
        """
        try:
            with open(path, "rb") as handle:
                content = json.loads(handle.read().decode("utf-8-sig"))
        except OSError as exc:
            raise ValueError(f"{path}: cannot be read: {exc.strerror}") from None
        except (UnicodeDecodeError, ValueError) as exc:
            raise ValueError(f"{path}: is not JSON: {exc}") from None
        try:
            if kind == "documents":
                database, slash, container = target.partition("/")
                if not slash or not database or not container:
                    raise ValueError(f"expected DATABASE/CONTAINER, got {target!r}")
                path_key = "/id"
                if isinstance(content, Mapping):
                    path_key = content.get("partitionKey", "/id")
                    content = content.get("documents")
                self.add_documents(database, container, content, partition_key=path_key)
            elif kind == "entities":
                self.add_entities(target, content)
            else:
                self.add_rows(target, content)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{path}: {exc}") from None

    def __repr__(self) -> str:
        return (
            f"<SeededData containers={len(self._documents)} tables={len(self._entities)} "
            f"sql_tables={len(self._rows)}>"
        )


def _seeded(call: Call) -> SeededData:
    app = call.app
    data: Optional[SeededData] = getattr(app, "seeded_data", None) if app is not None else None
    return data if data is not None else SeededData()


def _where(call: Call, binding: Any) -> str:
    return f"{call.function.source}: binding {binding.name!r}"


# --- A tiny shared tokenizer for the query subsets ---------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\")|(?P<number>-?\d+(?:\.\d+)?)"
    r"|(?P<param>@\w+)|(?P<op><=|>=|<>|!=|=|<|>|,|\*)|(?P<word>\[?[A-Za-z_$][\w.$\[\]]*))"
)


def _tokens(text: str) -> Optional[list[tuple[str, str]]]:
    """The tokens of ``text`` as (kind, text), or None when something is not a token."""
    found: list[tuple[str, str]] = []
    position = 0
    text = text.strip().rstrip(";")
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            return None
        kind = match.lastgroup or ""
        found.append((kind, match.group(kind)))
        position = match.end()
    return found


def _literal(kind: str, text: str) -> tuple[bool, Any]:
    if kind == "string":
        body = text[1:-1]
        return True, body.replace("''", "'") if text[0] == "'" else json.loads(text)
    if kind == "number":
        return True, float(text) if "." in text else int(text)
    if kind == "word" and text.lower() in ("true", "false", "null"):
        return True, {"true": True, "false": False, "null": None}[text.lower()]
    return False, None


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda left, right: left == right,
    "eq": lambda left, right: left == right,
    "ne": lambda left, right: left != right,
    "!=": lambda left, right: left != right,
    "<>": lambda left, right: left != right,
    "gt": lambda left, right: left > right,
    "ge": lambda left, right: left >= right,
    "lt": lambda left, right: left < right,
    "le": lambda left, right: left <= right,
}


def _matches(record: Mapping[str, Any], conditions: list[tuple[list[str], str, Any]]) -> bool:
    for path, operator, expected in conditions:
        value: Any = record
        for part in path:
            value = value.get(part) if isinstance(value, Mapping) else None
        try:
            if not _COMPARE[operator](value, expected):
                return False
        except TypeError:
            return False
    return True


# --- Cosmos DB -----------------------------------------------------------------------------

_COSMOS_SUBSET = (
    "SELECT * FROM c [WHERE c.field = <literal> [AND ...]], literals 'text', numbers, "
    "true, false, null"
)


def _cosmos_query(
    query: str, refuse: Callable[[str], BindingError]
) -> list[tuple[list[str], str, Any]]:
    tokens = _tokens(query)
    if tokens is None or len(tokens) < 4:
        raise refuse(query)
    words = [text.lower() if kind == "word" else text for kind, text in tokens]
    if words[:3] != ["select", "*", "from"] or tokens[3][0] != "word":
        raise refuse(query)
    alias = tokens[3][1]
    rest = tokens[4:]
    if rest and rest[0][0] == "word" and rest[0][1].lower() not in ("where",):
        alias, rest = rest[0][1], rest[1:]  # FROM container alias
    conditions: list[tuple[list[str], str, Any]] = []
    if not rest:
        return conditions
    if rest[0][1].lower() != "where":
        raise refuse(query)
    rest = rest[1:]
    while rest:
        if len(rest) < 3 or rest[0][0] != "word" or rest[1][1] != "=":
            raise refuse(query)
        path = rest[0][1].split(".")
        is_literal, value = _literal(*rest[2])
        if path[0] != alias or len(path) < 2 or not is_literal:
            raise refuse(query)
        conditions.append((path[1:], "=", value))
        rest = rest[3:]
        if rest:
            if rest[0][1].lower() != "and":
                raise refuse(query)
            rest = rest[1:]
            if not rest:
                raise refuse(query)
    return conditions


class CosmosDBBinding(CosmosDBOutputBinding):
    """``cosmosDB``: documents written by outputs; for inputs, read from seeded documents."""

    input_kinds = ("DocumentList", "Document", "list")

    def read(self, binding: Any, call: Call) -> Any:
        from ..cosmosdb import DocumentList

        where = _where(call, binding)
        database = call.resolve(binding, "databaseName")
        container = call.resolve(binding, "containerName", required=False) or call.resolve(
            binding, "collectionName"
        )
        assert database is not None
        assert container is not None
        data = _seeded(call)
        documents = data.documents(database, container)
        document_id = call.resolve(binding, "id", required=False)
        partition_key = call.resolve(binding, "partitionKey", required=False)
        query = call.resolve(binding, "sqlQuery", required=False)
        if document_id is not None:
            path = data.partition_key_path(database, container).strip("/").split("/")
            found = [
                document
                for document in documents
                if document.get("id") == document_id
                and (partition_key is None or _matches(document, [(path, "=", partition_key)]))
            ]
            # A missing document binds as None, as under the worker.
            return DocumentList(found[:1]) if found else None
        if query is not None:

            def refuse(text: str) -> BindingError:
                return BindingError(
                    f"{where}: sqlQuery {text!r} is outside what the host serves from seeded "
                    f"documents ({_COSMOS_SUBSET})"
                )

            conditions = _cosmos_query(query, refuse)
            documents = [document for document in documents if _matches(document, conditions)]
        return DocumentList(documents)

    def convert(self, value: Any, kind: Optional[str], binding: Any) -> Any:
        if kind == "Document" and value is not None:
            return value[0] if value else None
        return value


# --- Tables --------------------------------------------------------------------------------

_TABLE_SUBSET = (
    "<Property> eq|ne|gt|ge|lt|le <literal> [and ...], literals 'text', numbers, true, false"
)


def _table_filter(
    text: str, refuse: Callable[[str], BindingError]
) -> list[tuple[list[str], str, Any]]:
    tokens = _tokens(text)
    if not tokens:
        raise refuse(text)
    conditions: list[tuple[list[str], str, Any]] = []
    while tokens:
        if len(tokens) < 3 or tokens[0][0] != "word" or tokens[1][1].lower() not in _COMPARE:
            raise refuse(text)
        operator = tokens[1][1].lower()
        if operator in ("=", "!=", "<>"):
            raise refuse(text)
        kind, literal_text = tokens[2]
        if kind == "string" and literal_text.startswith('"'):
            raise refuse(text)
        is_literal, value = _literal(kind, literal_text)
        if not is_literal:
            raise refuse(text)
        conditions.append(([tokens[0][1]], operator, value))
        tokens = tokens[3:]
        if tokens:
            if tokens[0][1].lower() != "and" or len(tokens) == 1:
                raise refuse(text)
            tokens = tokens[1:]
    return conditions


def _take(binding: Any, where: str) -> Optional[int]:
    take = binding.get("take")
    if take is None:
        return None
    if isinstance(take, str) and take.isdigit():
        take = int(take)
    if isinstance(take, bool) or not isinstance(take, int) or take < 1:
        raise BindingError(f"{where}: take must be a whole number of at least 1, got {take!r}")
    return take


def _azure_tables(call: Call, binding: Any) -> Optional[AzureTables]:
    """The account's tables when the binding's storage is Azure, else None (seeded data)."""
    from .storage.azure import AzureStorage

    storage = call.storage_for(binding)
    return storage.tables if isinstance(storage, AzureStorage) else None


def _read_azure(
    tables: AzureTables,
    binding: Any,
    call: Call,
    table: str,
    partition_key: Optional[str],
    row_key: Optional[str],
) -> Optional[str]:
    """A table input from an account: one entity (or None) by keys, else a JSON array."""
    where = _where(call, binding)
    try:
        if partition_key is not None and row_key is not None:
            found = tables.get_entity(table, partition_key, row_key)
            return None if found is None else json.dumps(found)
        if row_key is not None:
            matches = tables.query(table, query_filter(None, row_key, None), 1)
            return json.dumps(matches[0]) if matches else None
        text = call.resolve(binding, "filter", required=False)
        query = query_filter(partition_key, None, text)
        return json.dumps(tables.query(table, query, _take(binding, where)))
    except BindingError:
        raise
    except (TypeError, ValueError) as exc:  # StorageError too: name the function and binding
        raise BindingError(f"{where}: {exc}") from None


def _add_seeded(data: SeededData, table: str, entities: list[dict[str, Any]]) -> None:
    """A table output's entities into seeded data: added, or with an ``ETag`` replacing.

    The ETag and Timestamp are the service's own, not properties: they are not kept.
    """
    added: list[dict[str, Any]] = []
    replacing: list[dict[str, Any]] = []
    for entity in entities:
        etag = None
        kept = {}
        for key, value in entity.items():
            if key.lower() == "etag":
                etag = value
            elif key.lower() != "timestamp":
                kept[key] = value
        (replacing if etag else added).append(kept)
    data.add_entities(table, added, replace=False)
    data.add_entities(table, replacing)


class TableBinding(TableOutputBinding):
    """``table``: outputs keep their entities; inputs read them (JSON text), filtered."""

    input_kinds = ("str", "bytes")

    def write(self, binding: Any, value: Any, call: Call) -> Any:
        written = super().write(binding, value, call)
        if written is None:
            return None
        from .._json import loads

        decoded = loads("a table entity", written, BindingError)
        entities = decoded if isinstance(decoded, list) else [decoded]
        partition_key = call.resolve(binding, "partitionKey", required=False)
        row_key = call.resolve(binding, "rowKey", required=False)
        table = call.resolve(binding, "tableName")
        assert table is not None
        filled = [
            {"PartitionKey": partition_key, "RowKey": row_key, **entity} for entity in entities
        ]
        where = _where(call, binding)
        tables = _azure_tables(call, binding)
        try:
            for entity in filled:
                for key in ("PartitionKey", "RowKey"):
                    check_entity_key("a table entity", key, entity[key])
            if tables is not None:
                tables.add_entities(table, filled)
            else:
                _add_seeded(_seeded(call), table, filled)
        except StorageError:
            raise
        except (TypeError, ValueError) as exc:
            raise BindingError(f"{where}: {exc}") from None
        return written

    def read(self, binding: Any, call: Call) -> Any:
        where = _where(call, binding)
        table = call.resolve(binding, "tableName")
        assert table is not None
        partition_key = call.resolve(binding, "partitionKey", required=False)
        row_key = call.resolve(binding, "rowKey", required=False)
        tables = _azure_tables(call, binding)
        if tables is not None:
            return _read_azure(tables, binding, call, table, partition_key, row_key)
        entities = _seeded(call).entities(table)
        if partition_key is not None:
            entities = [entity for entity in entities if entity["PartitionKey"] == partition_key]
        if row_key is not None:
            found = [entity for entity in entities if entity["RowKey"] == row_key]
            return json.dumps(found[0]) if found else None
        text = call.resolve(binding, "filter", required=False)
        if text:

            def refuse(query: str) -> BindingError:
                return BindingError(
                    f"{where}: filter {query!r} is outside what the host serves from seeded "
                    f"entities ({_TABLE_SUBSET})"
                )

            conditions = _table_filter(text, refuse)
            entities = [entity for entity in entities if _matches(entity, conditions)]
        take = _take(binding, where)
        if take is not None:
            entities = entities[:take]
        return json.dumps(entities)

    def convert(self, value: Any, kind: Optional[str], binding: Any) -> Any:
        if kind == "bytes" and isinstance(value, str):
            return value.encode("utf-8")
        return value


# --- SQL -----------------------------------------------------------------------------------

_SQL_SUBSET = (
    "SELECT * or columns FROM [schema.]table [WHERE column = @parameter [AND ...]], "
    "commandType Text"
)


def _sql_parameters(text: Optional[str], refuse: Callable[[], BindingError]) -> dict[str, str]:
    parameters: dict[str, str] = {}
    if not text:
        return parameters
    for part in text.split(","):
        name, equals, value = part.partition("=")
        if not equals or not name.strip().startswith("@"):
            raise refuse()
        parameters[name.strip().lower()] = value
    return parameters


class SqlBinding(BindingConverter):
    """``sql`` input: rows of a seeded SQL table, as a SqlRowList."""

    input_kinds = ("SqlRowList", "list")

    def read(self, binding: Any, call: Call) -> Any:
        from ..sql import SqlRowList

        where = _where(call, binding)
        command = call.resolve(binding, "commandText")
        assert command is not None

        def refuse() -> BindingError:
            return BindingError(
                f"{where}: commandText {command!r} is outside what the host serves from seeded "
                f"rows ({_SQL_SUBSET})"
            )

        command_type = binding.get("commandType", "Text")
        if not isinstance(command_type, str) or command_type.lower() != "text":
            raise refuse()
        parameters = _sql_parameters(call.resolve(binding, "parameters", required=False), refuse)
        tokens = _tokens(command)
        if tokens is None or len(tokens) < 4 or tokens[0][1].lower() != "select":
            raise refuse()
        columns: Optional[list[str]] = None
        position = 1
        if tokens[1][1] == "*":
            position = 2
        else:
            columns = []
            while position < len(tokens) and tokens[position][0] == "word":
                columns.append(tokens[position][1].strip("[]"))
                position += 1
                if position < len(tokens) and tokens[position][1] == ",":
                    position += 1
                else:
                    break
        if (
            position + 1 >= len(tokens)
            or tokens[position][1].lower() != "from"
            or tokens[position + 1][0] != "word"
        ):
            raise refuse()
        table = tokens[position + 1][1]
        rest = tokens[position + 2 :]
        conditions: list[tuple[list[str], str, Any]] = []
        if rest:
            if rest[0][1].lower() != "where":
                raise refuse()
            rest = rest[1:]
            while rest:
                if len(rest) < 3 or rest[0][0] != "word" or rest[1][1] != "=":
                    raise refuse()
                kind, text = rest[2]
                if kind == "param":
                    if text.lower() not in parameters:
                        raise BindingError(f"{where}: parameters has no value for {text}")
                    value: Any = parameters[text.lower()]
                else:
                    is_literal, value = _literal(kind, text)
                    if not is_literal:
                        raise refuse()
                conditions.append(([rest[0][1].strip("[]")], "=", value))
                rest = rest[3:]
                if rest:
                    if rest[0][1].lower() != "and" or len(rest) == 1:
                        raise refuse()
                    rest = rest[1:]
        rows = [
            row
            for row in _seeded(call).rows(table.strip("[]"))
            if all(_sql_equal(row.get(path[0]), expected) for path, _, expected in conditions)
        ]
        if columns is not None:
            rows = [{column: row.get(column) for column in columns} for row in rows]
        return SqlRowList(rows)


def _sql_equal(value: Any, expected: Any) -> bool:
    """Equality as SQL compares a column with a parameter given as text."""
    if isinstance(expected, str) and not isinstance(value, str) and value is not None:
        return (
            str(value).lower() == expected.lower()
            if isinstance(value, bool)
            else str(value) == expected
        )
    return bool(value == expected)
