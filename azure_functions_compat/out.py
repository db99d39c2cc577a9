"""``Out[T]``: the value a function hands to an output binding."""

from __future__ import annotations

from typing import Generic, Optional, TypeVar

T = TypeVar("T")


class Out(Generic[T]):
    """A box a function puts one output value in with ``set``; the host reads it with ``get``.

    ``Out[func.QueueMessage]()`` works at run time as well as in annotations. ``get`` returns
    None until ``set`` is called; ``is_set`` tells an explicit ``set(None)`` from no call.
    """

    __slots__ = ("_is_set", "_value")

    def __init__(self) -> None:
        self._value: Optional[T] = None
        self._is_set = False

    def set(self, val: T) -> None:
        """Store ``val`` as the output value, replacing any earlier one."""
        self._value = val
        self._is_set = True

    def get(self) -> Optional[T]:
        """The value last given to ``set``, or None."""
        return self._value

    @property
    def is_set(self) -> bool:
        """Whether ``set`` has been called."""
        return self._is_set

    def __repr__(self) -> str:
        return f"<Out {self._value!r}>" if self._is_set else "<Out (not set)>"


__all__ = ["Out"]
