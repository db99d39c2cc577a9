"""Differential tests: the event and row types against the real ``azure-functions`` package.

One subprocess runs the real package (in its own virtual environment, see
``benchmarks/realenv.py``) over the cases below and prints what it saw as JSON; the same code
then runs here against this package and the two are compared. Skipped where the real
package's environment has not been made.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Where a class lives, as a path under the package: "" is the top level.
CLASSES = {
    "ServiceBusMessage": "servicebus",
    "ServiceBusMessageTopLevel": "",
    "EventHubEvent": "",
    "EventGridEvent": "",
    "EventGridOutputEvent": "",
    "CloudEvent": "",
    "Document": "",
    "DocumentList": "",
    "SqlRow": "",
    "SqlRowList": "",
    "MySqlRow": "",
    "MySqlRowList": "",
    "KafkaEvent": "",
    "WarmUpContext": "warmup",
}

T1, T2 = "2024-05-06T07:08:09+00:00", "2024-05-07T00:00:00+00:00"

# name, class, keyword arguments (datetimes as ISO text, timedeltas as seconds), then which
# attributes to read and which no-argument methods to call.
CASES: list[dict[str, Any]] = [
    {
        "name": "service bus message, every field",
        "class": "ServiceBusMessage",
        "kwargs": {
            "body": "payload",
            "message_id": "m1",
            "application_properties": {"a": 1},
            "user_properties": {"u": "2"},
            "content_type": "application/json",
            "correlation_id": "c1",
            "dead_letter_error_description": "d",
            "dead_letter_reason": "r",
            "dead_letter_source": "q",
            "delivery_count": 3,
            "enqueued_sequence_number": 4,
            "enqueued_time_utc": T1,
            "expires_at_utc": T2,
            "label": "lbl",
            "locked_until": T2,
            "lock_token": "tok",
            "partition_key": "pk",
            "reply_to": "rt",
            "reply_to_session_id": "rts",
            "scheduled_enqueue_time_utc": T1,
            "sequence_number": 5,
            "session_id": "s",
            "state": 1,
            "subject": "subj",
            "time_to_live": 60,
            "to": "to",
            "transaction_partition_key": "tpk",
        },
        "bytes_kwargs": ["body"],
        "read": [
            "message_id",
            "application_properties",
            "user_properties",
            "content_type",
            "correlation_id",
            "dead_letter_error_description",
            "dead_letter_reason",
            "dead_letter_source",
            "delivery_count",
            "enqueued_sequence_number",
            "enqueued_time_utc",
            "expires_at_utc",
            "expiration_time",
            "label",
            "locked_until",
            "lock_token",
            "partition_key",
            "reply_to",
            "reply_to_session_id",
            "scheduled_enqueue_time",
            "scheduled_enqueue_time_utc",
            "sequence_number",
            "session_id",
            "state",
            "subject",
            "time_to_live",
            "to",
            "transaction_partition_key",
        ],
        "call": ["get_body"],
    },
    {
        "name": "service bus output message",
        "class": "ServiceBusMessageTopLevel",
        "kwargs": {"body": "héllo", "content_type": "text/plain", "correlation_id": "c"},
        "read": [
            "message_id",
            "metadata",
            "content_type",
            "correlation_id",
            "application_properties",
        ],
        "call": ["get_body"],
    },
    {
        "name": "event hub event, every field",
        "class": "EventHubEvent",
        "kwargs": {
            "body": "x",
            "enqueued_time": T1,
            "partition_key": "pk",
            "sequence_number": 9,
            "offset": "1024",
            "iothub_metadata": {"connection-device-id": "d1"},
        },
        "bytes_kwargs": ["body"],
        "read": ["enqueued_time", "partition_key", "sequence_number", "offset", "iothub_metadata"],
        "call": ["get_body"],
    },
    {
        "name": "event hub event, defaults",
        "class": "EventHubEvent",
        "kwargs": {"body": ""},
        "bytes_kwargs": ["body"],
        "read": [
            "enqueued_time",
            "partition_key",
            "sequence_number",
            "offset",
            "iothub_metadata",
            "metadata",
        ],
        "call": ["get_body"],
    },
    {
        "name": "event grid event",
        "class": "EventGridEvent",
        "kwargs": {
            "id": "e1",
            "data": {"k": [1, None]},
            "topic": "t",
            "subject": "s",
            "event_type": "et",
            "event_time": T1,
            "data_version": "1",
        },
        "read": ["id", "topic", "subject", "event_type", "event_time", "data_version"],
        "call": ["get_json"],
    },
    {
        "name": "event grid output event",
        "class": "EventGridOutputEvent",
        "kwargs": {
            "id": "o1",
            "data": ["x"],
            "subject": "s",
            "event_type": "et",
            "event_time": None,
            "data_version": "2",
        },
        "read": ["id", "subject", "event_type", "event_time", "data_version"],
        "call": ["get_json"],
    },
    {
        "name": "cloud event with an extension",
        "class": "CloudEvent",
        "kwargs": {
            "id": "c1",
            "source": "/src",
            "type": "com.example",
            "specversion": "1.0",
            "data": {"n": 1},
            "time": T2,
            "subject": "sub",
            "datacontenttype": "application/json",
            "dataschema": "https://schema",
            "partitionkey": "p",
        },
        "read": [
            "id",
            "source",
            "type",
            "specversion",
            "time",
            "subject",
            "datacontenttype",
            "dataschema",
            "extension_attrs",
        ],
        "call": ["get_json"],
    },
    {
        "name": "kafka event, every field",
        "class": "KafkaEvent",
        "kwargs": {
            "body": "v",
            "key": "k",
            "offset": 7,
            "partition": 1,
            "topic": "orders",
            "timestamp": "2024-05-06T07:08:09.000Z",
            "headers": [{"Key": "h", "Value": "dg=="}],
        },
        "bytes_kwargs": ["body"],
        "read": ["key", "offset", "partition", "topic", "timestamp", "headers"],
        "call": ["get_body"],
    },
]

CASES.append(
    {
        "name": "kafka event, defaults",
        "class": "KafkaEvent",
        "kwargs": {"body": "v"},
        "bytes_kwargs": ["body"],
        "read": ["key", "offset", "partition", "topic", "timestamp", "headers", "metadata"],
        "call": ["get_body"],
    }
)

ROW_CASES = ["Document", "SqlRow", "MySqlRow"]
ROW_JSON = '{"id": "1", "n": 2.5, "tags": ["a"], "nested": {"ok": true, "none": null}}'

# Runs under both packages: `package` is the package's import name.
SCRIPT = r"""
import datetime, importlib, inspect, json, sys

def load(package, name, where):
    module = importlib.import_module(package + ("." + where if where else ""))
    # None when this release lacks the class (CloudEvent came in azure-functions 1.25).
    return getattr(
        module, "ServiceBusMessage" if name == "ServiceBusMessageTopLevel" else name, None
    )

def plain(value):
    if isinstance(value, (datetime.datetime, datetime.timedelta)):
        return ["time", str(value)]
    if isinstance(value, bytes):
        return ["bytes", value.decode("latin-1")]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value

def arguments(case):
    kwargs = dict(case["kwargs"])
    for key, value in kwargs.items():
        if isinstance(value, str) and value[:2] == "20" and "T" in value and value[-6] == "+":
            kwargs[key] = datetime.datetime.fromisoformat(value)
    if "time_to_live" in kwargs:
        kwargs["time_to_live"] = datetime.timedelta(seconds=kwargs["time_to_live"])
    for key in case.get("bytes_kwargs", []):
        kwargs[key] = kwargs[key].encode()
    return kwargs

def run(package, classes, cases, row_cases, row_json):
    result = {"surface": {}, "cases": {}, "rows": {}}
    for name, where in classes.items():
        cls = load(package, name, where)
        if cls is None:
            result["surface"][name] = None
            continue
        init = vars(cls).get("__init__") or cls.__init__
        try:
            parameters = [
                p.name for p in inspect.signature(init).parameters.values()
                if p.kind is p.KEYWORD_ONLY
            ]
        except (TypeError, ValueError):
            parameters = []
        result["surface"][name] = {
            "attributes": sorted(n for n in dir(cls) if not n.startswith("_")),
            "keywords": parameters,
        }
    for case in cases:
        cls = load(package, case["class"], classes[case["class"]])
        if cls is None:
            result["cases"][case["name"]] = None
            continue
        obj = cls(**arguments(case))
        seen = {n: plain(getattr(obj, n)) for n in case["read"]}
        # to_dict and to_json came in azure-functions 2; compared where the release has them.
        seen.update({n + "()": plain(getattr(obj, n)()) for n in case["call"]})
        if hasattr(obj, "to_dict"):
            skip = case.get("differs", [])
            pairs = (("to_dict()", obj.to_dict()), ("to_json()", json.loads(obj.to_json())))
            for key, fields in pairs:
                seen[key] = {k: v for k, v in plain(fields).items() if k not in skip}
        result["cases"][case["name"]] = seen
    for name in row_cases:
        row = load(package, name, "").from_json(row_json)
        listed = load(package, name + "List", "")([row])
        seen = {
            "dict": dict(row),
            "to_json": json.loads(row.to_json()),
            "list": [dict(item) for item in listed],
            "from_dict": dict(load(package, name, "").from_dict({"a": 1})),
        }
        if hasattr(row, "to_dict"):
            seen["row.to_dict"] = row.to_dict()
        if hasattr(listed, "to_dict"):
            seen["list.to_dict"] = listed.to_dict()
            seen["list.to_json"] = json.loads(listed.to_json())
        result["rows"][name] = seen
    return result
"""


def _run_here() -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(SCRIPT, namespace)
    result: dict[str, Any] = namespace["run"](
        "azure_functions_compat", CLASSES, CASES, ROW_CASES, ROW_JSON
    )
    # Through JSON, as the real side's result is, so both compare alike.
    return json.loads(json.dumps(result))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def real(real_python: Path) -> dict[str, Any]:
    python = real_python
    program = (
        SCRIPT
        + "\nimport json, sys\n"
        + "args = json.loads(sys.stdin.read())\n"
        + "print(json.dumps(run('azure.functions', *args)))\n"
    )
    completed = subprocess.run(
        [str(python), "-c", program],
        input=json.dumps([CLASSES, CASES, ROW_CASES, ROW_JSON]),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(completed.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def ours() -> dict[str, Any]:
    return _run_here()


def _real_surface(real: dict[str, Any], name: str) -> dict[str, Any]:
    surface: dict[str, Any] = real["surface"][name]
    if surface is None:
        pytest.skip(f"this release of azure-functions has no {name}")
    return surface


@pytest.mark.parametrize("name", list(CLASSES))
def test_every_public_attribute_of_the_real_class_exists_here(
    name: str, real: dict[str, Any], ours: dict[str, Any]
) -> None:
    real_attributes = set(_real_surface(real, name)["attributes"])
    assert not real_attributes - set(ours["surface"][name]["attributes"])


@pytest.mark.parametrize("name", list(CLASSES))
def test_every_keyword_of_the_real_constructor_is_accepted_here(
    name: str, real: dict[str, Any], ours: dict[str, Any]
) -> None:
    real_keywords = set(_real_surface(real, name)["keywords"])
    assert not real_keywords - set(ours["surface"][name]["keywords"])


@pytest.mark.parametrize("case", [case["name"] for case in CASES])
def test_the_same_arguments_read_back_the_same(
    case: str, real: dict[str, Any], ours: dict[str, Any]
) -> None:
    expected = real["cases"][case]
    if expected is None:
        pytest.skip("this release of azure-functions lacks the class")
    # Ours has to_dict()/to_json() even where the real release does not: compare what both have.
    assert {key: ours["cases"][case][key] for key in expected} == expected


@pytest.mark.parametrize("name", ROW_CASES)
def test_rows_read_and_write_the_same_json(
    name: str, real: dict[str, Any], ours: dict[str, Any]
) -> None:
    expected = real["rows"][name]
    assert {key: ours["rows"][name][key] for key in expected} == expected
