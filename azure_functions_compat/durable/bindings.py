"""The host's converters of the four Durable Functions bindings.

``orchestrationTrigger`` and ``entityTrigger`` hand the function the JSON text the task hub
built (as ``OrchestrationContext`` / ``EntityContext``, whose ``body`` the SDK reads);
``activityTrigger`` hands it the activity's input, decoded as the worker does;
``durableClient`` hands it the JSON text the SDK's ``DurableOrchestrationClient`` is built
from, with the URLs of the app's task hub API. The return value of the three triggers is
their output (no ``$return`` binding needed).
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING, Any, Optional

from ..host.converters import BindingConverter, get_converter, register_converter
from ..host.errors import BindingError

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from ..host.converters import Call
    from ..host.metadata import BindingMetadata


class _AnyKind(tuple):  # type: ignore[type-arg]
    """The annotation names of a binding that takes any annotation (the SDK's wrappers
    annotate as they please; the value does not depend on it)."""

    def __contains__(self, item: object) -> bool:
        return True


_ANY: tuple[str, ...] = _AnyKind(("any annotation",))


def _text(binding: BindingMetadata, data: Any) -> str:
    # The host puts the function's file and the binding's name before these messages.
    if isinstance(data, (bytes, bytearray)):
        try:
            return bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise BindingError("the payload is not UTF-8") from None
    if data is None and binding.type in _STARTED_BY_THE_HUB:
        raise BindingError(
            f"an {binding.type} function runs when its task hub calls it: start an "
            "orchestration with `durable APP NAME` on the command line, "
            "app.durable.start(NAME, input) in Python, or an HTTP starter"
        )
    if not isinstance(data, str):
        raise BindingError(f"a Durable payload must be JSON text, got {type(data).__name__}")
    return data


_STARTED_BY_THE_HUB = frozenset({"orchestrationTrigger", "entityTrigger"})


class OrchestrationTriggerBinding(BindingConverter):
    """``orchestrationTrigger``: the orchestration's history as an OrchestrationContext."""

    input_kinds = _ANY
    implicit_return = True

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        """An OrchestrationContext of ``data`` (the JSON the task hub sends)."""
        from ..durable_functions import OrchestrationContext

        return OrchestrationContext(_text(binding, data)), {}


class EntityTriggerBinding(BindingConverter):
    """``entityTrigger``: the entity's state and batch of operations as an EntityContext."""

    input_kinds = _ANY
    implicit_return = True

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        """An EntityContext of ``data`` (the JSON the task hub sends)."""
        from ..durable_functions import EntityContext

        return EntityContext(_text(binding, data)), {}


class ActivityTriggerBinding(BindingConverter):
    """``activityTrigger``: the activity's input, decoded from its JSON text."""

    input_kinds = _ANY
    implicit_return = True

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        """The decoded input (custom objects from their envelopes, plain text as a str)."""
        from ..durable_functions import ActivityTriggerConverter
        from ..meta import Datum

        if data is None:
            return None, {}
        value = ActivityTriggerConverter.decode(
            Datum(type="json", value=_text(binding, data)), trigger_metadata=None
        )
        return value, {}


class DurableClientBinding(BindingConverter):
    """``durableClient``: the JSON text a DurableOrchestrationClient is built from."""

    input_kinds = _ANY

    def read(self, binding: BindingMetadata, call: Call) -> Any:
        """The client's JSON, naming the task hub and the URLs of its HTTP API."""
        from .hub import hub_of

        app = getattr(call, "app", None)
        if app is None:
            raise BindingError(f"binding {binding.name!r}: no app to take a task hub from")
        task_hub = binding.get("taskHub")
        _session_per_loop()
        return hub_of(app).client_json(task_hub if isinstance(task_hub, str) else None)


def _session_per_loop() -> None:
    """Give each event loop its own HTTP session in the SDK's client (installed once).

    The SDK keeps one aiohttp session per process, made on the first event loop that used
    it; in a worker there is one loop for good. Here each app has a loop of its own, and two
    apps' clients may run at the same moment: one shared session would be used from a loop
    it does not belong to (and fail), or be used after its loop has closed. So the SDK's
    session getter is replaced by one that keeps a session per running loop, and closes it
    when that loop shuts down (see _closed_with_the_loop).
    """
    import sys

    module: Any = sys.modules.get("azure.durable_functions.models.utils.http_utils")
    if module is None or getattr(module, "_compat_per_loop", False):
        return
    make = getattr(module, "_get_session", None)
    if make is None or not callable(getattr(module, "_handle_request_error", None)):
        return  # a release without a shared session
    with _install_lock:
        if getattr(module, "_compat_per_loop", False):
            return
        import asyncio

        # Each loop's session, with the async generator that closes it (see below).
        sessions: weakref.WeakKeyDictionary[Any, tuple[Any, Any]] = weakref.WeakKeyDictionary()

        async def get_session() -> Any:
            loop = asyncio.get_running_loop()
            entry = sessions.get(loop)
            if entry is None or entry[0].closed:
                # The SDK's getter makes a session when its global is empty. Under this
                # lock its own asyncio lock is never contended, so it does not suspend
                # and no other loop sees the global before it is emptied again.
                with _install_lock:
                    module._client_session = None
                    session = await make()
                    module._client_session = None
                closer = _closed_with_the_loop(sessions, loop, session)
                sessions[loop] = (session, closer)
                await closer.__anext__()
                return session
            return entry[0]

        async def forget_session() -> None:
            entry = sessions.get(asyncio.get_running_loop())
            if entry is not None:
                await entry[1].aclose()

        module._get_session = get_session
        module._handle_request_error = forget_session
        module._compat_per_loop = True


async def _closed_with_the_loop(
    sessions: weakref.WeakKeyDictionary[Any, tuple[Any, Any]], loop: Any, session: Any
) -> AsyncIterator[None]:
    """Close ``session`` when this generator is closed: first iterated on ``loop``, it is
    one of the loop's async generators, which ``loop.shutdown_asyncgens()`` closes while
    the loop still runs. App.close() does that before it stops the app's loop, and so does
    ``asyncio.run`` for a loop of its own; a session left open there would make aiohttp
    warn "Unclosed client session" when the process exits. (``sessions`` holds this
    generator: the loop keeps only a weak reference to it.)"""
    try:
        yield
    finally:
        if sessions.get(loop, (None,))[0] is session:
            del sessions[loop]
        if not session.closed:
            await session.close()


_install_lock = threading.RLock()


def output_text(value: Any) -> Optional[str]:
    """An activity's return value as the JSON text its completion event carries."""
    if value is None:
        return None
    from ..durable_functions import ActivityTriggerConverter

    datum = ActivityTriggerConverter.encode(value, expected_type=None)
    return str(datum.value)


DURABLE_TYPES = ("orchestrationtrigger", "entitytrigger", "activitytrigger", "durableclient")


def register() -> None:
    """Register the four converters with the host (once; later calls do nothing)."""
    if get_converter("orchestrationTrigger") is not None:
        return
    register_converter("orchestrationTrigger", OrchestrationTriggerBinding())
    register_converter("entityTrigger", EntityTriggerBinding())
    register_converter("activityTrigger", ActivityTriggerBinding())
    register_converter("durableClient", DurableClientBinding())


register()
