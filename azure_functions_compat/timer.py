"""``TimerRequest``: what a timer trigger hands to a function."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional

from ._validation import check_bool, check_optional_dict


class TimerRequest:
    """A timer tick: whether it is late, and the schedule status the host keeps.

    ``past_due`` is True when the tick runs later than scheduled (default False).
    ``schedule_status`` (``Last``, ``Next``, ``LastUpdated``) and ``schedule`` (e.g.
    ``AdjustForDST``) are dicts, empty unless given.
    """

    __slots__ = ("_past_due", "_schedule", "_schedule_status")

    def __init__(
        self,
        *,
        past_due: bool = False,
        schedule_status: Optional[Mapping[str, Any]] = None,
        schedule: Optional[Mapping[str, Any]] = None,
    ) -> None:
        self._past_due = check_bool("TimerRequest", "past_due", past_due)
        self._schedule_status = check_optional_dict(
            "TimerRequest", "schedule_status", schedule_status
        )
        self._schedule = check_optional_dict("TimerRequest", "schedule", schedule)

    @property
    def past_due(self) -> bool:
        """Whether this tick runs later than its schedule said."""
        return self._past_due

    @property
    def schedule_status(self) -> dict[str, Any]:
        """The schedule status: ``Last``, ``Next`` and ``LastUpdated`` when the host has them."""
        return self._schedule_status

    @property
    def schedule(self) -> dict[str, Any]:
        """The schedule's settings, e.g. ``{'AdjustForDST': True}``."""
        return self._schedule

    def to_dict(self) -> dict[str, Any]:
        """Every field as a JSON-safe dict, as azure-functions 2.x gives it."""
        from ._bindingbase import json_safe

        return {
            "past_due": self.past_due,
            "schedule_status": json_safe(self.schedule_status),
            "schedule": json_safe(self.schedule),
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text; ``TypeError`` if a schedule value is not JSON-able."""
        from ._bindingbase import dump_json

        return dump_json("TimerRequest", self.to_dict())

    def __repr__(self) -> str:
        return f"<TimerRequest past_due={self.past_due}>"


__all__ = ["TimerRequest"]

# The worker-level converters azure.functions keeps in this module (see meta.py). Function code
# never needs them, so they load on first access only.
if TYPE_CHECKING:
    from ._converters import TimerRequestConverter as TimerRequestConverter
else:

    def __getattr__(name: str) -> object:
        from ._converters import module_getattr

        return module_getattr(__name__, name)
