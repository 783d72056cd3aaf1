"""Hotkey parsing and conflict rules (pure Python, shared by settings and backends)."""

from __future__ import annotations

import pytest

from tap_assistant.gui.capture.hotkey_spec import HotkeyError, parse_hotkey, validate_hotkey


@pytest.mark.parametrize(
    ("spec", "normal"),
    [
        ("ctrl+shift+f8", "ctrl+shift+f8"),
        ("Shift+Ctrl+F8", "ctrl+shift+f8"),
        ("control + shift + e", "ctrl+shift+e"),
        ("win+shift+t", "shift+windows+t"),
        ("f9", "f9"),
        ("alt+shift+return", "alt+shift+enter"),
    ],
)
def test_valid_hotkeys_normalise(spec: str, normal: str) -> None:
    assert str(validate_hotkey(spec)) == normal


@pytest.mark.parametrize(
    "spec",
    ["ctrl+alt+e", "alt gr+e", "e", "shift+e", "ctrl+shift", "ctrl+ctrl+e", "ctrl+e+f", "ctrl+k, ctrl+c", "ctrl++"],
)
def test_unusable_hotkeys_are_refused(spec: str) -> None:
    with pytest.raises(HotkeyError):
        parse_hotkey(spec)


@pytest.mark.parametrize("spec", ["ctrl+c", "ctrl+v", "ctrl+shift+c", "alt+f4", "win+l", "f5"])
def test_conflicts_are_refused_with_what_they_do(spec: str) -> None:
    parse_hotkey(spec)  # well-formed …
    with pytest.raises(HotkeyError, match="already used for"):
        validate_hotkey(spec)  # … but taken
