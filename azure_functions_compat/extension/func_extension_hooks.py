"""The hooks a function-level extension can have, each with its registered implementations."""

from __future__ import annotations

from typing import NamedTuple

from .extension_hook_meta import ExtensionHookMeta


class FuncExtensionHooks(NamedTuple):
    """Registered hooks of one function, one list per hook name, in registration order.

    ``post_function_load`` runs once after the function is loaded, ``pre_invocation`` before
    and ``post_invocation`` after each of its invocations.
    """

    post_function_load: list[ExtensionHookMeta]
    pre_invocation: list[ExtensionHookMeta]
    post_invocation: list[ExtensionHookMeta]
