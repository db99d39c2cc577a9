"""Form bodies: ``application/x-www-form-urlencoded`` and ``multipart/form-data``.

:func:`parse_form` turns a request body into two read-only, multi-valued mappings: the text
fields (``HttpRequest.form``) and the uploaded files (``HttpRequest.files``). Both are
:class:`FormData` objects, which behave like the werkzeug ``ImmutableMultiDict`` that the real
``azure.functions`` returns, and each file is a :class:`FileStorage` with werkzeug's names
(``filename``, ``name``, ``content_type``, ``mimetype``, ``headers``, ``stream``, ``read()``,
``save()``), so function code written for Azure reads them unchanged.

Multipart bodies are cut into parts along their boundary lines as RFC 2046 section 5.1.1
defines them (one ``bytes.split``, so the work stays linear in the body size). Header
parameters are read by one regular expression per parameter; RFC 2231 continuations
(``filename*0=...; filename*1=...``) are put together by the standard library's ``email``
package, imported only then, and RFC 5987 names (``filename*=UTF-8''%C3%A9.txt``) decoded.

Policy for bad bodies: a body with another content type, or an empty body, gives empty
mappings; a structurally broken form body raises ``ValueError`` (``form body: ...``); bytes
that do not decode in the field's charset become U+FFFD, as browsers do.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import ItemsView, Iterable, Iterator, Mapping
from typing import IO, Any, Callable, Generic, Literal, Optional, TypeVar, Union, overload
from urllib.parse import unquote_to_bytes

from multidict import CIMultiDict

from ._validation import (
    build_headers,
    check_header_value,
    describe,
    fail_type,
    fail_value,
    is_token,
)

__all__ = ["FileStorage", "FormData", "parse_form"]

V = TypeVar("V")
D = TypeVar("D")
R = TypeVar("R")

_OWNER = "parse_form"
# Kinds of Content-Type, and the cache of what each Content-Type string means.
_OTHER, _URLENCODED, _MULTIPART = 0, 1, 2
_FORM_TYPES: dict[str, tuple[int, Optional[str]]] = {}
_MAX_FORM_TYPES = 64
# Charset parameter -> Python codec name, for the charsets seen so far.
_CODECS: dict[str, str] = {}
# Python codecs that are transformations, not charsets a client can mean: decoding with them
# interprets backslash escapes, warns, or fails on ordinary bytes.
_NOT_CHARSETS = frozenset(
    ("unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined")
)

# A part's header block larger than this is refused: real clients send well under 1 KiB.
_MAX_PART_HEADER_BYTES = 16 * 1024
# RFC 2046 section 5.1.1: a boundary is 1 to 70 characters.
_MAX_BOUNDARY = 70

# One `; name=value` parameter (RFC 9110 section 5.6.6, RFC 2231): a token name, optionally
# with a section number (`*0`) and/or a final `*` for an encoded value, then a quoted string
# (quoted pairs allowed) or a bare value (inner spaces tolerated, as old clients send
# `filename=my file.txt`). The alternatives never overlap, so matching stays linear.
_PARAM = re.compile(
    r"[ \t]*;[ \t]*([!#$%&'+\-.^_`|~0-9A-Za-z]+)(\*[0-9]+)?(\*)?[ \t]*=[ \t]*"
    r"""(?:"((?:[^"\\\r\n]|\\[^\r\n])*)"|((?:[^\s;"]+(?:[ \t]+[^\s;"]+)*)?))[ \t]*"""
)
_QUOTED_PAIR = re.compile(r"\\(.)")
# Undocumented, but in every CPython from 3.9 to 3.13; urllib is the fallback without it.
_escape_decode: Optional[Callable[[bytes], tuple[bytes, int]]] = getattr(
    codecs, "escape_decode", None
)
_TRAILER = re.compile(r"[ \t;]*")
# RFC 5322 folding: a line break followed by white space continues the previous header line.
_FOLD = re.compile(r"\r?\n[ \t]+")


class _Missing:
    """The type of the marker for an argument that was not given."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


class FormData(Mapping[str, V], Generic[V]):
    """A read-only, multi-valued mapping from form field names to values.

    It behaves like werkzeug's ``ImmutableMultiDict``, which the real package returns:
    ``form['a']`` and ``form.get('a')`` give the first value of ``a``, ``form.getlist('a')``
    all of them; iteration, ``len`` and ``keys()`` see each name once, in the order of first
    appearance; ``items(multi=True)`` gives every pair. ``getall`` and ``getone`` work as on
    the multidict mappings used for headers and query parameters.

    ``FormData(pairs)`` builds one from ``(name, value)`` pairs, a mapping, or another
    ``FormData`` (every value is kept); names must be str (``TypeError`` otherwise). Reading
    a missing name with ``[]`` raises ``KeyError``, as any mapping does. Writing is not
    supported (``TypeError``).
    """

    __slots__ = ("_lists",)

    _lists: dict[str, list[V]]

    def __init__(self, pairs: Union[Mapping[str, V], Iterable[tuple[str, V]]] = ()) -> None:
        lists: dict[str, list[V]] = {}
        if isinstance(pairs, FormData):
            # Every value, not only the first that items() gives.
            self._lists = {key: list(values) for key, values in pairs._lists.items()}
            return
        if isinstance(pairs, Mapping):
            items: Iterable[Any] = pairs.items()
        elif isinstance(pairs, (str, bytes)) or not isinstance(pairs, Iterable):
            raise fail_type(
                "FormData", "pairs", "a mapping or an iterable of (name, value) pairs", pairs
            )
        else:
            items = pairs
        for item in items:
            if not (isinstance(item, tuple) and len(item) == 2):
                raise fail_type("FormData", "pairs", "(name, value) pairs", item)
            name, value = item
            if not isinstance(name, str):
                raise fail_type("FormData", "a field name", "a str", name)
            values = lists.get(name)
            if values is None:
                lists[str(name)] = [value]
            else:
                values.append(value)
        self._lists = lists

    def __getitem__(self, key: str) -> V:
        return self._lists[key][0]

    def __contains__(self, key: object) -> bool:
        return key in self._lists

    def __iter__(self) -> Iterator[str]:
        return iter(self._lists)

    def __len__(self) -> int:
        return len(self._lists)

    def __repr__(self) -> str:
        return f"FormData({list(self.items(multi=True))!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FormData):
            return self._lists == other._lists
        # Against a plain mapping, compare first values, as Mapping does.
        return super().__eq__(other)

    @overload
    def get(self, key: str) -> Optional[V]: ...
    @overload
    def get(self, key: str, default: Union[V, D]) -> Union[V, D]: ...
    @overload
    def get(self, key: str, *, type: Callable[[V], R]) -> Optional[R]: ...
    @overload
    def get(self, key: str, default: D, type: Callable[[V], R]) -> Union[R, D]: ...

    def get(self, key: str, default: Any = None, type: Optional[Callable[[V], Any]] = None) -> Any:
        """The first value for ``key``, or ``default`` (None) when absent.

        With ``type`` (werkzeug's option), the value is passed through it, and ``default`` is
        returned when that raises ``ValueError`` or ``TypeError``: ``get('age', type=int)``.
        """
        values = self._lists.get(key)
        if values is None:
            return default
        if type is None:
            return values[0]
        try:
            return type(values[0])
        except (ValueError, TypeError):
            return default

    @overload
    def getlist(self, key: str) -> list[V]: ...
    @overload
    def getlist(self, key: str, type: Callable[[V], R]) -> list[R]: ...

    def getlist(self, key: str, type: Optional[Callable[[V], Any]] = None) -> list[Any]:
        """Every value for ``key`` in order, as a new list; empty when absent.

        With ``type``, each value is converted and those that raise ``ValueError`` or
        ``TypeError`` are left out, as werkzeug does.
        """
        values = self._lists.get(key)
        if values is None:
            return []
        if type is None:
            return list(values)
        converted = []
        for value in values:
            try:
                converted.append(type(value))
            except (ValueError, TypeError):
                continue
        return converted

    @overload
    def getall(self, key: str) -> list[V]: ...
    @overload
    def getall(self, key: str, default: D) -> Union[list[V], D]: ...

    def getall(self, key: str, default: Any = _MISSING) -> Any:
        """Every value for ``key`` as a new list (multidict's name for ``getlist``).

        Raises ``KeyError`` when ``key`` is absent and no ``default`` is given.
        """
        values = self._lists.get(key)
        if values is not None:
            return list(values)
        if default is _MISSING:
            raise KeyError(key)
        return default

    @overload
    def getone(self, key: str) -> V: ...
    @overload
    def getone(self, key: str, default: D) -> Union[V, D]: ...

    def getone(self, key: str, default: Any = _MISSING) -> Any:
        """The first value for ``key`` (multidict's name for ``[]``).

        Raises ``KeyError`` when ``key`` is absent and no ``default`` is given.
        """
        values = self._lists.get(key)
        if values is not None:
            return values[0]
        if default is _MISSING:
            raise KeyError(key)
        return default

    @overload
    def items(self) -> ItemsView[str, V]: ...
    @overload
    def items(self, multi: Literal[False]) -> ItemsView[str, V]: ...
    @overload
    def items(self, multi: Literal[True]) -> Iterator[tuple[str, V]]: ...

    def items(self, multi: bool = False) -> Union[ItemsView[str, V], Iterator[tuple[str, V]]]:
        """``(name, first value)`` pairs; with ``multi=True``, every ``(name, value)`` pair.

        Pairs with ``multi=True`` come grouped by name, names in order of first appearance.
        """
        if not multi:
            return ItemsView(self)
        return ((key, value) for key, values in self._lists.items() for value in values)

    def lists(self) -> Iterator[tuple[str, list[V]]]:
        """``(name, list of every value)`` pairs; each list is a new copy."""
        return ((key, list(values)) for key, values in self._lists.items())

    def listvalues(self) -> Iterator[list[V]]:
        """The list of every value of each name, in name order; each list is a new copy."""
        return (list(values) for values in self._lists.values())

    @overload
    def to_dict(self) -> dict[str, V]: ...
    @overload
    def to_dict(self, flat: Literal[True]) -> dict[str, V]: ...
    @overload
    def to_dict(self, flat: Literal[False]) -> dict[str, list[V]]: ...

    def to_dict(self, flat: bool = True) -> Union[dict[str, V], dict[str, list[V]]]:
        """A plain dict: the first value of each name, or with ``flat=False`` every value."""
        if flat:
            return {key: values[0] for key, values in self._lists.items()}
        return {key: list(values) for key, values in self._lists.items()}


_set_lists = FormData.__dict__["_lists"].__set__


def _wrap(lists: dict[str, list[V]]) -> FormData[V]:
    # The parser's way in, past __init__'s checks: the lists are fresh, non-empty and owned
    # by the new object.
    form: FormData[V] = object.__new__(FormData)
    _set_lists(form, lists)
    return form


# What every body that is not a form gives: one shared instance, as a FormData never changes.
_EMPTY: FormData[Any] = FormData()


class FileStorage:
    """One uploaded file of a multipart form: its field name, file name, headers and bytes.

    The name and interface are werkzeug's ``FileStorage``, which the real package returns, so
    ``f.filename``, ``f.name``, ``f.content_type``, ``f.mimetype``, ``f.headers``,
    ``f.stream``, ``f.read()`` and ``f.save(path)`` work as on Azure. ``filename`` is what
    the client sent (it may hold a directory part or ``..``): never use it as a path as is.

    ``FileStorage(stream=None, filename=None, name=None, content_type=None,
    content_length=None, headers=None)`` builds one for a test: ``stream`` is a binary file
    object (an empty one by default), ``filename`` defaults to the stream's ``name`` when that
    is a str, ``content_type``/``content_length`` are added to ``headers`` when given. Wrong
    types raise ``TypeError``; header values with CR, LF or NUL raise ``ValueError``.
    """

    __slots__ = ("filename", "headers", "name", "stream")

    stream: IO[bytes]
    filename: Optional[str]
    name: Optional[str]
    headers: CIMultiDict[str]

    def __init__(
        self,
        stream: Optional[IO[bytes]] = None,
        filename: Optional[str] = None,
        name: Optional[str] = None,
        content_type: Optional[str] = None,
        content_length: Optional[int] = None,
        headers: Union[Mapping[str, str], Iterable[tuple[str, str]], None] = None,
    ) -> None:
        if stream is None:
            stream = io.BytesIO()
        elif not callable(getattr(stream, "read", None)):
            raise fail_type(
                "FileStorage", "stream", "a binary file object with read(), or None", stream
            )
        if filename is None:
            stream_name = getattr(stream, "name", None)
            # Streams such as sys.stdin.buffer are named '<stdin>': not a file name.
            if isinstance(stream_name, str) and not (
                stream_name.startswith("<") and stream_name.endswith(">")
            ):
                filename = stream_name
        elif not isinstance(filename, str):
            raise fail_type("FileStorage", "filename", "a str or None", filename)
        if name is not None and not isinstance(name, str):
            raise fail_type("FileStorage", "name", "a str or None", name)
        checked_headers: CIMultiDict[str] = build_headers("FileStorage", "headers", headers)
        if content_type is not None:
            if not isinstance(content_type, str):
                raise fail_type("FileStorage", "content_type", "a str or None", content_type)
            check_header_value("FileStorage", "Content-Type", content_type)
            checked_headers["Content-Type"] = content_type
        if content_length is not None:
            if isinstance(content_length, bool) or not isinstance(content_length, int):
                raise fail_type("FileStorage", "content_length", "an int or None", content_length)
            if content_length < 0:
                raise fail_value(
                    "FileStorage", "content_length", "an int of at least 0", content_length
                )
            checked_headers["Content-Length"] = str(content_length)
        self.stream = stream
        self.filename = None if filename is None else str(filename)
        self.name = None if name is None else str(name)
        self.headers = checked_headers

    @classmethod
    def _from_part(
        cls, content: bytes, filename: str, name: str, headers: CIMultiDict[str]
    ) -> FileStorage:
        # The parser's fast path: every value is already checked.
        self = cls.__new__(cls)
        self.stream = io.BytesIO(content)
        self.filename = filename
        self.name = name
        self.headers = headers
        return self

    @property
    def content_type(self) -> Optional[str]:
        """The part's ``Content-Type`` header as sent, or None when it had none."""
        return self.headers.get("Content-Type")

    @property
    def mimetype(self) -> str:
        """The media type of ``content_type``, lower-cased, without parameters; ``''`` if none.

        For ``'text/plain; charset=utf-8'`` this is ``'text/plain'``.
        """
        content_type = self.headers.get("Content-Type")
        if content_type is None:
            return ""
        return content_type.partition(";")[0].strip().lower()

    @property
    def mimetype_params(self) -> dict[str, str]:
        """The parameters of ``content_type`` as a dict (``{'charset': 'utf-8'}``); may be empty.

        Unreadable parameters give an empty dict rather than an error.
        """
        content_type = self.headers.get("Content-Type")
        if content_type is None:
            return {}
        try:
            return _parse_params(_parameters_of(content_type), "Content-Type")
        except ValueError:
            return {}

    @property
    def content_length(self) -> int:
        """The part's ``Content-Length`` header as an int; 0 when absent or unreadable.

        Clients rarely send one: to learn the size, read the data.
        """
        try:
            return int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return 0

    def read(self, size: Optional[int] = -1) -> bytes:
        """Read up to ``size`` bytes of the file (all that is left by default)."""
        return self.stream.read(-1 if size is None else size)

    def readline(self, size: Optional[int] = -1) -> bytes:
        """Read one line of the file, ending with ``b'\\n'`` unless it is the last."""
        return self.stream.readline(-1 if size is None else size)

    def readlines(self, hint: int = -1) -> list[bytes]:
        """Read the remaining lines of the file into a list."""
        return self.stream.readlines(hint)

    def seek(self, offset: int, whence: int = 0) -> int:
        """Move the read position (as ``io.IOBase.seek``) and return the new one."""
        return self.stream.seek(offset, whence)

    def tell(self) -> int:
        """The read position in the file."""
        return self.stream.tell()

    def seekable(self) -> bool:
        """Whether the stream supports ``seek``."""
        return self.stream.seekable()

    def readable(self) -> bool:
        """Whether the stream can be read (true until it is closed)."""
        return self.stream.readable()

    def close(self) -> None:
        """Close the stream; reading afterwards raises ``ValueError``."""
        self.stream.close()

    @property
    def closed(self) -> bool:
        """Whether the stream has been closed."""
        return self.stream.closed

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.stream)

    def __bool__(self) -> bool:
        # As werkzeug: an empty file input in a browser form sends filename="".
        return bool(self.filename)

    def __repr__(self) -> str:
        return f"<FileStorage: {self.filename!r} ({self.content_type!r})>"

    def save(self, dst: Any, buffer_size: int = 16384) -> None:
        """Copy the file, from the current read position on, to a path or a binary file.

        ``dst`` is a ``str`` or ``os.PathLike`` path (the file is created or truncated) or an
        object with ``write(bytes)``, which is left open. As in werkzeug the copy starts where
        reading stopped: ``seek(0)`` first if the file was read. Raises ``TypeError`` for
        another ``dst``, ``ValueError`` for a ``buffer_size`` below 1, ``OSError`` when the
        file cannot be written.
        """
        import os
        import shutil

        if isinstance(buffer_size, bool) or not isinstance(buffer_size, int):
            raise fail_type("FileStorage.save", "buffer_size", "an int", buffer_size)
        if buffer_size < 1:
            raise fail_value(
                "FileStorage.save", "buffer_size", "an int of at least 1", buffer_size
            )
        if isinstance(dst, (str, os.PathLike)):
            with open(dst, "wb") as target:
                shutil.copyfileobj(self.stream, target, buffer_size)
        elif callable(getattr(dst, "write", None)):
            shutil.copyfileobj(self.stream, dst, buffer_size)
        else:
            raise fail_type(
                "FileStorage.save", "dst", "a path or a binary file object with write()", dst
            )


def parse_form(
    body: bytes, content_type: Optional[str]
) -> tuple[FormData[str], FormData[FileStorage]]:
    """Parse a request body into ``(form fields, uploaded files)``.

    ``content_type`` is the request's ``Content-Type`` header (None when absent). For
    ``application/x-www-form-urlencoded`` (``+`` is a space, ``%XX`` escapes decoded, blank
    values kept, only ``&`` separates) and ``multipart/form-data`` (RFC 7578) bodies the
    fields and files are returned; any other content type, or an empty body, gives two empty
    mappings. Field values decode with the ``charset`` parameter (of the request for
    urlencoded, of the part for multipart), UTF-8 by default; undecodable bytes become
    U+FFFD. File contents are kept byte for byte.

    Raises ``TypeError`` when ``body`` is not bytes-like or ``content_type`` not a str or
    None, and ``ValueError`` (``form body: ...``) for an unknown charset or a broken multipart
    body: no or a bad boundary, no opening or closing boundary line, a part without
    ``Content-Disposition: form-data; name=...``, a malformed header or parameter list.
    """
    if type(body) is not bytes:
        if not isinstance(body, (bytes, bytearray, memoryview)):
            raise fail_type(_OWNER, "body", "bytes, bytearray or memoryview", body)
        body = bytes(body)
    if content_type is None:
        return _EMPTY, _EMPTY
    if type(content_type) is not str:
        if not isinstance(content_type, str):
            raise fail_type(_OWNER, "content_type", "a str or None", content_type)
        content_type = str(content_type)
    form_type = _FORM_TYPES.get(content_type)
    if form_type is None:
        if not body:
            # Nothing to parse, so a bad Content-Type does not matter.
            return _EMPTY, _EMPTY
        form_type = _form_type(content_type)
    kind, option = form_type
    if not body or kind == _OTHER:
        return _EMPTY, _EMPTY
    if kind == _URLENCODED:
        return _wrap(_parse_urlencoded(body, option)), _EMPTY
    if option is None:
        raise ValueError(
            "form body: the Content-Type 'multipart/form-data' has no boundary parameter; "
            "expected e.g. 'multipart/form-data; boundary=XyZ'"
        )
    fields, files = _parse_multipart(body, option.encode("ascii"))
    return _wrap(fields), _wrap(files)


def _form_type(content_type: str) -> tuple[int, Optional[str]]:
    """What a Content-Type means to the parser: (kind, codec or boundary), remembered."""
    parameters = _parameters_of(content_type)
    media_type = content_type[: len(content_type) - len(parameters)].strip().lower()
    if media_type == "application/x-www-form-urlencoded":
        charset = _parse_params(parameters, "the Content-Type").get("charset")
        if charset is not None:
            charset = _urlencoded_codec(charset)
        result = (_URLENCODED, charset)
    elif media_type == "multipart/form-data":
        boundary = _parse_params(parameters, "the Content-Type").get("boundary")
        if boundary is not None:
            _check_boundary(boundary)
        result = (_MULTIPART, boundary)
    else:
        result = (_OTHER, None)
    # A service sees the same few Content-Type strings over and over; parsing each once keeps
    # a small form cheap. The bound keeps hostile clients from growing the cache.
    if len(_FORM_TYPES) >= _MAX_FORM_TYPES:
        _FORM_TYPES.clear()
    _FORM_TYPES[content_type] = result
    return result


def _decode(data: bytes, charset: Optional[str], where: str) -> str:
    if charset is None:
        return data.decode("utf-8", "replace")
    return data.decode(_codec(charset, where), "replace")


def _codec(charset: str, where: str) -> str:
    """The codec name for a charset parameter; ``ValueError`` when it is no text charset."""
    name = _CODECS.get(charset)
    if name is None:
        try:
            name = codecs.lookup(charset).name
            b"a".decode(name, "replace")
        except (LookupError, ValueError):
            # LookupError: no such codec, or not a text codec ('base64'); ValueError: a NUL
            # in the name, or a codec that refuses the 'replace' error handler ('idna').
            name = None
        if name is None or name in _NOT_CHARSETS:
            raise ValueError(
                f"form body: {where} names the charset {describe(charset)}, which is not a "
                f"text charset Python knows; use one such as 'utf-8'"
            ) from None
        if len(_CODECS) >= _MAX_FORM_TYPES:
            _CODECS.clear()
        _CODECS[charset] = name
    return name


def _urlencoded_codec(charset: str) -> str:
    """The codec for an urlencoded body's charset; ``ValueError`` unless ASCII-compatible.

    An urlencoded body is ASCII by construction ('&', '=', '+' and '%XX' escapes); the charset
    only says what the escaped bytes mean. A charset that gives ASCII bytes other meanings
    (UTF-16, UTF-7, EBCDIC, ISO-2022) would turn the separators into other characters, so it
    cannot be what the client meant.
    """
    name = _codec(charset, "the Content-Type")
    if name not in _ASCII_COMPATIBLE:
        try:
            compatible = _ASCII_BYTES.decode(name) == _ASCII_TEXT
        except (UnicodeDecodeError, ValueError):
            compatible = False
        if not compatible:
            raise ValueError(
                f"form body: the Content-Type names the charset {describe(charset)}, which is "
                "not ASCII-compatible; an urlencoded body is ASCII with %XX escapes, so its "
                "charset must keep ASCII bytes as they are (such as 'utf-8' or 'latin-1')"
            )
        if len(_ASCII_COMPATIBLE) < _MAX_FORM_TYPES:
            _ASCII_COMPATIBLE.add(name)
    return name


_ASCII_BYTES = bytes(range(128))
_ASCII_TEXT = _ASCII_BYTES.decode("ascii")
# Codec names found to map every ASCII byte to itself (bounded, as the other caches).
_ASCII_COMPATIBLE = {"utf-8", "ascii", "iso8859-1", "cp1252"}


def _parse_urlencoded(body: bytes, charset: Optional[str]) -> dict[str, list[str]]:
    if b"+" in body:
        body = body.replace(b"+", b" ")
    if b"%" in body:
        if (charset is None or _is_utf8(charset)) and not (
            b"%26" in body or b"%3D" in body or b"%3d" in body
        ):
            # No escape can make an '&' or '=' here, and UTF-8 never lets an undecodable byte
            # swallow the ASCII one after it, so unescaping and decoding the whole body
            # before splitting gives what splitting first would, at once.
            body = _unescape(body)
        else:
            return _parse_urlencoded_pieces(body, charset)
    fields: dict[str, list[str]] = {}
    text = body.decode("utf-8" if charset is None else charset, "replace")
    for pair in text.split("&"):
        if pair:
            name, _, value = pair.partition("=")
            values = fields.get(name)
            if values is None:
                fields[name] = [value]
            else:
                values.append(value)
    return fields


def _unescape(data: bytes) -> bytes:
    """``%XX`` escapes decoded, as ``urllib.parse.unquote_to_bytes`` does, but in C."""
    # codecs.escape_decode (the codec of bytes literals) runs in C. With every backslash
    # doubled and every '%' made a backslash-x, the only escapes it meets are an escaped
    # backslash and a hex escape, so its output is the unescaped data. A '%' without two hex
    # digits after it makes it fail; urllib, which keeps such a '%' as it is, then does the work.
    if _escape_decode is not None:
        try:
            return _escape_decode(data.replace(b"\\", b"\\\\").replace(b"%", b"\\x"))[0]
        except ValueError:
            pass
    return unquote_to_bytes(data)


def _parse_urlencoded_pieces(body: bytes, charset: Optional[str]) -> dict[str, list[str]]:
    # The general case: split first, so that an escaped '&' or '=' stays data, then unescape
    # and decode each name and value on its own.
    encoding = "utf-8" if charset is None else charset
    fields: dict[str, list[str]] = {}
    for pair in body.split(b"&"):
        if not pair:
            continue
        raw_name, _, raw_value = pair.partition(b"=")
        name = unquote_to_bytes(raw_name).decode(encoding, "replace")
        value = unquote_to_bytes(raw_value).decode(encoding, "replace")
        values = fields.get(name)
        if values is None:
            fields[name] = [value]
        else:
            values.append(value)
    return fields


def _is_utf8(charset: str) -> bool:
    return charset.lower().replace("_", "-") in ("utf-8", "utf8")


def _check_boundary(value: str) -> None:
    # RFC 2046: 1 to 70 printable ASCII characters, not ending in a space.
    if (
        not value
        or len(value) > _MAX_BOUNDARY
        or not value.isascii()
        or not value.isprintable()
        or value.endswith(" ")
    ):
        raise ValueError(
            f"form body: the multipart boundary must be 1 to {_MAX_BOUNDARY} printable ASCII "
            f"characters not ending in a space, got {describe(value)}"
        )


def _parse_multipart(
    body: bytes, boundary: bytes
) -> tuple[dict[str, list[str]], dict[str, list[FileStorage]]]:
    dash_boundary = b"--" + boundary
    if body.startswith(dash_boundary):
        start = 0
    else:
        start = body.find(b"\n" + dash_boundary)
        if start < 0:
            raise ValueError(
                f"form body: no opening boundary line {dash_boundary.decode('ascii')!r} "
                f"in the multipart body"
            )
        start += 1
    # The first boundary line tells whether the client ends lines with CRLF (every browser
    # and HTTP library) or with a bare LF (hand-written test bodies); later delimiters match.
    line_end = body.find(b"\n", start)
    newline = b"\r\n" if line_end > 0 and body[line_end - 1] == 13 else b"\n"
    # RFC 2046: each delimiter is a line break, '--' and the boundary; the body of a part
    # never contains one, so one split finds every part, in linear time.
    chunks = body[start + len(dash_boundary) :].split(newline + dash_boundary)

    fields: dict[str, list[str]] = {}
    files: dict[str, list[FileStorage]] = {}
    for number, chunk in enumerate(chunks, 1):
        if chunk.startswith(b"--"):
            return fields, files
        _add_part(chunk, number, fields, files)
    raise ValueError(
        f"form body: the multipart body ends without its closing boundary line "
        f"{dash_boundary.decode('ascii') + '--'!r} (truncated?)"
    )


def _add_part(
    chunk: bytes,
    number: int,
    fields: dict[str, list[str]],
    files: dict[str, list[FileStorage]],
) -> None:
    # `chunk` is what follows a boundary: the rest of the boundary line, then the part.
    line_end = chunk.find(b"\n")
    if line_end < 0:
        raise ValueError(f"form body: multipart part {number} ends inside its boundary line")
    if chunk[:line_end].strip(b" \t\r"):
        raise ValueError(
            f"form body: the boundary line of multipart part {number} has extra text "
            f"{describe(chunk[:line_end][:40])}"
        )
    part = chunk[line_end + 1 :]
    if part.startswith(b"\n") or part.startswith(b"\r\n"):
        raise ValueError(f"form body: multipart part {number} has no headers")
    crlf_end = part.find(b"\r\n\r\n", 0, _MAX_PART_HEADER_BYTES + 4)
    lf_end = part.find(b"\n\n", 0, crlf_end if crlf_end >= 0 else _MAX_PART_HEADER_BYTES + 2)
    if lf_end >= 0:
        header_block, content = part[:lf_end], part[lf_end + 2 :]
    elif crlf_end >= 0:
        header_block, content = part[:crlf_end], part[crlf_end + 4 :]
    elif part.endswith(b"\n") and len(part) <= _MAX_PART_HEADER_BYTES:
        # RFC 2046 makes the body of a part optional: headers, then straight the delimiter.
        header_block, content = part.rstrip(b"\r\n"), b""
    else:
        limit = (
            f" within {_MAX_PART_HEADER_BYTES} bytes" if len(part) > _MAX_PART_HEADER_BYTES else ""
        )
        raise ValueError(
            f"form body: the headers of multipart part {number} do not end with an empty "
            f"line{limit}"
        )

    headers = _parse_part_headers(header_block, number)
    disposition = None
    part_type = None
    for header_name, header_value in headers:
        lowered = header_name.lower()
        if lowered == "content-disposition":
            if disposition is not None:
                raise ValueError(
                    f"form body: multipart part {number} has two Content-Disposition headers"
                )
            disposition = header_value
        elif lowered == "content-type":
            part_type = header_value
    if disposition is None:
        raise ValueError(f"form body: multipart part {number} has no Content-Disposition header")
    parameters = _parameters_of(disposition)
    kind = disposition[: len(disposition) - len(parameters)]
    # "form-field" is an old spelling some clients still send; werkzeug (and so
    # azure.functions) reads it as form-data.
    if kind.strip().lower() not in ("form-data", "form-field"):
        raise ValueError(
            f"form body: the Content-Disposition of multipart part {number} must be "
            f"'form-data; name=...', got {describe(disposition)}"
        )
    params = _parse_params(parameters, f"the Content-Disposition of multipart part {number}")
    name = params.get("name")
    if name is None:
        raise ValueError(
            f"form body: the Content-Disposition of multipart part {number} has no name "
            f"parameter, got {describe(disposition)}"
        )
    filename = params.get("filename")
    if filename is not None:
        upload = FileStorage._from_part(content, filename, name, CIMultiDict(headers))
        uploads = files.get(name)
        if uploads is None:
            files[name] = [upload]
        else:
            uploads.append(upload)
        return
    charset = None
    if part_type is not None and ";" in part_type:
        where = f"the Content-Type of multipart part {number}"
        charset = _parse_params(_parameters_of(part_type), where).get("charset")
        value = _decode(content, charset, where)
    else:
        value = content.decode("utf-8", "replace")
    values = fields.get(name)
    if values is None:
        fields[name] = [value]
    else:
        values.append(value)


def _parse_part_headers(block: bytes, number: int) -> list[tuple[str, str]]:
    # Browsers send non-ASCII field and file names as raw UTF-8 in the header.
    text = block.decode("utf-8", "replace")
    if "\n " in text or "\n\t" in text:
        text = _FOLD.sub(" ", text)
    headers = []
    for line in text.split("\n"):
        name, colon, value = line.partition(":")
        if not colon or not is_token(name):
            raise ValueError(
                f"form body: multipart part {number} has a malformed header line "
                f"{describe(line)}; expected 'Name: value'"
            )
        headers.append((name, value.strip(" \t\r")))
    return headers


def _parameters_of(value: str) -> str:
    """The parameter part of a header value: from its first ';' on, or ''."""
    semicolon = value.find(";")
    return "" if semicolon < 0 else value[semicolon:]


def _parse_params(text: str, where: str) -> dict[str, str]:
    """The ``; name=value`` parameters of ``text`` (``'; a=1; b="2"'``), names lower-cased.

    RFC 2231/5987 forms are decoded: ``name*=charset'lang'%XX..`` and continuations
    (``name*0=..; name*1*=..``) give ``name``, and win over a plain ``name``. A parameter list
    that does not parse, or names a parameter twice, is a ``ValueError``.
    """
    plain: dict[str, str] = {}
    extended: Optional[dict[str, str]] = None
    sections: Optional[list[tuple[str, str]]] = None
    position = 0
    end = len(text)
    match = _PARAM.match
    while position < end:
        found = match(text, position)
        if found is None:
            trailer = _TRAILER.match(text, position)
            if trailer is not None and trailer.end() == end:
                break
            raise ValueError(
                f"form body: {where} has malformed parameters at "
                f"{describe(text[position : position + 40])}; expected '; name=value' or "
                f"'; name=\"value\"'"
            )
        position = found.end()
        name, section, star, quoted, bare = found.groups()
        name = name.lower()
        if section is not None:
            # An RFC 2231 continuation: put together below, by the email package.
            sections = [] if sections is None else sections
            sections.append((name + section + (star or ""), bare if quoted is None else quoted))
            continue
        if quoted is not None:
            value = _QUOTED_PAIR.sub(r"\1", quoted) if "\\" in quoted else quoted
        else:
            value = bare
        if star is None:
            if name in plain:
                raise _duplicate(name, where)
            plain[name] = value
            continue
        # RFC 5987: charset'language'percent-encoded.
        charset, tick, rest = value.partition("'")
        if not tick or "'" not in rest:
            raise ValueError(
                f"form body: {where} has the parameter {name + '*'!r} without the "
                f"charset'language' prefix RFC 5987 requires, got {describe(value)}"
            )
        extended = {} if extended is None else extended
        if name in extended:
            raise _duplicate(name + "*", where)
        extended[name] = _decode_extended(charset, unquote_to_bytes(rest.partition("'")[2]), where)
    if sections is not None:
        extended = _join_sections(sections, {} if extended is None else extended, where)
    if extended is not None:
        # RFC 6266: the encoded form (`filename*`) wins over the plain one sent for old clients.
        plain.update(extended)
    return plain


def _join_sections(
    sections: list[tuple[str, str]], extended: dict[str, str], where: str
) -> dict[str, str]:
    # RFC 2231 section 3: `name*0`, `name*1`... joined in numeric order, the sections with a
    # final `*` percent-decoded, the charset taken from the first. The email package's
    # decode_params does exactly this; it wants quoted strings as they appeared.
    from email.utils import decode_params, unquote

    names = [name for name, _ in sections]
    if len(set(names)) != len(names):
        repeated = next(name for name in names if names.count(name) > 1)
        raise _duplicate(repeated, where)
    joined = decode_params([("", ""), *((name, f'"{value}"') for name, value in sections)])
    for name, value in joined[1:]:
        if name in extended:
            raise _duplicate(name + "*", where)
        if isinstance(value, tuple):
            # (charset, language, quoted text whose code points are the raw bytes)
            raw = bytes(unquote(value[2]), "raw-unicode-escape")
            extended[name] = _decode_extended(value[0] or "", raw, where)
        else:
            extended[name] = unquote(value)
    return extended


def _decode_extended(charset: str, data: bytes, where: str) -> str:
    # RFC 2231 lets the charset be empty; UTF-8 is what such a value is in practice.
    return data.decode(_codec(charset, where) if charset else "utf-8", "replace")


def _duplicate(name: str, where: str) -> ValueError:
    # A repeated parameter is ambiguous (parsers disagree on which one counts), so refuse it.
    return ValueError(f"form body: {where} has the parameter {name!r} more than once")
