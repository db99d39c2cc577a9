"""Decoding a JSON body the same way, with the same errors, for every binding type."""

from __future__ import annotations

from typing import Any


def decode_json(owner: str, body: bytes) -> Any:
    """Decode ``body`` as JSON for ``owner.get_json()``.

    Raises ``json.JSONDecodeError`` (a ``ValueError``) for an empty body, invalid JSON, or
    bytes that are not UTF-8, UTF-16 or UTF-32; the message names ``owner``. Function code
    that catches ``ValueError``, as the Azure templates do, catches all three.
    """
    import json

    if not body:
        raise json.JSONDecodeError(f"{owner}.get_json: the body is empty, not JSON", "", 0)
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        raise json.JSONDecodeError(
            f"{owner}.get_json: the body is not valid JSON: {exc.msg}", exc.doc, exc.pos
        ) from None
    except RecursionError:
        raise json.JSONDecodeError(
            f"{owner}.get_json: the body nests JSON arrays or objects too deeply", "", 0
        ) from None
    except UnicodeDecodeError as exc:
        raise json.JSONDecodeError(
            f"{owner}.get_json: the body is not valid {exc.encoding}: {exc.reason}",
            "",
            exc.start,
        ) from None
