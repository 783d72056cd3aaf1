"""Parsing and vetting hotkey strings such as "ctrl+shift+f8" (the `keyboard` library's syntax).

Pure Python so the settings window, the CLI and tests can validate a hotkey without hooking
the keyboard. The rules come from field experience with `keyboard` (see desktop.md §1):
- Ctrl+Alt combinations fire on AltGr on European layouts, so they are refused.
- A hotkey needs a modifier unless it is a function key, or it would swallow normal typing.
- Combinations that common programs already own (copy, paste, DevTools...) are conflicts.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

#: Accepted spellings of each modifier, normalised to the canonical name on the right.
MODIFIER_ALIASES: dict[str, str] = {
    "ctrl": "ctrl",
    "control": "ctrl",
    "shift": "shift",
    "alt": "alt",
    "option": "alt",
    "windows": "windows",
    "win": "windows",
    "super": "windows",
    "meta": "windows",
    "cmd": "windows",
    "command": "windows",
}
MODIFIER_ORDER = ("ctrl", "alt", "shift", "windows")

NAMED_KEYS = {
    "space", "enter", "return", "tab", "backspace", "delete", "insert", "home", "end",
    "page up", "page down", "up", "down", "left", "right", "pause", "scroll lock",
    "print screen", "esc", "escape",
}
FUNCTION_KEYS = {f"f{n}" for n in range(1, 25)}
PLAIN_KEYS = set(string.ascii_lowercase) | set(string.digits) | set("`-=[];',./\\")

#: Combinations other programs (or the OS) already use; binding them would break those programs.
KNOWN_CONFLICTS: dict[str, str] = {
    "ctrl+c": "copy in every program",
    "ctrl+v": "paste in every program",
    "ctrl+x": "cut in every program",
    "ctrl+z": "undo in every program",
    "ctrl+y": "redo in many programs",
    "ctrl+a": "select all in every program",
    "ctrl+s": "save in most programs",
    "ctrl+p": "print in most programs",
    "ctrl+f": "find in most programs",
    "ctrl+n": "new message or window in most programs",
    "ctrl+w": "close tab in browsers",
    "ctrl+t": "new tab in browsers",
    "ctrl+shift+c": "new contact in Outlook and developer tools in browsers",
    "ctrl+shift+v": "paste as plain text",
    "ctrl+shift+i": "developer tools in browsers",
    "ctrl+shift+n": "private window in browsers",
    "ctrl+shift+t": "reopen closed tab in browsers",
    "ctrl+shift+esc": "the Task Manager",
    "alt+tab": "switching windows",
    "alt+f4": "closing the window",
    "windows+l": "locking the computer",
    "windows+d": "showing the desktop",
    "windows+v": "clipboard history",
    "f1": "help in most programs",
    "f5": "refresh in browsers",
    "f11": "full screen in browsers",
    "f12": "developer tools in browsers",
}


class HotkeyError(ValueError):
    """A hotkey that cannot or should not be used; the message is shown to the user."""


@dataclass(frozen=True)
class Hotkey:
    modifiers: tuple[str, ...]
    key: str

    def __str__(self) -> str:
        return "+".join((*self.modifiers, self.key))


def parse_hotkey(spec: str) -> Hotkey:
    """Parse and normalise a single-step hotkey; raise HotkeyError with a readable reason."""
    cleaned = " ".join(spec.strip().lower().split())
    if not cleaned:
        raise HotkeyError("Enter a hotkey such as ctrl+shift+f8.")
    if "," in cleaned:
        # Multi-step hotkeys install a suppressing hook in `keyboard` and leave Ctrl "stuck".
        raise HotkeyError("Use a single combination, not a sequence of keys.")
    parts = [part.strip() for part in cleaned.replace(" + ", "+").split("+")]
    if any(not part for part in parts):
        raise HotkeyError(f"'{spec}' has an empty key; write keys joined by '+', e.g. ctrl+shift+f8.")
    modifiers: list[str] = []
    keys: list[str] = []
    for part in parts:
        if part in MODIFIER_ALIASES:
            canonical = MODIFIER_ALIASES[part]
            if canonical in modifiers:
                raise HotkeyError(f"'{part}' appears twice.")
            modifiers.append(canonical)
        elif part in ("alt gr", "altgr"):
            raise HotkeyError("AltGr types characters on many keyboards; choose another modifier.")
        elif part in NAMED_KEYS or part in FUNCTION_KEYS or part in PLAIN_KEYS:
            keys.append({"return": "enter", "escape": "esc"}.get(part, part))
        else:
            raise HotkeyError(f"'{part}' is not a key name this app knows.")
    if len(keys) != 1:
        raise HotkeyError("A hotkey needs exactly one key besides the modifiers (ctrl, shift, alt, windows).")
    key = keys[0]
    if "ctrl" in modifiers and "alt" in modifiers:
        raise HotkeyError(
            "Ctrl+Alt combinations also fire when typing with AltGr on many keyboards; use ctrl+shift instead."
        )
    if not modifiers and key not in FUNCTION_KEYS:
        raise HotkeyError("Add a modifier (ctrl, shift, alt or windows) so normal typing does not trigger it.")
    if modifiers == ["shift"] and key not in FUNCTION_KEYS:
        raise HotkeyError("Shift plus a key types a character; add ctrl or alt.")
    ordered = tuple(m for m in MODIFIER_ORDER if m in modifiers)
    return Hotkey(ordered, key)


def conflict_of(hotkey: Hotkey) -> str | None:
    """What the combination already does elsewhere, or None when it is free as far as we know."""
    return KNOWN_CONFLICTS.get(str(hotkey))


def validate_hotkey(spec: str) -> Hotkey:
    """Parse and refuse known conflicts; the error message says what the combination does."""
    hotkey = parse_hotkey(spec)
    conflict = conflict_of(hotkey)
    if conflict:
        raise HotkeyError(f"{hotkey} is already used for {conflict}; choose another combination.")
    return hotkey
