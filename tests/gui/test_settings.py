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


def test_after_a_save_in_the_window_district_changes_still_arrive(qtbot, tmp_path: Path) -> None:
    """Saving writes only what the user changed; a later policy change reaches every other key."""
    policy = tmp_path / "policy.toml"
    policy.write_text('[settings]\ndistrict_name = "Riverside Unified"\nclipboard_min_length = 60\nhotkey = "ctrl+shift+f9"\n', encoding="utf-8")
    user = tmp_path / "settings.toml"
    config = load_configuration(policy_path=policy, user_path=user)
    window = SettingsWindow(config)
    qtbot.addWidget(window)
    window.clipboard_watch.setChecked(True)
    window.grammar.setChecked(False)
    with qtbot.waitSignal(window.saved, timeout=2000):
        qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    saved = tomllib.loads(user.read_text(encoding="utf-8"))
    assert saved["settings"] == {"clipboard_watch": True, "grammar_enabled": False}
    assert saved["version"] == 2

    policy.write_text('[settings]\ndistrict_name = "Riverside USD"\nclipboard_min_length = 25\nhotkey = "ctrl+shift+f10"\n', encoding="utf-8")
    reloaded = load_configuration(policy_path=policy, user_path=user)
    assert reloaded.settings.district_name == "Riverside USD"
    assert reloaded.settings.clipboard_min_length == 25
    assert reloaded.settings.hotkey == "ctrl+shift+f10"
    assert reloaded.settings.clipboard_watch is True and reloaded.settings.grammar_enabled is False

    # The window opened again shows the new district values and saving untouched keeps them out.
    again = SettingsWindow(reloaded)
    qtbot.addWidget(again)
    assert again.hotkey.text() == "ctrl+shift+f10" and again.min_length.value() == 25
    again.audience.setCurrentIndex(again.audience.findData("colleague"))
    with qtbot.waitSignal(again.saved, timeout=2000):
        qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert tomllib.loads(user.read_text(encoding="utf-8"))["settings"] == {
        "clipboard_watch": True,
        "grammar_enabled": False,
        "default_audience": "colleague",
    }


def test_pressing_a_combination_records_the_hotkey(qtbot, config) -> None:
    window = SettingsWindow(config)
    qtbot.addWidget(window)
    window.show()
    window.hotkey_recorder.setFocus()
    qtbot.keyClick(window.hotkey_recorder, Qt.Key.Key_F7, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.hotkey.text() == "ctrl+shift+f7", timeout=2000)
    assert window.hotkey_error.text() == "" and window.save_button.isEnabled()
    # The same validation as a typed name: Ctrl+C is copy everywhere.
    window.hotkey_recorder.clear()
    qtbot.keyClick(window.hotkey_recorder, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.hotkey.text() == "ctrl+c", timeout=2000)
    assert "copy" in window.hotkey_error.text().lower() and not window.save_button.isEnabled()


def test_recorded_names_match_the_hotkey_spelling() -> None:
    from PySide6.QtGui import QKeySequence

    from tap_assistant.gui.settings_window import hotkey_from_sequence

    assert hotkey_from_sequence(QKeySequence("Ctrl+Alt+PgUp")) == "ctrl+alt+page up"
    assert hotkey_from_sequence(QKeySequence("Meta+Shift+F12")) == "shift+windows+f12" or \
        hotkey_from_sequence(QKeySequence("Meta+Shift+F12")) == "windows+shift+f12"


def test_locked_hotkey_cannot_be_recorded(qtbot, locked_config) -> None:
    window = SettingsWindow(locked_config)
    qtbot.addWidget(window)
    assert not window.hotkey_recorder.isEnabled()


def test_meaning_check_settings_save_and_follow_district_locks(qtbot, config, tmp_path: Path) -> None:
    window = SettingsWindow(config)
    qtbot.addWidget(window)
    assert window.semantic.isChecked() and window.sensitivity.currentData() == "standard"
    window.semantic.setChecked(False)
    assert not window.sensitivity.isEnabled()  # nothing to tune with the check off
    window.semantic.setChecked(True)
    window.sensitivity.setCurrentIndex(window.sensitivity.findData("high"))
    with qtbot.waitSignal(window.saved, timeout=2000) as blocker:
        qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] == ["semantic_sensitivity"]
    saved = tomllib.loads(config.user_path.read_text(encoding="utf-8"))["settings"]
    assert saved == {"semantic_sensitivity": "high"}

    policy = tmp_path / "locked-policy.toml"
    policy.write_text('[settings]\nsemantic_sensitivity = "low"\nlocked = ["semantic_sensitivity"]\n', encoding="utf-8")
    locked = load_configuration(policy_path=policy, user_path=config.user_path)
    window = SettingsWindow(locked)
    qtbot.addWidget(window)
    assert not window.sensitivity.isEnabled() and window.sensitivity.currentData() == "low"
    assert "semantic_sensitivity" in window.lock_labels
