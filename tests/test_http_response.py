from __future__ import annotations

from http import HTTPStatus

import pytest

import azure_functions_compat as func


class TestDefaults:
    def test_an_empty_response_is_200_text_plain_utf8(self) -> None:
        response = func.HttpResponse()
        assert response.status_code == 200
        assert response.mimetype == "text/plain"
        assert response.charset == "utf-8"
        assert response.get_body() == b""
        assert len(response.headers) == 0


class TestBody:
    @pytest.mark.parametrize(
        ("body", "expected"),
        [("Hello Test", b"Hello Test"), (b"\x00\xff", b"\x00\xff"), (bytearray(b"ab"), b"ab")],
    )
    def test_get_body_gives_bytes(self, body: object, expected: bytes) -> None:
        result = func.HttpResponse(body).get_body()  # type: ignore[arg-type]
        assert type(result) is bytes
        assert result == expected

    def test_a_str_body_is_encoded_with_the_charset(self) -> None:
        assert func.HttpResponse("é", charset="latin-1").get_body() == b"\xe9"

    @pytest.mark.parametrize("body", [1, 2.0, ["x"], {"a": 1}, memoryview(b"x")])
    def test_a_body_of_another_type_is_a_type_error(self, body: object) -> None:
        with pytest.raises(TypeError, match="HttpResponse: body must be str, bytes, bytearray"):
            func.HttpResponse(body)  # type: ignore[arg-type]

    def test_a_body_the_charset_cannot_encode_is_a_value_error(self) -> None:
        with pytest.raises(ValueError, match="HttpResponse: body cannot be encoded as ascii"):
            func.HttpResponse("é", charset="ascii")


class TestStatusCode:
    @pytest.mark.parametrize("status", [100, 200, 201, 404, 599, HTTPStatus.CREATED])
    def test_valid_status_codes_are_kept_as_int(self, status: int) -> None:
        response = func.HttpResponse(status_code=status)
        assert response.status_code == int(status)
        assert type(response.status_code) is int

    @pytest.mark.parametrize("status", [99, 0, -1, 600, 1000])
    def test_a_status_out_of_range_is_a_value_error(self, status: int) -> None:
        with pytest.raises(
            ValueError,
            match=f"HttpResponse: status_code must be an int from 100 to 599, got {status}",
        ):
            func.HttpResponse(status_code=status)

    @pytest.mark.parametrize("status", ["200", 200.0, True, b"200"])
    def test_a_status_of_another_type_is_a_type_error(self, status: object) -> None:
        with pytest.raises(TypeError, match="HttpResponse: status_code must be an int"):
            func.HttpResponse(status_code=status)  # type: ignore[arg-type]


class TestMimetypeAndCharset:
    def test_mimetype_and_charset_are_kept(self) -> None:
        response = func.HttpResponse("{}", mimetype="application/json", charset="utf-16")
        assert (response.mimetype, response.charset) == ("application/json", "utf-16")

    @pytest.mark.parametrize(
        ("arguments", "error", "message"),
        [
            ({"charset": "no-such-codec"}, ValueError, "charset must be the name of a text enc"),
            ({"charset": 8}, TypeError, "charset must be a str"),
            ({"mimetype": 1}, TypeError, "mimetype must be a str"),
            ({"mimetype": "text/html\r\nX: y"}, ValueError, "free of CR, LF and NUL"),
        ],
    )
    def test_bad_mimetype_or_charset_is_refused(
        self, arguments: dict[str, object], error: type[Exception], message: str
    ) -> None:
        with pytest.raises(error, match=message):
            func.HttpResponse("x", **arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "charset", ["base64", "rot13", "hex", "zlib", "bz2", "uu", "quopri", "idna", "punycode"]
)
def test_a_codec_that_is_not_a_text_encoding_is_refused_as_a_charset(charset: str) -> None:
    # base64 and its kind turn bytes into bytes (LookupError from str.encode); idna and
    # punycode encode host names and cannot decode a body a client reads back.
    with pytest.raises(ValueError, match="HttpResponse: charset must be the name of a text"):
        func.HttpResponse("x", charset=charset)


class TestHeaders:
    def test_headers_from_a_dict_are_case_insensitive(self) -> None:
        response = func.HttpResponse("x", headers={"my-http-header": "some-value"})
        assert response.headers["My-Http-Header"] == "some-value"

    def test_headers_are_mutable_and_multi_valued(self) -> None:
        response = func.HttpResponse("x")
        response.headers["X-One"] = "1"
        response.headers.add("Set-Cookie", "a=1")
        response.headers.add("Set-Cookie", "b=2")
        assert response.headers.getall("set-cookie") == ["a=1", "b=2"]
        assert response.headers["x-one"] == "1"

    def test_setting_a_header_replaces_every_value(self) -> None:
        response = func.HttpResponse("x", headers=[("A", "1"), ("A", "2")])
        response.headers["a"] = "3"
        assert response.headers.getall("A") == ["3"]

    @pytest.mark.parametrize(
        "mutate",
        [
            lambda h: h.__setitem__("A", "x\r\ny"),
            lambda h: h.add("A", "x\ny"),
            lambda h: h.update({"A": "x\ny"}),
            lambda h: h.update(A="x\ny"),
            lambda h: h.extend([("A", "x\x00")]),
            lambda h: h.setdefault("A", "x\ny"),
            lambda h: h.merge({"A": "x\ny"}),
            lambda h: h.copy().add("A", "x\ny"),
        ],
    )
    def test_every_way_of_adding_a_header_refuses_response_splitting(self, mutate: object) -> None:
        headers = func.HttpResponse().headers
        with pytest.raises(ValueError, match="free of CR, LF and NUL"):
            mutate(headers)  # type: ignore[operator]
        assert "A" not in headers

    @pytest.mark.parametrize(
        "mutate",
        [
            lambda h: h.__setitem__("a b", "1"),
            lambda h: h.add("", "1"),
            lambda h: h.update({"a:b": "1"}),
            lambda h: h.setdefault("(x)", "1"),
        ],
    )
    def test_every_way_of_adding_a_header_refuses_a_bad_name(self, mutate: object) -> None:
        with pytest.raises(ValueError, match="header name must be an RFC 9110 token"):
            mutate(func.HttpResponse().headers)  # type: ignore[operator]

    def test_a_none_header_value_is_a_type_error(self) -> None:
        with pytest.raises(TypeError, match="value of header 'A' must be a str"):
            func.HttpResponse(headers={"A": None})  # type: ignore[dict-item]
        with pytest.raises(TypeError, match="value of header 'A' must be a str"):
            func.HttpResponse().headers.setdefault("A")

    def test_update_replaces_and_extend_appends(self) -> None:
        headers = func.HttpResponse(headers={"A": "1"}).headers
        headers.update({"A": "2"})
        headers.extend({"A": "3"})
        assert headers.getall("A") == ["2", "3"]


def test_repr_shows_status_and_type() -> None:
    assert repr(func.HttpResponse("hi", status_code=201)) == (
        "<HttpResponse 201 text/plain; charset=utf-8 body=2 bytes>"
    )


class TestWerkzeugHeadersApi:
    """The real package's response headers are werkzeug ``Headers``; code uses that API."""

    def test_iterating_gives_name_value_pairs(self) -> None:
        headers = func.HttpResponse(headers=[("A", "1"), ("A", "2"), ("B", "3")]).headers
        assert list(headers) == [("A", "1"), ("A", "2"), ("B", "3")]
        assert dict(headers) == {"A": "1", "B": "3"}

    def test_deleting_a_missing_name_is_no_error(self) -> None:
        headers = func.HttpResponse(headers={"A": "1"}).headers
        del headers["missing"]
        del headers["a"]
        assert len(headers) == 0

    def test_set_replaces_and_remove_deletes(self) -> None:
        headers = func.HttpResponse(headers=[("A", "1"), ("A", "2")]).headers
        headers.set("a", "3")
        assert headers.getlist("A") == ["3"]
        headers.remove("A")
        headers.remove("A")
        assert "A" not in headers

    def test_setlist_replaces_every_value_and_checks_them(self) -> None:
        headers = func.HttpResponse(headers={"Vary": "x"}).headers
        headers.setlist("Vary", ["Accept", "Origin"])
        assert headers.getlist("vary") == ["Accept", "Origin"]
        with pytest.raises(ValueError, match="free of CR, LF and NUL"):
            headers.setlist("Vary", ["ok", "bad\n"])
        assert headers.getlist("vary") == ["Accept", "Origin"]

    def test_get_and_getlist_convert_with_type(self) -> None:
        headers = func.HttpResponse(headers=[("N", "1"), ("N", "x"), ("N", "3")]).headers
        assert headers.get("N", type=int) == 1
        assert headers.get("missing", 7) == 7
        assert headers.getlist("N", type=int) == [1, 3]
        assert headers.getlist("missing") == []
        headers.set("N", "x")
        assert headers.get("N", -1, type=int) == -1

    def test_add_header_and_to_wsgi_list(self) -> None:
        headers = func.HttpResponse().headers
        headers.add_header("Set-Cookie", "a=1")
        headers.add_header("Set-Cookie", "b=2")
        assert headers.to_wsgi_list() == [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]
