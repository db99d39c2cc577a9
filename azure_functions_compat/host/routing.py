"""Route templates as the Functions host reads them, and a router over an app's HTTP functions.

The syntax is that of ASP.NET Core routing, which the host uses: literal segments matched
without regard to case; parameters ``{name}``; constraints ``{id:int}``, several at once
``{id:int:min(1)}``; optional parameters ``{name?}``; defaults ``{name=value}``; catch-all
parameters ``{*rest}`` (or ``{**rest}``) that take the rest of the path, slashes included. A
literal ``{`` or ``}`` is written twice. Route values reach the function as strings, decoded.

When several templates match one path, the more specific wins, as in ASP.NET Core: a literal
segment before a constrained parameter, before a plain one, before a catch-all.
"""

from __future__ import annotations

import re
from typing import Callable, Optional
from urllib.parse import unquote

Constraint = Callable[[str], bool]

_INT = re.compile(r"[+-]?\d+")
_ALPHA = re.compile(r"[A-Za-z]+")
_HEX = "[0-9A-Fa-f]"
_GUID = re.compile(
    rf"{_HEX}{{32}}|{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}"
    rf"|\{{{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}\}}"
    rf"|\({_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}\)"
)
_DECIMAL = re.compile(r"[+-]?(\d[\d,]*)?(\.\d*)?")
_DOUBLE = re.compile(r"[+-]?(\d[\d,]*)?(\.\d*)?([eE][+-]?\d+)?")
_SPECIAL_DOUBLES = frozenset({"nan", "infinity", "-infinity", "+infinity"})
_DATETIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)


def _integer_in(low: int, high: int) -> Constraint:
    # More significant digits than either bound has is out of range: say so before int(),
    # which refuses texts of thousands of digits (and would be slow on them anyway).
    widest = max(len(str(abs(low))), len(str(abs(high))))

    def check(value: str) -> bool:
        if _INT.fullmatch(value) is None:
            return False
        digits = value.lstrip("+-").lstrip("0")
        if len(digits) > widest:
            return False
        number = int(digits or "0")
        return low <= (-number if value.startswith("-") else number) <= high

    return check


def _is_bool(value: str) -> bool:
    return value.lower() in ("true", "false")


def _is_alpha(value: str) -> bool:
    return _ALPHA.fullmatch(value) is not None


def _is_guid(value: str) -> bool:
    return _GUID.fullmatch(value) is not None


def _has_digit(value: str) -> bool:
    return any(char.isdigit() for char in value)


def _is_decimal(value: str) -> bool:
    if _DECIMAL.fullmatch(value) is None or not _has_digit(value):
        return False
    # System.Decimal holds about 7.9e28 at most.
    return abs(float(value.replace(",", ""))) < 7.9228162514264337593543950336e28


def _is_double(value: str) -> bool:
    if value.lower() in _SPECIAL_DOUBLES:
        return True
    mantissa = value.split("e")[0].split("E")[0]
    return _DOUBLE.fullmatch(value) is not None and _has_digit(mantissa)


def _is_datetime(value: str) -> bool:
    import datetime

    found = _DATETIME.fullmatch(value)
    if found is None:
        return False
    year, month, day, hour, minute, second = (int(part or 0) for part in found.groups()[:6])
    try:
        datetime.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return False
    return True


def _is_file(value: str) -> bool:
    last = value.rsplit("/", 1)[-1]
    stem, dot, extension = last.rpartition(".")
    return bool(dot and stem and extension)


_SIMPLE: dict[str, Constraint] = {
    "int": _integer_in(-(2**31), 2**31 - 1),
    "long": _integer_in(-(2**63), 2**63 - 1),
    "bool": _is_bool,
    "alpha": _is_alpha,
    "guid": _is_guid,
    "datetime": _is_datetime,
    "decimal": _is_decimal,
    "double": _is_double,
    "float": _is_double,
    "required": bool,
    "file": _is_file,
    "nonfile": lambda value: not _is_file(value),
}

_WITH_ARGUMENTS = ("minlength", "maxlength", "length", "min", "max", "range", "regex")


class RouteTemplateError(ValueError):
    """A route template that cannot be parsed; the message says where and why."""


def _int_args(name: str, text: str, count: tuple[int, ...]) -> list[int]:
    parts = [part.strip() for part in text.split(",")]
    if len(parts) not in count or not all(
        _INT.fullmatch(part) and len(part) <= 40 for part in parts
    ):
        wanted = " or ".join(str(n) for n in count)
        raise RouteTemplateError(f"constraint {name}({text}) needs {wanted} integer argument(s)")
    return [int(part) for part in parts]


def make_constraint(name: str, argument: Optional[str]) -> Constraint:
    """The check for one inline constraint (``int``, ``min(1)``, ``regex(^a+$)`` ...).

    Raises RouteTemplateError for an unknown constraint or malformed arguments.
    """
    key = name.lower()
    if key in _SIMPLE:
        if argument is not None:
            raise RouteTemplateError(f"constraint {name} takes no arguments")
        return _SIMPLE[key]
    if key not in _WITH_ARGUMENTS:
        known = ", ".join([*_SIMPLE, *_WITH_ARGUMENTS])
        raise RouteTemplateError(f"unknown constraint {name!r} (known: {known})")
    if argument is None:
        raise RouteTemplateError(f"constraint {name} needs an argument in parentheses")
    if key == "regex":
        try:
            pattern = re.compile(argument, re.IGNORECASE)
        except re.error as exc:
            raise RouteTemplateError(
                f"constraint regex({argument}) is not a valid regex: {exc}"
            ) from None
        # ASP.NET Core tests the pattern with IsMatch, which is not anchored.
        return lambda value: pattern.search(value) is not None
    if key == "length":
        bounds = _int_args(name, argument, (1, 2))
        low, high = (bounds[0], bounds[0]) if len(bounds) == 1 else (bounds[0], bounds[1])
        return lambda value: low <= len(value) <= high
    if key == "range":
        low, high = _int_args(name, argument, (2,))
        return _integer_in(low, high)
    (limit,) = _int_args(name, argument, (1,))
    if key == "minlength":
        return lambda value: len(value) >= limit
    if key == "maxlength":
        return lambda value: len(value) <= limit
    if key == "min":
        return _integer_in(limit, 2**63 - 1)
    return _integer_in(-(2**63), limit)


class _Parameter:
    __slots__ = ("catch_all", "constraints", "default", "name", "optional")

    def __init__(self, name: str) -> None:
        self.name = name
        self.constraints: list[Constraint] = []
        self.optional = False
        self.catch_all = False
        self.default: Optional[str] = None


def _split_constraints(body: str) -> list[str]:
    """Split ``int:min(1):regex(a:b)`` on the colons that are outside parentheses."""
    parts: list[str] = []
    depth = 0
    current = ""
    for char in body:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if char == ":" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def _parse_parameter(text: str) -> _Parameter:
    body = text
    catch_all = False
    if body.startswith("**"):
        body, catch_all = body[2:], True
    elif body.startswith("*"):
        body, catch_all = body[1:], True
    optional = False
    default: Optional[str] = None
    # A default or '?' follows the last constraint; a '=' inside a regex argument does not count.
    closing = body.rfind(")")
    tail_start = closing + 1 if closing >= 0 else 0
    equals = body.find("=", tail_start)
    if equals >= 0:
        default = body[equals + 1 :]
        body = body[:equals]
    if default is not None and default.endswith("?"):
        raise RouteTemplateError("a parameter cannot both have a default and be optional")
    if body.endswith("?"):
        body, optional = body[:-1], True
    pieces = _split_constraints(body)
    name = pieces[0]
    if not name or any(char in name for char in "{}/?*=()"):
        raise RouteTemplateError(f"parameter {{{text}}} has no valid name")
    parameter = _Parameter(name)
    parameter.catch_all = catch_all
    parameter.optional = optional or catch_all
    parameter.default = default
    for piece in pieces[1:]:
        if not piece:
            raise RouteTemplateError(f"parameter {{{text}}} has an empty constraint")
        open_paren = piece.find("(")
        if open_paren >= 0:
            if not piece.endswith(")"):
                raise RouteTemplateError(f"constraint {piece!r} lacks its closing parenthesis")
            parameter.constraints.append(
                make_constraint(piece[:open_paren], piece[open_paren + 1 : -1])
            )
        else:
            parameter.constraints.append(make_constraint(piece, None))
    return parameter


def _parse_segment(segment: str) -> list[object]:
    """A segment as a list of literal strings and _Parameter objects."""
    parts: list[object] = []
    literal = ""
    index = 0
    while index < len(segment):
        char = segment[index]
        if char == "{":
            if segment.startswith("{{", index):
                literal += "{"
                index += 2
                continue
            end = index + 1
            inner = ""
            while True:
                if end >= len(segment):
                    raise RouteTemplateError(f"segment {segment!r} has an unclosed '{{'")
                if segment.startswith("}}", end):
                    inner += "}"
                    end += 2
                elif segment.startswith("{{", end):
                    inner += "{"
                    end += 2
                elif segment[end] == "}":
                    break
                else:
                    inner += segment[end]
                    end += 1
            if literal:
                parts.append(literal)
                literal = ""
            if parts and isinstance(parts[-1], _Parameter):
                raise RouteTemplateError(
                    f"segment {segment!r} has two parameters with no literal between them"
                )
            parts.append(_parse_parameter(inner))
            index = end + 1
        elif char == "}":
            if segment.startswith("}}", index):
                literal += "}"
                index += 2
                continue
            raise RouteTemplateError(f"segment {segment!r} has an unmatched '}}'")
        else:
            literal += char
            index += 1
    if literal:
        parts.append(literal)
    return parts


def _fold(text: str) -> str:
    """``text`` lower-cased character by character, so indexes into it are indexes into text."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    # A few characters lower to two ('İ'); keep those as they are so positions line up.
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


class _Segment:
    """One segment of a template: its parts, and how a request segment is matched against it."""

    __slots__ = ("folded", "kind", "parameter", "parts")

    def __init__(self, parts: list[object]) -> None:
        self.parts = tuple(parts)
        # Literals lower-cased once: matching compares them with the folded request segment.
        self.folded = tuple(_fold(part) if isinstance(part, str) else None for part in parts)
        self.parameter: Optional[_Parameter] = None
        if len(parts) > 1:
            self.kind = "complex"
        elif isinstance(parts[0], str):
            self.kind = "literal"
        else:
            assert isinstance(parts[0], _Parameter)
            self.parameter = parts[0]
            self.kind = "catch-all" if parts[0].catch_all else "parameter"

    @property
    def may_be_absent(self) -> bool:
        """Whether a request may stop before this segment (optional, defaulted, catch-all)."""
        parameter = self.parameter
        return parameter is not None and (parameter.optional or parameter.default is not None)

    def match_complex(self, segment: str, folded: str) -> Optional[list[tuple[_Parameter, str]]]:
        """The values of a segment with several parts, e.g. ``{name}.{ext}``, or None.

        As ASP.NET Core does, literals are found from the right, each at its last occurrence
        left of the previous one; the parameters take what lies between. Each literal is one
        search over a shrinking prefix, so the cost is linear in the segment's length whatever
        the template (a regular expression over the same template backtracks polynomially).
        When the template ends in ``.{optional?}`` and the full match fails, the segment is
        matched again without the optional part, unless it ends in the period.
        """
        last = len(self.parts) - 1
        found = self._match_from(segment, folded, last)
        if found is not None:
            return found
        final = self.parts[last]
        if isinstance(final, _Parameter) and final.optional:
            separator = self.folded[last - 1]
            assert separator is not None
            if folded.endswith(separator):
                return None
            return self._match_from(segment, folded, last - 2)
        return None

    def _match_from(
        self, segment: str, folded: str, rightmost: int
    ) -> Optional[list[tuple[_Parameter, str]]]:
        values: list[tuple[_Parameter, str]] = []
        end = len(segment)  # what is left of the segment to match is segment[:end]
        pending: Optional[_Parameter] = None
        for index in range(rightmost, -1, -1):
            part = self.parts[index]
            if isinstance(part, _Parameter):
                pending = part
                if index == 0:
                    if end == 0:
                        return None
                    values.append((part, segment[:end]))
                    end = 0
                continue
            literal = self.folded[index]
            assert literal is not None
            # A pending parameter needs at least one character after the literal.
            limit = end - 1 if pending is not None else end
            if limit <= 0:
                return None
            start = folded.rfind(literal, 0, limit)
            if start < 0:
                return None
            if index == rightmost and start + len(literal) != len(segment):
                return None
            if pending is not None:
                values.append((pending, segment[start + len(literal) : end]))
                pending = None
            end = start
        return values[::-1] if end == 0 else None  # in template order


class RouteTemplate:
    """A parsed route template that matches request paths and extracts route parameters.

    Matching costs time linear in the length of the path, whatever the template.
    Raises RouteTemplateError (a ValueError) when the template is malformed.
    """

    __slots__ = (
        "_fewest",
        "_literal",
        "_most",
        "_parameters",
        "_segments",
        "precedence",
        "template",
    )

    def __init__(self, template: str) -> None:
        self.template = template
        segments = [segment for segment in template.strip("/").split("/")]
        if segments == [""]:
            segments = []
        parsed: list[_Segment] = []
        parameters: list[_Parameter] = []
        names: set[str] = set()
        precedence: list[int] = []
        for position, segment in enumerate(segments):
            if not segment:
                raise RouteTemplateError(f"route {template!r} has an empty segment")
            parts = _parse_segment(segment)
            is_last = position == len(segments) - 1
            for index, part in enumerate(parts):
                if isinstance(part, str):
                    continue
                assert isinstance(part, _Parameter)
                if part.name.lower() in names:
                    raise RouteTemplateError(f"route {template!r} repeats parameter {part.name!r}")
                names.add(part.name.lower())
                if part.catch_all and not (is_last and len(parts) == 1):
                    raise RouteTemplateError(
                        f"catch-all parameter {part.name!r} must be the whole last segment"
                    )
                if part.optional and not part.catch_all and part is not parts[-1]:
                    raise RouteTemplateError(
                        f"optional parameter {part.name!r} must end its segment"
                    )
                if part.optional and index > 0 and parts[index - 1] != ".":
                    # As ASP.NET Core: in '{a}-{b?}' the '-' could not be left out with b.
                    raise RouteTemplateError(
                        f"optional parameter {part.name!r} in {segment!r} can only follow a period"
                    )
                parameters.append(part)
            parsed.append(_Segment(parts))
            precedence.append(_segment_rank(parts))
        self._segments = tuple(parsed)
        self._parameters = tuple(parameters)
        self.precedence = tuple(precedence)
        # How many path segments can match at all: a cheap first test for every request.
        fewest = len(parsed)
        while fewest and parsed[fewest - 1].may_be_absent:
            fewest -= 1
        self._fewest = fewest
        catch_all = bool(parsed) and parsed[-1].kind == "catch-all"
        self._most = None if catch_all else len(parsed)
        # A template of literals only (most routes) matches by one comparison.
        literal = all(spec.kind == "literal" for spec in parsed)
        self._literal = [spec.folded[0] for spec in parsed] if literal else None

    @property
    def parameter_names(self) -> tuple[str, ...]:
        """The names of the template's parameters, in order."""
        return tuple(parameter.name for parameter in self._parameters)

    def match(self, path: str) -> Optional[dict[str, str]]:
        """The route parameters when ``path`` (no query, no leading slash) matches, else None."""
        if not path:
            return self._match_segments([], [])
        return self._match_segments(path.split("/"), _fold(path).split("/"))

    def _match_segments(self, segments: list[str], folded: list[str]) -> Optional[dict[str, str]]:
        # ``folded`` is ``segments`` lower-cased (_fold keeps positions, so they line up).
        if self._literal is not None:
            return {} if folded == self._literal else None
        count = len(segments)
        if count < self._fewest or (self._most is not None and count > self._most):
            return None
        found: list[tuple[_Parameter, str]] = []
        template = self._segments
        for position, spec in enumerate(template):
            if position >= count:
                break  # the rest may be absent: _fewest said so
            segment = segments[position]
            if spec.kind == "literal":
                if folded[position] != spec.folded[0]:
                    return None
            elif spec.kind == "catch-all":
                assert spec.parameter is not None
                found.append((spec.parameter, "/".join(segments[position:])))
                break
            elif spec.kind == "parameter":
                assert spec.parameter is not None
                if segment:
                    found.append((spec.parameter, segment))
                elif not spec.may_be_absent:
                    return None
            else:
                values = spec.match_complex(segment, folded[position])
                if values is None:
                    return None
                found.extend(values)
        values_by_name: dict[str, str] = {}
        for parameter, raw in found:
            if raw == "":
                continue
            value = unquote(raw)
            for check in parameter.constraints:
                if not check(value):
                    return None
            values_by_name[parameter.name] = value
        for parameter in self._parameters:
            if parameter.default is not None and parameter.name not in values_by_name:
                values_by_name[parameter.name] = parameter.default
        return values_by_name

    def __repr__(self) -> str:
        return f"RouteTemplate({self.template!r})"


def _segment_rank(parts: list[object]) -> int:
    # Lower ranks are more specific, after ASP.NET Core's inbound precedence.
    if len(parts) > 1:
        return 2
    part = parts[0]
    if isinstance(part, str):
        return 1
    assert isinstance(part, _Parameter)
    if part.catch_all:
        return 5 if not part.constraints else 4
    return 3 if part.constraints else 4


class RouteMatch:
    """The outcome of routing one request: the function found and its route parameters.

    ``target`` is None when no route matched (404) or when routes matched the path but none
    allows the method (405); ``allowed`` then lists the methods that would have matched.
    """

    __slots__ = ("allowed", "params", "target")

    def __init__(
        self, target: Optional[object], params: dict[str, str], allowed: tuple[str, ...]
    ) -> None:
        self.target = target
        self.params = params
        self.allowed = allowed

    @property
    def status(self) -> int:
        """200 when a function was found, else 404 or 405."""
        if self.target is not None:
            return 200
        return 405 if self.allowed else 404


class Router:
    """Route (method, path) pairs to targets, most specific template first."""

    __slots__ = ("_literal", "_routes")

    def __init__(self) -> None:
        self._routes: list[tuple[RouteTemplate, Optional[tuple[str, ...]], object]] = []
        # Templates without parameters by their folded text, in precedence order: a path that
        # is one of them is found with one dict lookup instead of a scan of every template.
        self._literal: dict[str, list[tuple[Optional[tuple[str, ...]], object]]] = {}

    def add(
        self, template: RouteTemplate, methods: Optional[tuple[str, ...]], target: object
    ) -> None:
        """Add a route; ``methods`` None allows every method."""
        self._routes.append((template, methods, target))
        self._routes.sort(key=lambda route: route[0].precedence)
        literal: dict[str, list[tuple[Optional[tuple[str, ...]], object]]] = {}
        for route_template, route_methods, route_target in self._routes:
            segments = route_template._segments
            if all(segment.kind == "literal" for segment in segments):
                # Every template ranked before a literal one is literal too (a literal
                # segment ranks first), so the first literal match is the scan's first match.
                key = "/".join(segment.folded[0] or "" for segment in segments)
                literal.setdefault(key, []).append((route_methods, route_target))
        self._literal = literal

    def match(self, method: str, path: str) -> RouteMatch:
        """Find the target for a request; ``path`` is the URL path without the query."""
        path = path.strip("/")
        if self._literal:
            key = path.lower()
            if len(key) != len(path):
                key = _fold(path)
            candidates = self._literal.get(key)
            if candidates is not None:
                for methods, target in candidates:
                    if methods is None or method in methods:
                        return RouteMatch(target, {}, ())
        segments = path.split("/") if path else []
        folded = _fold(path).split("/") if path else []
        allowed: list[str] = []
        for template, methods, target in self._routes:
            params = template._match_segments(segments, folded)
            if params is None:
                continue
            if methods is None or method in methods:
                return RouteMatch(target, params, ())
            allowed.extend(item for item in methods if item not in allowed)
        return RouteMatch(None, {}, tuple(allowed))


__all__ = ["RouteMatch", "RouteTemplate", "RouteTemplateError", "Router", "make_constraint"]
