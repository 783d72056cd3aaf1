"""Grabbing the text the user has selected in another program.

X11: the PRIMARY selection already holds it, no keystroke needed. Elsewhere (or when PRIMARY is
empty): snapshot the clipboard, send copy, poll for the change (never blocking the GUI thread),
read the text, and put the snapshot back unless something else changed the clipboard in the
meantime. A failed capture leaves the clipboard untouched.
"""

from __future__ import annotations

import enum
import logging
import time
from dataclasses import dataclass

from PySide6.QtCore import QMimeData, QObject, QTimer, Signal
from PySide6.QtGui import QClipboard

from tap_assistant.gui.capture import mime as mimeutil
from tap_assistant.gui.capture.copykeys import CopySender
from tap_assistant.gui.capture.putback import SourceWindow, active_window

log = logging.getLogger(__name__)


class CaptureSource(str, enum.Enum):
    PRIMARY = "primary"
    COPY = "copy"
    CLIPBOARD = "clipboard"


@dataclass(frozen=True)
class CaptureResult:
    text: str
    source: CaptureSource
    started: float  # time.perf_counter() when the capture began (for the benchmark)
    restored: bool = False
    #: The window the draft came from ("Put back" pastes the revised text there), if known.
    window: SourceWindow | None = None

    def __repr__(self) -> str:  # never let the draft reach a log line by accident
        return f"CaptureResult(len={len(self.text)}, source={self.source.value}, restored={self.restored})"


class SelectionCapture(QObject):
    """One capture at a time; emits `captured(CaptureResult)` or `failed(reason)`."""

    captured = Signal(object)
    failed = Signal(str)
    #: Emitted after the clipboard was put back (True) or left alone because it changed (False).
    restore_finished = Signal(bool)
    busy_changed = Signal(bool)

    def __init__(
        self,
        clipboard: QClipboard,
        send_copy: CopySender | None,
        *,
        use_primary: bool = True,
        timeout_ms: int = 800,
        poll_ms: int = 15,
        settle_ms: int = 120,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self._send_copy = send_copy
        self.use_primary = use_primary
        self._timeout_ms = timeout_ms
        self._settle_ms = settle_ms
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self._on_poll)
        self._changes = 0
        self._busy = False
        self._saved: QMimeData | None = None
        self._saved_was_empty = True
        self._started = 0.0
        self._deadline = 0.0
        self._read_text = ""
        self._window: SourceWindow | None = None
        clipboard.dataChanged.connect(self._on_clipboard_changed)

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    def _on_clipboard_changed(self) -> None:
        self._changes += 1

    def start(self) -> bool:
        """Begin a capture; returns False when one is already running."""
        if self._busy:
            return False
        self._started = time.perf_counter()
        self._window = active_window(with_program=False)
        if self.use_primary and self._clipboard.supportsSelection():
            text = self._clipboard.text(QClipboard.Mode.Selection)
            if text.strip():
                log.info("capture source=primary length=%d", len(text))
                self.captured.emit(CaptureResult(text, CaptureSource.PRIMARY, self._started, window=self._window))
                return True
        if self._send_copy is None:
            self.failed.emit(
                "Cannot copy the selection automatically here. Copy the text yourself, then choose "
                "“Check clipboard” in the tray menu."
            )
            return True
        self._set_busy(True)
        current = self._clipboard.mimeData(QClipboard.Mode.Clipboard)
        self._saved_was_empty = mimeutil.is_empty(current)
        self._saved = mimeutil.snapshot(current)
        # Empty the clipboard first: then any text that appears is the fresh copy, even when the
        # selection equals what was already there, and late change signals cannot fool us.
        self._clipboard.clear(QClipboard.Mode.Clipboard)
        self._changes = 0
        self._deadline = self._started + self._timeout_ms / 1000
        try:
            self._send_copy()
        except Exception as error:  # noqa: BLE001 - a failed keystroke must not leave us busy
            log.warning("capture: sending copy failed (%s)", type(error).__name__)
            self._read_text = ""
            self._restore(force=True)
            self.failed.emit("The copy keystroke could not be sent.")
            return True
        self._poll.start()
        return True

    def _on_poll(self) -> None:
        text = self._clipboard.text(QClipboard.Mode.Clipboard)
        if text.strip():
            self._poll.stop()
            self._read_text = text
            log.info("capture source=copy length=%d ms=%.0f", len(text), (time.perf_counter() - self._started) * 1000)
            self.captured.emit(CaptureResult(text, CaptureSource.COPY, self._started, window=self._window))
            # Apps sometimes set the clipboard in several steps: let it settle, then restore.
            QTimer.singleShot(self._settle_ms, self._restore)
            return
        if time.perf_counter() >= self._deadline:
            self._poll.stop()
            # Nothing (or no text) arrived: put the user's clipboard back as it was.
            self._read_text = ""
            nothing = self._changes == 0 or mimeutil.is_empty(self._clipboard.mimeData(QClipboard.Mode.Clipboard))
            self._restore(force=nothing)
            log.info("capture failed")
            self.failed.emit(
                "Nothing was copied. Select some text first, then try again."
                if nothing
                else "The selection holds no text."
            )

    def _restore(self, force: bool = False) -> None:
        saved, self._saved = self._saved, None
        if force:
            unchanged = True
        elif self._read_text:
            # Still the text we copied? Programs often set the clipboard in several steps, so
            # compare the content, not the number of change signals.
            unchanged = self._clipboard.text(QClipboard.Mode.Clipboard) == self._read_text
        else:
            unchanged = True  # non-text content from the copy: replace it with the user's data
        restored = False
        if unchanged and saved is not None:
            if self._saved_was_empty:
                self._clipboard.clear(QClipboard.Mode.Clipboard)
            else:
                self._clipboard.setMimeData(mimeutil.mark_own(saved), QClipboard.Mode.Clipboard)
            restored = True
        log.info("capture restore=%s", "done" if restored else "skipped-changed")
        self._set_busy(False)
        self.restore_finished.emit(restored)

    def read_clipboard(self) -> None:
        """`Check clipboard`: the text currently on the clipboard, untouched."""
        self._started = time.perf_counter()
        text = self._clipboard.text(QClipboard.Mode.Clipboard)
        if text.strip():
            self.captured.emit(CaptureResult(text, CaptureSource.CLIPBOARD, self._started))
        else:
            self.failed.emit("The clipboard holds no text.")
