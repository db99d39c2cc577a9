"""Route templates as the Functions host (ASP.NET Core routing) reads them."""

from __future__ import annotations

import pytest

from azure_functions_compat.host import RouteTemplate, RouteTemplateError
from azure_functions_compat.host.routing import Router


@pytest.mark.parametrize(
    ("template", "path", "expected"),
    [
        ("api/hello", "api/hello", {}),
        ("api/hello", "API/Hello", {}),
        ("api/items/{id}", "api/items/42", {"id": "42"}),
        ("api/items/{id}", "api/items/a%20b", {"id": "a b"}),
        ("api/{a}/{b}", "api/x/y", {"a": "x", "b": "y"}),
        ("api/files/{name}.{ext}", "api/files/report.pdf", {"name": "report", "ext": "pdf"}),
        ("api/items/{id?}", "api/items", {}),
        ("api/items/{id?}", "api/items/7", {"id": "7"}),
        ("api/items/{id=5}", "api/items", {"id": "5"}),
        ("api/items/{id=5}", "api/items/9", {"id": "9"}),
        ("api/files/{*rest}", "api/files/a/b/c.txt", {"rest": "a/b/c.txt"}),
        ("api/files/{**rest}", "api/files/a/b", {"rest": "a/b"}),
        ("api/files/{*rest}", "api/files", {}),
        ("api/{{literal}}/{id}", "api/{literal}/3", {"id": "3"}),
        ("api/p/{category:alpha}/{id:int?}", "api/p/tv", {"category": "tv"}),
        ("api/p/{category:alpha}/{id:int?}", "api/p/tv/12", {"category": "tv", "id": "12"}),
        ("api/x/{id:range(1,5)?}", "api/x", {}),
        ("api/x/{id:regex(^a=b$)}", "api/x/a=b", {"id": "a=b"}),
    ],
)
def test_template_matches_path_and_extracts_route_params(
    template: str, path: str, expected: dict[str, str]
) -> None:
    assert RouteTemplate(template).match(path) == expected


@pytest.mark.parametrize(
    ("template", "path"),
    [
        ("api/hello", "api/hello/extra"),
        ("api/items/{id}", "api/items"),
        ("api/items/{id}", "api/items/1/2"),
        ("api/items/{id}", "api/other/1"),
    ],
)
def test_template_does_not_match_other_paths(template: str, path: str) -> None:
    assert RouteTemplate(template).match(path) is None


@pytest.mark.parametrize(
    ("constraint", "accepted", "refused"),
    [
        ("int", ["0", "-12", "2147483647"], ["2147483648", "1.5", "abc"]),
        ("long", ["9223372036854775807", "-3"], ["9223372036854775808", "x"]),
        ("bool", ["true", "False"], ["yes", "1"]),
        ("alpha", ["abc", "XYZ"], ["ab1", "a-b"]),
        (
            "guid",
            ["CD2C1638-1638-72D5-1638-DEADBEEF1638", "cd2c1638163872d51638deadbeef1638"],
            ["CD2C1638-1638-72D5-1638", "not-a-guid"],
        ),
        ("datetime", ["2016-12-31", "2016-12-31T07:32:00Z"], ["2016-13-01", "yesterday"]),
        ("decimal", ["49.99", "-1,000.01", "3"], ["1e5", "abc", "."]),
        ("double", ["1.234", "-1,001.01e8", "NaN", "Infinity"], ["e5", "abc"]),
        ("float", ["1.5", "2E-3"], ["1.5.5"]),
        ("minlength(4)", ["Rick", "Richard"], ["Ric"]),
        ("maxlength(8)", ["Richard"], ["Richard12"]),
        ("length(3)", ["abc"], ["ab", "abcd"]),
        ("length(2,4)", ["ab", "abcd"], ["a", "abcde"]),
        ("min(18)", ["18", "120"], ["17", "x"]),
        ("max(120)", ["120", "-5"], ["121"]),
        ("range(18,120)", ["18", "91", "120"], ["17", "121"]),
        (r"regex(^\d{{3}}-\d{{2}}-\d{{4}}$)", ["123-45-6789"], ["12-345-6789"]),
        ("regex(b)", ["abc", "B"], ["acd"]),
        ("int:min(1)", ["1", "99"], ["0", "x"]),
    ],
)
def test_constraint_accepts_and_refuses(
    constraint: str, accepted: list[str], refused: list[str]
) -> None:
    template = RouteTemplate(f"api/items/{{id:{constraint}}}")
    for value in accepted:
        assert template.match(f"api/items/{value}") == {"id": value}, value
    for value in refused:
        assert template.match(f"api/items/{value}") is None, value


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("api/{id:nosuch}", "unknown constraint 'nosuch'"),
        ("api/{id:min}", "needs an argument"),
        ("api/{id:int(3)}", "takes no arguments"),
        ("api/{id:range(1)}", "needs 2 integer"),
        ("api/{id:regex([)}", "not a valid regex"),
        ("api/{id", "unclosed"),
        ("api/id}", "unmatched"),
        ("api/{*rest}/more", "must be the whole last segment"),
        ("api/{id?}/more", "must be in the last segment"),
        ("api/{a}{b}", "two parameters"),
        ("api/{a}/{A}", "repeats parameter"),
        ("api//x", "empty segment"),
        ("api/{}", "no valid name"),
    ],
)
def test_malformed_template_raises_route_template_error(template: str, message: str) -> None:
    with pytest.raises(RouteTemplateError, match=message):
        RouteTemplate(template)


def test_router_prefers_literal_over_constrained_over_plain_over_catch_all() -> None:
    router = Router()
    for template in ("api/{*rest}", "api/{name}", "api/{id:int}", "api/special"):
        router.add(RouteTemplate(template), None, template)
    assert router.match("GET", "/api/special").target == "api/special"
    assert router.match("GET", "/api/42").target == "api/{id:int}"
    assert router.match("GET", "/api/other").target == "api/{name}"
    assert router.match("GET", "/api/a/b").target == "api/{*rest}"


def test_router_reports_405_with_allowed_methods_when_only_the_method_differs() -> None:
    router = Router()
    router.add(RouteTemplate("api/x"), ("GET", "POST"), "x")
    found = router.match("DELETE", "/api/x")
    assert (found.target, found.status, found.allowed) == (None, 405, ("GET", "POST"))


def test_router_reports_404_for_an_unknown_path() -> None:
    router = Router()
    router.add(RouteTemplate("api/x"), None, "x")
    assert router.match("GET", "/api/y").status == 404
