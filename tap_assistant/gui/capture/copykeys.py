"""Sending the copy keystroke to the program that holds the selection.

Windows/macOS use `keyboard` (through the hotkey backend, which first releases held modifiers
so Ctrl+Shift+F8 does not turn the copy into Ctrl+Shift+C). On X11 `xdotool --clearmodifiers`
does the same through XTEST without root. Where neither exists the capture falls back to
the PRIMARY selection or the current clipboard and says so.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from typing import Callable

log = logging.getLogger(__name__)

CopySender = Callable[[], None]


def xdotool_sender() -> CopySender | None:
    if not sys.platform.startswith("linux") or not os.environ.get("DISPLAY"):
        return None
    xdotool = shutil.which("xdotool")
    if xdotool is None:
        return None

    def send() -> None:
        # Fire and forget: the capture polls the clipboard, so the GUI thread never waits here.
        subprocess.Popen(
            [xdotool, "key", "--clearmodifiers", "ctrl+c"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )

    return send


def choose_copy_sender(hotkey_backend: object) -> CopySender | None:
    send_copy = getattr(hotkey_backend, "send_copy", None)
    if callable(send_copy) and getattr(hotkey_backend, "available", False):
        return send_copy
    return xdotool_sender()
