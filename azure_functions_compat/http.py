"""HTTP requests and responses: ``HttpRequest``, ``HttpResponse`` and their header types."""

from __future__ import annotations

import _thread
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

from multidict import CIMultiDict, CIMultiDictProxy, MultiDict, MultiDictProxy

from ._json import decode_json
from ._validation import (
    build_headers,
    build_str_dict,
    build_str_multidict,
    check_header_name,
    check_header_value,
    fail_type,
    fail_value,
    is_body_charset,
    is_header_dict,
    is_str_dict,
    is_token,
    to_bytes,
)

if TYPE_CHECKING:
    from http import HTTPStatus

    from .forms import FileStorage, FormData

# One immutable, empty mapping shared by every request whose URL has no query string.
_EMPTY_PARAMS: MultiDictProxy[str] = MultiDictProxy(MultiDict())

HeadersInput = Union[Mapping[str, str], Iterable[tuple[str, str]], None]
"""What a ``headers`` argument accepts: a mapping (a multidict keeps repeated names) or pairs."""


# The methods almost every request has, upper-cased without a call.
_KNOWN_METHODS = {
    spelling: name
    for name in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT")
    for spelling in (name, name.lower(), name.title())
}

# One lock for every request's form: parsing is rare, and this keeps a lock out of each request.
_FORM_LOCK = _thread.allocate_lock()
# forms.parse_form, loaded on the first form read.
_form_parser: Optional[
    Callable[[bytes, Optional[str]], tuple[FormData[str], FormData[FileStorage]]]
] = None
_EMPTY_HEADERS: CIMultiDictProxy[str] = CIMultiDictProxy(CIMultiDict())
_EMPTY_ROUTE_PARAMS: Mapping[str, str] = MappingProxyType({})


def _check_method(method: object) -> str:
    if not isinstance(method, str):
        raise fail_type("HttpRequest", "method", "a str such as 'GET'", method)
    if not is_token(method):
        raise fail_value("HttpRequest", "method", "an HTTP method token such as 'GET'", method)
    return method.upper()


HttpRequestHeaders = CIMultiDictProxy
"""The type of ``HttpRequest.headers``: read-only, case-insensitive, multi-valued."""


class HttpRequest:
    """An HTTP request, as an HTTP trigger hands it to a function.

    ``method`` is upper-cased. ``headers`` are case-insensitive and keep repeated names.
    ``params`` is the ``params`` argument when given, otherwise the query string of ``url``.
    ``body`` may be bytes, bytearray, str (stored UTF-8 encoded) or None (an empty body).
    ``body_type``, the worker's name for the kind of body (``"json"``, ``"bytes"`` ...), is
    accepted as the worker-level class of azure.functions takes it; the body reads the same.

    Raises ``TypeError`` or ``ValueError`` naming the parameter for any bad argument.
    """

    __slots__ = (
        "__weakref__",
        "_body",
        "_files",
        "_form",
        "_header_source",
        "_headers",
        "_method",
        "_param_source",
        "_params",
        "_route_params",
        "_url",
    )

    def __init__(
        self,
        method: str,
        url: str,
        *,
        headers: HeadersInput = None,
        params: Optional[Mapping[str, str]] = None,
        route_params: Optional[Mapping[str, str]] = None,
        body_type: Optional[str] = None,
        body: Union[bytes, bytearray, str, None],
    ) -> None:
        if body_type is not None and type(body_type) is not str:
            raise fail_type("HttpRequest", "body_type", "a str or None", body_type)
        # Fast paths first: a request is built for every call, so the common shapes of each
        # argument are checked with as few Python-level steps as possible.
        known = _KNOWN_METHODS.get(method) if type(method) is str else None
        self._method = known if known is not None else _check_method(method)
        if type(url) is not str:
            if not isinstance(url, str):
                raise fail_type("HttpRequest", "url", "a str", url)
            url = str(url)
        self._url = url
        # Headers and params are checked now, so bad ones fail here; their multidicts are
        # built on first read (many functions never read them), from a private copy.
        self._headers: Optional[CIMultiDictProxy[str]]
        self._header_source: Optional[Mapping[str, str]] = None
        if not headers:
            self._headers = _EMPTY_HEADERS
        elif type(headers) is dict and is_header_dict(headers):
            self._headers = None
            self._header_source = headers.copy()
        else:
            self._headers = None
            self._header_source = build_headers("HttpRequest", "headers", headers)
        self._params: Optional[MultiDictProxy[str]] = None
        self._param_source: Optional[Mapping[str, str]] = None
        if params is None:
            pass  # parsed from the URL on first read
        elif type(params) is dict and is_str_dict(params):
            self._param_source = params.copy()
        else:
            self._param_source = build_str_multidict("HttpRequest", "params", params)
        if not route_params:
            self._route_params: Mapping[str, str] = _EMPTY_ROUTE_PARAMS
        elif type(route_params) is dict and is_str_dict(route_params):
            self._route_params = MappingProxyType(route_params.copy())
        else:
            self._route_params = MappingProxyType(
                build_str_dict("HttpRequest", "route_params", route_params)
            )
        self._body = body if type(body) is bytes else to_bytes("HttpRequest", "body", body)
        self._form: Optional[FormData[str]] = None
        self._files: Optional[FormData[FileStorage]] = None

    @property
    def method(self) -> str:
        """The upper-cased HTTP method, e.g. ``'GET'``."""
        return self._method

    @property
    def url(self) -> str:
        """The request URL as given, query string included."""
        return self._url

    @property
    def headers(self) -> CIMultiDictProxy[str]:
        """The headers: read-only, case-insensitive, multi-valued (``getall``).

        Names are stored lower-cased, as the Functions host hands them over, so iterating,
        ``items()`` and ``dict(req.headers)`` give ``'content-type'`` whatever the spelling.
        """
        headers = self._headers
        if headers is None:
            source = self._header_source
            assert source is not None
            # Two threads may both build it: equal objects, either one is right.
            headers = self._headers = CIMultiDictProxy(
                CIMultiDict([(name.lower(), value) for name, value in source.items()])
            )
        return headers

    @property
    def params(self) -> MultiDictProxy[str]:
        """The query parameters: read-only and multi-valued (``get`` gives the first value)."""
        params = self._params
        if params is None:
            source = self._param_source
            params = self._params = (
                _parse_query(self._url) if source is None else MultiDictProxy(MultiDict(source))
            )
        return params

    @property
    def route_params(self) -> Mapping[str, str]:
        """The values the route template captured, e.g. ``{'id': '42'}``; read-only."""
        return self._route_params

    @property
    def form(self) -> FormData[str]:
        """The fields of an urlencoded or multipart body; empty for any other body.

        Parsed on first use, once, safely from several threads. A malformed body gives an
        empty form or a ``ValueError``.
        """
        form = self._form
        if form is None:
            form = self._parse_form()[0]
        return form

    @property
    def files(self) -> FormData[FileStorage]:
        """The uploaded files of a multipart body, by field name; empty for any other body."""
        files = self._files
        if files is None:
            files = self._parse_form()[1]
        return files

    def _parse_form(self) -> tuple[FormData[str], FormData[FileStorage]]:
        global _form_parser
        with _FORM_LOCK:
            if self._form is None or self._files is None:
                if _form_parser is None:
                    # Imported once, not per request: a relative import in a function costs
                    # more than parsing a small urlencoded body.
                    from .forms import parse_form

                    _form_parser = parse_form
                self._form, self._files = _form_parser(
                    self._body, self.headers.get("Content-Type")
                )
            return self._form, self._files

    def get_body(self) -> bytes:
        """The body as bytes (``b''`` when there is none)."""
        return self._body

    def get_json(self) -> Any:
        """The body decoded as JSON.

        Raises ``ValueError`` (a ``json.JSONDecodeError``) when the body is empty, is not
        valid JSON, or is not valid UTF-8, UTF-16 or UTF-32.
        """
        return decode_json("HttpRequest", self._body)

    def __repr__(self) -> str:
        return f"<HttpRequest {self._method} {self._url!r} body={len(self._body)} bytes>"


def _parse_query(url: str) -> MultiDictProxy[str]:
    query_start = url.find("?")
    if query_start < 0:
        return _EMPTY_PARAMS
    query = url[query_start + 1 :]
    fragment = query.find("#")
    if fragment >= 0:
        query = query[:fragment]
    if not query:
        return _EMPTY_PARAMS
    if "%" not in query and "+" not in query:
        # Nothing to decode (the usual ?user=Ada): split as parse_qsl would, without its
        # per-pair decoding. Empty pieces are skipped, a piece without "=" has a blank value.
        pairs = [piece.partition("=") for piece in query.split("&") if piece]
        return MultiDictProxy(MultiDict([(name, value) for name, _, value in pairs]))
    from urllib.parse import parse_qsl

    # errors="replace": a malformed percent-escape in a URL must not make the request unusable.
    return MultiDictProxy(MultiDict(parse_qsl(query, keep_blank_values=True, errors="replace")))


class HttpResponseHeaders(CIMultiDict[str]):
    """The mutable, case-insensitive, multi-valued headers of an ``HttpResponse``.

    Every way of adding a header checks it: names must be RFC 9110 tokens and values must be
    str without CR, LF or NUL, so a value taken from user input cannot split the response.
    Use ``add`` for repeated headers such as ``Set-Cookie``.
    """

    __slots__ = ()

    def __setitem__(self, key: str, value: str) -> None:
        name = check_header_name("HttpResponse", key)
        super().__setitem__(name, check_header_value("HttpResponse", name, value))

    def add(self, key: str, value: str) -> None:
        name = check_header_name("HttpResponse", key)
        super().add(name, check_header_value("HttpResponse", name, value))

    def setdefault(self, key: str, default: Optional[str] = None) -> str:
        """The value of header ``key``, first adding it with ``default`` if absent."""
        name = check_header_name("HttpResponse", key)
        if name in self:
            return self[name]
        value = check_header_value("HttpResponse", name, default)
        super().add(name, value)
        return value

    def extend(self, *args: Any, **kwargs: Any) -> None:
        for name, value in _header_pairs(args, kwargs):
            self.add(name, value)

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(build_headers("HttpResponse", "headers", list(_header_pairs(args, kwargs))))

    def merge(self, *args: Any, **kwargs: Any) -> None:
        """Add the given headers whose names are not present yet."""
        for name, value in _header_pairs(args, kwargs):
            if name not in self:
                self.add(name, value)

    def copy(self) -> HttpResponseHeaders:
        """A shallow copy, still checking what is added to it."""
        return HttpResponseHeaders(self)

    # The werkzeug ``Headers`` API, which the real package's response headers have and
    # function code written against it uses.

    def __iter__(self) -> Iterator[tuple[str, str]]:  # type: ignore[override]
        """Each header as a ``(name, value)`` pair, repeated names included, as werkzeug."""
        return iter(list(self.items()))

    def __delitem__(self, key: str) -> None:
        """Remove every value of header ``key``; a name that is not there is no error."""
        self.popall(key, None)

    def remove(self, key: str) -> None:
        """Remove every value of header ``key``; a name that is not there is no error."""
        self.popall(key, None)

    def set(self, key: str, value: str) -> None:
        """Replace every value of header ``key`` with ``value``."""
        self[key] = value

    def setlist(self, key: str, values: Iterable[str]) -> None:
        """Replace every value of header ``key`` with ``values``, in order."""
        checked = [check_header_value("HttpResponse", key, value) for value in values]
        self.remove(check_header_name("HttpResponse", key))
        for value in checked:
            super().add(key, value)

    def add_header(self, key: str, value: str) -> None:
        """Add a value for header ``key``, keeping the others (werkzeug's name for ``add``)."""
        self.add(key, value)

    def get(
        self, key: str, default: Any = None, type: Optional[Callable[[str], Any]] = None
    ) -> Any:
        """The first value of header ``key``, or ``default``.

        With ``type``, the value converted by it; ``default`` when the conversion raises
        ``ValueError`` or ``TypeError``.
        """
        value = super().get(key)
        if value is None:
            return default
        if type is None:
            return value
        try:
            return type(value)
        except (ValueError, TypeError):
            return default

    def getlist(self, key: str, type: Optional[Callable[[str], Any]] = None) -> list[Any]:
        """Every value of header ``key``, in order; ``[]`` when there is none.

        With ``type``, each converted by it; values it refuses are left out.
        """
        values = self.getall(key, [])
        if type is None:
            return list(values)
        converted = []
        for value in values:
            try:
                converted.append(type(value))
            except (ValueError, TypeError):
                continue
        return converted

    def to_wsgi_list(self) -> list[tuple[str, str]]:
        """The headers as the list of ``(name, value)`` pairs a WSGI server takes."""
        return list(self.items())


def _header_pairs(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Iterable[tuple[Any, Any]]:
    if len(args) > 1:
        raise TypeError(
            f"HttpResponse: headers take at most one positional argument, got {len(args)}"
        )
    if args:
        source = args[0]
        if isinstance(source, Mapping):
            yield from source.items()
        elif isinstance(source, Iterable) and not isinstance(source, (str, bytes)):
            for item in source:
                if not (isinstance(item, tuple) and len(item) == 2):
                    raise fail_type(
                        "HttpResponse", "headers", "a mapping or (name, value) pairs", item
                    )
                yield item
        else:
            raise fail_type("HttpResponse", "headers", "a mapping or (name, value) pairs", source)
    yield from kwargs.items()


def _check_status(status_code: object) -> int:
    if status_code is None:
        return 200
    if isinstance(status_code, bool) or not isinstance(status_code, int):
        raise fail_type(
            "HttpResponse",
            "status_code",
            "an int from 100 to 599 or an http.HTTPStatus",
            status_code,
        )
    if not 100 <= status_code <= 599:
        raise fail_value("HttpResponse", "status_code", "an int from 100 to 599", status_code)
    return int(status_code)


def _check_charset(charset: object) -> str:
    if charset is None:
        return "utf-8"
    if not isinstance(charset, str):
        raise fail_type("HttpResponse", "charset", "a str naming a codec, e.g. 'utf-8'", charset)
    if not is_body_charset(charset):
        raise fail_value(
            "HttpResponse",
            "charset",
            "the name of a text encoding Python knows, e.g. 'utf-8' (not base64, hex, idna ...)",
            charset,
        )
    check_header_value("HttpResponse", "Content-Type", charset)
    return str(charset)


class HttpResponse:
    """An HTTP response that a function returns or sets on an ``http`` output binding.

    ``body`` may be str (encoded with ``charset``), bytes, bytearray or None. ``status_code``
    is an int or ``http.HTTPStatus`` from 100 to 599 (default 200). ``mimetype`` defaults to
    ``'text/plain'`` and ``charset`` to ``'utf-8'``; together they make the ``Content-Type``
    the host sends unless ``headers`` has one. ``headers`` is mutable and multi-valued.

    Raises ``TypeError`` or ``ValueError`` naming the parameter for any bad argument,
    including a str body the charset cannot encode.
    """

    __slots__ = ("__weakref__", "_body", "_charset", "_headers", "_mimetype", "_status_code")

    def __init__(
        self,
        body: Union[str, bytes, bytearray, None] = None,
        *,
        status_code: Union[HTTPStatus, int, None] = None,
        headers: HeadersInput = None,
        mimetype: Optional[str] = None,
        charset: Optional[str] = None,
    ) -> None:
        self._status_code = (
            status_code
            if type(status_code) is int and 100 <= status_code <= 599
            else _check_status(status_code)
        )
        self._charset = "utf-8" if charset is None else _check_charset(charset)
        if mimetype is None:
            self._mimetype = "text/plain"
        elif isinstance(mimetype, str):
            self._mimetype = check_header_value("HttpResponse", "Content-Type", mimetype)
        else:
            raise fail_type(
                "HttpResponse", "mimetype", "a str such as 'application/json'", mimetype
            )
        self._headers = build_headers("HttpResponse", "headers", headers, HttpResponseHeaders)
        if type(body) is bytes:
            self._body = body
        elif body is None or isinstance(body, (str, bytes, bytearray)):
            self._body = to_bytes("HttpResponse", "body", body, encoding=self._charset)
        else:
            raise fail_type("HttpResponse", "body", "str, bytes, bytearray or None", body)

    @property
    def status_code(self) -> int:
        """The HTTP status code, an int from 100 to 599."""
        return self._status_code

    @property
    def headers(self) -> HttpResponseHeaders:
        """The headers: mutable, case-insensitive, multi-valued; every addition is checked."""
        return self._headers

    @property
    def mimetype(self) -> str:
        """The media type of the body, ``'text/plain'`` unless given."""
        return self._mimetype

    @property
    def charset(self) -> str:
        """The charset a str body was encoded with, ``'utf-8'`` unless given."""
        return self._charset

    def get_body(self) -> bytes:
        """The body as bytes (``b''`` when there is none)."""
        return self._body

    def __repr__(self) -> str:
        return (
            f"<HttpResponse {self._status_code} {self._mimetype}; charset={self._charset} "
            f"body={len(self._body)} bytes>"
        )


__all__ = ["HttpRequest", "HttpRequestHeaders", "HttpResponse", "HttpResponseHeaders"]

# The worker-level converters azure.functions keeps in this module (see meta.py). Function code
# never needs them, so they load on first access only.
if TYPE_CHECKING:
    from ._converters import HttpRequestConverter as HttpRequestConverter
    from ._converters import HttpResponseConverter as HttpResponseConverter
else:

    def __getattr__(name: str) -> object:
        from ._converters import module_getattr

        return module_getattr(__name__, name)
