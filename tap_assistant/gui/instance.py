"""One app per user session: the first start listens on a local socket, later starts forward.

Protocol: the client writes one JSON line {"v": 1, "command": "..."} and reads one JSON line
back (the wire format and its limits: ipc_messages.py). Commands: activate, check-selection, check-clipboard, show-last, settings, status, quit.
`status` returns only verdicts, counts, rule ids and flags, never draft text.
On Unix the server name is a socket path inside a private runtime folder (verified to be ours
and 0700, see runtime_folder.py); on Windows a per-user named pipe. A QLockFile next to it
decides who is primary, so two starts at the same moment cannot both listen.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable

import platformdirs

from tap_assistant import APP_NAME
from tap_assistant.gui.ipc_messages import (
    MAX_REQUEST_BYTES,
    PROTOCOL_VERSION,
    encode,
    encode_reply,
    parse_request,
)
from tap_assistant.gui.runtime_folder import runtime_dir

log = logging.getLogger(__name__)

#: Connections waiting for their request at one time; more are dropped at once.
MAX_PENDING_CONNECTIONS = 16
#: A connection must send its whole request line within this time (a real client writes at once).
REQUEST_DEADLINE_MS = 2000


def _identity() -> str:
    # Per user, and per configuration directory so isolated test sessions do not collide.
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    config_dir = platformdirs.user_config_dir(APP_NAME, appauthor=False)
    return hashlib.sha256(f"{user}\0{config_dir}".encode()).hexdigest()[:16]


def server_name() -> str:
    """The QLocalServer name: a full socket path on Unix, a pipe name on Windows."""
    ident = _identity()
    if sys.platform == "win32":
        return f"{APP_NAME}-{ident}"
    return str(runtime_dir() / f"ipc-{ident}")  # runtime_dir() leaves room for this name


def lock_path() -> Path:
    return runtime_dir() / f"instance-{_identity()}.lock"


def send_command(command: str, timeout_ms: int = 3000, name: str | None = None) -> dict[str, Any] | None:
    """Send a command to the running app; None when no app is listening. Imports QtNetwork only."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(timeout_ms):
        return None
    socket.write(encode({"v": PROTOCOL_VERSION, "command": command}))
    socket.flush()
    buffer = b""
    while b"\n" not in buffer:
        ready = socket.bytesAvailable() > 0 or socket.waitForReadyRead(timeout_ms)
        buffer += bytes(socket.readAll().data())  # also what arrived together with the disconnect
        if not ready:
            break
    socket.disconnectFromServer()
    try:
        return json.loads(buffer.split(b"\n", 1)[0] or b"{}")
    except json.JSONDecodeError:
        return {"ok": False, "error": "unreadable reply"}


class InstanceServer:
    """Owns the lock and the listening socket of the primary instance (GUI thread).

    Whoever connects is treated as untrusted: each connection may hold at most one request
    line (MAX_REQUEST_BYTES, also the size of Qt's read buffer for it), must send it within the
    deadline, and is dropped and freed on a bad request, a timeout or a disconnect; at most
    MAX_PENDING_CONNECTIONS wait at once.
    """

    def __init__(
        self,
        handler: Callable[[str], dict[str, Any]],
        *,
        request_deadline_ms: int = REQUEST_DEADLINE_MS,
        max_pending: int = MAX_PENDING_CONNECTIONS,
    ) -> None:
        from PySide6.QtCore import QLockFile, QTimer
        from PySide6.QtNetwork import QLocalServer

        self._handler = handler
        self._deadline_ms = request_deadline_ms
        self._max_pending = max_pending
        self.name = server_name()
        self._lock = QLockFile(str(lock_path()))
        self._lock.setStaleLockTime(0)  # stale only when the owning process is gone
        self._server = QLocalServer()
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        #: Connections still waiting for their request line -> what arrived so far.
        self._pending: dict[Any, bytearray] = {}
        #: ... and when each is given up (time.monotonic()).
        self._deadlines: dict[Any, float] = {}
        # One timer for all connections, running only while some wait.
        self._sweeper = QTimer()
        self._sweeper.setInterval(max(20, request_deadline_ms // 4))
        self._sweeper.timeout.connect(self._drop_late)

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def acquire(self) -> bool:
        """Become the primary instance; False when another one holds the lock."""
        from PySide6.QtNetwork import QLocalServer

        if not self._lock.tryLock(200):
            return False
        QLocalServer.removeServer(self.name)  # a crashed predecessor's socket file
        if not self._server.listen(self.name):
            log.warning("instance server could not listen: %s", self._server.errorString())
            self._lock.unlock()
            return False
        if sys.platform != "win32":
            try:
                os.chmod(self.name, 0o600)
            except OSError:
                pass
        log.info("instance server listening")
        return True

    def close(self) -> None:
        self._server.close()
        for socket in list(self._pending):
            self._drop(socket)
        self._lock.unlock()

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is None:
                break
            if len(self._pending) >= self._max_pending:
                log.warning("instance server: too many waiting connections; dropping one")
                socket.abort()
                socket.deleteLater()
                continue
            self._pending[socket] = bytearray()
            socket.setReadBufferSize(MAX_REQUEST_BYTES)  # Qt buffers no more than one request
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))
            self._deadlines[socket] = time.monotonic() + self._deadline_ms / 1000
            if not self._sweeper.isActive():
                self._sweeper.start()
            if socket.bytesAvailable():
                self._on_ready_read(socket)

    def _stop_waiting(self, socket: Any) -> None:
        self._pending.pop(socket, None)
        self._deadlines.pop(socket, None)
        if not self._pending and self._sweeper.isActive():
            self._sweeper.stop()

    def _forget(self, socket: Any) -> None:
        """Free everything kept for a connection (safe to call more than once)."""
        self._stop_waiting(socket)
        socket.deleteLater()

    def _drop(self, socket: Any) -> None:
        self._stop_waiting(socket)
        socket.abort()
        self._forget(socket)

    def _drop_late(self) -> None:
        now = time.monotonic()
        for socket, deadline in list(self._deadlines.items()):
            if now >= deadline and socket in self._pending:
                log.info("instance server: a connection sent no complete request in time; dropped")
                self._drop(socket)

    def _on_ready_read(self, socket: Any) -> None:
        buffer = self._pending.get(socket)
        if buffer is None:  # answered or dropped already: whatever else arrives is discarded
            socket.readAll()
            return
        buffer += bytes(socket.read(MAX_REQUEST_BYTES - len(buffer) + 1).data())
        newline = buffer.find(b"\n")
        if newline == -1 and len(buffer) < MAX_REQUEST_BYTES:
            return  # the rest of the line may still come, before the deadline
        line = bytes(buffer[:newline]) if newline != -1 else bytes(buffer)
        self._stop_waiting(socket)
        request = parse_request(line)
        if request.error:
            log.info("instance server: refused a request (%s)", request.error)
            reply: dict[str, Any] = {"ok": False, "error": request.error}
        else:
            try:
                reply = self._handler(request.command)
            except Exception as error:  # noqa: BLE001 - a bad request must not kill the app
                log.exception("command %s failed", request.command)
                reply = {"ok": False, "error": type(error).__name__}
        socket.write(encode_reply(reply))
        socket.flush()
        socket.disconnectFromServer()
