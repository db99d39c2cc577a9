"""The hooks an app-level extension can have, each with its registered implementations."""

from __future__ import annotations

from typing import NamedTuple

from .extension_hook_meta import ExtensionHookMeta


class AppExtensionHooks(NamedTuple):
    """Registered app-level hooks, one list per hook name, in registration order.

    ``post_function_load_app_level`` runs once per function after it is loaded,
    ``pre_invocation_app_level`` before and ``post_invocation_app_level`` after each
    invocation of any function.
    """

    post_function_load_app_level: list[ExtensionHookMeta]
    pre_invocation_app_level: list[ExtensionHookMeta]
    post_invocation_app_level: list[ExtensionHookMeta]
