"""Blob SDK types handed to functions, connected to the storage account, as the worker does.

Current Azure samples bind blobs through the package ``azurefunctions-extensions-bindings-blob``::

    import azurefunctions.extensions.bindings.blob as blob

    @app.blob_trigger(arg_name="client", path="samples/{name}", connection="AzureWebJobsStorage")
    def on_blob(client: blob.BlobClient) -> None:
        client.get_blob_properties()

The Python worker recognises a ``blob`` or ``blobTrigger`` parameter annotated with one of the
extension's three types and hands over the object of ``azure-storage-blob`` itself (what the
extension's ``get_sdk_type()`` builds): a ``BlobClient`` of the blob the trigger fired for (or
the input's resolved path), a ``ContainerClient`` of its container (an input's ``path`` may
name the container alone), or the ``StorageStreamDownloader`` of that blob's download. So
does the host, with clients of the account the binding uses (see ``docs/storage.md``): the
Azure Storage backend's, or the one the binding's ``connection`` setting names.

The extension is the app's dependency, not the host's: the host never imports it; it knows
its classes by module and name when the app's annotations hold them.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Optional

from .errors import BindingError

if TYPE_CHECKING:
    from .converters import Call
    from .metadata import BindingMetadata
    from .storage.azure import AzureStorage

#: The package whose annotations ask for blob SDK types, and the module it provides.
PACKAGE = "azurefunctions-extensions-bindings-blob"
MODULE = "azurefunctions.extensions.bindings.blob"
#: The extension's type names, which are also the names of the SDK classes handed over.
SDK_TYPES = ("BlobClient", "ContainerClient", "StorageStreamDownloader")
_BLOB_BINDINGS = ("blob", "blobtrigger")
_IMPORT = "import azurefunctions.extensions.bindings.blob as blob"
#: How to give an app real storage, for the one line that says it needs some.
REAL_STORAGE_HINT = (
    "run with --storage UseDevelopmentStorage=true (Azurite) or --storage with a connection "
    'string, load_app(..., storage="azure") with AzureWebJobsStorage set, or in tests the '
    "azurite fixture's connection string as load_app's storage"
)


def sdk_type_of(annotation: object) -> Optional[str]:
    """The name of the extension's blob SDK type that ``annotation`` is, else None."""
    if not isinstance(annotation, type):
        return None
    name = annotation.__name__
    module = getattr(annotation, "__module__", None) or ""
    if name in SDK_TYPES and (module == MODULE or module.startswith(MODULE + ".")):
        return name
    return None


def _extension_installed() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(MODULE) is not None
    except (ImportError, ValueError):
        return False


def _container_only(path: object) -> bool:
    if not isinstance(path, str):
        return False
    container, _, name = path.lstrip("/").partition("/")
    return bool(container) and not name


def load_problem(
    binding: BindingMetadata, param: str, kind_name: Optional[str], sdk: Optional[str]
) -> Optional[str]:
    """Why the input or trigger parameter ``param`` cannot be bound as annotated, or None.

    ``kind_name`` is its annotation's class name, ``sdk`` the extension's type it is (if any).
    """
    if sdk is None and kind_name in SDK_TYPES:
        if _extension_installed():
            return (
                f"binding {param!r} is annotated {kind_name}, which is not the type of {PACKAGE}: "
                f"annotate it as blob.{kind_name} ({_IMPORT})"
            )
        return (
            f"binding {param!r} is annotated {kind_name}, a blob SDK type, which the host hands "
            f"over through the package {PACKAGE}; it is not installed: pip install {PACKAGE} "
            f"and annotate it as blob.{kind_name} ({_IMPORT})"
        )
    kind = binding.type.lower()
    if sdk is not None and kind not in _BLOB_BINDINGS:
        return (
            f"binding {param!r} of type {binding.type!r} cannot be passed as blob.{sdk} (the "
            "blob SDK types bind only blob and blobTrigger bindings)"
        )
    path = binding.get("path")
    if kind == "blob" and sdk != "ContainerClient" and _container_only(path):
        if sdk is not None:
            shown = f"as blob.{sdk}"
        else:
            shown = "without an annotation" if kind_name is None else f"as {kind_name}"
        return (
            f"binding {param!r} has path {path!r}, a whole container, which binds only as "
            f"blob.ContainerClient ({_IMPORT}, from {PACKAGE}), not {shown}"
        )
    return None


# --- at invocation -----------------------------------------------------------------------

# One BlobServiceClient per account, made with the SDK's default options (as the worker's
# from_connection_string): the clients handed over share its connection pool.
_services: dict[str, Any] = {}
_services_lock = threading.Lock()


def _account(binding: BindingMetadata, call: Call) -> AzureStorage:
    from .storage.azure import AzureStorage
    from .storage.folder import FolderStorage

    storage = call.storage_for(binding)
    if isinstance(storage, AzureStorage):
        return storage
    where = "a folder" if isinstance(storage, FolderStorage) else "in memory"
    raise BindingError(
        f"{call.function.source}: binding {binding.name!r} is a blob SDK type "
        f"(blob.{binding.sdk_type}), which needs real Azure Storage, but the app's storage is "
        f"{where}: {REAL_STORAGE_HINT}"
    )


def _service(storage: AzureStorage) -> Any:
    text = storage.connection_string
    with _services_lock:
        service = _services.get(text)
        if service is None:
            from azure.storage.blob import BlobServiceClient

            service = _services[text] = BlobServiceClient.from_connection_string(text)
    return service


def _failure(call: Call, binding: BindingMetadata, storage: AzureStorage, exc: Exception) -> str:
    status = getattr(exc, "status_code", None)
    code = getattr(exc, "error_code", None)
    code = getattr(code, "value", code)
    if status is not None:
        reason = f"{status} {code or getattr(exc, 'reason', '')}".strip()
    else:
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return (
        f"{call.function.source}: binding {binding.name!r}: Azure storage at "
        f"{storage.endpoint}: {reason}"
    )


def _split(call: Call, binding: BindingMetadata, path: str, sdk: str) -> tuple[str, str]:
    """``path`` as container and blob name (the name empty for a whole container)."""
    from .storage.base import check_blob_path

    where = f"{call.function.source}: binding {binding.name!r}"
    if sdk == "ContainerClient":
        container = path.strip("/").partition("/")[0]
        try:
            check_blob_path("blob binding", f"{container}/-")
        except ValueError:
            raise BindingError(
                f"{where}: path {binding.get('path')!r} gives the container name "
                f"{container!r}; a container name is 3 to 63 lower-case letters, digits and "
                "single hyphens"
            ) from None
        return container, ""
    try:
        return check_blob_path("blob binding", path)
    except (TypeError, ValueError) as exc:
        raise BindingError(f"{where}: {exc}") from None


def _hand_over(
    call: Call,
    binding: BindingMetadata,
    storage: AzureStorage,
    container: str,
    name: str,
    blob_client: Any = None,
) -> Any:
    """The SDK object the annotation asks for."""
    sdk = binding.sdk_type
    service = _service(storage)
    if sdk == "ContainerClient":
        return service.get_container_client(container)
    client = blob_client if blob_client is not None else service.get_blob_client(container, name)
    if sdk == "BlobClient":
        return client
    from azure.core.exceptions import AzureError, ResourceNotFoundError

    try:
        return client.download_blob()
    except ResourceNotFoundError:
        raise BindingError(
            f"{call.function.source}: binding {binding.name!r}: no blob "
            f"{container + '/' + name!r} to download for a StorageStreamDownloader"
        ) from None
    except AzureError as exc:
        raise BindingError(_failure(call, binding, storage, exc)) from None


def read(binding: BindingMetadata, call: Call) -> Any:
    """The SDK object of a ``blob`` input annotated with one of the extension's types.

    Like the worker's, a BlobClient or ContainerClient is handed over whether or not its blob
    or container exists; a StorageStreamDownloader downloads the blob, and a missing blob
    fails the invocation.
    """
    storage = _account(binding, call)
    path = call.resolve(binding, "path")
    assert path is not None
    assert binding.sdk_type is not None
    container, name = _split(call, binding, path, binding.sdk_type)
    return _hand_over(call, binding, storage, container, name)


def trigger(
    binding: BindingMetadata, call: Call, path: str, values: dict[str, Any], data: Any
) -> tuple[Any, dict[str, Any]]:
    """The SDK object of a ``blobTrigger`` parameter for the blob at ``path``, and the
    trigger's binding data (the path's ``{names}``, BlobTrigger, Uri, Properties, Metadata).

    ``data``, when given, is first uploaded as the blob's content, as for any blob trigger;
    otherwise the blob must exist. Its content is not read (the function reads it, if at all,
    through the client).
    """
    from azure.core.exceptions import AzureError, ResourceNotFoundError

    from .converters import _payload_bytes

    storage = _account(binding, call)
    container, name = _split(call, binding, path, "BlobClient")
    if data is not None:
        from ..blob import InputStream
        from .interop import is_binding_type

        if is_binding_type(data, InputStream):
            data = data.read()
        storage.put_blob(path, _payload_bytes(data, "a blob's content"))
    client = _service(storage).get_blob_client(container, name)
    try:
        properties = client.get_blob_properties()
    except ResourceNotFoundError:
        raise BindingError(
            f"no blob {path!r} in storage to trigger {call.function.name!r}"
        ) from None
    except AzureError as exc:
        raise BindingError(_failure(call, binding, storage, exc)) from None
    blob_type = getattr(properties.blob_type, "value", properties.blob_type)
    binding_data: dict[str, Any] = dict(values)
    binding_data.update(
        {
            "BlobTrigger": path,
            "Uri": client.url,
            "Properties": {
                "Length": properties.size,
                "ETag": properties.etag,
                "BlobType": str(blob_type),
                "ContentType": properties.content_settings.content_type,
                "LastModified": properties.last_modified,
            },
            "Metadata": dict(properties.metadata or {}),
        }
    )
    return _hand_over(call, binding, storage, container, name, client), binding_data


__all__ = ["MODULE", "PACKAGE", "REAL_STORAGE_HINT", "SDK_TYPES", "load_problem", "sdk_type_of"]
