"""The errors the host raises: a broken app, an unknown function, a trigger it cannot run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from .metadata import FunctionMetadata


class AppLoadError(ValueError):
    """A function app folder could not be loaded.

    The message is one line naming the folder, the file and the field at fault, e.g.
    ``HttpExample/function.json: bindings[1].name is missing``.
    """


class FunctionLoadError(AppLoadError):
    """One function of an app loaded with ``lenient=True`` failed to load (it is in error).

    ``function_name`` names the function; ``metadata`` is its FunctionMetadata when its
    ``function.json`` (or decorators) could be read, else None. The message is the one line
    the load failed with. ``App.load_errors`` holds one per failed function; invoking such a
    function raises one that names the function and that line.
    """

    def __init__(
        self, message: str, *, function_name: str, metadata: Optional[FunctionMetadata] = None
    ) -> None:
        super().__init__(message)
        self.function_name = function_name
        self.metadata = metadata


class FunctionNotFoundError(ValueError):
    """``invoke`` was asked for a function the app does not have."""


class UnsupportedBindingError(ValueError):
    """The host has no converter for a trigger or binding type (see ``register_converter``)."""


class BindingError(ValueError):
    """A binding could not be resolved or converted while a function was being invoked.

    For example a binding expression such as ``{id}`` with no value, or a function that sets an
    output to a value the binding cannot take. The invocation fails as the real host fails it.
    """


__all__ = [
    "AppLoadError",
    "BindingError",
    "FunctionLoadError",
    "FunctionNotFoundError",
    "UnsupportedBindingError",
]
