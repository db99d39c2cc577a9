"""Binding expressions: ``{id}``, ``{queueTrigger}``, ``{Query.name}``, ``%Setting%`` ...

A binding's ``path`` or ``queueName`` may name values that are known only when the function is
invoked. ``{name}`` takes a value from the trigger's binding data (route parameters, trigger
metadata such as ``queueTrigger`` or ``BlobTrigger``, properties of a JSON payload; dotted
names reach into objects; case does not matter). ``%name%`` takes an app setting. The host's
built-ins ``{rand-guid}``, ``{sys.randguid}``, ``{DateTime}``, ``{sys.utcnow}`` and
``{sys.methodname}`` are known too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Optional

from .errors import BindingError

_BRACES = re.compile(r"\{([^{}]+)\}")
_PERCENT = re.compile(r"%([^%]+)%")


def _lookup(data: Mapping[str, Any], dotted: str) -> tuple[bool, Any]:
    current: Any = data
    for part in dotted.split("."):
        if not isinstance(current, Mapping):
            return False, None
        if part in current:
            current = current[part]
            continue
        lowered = part.lower()
        for key, value in current.items():
            if isinstance(key, str) and key.lower() == lowered:
                current = value
                break
        else:
            return False, None
    return True, current


def _text(value: Any) -> str:
    if isinstance(value, bool):
        # .NET writes booleans as True/False when it formats them into a string.
        return "True" if value else "False"
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _builtin(name: str, function_name: str) -> Optional[str]:
    key = name.lower()
    if key in ("rand-guid", "sys.randguid"):
        import uuid

        return str(uuid.uuid4())
    if key in ("datetime", "sys.utcnow"):
        import datetime

        now = datetime.datetime.now(datetime.timezone.utc)
        return now.strftime("%Y-%m-%dT%H-%M-%SZ")
    if key == "sys.methodname":
        return function_name
    return None


def resolve_settings(text: str, settings: Mapping[str, str], *, where: str) -> str:
    """Replace each ``%name%`` in ``text`` by the app setting of that name.

    Raises BindingError naming ``where`` when a setting is not defined.
    """
    if "%" not in text:
        return text

    def replace(found: re.Match[str]) -> str:
        name = found.group(1)
        value = settings.get(name)
        if value is None:
            raise BindingError(f"{where}: app setting {name!r} (from %{name}%) is not defined")
        return value

    return _PERCENT.sub(replace, text)


def resolve(
    text: str,
    data: Mapping[str, Any],
    settings: Mapping[str, str],
    *,
    where: str,
    function_name: str = "",
) -> str:
    """Fill every ``{name}`` and ``%name%`` of ``text`` from binding data and app settings.

    Raises BindingError naming ``where`` (e.g. ``binding 'obj' path``) when a name has no
    value, as the host fails such an invocation.
    """
    text = resolve_settings(text, settings, where=where)
    if "{" not in text:
        return text

    def replace(found: re.Match[str]) -> str:
        name = found.group(1).strip()
        present, value = _lookup(data, name)
        if present and value is not None:
            return _text(value)
        builtin = _builtin(name, function_name)
        if builtin is not None:
            return builtin
        known = ", ".join(sorted(str(key) for key in data)) or "none"
        raise BindingError(
            f"{where}: no value for {{{name}}} in {text!r} (binding data has: {known})"
        )

    return _BRACES.sub(replace, text)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A regex that matches concrete names against a trigger path like ``in/{name}.{ext}``.

    Each ``{name}`` becomes a named group; a match's groups become binding data.
    """
    regex = ""
    position = 0
    names: list[str] = []
    for found in _BRACES.finditer(pattern):
        regex += re.escape(pattern[position : found.start()])
        name = found.group(1).strip()
        group = f"g{len(names)}"
        names.append(name)
        # Greedy, so in/{name}.{ext} reads "a.b.png" as name "a.b" and extension "png".
        regex += f"(?P<{group}>.+)"
        position = found.end()
    regex += re.escape(pattern[position:])
    compiled = re.compile(regex, re.DOTALL)
    return compiled


def pattern_names(pattern: str) -> list[str]:
    """The ``{name}`` placeholders of a trigger path, in order."""
    return [found.group(1).strip() for found in _BRACES.finditer(pattern)]


def match_pattern(pattern: str, value: str) -> Optional[dict[str, str]]:
    """The placeholder values when ``value`` fits ``pattern``, else None."""
    found = compile_pattern(pattern).fullmatch(value)
    if found is None:
        return None
    names = pattern_names(pattern)
    return {name: found.group(f"g{index}") for index, name in enumerate(names)}


__all__ = ["compile_pattern", "match_pattern", "pattern_names", "resolve", "resolve_settings"]
