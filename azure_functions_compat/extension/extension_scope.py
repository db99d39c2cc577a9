"""Where an extension applies: the whole app or one function."""

from __future__ import annotations

from enum import Enum


class ExtensionScope(Enum):
    """The scope of an extension class, read from its ``_scope`` attribute.

    ``APPLICATION`` for subclasses of ``AppExtensionBase`` (every function), ``FUNCTION`` for
    subclasses of ``FuncExtensionBase`` (the function whose script creates it), ``UNKNOWN``
    for a class that has neither: it cannot be registered.
    """

    UNKNOWN = 0
    APPLICATION = 1
    FUNCTION = 2
