"""A loaded function app: its functions, settings, storage, and the calls that run them."""

from __future__ import annotations

import os
import queue
import sys
import threading
from collections.abc import Mapping
from types import MappingProxyType, TracebackType
from typing import TYPE_CHECKING, Any, Optional, Union

from ..context import Context, TraceContext
from ..http import HttpRequest, HttpResponse
from ..out import Out
from . import loader as _loader
from .converters import (
    BindingConverter,
    Call,
    HttpOutputBinding,
    HttpTriggerBinding,
    get_converter,
)
from .converters import _registry as _converters
from .errors import (
    AppLoadError,
    BindingError,
    FunctionLoadError,
    FunctionNotFoundError,
    UnsupportedBindingError,
)
from .interop import is_binding_type
from .invocation import (
    ENVIRONMENT,
    INVOCATION_LOCAL,
    LOG_CAPTURE,
    LogEntry,
    LogSink,
    Runner,
    _current_sink,
    default_thread_count,
    inside_any,
    invocation_id_text,
    random_id_bits,
    reset_sink,
    set_sink,
)
from .loader import FunctionPlan
from .metadata import FunctionMetadata
from .routing import RouteMatch, Router, RouteTemplate, RouteTemplateError
from .storage import Storage

if TYPE_CHECKING:
    from ..durable.hub import DurableHub
    from .queues import QueueOptions
    from .seeded import SeededData
    from .testclient import TestClient

_HOST_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
# Triggers whose invocation without data claims a message their service's output stored.
_SERVICE_TRIGGERS = frozenset(("servicebustrigger", "eventhubtrigger", "eventgridtrigger"))
_DURABLE_TYPES = frozenset(
    ("orchestrationtrigger", "entitytrigger", "activitytrigger", "durableclient")
)


def _plumbing_dirs() -> tuple[str, ...]:
    """Folders whose frames are the host's plumbing: a function's traceback starts below them."""
    import sys

    folders = [_HOST_PACKAGE_DIR + os.sep]
    for name in ("concurrent.futures", "asyncio"):
        module = sys.modules.get(name)
        location = getattr(module, "__file__", None)
        if location:
            folders.append(os.path.dirname(os.path.abspath(location)) + os.sep)
    return tuple(folders)


def _strip_plumbing(exc: BaseException) -> BaseException:
    trace = exc.__traceback__
    plumbing = _plumbing_dirs()
    while trace is not None and trace.tb_next is not None:
        filename = os.path.abspath(trace.tb_frame.f_code.co_filename)
        if not filename.startswith(plumbing):
            break
        trace = trace.tb_next
    if trace is not None:
        exc.__traceback__ = trace
    return exc


class InvocationResult:
    """What one invocation produced.

    ``return_value`` is what the function returned; ``outputs`` maps each output binding the
    function set (``Out`` parameters) to the value it set, and ``"$return"`` to the value
    written through a ``$return`` binding that is not HTTP (a queue message, a blob);
    ``logs`` lists the log records it emitted (:class:`LogEntry`: ``level``, ``message``);
    ``exception`` is the exception it raised (its traceback starts in the function), or
    None. ``http_response`` is the HttpResponse for an HTTP output, when there is one.
    """

    __slots__ = (
        "_invocation_id",
        "exception",
        "function_name",
        "http_response",
        "logs",
        "outputs",
        "return_value",
    )

    def __init__(self, function_name: str, invocation_id: Union[str, int]) -> None:
        self.function_name = function_name
        # The id, or the random bits it is made from when first read (most never are).
        self._invocation_id = invocation_id
        self.return_value: Any = None
        self.outputs: dict[str, Any] = {}
        self.logs: list[LogEntry] = []
        self.exception: Optional[BaseException] = None
        self.http_response: Optional[HttpResponse] = None

    @property
    def invocation_id(self) -> str:
        """The id of the invocation (a UUID as text), as its logs and Context carry it."""
        value = self._invocation_id
        if type(value) is int:
            value = self._invocation_id = invocation_id_text(value)
        return value  # type: ignore[return-value]

    @property
    def ok(self) -> bool:
        """True when the function ran without raising."""
        return self.exception is None

    def raise_for_exception(self) -> None:
        """Re-raise the function's exception, if it raised one."""
        if self.exception is not None:
            raise self.exception

    def __repr__(self) -> str:
        state = "ok" if self.exception is None else f"raised {type(self.exception).__name__}"
        return f"<InvocationResult {self.function_name} {state}>"


def _write(plan: FunctionPlan, converter: Any, binding: Any, value: Any, call: Call) -> Any:
    """``converter.write``; a value the output cannot take is the binding's BindingError."""
    try:
        return converter.write(binding, value, call)
    except BindingError:
        raise
    except (TypeError, ValueError) as exc:
        raise _write_failure(plan, binding, exc) from None


def _write_failure(plan: FunctionPlan, binding: Any, exc: Exception) -> BindingError:
    """The BindingError for a value an output's converter refused (TypeError, ValueError)."""
    if isinstance(exc, UnicodeEncodeError):
        # A lone surrogate in a str output: the function's value, not a fault of the host.
        return BindingError(
            f"{plan.metadata.source}: {binding.type} output {binding.name!r} holds text that"
            f" cannot be encoded as {exc.encoding} ({exc.reason} at position {exc.start})"
        )
    # A value the output's type refuses (a str HttpResponse cannot encode): one line
    # naming the binding, not a traceback through the host's converters.
    return BindingError(f"{plan.metadata.source}: {binding.type} output {binding.name!r}: {exc}")


def _lifespan_running(middleware: Any) -> bool:
    """Whether an AsgiMiddleware's lifespan startup ran and its shutdown has not."""
    task = getattr(middleware, "_lifespan_task", None)  # ours
    if task is not None:
        return not task.done()
    started = getattr(middleware, "lifespan_startup_event", None)
    stopped = getattr(middleware, "lifespan_shutdown_event", None)
    return started is not None and started.is_set() and not (stopped and stopped.is_set())


def _forget_lifespan_loop(middleware: Any) -> None:
    """Drop the real AsgiMiddleware's lifespan queue and events, bound to the loop closing."""
    for name in ("lifespan_receive_queue", "lifespan_startup_event", "lifespan_shutdown_event"):
        if getattr(middleware, name, None) is not None:
            setattr(middleware, name, None)


class App:
    """A function app loaded from a folder, ready to invoke; build it with :func:`load_app`.

    ``retry_delay_scale`` multiplies the waits of retry policies (1.0; 0 in tests retries
    at once).

    ``functions`` maps each function name to its FunctionMetadata (``load_errors`` those
    that failed to load, when loaded with ``lenient=True``); ``settings`` holds the app
    settings (environment variables while functions run); ``storage`` is the in-memory blob
    and queue store the bindings use; ``route_prefix`` comes from host.json (default ``api``).
    The app is also a context manager; :meth:`close` stops its worker threads.
    """

    retry_delay_scale: float = 1.0
    _seeded_data: Optional[SeededData] = None
    _queue_options: Optional[QueueOptions] = None

    @property
    def queue_options(self) -> QueueOptions:
        """host.json ``extensions.queues`` (read when first needed; AppLoadError if malformed).

        What a queue trigger invoked without data follows: ``visibility_timeout`` before a
        failed message is visible again, ``max_dequeue_count`` before it goes to
        ``<queue>-poison``.
        """
        options = self._queue_options
        if options is None:
            from .queues import read_queue_options

            options = self._queue_options = read_queue_options(self.root)
        return options

    @property
    def seeded_data(self) -> SeededData:
        """Documents, table entities and SQL rows the Cosmos DB, table and SQL inputs read.

        See :class:`~azure_functions_compat.host.seeded.SeededData`: ``add_documents``,
        ``add_entities``, ``add_rows``.
        """
        data = self._seeded_data
        if data is None:
            from .seeded import SeededData

            data = self._seeded_data = SeededData()
        return data

    def __init__(
        self,
        *,
        root: str,
        route_prefix: str,
        settings: dict[str, str],
        environment: dict[str, str],
        plans: dict[str, FunctionPlan],
        storage: Storage,
        log_level: int,
        thread_count: int,
        function_keys: tuple[str, ...],
        master_key: Optional[str],
        always_use_thread_pool: bool = False,
        package: Optional[str] = None,
        function_apps: tuple[Any, ...] = (),
        failures: Optional[dict[str, FunctionLoadError]] = None,
    ) -> None:
        self.root = root
        # The FunctionApp objects of function_app.py: close() shuts down their ASGI apps.
        self._function_apps = function_apps
        self._package = package
        # Whether this app holds the app folder on sys.path (load_app put it there; close
        # lets go, and the folder comes off when no other app of the folder holds it).
        self._on_path = package is not None
        if package is not None:
            _loader.hold_path(root, id(self))
        self.route_prefix = route_prefix
        self.storage = storage
        self.thread_count = thread_count
        self._settings = settings
        self._environment = environment
        self._plans = plans
        self._log_level = log_level
        self._function_keys = function_keys
        self._master_key = master_key
        self._runner = Runner(thread_count, always_pool=always_use_thread_pool, name=root)
        self._router = Router()
        self._failures = failures
        self._route_functions(plans, failures)
        # The functions that take a Context: their invocations can be named by threads.
        self._with_context = frozenset(
            name
            for name, plan in plans.items()
            if any(param.role == "context" for param in plan.params)
        )
        self._enforces_keys = bool(function_keys) or master_key is not None
        # The HTTP functions an HttpRequest reaches without binding work: plan -> the name of
        # their one parameter (see _direct_parameter).
        self._direct_http = {
            plan: name
            for plan, name in ((plan, _direct_parameter(plan)) for plan in plans.values())
            if name is not None
        }
        # What %name% expressions read: a view, so one serves every invocation.
        self._settings_view = _Settings(self)
        self._capturing = False
        self._capture_lock = threading.Lock()
        # Handlers of URL path prefixes outside the functions' routes (the Durable HTTP API):
        # prefix -> handler(method, path, query, headers, body) -> (status, headers, body).
        self.mounts: dict[str, Any] = {}
        self._durable: Any = None
        self.functions: Mapping[str, FunctionMetadata] = MappingProxyType(
            {name: plan.metadata for name, plan in plans.items()}
        )
        self.load_errors: Mapping[str, FunctionLoadError] = MappingProxyType(
            failures if failures is not None else {}
        )
        """The functions in error of an app loaded with ``lenient=True``: name -> the
        FunctionLoadError it failed with (``str()`` of it is the one-line reason). Empty
        when every function loaded, and always for an app loaded strictly."""

    def _route_functions(
        self, plans: dict[str, FunctionPlan], failures: Optional[dict[str, FunctionLoadError]]
    ) -> None:
        """Add the HTTP functions' routes; a route that is invalid or taken fails its
        function (the app, unless it is loaded leniently)."""
        routed: list[FunctionMetadata] = []
        for name, plan in list(plans.items()):
            metadata = plan.metadata
            if not metadata.is_http or metadata.disabled:
                continue
            try:
                template = self._template(metadata)
                _check_route_conflict(routed, metadata)
            except AppLoadError as exc:
                if failures is None:
                    raise
                del plans[name]
                failures[name] = FunctionLoadError(str(exc), function_name=name, metadata=metadata)
                continue
            routed.append(metadata)
            self._router.add(template, metadata.methods, plan)
        for failure in (failures or {}).values():
            # As in Azure, a function whose code failed to load keeps its route: a request
            # to it fails with the load error (a 500) instead of finding nothing (a 404).
            # One whose route is invalid or taken has none, as there.
            failed = failure.metadata
            if failed is None or not failed.is_http or failed.disabled:
                continue
            try:
                template = self._template(failed)
                _check_route_conflict(routed, failed)
            except AppLoadError:
                continue
            routed.append(failed)
            self._router.add(template, failed.methods, failure)

    def _template(self, metadata: FunctionMetadata) -> RouteTemplate:
        try:
            return RouteTemplate(self.full_route(metadata) or "")
        except RouteTemplateError as exc:
            raise AppLoadError(f"{metadata.source}: route {metadata.route!r}: {exc}") from None

    @property
    def settings(self) -> Mapping[str, str]:
        """The app settings: local.settings.json ``Values`` and those given to load_app."""
        return MappingProxyType(self._settings)

    @property
    def enforces_keys(self) -> bool:
        """True when HTTP functions check function keys (load_app got keys)."""
        return self._enforces_keys

    def full_route(self, metadata: FunctionMetadata) -> Optional[str]:
        """The route of an HTTP function with the app's prefix (``api/items/{id}``), else None."""
        if metadata.route is None:
            return None
        return f"{self.route_prefix}/{metadata.route}" if self.route_prefix else metadata.route

    def _setting(self, name: str) -> Optional[str]:
        # self._settings already gives way to the environment where Core Tools would.
        value = self._settings.get(name)
        return value if value is not None else os.environ.get(name)

    # --- invoking ------------------------------------------------------------------------

    def _plan(self, name: object) -> FunctionPlan:
        if not isinstance(name, str):
            from .._validation import fail_type

            raise fail_type("App.invoke", "function_name", "a str", name)
        plan = self._plans.get(name)
        if plan is None:
            lowered = {key.lower(): value for key, value in self._plans.items()}
            plan = lowered.get(name.lower())
        if plan is None and self._failures:
            failed = {key.lower(): value for key, value in self._failures.items()}.get(
                name.lower()
            )
            if failed is not None:
                raise _refusal(failed)
        if plan is None:
            known = ", ".join(self._plans) or "none"
            raise FunctionNotFoundError(f"the app has no function {name!r} (it has: {known})")
        if plan.metadata.disabled:
            raise FunctionNotFoundError(f"function {plan.metadata.name!r} is disabled")
        return plan

    def can_run(self, name: str) -> bool:
        """True when the host can invoke function ``name`` as it is declared.

        That is, it has a converter for the function's trigger (or hands the raw data to a
        ``str``, ``bytes`` or unannotated parameter, as the worker's generic binding does)
        and for each of its inputs. False for a name the app does not have or has in error.
        """
        plan = self._plans.get(name)
        if plan is None:
            return False
        try:
            self._check_supported(plan)
        except UnsupportedBindingError:
            return False
        return True

    def _check_supported(self, plan: FunctionPlan) -> None:
        if _converters.get(plan.trigger_key) is None and plan.generic_trigger is None:
            metadata = plan.metadata
            raise UnsupportedBindingError(
                f"function {metadata.name!r}: the host cannot run {metadata.trigger.type!r} "
                "triggers yet (register a converter with register_converter)"
            )
        for binding in plan.inputs:
            if get_converter(binding.type) is None:
                metadata = plan.metadata
                raise UnsupportedBindingError(
                    f"function {metadata.name!r}: the host has no {binding.type!r} input "
                    f"binding for {binding.name!r} (register a converter with register_converter)"
                )

    def invoke(
        self,
        function_name: str,
        data: Any = None,
        *,
        blobs: Optional[Mapping[str, Union[bytes, str]]] = None,
        blob_path: Optional[str] = None,
    ) -> InvocationResult:
        """Run one function with ``data`` as its trigger payload and return what it produced.

        ``data`` is a queue message body (str or bytes, or a QueueMessage; without one, a
        queue trigger claims the oldest message waiting in its queue, deletes it when the
        function succeeds and gives it back for a retry when it fails, see docs/storage.md;
        a Service Bus, Event Hubs or Event Grid trigger likewise claims what its service's
        output stored and settles it as that service does, see docs/host.md), a blob's
        content, uploaded first
        (with ``blob_path`` naming the blob, else the trigger path with each ``{name}``
        replaced by its own name; without data, the stored blob is only read), a timer
        payload (``{"past_due": True}`` or its JSON), or an
        HttpRequest. ``blobs`` are put in storage first. A function's own exception does not
        propagate: it is in the result's ``exception``. Raises FunctionNotFoundError for an
        unknown name and UnsupportedBindingError for a trigger the host cannot run.
        """
        plan = self._plan(function_name)
        self._check_supported(plan)
        if blobs is not None:
            self.put_blobs(blobs)
        if blob_path is not None and not isinstance(blob_path, str):
            from .._validation import fail_type

            raise fail_type("App.invoke", "blob_path", "a str or None", blob_path)
        if data is None and plan.trigger_key == "queuetrigger":
            from .queues import invoke_waiting

            return invoke_waiting(
                self, plan.metadata, lambda message: self._run(plan, message, None)
            )
        if data is None and plan.trigger_key in _SERVICE_TRIGGERS:
            from .services import invoke_waiting as invoke_service

            return invoke_service(
                self, plan.metadata, lambda payload: self._run(plan, payload, None)
            )
        return self._run(plan, data, blob_path)

    async def ainvoke(
        self,
        function_name: str,
        data: Any = None,
        *,
        blobs: Optional[Mapping[str, Union[bytes, str]]] = None,
        blob_path: Optional[str] = None,
    ) -> InvocationResult:
        """:meth:`invoke` for async code: awaits the invocation without blocking the loop.

        Many ``ainvoke`` calls may be awaited at once (``asyncio.gather``); each runs on a
        thread of the event loop's default executor, its function on the app's own loop or
        within the app's thread slots, exactly as with ``invoke``.
        """
        import asyncio
        import contextvars
        import functools

        call = functools.partial(
            self.invoke, function_name, data, blobs=blobs, blob_path=blob_path
        )
        # In the caller's context: awaited inside a function, the call is a nested one.
        context = contextvars.copy_context()
        return await asyncio.get_running_loop().run_in_executor(None, context.run, call)

    def put_blobs(self, blobs: Mapping[str, Union[bytes, str]]) -> None:
        """Put several blobs (path to content) in the app's storage."""
        if not isinstance(blobs, Mapping):
            from .._validation import fail_type

            raise fail_type("App", "blobs", "a mapping of path to bytes or str", blobs)
        for path, content in blobs.items():
            self.storage.put_blob(path, content)

    def _bind(self, plan: FunctionPlan, data: Any, call: Call) -> dict[str, Any]:
        metadata = plan.metadata
        trigger_converter = _converters.get(plan.trigger_key) or plan.generic_trigger
        assert trigger_converter is not None
        binding_data: dict[str, Any]
        try:
            if (
                type(trigger_converter) is HttpTriggerBinding
                and type(data) is HttpRequest
                and not call.needs_binding_data
            ):
                # What that trigger() gives for a request and no binding data, without a call.
                trigger_value, binding_data = data, {}
            else:
                trigger_value, binding_data = trigger_converter.trigger(
                    metadata.trigger, data, call
                )
        except BindingError as exc:
            # Every refusal names the function's file and the binding, whichever converter
            # (ours or a registered one) wrote the message.
            if str(exc).startswith(metadata.source):
                raise
            raise BindingError(
                f"{metadata.source}: binding {metadata.trigger.name!r}: {exc}"
            ) from None
        call.binding_data = binding_data
        values: dict[str, Any] = {metadata.trigger.name: trigger_value}
        for binding in plan.inputs:
            converter = get_converter(binding.type)
            assert converter is not None
            values[binding.name] = converter.read(binding, call)
        params = plan.params
        if len(params) == 1 and params[0].role not in ("output", "context"):
            # The usual shape (one parameter, the trigger's): no loop, no role checks.
            param = params[0]
            source = param.binding
            assert source is not None
            value = values[source.name]
            converter = param.converter
            # The base class's convert gives the value back as it is: no call for it.
            if converter is not None and type(converter).convert is not _BASE_CONVERT:
                value = converter.convert(value, param.kind.name, source)
            return {param.name: value}
        kwargs: dict[str, Any] = {}
        for param in plan.params:
            role = param.role
            if role == "output":
                kwargs[param.name] = Out()
            elif role == "context":
                kwargs[param.name] = Context(
                    invocation_id=call.invocation_id,
                    function_name=metadata.name,
                    function_directory=metadata.directory,
                    trace_context=_trace_context(trigger_value),
                    thread_local_storage=INVOCATION_LOCAL,
                )
            else:
                source = param.binding
                assert source is not None
                value = values[source.name]
                converter = param.converter
                if converter is not None:
                    value = converter.convert(value, param.kind.name, source)
                kwargs[param.name] = value
        return kwargs

    def _call(self, plan: FunctionPlan, kwargs: dict[str, Any], sink: LogSink) -> Any:
        function = plan.function
        # No extension can exist before its module is imported: one dict lookup, no call.
        hooks = _extension_hooks() if _EXTENSION_MODULE in sys.modules else None
        # Worker extensions run around the call, inside the invocation's log capture.
        context = _hook_context(plan, kwargs, sink) if hooks is not None else None
        if plan.is_async:

            async def run_async() -> Any:
                token = set_sink(sink)
                try:
                    if hooks is None:
                        return await function(**kwargs)
                    return await hooks.acall_with_hooks(context, function, kwargs)
                finally:
                    reset_sink(token)

            return self._runner.run_async(run_async, sink.nested)

        if hooks is None and not sink.named:
            # The usual plain function: no hooks, no thread-local invocation id to set.
            runner = self._runner
            asyncio = sys.modules.get("asyncio")
            if not (
                sink.nested
                or runner.always_pool
                or (asyncio is not None and asyncio.events._get_running_loop() is not None)
            ):
                # Runner.run_sync's own path for a plain caller thread, without its calls:
                # the function runs right here, in one of the app's thread slots.
                slots = runner._slots
                try:
                    slots.get_nowait()
                except queue.Empty:
                    runner.wait_for_slot()
                token = _current_sink.set(sink)
                try:
                    return function(**kwargs)
                finally:
                    _current_sink.reset(token)
                    slots.put(None)

            def run_plain() -> Any:
                token = _current_sink.set(sink)
                try:
                    return function(**kwargs)
                finally:
                    _current_sink.reset(token)

            return self._runner.run_sync(run_plain, sink.nested)

        def run() -> Any:
            token = set_sink(sink)
            local = INVOCATION_LOCAL
            named = sink.named
            previous = None
            if named:
                # As the worker does on the thread a plain function runs on, for a function
                # that reads context.thread_local_storage.invocation_id.
                previous = local.__dict__.get("invocation_id")
                local.invocation_id = sink.invocation_id
            try:
                if hooks is None:
                    return function(**kwargs)
                return hooks.call_with_hooks(context, function, kwargs)
            finally:
                if named:
                    local.invocation_id = previous
                reset_sink(token)

        return self._runner.run_sync(run, sink.nested)

    def _run(self, plan: FunctionPlan, data: Any, blob_path: Optional[str]) -> InvocationResult:
        package = self._package
        previous: Optional[str] = None
        if package is not None:
            # Imports made while the function runs find this app's modules and folder.
            previous = _loader._alias_target
            if previous != package:
                _loader.point_alias(package)
            if not self._on_path:
                _loader.hold_path(self.root, id(self))
                self._on_path = True
        runner = self._runner
        # Counted from the start, so close() waits for the whole invocation (binding,
        # settings, log capture and outputs), not only for the function's own call.
        # Runner.begin() and end(), inline.
        inflight = runner._inflight
        inflight.append(None)
        if runner._closing:
            # close() is stopping the pool and loop: wait for it to finish, then count again.
            runner.end()
            runner.begin()
        try:
            if not self._capturing:
                self._start_capture()
            metadata = plan.metadata
            # The id's random bits: its text is made only if something reads it (the result
            # and the sink each hold the bits and give the same text).
            result = InvocationResult(metadata.name, random_id_bits(128))
            call: Optional[Call]
            direct = self._direct_http.get(plan)
            if (
                direct is not None
                and type(data) is HttpRequest
                and type(_converters.get(plan.trigger_key)) is HttpTriggerBinding
            ):
                # What _bind gives for this shape, without it and without a Call (made
                # below only if an output needs one): the request as the one argument.
                call = None
                kwargs = {direct: data}
            else:
                call = self._new_call(plan, result.invocation_id, blob_path)
                try:
                    kwargs = self._bind(plan, data, call)
                except Exception as exc:
                    # A binding that cannot be resolved fails the invocation, as in the
                    # real host.
                    result.exception = exc
                    return result
            # The sink also tells which apps' functions run in this context (see inside()).
            sink = LogSink(result._invocation_id, self._log_level, id(self._runner))
            result.logs = sink.entries
            if metadata.name in self._with_context:
                sink.name()
            environment = self._environment
            if environment:
                try:
                    ENVIRONMENT.enter(id(self._runner), environment, self.root)
                except BaseException:
                    sink.finish()
                    raise
            try:
                if plan.retry is None:
                    returned = self._call(plan, kwargs, sink)
                else:
                    returned = self._call_with_retries(plan, kwargs, sink)
            except KeyboardInterrupt as exc:
                if not plan.is_async:
                    # A plain function may run on the caller's own thread, where Ctrl-C
                    # arrives as this exception: it stops the caller, as it would without
                    # the host.
                    raise
                # A coroutine runs on the app's loop thread, which no signal reaches: the
                # function raised it, and it fails that invocation only.
                result.exception = _strip_plumbing(exc)
                return result
            except BaseException as exc:
                # SystemExit or a cancelled coroutine is the function's failure, not the
                # caller's.
                result.exception = _strip_plumbing(exc)
                return result
            finally:
                sink.live = False  # sink.finish(), without the call for an unnamed sink
                if sink.named:
                    sink.finish()
                if environment:
                    ENVIRONMENT.exit(id(self._runner))
            result.return_value = returned
            if call is None:
                # A function of _direct_http has no outputs and an HTTP $return: for an
                # HttpResponse, what _collect does without its calls.
                if (
                    type(returned) is HttpResponse
                    and type(_converters.get(plan.return_key)) is HttpOutputBinding  # type: ignore[arg-type]
                ):
                    result.http_response = returned
                    return result
                call = self._new_call(plan, result.invocation_id, blob_path)
            try:
                self._collect(plan, kwargs, returned, call, result)
            except Exception as exc:
                result.exception = exc
            return result
        finally:
            if runner._closing:
                runner.end()
            else:
                # close() waits with a timeout too: a wake-up lost here costs no more.
                inflight.pop()
            if previous is not None and previous != package and inside_any():
                # A nested call: the outer function's imports find its own app again.
                _loader.point_alias(previous)

    def _new_call(self, plan: FunctionPlan, invocation_id: str, blob_path: Optional[str]) -> Call:
        return Call(
            function=plan.metadata,
            invocation_id=invocation_id,
            settings=self._settings_view,
            storage=self.storage,
            trigger_path=blob_path,
            needs_binding_data=plan.needs_binding_data,
            app=self,
        )

    def _call_with_retries(self, plan: FunctionPlan, kwargs: dict[str, Any], sink: LogSink) -> Any:
        """Call the function as its retry policy says: again after each failure, until it
        succeeds or the retries are used up; each try sees its ``retry_context``."""
        import time
        import traceback

        from ..context import RetryContext, RpcException

        policy = plan.retry
        assert policy is not None
        retry_count = 0
        failure: Optional[RpcException] = None
        while True:
            retry = RetryContext(retry_count, policy.max_retry_count, failure)
            for param in plan.params:
                if param.role == "output":
                    kwargs[param.name] = Out()  # a failed try's outputs are not written
                elif param.role == "context":
                    old = kwargs[param.name]
                    kwargs[param.name] = Context(
                        invocation_id=old.invocation_id,
                        function_name=old.function_name,
                        function_directory=old.function_directory,
                        trace_context=old.trace_context,
                        retry_context=retry,
                        thread_local_storage=INVOCATION_LOCAL,
                    )
            try:
                return self._call(plan, kwargs, sink)
            except Exception as exc:
                if not policy.allows(retry_count):
                    raise
                retry_count += 1
                delay = policy.delay(retry_count)
                failure = RpcException(
                    type(exc).__name__,
                    "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
                    str(exc),
                )
                sink.entries.append(
                    LogEntry(
                        "INFO",
                        20,
                        f"Waiting for {delay:g}s before retrying function execution. Next "
                        f"attempt: '{retry_count}'. Max retry count: "
                        f"'{policy.max_retry_count}'",
                        sink.invocation_id,
                        "Host.Function",
                    )
                )
                time.sleep(delay * self.retry_delay_scale)

    def _collect(
        self,
        plan: FunctionPlan,
        kwargs: dict[str, Any],
        returned: Any,
        call: Call,
        result: InvocationResult,
    ) -> None:
        for param in plan.outputs:
            box = kwargs[param.name]
            binding = param.binding
            assert binding is not None
            value = box.get()
            if value is None:
                continue
            converter = param.converter
            written = value if converter is None else _write(plan, converter, binding, value, call)
            if binding.type.lower() == "http":
                result.http_response = written
            else:
                result.outputs[binding.name] = written
        if plan.http_stream:
            # What the function returns is the HTTP response, as FastAPI sends it.
            from .httpstreams import finish_response

            result.http_response = finish_response(self, plan, kwargs, returned)
            return
        return_binding = plan.return_binding
        if return_binding is None:
            trigger_converter = _converters.get(plan.trigger_key) or plan.generic_trigger
            if returned is not None and not (
                trigger_converter is not None and trigger_converter.implicit_return
            ):
                raise BindingError(
                    f"function {plan.metadata.name!r} returned a {type(returned).__name__}, "
                    f"but {plan.metadata.source} has no $return binding to take it"
                )
            return
        return_is_http = plan.return_is_http
        if returned is None and return_is_http:
            # The worker cannot encode None as an HTTP response and fails the invocation, so
            # Azure answers 500: a missing return must not pass for success.
            raise BindingError(
                f"function {plan.metadata.name!r} returned None, but its $return binding in "
                f"{plan.metadata.source} is an HTTP response: return a func.HttpResponse "
                "(or a str)"
            )
        if returned is None:
            return
        converter = _converters.get(plan.return_key)  # type: ignore[arg-type]
        if converter is not None:
            # _write, without a call of its own on this path.
            try:
                if type(converter) is HttpOutputBinding and type(returned) is HttpResponse:
                    written = returned  # what that write() gives back, without the call
                else:
                    written = converter.write(return_binding, returned, call)
            except BindingError:
                raise
            except (TypeError, ValueError) as exc:
                raise _write_failure(plan, return_binding, exc) from None
            if return_is_http:
                result.http_response = written
            else:
                # A queue or blob $return is an output like any other.
                result.outputs["$return"] = written

    # --- HTTP ----------------------------------------------------------------------------

    def match(self, method: str, path: str) -> RouteMatch:
        """Route a request: the function (``target.metadata``) and its route parameters.

        Raises TypeError when ``method`` or ``path`` is not a str, ValueError when
        ``method`` is not an HTTP token (``GET``, ``POST`` ...).
        """
        return self._router.match(
            _check_method("App.match", method), _check_path("App.match", path)
        )

    def _authorized(self, metadata: FunctionMetadata, request: HttpRequest) -> bool:
        if not self._enforces_keys or metadata.auth_level == "anonymous":
            return True
        key = _request_key(request)
        if not key:
            return False
        if self._master_key is not None and key == self._master_key:
            return True
        return metadata.auth_level == "function" and key in self._function_keys

    def handle(
        self,
        method: str,
        url: str,
        path: str,
        headers: Any = None,
        body: Union[bytes, str, None] = None,
    ) -> tuple[int, Optional[InvocationResult], RouteMatch]:
        """Route and run one HTTP request; ``path`` is the URL path without the query.

        Returns the status decided before any function runs (404, 405, 401; 200 when one
        ran), the invocation result when a function ran, and the route match. Raises
        TypeError/ValueError for a malformed method, URL, headers or body.
        """
        if type(path) is not str:
            _check_path("App.handle", path)
        known = _KNOWN_METHODS.get(method) if type(method) is str else None
        found = self._router.match(known or _check_method("App.handle", method), path)
        if found.target is None:
            return found.status, None, found
        plan: FunctionPlan = found.target  # type: ignore[assignment]
        request = HttpRequest(method, url, headers=headers, route_params=found.params, body=body)
        if self._enforces_keys and not self._authorized(plan.metadata, request):
            return 401, None, found
        if type(plan) is not FunctionPlan:
            # A function in error (see load_app's lenient): the invocation fails with its
            # load error, without running anything.
            failure: FunctionLoadError = found.target  # type: ignore[assignment]
            from .invocation import new_invocation_id

            failed = InvocationResult(failure.function_name, new_invocation_id())
            failed.exception = _refusal(failure)
            return 500, failed, found
        if plan.inputs or _converters.get(plan.trigger_key) is None:
            self._check_supported(plan)
        return 200, self._run(plan, request, None), found

    @property
    def durable(self) -> DurableHub:
        """The app's Durable Functions task hub: start, wait for and inspect orchestrations
        (see docs/durable.md). Made on first use."""
        if self._durable is None:
            from ..durable.hub import hub_of

            self._durable = hub_of(self)
        return self._durable  # type: ignore[no-any-return]

    def test_client(self, *, base_url: str = "http://localhost:7071") -> TestClient:
        """A client that sends HTTP-style requests to this app's functions (see TestClient)."""
        from .testclient import TestClient

        return TestClient(self, base_url=base_url)

    # --- lifetime ------------------------------------------------------------------------

    def close(self) -> None:
        """Wait for the invocations in flight, then stop the app's threads and log capture.

        The app stays usable: the next invocation starts them again, so closing one test
        client never breaks another client of the same app (its requests in flight finish
        first). Called from inside one of the app's own functions, it does nothing; from
        inside a function of another app, it closes only an app that is idle.

        An ``AsgiFunctionApp`` (ours or azure.functions') whose application was started
        gets its lifespan shutdown first, on the app's event loop, and starts again on the
        next request.
        """
        if not self._runner.close(self._stop_capture, self._shut_down_asgi_apps):
            return
        self._on_path = False
        _loader.release_imports(self.root, id(self))

    async def _shut_down_asgi_apps(self) -> None:
        # What the worker leaves to AsgiFunctionApp.__del__ at process exit, which by then
        # finds the loop its lifespan task ran on closed: here, while that loop still runs.
        for function_app in self._function_apps:
            if vars(function_app).get("startup_task_done") is not True:
                continue
            # Cleared first: the real package's __del__ then does not shut it down again, and
            # the next request starts the application again, on the next loop.
            function_app.startup_task_done = False
            middleware = getattr(function_app, "middleware", None)
            try:
                await middleware.notify_shutdown()  # type: ignore[union-attr]
            except Exception as exc:
                import logging

                logging.getLogger("azure_functions_compat.host").error(
                    "%s: the ASGI application's lifespan shutdown failed: %s: %s",
                    self.root,
                    type(exc).__name__,
                    exc,
                )
            # The real middleware makes its lifespan queue and events once, bound to this
            # loop: new ones for the next startup.
            _forget_lifespan_loop(middleware)
        # An AsgiMiddleware a function's script made and started itself (the function.json
        # model has no AsgiFunctionApp to do it): its application is shut down too.
        for middleware in _loader.module_asgi_middlewares(self.root, self._package):
            if not _lifespan_running(middleware):
                continue
            try:
                await middleware.notify_shutdown()
            except Exception as exc:
                import logging

                logging.getLogger("azure_functions_compat.host").error(
                    "%s: the ASGI application's lifespan shutdown failed: %s: %s",
                    self.root,
                    type(exc).__name__,
                    exc,
                )
            _forget_lifespan_loop(middleware)

    def _stop_capture(self) -> None:
        with self._capture_lock:
            if self._capturing:
                self._capturing = False
                LOG_CAPTURE.detach()

    def _start_capture(self) -> None:
        with self._capture_lock:
            if not self._capturing:
                LOG_CAPTURE.attach(self._log_level)
                self._capturing = True

    def __enter__(self) -> App:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<App {self.root!r} functions={list(self.functions)}>"


_HTTP_TOKEN_CHARS = frozenset(
    "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)


# The usual methods as written, each to its upper-case form: one dict lookup on the hot path.
_KNOWN_METHODS = {
    spelling: name
    for name in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
    for spelling in (name, name.lower())
}


def _check_method(owner: str, method: object) -> str:
    if type(method) is str:
        known = _KNOWN_METHODS.get(method)
        if known is not None:
            return known
    if not isinstance(method, str):
        from .._validation import fail_type

        raise fail_type(owner, "method", "a str such as 'GET'", method)
    if not method or not _HTTP_TOKEN_CHARS.issuperset(method):
        from .._validation import fail_value

        raise fail_value(owner, "method", "an HTTP method token such as 'GET'", method)
    return method.upper()


def _check_path(owner: str, path: object) -> str:
    if not isinstance(path, str):
        from .._validation import fail_type

        raise fail_type(owner, "path", "a str such as '/api/items'", path)
    return path


def _request_key(request: HttpRequest) -> Optional[str]:
    """The key a request offers, as the Functions host reads it.

    The ``x-functions-key`` header wins whenever it is present (its first value, even an
    empty one); otherwise the first ``code`` query parameter, its name in any case
    (``?Code=``, ``?CODE=``), since ASP.NET Core's query collection ignores case.
    """
    headers = request.headers
    if "x-functions-key" in headers:
        return headers.getone("x-functions-key")
    for name, value in request.params.items():
        if name.lower() == "code":
            return value
    return None


def _direct_parameter(plan: FunctionPlan) -> Optional[str]:
    """The parameter an HttpRequest goes to as it is, for a function that needs nothing else.

    That is an HTTP-triggered function whose one parameter takes the trigger without a
    conversion (not a streams request), with no inputs, no outputs, no binding data and an
    HTTP ``$return``: what
    _bind and _collect do for it is done inline. None for any other function.
    """
    params = plan.params
    if (
        plan.inputs
        or plan.outputs
        or plan.needs_binding_data
        or plan.http_stream
        or not plan.return_is_http
        or len(params) != 1
        or plan.trigger_key != "httptrigger"
    ):
        return None
    param = params[0]
    binding = param.binding
    converter = param.converter
    if (
        param.role in ("output", "context")
        or binding is None
        or binding.name != plan.metadata.trigger.name
        or (converter is not None and type(converter).convert is not _BASE_CONVERT)
    ):
        return None
    return param.name


def _check_route_conflict(routed: list[FunctionMetadata], metadata: FunctionMetadata) -> None:
    """AppLoadError when ``metadata``'s route and methods are those of a function already routed.

    As the Functions host: two routes conflict when their templates are the same text
    (ignoring case and surrounding slashes) and their methods overlap (no methods is all).
    """
    route = (metadata.route or "").strip("/").lower()
    for other in routed:
        if (other.route or "").strip("/").lower() != route:
            continue
        if (
            metadata.methods is not None
            and other.methods is not None
            and not set(metadata.methods) & set(other.methods)
        ):
            continue
        raise AppLoadError(
            f"{metadata.source}: route {metadata.route!r} of function {metadata.name!r} "
            f"conflicts with the route of function {other.name!r} ({other.source})"
        )


def _refusal(failure: FunctionLoadError) -> FunctionLoadError:
    """The error invoking a function in error raises: its name, then why it did not load."""
    return FunctionLoadError(
        f"function {failure.function_name!r} is in error and cannot run: {failure}",
        function_name=failure.function_name,
        metadata=failure.metadata,
    )


class _Settings(Mapping[str, str]):
    """App settings first, then the process environment, for ``%name%`` expressions."""

    __slots__ = ("_app",)

    def __init__(self, app: App) -> None:
        self._app = app

    def __getitem__(self, key: str) -> str:
        value = self._app._setting(key)
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Any:
        return iter({**os.environ, **self._app._settings})

    def __len__(self) -> int:
        return len({**os.environ, **self._app._settings})


_EXTENSION_MODULE = "azure_functions_compat.extension"
_BASE_CONVERT = BindingConverter.convert


def _extension_hooks() -> Any:
    """The worker-extension hook runner when an extension may be registered, else None.

    No extension can exist before ``azure_functions_compat.extension`` is imported (each one
    subclasses its bases), so an app without extensions pays one dict lookup.
    """
    if _EXTENSION_MODULE not in sys.modules:
        return None
    from ..extension import _hooks

    return _hooks if _hooks.active() else None


def _trace_context(trigger_value: Any) -> TraceContext:
    """The trace context of an invocation: a child of the request's ``traceparent``, if any.

    As the host's activity: the trace id (and flags) of a valid incoming ``traceparent``
    with a span id of its own, and its ``tracestate``; otherwise a new trace.
    """
    parent = state = ""
    if is_binding_type(trigger_value, HttpRequest):
        parent = trigger_value.headers.get("traceparent") or ""
        state = trigger_value.headers.get("tracestate") or ""
    span = os.urandom(8).hex()
    parts = parent.strip().lower().split("-")
    if (
        len(parts) == 4
        and [len(part) for part in parts] == [2, 32, 16, 2]
        and all(char in "0123456789abcdef" for char in "".join(parts))
        and parts[0] != "ff"
        and parts[1] != "0" * 32
    ):
        return TraceContext(f"00-{parts[1]}-{span}-{parts[3]}", state, {})
    return TraceContext(f"00-{os.urandom(16).hex()}-{span}-00", "", {})


def _hook_context(plan: FunctionPlan, kwargs: dict[str, Any], sink: LogSink) -> Context:
    """The Context the hooks get: the function's own when it takes one, else a new one."""
    for value in kwargs.values():
        if isinstance(value, Context):
            return value
    metadata = plan.metadata
    return Context(
        invocation_id=sink.invocation_id,
        function_name=metadata.name,
        function_directory=metadata.directory,
        thread_local_storage=INVOCATION_LOCAL,
    )


def _thread_count(settings: Mapping[str, str]) -> int:
    raw = settings.get("PYTHON_THREADPOOL_THREAD_COUNT")
    if raw is None:
        raw = os.environ.get("PYTHON_THREADPOOL_THREAD_COUNT")
    if raw is None or raw == "":
        return default_thread_count()
    try:
        count = int(raw)
    except ValueError:
        count = 0
    if count < 1:
        raise AppLoadError(
            f"local.settings.json: Values.PYTHON_THREADPOOL_THREAD_COUNT must be a whole "
            f"number of at least 1, got {raw!r}"
        )
    return count


def _open_storage(root: str, spec: str, settings: Mapping[str, str]) -> Storage:
    """The storage ``spec`` names, or AppLoadError in one line."""
    from .storage import open_storage
    from .storage.choose import message_encoding

    try:
        return open_storage(
            spec, settings, encoding=message_encoding(root), owner="load_app: storage"
        )
    except ValueError as exc:
        raise AppLoadError(str(exc)) from None


def load_app(
    path: Union[str, os.PathLike[str]],
    *,
    settings: Optional[Mapping[str, str]] = None,
    storage: Union[Storage, str, None] = None,
    function_keys: Optional[Union[str, list[str], tuple[str, ...]]] = None,
    master_key: Optional[str] = None,
    always_use_thread_pool: bool = False,
    lenient: bool = False,
) -> App:
    """Load the function app in folder ``path``: host.json, local.settings.json, functions.

    ``settings`` add to (and override) the ``Values`` of local.settings.json; those values
    otherwise give way to variables already in the environment, as with Core Tools.
    ``storage`` is the blob and queue store to use (a new, empty one by default), or a name
    for one (see ``storage.open_storage``): ``"memory"``, ``"azure"`` (the account in the
    setting AzureWebJobsStorage), a storage connection string, or a folder.
    ``function_keys``/``master_key`` turn on key checks for HTTP functions whose authLevel is
    not anonymous (off by default, as in the local host): the key comes in the ``code`` query
    parameter or the ``x-functions-key`` header. Each function's module is imported once.
    Plain functions run on the invoking thread, at most PYTHON_THREADPOOL_THREAD_COUNT at
    once (on a pool thread when invoked from an event loop); ``always_use_thread_pool``
    sends every call to the pool instead.

    Raises AppLoadError (a ValueError) naming the file and field when the app is broken,
    TypeError for arguments of the wrong type. With ``lenient=True`` a function that cannot
    be loaded (its function.json is invalid, its script fails to import, its parameters do
    not fit its bindings, its route conflicts with another) does not fail the app, as the
    Functions host marks just that function as in error: it is left out of ``functions``,
    its one-line error is in :attr:`App.load_errors`, and invoking it raises
    FunctionLoadError. Problems of the app as a whole (host.json, local.settings.json, a
    ``function_app.py`` that fails to import) raise AppLoadError in both modes.
    """
    from .._validation import build_str_dict, fail_type, fail_value
    from . import loader

    if not isinstance(path, (str, os.PathLike)):
        raise fail_type("load_app", "path", "a str or os.PathLike folder", path)
    root = os.path.abspath(os.fspath(path))
    if not os.path.isdir(root):
        raise AppLoadError(f"{os.fspath(path)}: is not a folder (expected a function app folder)")
    explicit = build_str_dict("load_app", "settings", settings)
    if storage is not None and not isinstance(storage, (Storage, str)):
        raise fail_type(
            "load_app",
            "storage",
            "a Storage, a str naming one (see docs/storage.md) or None",
            storage,
        )
    if isinstance(function_keys, str):
        keys: tuple[str, ...] = (function_keys,)
    elif function_keys is None:
        keys = ()
    elif isinstance(function_keys, (list, tuple)) and all(
        isinstance(key, str) for key in function_keys
    ):
        keys = tuple(function_keys)
    else:
        raise fail_type(
            "load_app", "function_keys", "a str, a list of str, or None", function_keys
        )
    # An empty key would turn key checks on and then match a request that offers none.
    if any(not key for key in keys):
        raise fail_value(
            "load_app", "function_keys", "non-empty keys (a str or a list of str)", function_keys
        )
    if master_key is not None and not isinstance(master_key, str):
        raise fail_type("load_app", "master_key", "a str or None", master_key)
    if master_key == "":
        raise fail_value("load_app", "master_key", "a non-empty str or None", master_key)
    if not isinstance(always_use_thread_pool, bool):
        raise fail_type("load_app", "always_use_thread_pool", "a bool", always_use_thread_pool)
    if not isinstance(lenient, bool):
        raise fail_type("load_app", "lenient", "a bool", lenient)

    host_config = loader.load_host_config(root)
    local_values = loader.load_local_settings(root)
    # Refused before anything is applied: os.environ would take the settings before the
    # bad one and then fail half-way.
    for key, value in local_values.items():
        problem = loader.environment_problem(key, value)
        if problem is not None:
            raise AppLoadError(
                f"local.settings.json: Values setting {key!r} cannot be an environment "
                f"variable: {problem}"
            )
    for key, value in explicit.items():
        problem = loader.environment_problem(key, value)
        if problem is not None:
            raise ValueError(
                f"load_app: settings[{key!r}] cannot be an environment variable: {problem}"
            )
    # Core Tools leaves a variable that is already in the environment as it is. That is the
    # process's environment: not the settings of another app whose function loads this one.
    process = {key: ENVIRONMENT.process_value(key) for key in local_values}
    environment = {key: value for key, value in local_values.items() if process[key] is None}
    environment.update(explicit)
    # The app's settings say what the functions see: the environment's value where it wins.
    app_settings: dict[str, str] = {}
    for key, value in local_values.items():
        found = process[key]
        app_settings[key] = value if found is None else found
    app_settings.update(explicit)
    thread_count = _thread_count(app_settings)
    if isinstance(storage, str):
        storage = _open_storage(root, storage, app_settings)

    # The Functions host tells the worker where the app is; a function-level worker extension,
    # made while its script is imported, finds its function from it. Only while loading: the
    # functions themselves see the app's settings, as before.
    load_environment = {"AzureWebJobsScriptRoot": root, **environment}

    plans: dict[str, FunctionPlan] = {}
    # With lenient=True: the functions in error, by name, in the order they were found.
    failures: Optional[dict[str, FunctionLoadError]] = {} if lenient else None
    # The environment before the import lock, always in this order: a load that waits for
    # another app's running invocation must not hold the lock that invocation may need (a
    # function that loads an app itself).
    ENVIRONMENT.enter(id(plans), load_environment, root)
    try:
        with loader.IMPORT_LOCK, loader.worker_like_logging():
            loader.ensure_dropin()
            # Loaded from inside a function, the new app must not take __app__ from it.
            previous_alias = loader.alias_target() if inside_any() else None
            try:
                package, before = loader.prepare_imports(root)
                unread: Optional[dict[str, AppLoadError]] = {} if lenient else None
                functions = loader.discover_folder_functions(root, unread)
                function_apps: list[Any] = []
                if os.path.isfile(os.path.join(root, "function_app.py")):
                    functions.extend(
                        loader.discover_decorated_functions(root, package, function_apps, unread)
                    )
                if failures is not None and unread:
                    wanted_names = host_config.function_names
                    for name, error in unread.items():
                        if wanted_names is None or name in wanted_names:
                            failure = FunctionLoadError(str(error), function_name=name)
                            failure.__cause__ = error.__cause__
                            failures[name] = failure
                if any(
                    binding.type.lower() in _DURABLE_TYPES
                    for metadata in functions
                    for binding in metadata.bindings
                ):
                    # Their converters come with the task hub, loaded only for apps using it.
                    from ..durable import bindings as _durable_bindings  # noqa: F401
                wanted = host_config.function_names
                seen: dict[str, str] = {}
                for name in failures or ():
                    seen[name.lower()] = f"function {name!r} (in error)"
                for metadata in functions:
                    if wanted is not None and metadata.name not in wanted:
                        continue
                    key = metadata.name.lower()
                    if key in seen:
                        duplicate = AppLoadError(
                            f"{metadata.source}: function name {metadata.name!r} is also used by "
                            f"{seen[key]}"
                        )
                        if failures is None:
                            raise duplicate
                        if metadata.name not in failures:
                            failures[metadata.name] = FunctionLoadError(
                                str(duplicate), function_name=metadata.name
                            )
                        continue
                    seen[key] = metadata.source
                    # The app setting the host reads to switch a function off.
                    switch = app_settings.get(f"AzureWebJobs.{metadata.name}.Disabled", "")
                    if switch.strip().lower() in ("true", "1"):
                        metadata.disabled = True
                    if metadata.retry is None:
                        metadata.retry = host_config.retry
                    try:
                        plans[metadata.name] = _plan_for(root, metadata, package)
                    except AppLoadError as exc:
                        if failures is None:
                            raise
                        # Its function.json was read: the host knows its trigger and route.
                        failure = FunctionLoadError(
                            str(exc), function_name=metadata.name, metadata=metadata
                        )
                        # The import's own exception, its whole message and traceback.
                        failure.__cause__ = exc.__cause__
                        failures[metadata.name] = failure
                        continue
                    hooks = _extension_hooks()
                    if hooks is not None:
                        hooks.function_loaded(metadata.name, metadata.directory)
                loader.remember_app_modules(root, before)
                # An app that imported the real azure.functions gets our objects: make them
                # pass its isinstance checks.
                from .interop import pass_for_real_package

                pass_for_real_package()
            finally:
                if previous_alias is not None:
                    loader.point_alias(previous_alias)
    finally:
        ENVIRONMENT.exit(id(plans))
    if any(plan.http_stream for plan in plans.values()):
        from .httpstreams import streams_app

        for name, error in streams_app(plans).items():
            if failures is None:
                raise error
            failures[name] = FunctionLoadError(
                str(error), function_name=name, metadata=plans.pop(name).metadata
            )
    return App(
        root=root,
        route_prefix=host_config.route_prefix,
        settings=app_settings,
        environment=environment,
        plans=plans,
        storage=storage if storage is not None else Storage(),
        log_level=host_config.log_level,
        thread_count=thread_count,
        function_keys=keys,
        master_key=master_key,
        always_use_thread_pool=always_use_thread_pool,
        package=package,
        function_apps=tuple(function_apps),
        # In name order, whichever step each failed at.
        failures=None if failures is None else dict(sorted(failures.items())),
    )


def _plan_for(root: str, metadata: FunctionMetadata, package: str) -> FunctionPlan:
    """Import the function's code (folder model) and match its parameters to its bindings."""
    from . import loader

    if metadata.user_function is not None:
        user_function: object = metadata.user_function
        shown = f"{getattr(user_function, '__name__', metadata.name)}()"
    else:
        module = loader.import_module_for(root, metadata, package)
        shown_script = loader.display(root, metadata.script_file)
        if not hasattr(module, metadata.entry_point):
            raise AppLoadError(
                f"{metadata.source}: entryPoint {metadata.entry_point!r} is not "
                f"defined in {shown_script}"
            )
        user_function = getattr(module, metadata.entry_point)
        shown = f"{metadata.entry_point}() in {shown_script}"
    return loader.plan_function(metadata, user_function, shown)


__all__ = ["App", "InvocationResult", "load_app"]
