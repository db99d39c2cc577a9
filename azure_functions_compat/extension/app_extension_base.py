"""The base of app-level extensions: hooks that run around every function of the app."""

from __future__ import annotations

from logging import Logger
from typing import Any, ClassVar, Optional

from ..context import Context
from .extension_meta import ExtensionMeta
from .extension_scope import ExtensionScope


class AppExtensionBase(metaclass=ExtensionMeta):
    """Subclass this to run code around every invocation of every function of the app.

    The subclass is used as a class, never instantiated (that raises
    ``FunctionExtensionException``). Defining it registers it and calls its ``init()``;
    the app's code usually calls ``configure(...)`` on it to pass settings. Override, as
    class methods, the hooks you need: ``post_function_load_app_level(function_name,
    function_directory)`` after each function is loaded, ``pre_invocation_app_level(logger,
    context, func_args)`` before and ``post_invocation_app_level(logger, context, func_args,
    func_ret)`` after each invocation. An exception a hook raises is logged and the
    invocation goes on.
    """

    _scope: ClassVar[ExtensionScope] = ExtensionScope.APPLICATION
    _is_extension_base: ClassVar[bool] = True

    @classmethod
    def init(cls) -> None:
        """Called once, when the extension class is defined (its module imported)."""

    @classmethod
    def configure(cls, *args: Any, **kwargs: Any) -> None:
        """Called by the app's code to set the extension up; the arguments are the extension's."""

    @classmethod
    def post_function_load_app_level(
        cls, function_name: str, function_directory: str, *args: Any, **kwargs: Any
    ) -> None:
        """Called after each function of the app is loaded, with its name and folder."""

    @classmethod
    def pre_invocation_app_level(
        cls,
        logger: Logger,
        context: Context,
        func_args: Optional[dict[str, object]] = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        """Called before each invocation, with the function's arguments by parameter name."""

    @classmethod
    def post_invocation_app_level(
        cls,
        logger: Logger,
        context: Context,
        func_args: Optional[dict[str, object]] = None,
        func_ret: Optional[object] = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        """Called after each invocation that returned, with its arguments and return value."""
