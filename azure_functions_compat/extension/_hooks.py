"""Running the registered extension hooks, the way the Python worker does: for a host.

A host calls ``function_loaded`` after loading each function, and ``before_invocation`` /
``after_invocation`` (or ``call_with_hooks`` for both) around each call of a user
function. The order is the worker's: after a load, the function's hooks then the app's;
before a call, the app's hooks then the function's; after it, the function's then the
app's. A hook that raises does not stop the
others nor the invocation: its exception is logged, with its traceback, on the logger
``azure_functions_worker.extension.<extension class name>``. When the user function raises,
the "after" hooks do not run (as in the worker).

Nothing runs when the app setting ``PYTHON_ENABLE_WORKER_EXTENSIONS`` is ``0`` or ``false``.
A caller that wants to pay nothing when no extension exists checks first that
``azure_functions_compat.extension`` is in ``sys.modules`` (no extension can exist before it
is imported), then ``active()``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Iterable, Mapping
from typing import Any, Callable

from .extension_hook_meta import ExtensionHookMeta
from .extension_meta import ExtensionMeta

_SETTING = "PYTHON_ENABLE_WORKER_EXTENSIONS"
_LOGGER_PREFIX = "azure_functions_worker.extension"


def active() -> bool:
    """Whether any extension is registered and the app setting does not switch them off."""
    if not (ExtensionMeta._func_exts or ExtensionMeta._app_exts is not None):
        return False
    return os.environ.get(_SETTING, "").strip().lower() not in ("0", "false")


def function_loaded(function_name: str, function_directory: str) -> None:
    """Run the ``post_function_load`` hooks of ``function_name``, then the app-level ones."""
    if not active():
        return
    function_hooks = ExtensionMeta.get_function_hooks(function_name)
    app_hooks = ExtensionMeta.get_application_hooks()
    arguments = (function_name, function_directory)
    if function_hooks is not None:
        _run(function_hooks.post_function_load, arguments)
    if app_hooks is not None:
        _run(app_hooks.post_function_load_app_level, arguments)


def before_invocation(context: Any, func_args: Mapping[str, object]) -> None:
    """Run the app-level ``pre_invocation_app_level`` hooks, then the function's own."""
    if not active():
        return
    app_hooks = ExtensionMeta.get_application_hooks()
    function_hooks = ExtensionMeta.get_function_hooks(str(context.function_name))
    if app_hooks is not None:
        _run(app_hooks.pre_invocation_app_level, (context, func_args), with_logger=True)
    if function_hooks is not None:
        _run(function_hooks.pre_invocation, (context, func_args), with_logger=True)


def after_invocation(context: Any, func_args: Mapping[str, object], func_ret: object) -> None:
    """Run the function's ``post_invocation`` hooks, then the app-level ones."""
    if not active():
        return
    app_hooks = ExtensionMeta.get_application_hooks()
    function_hooks = ExtensionMeta.get_function_hooks(str(context.function_name))
    arguments = (context, func_args, func_ret)
    if function_hooks is not None:
        _run(function_hooks.post_invocation, arguments, with_logger=True)
    if app_hooks is not None:
        _run(app_hooks.post_invocation_app_level, arguments, with_logger=True)


def call_with_hooks(context: Any, function: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    """Call ``function(**kwargs)`` between the before and after hooks; its return value.

    What a host wraps a synchronous user function in. An exception from the function
    propagates and skips the after hooks.
    """
    before_invocation(context, kwargs)
    returned = function(**kwargs)
    after_invocation(context, kwargs, returned)
    return returned


async def acall_with_hooks(
    context: Any, function: Callable[..., Awaitable[Any]], kwargs: dict[str, Any]
) -> Any:
    """``call_with_hooks`` for a coroutine function: the hooks run around the awaited call."""
    before_invocation(context, kwargs)
    returned = await function(**kwargs)
    after_invocation(context, kwargs, returned)
    return returned


def _run(
    hooks: Iterable[ExtensionHookMeta], arguments: tuple[Any, ...], *, with_logger: bool = False
) -> None:
    # A copy: a hook may register another extension while we iterate.
    for hook in list(hooks):
        logger = logging.getLogger(f"{_LOGGER_PREFIX}.{hook.ext_name}")
        try:
            if with_logger:
                hook.ext_impl(logger, *arguments)
            else:
                hook.ext_impl(*arguments)
        except Exception as error:  # the worker's contract: log it and go on
            logger.error("%s", error, exc_info=True)
