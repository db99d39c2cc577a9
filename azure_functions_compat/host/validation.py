"""Checks of each binding's required settings when an app loads, keyed by binding type.

The Functions host refuses, at start, a queue trigger without a queue name or a blob path
that names no blob; so do we, with one line naming the file and the field. The rules for the
built-in types live here; a converter registered for any type may add its own through a
``validate(binding)`` method, which raises :class:`InvalidBinding` (or ValueError) for a
binding it cannot serve. A converter without that method accepts every binding.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from .._validation import short_repr
from .errors import AppLoadError
from .metadata import BindingMetadata


class InvalidBinding(ValueError):
    """A binding setting is missing or invalid: ``field`` names it, ``problem`` says why.

    Raise it from a converter's ``validate(binding)`` hook; the app then fails to load with
    ``<file>: bindings[<i>].<field> <problem>``.
    """

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field} {problem}")
        self.field = field
        self.problem = problem


# Azure Storage names: 3 to 63 lower-case letters, digits and single hyphens, starting and
# ending with a letter or digit. Queue names are lower-cased by the host before the check.
_STORAGE_NAME = re.compile(r"[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}")
_SPECIAL_CONTAINERS = frozenset({"$root", "$web", "$logs"})
# A timer schedule is an NCRONTAB expression (five or six fields) or a TimeSpan such as
# ``00:05:00`` or ``1.00:00:00``.
_TIMESPAN = re.compile(r"(?:\d+\.)?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")


def _has_expression(text: str) -> bool:
    # %Setting% and {name} are resolved later (at start or per invocation): check after.
    return "%" in text or "{" in text


def _required_str(binding: BindingMetadata, field: str, what: str) -> str:
    value = binding.get(field)
    if value is None:
        raise InvalidBinding(field, f"is missing (a {binding.type} binding needs {what})")
    if not isinstance(value, str) or not value.strip():
        raise InvalidBinding(
            field, f"must be a non-empty string ({what}), got {short_repr(value)}"
        )
    return value


def _check_queue(binding: BindingMetadata) -> None:
    name = _required_str(binding, "queueName", "the name of its queue")
    if _has_expression(name):
        return
    if _STORAGE_NAME.fullmatch(name.lower()) is None:
        raise InvalidBinding(
            "queueName",
            f"must be a valid queue name (3 to 63 letters, digits and single hyphens, "
            f"starting and ending with a letter or digit), got {name!r}",
        )


def _check_blob(binding: BindingMetadata) -> None:
    path = _required_str(binding, "path", "the blob's path, container/blob")
    container, slash, blob = path.lstrip("/").partition("/")
    # A blob input's path may name a whole container, for a ContainerClient of the blob SDK
    # types: the parameter's annotation decides (see blob_clients.load_problem).
    whole_container = binding.type.lower() == "blob" and binding.direction != "out"
    if not container or (not (slash and blob) and not whole_container):
        raise InvalidBinding(
            "path", f"must be a blob path in the form container/blob, got {path!r}"
        )
    if _has_expression(container) or container in _SPECIAL_CONTAINERS:
        return
    if _STORAGE_NAME.fullmatch(container) is None:
        raise InvalidBinding(
            "path",
            f"must start with a valid container name (3 to 63 lower-case letters, digits "
            f"and single hyphens), got {container!r} in {path!r}",
        )


def _check_timer(binding: BindingMetadata) -> None:
    schedule = _required_str(binding, "schedule", "an NCRONTAB expression or a TimeSpan")
    if _has_expression(schedule):
        return
    fields = schedule.split()
    if len(fields) in (5, 6) or _TIMESPAN.fullmatch(schedule.strip()) is not None:
        return
    raise InvalidBinding(
        "schedule",
        "must be an NCRONTAB expression of six fields (such as '0 */5 * * * *') or a "
        f"TimeSpan (such as '00:05:00'), got {schedule!r}",
    )


def _check_http_trigger(binding: BindingMetadata) -> None:
    # Route, methods and authLevel are read (and checked) with the function's metadata.
    return None


_RULES: dict[str, Callable[[BindingMetadata], None]] = {
    "queuetrigger": _check_queue,
    "queue": _check_queue,
    "blobtrigger": _check_blob,
    "blob": _check_blob,
    "timertrigger": _check_timer,
    "httptrigger": _check_http_trigger,
}


def rule_for(binding_type: str) -> Optional[Callable[[BindingMetadata], None]]:
    """The built-in check for bindings of ``binding_type`` (case-insensitive), or None."""
    return _RULES.get(binding_type.lower())


def validate_binding(source: str, index: int, binding: BindingMetadata) -> None:
    """Check one binding's settings: the built-in rule, then its converter's ``validate``.

    Raises AppLoadError ``<source>: bindings[<index>].<field> <problem>``.
    """
    from .converters import get_converter

    checks: list[Callable[[BindingMetadata], None]] = []
    rule = rule_for(binding.type)
    if rule is not None:
        checks.append(rule)
    hook = getattr(get_converter(binding.type), "validate", None)
    if callable(hook):
        checks.append(hook)
    for check in checks:
        try:
            check(binding)
        except InvalidBinding as exc:
            raise AppLoadError(f"{source}: bindings[{index}].{exc.field} {exc.problem}") from None
        except AppLoadError:
            raise
        except (TypeError, ValueError) as exc:
            raise AppLoadError(
                f"{source}: bindings[{index}] ({binding.type} {binding.name!r}): {exc}"
            ) from None


__all__ = ["InvalidBinding", "rule_for", "validate_binding"]
