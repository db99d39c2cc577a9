"""The errors the host raises: a broken app, an unknown function, a trigger it cannot run."""

from __future__ import annotations


class AppLoadError(ValueError):
    """A function app folder could not be loaded.

    The message is one line naming the folder, the file and the field at fault, e.g.
    ``HttpExample/function.json: bindings[1].name is missing``.
    """


class FunctionNotFoundError(ValueError):
    """``invoke`` was asked for a function the app does not have."""


class UnsupportedBindingError(ValueError):
    """The host has no converter for a trigger or binding type (see ``register_converter``)."""


class BindingError(ValueError):
    """A binding could not be resolved or converted while a function was being invoked.

    For example a binding expression such as ``{id}`` with no value, or a function that sets an
    output to a value the binding cannot take. The invocation fails as the real host fails it.
    """


__all__ = ["AppLoadError", "BindingError", "FunctionNotFoundError", "UnsupportedBindingError"]
