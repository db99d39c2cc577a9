"""Decoding JSON the same way, with the same errors, everywhere the package reads it.

``decode_json`` serves the binding types' ``get_json()``; ``loads`` serves everything else
(trigger payloads, binding data, the test client). Both turn every way ``json`` can fail on
bad input (invalid text, undecodable bytes, nesting deeper than the interpreter's stack, an
integer longer than Python's conversion limit) into one ``ValueError`` naming what was read.
"""

from __future__ import annotations

from typing import Any, Optional, Union

_decoder: Optional[Any] = None  # a json.JSONDecoder, made on first use: json loads lazily
_JSON_WHITESPACE = " \t\n\r"


def _problem(exc: BaseException) -> tuple[str, int]:
    """What is wrong with a JSON text, as a phrase after its subject, and where."""
    import json

    if isinstance(exc, json.JSONDecodeError):
        return f"is not valid JSON: {exc.msg}", exc.pos
    if isinstance(exc, UnicodeDecodeError):
        return f"is not valid {exc.encoding}: {exc.reason}", exc.start
    if isinstance(exc, RecursionError):
        return "nests JSON arrays or objects too deeply", 0
    # int() refusing a number longer than sys.get_int_max_str_digits() (Python 3.11+, and
    # the security releases of 3.9 and 3.10) is a bare ValueError whose text says so.
    return f"is not usable JSON: {exc}", 0


def loads(
    what: str,
    data: Union[str, bytes, bytearray, memoryview],
    error: type[ValueError] = ValueError,
) -> Any:
    """Decode the JSON text ``data`` (str, or bytes in UTF-8, UTF-16 or UTF-32).

    ``what`` is the subject of the error message, e.g. ``"a timer payload"`` gives
    ``a timer payload is not valid JSON: Expecting value``. Raises ``error`` (ValueError by
    default; a subclass such as the host's BindingError may be given) for invalid JSON,
    undecodable bytes, nesting too deep for the interpreter and over-long integers; an empty
    text is invalid JSON. Nothing else escapes.
    """
    import json

    text = bytes(data) if isinstance(data, (bytearray, memoryview)) else data
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        problem, _ = _problem(exc)
        if isinstance(exc, json.JSONDecodeError):
            problem += f" at line {exc.lineno} column {exc.colno}"
        raise error(f"{what} {problem}") from None


def decode_json(owner: str, body: bytes) -> Any:
    """Decode ``body`` as JSON for ``owner.get_json()``, as ``json.loads`` would.

    Raises ``json.JSONDecodeError`` (a ``ValueError``) for an empty body, invalid JSON, bytes
    that are not UTF-8, UTF-16 or UTF-32, nesting too deep or an over-long integer; the
    message starts with ``<owner>.get_json:``. Function code that catches ``ValueError``, as
    the Azure templates do, catches them all.
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
    except (ValueError, RecursionError) as exc:
        problem, position = _problem(exc)
        doc = exc.doc if isinstance(exc, json.JSONDecodeError) else ""
        raise json.JSONDecodeError(
            f"{owner}.get_json: the body {problem}", doc, position
        ) from None
