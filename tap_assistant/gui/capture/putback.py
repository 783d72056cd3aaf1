"""Putting the revised text back where the draft came from.

At capture time the program the user was in is remembered (`active_window`). "Put back" then
puts the revised text on the clipboard, focuses that window, pastes over the selection that is
still there, and restores the user's clipboard afterwards (unless something else changed it
meanwhile). X11 goes through xdotool (EWMH activation, XTEST keys, no root); Windows through
SetForegroundWindow and the `keyboard` package. Where neither works the text stays on the
clipboard and the user is told to paste it: Copy is always the fallback.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass

from PySide6.QtCore import QMimeData, QObject, QTimer, Signal
from PySide6.QtGui import QClipboard

from tap_assistant.gui.capture import mime as mimeutil

log = logging.getLogger(__name__)

#: Friendly program names for the confirmation ("Revised text put back in Outlook").
_APP_NAMES = {
    "outlook": "Outlook",
    "olk": "Outlook",
    "thunderbird": "Thunderbird",
    "firefox": "Firefox",
    "chrome": "Chrome",
    "chromium": "Chromium",
    "msedge": "Edge",
    "teams": "Teams",
    "winword": "Word",
    "soffice": "LibreOffice",
    "libreoffice": "LibreOffice",
    "evolution": "Evolution",
    "gedit": "Text Editor",
}


@dataclass(frozen=True)
class SourceWindow:
    """The window a draft was captured from. Never holds any of the draft's text."""

    handle: int
    program: str = ""
    title: str = ""

    @property
    def name(self) -> str:
        """What to call it in a sentence: the program's name, else "the original window"."""
        return self.program or "the original window"


def friendly_program(raw: str) -> str:
    key = raw.lower().rsplit("/", 1)[-1].removesuffix(".exe")
    for known, name in _APP_NAMES.items():
        if key == known or key.startswith(known):
            return name
    return raw.strip().title() if raw.strip() else ""


def _xdotool() -> str | None:
    if not sys.platform.startswith("linux") or not os.environ.get("DISPLAY"):
        return None
    return shutil.which("xdotool")


def active_window(with_program: bool = True) -> SourceWindow | None:
    """The focused top-level window now (call it before the review takes the focus).
    Without `with_program` only its handle (one quick call; `describe` adds the name later)."""
    try:
        if sys.platform == "win32":
            return _active_window_windows()
        xdotool = _xdotool()
        if xdotool is None:
            return None
        done = subprocess.run([xdotool, "getactivewindow"], capture_output=True, text=True, timeout=1, check=False)
        if done.returncode != 0 or not done.stdout.strip().isdigit():
            return None
        window = SourceWindow(int(done.stdout.strip()))
        return describe(window) if with_program else window
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        log.info("active window unknown (%s)", type(error).__name__)
        return None


def describe(window: SourceWindow) -> SourceWindow:
    """`window` with its program's friendly name (X11: from WM_CLASS)."""
    if window.program or sys.platform == "win32":
        return window
    xprop = shutil.which("xprop")
    if xprop is None:
        return window
    try:
        out = subprocess.run([xprop, "-id", str(window.handle), "WM_CLASS"], capture_output=True, text=True,
                             timeout=1, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return window
    classes = re.findall(r'"([^"]*)"', out)
    return SourceWindow(window.handle, friendly_program(classes[-1] if classes else ""), window.title)


def _active_window_windows() -> SourceWindow | None:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    user32 = ctypes.windll.user32
    hwnd = user32.GetForegroundWindow()
    if not hwnd:
        return None
    pid = wintypes.DWORD()
    user32.GetWindowThreadProcessId(hwnd, ctypes.byref(pid))
    program = ""
    try:
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid.value)  # PROCESS_QUERY_LIMITED_INFORMATION
        if handle:
            size = wintypes.DWORD(260)
            buffer = ctypes.create_unicode_buffer(size.value)
            if kernel32.QueryFullProcessImageNameW(handle, 0, buffer, ctypes.byref(size)):
                program = friendly_program(buffer.value.replace("\\", "/"))
            kernel32.CloseHandle(handle)
    except OSError:
        pass
    return SourceWindow(int(hwnd), program)


def can_put_back() -> bool:
    if sys.platform == "win32":
        try:
            import keyboard  # noqa: F401
        except ImportError:
            return False
        return True
    return _xdotool() is not None


class PutBack(QObject):
    """One put-back at a time; `finished(ok, message)` says what happened, in plain words."""

    finished = Signal(bool, str)

    def __init__(self, clipboard: QClipboard, settle_ms: int = 400, timeout_ms: int = 3000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self._settle_ms = settle_ms
        self._timeout_ms = timeout_ms
        self._process: subprocess.Popen | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(20)
        self._poll.timeout.connect(self._on_poll)
        self._saved: QMimeData | None = None
        self._saved_was_empty = True
        self._text = ""
        self._target: SourceWindow | None = None
        self._deadline = 0.0

    @property
    def busy(self) -> bool:
        return self._target is not None

    def put_back(self, text: str, target: SourceWindow) -> bool:
        if self.busy:
            return False
        current = self._clipboard.mimeData(QClipboard.Mode.Clipboard)
        self._saved_was_empty = mimeutil.is_empty(current)
        self._saved = mimeutil.snapshot(current)
        self._text = text
        self._target = target
        self._clipboard.setMimeData(mimeutil.own_text(text), QClipboard.Mode.Clipboard)
        self._deadline = time.monotonic() + self._timeout_ms / 1000
        try:
            if sys.platform == "win32":  # pragma: no cover - Windows only
                self._paste_windows(target)
                QTimer.singleShot(self._settle_ms, lambda: self._done(True))
                return True
            xdotool = _xdotool()
            if xdotool is None:
                raise OSError("xdotool is not available")
            # Focus the window and paste over the selection still there; the GUI thread keeps
            # turning meanwhile (the target asks *us* for the clipboard's contents).
            self._process = subprocess.Popen(
                [xdotool, "windowactivate", "--sync", str(target.handle), "key", "--clearmodifiers", "ctrl+v"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True,
            )
        except Exception as error:  # noqa: BLE001 - falls back to the clipboard, never raises
            log.warning("put back failed to start (%s)", type(error).__name__)
            self._done(False)
            return True
        self._poll.start()
        return True

    @staticmethod
    def _paste_windows(target: SourceWindow) -> None:  # pragma: no cover - Windows only
        import ctypes

        import keyboard

        ctypes.windll.user32.SetForegroundWindow(target.handle)
        time.sleep(0.05)
        for key in ("ctrl", "shift", "alt", "windows"):
            keyboard.release(key)
        keyboard.send("ctrl+v")

    def _on_poll(self) -> None:
        process = self._process
        if process is None:
            self._poll.stop()
            return
        code = process.poll()
        if code is None:
            if time.monotonic() < self._deadline:
                return
            process.kill()
            code = -1
        self._poll.stop()
        self._process = None
        if code != 0:
            self._done(False)
            return
        # The target reads the clipboard when it handles the paste: keep our text there a moment.
        QTimer.singleShot(self._settle_ms, lambda: self._done(True))

    def _done(self, pasted: bool) -> None:
        target, self._target = self._target, None
        name = target.name if target is not None else "the original window"
        saved, self._saved = self._saved, None
        if pasted:
            # Put the user's clipboard back, unless something else has changed it since.
            if self._clipboard.text(QClipboard.Mode.Clipboard) == self._text and saved is not None:
                if self._saved_was_empty:
                    self._clipboard.clear(QClipboard.Mode.Clipboard)
                else:
                    self._clipboard.setMimeData(mimeutil.mark_own(saved), QClipboard.Mode.Clipboard)
            log.info("put back done")
            self.finished.emit(True, f"Revised text put back in {name}.")
        else:
            # The revised text stays on the clipboard: the fallback is a paste by hand.
            log.info("put back failed; text left on the clipboard")
            self.finished.emit(False, f"Could not put it back in {name}: the revised text is copied — paste it into your message.")
