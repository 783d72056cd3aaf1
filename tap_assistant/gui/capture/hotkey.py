"""The global hotkey behind a small interface.

`keyboard` runs its callbacks on its own threads; the callbacks here only emit a Qt signal (a
queued connection carries it to the GUI thread) and are each wrapped in try/except, because one
exception on `keyboard`'s processing thread silently kills every hotkey (desktop.md §1).
Where `keyboard` cannot hook (Linux without root or without /dev/input, Wayland, macOS) the
`NullHotkeyBackend` says why, and the tray points the user to `tap-assistant --check-selection`
for the desktop's own shortcut settings.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from tap_assistant.gui.capture.hotkey_spec import HotkeyError, parse_hotkey

log = logging.getLogger(__name__)

#: The id of the one hotkey the app registers today.
CHECK_SELECTION = "check-selection"

FALLBACK_HINT = (
    "Bind the command `tap-assistant --check-selection` to a key in your desktop's "
    "keyboard shortcut settings instead."
)


class HotkeyBackend(Protocol):
    """What the app needs from a hotkey implementation."""

    activated: Any  # Signal(str): the id of the hotkey that fired, delivered on the GUI thread

    @property
    def name(self) -> str: ...

    @property
    def available(self) -> bool: ...

    @property
    def reason(self) -> str:
        """Why hotkeys are unavailable (empty when they work)."""
        ...

    def register(self, hotkey_id: str, combo: str) -> None:
        """Bind `combo` to `hotkey_id`; raise HotkeyError for an unusable combination."""
        ...

    def unregister_all(self) -> None: ...

    def reset_state(self) -> None:
        """Forget keys believed to be held (after a lock screen ate the key-ups)."""
        ...


class NullHotkeyBackend(QObject):
    """No global hotkey on this system; `reason` tells the user what to do instead."""

    activated = Signal(str)

    def __init__(self, reason: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reason = reason

    @property
    def name(self) -> str:
        return "none"

    @property
    def available(self) -> bool:
        return False

    @property
    def reason(self) -> str:
        return self._reason

    def register(self, hotkey_id: str, combo: str) -> None:
        parse_hotkey(combo)  # still validate, so settings show the same errors everywhere

    def unregister_all(self) -> None:
        pass

    def reset_state(self) -> None:
        pass


class KeyboardHotkeyBackend(QObject):
    """Global hotkeys through the `keyboard` package (Windows; Linux as root with evdev)."""

    activated = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        import keyboard  # imported here: it builds OS tables at import time

        self._keyboard = keyboard
        self._handles: dict[str, Any] = {}
        self._reason = ""

    @property
    def name(self) -> str:
        return "keyboard"

    @property
    def available(self) -> bool:
        return not self._reason

    @property
    def reason(self) -> str:
        return self._reason

    def _callback(self, hotkey_id: str) -> None:
        # Runs on keyboard's processing thread: emit only, never touch widgets or the clipboard.
        try:
            self._emit(hotkey_id)
        except Exception:  # noqa: BLE001 - an escaping exception would kill every hotkey
            log.exception("hotkey callback failed")

    def _emit(self, hotkey_id: str) -> None:
        self.activated.emit(hotkey_id)

    def register(self, hotkey_id: str, combo: str) -> None:
        hotkey = parse_hotkey(combo)
        self.unregister(hotkey_id)
        try:
            handle = self._keyboard.add_hotkey(
                str(hotkey), self._callback, args=(hotkey_id,), suppress=False, trigger_on_release=False
            )
        except (ValueError, ImportError, OSError, AssertionError) as error:
            # ValueError: a key this layout lacks; the others: the OS hook could not start.
            if isinstance(error, ValueError):
                raise HotkeyError(f"{hotkey} cannot be used on this keyboard ({error}).") from error
            self._reason = f"The keyboard could not be hooked ({type(error).__name__}). {FALLBACK_HINT}"
            raise HotkeyError(self._reason) from error
        self._handles[hotkey_id] = handle
        log.info("hotkey registered id=%s backend=keyboard", hotkey_id)

    def unregister(self, hotkey_id: str) -> None:
        handle = self._handles.pop(hotkey_id, None)
        if handle is not None:
            try:
                self._keyboard.remove_hotkey(handle)
            except (KeyError, ValueError):
                pass

    def unregister_all(self) -> None:
        for hotkey_id in list(self._handles):
            self.unregister(hotkey_id)

    def reset_state(self) -> None:
        # After Win+L or sleep the key-ups are lost and `keyboard` believes keys are still held.
        try:
            self._keyboard._pressed_events.clear()
            self._keyboard._logically_pressed_keys.clear()
            self._keyboard._physically_pressed_keys.clear()
        except AttributeError:
            pass

    def release_modifiers(self) -> None:
        """Release held modifiers so a following Ctrl+C is not Ctrl+Shift+C."""
        for key in ("shift", "alt", "windows", "ctrl"):
            try:
                if self._keyboard.is_pressed(key):
                    self._keyboard.release(key)
            except (ValueError, KeyError, OSError):
                pass

    def send_copy(self) -> None:
        self.release_modifiers()
        self._keyboard.send("command+c" if sys.platform == "darwin" else "ctrl+c")


def _linux_hook_problem() -> str:
    """Why `keyboard` cannot hook on this Linux session, or '' when it probably can."""
    if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY"):
        return f"Global hotkeys are not available on Wayland. {FALLBACK_HINT}"
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        return f"Global hotkeys on Linux need administrator rights. {FALLBACK_HINT}"
    input_dir = Path("/dev/input")
    if not input_dir.is_dir() or not any(input_dir.glob("event*")):
        return f"No keyboard devices are visible to this session. {FALLBACK_HINT}"
    return ""


def create_hotkey_backend(preference: str | None = None, parent: QObject | None = None) -> HotkeyBackend:
    """The best backend for this system; `preference` ('keyboard' or 'none') overrides (tests, IT)."""
    preference = preference or os.environ.get("TAP_ASSISTANT_HOTKEY_BACKEND", "")
    if preference == "none":
        return NullHotkeyBackend(f"Global hotkeys are turned off. {FALLBACK_HINT}", parent)
    if preference != "keyboard":
        if sys.platform == "darwin":
            return NullHotkeyBackend(
                "Global hotkeys on macOS need Accessibility permission this app does not ask for. "
                + FALLBACK_HINT,
                parent,
            )
        if sys.platform.startswith("linux"):
            problem = _linux_hook_problem()
            if problem:
                return NullHotkeyBackend(problem, parent)
    try:
        return KeyboardHotkeyBackend(parent)
    except Exception as error:  # noqa: BLE001 - ImportError on Linux without root, OSError elsewhere
        return NullHotkeyBackend(f"The keyboard could not be hooked ({type(error).__name__}). {FALLBACK_HINT}", parent)
