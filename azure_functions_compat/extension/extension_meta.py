"""The registry of extensions: the metaclass every extension class is made with."""

from __future__ import annotations

import abc
from typing import Any, ClassVar, Optional, Union

from .app_extension_hooks import AppExtensionHooks
from .extension_hook_meta import ExtensionHookMeta
from .extension_scope import ExtensionScope
from .func_extension_hooks import FuncExtensionHooks
from .function_extension_exception import FunctionExtensionException


class ExtensionMeta(abc.ABCMeta):
    """The metaclass of ``AppExtensionBase`` and ``FuncExtensionBase``; it keeps the registry.

    Defining a subclass of ``AppExtensionBase`` registers it at once: its ``init()`` runs,
    then each of its app-level hooks is added to the application hooks. Creating an instance
    of a ``FuncExtensionBase`` subclass registers that instance's hooks for the function
    named by the folder of the script it was created in. Instantiating an app-level
    extension, or a class made with this metaclass that derives from neither base, raises
    ``FunctionExtensionException``.

    The registry is shared by the whole process. ``get_function_hooks``,
    ``get_application_hooks`` and ``get_registered_extensions_json`` read it.
    """

    # Function name (lower case) -> its hooks; the app-level hooks (None until one app-level
    # extension exists); a JSON-ready summary of what was registered. Same names as in the
    # real package, so test code that resets them there works here too.
    _func_exts: ClassVar[dict[str, FuncExtensionHooks]] = {}
    _app_exts: ClassVar[Optional[AppExtensionHooks]] = None
    _info: ClassVar[dict[str, Union[dict[str, list[str]], list[str]]]] = {}

    def __init__(cls, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if ExtensionMeta._get_extension_scope(cls) is ExtensionScope.APPLICATION:
            ExtensionMeta._register_application_extension(cls)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        scope = ExtensionMeta._get_extension_scope(cls)
        if scope is ExtensionScope.FUNCTION:
            instance = super().__call__(*args, **kwargs)
            ExtensionMeta._register_function_extension(instance)
            return instance
        if scope is ExtensionScope.APPLICATION:
            raise FunctionExtensionException(
                f"{cls.__name__}: an app-level extension is not instantiated; use its "
                "class methods (configure(), ...) on the class itself"
            )
        raise FunctionExtensionException(
            f"{cls.__name__}: an extension class must derive from AppExtensionBase or "
            "FuncExtensionBase"
        )

    @classmethod
    def get_function_hooks(cls, name: str) -> Optional[FuncExtensionHooks]:
        """The hooks registered for the function ``name`` (case-insensitive), or None.

        Raises TypeError when ``name`` is not a str.
        """
        if not isinstance(name, str):
            from .._validation import fail_type

            raise fail_type("ExtensionMeta.get_function_hooks", "name", "a str", name)
        return cls._func_exts.get(name.lower())

    @classmethod
    def get_application_hooks(cls) -> Optional[AppExtensionHooks]:
        """The app-level hooks, or None when no app-level extension has been defined."""
        return cls._app_exts

    @classmethod
    def get_registered_extensions_json(cls) -> str:
        """A JSON summary of the registry.

        ``{"AppExtension": [class names], "FuncExtension": {function: [class names]}}``, each
        key present once something of that kind has been registered.
        """
        import json

        return json.dumps(cls._info)

    @classmethod
    def _get_extension_scope(cls, extension: Any) -> ExtensionScope:
        scope = getattr(extension, "_scope", ExtensionScope.UNKNOWN)
        return scope if isinstance(scope, ExtensionScope) else ExtensionScope.UNKNOWN

    @classmethod
    def _register_application_extension(cls, extension: Any) -> None:
        # The base class itself carries the hooks' defaults, it is not an extension.
        if extension.__dict__.get("_is_extension_base", False):
            return
        init = getattr(extension, "init", None)
        if init is not None:
            init()
        if cls._app_exts is None:
            ExtensionMeta._app_exts = AppExtensionHooks([], [], [])
        hooks = cls._app_exts
        assert hooks is not None
        _collect_hooks(hooks, extension, extension.__name__)
        names = cls._info.setdefault("AppExtension", [])
        assert isinstance(names, list)
        names.append(extension.__name__)

    @classmethod
    def _register_function_extension(cls, extension: Any) -> None:
        trigger_name = extension._trigger_name
        hooks = cls._func_exts.get(trigger_name.lower())
        if hooks is None:
            hooks = cls._func_exts[trigger_name.lower()] = FuncExtensionHooks([], [], [])
        _collect_hooks(hooks, extension, type(extension).__name__)
        by_function = cls._info.setdefault("FuncExtension", {})
        assert isinstance(by_function, dict)
        by_function.setdefault(trigger_name, []).append(type(extension).__name__)


def _collect_hooks(
    hooks: Union[AppExtensionHooks, FuncExtensionHooks], extension: Any, name: str
) -> None:
    """Append each hook ``extension`` has to the list of the same name in ``hooks``."""
    for hook_name, registered in zip(hooks._fields, hooks):
        implementation = getattr(extension, hook_name, None)
        if implementation is not None:
            registered.append(ExtensionHookMeta(ext_name=name, ext_impl=implementation))
