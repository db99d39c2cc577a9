"""JSON as the Functions host reads its configuration: comments and trailing commas allowed.

The host reads ``host.json``, ``function.json`` and ``local.settings.json`` with a lenient
JSON reader, so ``// line`` and ``/* block */`` comments and a comma before a closing ``}``
or ``]`` are common in real apps. :func:`strip_lenient` blanks them out with spaces (keeping
every newline), so the standard :mod:`json` parser reads the rest and reports what is really
broken at the line and column of the file as written.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LenientJSONError", "loads_lenient", "strip_lenient"]


class LenientJSONError(ValueError):
    """A comment that never ends; ``lineno`` and ``colno`` say where it starts (from 1)."""

    def __init__(self, message: str, lineno: int, colno: int) -> None:
        super().__init__(f"{message}: line {lineno} column {colno}")
        self.lineno = lineno
        self.colno = colno


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def strip_lenient(text: str) -> str:
    """``text`` with comments and trailing commas replaced by spaces; strings are untouched.

    Raises LenientJSONError for a ``/*`` comment without its ``*/``.
    """
    if "/" not in text and "," not in text:
        return text
    out = list(text)
    length = len(text)
    index = 0
    # Where the last comma outside strings and comments is, while nothing but whitespace
    # and comments followed it; only a comma after a value can be a trailing one ([,] stays
    # an error).
    pending_comma = -1
    last = ""
    while index < length:
        char = text[index]
        if char == '"':
            pending_comma = -1
            last = char
            index += 1
            while index < length:
                char = text[index]
                if char == "\\":
                    index += 2
                    continue
                index += 1
                if char == '"' or char == "\n":
                    break
            continue
        if char == "/" and index + 1 < length and text[index + 1] in "/*":
            if text[index + 1] == "/":
                end = text.find("\n", index)
                end = length if end < 0 else end
            else:
                end = text.find("*/", index + 2)
                if end < 0:
                    line, column = _position(text, index)
                    raise LenientJSONError("a /* comment is never closed", line, column)
                end += 2
            for position in range(index, end):
                if out[position] != "\n":
                    out[position] = " "
            index = end
            continue
        if char in " \t\r\n":
            index += 1
            continue
        if char == ",":
            pending_comma = index if last not in ("", "[", "{", ",", ":") else -1
        elif char in "}]":
            if pending_comma >= 0:
                out[pending_comma] = " "
            pending_comma = -1
        else:
            pending_comma = -1
        last = char
        index += 1
    return "".join(out)


def loads_lenient(text: str) -> Any:
    """Parse JSON that may hold comments and trailing commas.

    Strict JSON takes the fast path; otherwise the text is read again with comments and
    trailing commas blanked out, so any error keeps the line and column of ``text``.
    Raises ValueError (json.JSONDecodeError or LenientJSONError) for what is really broken.
    """
    import json

    try:
        return json.loads(text)
    except ValueError:
        pass
    return json.loads(strip_lenient(text))
