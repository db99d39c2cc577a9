"""Binding conversion: one converter per binding type, kept in a registry others can extend.

A converter tells the host, for one binding ``type`` of ``function.json``:

* which Python annotations a parameter bound to it may have (``input_kinds`` and
  ``output_kinds``, class names such as ``"InputStream"``, ``"bytes"``, ``"str"``);
* for a trigger, how to turn the payload given to ``invoke`` into the parameter's value and the
  binding data that binding expressions (``{queueTrigger}``, ``{name}`` ...) read
  (:meth:`BindingConverter.trigger`);
* for an input binding, how to fetch its value (:meth:`BindingConverter.read`);
* for an output binding, how to store what the function set (:meth:`BindingConverter.write`);
* how to turn that value into what the annotation asks for (:meth:`BindingConverter.convert`).

To teach the host a new trigger (Service Bus, Event Hub, Cosmos DB, Kafka, warm-up ...),
subclass :class:`BindingConverter` and call :func:`register_converter`::

    class WarmupBinding(BindingConverter):
        input_kinds = ("WarmUpContext",)

        def trigger(self, binding, data, call):
            return WarmUpContext(), {}

    register_converter("warmupTrigger", WarmupBinding())

The host's own converters are named after their binding with ``Binding`` at the end
(``HttpTriggerBinding``, ``BlobBinding``, ``KafkaTriggerBinding`` ...), so that no name means
both one of them and one of the worker-level converters of ``azure.functions``
(``func.blob.BlobConverter``, ``func.KafkaTriggerConverter`` ...), which this package also
provides and which convert the worker's data, not the host's payloads.

A trigger type without a converter is still loaded and listed; invoking it fails with
UnsupportedBindingError. An output type without one records what the function set in the
invocation's ``outputs`` and stores nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional

from .._validation import short_repr
from ..http import HttpRequest, HttpResponse
from .errors import BindingError
from .expressions import match_pattern, pattern_names, resolve
from .interop import http_response, is_binding_type
from .storage import check_queue_name

if TYPE_CHECKING:
    from .metadata import BindingMetadata, FunctionMetadata
    from .storage import Storage


class Call:
    """What a converter may use during one invocation: settings, storage, binding data.

    ``binding_data`` starts with what the trigger contributed and is read by binding
    expressions; ``function`` is the function's metadata; ``trigger_path`` is the blob path of
    a blob trigger, when the caller named one; ``needs_binding_data`` is False when no other
    binding of the function can read binding data, so a trigger may skip building it.
    """

    __slots__ = (
        "app",
        "binding_data",
        "function",
        "invocation_id",
        "needs_binding_data",
        "settings",
        "storage",
        "trigger_path",
    )

    def __init__(
        self,
        *,
        function: FunctionMetadata,
        invocation_id: str,
        settings: Mapping[str, str],
        storage: Storage,
        trigger_path: Optional[str] = None,
        needs_binding_data: bool = True,
        app: Any = None,
    ) -> None:
        # The App running the invocation (a converter that needs app-wide state, such as
        # the Durable task hub of a durableClient binding, finds it here).
        self.app = app
        self.function = function
        # False when no binding could read binding data, so triggers may skip building it.
        self.needs_binding_data = needs_binding_data
        self.invocation_id = invocation_id
        self.settings = settings
        self.storage = storage
        self.binding_data: dict[str, Any] = {}
        self.trigger_path = trigger_path

    def storage_for(self, binding: BindingMetadata) -> Storage:
        """The store of ``binding``: the account its ``connection`` setting names, if any."""
        return self.storage.for_connection(binding.get("connection"), self.settings)

    def resolve(
        self, binding: BindingMetadata, key: str, *, required: bool = True
    ) -> Optional[str]:
        """A binding property with its ``{...}`` and ``%...%`` expressions filled in.

        Raises BindingError when it is required and absent or an expression has no value.
        """
        raw = binding.get(key)
        if raw is None:
            if required:
                raise BindingError(
                    f"{self.function.source}: binding {binding.name!r} has no {key!r}"
                )
            return None
        if not isinstance(raw, str):
            raise BindingError(
                f"{self.function.source}: binding {binding.name!r} {key!r} must be a string, "
                f"got {short_repr(raw)}"
            )
        return resolve(
            raw,
            self.binding_data,
            self.settings,
            where=f"{self.function.source}: binding {binding.name!r} {key}",
            function_name=self.function.name,
        )


class BindingConverter:
    """How the host handles one binding type; subclass it and override what the type needs.

    ``input_kinds``: annotation names accepted for an input parameter (or the trigger);
    ``implicit_return``: the function's return value is the trigger's output;
    ``output_kinds``: for an ``Out[...]`` parameter or the return value. The first input kind
    is the default when a parameter has no annotation. The base methods refuse to act with
    UnsupportedBindingError, so a converter only implements what its binding supports.
    """

    input_kinds: tuple[str, ...] = ()
    output_kinds: tuple[str, ...] = ()
    # Whether a str or bytes parameter gets the raw data (the worker's generic binding).
    generic_input = True
    # True for a trigger whose function's return value is its output without a $return
    # binding (the Durable Functions triggers).
    implicit_return = False

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        """The trigger value for ``data`` (what ``invoke`` got) and the binding data it adds."""
        from .errors import UnsupportedBindingError

        raise UnsupportedBindingError(f"binding type {binding.type!r} cannot be a trigger here")

    def read(self, binding: BindingMetadata, call: Call) -> Any:
        """The value of an input binding for this invocation."""
        from .errors import UnsupportedBindingError

        raise UnsupportedBindingError(f"binding type {binding.type!r} has no input support")

    def write(self, binding: BindingMetadata, value: Any, call: Call) -> Any:
        """Store what the function set on an output binding; return the value to record."""
        return value

    def convert(self, value: Any, kind: Optional[str], binding: BindingMetadata) -> Any:
        """Turn a trigger or input value into what the annotation ``kind`` asks for."""
        return value

    def describe(self, value: Any) -> Any:
        """A JSON-able form of an output value, for the command line's ``--json``."""
        return _jsonable(value)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            import base64

            return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, Sequence):  # a list, or a UserList such as azure.functions' DocumentList
        return [_jsonable(item) for item in value]
    get_body = getattr(value, "get_body", None)
    if callable(get_body):
        return _jsonable(get_body())
    return repr(value)


def _payload_bytes(data: Any, what: str) -> bytes:
    if data is None:
        return b""
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise BindingError(f"{what} must be bytes or str, got {type(data).__name__}")


def json_properties(body: bytes) -> dict[str, Any]:
    """The top-level properties of a JSON object payload, for binding expressions.

    Anything that is not a JSON object (or not JSON at all) has none: an empty dict.
    """
    if not body.lstrip().startswith(b"{"):
        return {}
    from .._json import loads

    try:
        parsed = loads("a payload", body)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


# --- HTTP --------------------------------------------------------------------------------


class HttpTriggerBinding(BindingConverter):
    """``httpTrigger``: the request reaches the function as an HttpRequest."""

    input_kinds = ("HttpRequest",)
    # The worker's generic binding cannot decode a request: only HttpRequest.
    generic_input = False

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        if type(data) is HttpRequest or is_binding_type(data, HttpRequest):
            # Ours or the real package's: the function gets the very object.
            request = data
        elif data is None or isinstance(data, (bytes, bytearray, str)):
            request = HttpRequest(
                "GET", f"http://localhost/{call.function.route or ''}", body=data
            )
        else:
            raise BindingError(
                f"an HTTP trigger takes an HttpRequest (or a body), got {type(data).__name__}"
            )
        if not call.needs_binding_data:
            return request, {}
        binding_data: dict[str, Any] = json_properties(request.get_body())
        binding_data["Query"] = dict(request.params)
        binding_data["Headers"] = dict(request.headers)
        binding_data.update(request.route_params)
        return request, binding_data


class HttpOutputBinding(BindingConverter):
    """``http`` output: an HttpResponse, or a str that becomes a 200 text response."""

    output_kinds = ("HttpResponse", "str")
    generic_input = False

    def write(self, binding: BindingMetadata, value: Any, call: Call) -> Any:
        if value is None or isinstance(value, HttpResponse):
            return value
        if isinstance(value, str):
            return HttpResponse(value, status_code=200)
        if is_binding_type(value, HttpResponse):
            # The real package's: read through the API both share.
            return http_response(value, f"{call.function.source}: http output {binding.name!r}")
        raise BindingError(
            f"{call.function.source}: http output {binding.name!r} takes an HttpResponse or a "
            f"str, got {type(value).__name__}"
        )

    def describe(self, value: Any) -> Any:
        if value is None:
            return None
        return {"status": value.status_code, "body": _jsonable(value.get_body())}


# --- Queues ------------------------------------------------------------------------------


class QueueTriggerBinding(BindingConverter):
    """``queueTrigger``: a QueueMessage (its body as str or bytes with ``dataType``).

    The payload is the message body (str or bytes) or a QueueMessage. (Without one,
    ``App.invoke`` claims the oldest message waiting in the trigger's queue, see queues.py.)
    """

    # str and bytes only with dataType string or binary, as under the Python worker.
    input_kinds = ("QueueMessage",)

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        import datetime
        import uuid

        from ..queue import QueueMessage

        if data is None:
            # App.invoke claims a waiting message itself (see host/queues.py): here only
            # when a caller bypasses it.
            raise BindingError(
                f"no queue message to trigger {call.function.name!r}; pass the message body "
                "as data"
            )
        if is_binding_type(data, QueueMessage):
            message = data
        else:
            now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
            message = QueueMessage(
                id=str(uuid.uuid4()),
                body=_payload_bytes(data, "a queue message body"),
                pop_receipt=str(uuid.uuid4()),
                dequeue_count=1,
                insertion_time=now,
                expiration_time=now + datetime.timedelta(days=7),
                time_next_visible=now + datetime.timedelta(minutes=10),
            )
        body = message.get_body()
        binding_data = json_properties(body)
        binding_data.update(
            {
                "QueueTrigger": body.decode("utf-8", "replace"),
                "Id": message.id,
                "PopReceipt": message.pop_receipt,
                "DequeueCount": message.dequeue_count,
                "InsertionTime": message.insertion_time,
                "ExpirationTime": message.expiration_time,
                "NextVisibleTime": message.time_next_visible,
            }
        )
        return message, binding_data

    def convert(self, value: Any, kind: Optional[str], binding: BindingMetadata) -> Any:
        wanted = kind or _data_type_kind(binding) or "QueueMessage"
        if wanted == "bytes":
            return value.get_body()
        if wanted == "str":
            return value.get_body().decode("utf-8")
        return value


class QueueOutputBinding(BindingConverter):
    """``queue`` output: str, bytes, a QueueMessage, or a list of them (one message each)."""

    output_kinds = ("str", "bytes", "QueueMessage", "list")

    def write(self, binding: BindingMetadata, value: Any, call: Call) -> Any:
        if value is None:
            return None
        queue = call.resolve(binding, "queueName")
        assert queue is not None
        try:
            check_queue_name("queue output", queue)
        except ValueError as exc:
            raise BindingError(
                f"{call.function.source}: binding {binding.name!r}: {exc}"
            ) from None
        items = value if isinstance(value, list) else [value]
        for item in items:
            call.storage_for(binding).put_message(queue, self._body(binding, item, call))
        return value

    def _body(self, binding: BindingMetadata, item: Any, call: Call) -> bytes:
        from ..queue import QueueMessage

        if is_binding_type(item, QueueMessage):
            body: bytes = item.get_body()
            return body
        if isinstance(item, str):
            return item.encode("utf-8")
        if isinstance(item, (bytes, bytearray)):
            return bytes(item)
        raise BindingError(
            f"{call.function.source}: queue output {binding.name!r} takes str, bytes, "
            f"QueueMessage or a list of them, got {type(item).__name__}"
        )

    def describe(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.describe(item) for item in value]
        return _jsonable(value)


# --- Blobs -------------------------------------------------------------------------------


def _data_type_kind(binding: BindingMetadata) -> Optional[str]:
    return {"binary": "bytes", "string": "str", "stream": "InputStream"}.get(
        binding.data_type or ""
    )


def _blob_value(kind: Optional[str], binding: BindingMetadata, stream: Any) -> Any:
    wanted = kind or _data_type_kind(binding) or "InputStream"
    if stream is None:
        return None
    if wanted == "bytes":
        return stream.read()
    if wanted == "str":
        return stream.read().decode("utf-8")
    return stream


def _check_blob_path(call: Call, binding: BindingMetadata, path: str) -> str:
    from .storage import check_blob_path

    try:
        check_blob_path("blob binding", path)
    except (TypeError, ValueError) as exc:
        raise BindingError(f"{call.function.source}: binding {binding.name!r}: {exc}") from None
    return path


def _stream(path: str, blob: Any) -> Any:
    from ..blob import InputStream

    return InputStream(
        data=blob.data,
        name=path,
        uri=blob.uri,
        length=len(blob.data),
        blob_properties=blob.properties,
        metadata=blob.metadata,
    )


class BlobTriggerBinding(BindingConverter):
    """``blobTrigger``: the blob as an InputStream, bytes or str; its name fills ``{name}``."""

    input_kinds = ("InputStream", "bytes", "str")

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        pattern = binding.get("path")
        if not isinstance(pattern, str) or "/" not in pattern:
            raise BindingError(
                f"{call.function.source}: binding {binding.name!r} needs a path like "
                "'container/{name}'"
            )
        from .expressions import resolve_settings

        pattern = resolve_settings(pattern, call.settings, where=f"binding {binding.name!r} path")
        path = call.trigger_path
        if path is None:
            # No blob named: fill each placeholder with its own name, e.g. in/{name} -> in/name.
            path = pattern
            for name in pattern_names(pattern):
                path = path.replace("{" + name + "}", name, 1)
        values = match_pattern(pattern, path)
        if values is None:
            raise BindingError(
                f"{call.function.source}: blob {path!r} does not fit the trigger path {pattern!r}"
            )
        _check_blob_path(call, binding, path)
        if binding.sdk_type is not None:
            from .blob_clients import trigger

            return trigger(binding, call, path, values, data)
        if data is None:
            blob = call.storage_for(binding).blob(path)
            if blob is None:
                raise BindingError(
                    f"no blob {path!r} in storage to trigger {call.function.name!r}"
                )
        else:
            from ..blob import InputStream

            if is_binding_type(data, InputStream):
                # A stream (ours or the real package's) given to invoke: its content.
                data = data.read()
            blob = call.storage_for(binding).put_blob(
                path, _payload_bytes(data, "a blob's content")
            )
        binding_data: dict[str, Any] = json_properties(blob.data)
        binding_data.update(values)
        binding_data.update(
            {
                "BlobTrigger": path,
                "Uri": blob.uri,
                "Properties": blob.properties,
                "Metadata": blob.metadata,
            }
        )
        return _stream(path, blob), binding_data

    def convert(self, value: Any, kind: Optional[str], binding: BindingMetadata) -> Any:
        return _blob_value(kind, binding, value)


class BlobBinding(BindingConverter):
    """``blob`` input and output: read or write ``path`` (binding expressions allowed)."""

    input_kinds = ("InputStream", "bytes", "str")
    # "file-like": any class with read() (io.StringIO, a file), as azure.functions allows.
    output_kinds = ("str", "bytes", "InputStream", "file-like")

    def read(self, binding: BindingMetadata, call: Call) -> Any:
        if binding.sdk_type is not None:
            from .blob_clients import read

            return read(binding, call)
        path = call.resolve(binding, "path")
        assert path is not None
        blob = call.storage_for(binding).blob(_check_blob_path(call, binding, path))
        # A missing blob binds as None, as under Azure.
        return None if blob is None else _stream(path, blob)

    def convert(self, value: Any, kind: Optional[str], binding: BindingMetadata) -> Any:
        return _blob_value(kind, binding, value)

    def write(self, binding: BindingMetadata, value: Any, call: Call) -> Any:
        if value is None:
            return None
        content = value
        read = getattr(value, "read", None)
        if callable(read) and not isinstance(value, (str, bytes, bytearray)):
            content = read()
        if isinstance(content, str):
            data = content.encode("utf-8")
        elif isinstance(content, (bytes, bytearray)):
            data = bytes(content)
        else:
            raise BindingError(
                f"{call.function.source}: blob output {binding.name!r} takes str, bytes or a "
                f"readable stream, got {type(value).__name__}"
            )
        path = call.resolve(binding, "path")
        assert path is not None
        call.storage_for(binding).put_blob(_check_blob_path(call, binding, path), data)
        return content


# --- Timer -------------------------------------------------------------------------------


class TimerTriggerBinding(BindingConverter):
    """``timerTrigger``: a TimerRequest; the payload is JSON like ``{"past_due": true}``."""

    input_kinds = ("TimerRequest",)

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        from ..timer import TimerRequest

        if is_binding_type(data, TimerRequest):
            return data, {}
        if isinstance(data, Mapping):
            fields: Any = dict(data)
        else:
            raw = _payload_bytes(data, "a timer payload").strip()
            fields = {}
            if raw:
                from .._json import loads

                fields = loads('a timer payload (JSON like {"past_due": true})', raw, BindingError)
                if not isinstance(fields, dict):
                    raise BindingError(
                        f"a timer payload must be a JSON object, got {type(fields).__name__}"
                    )
        lowered = {str(key).lower().replace("_", ""): value for key, value in fields.items()}
        past_due = lowered.get("pastdue", lowered.get("ispastdue", False))
        if not isinstance(past_due, bool):
            raise BindingError(
                f"a timer payload's past_due must be true or false, got {past_due!r}"
            )
        status = lowered.get("schedulestatus")
        schedule = lowered.get("schedule")
        if status is not None and not isinstance(status, dict):
            raise BindingError(
                f"a timer payload's schedule_status must be an object, got {status!r}"
            )
        if schedule is not None and not isinstance(schedule, dict):
            raise BindingError(f"a timer payload's schedule must be an object, got {schedule!r}")
        request = TimerRequest(past_due=past_due, schedule_status=status, schedule=schedule)
        return request, {"IsPastDue": past_due}


# --- The registry ------------------------------------------------------------------------

_registry: dict[str, BindingConverter] = {}
_registry_lock = threading.Lock()


def register_converter(binding_type: str, converter: BindingConverter) -> None:
    """Make the host use ``converter`` for bindings of ``binding_type`` (case-insensitive).

    Replaces any converter registered for that type. Raises TypeError for a non-str type or
    a converter that is not a BindingConverter, ValueError for an empty type name.
    """
    from .._validation import fail_type, fail_value

    if not isinstance(binding_type, str):
        raise fail_type("register_converter", "binding_type", "a str", binding_type)
    if not binding_type:
        raise fail_value("register_converter", "binding_type", "a non-empty str", binding_type)
    if not isinstance(converter, BindingConverter):
        raise fail_type("register_converter", "converter", "a BindingConverter", converter)
    with _registry_lock:
        _registry[binding_type.lower()] = converter


def get_converter(binding_type: str) -> Optional[BindingConverter]:
    """The converter registered for ``binding_type``, or None."""
    return _registry.get(binding_type.lower())


def registered_types() -> list[str]:
    """The binding types that have a converter, lower-cased and sorted."""
    return sorted(_registry)


register_converter("httpTrigger", HttpTriggerBinding())
register_converter("http", HttpOutputBinding())
register_converter("queueTrigger", QueueTriggerBinding())
register_converter("queue", QueueOutputBinding())
register_converter("blobTrigger", BlobTriggerBinding())
register_converter("blob", BlobBinding())
register_converter("timerTrigger", TimerTriggerBinding())

__all__ = [
    "BindingConverter",
    "BlobBinding",
    "BlobTriggerBinding",
    "Call",
    "HttpOutputBinding",
    "HttpTriggerBinding",
    "QueueOutputBinding",
    "QueueTriggerBinding",
    "TimerTriggerBinding",
    "get_converter",
    "register_converter",
    "registered_types",
]
