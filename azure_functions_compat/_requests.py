"""Building test requests: one way to turn ``json=`` into a body and a Content-Type.

Shared by the host's test client and the ``http_request`` pytest fixture, so both accept
the same values and say the same thing when they cannot; :func:`client_headers` adds the
headers a real HTTP client sends, for the test client and the ``http`` command.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional, Union

from ._validation import fail_type, fail_value

_SERIALISABLE = "a JSON-serialisable value (dicts, lists, str, finite numbers, bool, None)"


def json_body(owner: str, value: Any) -> bytes:
    """``value`` as a UTF-8 JSON body, for ``owner``'s ``json`` argument.

    Raises TypeError for a value JSON cannot hold (a set, an object), ValueError for NaN or
    an infinity (not JSON), a circular reference, or nesting too deep to write.
    """
    import json

    try:
        return json.dumps(value, allow_nan=False).encode("utf-8")
    except TypeError as error:
        raise fail_type(owner, "json", _SERIALISABLE, value) from error
    except (ValueError, RecursionError) as error:
        raise fail_value(owner, "json", _SERIALISABLE, value) from error


def client_headers(
    headers: Any, host: str, body: Union[bytes, str, None], content_type: Optional[str]
) -> Any:
    """``headers`` plus those a real HTTP client sends and they do not name: ``Host``, and
    with a body its ``Content-Length`` (unless ``Transfer-Encoding`` is named) and
    ``content_type`` when one is given.

    A plain dict (or None) gives a dict, which HttpRequest reads fastest; other headers are
    kept as a list of pairs so a multidict's repeated names survive. Anything that is not a
    mapping, a list or tuple of pairs, or None comes back as it is, for HttpRequest to
    refuse with its own message.
    """
    if headers is None or type(headers) is dict:
        added: dict[Any, Any] = {}
        named = {name.lower() for name in headers if isinstance(name, str)} if headers else ()
        if "host" not in named:
            added["Host"] = host
        if body is not None:
            if "content-length" not in named and "transfer-encoding" not in named:
                size = len(body) if isinstance(body, bytes) else len(body.encode("utf-8"))
                added["Content-Length"] = str(size)
            if content_type is not None and "content-type" not in named:
                added["Content-Type"] = content_type
        return {**added, **headers} if headers else added
    if isinstance(headers, Mapping):
        pairs: list[Any] = list(headers.items())
    elif isinstance(headers, (list, tuple)):
        pairs = list(headers)
    else:
        return headers
    named_host = named_length = named_type = False
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2):
            return headers  # not pairs: HttpRequest explains what it accepts
        name = pair[0]
        if isinstance(name, str):
            lowered = name.lower()
            if lowered == "host":
                named_host = True
            elif lowered == "content-type":
                named_type = True
            elif lowered in ("content-length", "transfer-encoding"):
                named_length = True
    if not named_host:
        pairs.insert(0, ("Host", host))
    if body is not None:
        if not named_length:
            size = len(body) if isinstance(body, bytes) else len(body.encode("utf-8"))
            pairs.append(("Content-Length", str(size)))
        if content_type is not None and not named_type:
            pairs.append(("Content-Type", content_type))
    return pairs


def with_content_type(headers: Any, content_type: str) -> Any:
    """``headers`` plus a Content-Type, unless they name one already.

    Headers are kept as a list of pairs so a multidict's repeated names survive. Anything
    that is not a mapping, a list or tuple of pairs, or None comes back as it is, for
    HttpRequest to refuse with its own message.
    """
    if headers is None:
        return [("Content-Type", content_type)]
    if isinstance(headers, Mapping):
        pairs = list(headers.items())
    elif isinstance(headers, (list, tuple)):
        pairs = list(headers)
    else:
        return headers
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2):
            return headers  # not pairs: HttpRequest explains what it accepts
        name = pair[0]
        if isinstance(name, str) and name.lower() == "content-type":
            return pairs
    pairs.append(("Content-Type", content_type))
    return pairs
