"""Property tests of the form parser: random input finds nothing but results or ValueError.

And forms built by a correct encoder always come back as they went in.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from azure_functions_compat.forms import FileStorage, FormData, parse_form

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BOUNDARY_CHARS = "abcXYZ019'()+_,-./:=? "

boundaries = st.text(BOUNDARY_CHARS, min_size=1, max_size=12).filter(
    lambda text: not text.endswith(" ")
)

# Content types a client could send: the two form types in several spellings, with random
# parameters (a boundary above all), other types, and plain junk.
parameter_values = st.one_of(
    boundaries,
    st.text(max_size=12),
    boundaries.map(lambda text: f'"{text}"'),
    st.sampled_from(["utf-8", "latin-1", "nope", "utf-16", "", "''", "base64"]),
)
parameters = st.lists(
    st.tuples(
        st.sampled_from(["boundary", "BOUNDARY", "charset", "x", "boundary*", "b*0"]),
        parameter_values,
    ),
    max_size=3,
).map(lambda items: "".join(f"; {name}={value}" for name, value in items))
content_types = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.tuples(
        st.sampled_from(
            [
                "multipart/form-data",
                "Multipart/Form-Data",
                "application/x-www-form-urlencoded",
                " application/x-www-form-urlencoded ",
                "text/plain",
            ]
        ),
        parameters,
    ).map("".join),
)

# Bodies: random bytes, and random bytes built from the pieces a multipart body is made of,
# so that the parser gets deep into its work.
PIECES = [
    b"--",
    b"--b",
    b"--XX",
    b"--XX--",
    b"\r\n",
    b"\n",
    b"\r\n\r\n",
    b"Content-Disposition: form-data",
    b"Content-Disposition: attachment",
    b"Content-Type: text/plain; charset=",
    b"; name=",
    b"; filename=",
    b"; filename*=",
    b"; name*0=",
    b"; name*1*=",
    b'"',
    b"'",
    b"\\",
    b"%",
    b"%C3%A9",
    b"UTF-8''",
    b"&",
    b"=",
    b"+",
    b" ",
    b"\t",
    b";",
    b":",
    b"\xff",
    b"\xc3",
    b"a",
    b"\x00",
]
bodies = st.one_of(
    st.binary(max_size=300),
    st.lists(st.one_of(st.sampled_from(PIECES), st.binary(max_size=4)), max_size=60).map(b"".join),
)


def _parse(
    body: bytes, content_type: str | None
) -> tuple[tuple[FormData[str], FormData[FileStorage]] | None, str]:
    """The parse result, or None and the ValueError's message; any other error propagates."""
    try:
        return parse_form(body, content_type), ""
    except ValueError as error:
        return None, str(error)


@FUZZ
@given(body=bodies, content_type=content_types)
@example(body=b"--XX\r\nContent-Disposition: form-data; name=a\r\n\r\n", content_type=None)
@example(
    body=b"--XX\r\nContent-Disposition: form-data; name*0*=x'; name*1=\r\n\r\n\r\n--XX--",
    content_type="multipart/form-data; boundary=XX",
)
def test_random_bodies_and_content_types_give_a_form_or_a_value_error(
    body: bytes, content_type: str | None
) -> None:
    result, refusal = _parse(body, content_type)
    if result is None:
        assert refusal.startswith("form body: ")
        return
    form, files = result
    assert isinstance(form, FormData)
    assert isinstance(files, FormData)
    for name, value in form.items(multi=True):
        assert isinstance(name, str)
        assert isinstance(value, str)
    for name, upload in files.items(multi=True):
        assert isinstance(name, str)
        assert isinstance(upload, FileStorage)
        assert isinstance(upload.read(), bytes)
        # The properties must never raise, whatever the part headers were.
        upload.mimetype, upload.mimetype_params, upload.content_length, repr(upload)


@FUZZ
@given(
    body=st.lists(st.sampled_from(PIECES), max_size=40).map(b"".join),
    boundary=st.sampled_from(["XX", "b", '"XX"']),
)
def test_random_multipart_bodies_give_a_form_or_a_value_error(body: bytes, boundary: str) -> None:
    result, refusal = _parse(b"--XX\r\n" + body, f"multipart/form-data; boundary={boundary}")
    assert result is not None or refusal.startswith("form body: ")


# --- round trips: what a correct encoder builds comes back unchanged ---------------------------

names = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters='\r\n"\\'), max_size=10
)
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@FUZZ
@given(st.lists(st.tuples(texts, texts), max_size=8))
def test_urlencoded_forms_round_trip(fields: list[tuple[str, str]]) -> None:
    body = urlencode(fields).encode("ascii")
    form = parse_form(body, "application/x-www-form-urlencoded")[0]
    # An empty pair encodes to '=', which is kept; FormData groups values by name.
    expected: dict[str, list[str]] = {}
    for name, value in fields:
        expected.setdefault(name, []).append(value)
    assert form.to_dict(flat=False) == expected


def _part(name: str, value: bytes, filename: str | None, encoded: bool) -> bytes:
    disposition = f'form-data; name="{name}"'
    if filename is not None:
        if encoded:
            disposition += f"; filename*=UTF-8''{quote(filename, safe='')}"
        else:
            disposition += f'; filename="{filename}"'
    return b"Content-Disposition: " + disposition.encode("utf-8") + b"\r\n\r\n" + value


@FUZZ
@given(
    parts=st.lists(
        st.tuples(
            names,
            st.binary(max_size=60),
            st.one_of(st.none(), names),
            st.booleans(),
        ),
        max_size=6,
    ),
    boundary=st.sampled_from(["XyZ", "----WebKitFormBoundary7MA4YWxkTrZu0gW", "a'b(c)d"]),
)
def test_multipart_forms_round_trip(
    parts: list[tuple[str, bytes, str | None, bool]], boundary: str
) -> None:
    delimiter = b"--" + boundary.encode("ascii")
    # A correct encoder never lets the delimiter appear inside a part.
    parts = [part for part in parts if b"\n" + delimiter not in b"\n" + part[1]]
    body = (
        b"".join(delimiter + b"\r\n" + _part(*part) + b"\r\n" for part in parts)
        + delimiter
        + b"--\r\n"
    )
    form, files = parse_form(body, f'multipart/form-data; boundary="{boundary}"')
    expected_fields = [
        (name, value.decode("utf-8", "replace"))
        for name, value, filename, _ in parts
        if filename is None
    ]
    expected_files = [
        (name, filename, value) for name, value, filename, _ in parts if filename is not None
    ]
    assert sorted(form.items(multi=True)) == sorted(expected_fields)
    got_files = [(name, f.filename, f.read()) for name, f in files.items(multi=True)]
    assert sorted(got_files) == sorted(expected_files)
