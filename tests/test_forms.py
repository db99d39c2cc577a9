"""Specification of the form parser: ``parse_form``, ``FormData`` and ``FileStorage``."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

import azure_functions_compat as func
from azure_functions_compat.forms import FileStorage, FormData, parse_form

URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data; boundary=XX"
DISPOSITION = b'Content-Disposition: form-data; name="%s"'


def multipart(*parts: bytes, boundary: bytes = b"XX", close: bool = True) -> bytes:
    """A multipart body: each part is its header lines, an empty line, and its content."""
    body = b"".join(b"--" + boundary + b"\r\n" + part + b"\r\n" for part in parts)
    return body + (b"--" + boundary + b"--\r\n" if close else b"")


def field(name: bytes, value: bytes, *headers: bytes) -> bytes:
    return b"\r\n".join([DISPOSITION % name, *headers, b"", value])


def upload(name: bytes, filename: bytes, content: bytes, *headers: bytes) -> bytes:
    disposition = DISPOSITION % name + b'; filename="' + filename + b'"'
    return b"\r\n".join([disposition, *headers, b"", content])


def pairs(form: FormData[str]) -> list[tuple[str, str]]:
    return list(form.items(multi=True))


# --- urlencoded ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"a=1&b=2", [("a", "1"), ("b", "2")]),
        (b"a=1&b=2&a=3", [("a", "1"), ("a", "3"), ("b", "2")]),
        (b"a+b=c+d", [("a b", "c d")]),
        (b"email=jane%40example.com", [("email", "jane@example.com")]),
        (b"q=%E2%82%AC+%2B1", [("q", "\u20ac +1")]),
        (b"x=%26%3D&y=1", [("x", "&="), ("y", "1")]),
        (b"a%3Db=c", [("a=b", "c")]),
        (b"a=%41%zz%4", [("a", "A%zz%4")]),
        (b"a=%41%", [("a", "A%")]),
        (b"a=\\x41\\%41\\\n", [("a", "\\x41\\A\\\n")]),
        (b"a", [("a", "")]),
        (b"a=", [("a", "")]),
        (b"=x", [("", "x")]),
        (b"a=b=c", [("a", "b=c")]),
        (b"a=1;b=2", [("a", "1;b=2")]),
        (b"&&a=1&&", [("a", "1")]),
        (b"a=1&a", [("a", "1"), ("a", "")]),
        (b"a=%ff%fe", [("a", "\ufffd\ufffd")]),
        (b"a=\xff", [("a", "\ufffd")]),
        (b"caf%C3%A9=cr%C3%A8me", [("caf\u00e9", "cr\u00e8me")]),
        (b"a=%C3&b=%A9", [("a", "\ufffd"), ("b", "\ufffd")]),
        (b"a=1\n", [("a", "1\n")]),
    ],
    ids=repr,
)
def test_urlencoded_body_is_split_unescaped_and_decoded(
    body: bytes, expected: list[tuple[str, str]]
) -> None:
    form, files = parse_form(body, URLENCODED)
    assert pairs(form) == expected
    assert len(files) == 0


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded",
        "APPLICATION/X-WWW-FORM-URLENCODED",
        "  application/x-www-form-urlencoded  ",
        "application/x-www-form-urlencoded; charset=utf-8",
        "application/x-www-form-urlencoded;charset=UTF8",
        'application/x-www-form-urlencoded; charset="utf-8"; x=y',
    ],
)
def test_urlencoded_media_type_is_case_insensitive_and_takes_parameters(
    content_type: str,
) -> None:
    assert parse_form(b"a=1", content_type)[0]["a"] == "1"


@pytest.mark.parametrize(
    ("body", "expected"),
    [(b"a=%E9t%E9", "\u00e9t\u00e9"), (b"a=\xe9", "\u00e9"), (b"a=%E9%26", "\u00e9&")],
)
def test_urlencoded_charset_parameter_is_respected(body: bytes, expected: str) -> None:
    form, _ = parse_form(body, "application/x-www-form-urlencoded; charset=ISO-8859-1")
    assert form["a"] == expected


@pytest.mark.parametrize(
    "charset", ["no-such-charset", "base64", "unicode_escape", "idna", "utf-8\x00", "''"]
)
def test_urlencoded_charset_that_is_no_text_charset_is_a_value_error(charset: str) -> None:
    with pytest.raises(ValueError, match="form body: the Content-Type names the charset"):
        parse_form(b"a=1", f"application/x-www-form-urlencoded; charset={charset}")


@pytest.mark.parametrize("charset", ["utf-16", "UTF-16LE", "utf-32", "utf-7", "cp500"])
def test_urlencoded_charset_that_is_not_ascii_compatible_is_a_value_error(charset: str) -> None:
    # Decoding b"a=\xff" as UTF-16 would give one key, '\u3d61\ufffd', instead of a field 'a'.
    with pytest.raises(ValueError, match="which is not ASCII-compatible"):
        parse_form(b"a=\xff", f"application/x-www-form-urlencoded; charset={charset}")


@pytest.mark.parametrize(
    ("charset", "expected"), [("windows-1252", "\u20ac"), ("shift_jis", "\u3042")]
)
def test_urlencoded_ascii_compatible_charsets_decode_escapes(charset: str, expected: str) -> None:
    escaped = "".join(f"%{byte:02X}" for byte in expected.encode(charset)).encode("ascii")
    form, _ = parse_form(
        b"a=" + escaped + b"&b=1", f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert form.to_dict() == {"a": expected, "b": "1"}


def test_multipart_part_may_still_use_a_charset_that_is_not_ascii_compatible() -> None:
    body = (
        b"--XX\r\nContent-Disposition: form-data; name=a\r\n"
        b"Content-Type: text/plain; charset=utf-16-le\r\n\r\n\x00\xe9\r\n--XX--\r\n"
    )
    form, _ = parse_form(body, "multipart/form-data; boundary=XX")
    assert form["a"] == "\ue900"


# --- which bodies are forms -------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "",
        "text/plain",
        "application/json",
        "application/x-www-form-urlencodedX",
        "multipart/mixed; boundary=XX",
        "multipart/form-datax; boundary=XX",
        "form-data",
        ";;;",
    ],
)
def test_other_content_types_give_empty_form_and_files(content_type: str | None) -> None:
    form, files = parse_form(b"a=1&b=2", content_type)
    assert (len(form), len(files)) == (0, 0)


@pytest.mark.parametrize(
    "content_type",
    [URLENCODED, MULTIPART, "multipart/form-data", "multipart/form-data; boundary=" + "x" * 99],
)
def test_empty_body_gives_empty_form_and_files_whatever_the_content_type(
    content_type: str,
) -> None:
    form, files = parse_form(b"", content_type)
    assert (len(form), len(files)) == (0, 0)


@pytest.mark.parametrize("body", [bytearray(b"a=1"), memoryview(b"a=1")])
def test_bytes_like_bodies_are_accepted(body: bytes) -> None:
    assert parse_form(body, URLENCODED)[0]["a"] == "1"


@pytest.mark.parametrize("body", ["a=1", None, 1, [b"a=1"]])
def test_body_that_is_not_bytes_is_a_type_error(body: object) -> None:
    with pytest.raises(TypeError, match="parse_form: body must be bytes"):
        parse_form(body, URLENCODED)  # type: ignore[arg-type]


@pytest.mark.parametrize("content_type", [b"text/plain", 1, ["text/plain"], {"a": 1}])
def test_content_type_that_is_not_a_str_is_a_type_error(content_type: object) -> None:
    with pytest.raises(TypeError, match="parse_form: content_type must be a str or None"):
        parse_form(b"a=1", content_type)  # type: ignore[arg-type]


# --- multipart: what works --------------------------------------------------------------------

BINARY = bytes(range(256)) * 4 + b"\r\n--X\r\n\r\n-XX--\r\n\x00--XX"


def test_multipart_fields_and_files_are_returned_separately() -> None:
    body = multipart(
        field(b"title", b"Report"),
        field(b"tags", b"azure"),
        field(b"tags", b"python"),
        upload(b"doc", b"report.bin", BINARY, b"Content-Type: application/octet-stream"),
    )
    form, files = parse_form(body, MULTIPART)
    assert pairs(form) == [("title", "Report"), ("tags", "azure"), ("tags", "python")]
    assert list(files) == ["doc"]
    doc = files["doc"]
    assert (doc.name, doc.filename, doc.content_type) == (
        "doc",
        "report.bin",
        "application/octet-stream",
    )


@pytest.mark.parametrize(
    "content",
    [BINARY, b"", b"\r\n", b"\r\n\r\n", b"--", b"\n--XX", bytes(range(256)), b"x" * 100_000],
    ids=lambda content: repr(content[:20]),
)
def test_multipart_file_content_is_kept_byte_for_byte(content: bytes) -> None:
    files = parse_form(multipart(upload(b"f", b"f.bin", content)), MULTIPART)[1]
    assert files["f"].read() == content


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data; boundary=XX",
        'multipart/form-data; boundary="XX"',
        "Multipart/Form-Data; BOUNDARY=XX",
        "multipart/form-data;boundary=XX",
        "multipart/form-data ; boundary = XX ; charset=utf-8",
        "multipart/form-data; charset=utf-8; boundary=XX;",
    ],
)
def test_multipart_content_type_parameters_are_parsed_properly(content_type: str) -> None:
    form, _ = parse_form(multipart(field(b"a", b"1")), content_type)
    assert form["a"] == "1"


@pytest.mark.parametrize(
    "boundary",
    [
        "----WebKitFormBoundary7MA4YWxkTrZu0gW",
        "------------------------d74496d66958873e",
        "a" * 70,
        "x",
        "with space'()+_,-./:=?",
    ],
)
def test_multipart_boundaries_clients_send_are_accepted(boundary: str) -> None:
    body = multipart(field(b"a", b"1"), boundary=boundary.encode())
    form, _ = parse_form(body, f'multipart/form-data; boundary="{boundary}"')
    assert form["a"] == "1"


def test_multipart_preamble_and_epilogue_are_ignored() -> None:
    body = b"This is a preamble.\r\n" + multipart(field(b"a", b"1")) + b"an epilogue\r\n"
    assert pairs(parse_form(body, MULTIPART)[0]) == [("a", "1")]


def test_multipart_with_bare_lf_line_ends_is_accepted() -> None:
    body = b'--XX\nContent-Disposition: form-data; name="a"\n\nline1\nline2\n--XX--\n'
    assert parse_form(body, MULTIPART)[0]["a"] == "line1\nline2"


def test_multipart_with_no_parts_gives_empty_form() -> None:
    form, files = parse_form(b"--XX--\r\n", MULTIPART)
    assert (len(form), len(files)) == (0, 0)


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (field(b"a", b""), ""),
        (DISPOSITION % b"a" + b"\r\n", ""),
        (field(b"a", b"  padded  "), "  padded  "),
        (field(b"a", b"two\r\nlines\r\n"), "two\r\nlines\r\n"),
        (field(b"a", b"caf\xc3\xa9"), "caf\u00e9"),
        (field(b"a", b"\xe9\xff"), "\ufffd\ufffd"),
        (field(b"a", b"caf\xe9", b"Content-Type: text/plain; charset=iso-8859-1"), "caf\u00e9"),
        (field(b"a", b"\x00\xe9", b"Content-Type: text/plain; charset=utf-16-le"), "\ue900"),
        (field(b"a", b"x", b"Content-Type: text/plain"), "x"),
        (field(b"a", b"x", b"X-Other: 1", b"content-type: text/plain; charset=utf-8"), "x"),
    ],
    ids=repr,
)
def test_multipart_field_values_decode_in_their_charset(part: bytes, expected: str) -> None:
    assert parse_form(multipart(part), MULTIPART)[0]["a"] == expected


@pytest.mark.parametrize(
    ("disposition", "name", "filename"),
    [
        (b'form-data; name="f"; filename="a.txt"', "f", "a.txt"),
        (b"form-data; name=f; filename=a.txt", "f", "a.txt"),
        (b'FORM-DATA; NAME="f"; FILENAME="a.txt"', "f", "a.txt"),
        (b'form-data;name="f";filename="a b.txt"', "f", "a b.txt"),
        (b"form-data; name=\"f\"; filename*=UTF-8''%C3%A9t%C3%A9.txt", "f", "\u00e9t\u00e9.txt"),
        (b"form-data; name=\"f\"; filename*=utf-8'en'%E2%82%AC.txt", "f", "\u20ac.txt"),
        (b"form-data; name=\"f\"; filename*=ISO-8859-1''%E9.txt", "f", "\u00e9.txt"),
        (b"form-data; name=\"f\"; filename*=''plain.txt", "f", "plain.txt"),
        (
            b'form-data; name="f"; filename="fallback.txt"; filename*=UTF-8\'\'%C3%A9.txt',
            "f",
            "\u00e9.txt",
        ),
        (
            b'form-data; name="f"; filename*=UTF-8\'\'%C3%A9.txt; filename="fallback.txt"',
            "f",
            "\u00e9.txt",
        ),
        (b"form-data; name=\"f\"; filename*0*=UTF-8''%C3%A9; filename*1=.txt", "f", "\u00e9.txt"),
        (b'form-data; name="f"; filename*0="long"; filename*1="name.txt"', "f", "longname.txt"),
        (b'form-data; name="f"; filename="\xc3\xa9t\xc3\xa9.txt"', "f", "\u00e9t\u00e9.txt"),
        (b'form-data; name="f"; filename="q\\"uote.txt"', "f", 'q"uote.txt'),
        (b'form-data; name="f"; filename="back\\\\slash\\.txt"', "f", "back\\slash.txt"),
        (b"form-data; name=f; filename=my file.txt", "f", "my file.txt"),
        (b"form-data; name = f ; filename = a.txt ;", "f", "a.txt"),
        (b"form-data; name=f; filename*1=b.txt; filename*0=a", "f", "ab.txt"),
        (b"form-data; name=f; filename*0*=utf-8''%E2%82; filename*1*=%AC", "f", "\u20ac"),
        (b'form-data; name="f"; filename="a;b.txt"', "f", "a;b.txt"),
        (b'form-data; name="f"; filename="C:\\\\dir\\\\a.txt"', "f", "C:\\dir\\a.txt"),
        (b'form-data; name="f"; filename="../../etc/passwd"', "f", "../../etc/passwd"),
        (b'form-data; name="f"; filename=""', "f", ""),
        (b"form-data; name*=UTF-8''%C3%A9; filename=x", "\u00e9", "x"),
        (b'form-data; name="\xc3\xa9"; filename=x', "\u00e9", "x"),
        (b'form-data; name="\xe9"; filename=x', "\ufffd", "x"),
    ],
    ids=repr,
)
def test_multipart_file_names_are_decoded(disposition: bytes, name: str, filename: str) -> None:
    body = multipart(b"Content-Disposition: " + disposition + b"\r\n\r\ndata")
    upload_ = parse_form(body, MULTIPART)[1][name]
    assert (upload_.name, upload_.filename, upload_.read()) == (name, filename, b"data")


def test_multipart_folded_header_is_unfolded() -> None:
    body = multipart(b'Content-Disposition: form-data;\r\n\tname="a"\r\n\r\nx')
    assert parse_form(body, MULTIPART)[0]["a"] == "x"


def test_multipart_files_with_one_name_are_all_kept_in_order() -> None:
    body = multipart(upload(b"f", b"1.txt", b"one"), upload(b"f", b"2.txt", b"two"))
    files = parse_form(body, MULTIPART)[1]
    assert [(f.filename, f.read()) for f in files.getlist("f")] == [
        ("1.txt", b"one"),
        ("2.txt", b"two"),
    ]


def test_multipart_file_keeps_all_its_part_headers() -> None:
    body = multipart(upload(b"f", b"a.csv", b"1,2", b"Content-Type: text/csv", b"X-Extra: yes"))
    uploaded = parse_form(body, MULTIPART)[1]["f"]
    assert uploaded.headers["x-extra"] == "yes"
    assert uploaded.headers["CONTENT-TYPE"] == "text/csv"
    assert uploaded.headers["Content-Disposition"].startswith("form-data")


# --- multipart: malformed bodies --------------------------------------------------------------

HUGE = b"A" * 100_000


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        ("multipart/form-data", multipart(field(b"a", b"1")), "has no boundary parameter"),
        ("multipart/form-data; charset=utf-8", b"x", "has no boundary parameter"),
        ('multipart/form-data; boundary=""', b"x", "boundary must be 1 to 70"),
        ("multipart/form-data; boundary=" + "x" * 71, b"x", "boundary must be 1 to 70"),
        ('multipart/form-data; boundary="x "', b"x", "boundary must be 1 to 70"),
        ("multipart/form-data; boundary=\u00e9", b"x", "boundary must be 1 to 70"),
        ("multipart/form-data; boundary=XX; boundary=YY", b"x", "'boundary' more than once"),
        (MULTIPART, b"garbage", "no opening boundary line '--XX'"),
        (MULTIPART, b"--YY\r\n", "no opening boundary line '--XX'"),
        (MULTIPART, multipart(field(b"a", b"1"), close=False), "without its closing boundary"),
        (MULTIPART, b"--XX\r\n" + field(b"a", b"1"), "without its closing boundary"),
        (MULTIPART, b"--XX", "ends inside its boundary line"),
        (MULTIPART, b"--XX\r\n--XX--", "ends inside its boundary line"),
        (MULTIPART, multipart(b"Content-Type: text/plain\r\n\r\nx"), "no Content-Disposition"),
        (MULTIPART, multipart(b"\r\nx"), "has no headers"),
        (MULTIPART, multipart(b"Content-Disposition: attachment; name=a\r\n\r\nx"), "form-data"),
        (MULTIPART, multipart(b"Content-Disposition: form-data\r\n\r\nx"), "has no name"),
        (MULTIPART, multipart(b"Content-Disposition: form-data; filename=a\r\n\r\nx"), "no name"),
        (MULTIPART, multipart(b"Content-Disposition: form-data; name=a; name=b\r\n\r\nx"), "more"),
        (MULTIPART, multipart(b"Content-Disposition: form-data; NAME=a; name=b\r\n\r\nx"), "more"),
        (
            MULTIPART,
            multipart(b'Content-Disposition: form-data; name=a; filename="x"; filename=y\r\n\r\n'),
            "'filename' more than once",
        ),
        (
            MULTIPART,
            multipart(b"Content-Disposition: form-data; name=a\r\n" * 2 + b"\r\nx"),
            "two Content-Disposition headers",
        ),
        (MULTIPART, multipart(b"Content-Disp"), "do not end with an empty line"),
        (MULTIPART, b"--XX\r\nContent-Disposition: form-data; name=a", "do not end with an empty"),
        (MULTIPART, multipart(b"X-Long: " + HUGE + b"\r\n" + field(b"a", b"")), "empty line"),
        (MULTIPART, multipart(b'Content-Disposition: form-data; name="' + HUGE), "empty line"),
        (MULTIPART, multipart(b"no colon here\r\n" + field(b"a", b"1")), "malformed header"),
        (MULTIPART, multipart(b"Content-Disposition: form-data; name\r\n\r\n"), "malformed par"),
        (MULTIPART, multipart(b'Content-Disposition: form-data; name="a\r\n\r\n'), "malformed"),
        (MULTIPART, multipart(b'Content-Disposition: form-data; name=a b"\r\n\r\n'), "malformed"),
        (
            MULTIPART,
            multipart(b"Content-Disposition: form-data; name=a; filename*=a.txt\r\n\r\n"),
            "without the charset'language' prefix",
        ),
        (
            MULTIPART,
            multipart(b"Content-Disposition: form-data; name=a; f*0=x; f*0=y\r\n\r\n"),
            "'f*0' more than once",
        ),
        (MULTIPART, multipart(b"Bad Name: 1\r\n" + field(b"a", b"1")), "malformed header"),
        (MULTIPART, multipart(b": empty name\r\n" + field(b"a", b"1")), "malformed header"),
        (MULTIPART, b"--XX junk\r\n" + field(b"a", b"1") + b"\r\n--XX--", "extra text"),
        (MULTIPART, b"--XXY\r\n" + field(b"a", b"1") + b"\r\n--XX--", "extra text"),
        (
            MULTIPART,
            multipart(field(b"a", b"1", b"Content-Type: text/plain; charset=klingon")),
            "names the charset 'klingon'",
        ),
        (
            MULTIPART,
            multipart(b"Content-Disposition: form-data; name=a; filename*=nope''x\r\n\r\n"),
            "names the charset 'nope'",
        ),
    ],
    ids=lambda value: repr(value)[:60] if isinstance(value, (bytes, str)) else None,
)
def test_malformed_multipart_is_a_value_error_naming_the_problem(
    content_type: str, body: bytes, message: str
) -> None:
    with pytest.raises(ValueError, match="form body: .*" + _escape(message)):
        parse_form(body, content_type)


def _escape(text: str) -> str:
    import re

    return re.escape(text)


def test_malformed_message_stays_short_for_a_huge_header() -> None:
    body = multipart(b"x" * 10_000 + b"\r\n" + field(b"a", b"1"))
    with pytest.raises(ValueError, match="malformed header line") as caught:
        parse_form(body, MULTIPART)
    assert len(str(caught.value)) < 300


# --- pathological inputs: these must finish quickly (the suite's run time shows it) -----------


def test_a_few_megabytes_of_junk_is_refused_quickly() -> None:
    junk = os.urandom(3_000_000)
    with pytest.raises(ValueError, match="no opening boundary"):
        parse_form(junk.replace(b"\n--XX", b""), MULTIPART)
    files = parse_form(junk, URLENCODED)[1]
    assert len(files) == 0


def test_junk_after_an_opening_boundary_is_refused_quickly() -> None:
    with pytest.raises(ValueError, match="form body: "):
        parse_form(b"--XX\r\n" + os.urandom(3_000_000), MULTIPART)


def test_a_body_with_100k_tiny_parts_is_parsed() -> None:
    body = b"".join(
        b'--XX\r\nContent-Disposition: form-data; name="f%d"\r\n\r\n%d\r\n' % (i % 1000, i)
        for i in range(100_000)
    )
    form, _ = parse_form(body + b"--XX--\r\n", MULTIPART)
    assert len(form) == 1000
    assert form.getlist("f7")[:2] == ["7", "1007"]


@pytest.mark.parametrize(
    "body",
    [b"&" * 1_000_000, b"a=" + b"%41" * 300_000, b"%26" * 300_000, b"a=1&" * 250_000],
    ids=lambda body: repr(body[:8]),
)
def test_large_urlencoded_bodies_are_parsed(body: bytes) -> None:
    form, _ = parse_form(body, URLENCODED)
    assert len(form) <= 1


def test_quoted_parameters_packed_with_semicolons_are_parsed() -> None:
    # A quoted pair and thousands of ';' inside quotes: no rescanning per ';'.
    disposition = b'Content-Disposition: form-data; name="\\' + b";" * 15_000 + b'"\r\n\r\nx'
    form = parse_form(multipart(*[disposition] * 20), MULTIPART)[0]
    assert form.getlist(";" * 15_000) == ["x"] * 20


def test_a_header_block_of_megabytes_is_refused() -> None:
    disposition = b'Content-Disposition: form-data; name="' + b";" * 1_000_000 + b'"\r\n\r\n'
    with pytest.raises(ValueError, match="do not end with an empty line within 16384 bytes"):
        parse_form(multipart(disposition), MULTIPART)


def test_a_long_file_name_in_rfc_2231_continuations_is_accepted() -> None:
    pieces = b"; ".join(b"filename*%d=%s" % (i, b"x" * 60) for i in range(40))
    body = multipart(b"Content-Disposition: form-data; name=f; " + pieces + b"\r\n\r\n1")
    assert parse_form(body, MULTIPART)[1]["f"].filename == "x" * 2400


# --- FormData ---------------------------------------------------------------------------------


@pytest.fixture
def form() -> FormData[str]:
    return FormData([("a", "1"), ("b", "2"), ("a", "3")])


def test_formdata_item_is_the_first_value(form: FormData[str]) -> None:
    assert form["a"] == "1"


def test_formdata_missing_item_is_a_key_error(form: FormData[str]) -> None:
    with pytest.raises(KeyError):
        form["missing"]


def test_formdata_get_gives_first_value_or_default(form: FormData[str]) -> None:
    assert (form.get("a"), form.get("missing"), form.get("missing", "d")) == ("1", None, "d")


@pytest.mark.parametrize(
    ("key", "default", "expected"), [("a", None, 1), ("b", -1, 2), ("missing", -1, -1)]
)
def test_formdata_get_converts_with_type(key: str, default: int, expected: int) -> None:
    assert FormData([("a", "1"), ("b", "2")]).get(key, default, type=int) == expected


def test_formdata_get_gives_default_when_type_conversion_fails() -> None:
    assert FormData([("a", "x")]).get("a", 0, type=int) == 0


def test_formdata_getlist_gives_every_value_as_a_new_list(form: FormData[str]) -> None:
    values = form.getlist("a")
    values.append("changed")
    assert form.getlist("a") == ["1", "3"]
    assert form.getlist("missing") == []


def test_formdata_getlist_type_drops_values_that_do_not_convert() -> None:
    assert FormData([("n", "1"), ("n", "x"), ("n", "3")]).getlist("n", type=int) == [1, 3]


def test_formdata_getall_and_getone_work_as_on_multidict(form: FormData[str]) -> None:
    assert (form.getall("a"), form.getone("a")) == (["1", "3"], "1")
    assert (form.getall("zz", []), form.getone("zz", None)) == ([], None)


@pytest.mark.parametrize("method", ["getall", "getone"])
def test_formdata_getall_and_getone_without_default_raise_key_error(
    form: FormData[str], method: str
) -> None:
    with pytest.raises(KeyError):
        getattr(form, method)("missing")


def test_formdata_iteration_and_len_see_each_name_once(form: FormData[str]) -> None:
    assert (list(form), len(form), list(form.keys())) == (["a", "b"], 2, ["a", "b"])


def test_formdata_contains_tests_names(form: FormData[str]) -> None:
    assert ("a" in form, "1" in form, "missing" in form) == (True, False, False)


def test_formdata_items_values_and_lists(form: FormData[str]) -> None:
    assert list(form.items()) == [("a", "1"), ("b", "2")]
    assert list(form.items(multi=True)) == [("a", "1"), ("a", "3"), ("b", "2")]
    assert list(form.values()) == ["1", "2"]
    assert list(form.lists()) == [("a", ["1", "3"]), ("b", ["2"])]
    assert list(form.listvalues()) == [["1", "3"], ["2"]]


def test_formdata_to_dict(form: FormData[str]) -> None:
    assert form.to_dict() == {"a": "1", "b": "2"}
    assert form.to_dict(flat=False) == {"a": ["1", "3"], "b": ["2"]}
    assert dict(form) == {"a": "1", "b": "2"}


def test_formdata_equality(form: FormData[str]) -> None:
    assert form == FormData([("a", "1"), ("a", "3"), ("b", "2")])
    assert form != FormData([("a", "1"), ("b", "2")])
    assert form == {"a": "1", "b": "2"}
    assert form != "a"


def test_formdata_repr_shows_every_pair(form: FormData[str]) -> None:
    assert repr(form) == "FormData([('a', '1'), ('a', '3'), ('b', '2')])"


def test_formdata_is_read_only(form: FormData[str]) -> None:
    with pytest.raises(TypeError):
        form["a"] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        del form["a"]  # type: ignore[attr-defined]


def test_formdata_is_built_from_a_mapping() -> None:
    assert FormData({"a": "1"}).getlist("a") == ["1"]


def test_formdata_built_from_another_keeps_every_value(form: FormData[str]) -> None:
    assert FormData(form).getlist("a") == ["1", "3"]


@pytest.mark.parametrize("pairs_", [1, "ab", b"ab", [("a", "1", "x")], ["ab"], [(1, "1")]])
def test_formdata_from_bad_pairs_is_a_type_error(pairs_: object) -> None:
    with pytest.raises(TypeError, match="FormData: "):
        FormData(pairs_)  # type: ignore[arg-type]


def test_formdata_can_be_subscripted_at_run_time() -> None:
    assert FormData[str]([("a", "1")])["a"] == "1"


# --- FileStorage ------------------------------------------------------------------------------


@pytest.fixture
def uploaded() -> FileStorage:
    body = multipart(
        upload(
            b"doc", b"notes.txt", b"line 1\nline 2\n", b"Content-Type: Text/Plain; charset=utf-8"
        )
    )
    return parse_form(body, MULTIPART)[1]["doc"]


def test_filestorage_describes_the_upload(uploaded: FileStorage) -> None:
    assert (uploaded.name, uploaded.filename) == ("doc", "notes.txt")
    assert uploaded.content_type == "Text/Plain; charset=utf-8"
    assert uploaded.mimetype == "text/plain"
    assert uploaded.mimetype_params == {"charset": "utf-8"}
    assert uploaded.content_length == 0
    assert bool(uploaded)
    assert repr(uploaded) == "<FileStorage: 'notes.txt' ('Text/Plain; charset=utf-8')>"


def test_filestorage_reads_like_a_binary_file(uploaded: FileStorage) -> None:
    assert uploaded.readline() == b"line 1\n"
    assert uploaded.tell() == 7
    assert uploaded.read(4) == b"line"
    uploaded.seek(0)
    assert list(uploaded) == [b"line 1\n", b"line 2\n"]
    uploaded.seek(0)
    assert uploaded.readlines() == [b"line 1\n", b"line 2\n"]
    assert uploaded.stream.read() == b""
    assert (uploaded.seekable(), uploaded.readable(), uploaded.closed) == (True, True, False)


def test_filestorage_close_closes_the_stream(uploaded: FileStorage) -> None:
    uploaded.close()
    assert uploaded.closed
    with pytest.raises(ValueError, match="closed file"):
        uploaded.read()


def test_filestorage_without_content_type(uploaded: FileStorage) -> None:
    bare = FileStorage(io.BytesIO(b"x"), "x")
    assert (bare.content_type, bare.mimetype, bare.mimetype_params) == (None, "", {})


def test_filestorage_saves_to_a_path(uploaded: FileStorage, tmp_path: os.PathLike[str]) -> None:
    target = os.path.join(tmp_path, "out.txt")
    uploaded.save(target)
    with open(target, "rb") as saved:
        assert saved.read() == b"line 1\nline 2\n"


def test_filestorage_saves_to_a_file_object_from_the_read_position(
    uploaded: FileStorage,
) -> None:
    uploaded.read(7)
    target = io.BytesIO()
    uploaded.save(target, buffer_size=3)
    assert target.getvalue() == b"line 2\n"
    assert not target.closed


@pytest.mark.parametrize(
    ("dst", "buffer_size", "error"),
    [
        (123, 16384, TypeError),
        (None, 16384, TypeError),
        (io.BytesIO(), 0, ValueError),
        (io.BytesIO(), 1.5, TypeError),
        (io.BytesIO(), True, TypeError),
    ],
)
def test_filestorage_save_checks_its_arguments(
    uploaded: FileStorage, dst: object, buffer_size: object, error: type[Exception]
) -> None:
    with pytest.raises(error, match=r"FileStorage\.save: "):
        uploaded.save(dst, buffer_size)  # type: ignore[arg-type]


def test_filestorage_built_by_hand_has_werkzeugs_defaults() -> None:
    empty = FileStorage()
    assert (empty.read(), empty.filename, empty.name, bool(empty)) == (b"", None, None, False)
    built = FileStorage(
        io.BytesIO(b"abc"), "a.txt", "f", content_type="text/plain", content_length=3
    )
    assert (built.content_type, built.content_length, built.read()) == ("text/plain", 3, b"abc")


def test_filestorage_takes_its_filename_from_a_named_stream(tmp_path: os.PathLike[str]) -> None:
    path = os.path.join(tmp_path, "named.bin")
    with open(path, "wb") as handle:
        handle.write(b"x")
    with open(path, "rb") as stream:
        assert FileStorage(stream).filename == path


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"stream": b"raw bytes"}, TypeError),
        ({"filename": b"a.txt"}, TypeError),
        ({"name": 1}, TypeError),
        ({"content_type": 1}, TypeError),
        ({"content_type": "text/plain\r\nX: y"}, ValueError),
        ({"content_length": -1}, ValueError),
        ({"content_length": "3"}, TypeError),
        ({"headers": 1}, TypeError),
        ({"headers": {"Bad Name": "x"}}, ValueError),
    ],
)
def test_filestorage_constructor_checks_its_arguments(
    kwargs: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error, match="FileStorage: "):
        FileStorage(**kwargs)  # type: ignore[arg-type]


# --- through HttpRequest ----------------------------------------------------------------------


def test_http_request_form_and_files_use_the_parser() -> None:
    body = multipart(field(b"a", b"1"), upload(b"f", b"a.bin", b"\x00\x01"))
    request = func.HttpRequest("POST", "/api/up", headers={"Content-Type": MULTIPART}, body=body)
    assert request.form["a"] == "1"
    assert request.files["f"].read() == b"\x00\x01"


def test_http_request_urlencoded_form() -> None:
    request = func.HttpRequest(
        "POST", "/api/x", headers={"content-type": URLENCODED}, body=b"name=Ada+L&n=1&n=2"
    )
    assert (request.form["name"], request.form.getlist("n")) == ("Ada L", ["1", "2"])
    assert len(request.files) == 0


def test_importing_the_forms_module_does_not_import_email() -> None:
    code = (
        "import sys, azure_functions_compat.forms as f\n"
        "f.parse_form(b'a=1', 'application/x-www-form-urlencoded')\n"
        "f.parse_form(b'--B\\r\\nContent-Disposition: form-data; name=a\\r\\n\\r\\nx\\r\\n--B--',"
        " 'multipart/form-data; boundary=B')\n"
        "print('email' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_a_form_field_disposition_reads_as_form_data() -> None:
    # The old spelling some clients send; azure.functions (werkzeug) accepts it too.
    body = (
        b'--B\r\nContent-Disposition: form-field; name="foo"\r\n\r\nvalue\r\n'
        b'--B\r\nContent-Disposition: form-field; name="up"; filename="a.txt"\r\n\r\nhi\r\n'
        b"--B--\r\n"
    )
    req = func.HttpRequest(
        "POST", "/x", body=body, headers={"Content-Type": "multipart/form-data; boundary=B"}
    )
    assert (req.form["foo"], req.files["up"].read()) == ("value", b"hi")
