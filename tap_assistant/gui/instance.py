"""One app per user session: the first start listens on a local socket, later starts forward.

Protocol: the client writes one JSON line {"v": 1, "command": "..."} and reads one JSON line
back. Commands: activate, check-selection, check-clipboard, show-last, settings, status, quit.
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
from pathlib import Path
from typing import Any, Callable

import platformdirs

from tap_assistant import APP_NAME
from tap_assistant.gui.runtime_folder import runtime_dir

log = logging.getLogger(__name__)

PROTOCOL_VERSION = 1
COMMANDS = ("activate", "check-selection", "check-clipboard", "show-last", "settings", "status", "quit")


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


def encode(message: dict[str, Any]) -> bytes:
    return (json.dumps(message, separators=(",", ":")) + "\n").encode("utf-8")


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
    """Owns the lock and the listening socket of the primary instance (GUI thread)."""

    def __init__(self, handler: Callable[[str], dict[str, Any]]) -> None:
        from PySide6.QtCore import QLockFile
        from PySide6.QtNetwork import QLocalServer

        self._handler = handler
        self.name = server_name()
        self._lock = QLockFile(str(lock_path()))
        self._lock.setStaleLockTime(0)  # stale only when the owning process is gone
        self._server = QLocalServer()
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        self._buffers: dict[int, bytes] = {}

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
        self._lock.unlock()

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._on_ready_read(socket)

    def _on_ready_read(self, socket: Any) -> None:
        key = id(socket)
        self._buffers[key] = self._buffers.get(key, b"") + bytes(socket.readAll().data())
        if b"\n" not in self._buffers[key]:
            if len(self._buffers[key]) > 65536:
                self._buffers.pop(key, None)
                socket.abort()
            return
        line = self._buffers.pop(key).split(b"\n", 1)[0]
        try:
            message = json.loads(line)
            command = str(message.get("command", ""))
        except (json.JSONDecodeError, AttributeError):
            command = ""
        if command not in COMMANDS:
            reply: dict[str, Any] = {"ok": False, "error": f"unknown command {command[:40]!r}"}
        else:
            try:
                reply = self._handler(command)
            except Exception as error:  # noqa: BLE001 - a bad request must not kill the app
                log.exception("command %s failed", command)
                reply = {"ok": False, "error": type(error).__name__}
        socket.write(encode(reply))
        socket.flush()
        socket.disconnectFromServer()
