"""Which backend a name stands for: ``memory``, ``azure``, a connection string or a folder.

``load_app(storage="...")`` and the command line's ``--storage`` go through
:func:`open_storage`, so both read a storage the same way the Functions host does: ``azure``
is the account in the app setting ``AzureWebJobsStorage``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from .memory import Storage

DEFAULT_SETTING = "AzureWebJobsStorage"


def looks_like_connection_string(text: str) -> bool:
    """Whether ``text`` is meant as a storage connection string rather than a folder."""
    lowered = text.replace(" ", "").lower()
    return lowered.startswith("usedevelopmentstorage=") or any(
        f"{key}=" in lowered
        for key in (
            "accountname",
            "blobendpoint",
            "queueendpoint",
            "tableendpoint",
            "defaultendpointsprotocol",
        )
    )


def message_encoding(root: str) -> str:
    """``extensions.queues.messageEncoding`` of the app's host.json (default ``base64``)."""
    try:
        with open(os.path.join(root, "host.json"), encoding="utf-8-sig") as handle:
            config = json.load(handle)
        queues = config.get("extensions", {}).get("queues", {})
        value = queues.get("messageEncoding", "base64") if isinstance(queues, dict) else "base64"
    except (OSError, ValueError, AttributeError):
        return "base64"  # load_host_config reports a broken host.json
    if not isinstance(value, str) or value.lower() not in ("base64", "none"):
        raise ValueError(
            "host.json: extensions.queues.messageEncoding must be 'base64' or 'none', "
            f"got {value!r}"
        )
    return value.lower()


def open_storage(
    spec: str,
    settings: Mapping[str, str],
    *,
    encoding: str = "base64",
    owner: str = "storage",
) -> Storage:
    """The backend ``spec`` names.

    ``"memory"``: a new in-memory Storage. ``"azure"``: the account in the setting
    ``AzureWebJobsStorage`` (ValueError naming the setting when it is absent). A connection
    string (``UseDevelopmentStorage=true``, ``...;AccountName=...;AccountKey=...``): that
    account. Anything else: a FolderStorage of that folder.
    """
    from .folder import FolderStorage

    if spec == "memory":
        return Storage()
    if spec == "azure":
        value = settings.get(DEFAULT_SETTING)
        if not value:
            raise ValueError(
                f"{owner}: 'azure' uses the app setting {DEFAULT_SETTING}, which is not set "
                "(set it in local.settings.json Values, e.g. to 'UseDevelopmentStorage=true')"
            )
        return _azure(value, DEFAULT_SETTING, encoding)
    if looks_like_connection_string(spec):
        return _azure(spec, "the storage connection string", encoding)
    return FolderStorage(spec)


def _azure(connection: str, setting: str, encoding: str) -> Storage:
    from .azure import AzureStorage

    return AzureStorage(connection, setting=setting, message_encoding=encoding)


__all__ = ["looks_like_connection_string", "message_encoding", "open_storage"]
