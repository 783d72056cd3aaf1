"""The settings window: validation, district locks, saving."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tap_assistant.core.config import load_configuration
from tap_assistant.gui.settings_window import LOCKED_TEXT, SettingsWindow

POLICY = """
[settings]
district_name = "Riverside Unified"
clipboard_watch = true
hotkey = "ctrl+shift+f9"
locked = ["clipboard_watch", "hotkey"]
"""


@pytest.fixture
def locked_config(tmp_path: Path):
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    user = tmp_path / "settings.toml"
    user.write_text('[settings]\nclipboard_watch = false\nhotkey = "ctrl+shift+f2"\n', encoding="utf-8")
    return load_configuration(policy_path=policy, user_path=user)


def test_locked_settings_show_the_district_value_disabled(qtbot, locked_config) -> None:
    window = SettingsWindow(locked_config)
    qtbot.addWidget(window)
    assert not window.clipboard_watch.isEnabled() and window.clipboard_watch.isChecked()
    assert not window.hotkey.isEnabled() and window.hotkey.text() == "ctrl+shift+f9"
    assert set(window.lock_labels) == {"clipboard_watch", "hotkey"}
    assert all(label.text() == LOCKED_TEXT for label in window.lock_labels.values())
    assert window.grammar.isEnabled() and window.audience.isEnabled()


def test_saving_keeps_locks_and_writes_only_unlocked_keys(qtbot, locked_config) -> None:
    window = SettingsWindow(locked_config)
    qtbot.addWidget(window)
    window.grammar.setChecked(False)
    window.audience.setCurrentIndex(window.audience.findData("parent"))
    with qtbot.waitSignal(window.saved, timeout=2000) as blocker:
        qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert sorted(blocker.args[0]) == ["default_audience", "grammar_enabled"]
    saved = tomllib.loads(locked_config.user_path.read_text(encoding="utf-8"))["settings"]
    assert saved["grammar_enabled"] is False and saved["default_audience"] == "parent"
    assert "clipboard_watch" not in saved and "hotkey" not in saved
    reloaded = load_configuration(policy_path=locked_config.policy_path, user_path=locked_config.user_path)
    assert reloaded.settings.clipboard_watch is True and reloaded.settings.hotkey == "ctrl+shift+f9"
    assert reloaded.settings.default_audience == "parent"


@pytest.mark.parametrize(
    ("hotkey", "problem"),
    [
        ("ctrl+alt+t", "AltGr"),
        ("ctrl+c", "copy"),
        ("ctrl+shift+c", "Outlook"),
        ("q", "modifier"),
        ("ctrl+shift+nosuchkey", "not a key name"),
        ("ctrl+k, ctrl+c", "single combination"),
        ("", "Enter a hotkey"),
    ],
)
def test_invalid_or_conflicting_hotkeys_block_saving(qtbot, config, hotkey: str, problem: str) -> None:
    window = SettingsWindow(config)
    qtbot.addWidget(window)
    window.hotkey.setText(hotkey)
    assert problem.lower() in window.hotkey_error.text().lower()
    assert not window.save_button.isEnabled()
    window.hotkey.setText("ctrl+shift+f8")
    assert window.hotkey_error.text() == "" and window.save_button.isEnabled()


def test_hotkey_is_saved_normalised(qtbot, config) -> None:
    window = SettingsWindow(config)
    qtbot.addWidget(window)
    window.hotkey.setText("Shift + Control + F7")
    window.clipboard_watch.setChecked(True)
    window.min_length.setValue(25)
    with qtbot.waitSignal(window.saved, timeout=2000):
        window.save()
    assert config.settings.hotkey == "ctrl+shift+f7"
    assert config.settings.clipboard_watch and config.settings.clipboard_min_length == 25


def test_min_length_follows_clipboard_watching(qtbot, config) -> None:
    window = SettingsWindow(config)
    qtbot.addWidget(window)
    window.clipboard_watch.setChecked(False)
    assert not window.min_length.isEnabled()
    window.clipboard_watch.setChecked(True)
    assert window.min_length.isEnabled()
