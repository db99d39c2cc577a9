"""What ``serve`` reads beyond what the in-process host needs.

``local.settings.json``'s ``Host`` section (``LocalHttpPort``, ``CORS``, ``CORSCredentials``)
and, from ``host.json``, ``functionTimeout``, ``logging.logLevel`` and
``extensions.queues``. Every problem is an AppLoadError naming the file and the field.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Optional

from ..host.errors import AppLoadError
from ..host.loader import load_host_config, read_json
from ..host.queues import QueueOptions, parse_timespan, queue_options

DEFAULT_PORT = 7071
# Azure refuses request bodies above 100 MB unless FUNCTIONS_REQUEST_BODY_SIZE_LIMIT says more.
DEFAULT_BODY_LIMIT = 100 * 1024 * 1024


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
            queues=queue_options(host),
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


__all__ = ["DEFAULT_BODY_LIMIT", "DEFAULT_PORT", "QueueOptions", "ServeConfig", "parse_timespan"]
