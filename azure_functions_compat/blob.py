"""``InputStream``: a blob, as a blob trigger or blob input binding hands it to a function."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional, Union

from ._validation import check_optional_dict, check_optional_int, check_optional_str, fail_type


class InputStream(io.BufferedIOBase):
    """A read-only binary stream over a blob's content, with the blob's name and properties.

    It is an ``io.BufferedIOBase``: ``read``, ``read1``, ``readinto``, ``readline``, iteration
    and ``io.TextIOWrapper`` work; it is not seekable and not writable, as under Azure.
    ``data`` must be bytes-like. ``length`` defaults to the size of ``data``;
    ``blob_properties`` and ``metadata`` default to None, as in azure.functions.
    """

    # Class-level defaults: when __init__ refuses its arguments, io's finalizer still closes
    # the half-built object and may read its name; it must find these, not AttributeError.
    _buffer: Optional[io.BytesIO] = None
    _name: Optional[str] = None
    _uri: Optional[str] = None
    _length = 0

    def __init__(
        self,
        *,
        data: Union[bytes, bytearray, memoryview],
        name: Optional[str] = None,
        uri: Optional[str] = None,
        length: Optional[int] = None,
        blob_properties: Optional[Mapping[str, Any]] = None,
        metadata: Optional[Mapping[str, Any]] = None,
    ) -> None:
        super().__init__()
        if not isinstance(data, (bytes, bytearray, memoryview)):
            hint = "; encode a str first, e.g. data=text.encode()" if isinstance(data, str) else ""
            raise fail_type("InputStream", "data", f"bytes, bytearray or memoryview{hint}", data)
        content = bytes(data)
        self._buffer = io.BytesIO(content)
        self._name = check_optional_str("InputStream", "name", name)
        self._uri = check_optional_str("InputStream", "uri", uri)
        checked_length = check_optional_int("InputStream", "length", length)
        self._length = len(content) if checked_length is None else checked_length
        self._blob_properties: Optional[dict[str, Any]] = (
            None
            if blob_properties is None
            else check_optional_dict("InputStream", "blob_properties", blob_properties)
        )
        self._metadata: Optional[dict[str, Any]] = (
            None if metadata is None else check_optional_dict("InputStream", "metadata", metadata)
        )

    @property
    def name(self) -> Optional[str]:
        """The blob's path, ``container/blob``, or None."""
        return self._name

    @property
    def uri(self) -> Optional[str]:
        """The blob's URI, or None."""
        return self._uri

    @property
    def length(self) -> int:
        """The blob's size in bytes: ``length`` if given, else the size of ``data``."""
        return self._length

    @property
    def blob_properties(self) -> Optional[dict[str, Any]]:
        """The blob's system properties (``ContentType``, ``ETag``, ...); None unless given."""
        return self._blob_properties

    @property
    def metadata(self) -> Optional[dict[str, Any]]:
        """The blob's user-defined metadata; None unless given."""
        return self._metadata

    def read(self, size: Optional[int] = -1) -> bytes:
        """Read up to ``size`` bytes, or everything left when ``size`` is -1 or None."""
        return self._open_buffer().read(_check_size(size))

    def read1(self, size: Optional[int] = -1) -> bytes:
        """Read up to ``size`` bytes; the same as ``read`` for an in-memory blob."""
        return self.read(size)

    def readline(self, size: Optional[int] = -1) -> bytes:
        """Read up to and including the next ``b'\\n'``, at most ``size`` bytes."""
        return self._open_buffer().readline(_check_size(size))

    def readable(self) -> bool:
        """True: a blob can be read."""
        self._open_buffer()
        return True

    def seekable(self) -> bool:
        """False, as under Azure, where a blob input is a forward-only stream."""
        return False

    def writable(self) -> bool:
        """False: an input blob is read-only."""
        return False

    def close(self) -> None:
        """Close the stream; reads afterwards raise ``ValueError``."""
        if self._buffer is not None:
            self._buffer.close()
        super().close()

    def _open_buffer(self) -> io.BytesIO:
        if self.closed or self._buffer is None:
            raise ValueError("InputStream: I/O operation on a closed stream")
        return self._buffer

    def to_dict(self) -> dict[str, Any]:
        """The blob's name, URI, length, properties and metadata as a JSON-safe dict.

        The content is left out, as in azure-functions 2.x: read it with ``read()``.
        """
        from ._bindingbase import json_safe

        return {
            "name": self.name,
            "uri": self.uri,
            "length": self.length,
            "blob_properties": json_safe(self.blob_properties),
            "metadata": json_safe(self.metadata),
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text; ``TypeError`` if a property is not JSON-able."""
        from ._bindingbase import dump_json

        return dump_json("InputStream", self.to_dict())

    def __repr__(self) -> str:
        return f"<InputStream name={self.name!r} length={self.length}>"


def _check_size(size: object) -> int:
    if size is None:
        return -1
    if isinstance(size, bool) or not isinstance(size, int):
        raise fail_type("InputStream", "size", "an int or None", size)
    return size


__all__ = ["InputStream"]

# The worker-level converters azure.functions keeps in this module (see meta.py). Function code
# never needs them, so they load on first access only.
if TYPE_CHECKING:
    from ._converters import BlobConverter as BlobConverter
else:

    def __getattr__(name: str) -> object:
        from ._converters import module_getattr

        return module_getattr(__name__, name)
