"""The single-instance server under hostile clients: it never raises, never blocks, never grows.

The server runs in this process on the real QLocalServer; the clients are plain AF_UNIX sockets,
as any local program of the same user could open. pytest-qt fails a test when a Qt slot raises,
so "never raises" is checked by every test here.
"""

from __future__ import annotations

import json
import socket
import sys
from typing import Any, Iterator

import psutil
import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix socket clients")

#: Short, so the slow-writer test does not wait long; nothing asserts on time.
DEADLINE_MS = 300


class Server:
    def __init__(self) -> None:
        from tap_assistant.gui.instance import InstanceServer

        self.commands: list[str] = []
        self.instance = InstanceServer(self._handle, request_deadline_ms=DEADLINE_MS)

    def _handle(self, command: str) -> dict[str, Any]:
        self.commands.append(command)
        return {"ok": True, "command": command}

    @property
    def name(self) -> str:
        return self.instance.name

    def live_sockets(self) -> int:
        """Connection objects still alive once Qt has deleted what was scheduled for deletion."""
        from PySide6.QtCore import QCoreApplication, QEvent
        from PySide6.QtNetwork import QLocalSocket

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return len(self.instance._server.findChildren(QLocalSocket))


@pytest.fixture
def server(qtbot) -> Iterator[Server]:  # noqa: ANN001 - pytest-qt fixture
    running = Server()
    assert running.instance.acquire()
    yield running
    running.instance.close()


def connect(path: str) -> socket.socket:
    """Connect without ever blocking this thread, which also runs the server."""
    from PySide6.QtCore import QCoreApplication

    while True:
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.setblocking(False)
        try:
            client.connect(path)
        except (BlockingIOError, InterruptedError):  # the listen backlog is full: let it accept
            client.close()
            QCoreApplication.processEvents()
            continue
        return client


def read_to_end(qtbot, client: socket.socket) -> bytes:  # noqa: ANN001
    """Everything the server writes until it closes the connection."""
    received = bytearray()

    def closed() -> bool:
        try:
            chunk = client.recv(65536)
        except BlockingIOError:
            return False
        except ConnectionResetError:
            return True
        received.extend(chunk)
        return not chunk

    qtbot.waitUntil(closed, timeout=20_000)
    client.close()
    return bytes(received)


def send(client: socket.socket, data: bytes) -> None:
    client.setblocking(True)
    client.sendall(data)
    client.setblocking(False)


def ask(qtbot, server: Server, data: bytes) -> dict[str, Any]:  # noqa: ANN001
    client = connect(server.name)
    send(client, data)
    reply = read_to_end(qtbot, client)
    return json.loads(reply.split(b"\n", 1)[0])


MALFORMED = {
    "oversized line": b'{"v":1,"command":"status","x":"' + b"x" * 200_000 + b'"}\n',
    "oversized, no newline": b"x" * 150_000,
    "wrong version": b'{"v":2,"command":"status"}\n',
    "version as text": b'{"v":"1","command":"status"}\n',
    "no version": b'{"command":"status"}\n',
    "invalid UTF-8": b'{"v":1,"command":"stat\xff\xfeus"}\n',
    "deep nesting": b"[" * 1000 + b"\n",
    "nested object": b'{"v":1,"command":{"command":{"command":"quit"}}}\n',
    "not an object": b'["status"]\n',
    "control bytes": b"\x00\x01\x02\x03\n",
    "unknown command": b'{"v":1,"command":"rm -rf"}\n',
    "empty line": b"\n",
}


@pytest.mark.parametrize("payload", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_request_gets_an_error_reply_and_nothing_runs(qtbot, server: Server, payload: bytes) -> None:
    reply = ask(qtbot, server, payload)
    assert reply["ok"] is False and reply["error"]
    assert server.commands == []
    qtbot.waitUntil(lambda: server.instance.pending_count == 0)
    assert server.live_sockets() == 0
    assert ask(qtbot, server, b'{"v":1,"command":"status"}\n') == {"ok": True, "command": "status"}


def test_a_request_in_many_small_pieces_is_still_answered(qtbot, server: Server) -> None:
    client = connect(server.name)
    for byte in b'{"v":1,"command":"status"}\n':
        send(client, bytes([byte]))
        qtbot.wait(1)  # let the server read each piece on its own
    assert json.loads(read_to_end(qtbot, client)) == {"ok": True, "command": "status"}


def test_a_slow_writer_blocks_no_one_and_is_dropped(qtbot, server: Server) -> None:
    slow = connect(server.name)
    send(slow, b'{"v":1,"comm')
    qtbot.waitUntil(lambda: server.instance.pending_count == 1)
    # Meanwhile other clients are answered at once.
    assert ask(qtbot, server, b'{"v":1,"command":"status"}\n')["ok"] is True
    assert server.instance.pending_count == 1
    # The slow one is cut off at its deadline and everything kept for it is freed.
    read_to_end(qtbot, slow)
    assert server.instance.pending_count == 0 and server.live_sockets() == 0
    assert server.commands == ["status"]


def test_too_many_waiting_connections_are_dropped_not_kept(qtbot, server: Server) -> None:
    from tap_assistant.gui.instance import MAX_PENDING_CONNECTIONS

    idle = [connect(server.name) for _ in range(MAX_PENDING_CONNECTIONS + 10)]
    qtbot.waitUntil(lambda: server.instance.pending_count == MAX_PENDING_CONNECTIONS)
    for client in idle:
        read_to_end(qtbot, client)  # the extra ones at once, the rest at their deadline
    assert server.instance.pending_count == 0 and server.live_sockets() == 0


def test_two_thousand_partial_messages_leave_nothing_behind(qtbot, server: Server) -> None:
    from PySide6.QtCore import QCoreApplication

    process = psutil.Process()
    ask(qtbot, server, b'{"v":1,"command":"status"}\n')  # warm up Qt's socket code
    before = process.memory_info().rss
    partial = b'{"v":1,"command":"' + b"s" * 60_000  # what grew the app by 120 MB: 60 KB each, no end
    for number in range(2000):
        client = connect(server.name)
        try:
            send(client, partial)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server already dropped it: fine
        client.close()
        if number % 10 == 0:
            QCoreApplication.processEvents()
    # Connections are accepted in order: once a later request is answered, all were seen.
    assert ask(qtbot, server, b'{"v":1,"command":"status"}\n')["ok"] is True
    qtbot.waitUntil(lambda: server.instance.pending_count == 0)
    assert server.live_sockets() == 0
    grown = process.memory_info().rss - before
    assert grown < 30 * 1024 * 1024, f"RSS grew by {grown / 2**20:.0f} MiB"
    assert server.commands == ["status", "status"]
