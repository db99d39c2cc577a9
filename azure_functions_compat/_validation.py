"""Checks shared by every public constructor: one wording for every bad-input message.

Messages follow one shape, so a user can read any of them the same way:
``<Owner>: <parameter> must be <what is accepted>, got <what was given>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Callable, Optional, TypeVar

from multidict import CIMultiDict, MultiDict

T = TypeVar("T")

# RFC 9110 section 5.6.2: token = 1*tchar. `re` costs nothing extra: multidict, which every
# module that checks headers needs, has imported it already.
_TCHAR = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]"
_TOKEN = re.compile(f"{_TCHAR}+")


_reprs: Optional[Any] = None  # a reprlib.Repr with our limits, made on first use


def _bounded_reprs() -> Any:
    global _reprs
    if _reprs is None:
        import reprlib

        class _Repr(reprlib.Repr):
            # reprlib slices str before repr(); bytes need the same to stay cheap.
            def repr_bytes(self, value: bytes, level: int) -> str:
                return _sliced_repr(value, self.maxstring)

            def repr_bytearray(self, value: bytearray, level: int) -> str:
                return _sliced_repr(value, self.maxstring)

            def repr_instance(self, value: object, level: int) -> str:
                try:
                    text = repr(value)
                except Exception:
                    return f"<{type(value).__name__} object>"
                return text if len(text) <= self.maxother else text[: self.maxother - 3] + "..."

        reprs = _Repr()
        reprs.maxlevel = 3
        reprs.maxstring = reprs.maxother = reprs.maxlong = 60
        for name in ("maxdict", "maxlist", "maxtuple", "maxset", "maxfrozenset", "maxdeque"):
            setattr(reprs, name, 5)
        _reprs = reprs
    return _reprs


def _sliced_repr(value: Any, limit: int) -> str:
    # Slice through the base type, so a subclass's slicing (or a 100 MB copy) is not involved.
    base = str if isinstance(value, str) else bytes if isinstance(value, bytes) else bytearray
    text = repr(base.__getitem__(value, slice(0, limit)))
    return text + "..." if len(value) > limit else text


def short_repr(value: object, limit: int = 60) -> str:
    """``repr(value)`` cut to about ``limit`` characters, at a bounded cost, never raising.

    Long strings and bytes are cut before they are represented, containers are shown to a
    depth of three and five items a level (so deep nesting cannot exhaust the stack), and an
    object whose ``__repr__`` raises is shown by its type alone.
    """
    try:
        if isinstance(value, (str, bytes, bytearray)):
            text = _sliced_repr(value, limit)
        else:
            text = _bounded_reprs().repr(value)
    except Exception:  # a __repr__ that raises, an int too long to print
        text = f"<{type(value).__name__} object>"
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def describe(value: object) -> str:
    """A short, safe description of a value for an error message: bounded repr and type."""
    return f"{short_repr(value)} ({type(value).__name__})"


def fail_type(owner: str, param: str, accepted: str, value: object) -> TypeError:
    return TypeError(f"{owner}: {param} must be {accepted}, got {describe(value)}")


def fail_value(owner: str, param: str, accepted: str, value: object) -> ValueError:
    return ValueError(f"{owner}: {param} must be {accepted}, got {describe(value)}")


def check_optional_str(owner: str, param: str, value: object) -> Optional[str]:
    if value is None or type(value) is str:
        return value
    if isinstance(value, str):
        return str(value)
    raise fail_type(owner, param, "a str or None", value)


def check_str(owner: str, param: str, value: object) -> str:
    if type(value) is str:
        return value
    if isinstance(value, str):
        return str(value)
    raise fail_type(owner, param, "a str", value)


def check_optional_int(owner: str, param: str, value: object, minimum: int = 0) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail_type(owner, param, "an int or None", value)
    if value < minimum:
        raise fail_value(owner, param, f"an int of at least {minimum}", value)
    return int(value)


def check_bool(owner: str, param: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise fail_type(owner, param, "a bool", value)


def check_optional_dict(owner: str, param: str, value: object) -> dict[str, Any]:
    """Copy a mapping with str keys into a fresh dict; None gives an empty dict."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise fail_type(owner, param, "a mapping with str keys, or None", value)
    result: dict[str, Any] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise fail_type(owner, f"{param} key", "a str", key)
        result[key] = item
    return result


def to_bytes(owner: str, param: str, value: object, *, encoding: str = "utf-8") -> bytes:
    """bytes for a body: str is encoded, bytes-like is copied, None is empty."""
    if value is None:
        return b""
    if type(value) is bytes:
        return value
    if isinstance(value, str):
        try:
            return value.encode(encoding)
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"{owner}: {param} cannot be encoded as {encoding}: {exc.reason} "
                f"at position {exc.start}; pass bytes or choose another charset"
            ) from None
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise fail_type(owner, param, "str, bytes, bytearray or None", value)


# Text codecs Python keeps for other jobs than bodies: they cannot decode arbitrary bytes.
_NOT_BODY_CHARSETS = frozenset(
    {"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"}
)


def is_body_charset(name: str) -> bool:
    """Whether ``name`` is a codec that turns any text to bytes and back, fit for a body.

    Codecs such as ``base64``, ``rot13``, ``hex`` or ``zlib`` (bytes to bytes, or str to
    str) and ``idna`` or ``punycode`` (host names) are not.
    """
    import codecs

    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return False
    return bool(getattr(info, "_is_text_encoding", True)) and info.name not in _NOT_BODY_CHARSETS


def is_token(text: str) -> bool:
    """Whether ``text`` is an RFC 9110 token, as header names and methods must be."""
    return _TOKEN.fullmatch(text) is not None


def check_header_name(owner: str, name: object) -> str:
    if not isinstance(name, str):
        raise fail_type(owner, "a header name", "a str", name)
    if not is_token(name):
        raise fail_value(
            owner, "a header name", "an RFC 9110 token (letters, digits and !#$%&'*+-.^_`|~)", name
        )
    return str(name)


def check_header_value(owner: str, name: str, value: object) -> str:
    if not isinstance(value, str):
        raise fail_type(owner, f"the value of header {name!r}", "a str", value)
    # CR, LF and NUL would let a value end the header line early (response splitting).
    if "\r" in value or "\n" in value or "\x00" in value:
        raise fail_value(owner, f"the value of header {name!r}", "free of CR, LF and NUL", value)
    return str(value)


def is_str_dict(value: dict[Any, Any]) -> bool:
    """Whether every key and value of a dict is a str.

    A plain loop: for the few items a request's dicts hold it beats any C-level trick
    (``"".join`` first copies the dict into a list).
    """
    for key, item in value.items():  # noqa: SIM110 - all() over a generator is slower here
        if type(key) is not str or type(item) is not str:
            return False
    return True


# Header names already found to be tokens. Requests carry the same few names again and again,
# so a set lookup replaces a regex per name; the cap keeps odd names from growing it.
_KNOWN_TOKENS: set[str] = set()
_KNOWN_TOKENS_CAP = 512


def is_header_dict(value: dict[Any, Any]) -> bool:
    """Whether a dict holds only valid header names and values, checked quickly.

    When this says no, the slow path (``check_header_name``/``check_header_value`` per item)
    finds the culprit and gives the precise message.
    """
    known = _KNOWN_TOKENS
    for name, item in value.items():
        if name not in known:
            if type(name) is not str or _TOKEN.fullmatch(name) is None:
                return False
            if len(known) < _KNOWN_TOKENS_CAP:
                known.add(name)
        # CR, LF and NUL would let a value end the header line early (response splitting).
        if type(item) is not str or "\r" in item or "\n" in item or "\x00" in item:
            return False
    return True


def _pairs(owner: str, param: str, value: object) -> Iterable[tuple[Any, Any]]:
    if isinstance(value, Mapping):
        return value.items()
    if isinstance(value, (list, tuple)):
        for item in value:
            if not (isinstance(item, tuple) and len(item) == 2):
                raise fail_type(owner, param, "a mapping or a list of (name, value) pairs", item)
        return value
    raise fail_type(owner, param, "a mapping, a list of (name, value) pairs, or None", value)


H = TypeVar("H", bound=CIMultiDict[str])


def build_headers(
    owner: str,
    param: str,
    value: object,
    factory: Callable[..., H] = CIMultiDict,  # type: ignore[assignment]
) -> H:
    """Validated, case-insensitive, multi-valued headers from a mapping or pairs."""
    if value is None:
        return factory()
    if type(value) is dict and is_header_dict(value):
        return factory(value)
    headers = factory()
    for name, item in _pairs(owner, param, value):
        checked = check_header_name(owner, name)
        # CIMultiDict.add: not the checking add of a subclass, which would check twice.
        CIMultiDict.add(headers, checked, check_header_value(owner, checked, item))
    return headers


def build_str_multidict(owner: str, param: str, value: object) -> MultiDict[str]:
    """A multi-valued mapping of str to str from a mapping or pairs."""
    if value is None:
        return MultiDict()
    if type(value) is dict and is_str_dict(value):
        return MultiDict(value)
    result: MultiDict[str] = MultiDict()
    for key, item in _pairs(owner, param, value):
        if not isinstance(key, str):
            raise fail_type(owner, f"{param} key", "a str", key)
        if not isinstance(item, str):
            raise fail_type(owner, f"{param} value for {key!r}", "a str", item)
        result.add(str(key), str(item))
    return result


def build_str_dict(owner: str, param: str, value: object) -> dict[str, str]:
    """A plain dict of str to str; the last value wins for a repeated key."""
    if value is None:
        return {}
    if type(value) is dict and is_str_dict(value):
        return dict(value)
    result: dict[str, str] = {}
    for key, item in _pairs(owner, param, value):
        if not isinstance(key, str):
            raise fail_type(owner, f"{param} key", "a str", key)
        if not isinstance(item, str):
            raise fail_type(owner, f"{param} value for {key!r}", "a str", item)
        result[str(key)] = str(item)
    return result


def check_instance(owner: str, param: str, value: object, kind: type[T], accepted: str) -> T:
    if isinstance(value, kind):
        return value
    raise fail_type(owner, param, accepted, value)


__all__ = [
    "build_headers",
    "build_str_dict",
    "build_str_multidict",
    "check_bool",
    "check_header_name",
    "check_header_value",
    "check_instance",
    "check_optional_dict",
    "check_optional_int",
    "check_optional_str",
    "check_str",
    "describe",
    "fail_type",
    "fail_value",
    "is_body_charset",
    "is_header_dict",
    "is_str_dict",
    "is_token",
    "short_repr",
    "to_bytes",
]
