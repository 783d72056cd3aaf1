"""Clipboard watching: check text the user copies, if they turned it on in Settings.

Debounced (apps set the clipboard in bursts), only text above a minimum length, never the
app's own writes (revised text, restored clipboards) and never content a password manager
marks as secret. macOS only signals changes while the app is active, hence the polling
fallback there.
"""

from __future__ import annotations

import hashlib
import logging
import sys

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QClipboard

from tap_assistant.gui.capture import mime as mimeutil

log = logging.getLogger(__name__)


class ClipboardWatcher(QObject):
    copied = Signal(str)
    #: Why a change was skipped (for the status/debug view and tests): "own", "secret", "short", "same".
    skipped = Signal(str)

    def __init__(
        self,
        clipboard: QClipboard,
        *,
        min_length: int = 40,
        debounce_ms: int = 350,
        enabled: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self.min_length = min_length
        self.enabled = enabled
        self.paused = False
        self._suspended = 0
        self._last_digest = b""
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._inspect)
        clipboard.dataChanged.connect(self._on_changed)
        self._mac_poll: QTimer | None = None
        if sys.platform == "darwin":
            self._mac_poll = QTimer(self)
            self._mac_poll.setInterval(500)
            self._mac_poll.timeout.connect(self._poll_mac)
            self._mac_poll.start()
            self._mac_last = ""

    @property
    def active(self) -> bool:
        return self.enabled and not self.paused

    def suspend(self) -> None:
        """Ignore changes while a selection capture copies and restores."""
        self._suspended += 1
        self._debounce.stop()

    def resume(self) -> None:
        self._suspended = max(0, self._suspended - 1)

    def _on_changed(self) -> None:
        if self.active and not self._suspended:
            self._debounce.start()

    def _poll_mac(self) -> None:
        text = self._clipboard.text()
        if text != self._mac_last:
            self._mac_last = text
            self._on_changed()

    def _inspect(self) -> None:
        if not self.active or self._suspended:
            return
        mime = self._clipboard.mimeData(QClipboard.Mode.Clipboard)
        if mimeutil.is_own_write(mime):
            self.skipped.emit("own")
            return
        if mimeutil.has_privacy_hint(mime):
            log.info("watch skipped: password manager hint")
            self.skipped.emit("secret")
            return
        text = mime.text() if mime is not None and mime.hasText() else ""
        if len(text.strip()) < self.min_length:
            self.skipped.emit("short")
            return
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        if digest == self._last_digest:
            self.skipped.emit("same")
            return
        self._last_digest = digest
        log.info("watch copied length=%d", len(text))
        self.copied.emit(text)
