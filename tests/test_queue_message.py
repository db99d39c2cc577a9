from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

import azure_functions_compat as func


def test_the_seed_example_builds_a_message_from_bytes() -> None:
    message = func.QueueMessage(body=b"test")
    assert message.get_body() == b"test"
    assert f"msg body: {message.get_body().decode()}" == "msg body: test"


def test_every_argument_is_optional() -> None:
    message = func.QueueMessage()
    assert message.get_body() == b""
    assert message.id is None
    assert message.pop_receipt is None
    assert message.dequeue_count is None
    assert message.expiration_time is None
    assert message.insertion_time is None
    assert message.time_next_visible is None


def test_a_str_body_is_stored_as_utf8() -> None:
    assert func.QueueMessage(body="é").get_body() == "é".encode()


def test_metadata_is_kept() -> None:
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    message = func.QueueMessage(
        id="m1",
        body=b"x",
        pop_receipt="r",
        dequeue_count=2,
        expiration_time=when,
        insertion_time=when,
        time_next_visible=when,
    )
    assert (message.id, message.pop_receipt, message.dequeue_count) == ("m1", "r", 2)
    assert message.expiration_time == message.insertion_time == message.time_next_visible == when


def test_get_json_decodes_the_body() -> None:
    assert func.QueueMessage(body='{"id": 7}').get_json() == {"id": 7}


@pytest.mark.parametrize("body", [None, b"", b"{", b"\xff"])
def test_get_json_raises_value_error(body: object) -> None:
    with pytest.raises(json.JSONDecodeError, match=r"QueueMessage\.get_json"):
        func.QueueMessage(body=body).get_json()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"body": 1}, TypeError, "body must be str, bytes, bytearray or None"),
        ({"body": {"a": 1}}, TypeError, "body must be str"),
        ({"body": "\udc80"}, ValueError, "body cannot be encoded as utf-8"),
        ({"id": 5}, TypeError, "id must be a str or None"),
        ({"pop_receipt": b"r"}, TypeError, "pop_receipt must be a str or None"),
        ({"dequeue_count": "1"}, TypeError, "dequeue_count must be an int or None"),
        ({"dequeue_count": True}, TypeError, "dequeue_count must be an int or None"),
        ({"dequeue_count": -1}, ValueError, "dequeue_count must be an int of at least 0"),
        ({"expiration_time": "2024-01-01"}, TypeError, "expiration_time must be a datetime"),
        ({"insertion_time": 0}, TypeError, "insertion_time must be a datetime"),
        ({"time_next_visible": 1.0}, TypeError, "time_next_visible must be a datetime"),
    ],
)
def test_bad_arguments_are_refused(
    arguments: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=f"QueueMessage: {message}"):
        func.QueueMessage(**arguments)  # type: ignore[arg-type]


def test_arguments_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        func.QueueMessage("id")  # type: ignore[misc]


def test_to_dict_gives_json_safe_fields() -> None:
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    message = func.QueueMessage(id="m", body=b"\xff\x00", dequeue_count=2, insertion_time=when)
    assert message.to_dict() == {
        "id": "m",
        "body": {"__encoding": "base64", "value": "/wA="},
        "pop_receipt": None,
        "dequeue_count": 2,
        "expiration_time": None,
        "insertion_time": "2024-01-02T03:04:05+00:00",
        "time_next_visible": None,
    }
    assert json.loads(func.QueueMessage(body="hi").to_json())["body"] == "hi"
