from __future__ import annotations

import json
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from multidict import CIMultiDict, MultiDict

import azure_functions_compat as func


def make(**overrides: object) -> func.HttpRequest:
    arguments: dict[str, object] = {"method": "GET", "url": "/api/x", "body": None}
    arguments.update(overrides)
    return func.HttpRequest(**arguments)  # type: ignore[arg-type]


class TestMethodAndUrl:
    def test_method_is_upper_cased(self) -> None:
        assert make(method="post").method == "POST"

    def test_url_is_kept_as_given(self) -> None:
        assert make(url="http://localhost/api/a?b=1").url == "http://localhost/api/a?b=1"

    @pytest.mark.parametrize("method", ["", "GE T", "GET\r\n", "G(ET", "\x00"])
    def test_malformed_method_is_a_value_error(self, method: str) -> None:
        with pytest.raises(ValueError, match="HttpRequest: method must be an HTTP method token"):
            make(method=method)

    @pytest.mark.parametrize("method", [None, b"GET", 1])
    def test_method_of_another_type_is_a_type_error(self, method: object) -> None:
        with pytest.raises(TypeError, match="HttpRequest: method must be a str"):
            make(method=method)

    @pytest.mark.parametrize("url", [None, b"/api", 3])
    def test_url_of_another_type_is_a_type_error(self, url: object) -> None:
        with pytest.raises(TypeError, match="HttpRequest: url must be a str"):
            make(url=url)


class TestHeaders:
    def test_headers_are_case_insensitive(self) -> None:
        request = make(headers={"Content-Type": "text/plain"})
        assert request.headers["content-type"] == "text/plain"
        assert request.headers.get("CONTENT-TYPE") == "text/plain"

    def test_header_names_are_lower_cased_as_the_host_gives_them(self) -> None:
        request = make(headers={"Content-Type": "text/plain", "X-Name": "v"})
        assert list(request.headers) == ["content-type", "x-name"]
        assert dict(request.headers) == {"content-type": "text/plain", "x-name": "v"}
        assert make(headers=[("X-A", "1")]).headers.items() == {("x-a", "1")}

    def test_headers_keep_repeated_names_from_a_multidict(self) -> None:
        request = make(headers=CIMultiDict([("Accept", "a"), ("accept", "b")]))
        assert request.headers.getall("Accept") == ["a", "b"]

    def test_headers_accept_pairs(self) -> None:
        request = make(headers=[("X-A", "1"), ("X-A", "2")])
        assert request.headers.getall("x-a") == ["1", "2"]

    def test_headers_are_read_only(self) -> None:
        request = make(headers={"A": "1"})
        with pytest.raises(TypeError):
            request.headers["A"] = "2"  # type: ignore[index]

    def test_missing_headers_give_an_empty_mapping(self) -> None:
        assert len(make().headers) == 0

    @pytest.mark.parametrize(
        ("headers", "error", "message"),
        [
            ({"a b": "1"}, ValueError, "header name must be an RFC 9110 token"),
            ({"": "1"}, ValueError, "header name must be an RFC 9110 token"),
            ({"a:b": "1"}, ValueError, "header name must be an RFC 9110 token"),
            ({"A": "x\r\nSet-Cookie: y"}, ValueError, "free of CR, LF and NUL"),
            ({"A": "x\ny"}, ValueError, "free of CR, LF and NUL"),
            ({"A": "x\x00"}, ValueError, "free of CR, LF and NUL"),
            ({"A": None}, TypeError, "value of header 'A' must be a str"),
            ({"A": 1}, TypeError, "value of header 'A' must be a str"),
            ({1: "a"}, TypeError, "header name must be a str"),
            ("A: 1", TypeError, "headers must be a mapping"),
            ([("A",)], TypeError, "headers must be a mapping or a list of"),
        ],
    )
    def test_bad_headers_are_refused(
        self, headers: object, error: type[Exception], message: str
    ) -> None:
        with pytest.raises(error, match=message) as caught:
            make(headers=headers)
        assert str(caught.value).startswith("HttpRequest: ")


class TestParams:
    def test_params_argument_wins_over_the_query_string(self) -> None:
        request = make(url="/api/x?name=url", params={"name": "given"})
        assert request.params["name"] == "given"
        assert list(request.params.items()) == [("name", "given")]

    def test_params_are_parsed_from_the_url_when_not_given(self) -> None:
        request = make(url="http://h/api/x?a=1&a=2&b=&c=x+y&d=%C3%A9#frag")
        assert request.params.getall("a") == ["1", "2"]
        assert request.params["b"] == ""
        assert request.params["c"] == "x y"
        assert request.params["d"] == "é"
        assert request.params.get("e") is None

    def test_a_url_without_query_has_no_params(self) -> None:
        assert dict(make(url="/api/x").params) == {}
        assert dict(make(url="/api/x?").params) == {}

    def test_a_malformed_escape_in_the_query_does_not_fail(self) -> None:
        assert make(url="/x?a=%ZZ&b=%FF").params["a"] == "%ZZ"

    def test_params_accept_a_multidict(self) -> None:
        request = make(params=MultiDict([("a", "1"), ("a", "2")]))
        assert request.params.getall("a") == ["1", "2"]

    def test_params_are_read_only(self) -> None:
        with pytest.raises(TypeError):
            make(params={"a": "1"}).params["a"] = "2"  # type: ignore[index]

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"a": 1}, "params value for 'a' must be a str"),
            ({1: "a"}, "params key must be a str"),
            (["a"], "params must be a mapping or a list of"),
            (5, "params must be a mapping"),
        ],
    )
    def test_bad_params_are_a_type_error(self, params: object, message: str) -> None:
        with pytest.raises(TypeError, match=message):
            make(params=params)


class TestRouteParams:
    def test_route_params_are_kept(self) -> None:
        assert make(route_params={"id": "42"}).route_params == {"id": "42"}

    def test_route_params_default_to_empty(self) -> None:
        assert make().route_params == {}

    def test_route_params_are_read_only(self) -> None:
        with pytest.raises(TypeError):
            make(route_params={"id": "1"}).route_params["id"] = "2"  # type: ignore[index]

    def test_a_non_str_route_param_is_a_type_error(self) -> None:
        with pytest.raises(TypeError, match="route_params value for 'id' must be a str"):
            make(route_params={"id": 42})


class TestBody:
    @pytest.mark.parametrize(
        ("body", "expected"),
        [
            (None, b""),
            (b"", b""),
            (b"abc", b"abc"),
            (bytearray(b"abc"), b"abc"),
            ("é", "é".encode()),
        ],
    )
    def test_get_body_always_gives_bytes(self, body: object, expected: bytes) -> None:
        result = make(body=body).get_body()
        assert type(result) is bytes
        assert result == expected

    @pytest.mark.parametrize("body", [1, 1.5, ["a"], {"a": 1}, object()])
    def test_a_body_of_another_type_is_a_type_error(self, body: object) -> None:
        with pytest.raises(TypeError, match="HttpRequest: body must be str, bytes"):
            make(body=body)

    def test_a_str_body_with_a_lone_surrogate_is_a_value_error(self) -> None:
        with pytest.raises(ValueError, match="HttpRequest: body cannot be encoded as utf-8"):
            make(body="\ud800")

    def test_body_is_required(self) -> None:
        with pytest.raises(TypeError):
            func.HttpRequest("GET", "/")  # type: ignore[call-arg]


class TestGetJson:
    def test_get_json_decodes_the_body(self) -> None:
        assert make(body=b'{"name": "Ada", "n": [1, 2]}').get_json() == {
            "name": "Ada",
            "n": [1, 2],
        }

    def test_get_json_reads_utf16_json(self) -> None:
        assert make(body='{"a": "é"}'.encode("utf-16")).get_json() == {"a": "é"}

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            (None, "the body is empty"),
            (b"", "the body is empty"),
            (b"not json", "the body is not valid JSON"),
            (b'{"a": ', "the body is not valid JSON"),
            (b"\xff\xfe\xfa", "not valid"),
            (b"[" * 100_000, "not valid JSON|too deeply"),
        ],
    )
    def test_get_json_raises_value_error(self, body: object, message: str) -> None:
        request = make(body=body)
        with pytest.raises(ValueError, match=message) as caught:
            request.get_json()
        # The Azure templates catch ValueError; code written against json catches this one.
        assert isinstance(caught.value, json.JSONDecodeError)
        assert "HttpRequest.get_json" in str(caught.value)


class TestForm:
    def test_an_urlencoded_body_gives_form_fields(self) -> None:
        request = make(
            method="POST",
            body=b"a=1&a=2&b=x+y",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert request.form["b"] == "x y"
        assert request.form.getlist("a") == ["1", "2"]
        assert len(request.files) == 0

    def test_a_multipart_body_gives_fields_and_files(self) -> None:
        body = (
            b"--XyZ\r\n"
            b'Content-Disposition: form-data; name="title"\r\n\r\n'
            b"hello\r\n"
            b"--XyZ\r\n"
            b'Content-Disposition: form-data; name="upload"; filename="a.bin"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n"
            b"\x00\x01\xff\r\n"
            b"--XyZ--\r\n"
        )
        request = make(
            method="POST", body=body, headers={"Content-Type": "multipart/form-data; boundary=XyZ"}
        )
        assert request.form["title"] == "hello"
        upload = request.files["upload"]
        assert upload.filename == "a.bin"
        assert upload.content_type == "application/octet-stream"
        assert upload.read() == b"\x00\x01\xff"

    def test_a_json_body_has_an_empty_form(self) -> None:
        request = make(body=b'{"a": 1}', headers={"Content-Type": "application/json"})
        assert len(request.form) == 0
        assert len(request.files) == 0

    def test_the_form_is_parsed_once(self) -> None:
        request = make(body=b"a=1", headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert request.form is request.form
        assert request.files is request.files

    def test_the_form_is_parsed_once_across_threads(self) -> None:
        request = make(
            body=b"a=1&" * 2000, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        seen: list[object] = []
        barrier = threading.Barrier(8)

        def read() -> None:
            barrier.wait()
            seen.append(request.form)

        threads = [threading.Thread(target=read) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len({id(form) for form in seen}) == 1


def test_repr_names_method_url_and_body_size() -> None:
    assert repr(make(method="post", url="/a", body=b"xyz")) == (
        "<HttpRequest POST '/a' body=3 bytes>"
    )


@pytest.mark.parametrize(
    "query",
    [
        "a=1",
        "a=1&b=2&a=3",
        "a",
        "a=",
        "=1",
        "a=1&&b=2",
        "&a=1&",
        "a=b=c",
        "x=1;y=2",
        "a%20b=c+d",
        "é=ü",
    ],
)
def test_query_parsing_agrees_with_parse_qsl(query: str) -> None:
    from urllib.parse import parse_qsl

    expected = parse_qsl(query, keep_blank_values=True, errors="replace")
    assert list(make(url=f"/api/x?{query}").params.items()) == expected


@settings(max_examples=300, deadline=None)
@given(query=st.text(alphabet="ab=&;%+2F é", max_size=20))
def test_any_query_parses_as_parse_qsl_does(query: str) -> None:
    from urllib.parse import parse_qsl

    expected = parse_qsl(query, keep_blank_values=True, errors="replace")
    assert list(make(url=f"/api/x?{query}").params.items()) == expected


def test_body_type_is_accepted_as_the_worker_level_class_takes_it() -> None:
    req = func.HttpRequest("POST", "/x", body_type="json", body='{"a": 1}')
    assert req.get_json() == {"a": 1}
    with pytest.raises(TypeError, match="HttpRequest: body_type must be a str or None"):
        func.HttpRequest("POST", "/x", body_type=1, body=b"")  # type: ignore[arg-type]
