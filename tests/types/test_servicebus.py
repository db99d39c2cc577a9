from __future__ import annotations

import json
import pickle
import re
import weakref
from datetime import datetime, timedelta, timezone
from typing import Any, Optional

import pytest

import azure_functions_compat as func
from azure_functions_compat.servicebus import ServiceBusMessage

WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)

STR_PROPERTIES = [
    "content_type",
    "correlation_id",
    "dead_letter_error_description",
    "dead_letter_reason",
    "dead_letter_source",
    "lock_token",
    "partition_key",
    "reply_to",
    "reply_to_session_id",
    "session_id",
    "to",
    "transaction_partition_key",
]
INT_PROPERTIES = ["delivery_count", "enqueued_sequence_number", "sequence_number"]
TIME_PROPERTIES = [
    "enqueued_time_utc",
    "expires_at_utc",
    "locked_until",
    "scheduled_enqueue_time_utc",
]


def test_it_is_the_top_level_and_the_submodule_name() -> None:
    assert func.ServiceBusMessage is ServiceBusMessage


def test_every_argument_is_optional() -> None:
    message = ServiceBusMessage()
    assert message.get_body() == b""
    for name in STR_PROPERTIES + INT_PROPERTIES + TIME_PROPERTIES:
        assert getattr(message, name) is None, name
    assert message.label is message.subject is None
    assert message.time_to_live is None
    assert message.state is None
    assert message.expiration_time is None
    assert message.scheduled_enqueue_time is None
    assert message.force_persistence is None


def test_the_property_dicts_default_to_fresh_empty_dicts() -> None:
    first, second = ServiceBusMessage(), ServiceBusMessage()
    assert first.application_properties == first.user_properties == {}
    assert first.metadata is None  # as in azure.functions
    first.application_properties["x"] = 1
    assert second.application_properties == {}


def test_message_id_defaults_to_empty_as_in_azure_functions() -> None:
    assert ServiceBusMessage().message_id == ""


def test_a_given_message_id_is_kept_even_when_empty() -> None:
    assert ServiceBusMessage(message_id="m-1").message_id == "m-1"
    assert ServiceBusMessage(message_id="").message_id == ""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("héllo", "héllo".encode()),
        (b"\x00\xff", b"\x00\xff"),
        (bytearray(b"abc"), b"abc"),
        (None, b""),
    ],
)
def test_get_body_always_returns_bytes(body: Any, expected: bytes) -> None:
    result = ServiceBusMessage(body=body).get_body()
    assert type(result) is bytes
    assert result == expected


def test_the_output_example_builds_a_message_with_a_str_body() -> None:
    message = func.ServiceBusMessage(
        body='{"id": 1}', content_type="application/json", correlation_id="c"
    )
    assert message.get_body() == b'{"id": 1}'
    assert (message.content_type, message.correlation_id) == ("application/json", "c")


def test_every_property_reads_back_what_was_given() -> None:
    strings = {name: f"{name}-value" for name in STR_PROPERTIES}
    ints = {name: number for number, name in enumerate(INT_PROPERTIES, start=1)}
    times = {name: WHEN + timedelta(hours=hours) for hours, name in enumerate(TIME_PROPERTIES)}
    message = ServiceBusMessage(
        body=b"b",
        message_id="id",
        label="a label",
        subject="a subject",
        state=1,
        time_to_live=timedelta(minutes=5),
        application_properties={"app": 1},
        user_properties={"user": 2},
        trigger_metadata={"MessageId": "id"},
        **strings,
        **ints,
        **times,
    )
    for name, value in {**strings, **ints, **times}.items():
        assert getattr(message, name) == value, name
    assert (message.label, message.subject) == ("a label", "a subject")
    assert message.state == 1
    assert message.time_to_live == timedelta(minutes=5)
    assert message.application_properties == {"app": 1}
    assert message.user_properties == {"user": 2}
    assert message.metadata == {"MessageId": "id"}


def test_expiration_time_is_another_name_for_expires_at_utc() -> None:
    assert ServiceBusMessage(expires_at_utc=WHEN).expiration_time == WHEN


def test_scheduled_enqueue_time_is_another_name_for_the_utc_one() -> None:
    message = ServiceBusMessage(scheduled_enqueue_time_utc=WHEN)
    assert message.scheduled_enqueue_time == WHEN


@pytest.mark.parametrize(
    ("given", "other"),
    [("application_properties", "user_properties"), ("user_properties", "application_properties")],
)
def test_one_property_dict_given_alone_fills_the_other(given: str, other: str) -> None:
    message = ServiceBusMessage(**{given: {"k": "v"}})
    assert getattr(message, other) == {"k": "v"}
    # Copies, not one shared dict: the host fills in two dicts too.
    assert getattr(message, other) is not getattr(message, given)


@pytest.mark.parametrize(("given", "other"), [("label", "subject"), ("subject", "label")])
def test_label_given_alone_fills_subject_and_back(given: str, other: str) -> None:
    assert getattr(ServiceBusMessage(**{given: "orders"}), other) == "orders"


def test_the_given_dicts_are_copied() -> None:
    properties = {"k": 1}
    message = ServiceBusMessage(application_properties=properties)
    properties["k"] = 2
    assert message.application_properties == {"k": 1}


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"body": 1}, TypeError, "body must be str, bytes, bytearray or None, got 1 (int)"),
        ({"body": "\ud800"}, ValueError, "body cannot be encoded as utf-8"),
        ({"message_id": 5}, TypeError, "message_id must be a str or None, got 5 (int)"),
        ({"content_type": b"x"}, TypeError, "content_type must be a str or None"),
        ({"label": 1}, TypeError, "label must be a str or None"),
        ({"subject": 1}, TypeError, "subject must be a str or None"),
        ({"session_id": []}, TypeError, "session_id must be a str or None"),
        ({"delivery_count": "1"}, TypeError, "delivery_count must be an int or None"),
        ({"delivery_count": True}, TypeError, "delivery_count must be an int or None"),
        ({"delivery_count": -1}, ValueError, "delivery_count must be an int of at least 0"),
        ({"sequence_number": 1.0}, TypeError, "sequence_number must be an int or None"),
        ({"sequence_number": -5}, ValueError, "sequence_number must be an int of at least 0"),
        ({"state": 3}, ValueError, "state must be an int from 0 to 2, got 3 (int)"),
        ({"state": "active"}, TypeError, "state must be an int or None"),
        (
            {"enqueued_time_utc": "2024-01-01"},
            TypeError,
            "enqueued_time_utc must be a datetime.datetime or None",
        ),
        ({"locked_until": 0}, TypeError, "locked_until must be a datetime.datetime or None"),
        ({"time_to_live": 60}, TypeError, "time_to_live must be a datetime.timedelta or None"),
        (
            {"time_to_live": timedelta(seconds=-1)},
            ValueError,
            "time_to_live must be a timedelta that is not negative",
        ),
        (
            {"application_properties": [("a", 1)]},
            TypeError,
            "application_properties must be a mapping with str keys, or None",
        ),
        ({"user_properties": {1: "a"}}, TypeError, "user_properties key must be a str"),
        ({"trigger_metadata": "x"}, TypeError, "trigger_metadata must be a mapping"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match="^ServiceBusMessage: " + re.escape(message)):
        ServiceBusMessage(**arguments)


def test_arguments_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        ServiceBusMessage(b"body")  # type: ignore[call-arg]


def test_repr_names_the_id_and_the_body_size() -> None:
    message = ServiceBusMessage(body=b"abc", message_id="m1")
    assert repr(message) == "<ServiceBusMessage message_id='m1' body=3 bytes>"


def test_to_dict_gives_every_field_in_json_safe_form() -> None:
    message = ServiceBusMessage(
        body=b'{"n": 1}',
        message_id="m",
        enqueued_time_utc=WHEN,
        time_to_live=timedelta(minutes=1, seconds=5),
        application_properties={"when": WHEN, "raw": b"\xff"},
        trigger_metadata={"not": "shown"},
    )
    fields = message.to_dict()
    assert fields["body"] == '{"n": 1}'
    assert fields["enqueued_time_utc"] == "2024-05-06T07:08:09+00:00"
    assert fields["time_to_live"] == "0:01:05"
    assert fields["application_properties"] == {
        "when": "2024-05-06T07:08:09+00:00",
        "raw": {"__encoding": "base64", "value": "/w=="},
    }
    assert fields["user_properties"] == fields["application_properties"]
    assert "metadata" not in fields
    assert list(fields) == [
        "body",
        "application_properties",
        "content_type",
        "correlation_id",
        "dead_letter_error_description",
        "dead_letter_reason",
        "dead_letter_source",
        "delivery_count",
        "enqueued_sequence_number",
        "enqueued_time_utc",
        "expires_at_utc",
        "label",
        "locked_until",
        "lock_token",
        "message_id",
        "partition_key",
        "reply_to",
        "reply_to_session_id",
        "scheduled_enqueue_time_utc",
        "sequence_number",
        "session_id",
        "state",
        "subject",
        "time_to_live",
        "to",
        "transaction_partition_key",
        "user_properties",
    ]


def test_a_body_that_is_not_utf8_is_given_as_base64() -> None:
    assert ServiceBusMessage(body=b"\xff\x00").to_dict()["body"] == {
        "__encoding": "base64",
        "value": "/wA=",
    }


def test_to_json_is_the_dict_as_json_text() -> None:
    message = ServiceBusMessage(body="hi", message_id="m")
    assert json.loads(message.to_json()) == message.to_dict()


@pytest.mark.parametrize(
    ("properties", "error", "message"),
    [
        ({"s": {1}}, TypeError, "every value must be JSON serializable"),
        ({"f": float("inf")}, ValueError, "cannot be written as JSON"),
    ],
)
def test_to_json_refuses_properties_json_cannot_hold(
    properties: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match="^ServiceBusMessage: " + message):
        ServiceBusMessage(application_properties=properties).to_json()


class FakeServiceBusMessage(func.ServiceBusMessage):
    """The way tests written for the real package fake a message: no super().__init__()."""

    def __init__(self, body: bytes, session: Optional[str] = None) -> None:
        self.body = body
        self.session = session

    def get_body(self) -> bytes:
        return self.body

    @property
    def session_id(self) -> Optional[str]:
        return self.session


def test_a_subclass_that_skips_init_overrides_what_it_defines() -> None:
    fake = FakeServiceBusMessage(b"payload", session="s1")
    assert fake.get_body() == b"payload"
    assert fake.session_id == "s1"


def test_a_subclass_that_skips_init_reads_defaults_for_the_rest() -> None:
    fake = FakeServiceBusMessage(b"payload")
    assert fake.message_id == ""
    assert fake.application_properties == fake.user_properties == {}
    assert fake.metadata is None
    assert fake.delivery_count is None
    assert fake.enqueued_time_utc is None
    assert "payload" not in repr(fake)


def test_a_subclass_still_raises_attribute_error_for_unknown_names() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = FakeServiceBusMessage(b"").nope  # type: ignore[attr-defined]


def test_a_subclass_calling_super_init_gets_the_arguments() -> None:
    class Tagged(ServiceBusMessage):
        def __init__(self, tag: str) -> None:
            super().__init__(body=tag, message_id=tag)

    tagged = Tagged("t")
    assert (tagged.message_id, tagged.get_body()) == ("t", b"t")


def test_properties_are_read_only() -> None:
    with pytest.raises(AttributeError):
        ServiceBusMessage().message_id = "x"  # type: ignore[misc,unused-ignore]


def test_a_message_takes_no_per_instance_dict_and_can_be_weakly_referenced() -> None:
    message = ServiceBusMessage()
    assert not hasattr(message, "__dict__")
    assert weakref.ref(message)() is message


def test_a_message_survives_pickling() -> None:
    message = ServiceBusMessage(body=b"x", message_id="m", time_to_live=timedelta(seconds=1))
    copy = pickle.loads(pickle.dumps(message))
    assert (copy.get_body(), copy.message_id, copy.time_to_live) == (
        b"x",
        "m",
        timedelta(seconds=1),
    )
