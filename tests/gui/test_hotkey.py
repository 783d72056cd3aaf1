"""Hotkey wiring through `keyboard` with its OS layer replaced by a fake (desktop.md §1).

Everything above `keyboard._os_keyboard` is real: the listener, its processing thread, the
hotkey state machine, our callback, the queued Qt signal into the GUI thread.
"""

from __future__ import annotations

import sys
import threading

import pytest

keyboard = pytest.importorskip("keyboard")
from keyboard import KEY_DOWN, KEY_UP  # noqa: E402

from tap_assistant.gui.capture import hotkey as hotkey_module  # noqa: E402
from tap_assistant.gui.capture.hotkey import (  # noqa: E402
    CHECK_SELECTION,
    KeyboardHotkeyBackend,
    NullHotkeyBackend,
    create_hotkey_backend,
)
from tap_assistant.gui.capture.hotkey_spec import HotkeyError  # noqa: E402
from tests.gui.keyboard_fake import SC, feed, press_combo  # noqa: E402

def test_hotkey_emits_on_the_gui_thread(qtbot, fake_os) -> None:
    backend = KeyboardHotkeyBackend()
    backend.register(CHECK_SELECTION, "ctrl+shift+f8")
    received: list[tuple[str, bool]] = []
    backend.activated.connect(lambda hid: received.append((hid, threading.current_thread() is threading.main_thread())))
    with qtbot.waitSignal(backend.activated, timeout=3000):
        press_combo("ctrl", "shift", "f8")
    qtbot.waitUntil(lambda: len(received) == 1)
    assert received == [(CHECK_SELECTION, True)]


def test_other_keys_do_not_fire(qtbot, fake_os) -> None:
    backend = KeyboardHotkeyBackend()
    backend.register(CHECK_SELECTION, "ctrl+shift+f8")
    with qtbot.assertNotEmitted(backend.activated, wait=200):
        press_combo("ctrl", "f8")
        press_combo("shift", "f8")
        press_combo("ctrl", "shift", "e")


def test_a_failing_callback_does_not_kill_the_hook_thread(qtbot, fake_os) -> None:
    backend = KeyboardHotkeyBackend()
    backend.register(CHECK_SELECTION, "ctrl+shift+f8")
    calls = []

    def broken(hotkey_id: str) -> None:
        calls.append(hotkey_id)
        raise RuntimeError("boom")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(backend, "_emit", broken)
        press_combo("ctrl", "shift", "f8")
    assert calls == [CHECK_SELECTION]
    assert keyboard._listener.processing_thread.is_alive()
    with qtbot.waitSignal(backend.activated, timeout=3000):
        press_combo("ctrl", "shift", "f8")


def test_reregistering_replaces_the_old_combo(qtbot, fake_os) -> None:
    backend = KeyboardHotkeyBackend()
    backend.register(CHECK_SELECTION, "ctrl+shift+f8")
    backend.register(CHECK_SELECTION, "ctrl+shift+f9")
    with qtbot.assertNotEmitted(backend.activated, wait=200):
        press_combo("ctrl", "shift", "f8")
    with qtbot.waitSignal(backend.activated, timeout=3000):
        press_combo("ctrl", "shift", "f9")
    backend.unregister_all()
    with qtbot.assertNotEmitted(backend.activated, wait=200):
        press_combo("ctrl", "shift", "f9")


def test_invalid_combo_is_refused_before_hooking(fake_os) -> None:
    backend = KeyboardHotkeyBackend()
    with pytest.raises(HotkeyError, match="AltGr"):
        backend.register(CHECK_SELECTION, "ctrl+alt+e")


def test_send_copy_releases_held_modifiers_first(fake_os) -> None:
    backend = KeyboardHotkeyBackend()
    backend.register(CHECK_SELECTION, "ctrl+shift+f8")
    feed((KEY_DOWN, "ctrl"), (KEY_DOWN, "shift"), (KEY_DOWN, "f8"), (KEY_UP, "f8"))  # user still holds ctrl+shift
    fake_os.clear()
    backend.send_copy()
    copy = [("down", SC["ctrl"]), ("down", SC["c"]), ("up", SC["c"]), ("up", SC["ctrl"])]
    assert fake_os[-4:] == copy
    released = fake_os[:-4]
    assert ("up", SC["shift"]) in released and ("up", SC["ctrl"]) in released
    assert all(kind == "up" for kind, _ in released)


def test_reset_state_forgets_keys_a_lock_screen_swallowed(qtbot, fake_os) -> None:
    backend = KeyboardHotkeyBackend()
    backend.register(CHECK_SELECTION, "shift+f8")
    feed((KEY_DOWN, "ctrl"))  # its key-up is lost (Win+L)
    backend.reset_state()
    with qtbot.waitSignal(backend.activated, timeout=3000):
        press_combo("shift", "f8")


def test_null_backend_explains_the_fallback(qapp) -> None:
    backend = create_hotkey_backend("none")
    assert isinstance(backend, NullHotkeyBackend)
    assert not backend.available and "tap-assistant --check-selection" in backend.reason
    backend.register(CHECK_SELECTION, "ctrl+shift+f8")  # validates, hooks nothing
    with pytest.raises(HotkeyError):
        backend.register(CHECK_SELECTION, "ctrl+alt+x")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux rules")
def test_linux_without_root_falls_back(qapp, monkeypatch) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(hotkey_module.os, "geteuid", lambda: 1000)
    backend = create_hotkey_backend()
    assert isinstance(backend, NullHotkeyBackend)
    assert "administrator" in backend.reason and "--check-selection" in backend.reason


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux rules")
def test_wayland_falls_back(qapp, monkeypatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    backend = create_hotkey_backend()
    assert isinstance(backend, NullHotkeyBackend) and "Wayland" in backend.reason
