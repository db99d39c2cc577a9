"""What ``serve`` reads beyond what the in-process host needs.

``local.settings.json``'s ``Host`` section (``LocalHttpPort``, ``CORS``, ``CORSCredentials``)
and, from ``host.json``, ``functionTimeout``, ``logging.logLevel`` and
``extensions.queues``. Every problem is an AppLoadError naming the file and the field.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Mapping
from typing import Any, Optional

from ..host.errors import AppLoadError
from ..host.loader import load_host_config, read_json

DEFAULT_PORT = 7071
# Azure refuses request bodies above 100 MB unless FUNCTIONS_REQUEST_BODY_SIZE_LIMIT says more.
DEFAULT_BODY_LIMIT = 100 * 1024 * 1024

# [-][d.]hh:mm[:ss[.fffffff]], as .NET writes a TimeSpan.
_TIMESPAN = re.compile(
    r"^\s*(?P<sign>-)?(?:(?P<days>\d+)\.)?(?P<hours>\d{1,2}):(?P<minutes>\d{1,2})"
    r"(?::(?P<seconds>\d{1,2})(?:\.(?P<fraction>\d{1,7}))?)?\s*$"
)


def parse_timespan(text: str) -> Optional[datetime.timedelta]:
    """A .NET TimeSpan such as ``00:05:00`` or ``1.02:00:00`` as a timedelta; None if not one."""
    found = _TIMESPAN.match(text)
    if found is None:
        return None
    hours, minutes = int(found["hours"]), int(found["minutes"])
    seconds = int(found["seconds"] or 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        return None
    fraction = float(f"0.{found['fraction']}") if found["fraction"] else 0.0
    span = datetime.timedelta(
        days=int(found["days"] or 0),
        hours=hours,
        minutes=minutes,
        seconds=seconds + fraction,
    )
    return -span if found["sign"] else span


class QueueOptions:
    """``host.json`` ``extensions.queues``, with the Functions host's defaults."""

    __slots__ = (
        "batch_size",
        "max_dequeue_count",
        "max_polling_interval",
        "new_batch_threshold",
        "visibility_timeout",
    )

    def __init__(
        self,
        *,
        batch_size: int = 16,
        new_batch_threshold: Optional[int] = None,
        max_polling_interval: float = 60.0,
        visibility_timeout: float = 0.0,
        max_dequeue_count: int = 5,
    ) -> None:
        self.batch_size = batch_size
        self.new_batch_threshold = (
            batch_size // 2 if new_batch_threshold is None else new_batch_threshold
        )
        self.max_polling_interval = max_polling_interval
        self.visibility_timeout = visibility_timeout
        self.max_dequeue_count = max_dequeue_count


class ServeConfig:
    """The settings ``serve`` uses for one app folder (see the module docstring)."""

    __slots__ = (
        "cors_credentials",
        "cors_origins",
        "function_timeout",
        "log_level",
        "port",
        "queues",
    )

    def __init__(
        self,
        *,
        port: int = DEFAULT_PORT,
        cors_origins: tuple[str, ...] = (),
        cors_credentials: bool = False,
        function_timeout: Optional[float] = None,
        log_level: int = 20,
        queues: Optional[QueueOptions] = None,
    ) -> None:
        self.port = port
        self.cors_origins = cors_origins
        self.cors_credentials = cors_credentials
        self.function_timeout = function_timeout
        self.log_level = log_level
        self.queues = queues if queues is not None else QueueOptions()

    @classmethod
    def from_folder(cls, root: str) -> ServeConfig:
        """Read the configuration of the app in folder ``root``."""
        host = _read_object(os.path.join(root, "host.json"), "host.json")
        local = _read_object(os.path.join(root, "local.settings.json"), "local.settings.json")
        section = local.get("Host", {})
        if not isinstance(section, Mapping):
            raise AppLoadError(f"local.settings.json: Host must be an object, got {section!r}")
        port = section.get("LocalHttpPort", DEFAULT_PORT)
        if isinstance(port, str) and port.strip().isdigit():
            port = int(port)
        if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
            raise AppLoadError(
                f"local.settings.json: Host.LocalHttpPort must be a port number from 0 to "
                f"65535, got {port!r}"
            )
        cors = section.get("CORS", "")
        if not isinstance(cors, str):
            raise AppLoadError(
                "local.settings.json: Host.CORS must be a string of comma-separated origins "
                f"or '*', got {cors!r}"
            )
        credentials = section.get("CORSCredentials", False)
        if isinstance(credentials, str) and credentials.lower() in ("true", "false"):
            credentials = credentials.lower() == "true"
        if not isinstance(credentials, bool):
            raise AppLoadError(
                f"local.settings.json: Host.CORSCredentials must be true or false, got "
                f"{credentials!r}"
            )
        origins = tuple(origin.strip().rstrip("/") for origin in cors.split(",") if origin.strip())
        return cls(
            port=port,
            cors_origins=origins,
            cors_credentials=credentials,
            function_timeout=_function_timeout(host),
            log_level=load_host_config(root).log_level,
            queues=_queue_options(host),
        )


def _read_object(path: str, shown: str) -> Mapping[str, Any]:
    if not os.path.isfile(path):
        return {}
    config = read_json(path, shown)
    if not isinstance(config, Mapping):
        raise AppLoadError(f"{shown}: the top level must be a JSON object, got {config!r}")
    return config


def _function_timeout(host: Mapping[str, Any]) -> Optional[float]:
    raw = host.get("functionTimeout")
    if raw is None or raw == "-1":
        return None
    span = parse_timespan(raw) if isinstance(raw, str) else None
    if span is None or span.total_seconds() <= 0:
        raise AppLoadError(
            "host.json: functionTimeout must be a time span such as '00:05:00' (or '-1' for "
            f"none), got {raw!r}"
        )
    return span.total_seconds()


def _queue_options(host: Mapping[str, Any]) -> QueueOptions:
    extensions = host.get("extensions")
    queues = extensions.get("queues") if isinstance(extensions, Mapping) else None
    if queues is None:
        return QueueOptions()
    if not isinstance(queues, Mapping):
        raise AppLoadError(f"host.json: extensions.queues must be an object, got {queues!r}")

    def whole(name: str, default: Optional[int], low: int, high: int) -> Optional[int]:
        value = queues.get(name, default)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise AppLoadError(
                f"host.json: extensions.queues.{name} must be a whole number from {low} to "
                f"{high}, got {value!r}"
            )
        return value

    def span(name: str, default: float) -> float:
        value = queues.get(name)
        if value is None:
            return default
        parsed = parse_timespan(value) if isinstance(value, str) else None
        if parsed is None or parsed.total_seconds() < 0:
            raise AppLoadError(
                f"host.json: extensions.queues.{name} must be a time span such as '00:00:02', "
                f"got {value!r}"
            )
        return parsed.total_seconds()

    batch_size = whole("batchSize", 16, 1, 32)
    assert batch_size is not None
    max_dequeue = whole("maxDequeueCount", 5, 1, 1000)
    assert max_dequeue is not None
    return QueueOptions(
        batch_size=batch_size,
        new_batch_threshold=whole("newBatchThreshold", None, 0, 1000),
        max_polling_interval=span("maxPollingInterval", 60.0),
        visibility_timeout=span("visibilityTimeout", 0.0),
        max_dequeue_count=max_dequeue,
    )


__all__ = ["DEFAULT_BODY_LIMIT", "DEFAULT_PORT", "QueueOptions", "ServeConfig", "parse_timespan"]
