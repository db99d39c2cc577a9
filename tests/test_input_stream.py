from __future__ import annotations

import io

import pytest

import azure_functions_compat as func


def test_read_gives_the_data_in_order() -> None:
    stream = func.InputStream(data=b"abcdef")
    assert stream.read(2) == b"ab"
    assert stream.read1(2) == b"cd"
    assert stream.read() == b"ef"
    assert stream.read() == b""


def test_read_with_none_reads_everything() -> None:
    assert func.InputStream(data=b"abc").read(None) == b"abc"


def test_metadata_defaults() -> None:
    stream = func.InputStream(data=b"abc")
    assert stream.name is None
    assert stream.uri is None
    assert stream.length == 3
    # None, as in azure.functions; the host gives the blob's own dicts.
    assert stream.blob_properties is None
    assert stream.metadata is None


def test_given_metadata_is_kept() -> None:
    stream = func.InputStream(
        data=bytearray(b"x"),
        name="samples/1",
        uri="https://account.blob.core.windows.net/samples/1",
        length=10,
        blob_properties={"ContentType": "text/plain"},
        metadata={"owner": "ada"},
    )
    assert (stream.name, stream.length) == ("samples/1", 10)
    assert stream.uri == "https://account.blob.core.windows.net/samples/1"
    assert stream.blob_properties == {"ContentType": "text/plain"}
    assert stream.metadata == {"owner": "ada"}


def test_it_is_a_readable_forward_only_binary_stream() -> None:
    stream = func.InputStream(data=b"x")
    assert isinstance(stream, io.BufferedIOBase)
    assert stream.readable()
    assert not stream.seekable()
    assert not stream.writable()
    with pytest.raises(io.UnsupportedOperation):
        stream.write(b"y")


def test_text_wrapper_and_line_iteration_work() -> None:
    assert io.TextIOWrapper(func.InputStream(data=b"zeile 1\nzeile 2\n")).readlines() == [
        "zeile 1\n",
        "zeile 2\n",
    ]
    assert list(func.InputStream(data=b"a\nb")) == [b"a\n", b"b"]


def test_readinto_fills_a_buffer() -> None:
    buffer = bytearray(2)
    assert func.InputStream(data=b"abc").readinto(buffer) == 2
    assert buffer == b"ab"


def test_reading_a_closed_stream_is_a_value_error() -> None:
    stream = func.InputStream(data=b"abc")
    with stream:
        pass
    with pytest.raises(ValueError, match="closed"):
        stream.read()


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"data": "text"}, TypeError, "data must be bytes, bytearray or memoryview; encode"),
        ({"data": None}, TypeError, "data must be bytes"),
        ({"data": b"", "name": 1}, TypeError, "name must be a str or None"),
        ({"data": b"", "uri": b"u"}, TypeError, "uri must be a str or None"),
        ({"data": b"", "length": "3"}, TypeError, "length must be an int or None"),
        ({"data": b"", "length": -1}, ValueError, "length must be an int of at least 0"),
        ({"data": b"", "metadata": ["a"]}, TypeError, "metadata must be a mapping"),
        ({"data": b"", "blob_properties": {1: "a"}}, TypeError, "blob_properties key must be"),
    ],
)
def test_bad_arguments_are_refused(
    arguments: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=f"InputStream: {message}"):
        func.InputStream(**arguments)  # type: ignore[arg-type]


def test_a_bad_read_size_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="InputStream: size must be an int or None"):
        func.InputStream(data=b"a").read("1")  # type: ignore[arg-type]


def test_data_is_required() -> None:
    with pytest.raises(TypeError):
        func.InputStream()  # type: ignore[call-arg]


def test_to_dict_leaves_the_content_out() -> None:
    stream = func.InputStream(data=b"abc", name="c/a", metadata={"k": "v"})
    assert stream.to_dict() == {
        "name": "c/a",
        "uri": None,
        "length": 3,
        "blob_properties": None,
        "metadata": {"k": "v"},
    }
    assert '"length": 3' in stream.to_json()


def test_to_json_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(TypeError, match="InputStream: every value must be JSON serializable"):
        func.InputStream(data=b"", metadata={"k": object()}).to_json()
