"""Decoding a JSON body the same way, with the same errors, for every binding type."""

from __future__ import annotations

from typing import Any, Optional

_decoder: Optional[Any] = None  # a json.JSONDecoder, made on first use: json loads lazily
_JSON_WHITESPACE = " \t\n\r"


def decode_json(owner: str, body: bytes) -> Any:
    """Decode ``body`` as JSON for ``owner.get_json()``, as ``json.loads`` would.

    Raises ``json.JSONDecodeError`` (a ``ValueError``) for an empty body, invalid JSON, or
    bytes that are not UTF-8, UTF-16 or UTF-32; the message names ``owner``. Function code
    that catches ``ValueError``, as the Azure templates do, catches all three.
    """
    import json

    global _decoder
    if _decoder is None:
        _decoder = json.JSONDecoder()
    if not body:
        raise json.JSONDecodeError(f"{owner}.get_json: the body is empty, not JSON", "", 0)
    try:
        if body[0] and body[0] < 0x80 and (len(body) < 2 or body[1]):
            # What json.loads would detect as UTF-8 (no BOM, no NUL in the first two bytes).
            # Decoding here and scanning with raw_decode skips two Python-level passes of
            # json.loads, the costliest part of reading a small body.
            text = body.decode("utf-8", "surrogatepass")
            start = len(text) - len(text.lstrip(_JSON_WHITESPACE))
            value, end = _decoder.raw_decode(text, start)
            if end != len(text):
                rest = text[end:]
                trailing = len(rest) - len(rest.lstrip(_JSON_WHITESPACE))
                if trailing != len(rest):
                    raise json.JSONDecodeError("Extra data", text, end + trailing)
            return value
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
