"""The single-instance socket's wire format: one JSON line each way. No Qt here.

A request is `{"v": 1, "command": "..."}` and fits in a few dozen bytes, so anything else
(too long, another version, bytes that are not UTF-8, nesting, another shape) is refused with a
short reason, never an exception: any local program of the same user can write to the socket.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

PROTOCOL_VERSION = 1
COMMANDS = ("activate", "check-selection", "check-clipboard", "show-last", "settings", "status", "quit")
#: Longest request line accepted, newline included; a real one is under 60 bytes.
MAX_REQUEST_BYTES = 1024


@dataclass(frozen=True)
class Request:
    """A parsed request: `command` when it is usable, else `error` says why not."""

    command: str = ""
    error: str = ""


def encode(message: dict[str, Any]) -> bytes:
    return (json.dumps(message, separators=(",", ":")) + "\n").encode("utf-8")


def parse_request(line: bytes) -> Request:
    """Read one request line (without its newline)."""
    if len(line) >= MAX_REQUEST_BYTES:
        return Request(error="request too long")
    try:
        message = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return Request(error="request is not UTF-8")
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError; nesting a RecursionError
        return Request(error="request is not JSON")
    if not isinstance(message, dict):
        return Request(error="request is not a JSON object")
    version = message.get("v")
    if type(version) is not int or version != PROTOCOL_VERSION:
        return Request(error=f"unsupported protocol version (this app speaks {PROTOCOL_VERSION})")
    command = message.get("command")
    if not isinstance(command, str) or command not in COMMANDS:
        shown = command[:40] if isinstance(command, str) else type(command).__name__
        return Request(error=f"unknown command {shown!r}")
    return Request(command=command)


def encode_reply(reply: Any) -> bytes:
    """The reply line; a handler's reply that cannot be written as JSON becomes an error."""
    try:
        return encode(reply if isinstance(reply, dict) else {"ok": False, "error": "no reply"})
    except (TypeError, ValueError):
        return encode({"ok": False, "error": "reply could not be encoded"})
