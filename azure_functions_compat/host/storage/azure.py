"""Blobs and queues in Azure Storage (or Azurite), through the official SDKs.

Needs the ``[azure]`` extra (``azure-storage-blob``, ``azure-storage-queue``); importing this
module does not import them, building an :class:`AzureStorage` does. The storage service
holds every claim, so any number of hosts sharing an account split a queue's messages
without taking one twice.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Optional, Union

from ..._validation import fail_type, fail_value
from .base import (
    QueuedMessage,
    StorageError,
    StoredBlob,
    check_blob_path,
    check_metadata,
    check_queue_name,
    check_receipt,
    check_receive,
    check_visibility_timeout,
    to_content,
)
from .memory import Storage

if TYPE_CHECKING:
    from .azure_tables import AzureTables

#: What ``UseDevelopmentStorage=true`` stands for: the storage emulator's well-known account
#: (its key is published with the emulator; it protects nothing).
DEVELOPMENT_STORAGE = (
    "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
    "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/"
    "KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"
    "QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;"
    "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;"
)

_EXTRA = "pip install 'azure-functions-compat[azure]'"
_ENCODINGS = ("base64", "none")
# Azure refuses a receive that hides a message for less than a second.
_MIN_RECEIVE_TIMEOUT = 1


def parse_connection_string(owner: str, setting: str, text: object) -> dict[str, str]:
    """The ``Key=Value`` parts of a storage connection string (``UseDevelopmentStorage=true``
    expanded); ValueError naming ``setting`` when it is not one. Never echoes a key."""
    if not isinstance(text, str):
        raise fail_type(owner, setting, "a storage connection string", text)
    parts: dict[str, str] = {}
    for item in text.split(";"):
        if not item.strip():
            continue
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            parts = {}
            break
        parts[key.strip().lower()] = value.strip()
    if parts.get("usedevelopmentstorage", "").lower() == "true":
        return parse_connection_string(owner, setting, DEVELOPMENT_STORAGE)
    has_account = "accountname" in parts and "accountkey" in parts
    has_endpoints = "blobendpoint" in parts or "queueendpoint" in parts
    if not parts or not (has_account or has_endpoints or "sharedaccesssignature" in parts):
        shown = text if "accountkey" not in text.lower() else "(a value with its key hidden)"
        raise ValueError(
            f"{owner}: {setting} must be a storage connection string "
            "('DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...' or "
            f"'UseDevelopmentStorage=true'), got {shown[:60]!r}"
        )
    account_key = parts.get("accountkey")
    if account_key is not None:
        try:
            base64.b64decode(account_key, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(
                f"{owner}: {setting}: AccountKey must be base64, as the portal shows it"
            ) from None
    return parts


def _connection_text(parts: dict[str, str]) -> str:
    names = {
        "defaultendpointsprotocol": "DefaultEndpointsProtocol",
        "accountname": "AccountName",
        "accountkey": "AccountKey",
        "blobendpoint": "BlobEndpoint",
        "queueendpoint": "QueueEndpoint",
        "tableendpoint": "TableEndpoint",
        "endpointsuffix": "EndpointSuffix",
        "sharedaccesssignature": "SharedAccessSignature",
    }
    return ";".join(f"{names.get(key, key)}={value}" for key, value in parts.items())


def error_code(exc: Any) -> str:
    """The storage service's error code of an SDK error (e.g. ``TableNotFound``), else its
    HTTP reason."""
    code = getattr(exc, "error_code", None)
    code = getattr(code, "value", code)
    return str(code or getattr(exc, "reason", "") or "")


@contextmanager
def sdk_errors(where: str, setting: str, service: str, action: str) -> Iterator[None]:
    """Turn the Azure SDK's errors raised inside into one-line StorageErrors: ``where`` names
    the setting and endpoint, ``service`` what could not be reached, ``action`` what was
    being done. The account key is never part of the text."""
    from azure.core.exceptions import (
        AzureError,
        HttpResponseError,
        ServiceRequestError,
        ServiceResponseError,
    )

    try:
        yield
    except (ServiceRequestError, ServiceResponseError) as exc:
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise StorageError(
            f"{where}: cannot reach {service} to {action} ({reason}); is the storage account "
            "(or Azurite) running and reachable?"
        ) from None
    except HttpResponseError as exc:
        code = error_code(exc)
        if exc.status_code in (401, 403):
            raise StorageError(
                f"{where}: the service refused the credentials ({exc.status_code} {code}) "
                f"to {action}; check the account name and key in {setting}"
            ) from None
        raise StorageError(f"{where}: cannot {action}: {exc.status_code} {code}") from None
    except AzureError as exc:
        text = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise StorageError(f"{where}: cannot {action}: {text}") from None


class AzureStorage(Storage):
    """Blobs and queues of an Azure Storage account (or Azurite), by connection string.

    ``connection_string`` is what the app setting ``setting`` holds (a storage connection
    string or ``UseDevelopmentStorage=true``); ``setting`` only names it in messages.
    ``message_encoding`` is ``"base64"`` (the Functions host's default) or ``"none"``, as in
    host.json ``extensions.queues.messageEncoding``. Containers and queues are made when first
    written to.

    Raises ValueError for a malformed connection string, StorageError when the SDKs are not
    installed; any call raises StorageError (one line naming the setting and the endpoint)
    when the service cannot be reached or refuses the credentials.
    """

    __slots__ = (
        "_blob_service",
        "_connection",
        "_encoding",
        "_endpoint",
        "_others",
        "_queue_clients",
        "_queue_service",
        "_setting",
        "_tables",
    )

    def __init__(
        self,
        connection_string: str,
        *,
        setting: str = "AzureWebJobsStorage",
        message_encoding: str = "base64",
    ) -> None:
        super().__init__()
        owner = "AzureStorage"
        if not isinstance(setting, str):
            raise fail_type(owner, "setting", "a str", setting)
        if message_encoding not in _ENCODINGS:
            raise fail_value(owner, "message_encoding", "'base64' or 'none'", message_encoding)
        parts = parse_connection_string(owner, setting, connection_string)
        self._setting = setting
        self._connection = connection_string
        self._others: dict[str, AzureStorage] = {}
        self._encoding = message_encoding
        self._queue_clients: dict[str, Any] = {}
        self._tables: Optional[AzureTables] = None
        try:
            from azure.storage.blob import BlobServiceClient, LinearRetry
            from azure.storage.queue import QueueServiceClient
        except ImportError as exc:
            raise StorageError(
                f"{setting} names Azure Storage, which needs the Azure SDKs ({exc.name} is "
                f"missing): {_EXTRA}"
            ) from None
        text = _connection_text(parts)
        # Few, quick retries: a test against a stopped emulator must fail in a second.
        options: dict[str, Any] = {
            "retry_policy": LinearRetry(backoff=1, retry_total=1, random_jitter_range=0),
            "connection_timeout": 5,
        }
        try:
            self._blob_service = BlobServiceClient.from_connection_string(text, **options)
            self._queue_service = QueueServiceClient.from_connection_string(text, **options)
        except ValueError as exc:
            raise ValueError(f"{owner}: {setting}: {exc}") from None
        self._endpoint = str(self._blob_service.url).rstrip("/")

    @property
    def endpoint(self) -> str:
        """The account's blob endpoint, e.g. ``http://127.0.0.1:10000/devstoreaccount1``."""
        return self._endpoint

    @property
    def connection_string(self) -> str:
        """The account's connection string, ``UseDevelopmentStorage=true`` spelt out: what the
        blob SDK clients handed to functions are made from."""
        return _connection_text(
            parse_connection_string("AzureStorage", self._setting, self._connection)
        )

    @property
    def message_encoding(self) -> str:
        """How queue message bodies are encoded in the service: ``base64`` or ``none``."""
        return self._encoding

    @property
    def tables(self) -> AzureTables:
        """The account's tables, which the ``table`` bindings read and write (made on first
        use; StorageError when ``azure-data-tables`` is not installed)."""
        if self._tables is None:
            from .azure_tables import AzureTables

            self._tables = AzureTables(self._connection, setting=self._setting)
        return self._tables

    def for_connection(self, connection: object, settings: Mapping[str, str]) -> Storage:
        """The account a binding's ``connection`` setting holds (``X`` or ``AzureWebJobsX``,
        as the Functions host looks it up); this one when the binding names none, or a
        setting that is not set."""
        if not isinstance(connection, str) or not connection:
            return self
        for name in (connection, f"AzureWebJobs{connection}"):
            value = settings.get(name)
            if value:
                break
        else:
            return self
        if value == self._connection:
            return self
        other = self._others.get(value)
        if other is None:
            other = AzureStorage(value, setting=name, message_encoding=self._encoding)
            self._others[value] = other
        return other

    def _service(self, action: str, what: str) -> contextlib.AbstractContextManager[None]:
        """Turn the SDK's errors into one-line StorageErrors naming setting and endpoint."""
        where = f"Azure storage ({self._setting} at {self._endpoint})"
        return sdk_errors(where, self._setting, "the service", f"{action} {what!r}")

    # --- Blobs ---------------------------------------------------------------------------

    def put_blob(
        self,
        path: str,
        data: Union[bytes, str],
        *,
        metadata: Optional[dict[str, str]] = None,
    ) -> StoredBlob:
        """Upload ``data`` (str is UTF-8 encoded) to ``container/name``, replacing any blob."""
        from azure.core.exceptions import ResourceExistsError, ResourceNotFoundError

        owner = "AzureStorage.put_blob"
        container, name = check_blob_path(owner, path)
        content = to_content(owner, "data", data)
        kept = check_metadata(owner, metadata)
        client = self._blob_service.get_blob_client(container, name)
        with self._service("write blob", path):
            try:
                answer = client.upload_blob(content, overwrite=True, metadata=kept)
            except ResourceNotFoundError:  # the container is not there yet
                with contextlib.suppress(ResourceExistsError):
                    self._blob_service.create_container(container)
                answer = client.upload_blob(content, overwrite=True, metadata=kept)
        return StoredBlob(path, content, kept, _etag_number(answer.get("etag")))

    def blob(self, path: str) -> Optional[StoredBlob]:
        """The blob at ``path`` with its metadata, or None when it (or its container) is absent."""
        from azure.core.exceptions import ResourceNotFoundError

        container, name = check_blob_path("AzureStorage.blob", path)
        client = self._blob_service.get_blob_client(container, name)
        with self._service("read blob", path):
            try:
                download = client.download_blob()
                content = download.readall()
            except ResourceNotFoundError:
                return None
        properties = download.properties
        metadata = dict(properties.metadata or {})
        return StoredBlob(path, bytes(content), metadata, _etag_number(properties.etag))

    def get_blob(self, path: str) -> Optional[bytes]:
        """The content of the blob at ``path``, or None."""
        found = self.blob(path)
        return None if found is None else found.data

    def delete_blob(self, path: str) -> bool:
        """Delete a blob; True when there was one."""
        from azure.core.exceptions import ResourceNotFoundError

        container, name = check_blob_path("AzureStorage.delete_blob", path)
        with self._service("delete blob", path):
            try:
                self._blob_service.get_blob_client(container, name).delete_blob()
            except ResourceNotFoundError:
                return False
        return True

    def _listed(self, prefix: str) -> Iterator[tuple[Any, str, Any]]:
        """Each blob whose ``container/name`` starts with ``prefix``, as (container client,
        path, listed item); a missing container lists nothing. Call inside _service."""
        from azure.core.exceptions import ResourceNotFoundError

        container_prefix, slash, name_prefix = prefix.partition("/")
        if slash:
            containers = [container_prefix]
        else:
            listed = self._blob_service.list_containers(name_starts_with=prefix or None)
            containers = [item.name for item in listed]
        for container in containers:
            client = self._blob_service.get_container_client(container)
            try:
                for item in client.list_blobs(name_starts_with=name_prefix or None):
                    yield client, f"{container}/{item.name}", item
            except ResourceNotFoundError:  # no such container (yet)
                continue

    def blobs(self, prefix: str = "") -> dict[str, bytes]:
        """Every blob whose ``container/name`` starts with ``prefix``, path to content."""
        if not isinstance(prefix, str):
            raise fail_type("AzureStorage.blobs", "prefix", "a str", prefix)
        found: dict[str, bytes] = {}
        with self._service("list blobs", prefix):
            for client, path, item in self._listed(prefix):
                found[path] = bytes(client.download_blob(item.name).readall())
        return dict(sorted(found.items()))

    def blob_etags(self, prefix: str = "") -> dict[str, str]:
        """The ETag of every blob whose ``container/name`` starts with ``prefix``, path to
        ETag, from the listing alone: no blob is downloaded."""
        if not isinstance(prefix, str):
            raise fail_type("AzureStorage.blob_etags", "prefix", "a str", prefix)
        found: dict[str, str] = {}
        with self._service("list blobs", prefix):
            for _client, path, item in self._listed(prefix):
                # The listing gives it bare, the blob's header quoted: as the header.
                bare = str(item.etag or "").strip('"')
                found[path] = f'"{bare}"'
        return dict(sorted(found.items()))

    # --- Queues --------------------------------------------------------------------------

    def _queue(self, queue: str) -> Any:
        client = self._queue_clients.get(queue)
        if client is None:
            client = self._queue_clients[queue] = self._queue_service.get_queue_client(queue)
        return client

    def _encode(self, content: bytes) -> str:
        if self._encoding == "base64":
            return base64.b64encode(content).decode("ascii")
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(
                "AzureStorage.put_message: body must be UTF-8 text when messageEncoding is "
                "'none' (the service keeps text); use base64 encoding for binary messages"
            ) from None

    def _decode(self, content: object) -> bytes:
        text = content if isinstance(content, str) else str(content or "")
        if self._encoding == "base64":
            try:
                return base64.b64decode(text, validate=True)
            except (binascii.Error, ValueError):
                pass  # put by someone who did not encode it: hand over the text as it is
        return text.encode("utf-8")

    def _record(self, message: Any, body: bytes) -> QueuedMessage:
        return QueuedMessage(
            id=str(message.id),
            body=body,
            dequeue_count=int(message.dequeue_count or 0),
            insertion_time=message.inserted_on,
            expiration_time=message.expires_on,
            next_visible_time=message.next_visible_on or message.inserted_on,
            pop_receipt=str(message.pop_receipt or ""),
        )

    def put_message(self, queue: str, body: Union[bytes, str]) -> QueuedMessage:
        """Send a message (str is UTF-8 encoded) to ``queue``, making the queue if needed."""
        from azure.core.exceptions import ResourceExistsError, ResourceNotFoundError

        owner = "AzureStorage.put_message"
        check_queue_name(owner, queue)
        content = to_content(owner, "body", body)
        text = self._encode(content)
        client = self._queue(queue)
        with self._service("send a message to queue", queue):
            try:
                sent = client.send_message(text)
            except ResourceNotFoundError:
                with contextlib.suppress(ResourceExistsError):
                    client.create_queue()
                sent = client.send_message(text)
        record = self._record(sent, content)
        # The contract: only a receive hands out receipts.
        return QueuedMessage(
            id=record.id,
            body=content,
            dequeue_count=0,
            insertion_time=record.insertion_time,
            expiration_time=record.expiration_time,
            next_visible_time=record.insertion_time,
            pop_receipt="",
        )

    def receive_messages(
        self, queue: str, *, max_messages: int = 1, visibility_timeout: float = 30.0
    ) -> list[QueuedMessage]:
        """Claim up to ``max_messages`` visible messages of ``queue`` (see Storage).

        The service counts the timeout in whole seconds, at least one: it is rounded up.
        """
        from azure.core.exceptions import ResourceNotFoundError

        owner = "AzureStorage.receive_messages"
        check_queue_name(owner, queue)
        timeout = check_receive(owner, max_messages, visibility_timeout)
        seconds = max(_MIN_RECEIVE_TIMEOUT, math.ceil(timeout))
        claimed: list[QueuedMessage] = []
        with self._service("receive messages from queue", queue):
            try:
                for message in self._queue(queue).receive_messages(
                    messages_per_page=min(32, max_messages),
                    max_messages=max_messages,
                    visibility_timeout=seconds,
                ):
                    claimed.append(self._record(message, self._decode(message.content)))
            except ResourceNotFoundError:
                return []
        return claimed

    def delete_message(self, queue: str, message_id: str, pop_receipt: str) -> bool:
        """Delete a received message with its current receipt; True if deleted."""
        from azure.core.exceptions import HttpResponseError, ResourceNotFoundError

        owner = "AzureStorage.delete_message"
        check_queue_name(owner, queue)
        check_receipt(owner, message_id, pop_receipt)
        if not message_id or not pop_receipt:
            return False
        with self._service("delete a message of queue", queue):
            try:
                self._queue(queue).delete_message(message_id, pop_receipt)
            except ResourceNotFoundError:
                return False
            except HttpResponseError as exc:
                if exc.status_code == 400:  # a receipt or id the service cannot parse
                    return False
                raise
        return True

    def release_message(
        self,
        queue: str,
        message_id: str,
        pop_receipt: str,
        *,
        visibility_timeout: float = 0.0,
    ) -> bool:
        """Make a received message visible again after ``visibility_timeout`` seconds."""
        from azure.core.exceptions import HttpResponseError, ResourceNotFoundError

        owner = "AzureStorage.release_message"
        check_queue_name(owner, queue)
        check_receipt(owner, message_id, pop_receipt)
        timeout = check_visibility_timeout(owner, visibility_timeout)
        if not message_id or not pop_receipt:
            return False
        with self._service("release a message of queue", queue):
            try:
                self._queue(queue).update_message(
                    message_id, pop_receipt=pop_receipt, visibility_timeout=math.ceil(timeout)
                )
            except ResourceNotFoundError:
                return False
            except HttpResponseError as exc:
                if exc.status_code == 400:
                    return False
                raise
        return True

    def pop_message(self, queue: str) -> Optional[bytes]:
        """Receive and delete the oldest visible message of ``queue``; its body, or None."""
        for message in self.receive_messages(queue):
            if self.delete_message(queue, message.id, message.pop_receipt):
                return message.body
        return None

    def messages(self, queue: str) -> list[bytes]:
        """The bodies of up to 32 visible messages of ``queue`` (the service shows no more)."""
        from azure.core.exceptions import ResourceNotFoundError

        check_queue_name("AzureStorage.messages", queue)
        with self._service("peek at queue", queue):
            try:
                peeked = self._queue(queue).peek_messages(max_messages=32)
            except ResourceNotFoundError:
                return []
        return [self._decode(message.content) for message in peeked]

    def queues(self) -> dict[str, list[bytes]]:
        """Every queue of the account with visible messages, name to (up to 32) bodies."""
        with self._service("list queues", ""):
            names = [item.name for item in self._queue_service.list_queues()]
        found = {name: self.messages(name) for name in sorted(names)}
        return {name: bodies for name, bodies in found.items() if bodies}

    def clear(self) -> None:
        """Refused: it would empty a whole storage account. Delete what a test made instead."""
        raise StorageError(
            f"AzureStorage.clear: refusing to empty every container and queue of the account "
            f"in {self._setting}; delete the blobs and messages a test made instead"
        )

    def __repr__(self) -> str:
        return f"AzureStorage({self._setting} at {self._endpoint})"


def _etag_number(etag: object) -> int:
    """The number in an ETag like ``"0x8DC1..."`` (0 when it is not one)."""
    text = str(etag or "").strip('"')
    try:
        return int(text, 16)
    except ValueError:
        return 0


__all__ = ["DEVELOPMENT_STORAGE", "AzureStorage", "parse_connection_string"]
