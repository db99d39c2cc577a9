"""Retry policies, carried out by the host as the Functions runtime carries them out.

A function declares one in ``function.json`` (``"retry": {"strategy": "fixedDelay",
"maxRetryCount": 3, "delayInterval": "00:00:05"}`` or ``"exponentialBackoff"`` with
``minimumInterval`` and ``maximumInterval``), in ``host.json`` for every function
(``"retry"`` at the top level), or with ``@app.retry(...)`` in the decorator model. The
runtime applies it to the triggers that support retry policies (timer, Event Hubs, Kafka,
Cosmos DB); the others retry through their own extension settings, so a policy on them is
ignored. ``maxRetryCount`` counts the retries after the first try; ``-1`` retries until
the function succeeds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Optional

from .errors import AppLoadError

__all__ = ["RETRY_TRIGGERS", "RetryPolicy", "parse_retry", "retry_from_settings"]

#: The trigger types whose failed invocations the runtime retries by policy (lower case).
RETRY_TRIGGERS = frozenset(("timertrigger", "eventhubtrigger", "kafkatrigger", "cosmosdbtrigger"))

_STRATEGIES = {
    "fixeddelay": "fixedDelay",
    "fixed_delay": "fixedDelay",
    "exponentialbackoff": "exponentialBackoff",
    "exponential_backoff": "exponentialBackoff",
}
# A .NET TimeSpan as written in configuration: [d.]hh:mm:ss[.fffffff].
_TIMESPAN = re.compile(r"^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?$")


class RetryPolicy:
    """A parsed retry policy: ``strategy``, ``max_retry_count`` and its intervals (seconds)."""

    __slots__ = (
        "delay_interval",
        "max_retry_count",
        "maximum_interval",
        "minimum_interval",
        "strategy",
    )

    def __init__(
        self,
        strategy: str,
        max_retry_count: int,
        *,
        delay_interval: float = 0.0,
        minimum_interval: float = 0.0,
        maximum_interval: float = 0.0,
    ) -> None:
        self.strategy = strategy
        self.max_retry_count = max_retry_count
        self.delay_interval = delay_interval
        self.minimum_interval = minimum_interval
        self.maximum_interval = maximum_interval

    def allows(self, retry_count: int) -> bool:
        """True when a try that failed after ``retry_count`` retries may be retried."""
        return self.max_retry_count < 0 or retry_count < self.max_retry_count

    def delay(self, retry_number: int) -> float:
        """Seconds to wait before retry number ``retry_number`` (1 for the first retry).

        Fixed delay waits ``delay_interval`` each time; exponential backoff waits
        ``minimum_interval`` first, then twice as long each time, at most
        ``maximum_interval``.
        """
        if self.strategy == "fixedDelay":
            return self.delay_interval
        doubled = self.minimum_interval * (2.0 ** min(retry_number - 1, 64))
        return min(self.maximum_interval, doubled)

    def __repr__(self) -> str:
        return f"<RetryPolicy {self.strategy} max_retry_count={self.max_retry_count}>"


def _seconds(source: str, field: str, value: object) -> float:
    if isinstance(value, str):
        found = _TIMESPAN.match(value.strip())
        if found is not None:
            days, hours, minutes, seconds, fraction = found.groups()
            if int(minutes) < 60 and int(seconds) < 60:
                total = int(days or 0) * 86400 + int(hours) * 3600 + int(minutes) * 60
                return total + int(seconds) + float(f"0.{fraction or 0}")
    raise AppLoadError(
        f"{source}: {field} must be a time span like '00:00:05' (hh:mm:ss), got {value!r}"
    )


def _count(source: str, field: str, value: object) -> int:
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < -1:
        raise AppLoadError(
            f"{source}: {field} must be a whole number of at least -1 (-1: no limit), "
            f"got {value!r}"
        )
    return value


def parse_retry(source: str, raw: object, where: str = "retry") -> Optional[RetryPolicy]:
    """Read a ``retry`` object of function.json or host.json; None when there is none.

    Raises AppLoadError naming ``source`` and the field for anything malformed, as the host
    refuses such a function at start.
    """
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise AppLoadError(f"{source}: {where} must be a JSON object, got {raw!r}")
    lower = {str(key).lower(): value for key, value in raw.items()}
    strategy = lower.get("strategy")
    name = _STRATEGIES.get(strategy.lower()) if isinstance(strategy, str) else None
    if name is None:
        raise AppLoadError(
            f"{source}: {where}.strategy must be fixedDelay or exponentialBackoff, got "
            f"{strategy!r}"
        )
    if "maxretrycount" not in lower:
        raise AppLoadError(f"{source}: {where}.maxRetryCount is missing")
    count = _count(source, f"{where}.maxRetryCount", lower["maxretrycount"])
    if name == "fixedDelay":
        delay = _seconds(source, f"{where}.delayInterval", lower.get("delayinterval"))
        return RetryPolicy(name, count, delay_interval=delay)
    minimum = _seconds(source, f"{where}.minimumInterval", lower.get("minimuminterval"))
    maximum = _seconds(source, f"{where}.maximumInterval", lower.get("maximuminterval"))
    if maximum < minimum:
        raise AppLoadError(
            f"{source}: {where}.maximumInterval must not be shorter than minimumInterval"
        )
    return RetryPolicy(name, count, minimum_interval=minimum, maximum_interval=maximum)


def retry_from_settings(settings: Mapping[str, object]) -> dict[str, object]:
    """The ``retry`` object of function.json for the decorator model's ``retry_policy``."""
    names = {
        "strategy": "strategy",
        "max_retry_count": "maxRetryCount",
        "delay_interval": "delayInterval",
        "minimum_interval": "minimumInterval",
        "maximum_interval": "maximumInterval",
    }
    return {
        names[key]: value for key, value in settings.items() if key in names and value is not None
    }
