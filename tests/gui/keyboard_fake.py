"""`keyboard` with its OS layer replaced by a fake (desktop.md §1 Testing), shared by tests."""

from __future__ import annotations

import keyboard
import pytest
from keyboard import KEY_DOWN, KEY_UP, KeyboardEvent

SC = {
    "ctrl": 29, "left ctrl": 29, "right ctrl": 97,
    "shift": 42, "left shift": 42, "right shift": 54,
    "alt": 56, "left alt": 56, "right alt": 100,
    "windows": 125, "left windows": 125, "right windows": 126,
    "f8": 66, "f9": 67, "c": 46, "e": 18,
}


def fake_map_name(name: str):
    if name not in SC:
        raise ValueError(f"unknown key {name!r}")
    return [(SC[name], [])]


@pytest.fixture
def fake_os(monkeypatch):
    """keyboard with a fake OS layer; yields the keys it 'sent' as ("down"|"up", scan_code)."""
    sent: list[tuple[str, int]] = []
    osk = keyboard._os_keyboard
    monkeypatch.setattr(osk, "init", lambda: None)
    monkeypatch.setattr(osk, "listen", lambda callback: None)
    monkeypatch.setattr(osk, "map_name", fake_map_name)
    monkeypatch.setattr(osk, "press", lambda sc: sent.append(("down", sc)))
    monkeypatch.setattr(osk, "release", lambda sc: sent.append(("up", sc)))
    keyboard._modifier_scan_codes.clear()
    keyboard._listener.init()
    keyboard._pressed_events.clear()
    keyboard._physically_pressed_keys.clear()
    keyboard._logically_pressed_keys.clear()
    keyboard._hotkeys.clear()
    keyboard._listener.start_if_necessary()
    yield sent
    keyboard.unhook_all()
    keyboard._modifier_scan_codes.clear()


def feed(*events: tuple[str, str]) -> None:
    for etype, name in events:
        keyboard._listener.direct_callback(KeyboardEvent(etype, SC[name], name=name))
        keyboard._listener.queue.join()  # per event: the processing thread reads live state


def press_combo(*names: str) -> None:
    feed(*[(KEY_DOWN, n) for n in names])
    feed(*[(KEY_UP, n) for n in reversed(names)])
