"""The base of function-level extensions: hooks that run around one function."""

from __future__ import annotations

import abc
import os
from logging import Logger
from typing import Any, ClassVar, Optional, Union

from ..context import Context
from .extension_meta import ExtensionMeta
from .extension_scope import ExtensionScope
from .function_extension_exception import FunctionExtensionException

# The host's name for the app's folder (set by it, read here as the worker does).
_SCRIPT_ROOT = "AzureWebJobsScriptRoot"


class FuncExtensionBase(metaclass=ExtensionMeta):
    """Subclass this to run code around the invocations of one function.

    The subclass must define ``__init__`` and call ``super().__init__(file_path)``; the
    function's script creates the instance with its own ``__file__``, which names the
    function (the first folder of that path under ``AzureWebJobsScriptRoot``). Creating the
    instance registers it. Override the hooks you need: ``post_function_load(function_name,
    function_directory)``, ``pre_invocation(logger, context, func_args)`` and
    ``post_invocation(logger, context, func_args, func_ret)``. An exception a hook raises is
    logged and the invocation goes on.
    """

    _scope: ClassVar[ExtensionScope] = ExtensionScope.FUNCTION
    _is_extension_base: ClassVar[bool] = True
    _trigger_name: str

    @abc.abstractmethod
    def __init__(self, file_path: Union[str, os.PathLike[str]]) -> None:
        """Find the function ``file_path`` belongs to.

        Raises TypeError when ``file_path`` is not a str or path; FunctionExtensionException
        when the ``AzureWebJobsScriptRoot`` environment variable (the app's folder, set by the
        host) is missing or when ``file_path`` is not inside a function folder under it.
        """
        if not isinstance(file_path, (str, os.PathLike)):
            from .._validation import fail_type

            raise fail_type(type(self).__name__, "file_path", "a str or path", file_path)
        script_root = os.environ.get(_SCRIPT_ROOT)
        if script_root is None:
            raise FunctionExtensionException(
                f"{type(self).__name__}: the AzureWebJobsScriptRoot environment variable (the "
                "app's folder) is not set; function extensions run inside a function app"
            )
        path = os.fspath(file_path)
        try:
            relative = os.path.relpath(os.path.normpath(path), os.path.normpath(script_root))
        except ValueError:
            # Another drive on Windows: certainly not inside the app.
            relative = os.pardir
        function_name = relative.split(os.sep)[0]
        if not function_name or function_name.startswith("."):
            raise FunctionExtensionException(
                f"{type(self).__name__}: file_path must be a script inside a function folder "
                f"of the app {script_root!r} (pass __file__), got {path!r}"
            )
        self._trigger_name = function_name

    def post_function_load(
        self, function_name: str, function_directory: str, *args: Any, **kwargs: Any
    ) -> None:
        """Called after the function is loaded, with its name and folder."""

    def pre_invocation(
        self,
        logger: Logger,
        context: Context,
        func_args: Optional[dict[str, object]] = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        """Called before each invocation, with the function's arguments by parameter name."""

    def post_invocation(
        self,
        logger: Logger,
        context: Context,
        func_args: Optional[dict[str, object]] = None,
        func_ret: Optional[object] = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        """Called after each invocation that returned, with its arguments and return value."""
