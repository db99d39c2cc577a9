"""Running functions as the Python worker does, with per-invocation logs and app settings.

* ``async def`` functions run on an event loop of their own (one per app, on a background
  thread), so many of them interleave; plain functions run in a thread pool sized by the
  ``PYTHON_THREADPOOL_THREAD_COUNT`` app setting (by default ``min(32, CPUs + 4)``, the
  worker's default on Python 3.9 and later).
* Log records a function emits through :mod:`logging` while it runs are captured for that
  invocation only (level and message, tagged with its id), however many run at once; so
  are those of the threads it starts (``threading.Thread``, a ``ThreadPoolExecutor``,
  ``asyncio.to_thread``, ``run_in_executor``) and of any thread that names it through
  ``context.thread_local_storage.invocation_id``, as under the worker.
* The app's settings are environment variables while any of its functions runs, and the
  previous environment comes back when the last one returns. Invocations of two apps with
  settings wait for each other rather than see a mix of both, except a function that
  invokes another app's function: the inner app's settings are laid over the outer's.
* Closing an app waits for the invocations in flight; a function that invokes another of
  its own app runs it inline, so a nested call never waits for a slot it holds itself.
* Nothing waits forever: a wait for another app's settings or for a thread slot ends after
  :data:`WAIT_LIMIT` seconds with a TimeoutError that says why.
"""

from __future__ import annotations

import collections
import contextvars
import logging
import os
import queue
import random
import sys
import threading
import time
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

if TYPE_CHECKING:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

#: How long (seconds) an invocation or a load waits for another app's settings to come off
#: the environment, or for one of its app's thread slots, before a TimeoutError.
WAIT_LIMIT = 60.0


class LogEntry:
    """One captured log record: ``level`` (``'INFO'``...), ``message``, ``invocation_id``."""

    __slots__ = ("invocation_id", "level", "levelno", "logger", "message")

    def __init__(
        self, level: str, levelno: int, message: str, invocation_id: str, logger: str
    ) -> None:
        self.level = level
        self.levelno = levelno
        self.message = message
        self.invocation_id = invocation_id
        self.logger = logger

    def as_dict(self) -> dict[str, str]:
        """``{"level": ..., "message": ...}``, as the command line prints it."""
        return {"level": self.level, "message": self.message}

    def __repr__(self) -> str:
        return f"LogEntry({self.level!r}, {self.message!r})"


class LogSink:
    """Where one invocation's records go: a list, and the lowest level kept.

    ``running`` holds the ids of the apps whose functions run in the invocation's context,
    innermost last (the app's own, after those of the functions that invoked it, if any):
    the sink is set for exactly as long as the function runs, so it answers :func:`inside`
    at no extra cost per invocation.
    """

    __slots__ = ("_invocation_id", "entries", "level", "live", "named", "nested", "running")

    running: tuple[int, ...]
    nested: bool

    def __init__(
        self, invocation_id: Union[str, int], level: int, owner: Optional[int] = None
    ) -> None:
        # The id, or the random bits it is made from when first read (invocation_id_text).
        self._invocation_id = invocation_id
        self.level = level
        self.entries: list[LogEntry] = []
        # Until finish(): threads the function started log here only while it runs.
        self.live = True
        self.named = False
        # current_sink(), without the call when the context variable answers.
        outer = _current_sink.get()
        if outer is None or not outer.live:
            outer = current_sink() if _live_sinks else None
        if outer is None:
            self.nested = False
            self.running = () if owner is None else (owner,)
        else:
            running = outer.running
            # Whether the owner's functions already run in this context (a function that
            # invokes another of its app): what inside(owner) answered before this sink.
            self.nested = owner is not None and owner in running
            self.running = running if owner is None else (*running, owner)

    @property
    def invocation_id(self) -> str:
        """The id of the invocation (a UUID as text)."""
        value = self._invocation_id
        if type(value) is int:
            value = self._invocation_id = invocation_id_text(value)
        return value  # type: ignore[return-value]

    def name(self) -> None:
        """Let threads name this invocation through ``context.thread_local_storage`` (only
        a function that takes a Context knows its id)."""
        self.named = True
        _live_sinks[self.invocation_id] = self

    def finish(self) -> None:
        """The invocation has returned: records made from now on are not its."""
        self.live = False
        if self.named:
            _live_sinks.pop(self.invocation_id, None)


_current_sink: contextvars.ContextVar[Optional[LogSink]] = contextvars.ContextVar(
    "azure_functions_compat_log_sink", default=None
)

# The invocations in flight by id, for threads that name theirs through the thread-local
# storage below.
_live_sinks: dict[str, LogSink] = {}

#: The ``context.thread_local_storage`` of every invocation the host runs: one
#: ``threading.local`` for the process, as the worker has. A thread that sets its
#: ``invocation_id`` to an invocation in flight logs (and calls other apps) as part of it.
INVOCATION_LOCAL = threading.local()


def current_sink() -> Optional[LogSink]:
    """The sink of the invocation the current thread or task works for, or None.

    The context variable when the host set it (the function's own thread or task, and the
    threads and pool tasks it started), else the invocation the thread names through
    ``context.thread_local_storage.invocation_id``; never one that has returned.
    """
    sink = _current_sink.get()
    if sink is not None and sink.live:
        return sink
    if not _live_sinks:
        # No invocation can be named: skip the thread-local lookup.
        return None
    # The thread's own attributes (a missing attribute through getattr costs an exception).
    invocation_id = INVOCATION_LOCAL.__dict__.get("invocation_id")
    if invocation_id is None:
        return None
    return _live_sinks.get(invocation_id)


class _CaptureHandler(logging.Handler):
    """A root handler that hands each record to the sink of the invocation that made it."""

    def handle(self, record: logging.LogRecord) -> bool:
        # No handler lock: each sink belongs to one invocation and list.append is atomic.
        sink = current_sink()
        if sink is None or record.levelno < sink.level:
            return False
        try:
            message = record.getMessage()
        except Exception:  # a bad format string in user code must not break the invocation
            message = str(record.msg)
        sink.entries.append(
            LogEntry(record.levelname, record.levelno, message, sink.invocation_id, record.name)
        )
        return True

    def emit(self, record: logging.LogRecord) -> None:
        self.handle(record)


class _LogCapture:
    """Attach the capture handler to the root logger while any app needs it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._handler = _CaptureHandler()
        self._saved_level: Optional[int] = None
        self._set_level: Optional[int] = None

    def attach(self, level: int) -> None:
        _trace_threads()
        with self._lock:
            self._users += 1
            root = logging.getLogger()
            if self._handler not in root.handlers:
                root.addHandler(self._handler)
            # The worker runs with the root logger at INFO; without this logging.info()
            # would be dropped before any handler sees it.
            if root.level == logging.NOTSET or root.level > level:
                if self._saved_level is None:
                    self._saved_level = root.level
                root.setLevel(level)
                self._set_level = level

    def detach(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users > 0:
                return
            self._users = 0
            root = logging.getLogger()
            if self._handler in root.handlers:
                root.removeHandler(self._handler)
            if self._saved_level is not None and root.level == self._set_level:
                root.setLevel(self._saved_level)
            self._saved_level = None
            self._set_level = None


LOG_CAPTURE = _LogCapture()


def inside(owner: int) -> bool:
    """True when the current thread or task runs a function of the app with id ``owner``."""
    sink = current_sink()
    return sink is not None and owner in sink.running


def inside_any() -> bool:
    """True when the current thread or task runs a function of any app."""
    sink = current_sink()
    return sink is not None and bool(sink.running)


_threads_traced = False


def _trace_threads() -> None:
    """Make the threads and pool tasks a function starts work for its invocation.

    New threads start with an empty context, so the host's context variable would not
    reach them: ``threading.Thread.start`` and ``ThreadPoolExecutor.submit`` (which
    ``asyncio``'s ``run_in_executor`` and ``to_thread`` use) carry the invocation of the
    caller, if any, to the code they run. Outside an invocation they cost one lookup.
    Installed once, when an app first runs a function.
    """
    global _threads_traced
    if _threads_traced:
        return
    _threads_traced = True
    from concurrent.futures import thread as futures_thread

    pool_worker = getattr(futures_thread, "_worker", None)
    original_start = threading.Thread.start
    original_submit = futures_thread.ThreadPoolExecutor.submit

    def start(self: threading.Thread) -> None:
        sink = current_sink()
        # A pool's own threads outlive the task that started them: each task carries its
        # invocation instead (see submit).
        if (
            sink is not None
            and getattr(self, "_target", None) is not pool_worker
            and not getattr(self, "_azure_functions_compat_own", False)
        ):
            self.run = _within(sink, self.run)  # type: ignore[method-assign]
        original_start(self)

    def submit(self: Any, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        sink = current_sink()
        if sink is not None:
            fn = _within(sink, fn)
        return original_submit(self, fn, *args, **kwargs)

    start.__doc__ = original_start.__doc__
    submit.__doc__ = original_submit.__doc__
    threading.Thread.start = start  # type: ignore[method-assign]
    futures_thread.ThreadPoolExecutor.submit = submit  # type: ignore[method-assign]


def _within(sink: LogSink, call: Callable[..., Any]) -> Callable[..., Any]:
    """``call``, run with ``sink`` as the current invocation's."""

    def run_within(*args: Any, **kwargs: Any) -> Any:
        token = _current_sink.set(sink)
        try:
            return call(*args, **kwargs)
        finally:
            _current_sink.reset(token)

    return run_within


class _Layer:
    __slots__ = ("count", "name", "owner", "saved")

    def __init__(self, owner: int, saved: dict[str, Optional[str]], name: str) -> None:
        self.owner = owner
        self.count = 1
        self.saved = saved
        self.name = name


class _Environment:
    """Apply one app's settings to os.environ while its invocations run; restore after.

    The environment is the process's, so invocations of two apps with settings take turns.
    A function that invokes a function of another app (a nested call) cannot wait for
    itself: the inner app's settings are laid over the outer one's (a stack of layers) and
    taken off when the inner invocation returns.
    """

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._layers: list[_Layer] = []

    def enter(self, owner: int, values: dict[str, str], name: str = "") -> None:
        """Apply ``values`` for app ``owner`` (shown as ``name``); wait while another app's
        are applied, at most :data:`WAIT_LIMIT` seconds (then TimeoutError).

        When the caller runs inside a function whose app's settings are applied (a nested
        call, from the function's thread or task or from a thread it started), another
        app's settings are layered on top instead: waiting would never end.
        """
        sink = current_sink()
        running = sink.running if sink is not None else ()
        with self._condition:
            layers = self._layers
            if running and any(layer.owner in running for layer in layers):
                top = layers[-1]
                if top.owner == owner and top.count > 0:
                    top.count += 1
                else:
                    self._push(owner, values, name)
                return
            deadline: Optional[float] = None
            while layers and layers[0].owner != owner:
                now = time.monotonic()
                if deadline is None:
                    deadline = now + WAIT_LIMIT
                elif now >= deadline:
                    raise TimeoutError(_settings_wait_message(name, layers[0].name))
                self._condition.wait(deadline - now)
            if layers:
                layers[0].count += 1
            else:
                self._push(owner, values, name)

    def process_value(self, key: str) -> Optional[str]:
        """The value of variable ``key`` in the process's own environment, under any app's.

        While functions run, os.environ holds their apps' settings; this is what it held
        before the first of them was applied (or holds now, if no app's is applied).
        """
        with self._condition:
            for layer in self._layers:
                if key in layer.saved:
                    return layer.saved[key]
        return os.environ.get(key)

    def _push(self, owner: int, values: dict[str, str], name: str) -> None:
        saved = {key: os.environ.get(key) for key in values}
        try:
            os.environ.update(values)
        except BaseException:
            # A setting the OS refuses (load_app checks them first): take back the ones
            # applied before it, so the environment is exactly as it was.
            _restore(saved)
            raise
        self._layers.append(_Layer(owner, saved, name))

    def exit(self, owner: int) -> None:
        """Undo one :meth:`enter` of app ``owner``; the last one restores the environment."""
        with self._condition:
            layers = self._layers
            for layer in reversed(layers):
                if layer.owner == owner and layer.count > 0:
                    layer.count -= 1
                    break
            # Layers come off in the order they went on, so each restores what it saw;
            # a finished layer under a live one waits for that one to finish first.
            while layers and layers[-1].count == 0:
                _restore(layers.pop().saved)
            if not layers:
                self._condition.notify_all()


def _settings_wait_message(name: str, holder: str) -> str:
    return (
        f"the settings of app {name or '?'!r} waited {WAIT_LIMIT:g} s for those of app "
        f"{holder or '?'!r} to come off the environment; if a function of that app makes "
        "this call from a thread the host cannot follow (one not started through "
        "threading.Thread, a ThreadPoolExecutor, asyncio.to_thread or run_in_executor), "
        "set context.thread_local_storage.invocation_id = context.invocation_id on that "
        "thread first"
    )


def _restore(saved: dict[str, Optional[str]]) -> None:
    """Put back the variables ``saved`` maps to their earlier values (None: unset)."""
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


ENVIRONMENT = _Environment()


def default_thread_count() -> int:
    """The worker's default pool size on Python 3.9+: ``min(32, CPUs + 4)``."""
    return min(32, (os.cpu_count() or 1) + 4)


class Runner:
    """The thread pool and event loop one app's functions run on, started when first needed.

    It counts the invocations in flight (:meth:`begin`/:meth:`end`) so that :meth:`close`
    waits for them instead of pulling the pool or the loop from under them.
    """

    def __init__(self, thread_count: int, *, always_pool: bool = False, name: str = "") -> None:
        self.thread_count = thread_count
        self.always_pool = always_pool
        self.name = name
        # At most thread_count plain functions run at once, as on the worker's pool. A queue of
        # tokens is a semaphore whose get and put are C calls: the cheapest on this path.
        self._slots: queue.SimpleQueue[None] = queue.SimpleQueue()
        for _ in range(thread_count):
            self._slots.put(None)
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        # One item per invocation in flight: deque append and pop are atomic C calls, so
        # counting costs no lock on the hot path; only close() and invocations that meet a
        # close() take the lock.
        self._inflight: collections.deque[None] = collections.deque()
        self._closing = False
        self._pool: Optional[ThreadPoolExecutor] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._loop_thread: Optional[threading.Thread] = None

    def begin(self) -> None:
        """Count one invocation in flight; :meth:`close` waits until it has ended (App._run
        does this inline, and keeps to it)."""
        self._inflight.append(None)
        if self._closing:
            # close() is stopping the pool and loop: wait for it to finish, then count again.
            self.end()
            with self._lock:
                self._inflight.append(None)

    def end(self) -> None:
        """Count one invocation as ended (App._run does this inline, and keeps to it)."""
        self._inflight.pop()
        if self._closing and not self._inflight:
            with self._idle:
                self._idle.notify_all()

    @property
    def active(self) -> int:
        """How many invocations are in flight."""
        return len(self._inflight)

    def _get_pool(self) -> ThreadPoolExecutor:
        pool = self._pool
        if pool is None:
            with self._lock:
                if self._pool is None:
                    from concurrent.futures import ThreadPoolExecutor

                    self._pool = ThreadPoolExecutor(
                        max_workers=self.thread_count, thread_name_prefix="azure-functions-compat"
                    )
                pool = self._pool
        return pool

    def _get_loop(self) -> asyncio.AbstractEventLoop:
        loop = self._loop
        if loop is None:
            with self._lock:
                if self._loop is None:
                    import asyncio

                    new_loop = asyncio.new_event_loop()
                    thread = threading.Thread(
                        target=new_loop.run_forever,
                        name="azure-functions-compat-loop",
                        daemon=True,
                    )
                    # The app's loop works for no invocation in particular, even when one
                    # starts it (see _trace_threads).
                    thread._azure_functions_compat_own = True  # type: ignore[attr-defined]
                    thread.start()
                    self._loop_thread = thread
                    self._loop = new_loop
                loop = self._loop
        return loop

    def run_sync(self, call: Callable[[], Any], nested: Optional[bool] = None) -> Any:
        """Run a plain function's ``call`` and wait for it; its exception is re-raised.

        The caller waits for the result either way, so when it is a plain thread the call
        runs right there, in one of ``thread_count`` slots; handing it to a pool thread would
        add a thread switch each way (tens of microseconds) and change nothing else that a
        function can observe but the thread's identity. From a thread that runs an event
        loop, or with ``always_pool``, the call goes to the pool, so the loop never blocks.
        A call made from inside one of this app's functions (a function invoking another)
        runs inline: it already holds a slot, and waiting for another could wait forever.
        ``nested`` is that answer when the caller knows it already (see LogSink.nested).
        """
        if nested is None:
            nested = inside(id(self))
        if nested:
            if _loop_running():
                # A coroutine of this app blocking on the pool would hold up the loop the
                # pool's own coroutines need; a thread of its own is free of both.
                return _run_in_thread(call)
            return call()
        asyncio = sys.modules.get("asyncio")  # _loop_running(), without the call
        if self.always_pool or (
            asyncio is not None and asyncio.events._get_running_loop() is not None
        ):
            return self._get_pool().submit(call).result()
        slots = self._slots
        try:
            slots.get_nowait()
        except queue.Empty:
            self.wait_for_slot()
        try:
            return call()
        finally:
            slots.put(None)

    def wait_for_slot(self) -> None:
        """Take a thread slot when none was free at once: wait for one, at most
        :data:`WAIT_LIMIT` seconds (then TimeoutError). Put it back with ``_slots.put``."""
        try:
            self._slots.get(timeout=WAIT_LIMIT)
        except queue.Empty:
            raise TimeoutError(
                f"app {self.name or '?'!r}: all {self.thread_count} thread slots "
                f"(PYTHON_THREADPOOL_THREAD_COUNT) stayed taken for {WAIT_LIMIT:g} s"
            ) from None

    def run_async(self, make_coroutine: Callable[[], Any], nested: Optional[bool] = None) -> Any:
        """Run the coroutine ``make_coroutine()`` on the app's loop and wait for its result.

        A call made from inside one of this app's functions runs on a loop of its own: the
        app's loop may be the very one that waits for this call (an async function invoking
        another synchronously, maybe through a plain function), and would never get to it.
        """
        import asyncio

        if nested is None:
            nested = inside(id(self))
        if nested:
            outcome = _run_in_thread(lambda: asyncio.run(_contained(make_coroutine())))
        else:
            loop = self._get_loop()
            outcome = asyncio.run_coroutine_threadsafe(_contained(make_coroutine()), loop).result()
        if isinstance(outcome, _Escaped):
            raise outcome.exception
        return outcome

    def close(
        self,
        when_idle: Optional[Callable[[], None]] = None,
        before_loop_stops: Optional[Callable[[], Any]] = None,
    ) -> bool:
        """Wait for the invocations in flight, then stop the pool and the loop; True if so.

        They start again if another call comes. ``when_idle`` is called once they are
        stopped, before any new invocation can begin. ``before_loop_stops()`` makes a
        coroutine awaited on the loop, when there is one, before it stops (an ASGI
        application's lifespan shutdown); the tasks still pending after it are cancelled,
        as ``asyncio.run`` does, rather than destroyed pending with the loop.

        Called from inside one of the app's own functions, it stops nothing (that would wait
        for itself); called from inside a function of another app, it stops the runner only
        if it is idle already (waiting could wait for an invocation that waits for the
        caller's app's settings).
        """
        if inside(id(self)):
            return False
        wait = not inside_any()
        with self._idle:
            self._closing = True
            try:
                while self._inflight:
                    if not wait:
                        return False
                    # A timeout as well as the notification: end() may pop between our
                    # check and the wait, and a lost wake-up must not mean waiting forever.
                    self._idle.wait(0.05)
                self._stop(when_idle, before_loop_stops)
            finally:
                self._closing = False
        return True

    def _stop(
        self,
        when_idle: Optional[Callable[[], None]],
        before_loop_stops: Optional[Callable[[], Any]] = None,
    ) -> None:
        # Called with the lock held and nothing in flight; an invocation that begins now
        # waits for the lock (see begin), so none can start on what is being stopped.
        pool, self._pool = self._pool, None
        loop, self._loop = self._loop, None
        thread, self._loop_thread = self._loop_thread, None
        if pool is not None:
            pool.shutdown(wait=True)
        if loop is not None:
            import asyncio

            asyncio.run_coroutine_threadsafe(_wind_down(before_loop_stops), loop).result()
            loop.call_soon_threadsafe(loop.stop)
            if thread is not None:
                thread.join()
            loop.close()
        if when_idle is not None:
            when_idle()


async def _wind_down(before_loop_stops: Optional[Callable[[], Any]]) -> None:
    """Run ``before_loop_stops()`` on the loop, then cancel the tasks still pending there."""
    import asyncio

    if before_loop_stops is not None:
        await before_loop_stops()
    current = asyncio.current_task()
    pending = [task for task in asyncio.all_tasks() if task is not current]
    for task in pending:
        task.cancel()
    if pending:
        # Bounded: a task that swallows its cancellation must not hold up close() for ever.
        await asyncio.wait(pending, timeout=5.0)
    await asyncio.get_running_loop().shutdown_asyncgens()


class _Escaped:
    """A SystemExit or KeyboardInterrupt a coroutine raised, carried out of its event loop."""

    __slots__ = ("exception",)

    def __init__(self, exception: BaseException) -> None:
        self.exception = exception


async def _contained(coroutine: Any) -> Any:
    """Await ``coroutine``; a SystemExit or KeyboardInterrupt it raises comes back as a value.

    asyncio re-raises those two out of the loop that runs the task: the app's loop would
    stop for good, with every invocation waiting on it (and ``close()``) left hanging. The
    waiting caller re-raises the exception instead, so it fails only its own invocation.
    """
    try:
        return await coroutine
    except (SystemExit, KeyboardInterrupt) as exc:
        return _Escaped(exc)


def _run_in_thread(call: Callable[[], Any]) -> Any:
    """Run ``call`` on a new thread, in a copy of the current context; wait; re-raise."""
    outcome: list[Any] = []
    failure: list[BaseException] = []
    context = contextvars.copy_context()

    def target() -> None:
        try:
            outcome.append(context.run(call))
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=target, name="azure-functions-compat-nested", daemon=True)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]


def _loop_running() -> bool:
    asyncio = sys.modules.get("asyncio")
    if asyncio is None:
        return False
    return asyncio.events._get_running_loop() is not None


# Where invocation ids come from: a generator of the host's own, seeded from os.urandom (and
# again in each forked child), so an id costs no system call, and a function that seeds the
# random module cannot make two invocations share an id.
_IDS = random.Random()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_IDS.seed)

#: ``random_id_bits(128)``: the random bits of a new invocation id (see invocation_id_text).
#: An invocation keeps the bits and makes the text only when something reads it.
random_id_bits = _IDS.getrandbits


def invocation_id_text(bits: int) -> str:
    """The invocation id 128 random bits make: a version 4 UUID as text."""
    digits = f"{bits:032x}"
    variant = "89ab"[(bits >> 60) & 3]
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-{variant}{digits[17:20]}-{digits[20:]}"


def new_invocation_id() -> str:
    """A new random (version 4) UUID as text; ``str(uuid.uuid4())`` at a third of the cost."""
    return invocation_id_text(random_id_bits(128))


def set_sink(sink: LogSink) -> contextvars.Token[Optional[LogSink]]:
    """Route log records of the current thread or task to ``sink``."""
    return _current_sink.set(sink)


def reset_sink(token: contextvars.Token[Optional[LogSink]]) -> None:
    """Undo :func:`set_sink`."""
    _current_sink.reset(token)


__all__ = [
    "ENVIRONMENT",
    "INVOCATION_LOCAL",
    "LOG_CAPTURE",
    "WAIT_LIMIT",
    "LogEntry",
    "LogSink",
    "Runner",
    "current_sink",
    "default_thread_count",
    "inside",
    "inside_any",
    "invocation_id_text",
    "new_invocation_id",
    "random_id_bits",
    "reset_sink",
    "set_sink",
]
