"""Route templates as the Functions host (ASP.NET Core routing) reads them."""

from __future__ import annotations

from typing import Optional

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
        # Literals inside a segment are found from the right, as ASP.NET Core does.
        ("api/files/{name}.{ext}", "api/files/a.b.c", {"name": "a.b", "ext": "c"}),
        ("api/{a}-{b}-{c}", "api/1-2-3-4", {"a": "1-2", "b": "3", "c": "4"}),
        ("api/v{major}.{minor}", "api/V1.2", {"major": "1", "minor": "2"}),
        ("api/{name}.{ext?}", "api/report.pdf", {"name": "report", "ext": "pdf"}),
        ("api/{name}.{ext?}", "api/report", {"name": "report"}),
        ("api/{a}x{b}x", "api/1x2x", {"a": "1", "b": "2"}),
        # Optional parameters in several segments, each optional from the right.
        ("items/{user:alpha?}/{id:int?}", "items", {}),
        ("items/{user:alpha?}/{id:int?}", "items/ada", {"user": "ada"}),
        ("items/{user:alpha?}/{id:int?}", "items/ada/7", {"user": "ada", "id": "7"}),
        ("items/{user=me}/{id?}", "items", {"user": "me"}),
        ("api/{id?}/more", "api/5/more", {"id": "5"}),
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
        ("api/files/{name}.{ext}", "api/files/report"),
        ("api/files/{name}.{ext}", "api/files/.pdf"),
        ("api/files/{name}.{ext}", "api/files/report."),
        ("api/{name}.{ext?}", "api/report."),
        ("api/v{major}.{minor}", "api/x1.2"),
        ("items/{user:alpha?}/{id:int?}", "items/7"),
        ("items/{user:alpha?}/{id:int?}", "items/ada/x"),
        ("api/{id?}/more", "api/more"),
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
        ("api/{a}-{b?}", "can only follow a period"),
        ("api/{a?}.{b}", "must end its segment"),
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


_MANY = 20_000


@pytest.mark.parametrize(
    ("template", "path", "expected"),
    [
        ("api/{name}.{ext}", "api/" + "." * _MANY + "/x", None),
        ("api/{a}-{b}-{c}", "api/" + "-" * _MANY + "/x", None),
        ("api/{a}.{b}.{c}.{d}", "api/" + "." * _MANY + "/x", None),
        (
            "api/{a}.{b}.{c}.{d}",
            "api/" + "." * _MANY,
            {"a": "." * (_MANY - 6), "b": ".", "c": ".", "d": "."},
        ),
        (
            "api/{a}-{b}-{c}",
            "api/" + "x-" * (_MANY // 2) + "y",
            {"a": "x-" * (_MANY // 2 - 2) + "x", "b": "x", "c": "y"},
        ),
        ("api/{*rest}", "api/" + "a/" * _MANY + "b", {"rest": "a/" * _MANY + "b"}),
    ],
)
def test_long_hostile_paths_are_matched_correctly(
    template: str, path: str, expected: Optional[dict[str, str]]
) -> None:
    # A backtracking regular expression took from seconds to minutes on such paths (cubic in
    # the length for three parameters in a segment); the matcher walks each segment a fixed
    # number of times. benchmarks/bench_routing.py prints the cost against the length.
    assert RouteTemplate(template).match(path) == expected


def test_a_hostile_path_does_not_slow_routing_through_other_templates() -> None:
    router = Router()
    router.add(RouteTemplate("api/{a}.{b}.{c}.{d}"), None, "dots")
    router.add(RouteTemplate("api/{a}-{b}-{c}"), None, "dashes")
    assert router.match("GET", "/api/" + ".-" * 50_000 + "/x").status == 404
    assert router.match("GET", "/api/1.2.3.4").params == {"a": "1", "b": "2", "c": "3", "d": "4"}


ROUTES: list[tuple[str, Optional[tuple[str, ...]], str]] = [
    ("api/items", ("GET",), "list"),
    ("API/Items", ("POST",), "create"),
    ("api/items/{id?}", ("DELETE",), "delete-optional"),
    ("api/{name}", ("PUT",), "put-name"),
    ("api/{*rest}", None, "catch-all"),
    ("api/İstanbul", None, "dotted-capital"),
    ("", ("GET",), "root"),
]


def _scan(method: str, path: str) -> tuple[object, dict[str, str], tuple[str, ...]]:
    """What routing must answer: the first template by precedence that matches and allows
    the method (each template tried in turn), else the methods of those that matched."""
    routes = sorted(ROUTES, key=lambda route: RouteTemplate(route[0]).precedence)
    allowed: list[str] = []
    for template, methods, target in routes:
        params = RouteTemplate(template).match(path.strip("/"))
        if params is None:
            continue
        if methods is None or method in methods:
            return target, params, ()
        allowed.extend(item for item in methods if item not in allowed)
    return None, {}, tuple(allowed)


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE", "PUT", "PATCH"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/items",
        "/API/ITEMS/",
        "/api/items/7",
        "/api/other",
        "/api//items",
        "/",
        "",
        "/api/i̇stanbul",
        "/api/İSTANBUL",
        "/api",
    ],
)
def test_router_answers_as_a_scan_of_every_template_in_precedence_order(
    method: str, path: str
) -> None:
    # Templates without parameters are found by a dict lookup: it must give the same answer.
    router = Router()
    for template, methods, target in ROUTES:
        router.add(RouteTemplate(template), methods, target)
    found = router.match(method, path)
    assert (found.target, found.params, found.allowed) == _scan(method, path)
