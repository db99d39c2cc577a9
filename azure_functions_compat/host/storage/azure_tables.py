"""Table entities in Azure Storage (or Azurite), through ``azure-data-tables``.

What the ``table`` input and output bindings do against an account, as the Functions
Tables extension does it for languages other than .NET:

* an input with ``partitionKey`` and ``rowKey`` is one entity, or None when the entity or
  its table is missing; any other input is a query (``partitionKey``, ``filter`` as OData,
  ``take``) whose table must exist;
* an entity handed to a function is a JSON object of ``PartitionKey``, ``RowKey`` and its
  properties, without ``Timestamp`` and the ETag; dates are ISO 8601 text, binary values
  base64 text;
* an output *adds* entities, one transaction per partition (an entity already there fails
  with 409 ``EntityAlreadyExists``), unless the entity carries an ``ETag``: ``"*"`` replaces
  whatever is there, another value replaces the entity only while it still has that ETag.
  JSON whole numbers are stored as ``Edm.Int64``, objects and arrays as JSON text. The table
  is made on the first write.

Needs ``azure-data-tables`` (the ``[azure]`` extra), imported when a table is first used.
"""

from __future__ import annotations

import base64
import datetime
import json
import re
import uuid
from contextlib import AbstractContextManager, suppress
from typing import Any, Optional

from .azure import error_code, parse_connection_string, sdk_errors
from .base import StorageError

_EXTRA = "pip install 'azure-functions-compat[azure]'"
_TABLE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]{2,62}")
_TABLE_RULE = "3 to 63 letters and digits, starting with a letter"
# What a PartitionKey or RowKey may not hold (the service refuses them, or a URL breaks).
_BAD_KEY_CHARS = re.compile("[/\\\\#?\x00-\x1f\x7f-\x9f]")
# The service takes at most 100 operations in one transaction.
_MAX_BATCH = 100


def check_table_name(owner: str, name: object) -> str:
    """Validate a table name by Azure's rule; ValueError (TypeError for a non-str) if not."""
    if not isinstance(name, str):
        raise TypeError(f"{owner}: table name must be a str, got {type(name).__name__}")
    if not _TABLE_NAME.fullmatch(name):
        raise ValueError(
            f"{owner}: table name must be {_TABLE_RULE} (Azure's rule), got {name[:80]!r}"
        )
    return name


def check_entity_key(owner: str, name: str, value: object) -> str:
    """Validate a ``PartitionKey`` or ``RowKey`` value as the Functions host does."""
    if not isinstance(value, str):
        raise ValueError(f"{owner}: the entity needs a str {name}, got {type(value).__name__}")
    if _BAD_KEY_CHARS.search(value):
        raise ValueError(
            f"{owner}: {name} {value[:80]!r} is not a valid partition or row key: it may not "
            "hold '/', '\\', '#', '?' or control characters"
        )
    return value


def _odata_text(value: str) -> str:
    """``value`` as an OData string literal."""
    return "'" + value.replace("'", "''") + "'"


def query_filter(
    partition_key: Optional[str], row_key: Optional[str], user_filter: Optional[str]
) -> Optional[str]:
    """The OData filter of a query input: the keys' predicates and the binding's filter."""
    parts = []
    if partition_key is not None:
        parts.append(f"PartitionKey eq {_odata_text(partition_key)}")
    if row_key is not None:
        parts.append(f"RowKey eq {_odata_text(row_key)}")
    if user_filter:
        parts.append(f"({user_filter})" if parts else user_filter)
    return " and ".join(parts) or None


def _json_value(value: Any) -> Any:
    """A property value as the Functions host puts it in an entity's JSON."""
    from azure.data.tables import EntityProperty

    if isinstance(value, EntityProperty):
        value = value.value
    if isinstance(value, datetime.datetime):
        head, dot, rest = value.isoformat().partition(".")
        if not dot:
            return head
        digits = rest[:6].rstrip("0")  # .NET writes no trailing zeros of the fraction
        return f"{head}.{digits}{rest[6:]}" if digits else head + rest[6:]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def entity_to_json(entity: Any) -> dict[str, Any]:
    """An SDK entity as the JSON object a function gets (no Timestamp, no ETag)."""
    return {
        key: _json_value(value)
        for key, value in entity.items()
        if key.lower() not in ("timestamp", "odata.etag", "etag")
    }


def entity_from_json(entity: dict[str, Any]) -> tuple[dict[str, Any], Optional[str]]:
    """A JSON entity as the SDK writes it, typed as the Functions host types it, and its ETag.

    Keys ``PartitionKey``, ``RowKey`` and ``ETag`` are matched without regard to case.
    """
    from azure.data.tables import EdmType, EntityProperty

    written: dict[str, Any] = {}
    etag: Optional[str] = None
    for key, value in entity.items():
        lowered = key.lower()
        if lowered == "etag":
            etag = None if value is None else str(value)
            continue
        if lowered == "timestamp" or value is None:
            continue  # the service keeps Timestamp itself; null is no property
        if lowered in ("partitionkey", "rowkey"):
            key = "PartitionKey" if lowered == "partitionkey" else "RowKey"
        elif isinstance(value, int) and not isinstance(value, bool):
            value = EntityProperty(value, EdmType.INT64)
        elif isinstance(value, (dict, list)):
            value = json.dumps(value, indent=2, ensure_ascii=False)
        written[key] = value
    return written, etag


class AzureTables:
    """The tables of one storage account: what the ``table`` bindings read and write.

    ``connection_string`` is what the app setting ``setting`` holds; ``setting`` only names it
    in messages. Raises ValueError for a malformed connection string and StorageError when
    ``azure-data-tables`` is not installed; every call raises StorageError (one line naming
    the setting and the table endpoint, never the key) when the service cannot be reached,
    refuses the credentials or refuses the request.
    """

    __slots__ = ("_clients", "_endpoint", "_service_client", "_setting")

    def __init__(self, connection_string: str, *, setting: str = "AzureWebJobsStorage") -> None:
        owner = "AzureTables"
        parts = parse_connection_string(owner, setting, connection_string)
        self._setting = setting
        self._clients: dict[str, Any] = {}
        try:
            from azure.data.tables import TableServiceClient
        except ImportError as exc:
            raise StorageError(
                f"{setting} names Azure Storage, whose tables need azure-data-tables "
                f"({exc.name} is missing): {_EXTRA}"
            ) from None
        from .azure import _connection_text

        try:
            # Few, quick retries: a test against a stopped emulator must fail in a second.
            self._service_client = TableServiceClient.from_connection_string(
                _connection_text(parts),
                retry_total=1,
                retry_backoff_factor=0.2,
                connection_timeout=5,
            )
        except ValueError as exc:
            raise ValueError(f"{owner}: {setting}: {str(exc).splitlines()[0]}") from None
        self._endpoint = str(self._service_client.url).rstrip("/")

    @property
    def endpoint(self) -> str:
        """The account's table endpoint, e.g. ``http://127.0.0.1:10002/devstoreaccount1``."""
        return self._endpoint

    def _table(self, owner: str, table: str) -> Any:
        check_table_name(owner, table)
        client = self._clients.get(table)
        if client is None:
            client = self._clients[table] = self._service_client.get_table_client(table)
        return client

    def _service(self, action: str) -> AbstractContextManager[None]:
        """Turn the SDK's errors into one-line StorageErrors naming setting and endpoint."""
        where = f"Azure storage ({self._setting} at {self._endpoint})"
        return sdk_errors(where, self._setting, "the table service", action)

    def get_entity(self, table: str, partition_key: str, row_key: str) -> Optional[dict[str, Any]]:
        """The entity with these keys as JSON-ready dict, or None when it or its table is
        missing."""
        from azure.core.exceptions import ResourceNotFoundError

        client = self._table("AzureTables.get_entity", table)
        with self._service(f"read an entity of table {table!r}"):
            try:
                found = client.get_entity(partition_key, row_key)
            except ResourceNotFoundError:
                return None
        return entity_to_json(found)

    def query(
        self, table: str, query: Optional[str] = None, take: Optional[int] = None
    ) -> list[dict[str, Any]]:
        """The entities ``query`` (an OData filter; None for all) matches, at most ``take``.

        Raises StorageError when the table does not exist, as the Functions host fails such
        an input.
        """
        from azure.core.exceptions import ResourceNotFoundError

        client = self._table("AzureTables.query", table)
        found: list[dict[str, Any]] = []
        action = f"query table {table!r}" + (f" with filter {query!r}" if query else "")
        with self._service(action):
            try:
                if query:
                    pages = client.query_entities(query, results_per_page=take)
                else:
                    pages = client.list_entities(results_per_page=take)
                for entity in pages:
                    found.append(entity_to_json(entity))
                    if take is not None and len(found) >= take:
                        break
            except ResourceNotFoundError:
                raise StorageError(
                    f"Azure storage ({self._setting} at {self._endpoint}): table {table!r} "
                    "does not exist (a query input fails on a missing table, as in the "
                    "Functions host)"
                ) from None
        return found

    def add_entities(self, table: str, entities: list[dict[str, Any]]) -> None:
        """Write JSON entities as a ``table`` output does (see the module), making the table
        when it is missing. Each entity needs str ``PartitionKey`` and ``RowKey``."""
        owner = "AzureTables.add_entities"
        client = self._table(owner, table)
        pending: dict[str, list[tuple[Any, ...]]] = {}
        for entity in entities:
            written, etag = entity_from_json(entity)
            partition = check_entity_key(owner, "PartitionKey", written.get("PartitionKey"))
            row = check_entity_key(owner, "RowKey", written.get("RowKey"))
            batch = pending.setdefault(partition, [])
            if any(operation[1]["RowKey"] == row for operation in batch):
                # One transaction may touch a row once: send what came before first.
                self._submit(client, table, batch)
                batch.clear()
            batch.append(_operation(written, etag))
            if len(batch) >= _MAX_BATCH:
                self._submit(client, table, batch)
                batch.clear()
        for batch in pending.values():
            if batch:
                self._submit(client, table, batch)

    def _submit(self, client: Any, table: str, batch: list[tuple[Any, ...]]) -> None:
        from azure.core.exceptions import ResourceExistsError, ResourceNotFoundError
        from azure.data.tables import TableTransactionError

        action = f"write entities to table {table!r}"
        with self._service(action):
            try:
                try:
                    client.submit_transaction(list(batch))
                except (TableTransactionError, ResourceNotFoundError) as exc:
                    if error_code(exc) not in ("TableNotFound", "ResourceNotFound"):
                        raise
                    with suppress(ResourceExistsError):
                        client.create_table()
                    client.submit_transaction(list(batch))
            except TableTransactionError as exc:
                if error_code(exc) != "EntityAlreadyExists":
                    raise
                index = getattr(exc, "index", 0) or 0
                entity = batch[index if 0 <= index < len(batch) else 0][1]
                raise StorageError(
                    f"Azure storage ({self._setting} at {self._endpoint}): cannot add the entity "
                    f"(PartitionKey {entity['PartitionKey']!r}, RowKey {entity['RowKey']!r}) "
                    f"to table {table!r}: it exists already (409 EntityAlreadyExists); a table "
                    'output adds entities, as in the Functions host: give it "ETag": "*" to '
                    "replace one"
                ) from None

    def delete_table(self, table: str) -> None:
        """Delete ``table`` if it exists (for tests that made it)."""
        client = self._table("AzureTables.delete_table", table)
        with self._service(f"delete table {table!r}"):
            client.delete_table()

    def __repr__(self) -> str:
        return f"AzureTables({self._setting} at {self._endpoint})"


def _operation(entity: dict[str, Any], etag: Optional[str]) -> tuple[Any, ...]:
    """The transaction operation of one output entity: add, upsert or conditional update."""
    if etag is None or etag == "":
        return ("create", entity)
    if etag == "*":
        return ("upsert", entity, {"mode": "replace"})
    from azure.core import MatchConditions

    return (
        "update",
        entity,
        {"mode": "replace", "etag": etag, "match_condition": MatchConditions.IfNotModified},
    )


__all__ = [
    "AzureTables",
    "check_entity_key",
    "check_table_name",
    "entity_from_json",
    "entity_to_json",
    "query_filter",
]
