"""Worker extensions: code that runs around every invocation, for the whole app or one function.

An app-level extension subclasses :class:`AppExtensionBase`; defining the class registers it
(``ExtensionMeta`` calls its ``init()`` then). A function-level extension subclasses
:class:`FuncExtensionBase`; creating an instance in a function's script, with that script's
``__file__``, registers it for that function. The registered hooks run before and
after each invocation, as the Python worker does.
"""

from __future__ import annotations

from .app_extension_base import AppExtensionBase
from .extension_meta import ExtensionMeta
from .func_extension_base import FuncExtensionBase
from .function_extension_exception import FunctionExtensionException

__all__ = [
    "ExtensionMeta",
    "FunctionExtensionException",
    "AppExtensionBase",
    "FuncExtensionBase",
]
