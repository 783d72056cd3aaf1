"""The single-instance wire format refuses every malformed request with a reason, never raises."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tap_assistant.gui.ipc_messages import COMMANDS, MAX_REQUEST_BYTES, encode, encode_reply, parse_request


def test_every_command_round_trips() -> None:
    for command in COMMANDS:
        line = encode({"v": 1, "command": command})
        assert line.endswith(b"\n") and len(line) < MAX_REQUEST_BYTES
        assert parse_request(line[:-1]).command == command


@pytest.mark.parametrize(
    "line, reason",
    [
        (b"x" * MAX_REQUEST_BYTES, "too long"),
        (b'{"v": 1, "command": "status", "pad": "' + b"x" * 5000 + b'"}', "too long"),
        (b'{"v": 2, "command": "status"}', "version"),
        (b'{"v": "1", "command": "status"}', "version"),
        (b'{"v": true, "command": "status"}', "version"),
        (b'{"v": 1.0, "command": "status"}', "version"),
        (b'{"command": "status"}', "version"),
        (b'{"v": 1, "command": "st\xff\xfeatus"}', "UTF-8"),
        (b"\xc3\x28\xa0\xa1", "UTF-8"),
        (b"[" * (MAX_REQUEST_BYTES - 1), "JSON"),  # as deep as fits in a request
        (b'{"a":' * 150 + b"1" + b"}" * 150, "version"),
        (b"[1, 2]", "object"),
        (b"null", "object"),
        (b"1" * 1000, "JSON"),  # past the integer digit limit
        (b"", "JSON"),
        (b"\x00\x01\x02", "JSON"),
        (b'{"v": 1, "command": ["status"]}', "unknown command"),
        (b'{"v": 1, "command": "format-disk"}', "unknown command"),
        (b'{"v": 1, "command": "status"', "JSON"),
    ],
)
def test_malformed_requests_are_refused_with_a_reason(line: bytes, reason: str) -> None:
    request = parse_request(line)
    assert not request.command and reason in request.error


def test_nesting_deeper_than_the_parser_can_take_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # Within the length limit nesting stays shallow; this proves a RecursionError is refused too.
    from tap_assistant.gui import ipc_messages

    monkeypatch.setattr(ipc_messages, "MAX_REQUEST_BYTES", 10**7)
    assert "JSON" in parse_request(b"[" * 200_000 + b"]" * 200_000).error


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2 * MAX_REQUEST_BYTES))
def test_any_bytes_are_answered_without_an_exception(line: bytes) -> None:
    request = parse_request(line)
    assert bool(request.command) != bool(request.error)


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20), lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=30))
def test_any_json_is_answered_without_an_exception(value: object) -> None:
    request = parse_request(json.dumps({"v": 1, "command": value}).encode())
    assert request.command == (value if value in COMMANDS else "")


def test_a_reply_that_is_not_json_becomes_an_error_reply() -> None:
    assert json.loads(encode_reply({"ok": True, "pid": object()})) == {"ok": False, "error": "reply could not be encoded"}
    assert json.loads(encode_reply(None)) == {"ok": False, "error": "no reply"}
