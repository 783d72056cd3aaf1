"""The settings window: hotkey, clipboard watching, default audience, grammar.

A setting the district policy locks shows its value, disabled, with "Set by your district".
Saving records only what the user changed in the window (choosing the district's value again
drops the user's entry), writes the user's layer to the settings file and applies the changes
live; every setting the user did not touch keeps following the district's policy.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QKeySequenceEdit,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tap_assistant.core.config import Configuration, save_user_settings
from tap_assistant.core.model import Audience
from tap_assistant.gui.badge import app_icon
from tap_assistant.gui.capture.hotkey_spec import HotkeyError, validate_hotkey
from tap_assistant.gui.review.window import AUDIENCE_LABELS

log = logging.getLogger(__name__)

LOCKED_TEXT = "Set by your district"


#: The meaning check's sensitivities as the window names them.
SENSITIVITY_LABELS = {
    "low": "Low: only what it is surest of",
    "standard": "Standard",
    "high": "High: more findings, more false alarms",
}


class SettingsWindow(QDialog):
    #: Emitted after a successful save with the names of the settings that changed.
    saved = Signal(list)

    def __init__(self, config: Configuration, hotkey_note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.setWindowTitle("TAP Assistant — Settings")
        self.setWindowIcon(app_icon())
        self.lock_labels: dict[str, QLabel] = {}
        settings = config.settings

        self.hotkey = QLineEdit(settings.hotkey)
        self.hotkey.setAccessibleName("Hotkey")
        self.hotkey.setPlaceholderText("e.g. ctrl+shift+f8")
        self.hotkey_error = QLabel()
        self.hotkey_error.setWordWrap(True)
        self.hotkey_error.setStyleSheet("color: #c62828;")
        self.hotkey_error.setAccessibleName("Hotkey problem")
        self.hotkey.textChanged.connect(self._validate)
        # Press the combination instead of typing its name; the text field shows what was
        # recorded (and still takes a typed name), and the same validation applies.
        self.hotkey_recorder = QKeySequenceEdit()
        self.hotkey_recorder.setMaximumSequenceLength(1)
        self.hotkey_recorder.setAccessibleName("Record the hotkey: press the combination")
        self.hotkey_recorder.setToolTip("Click here and press the combination you want")
        self.hotkey_recorder.setClearButtonEnabled(True)
        self.hotkey_recorder.keySequenceChanged.connect(self._on_recorded)

        self.clipboard_watch = QCheckBox("Check text I copy")
        self.clipboard_watch.setChecked(settings.clipboard_watch)
        self.clipboard_watch.setAccessibleName("Clipboard watching")
        self.min_length = QSpinBox()
        self.min_length.setRange(1, 100_000)
        self.min_length.setValue(settings.clipboard_min_length)
        self.min_length.setSuffix(" characters")
        self.min_length.setAccessibleName("Minimum length of copied text to check")
        self.clipboard_watch.toggled.connect(self._sync_enabled)

        self.audience = QComboBox()
        self.audience.setAccessibleName("Default audience")
        for audience in Audience:
            self.audience.addItem(AUDIENCE_LABELS[audience], audience.value)
        self.audience.setCurrentIndex(max(0, self.audience.findData(settings.default_audience)))

        self.grammar = QCheckBox("Check grammar and spelling (local engine)")
        self.grammar.setChecked(settings.grammar_enabled)
        self.grammar.setAccessibleName("Grammar checking")

        self.semantic = QCheckBox("Check meaning too (local sentence model)")
        self.semantic.setChecked(settings.semantic_enabled)
        self.semantic.setAccessibleName("Meaning check")
        self.semantic.setToolTip("Catches what is said in other words: affection, secrecy, venting, mockery, threats.")
        self.sensitivity = QComboBox()
        self.sensitivity.setAccessibleName("Meaning check sensitivity")
        for value, label in SENSITIVITY_LABELS.items():
            self.sensitivity.addItem(label, value)
        self.sensitivity.setCurrentIndex(max(0, self.sensitivity.findData(settings.semantic_sensitivity)))
        self.semantic.toggled.connect(self._sync_enabled)

        form = QFormLayout()
        hotkey_row = QWidget()
        hotkey_layout = QHBoxLayout(hotkey_row)
        hotkey_layout.setContentsMargins(0, 0, 0, 0)
        hotkey_layout.addWidget(self.hotkey_recorder, 1)
        hotkey_layout.addWidget(self.hotkey, 1)
        if self.config.is_locked("hotkey"):
            self.hotkey_recorder.setEnabled(False)
        form.addRow("&Hotkey:", self._with_lock("hotkey", hotkey_row))
        form.addRow("", self.hotkey_error)
        if hotkey_note:
            note = QLabel(hotkey_note)
            note.setWordWrap(True)
            note.setStyleSheet("color: palette(placeholder-text);")
            form.addRow("", note)
        form.addRow("Clipboard:", self._with_lock("clipboard_watch", self.clipboard_watch))
        form.addRow("&Minimum length:", self._with_lock("clipboard_min_length", self.min_length))
        form.addRow("Default &audience:", self._with_lock("default_audience", self.audience))
        form.addRow("Grammar:", self._with_lock("grammar_enabled", self.grammar))
        form.addRow("Meaning:", self._with_lock("semantic_enabled", self.semantic))
        form.addRow("&Sensitivity:", self._with_lock("semantic_sensitivity", self.sensitivity))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_error = QLabel()
        self.save_error.setWordWrap(True)
        self.save_error.setStyleSheet("color: #c62828;")

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_error)
        layout.addWidget(self.buttons)
        self._sync_enabled()
        self._validate()
        self.resize(520, self.sizeHint().height())
        #: What the window showed when it opened: only settings changed from this are saved.
        self.shown = self._values(normalise_hotkey=False)

    def _with_lock(self, name: str, widget: QWidget) -> QWidget:
        container = QWidget()
        row = QHBoxLayout(container)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(widget, 1)
        if self.config.is_locked(name):
            widget.setEnabled(False)
            label = QLabel(LOCKED_TEXT)
            label.setStyleSheet("color: palette(placeholder-text); font-style: italic;")
            label.setAccessibleName(f"{name.replace('_', ' ')}: {LOCKED_TEXT}")
            widget.setToolTip(LOCKED_TEXT)
            widget.setAccessibleDescription(LOCKED_TEXT)
            row.addWidget(label)
            self.lock_labels[name] = label
        return container

    def _on_recorded(self, sequence: QKeySequence) -> None:
        if sequence.isEmpty():
            return
        self.hotkey.setText(hotkey_from_sequence(sequence))

    def _sync_enabled(self) -> None:
        self.min_length.setEnabled(
            not self.config.is_locked("clipboard_min_length")
            and (self.clipboard_watch.isChecked() or self.config.is_locked("clipboard_watch"))
        )
        self.sensitivity.setEnabled(
            not self.config.is_locked("semantic_sensitivity")
            and (self.semantic.isChecked() or self.config.is_locked("semantic_enabled"))
        )

    def _validate(self) -> bool:
        if self.config.is_locked("hotkey"):
            self.hotkey_error.setText("")
            self.save_button.setEnabled(True)
            return True
        try:
            validate_hotkey(self.hotkey.text())
        except HotkeyError as error:
            self.hotkey_error.setText(str(error))
            self.save_button.setEnabled(False)
            return False
        self.hotkey_error.setText("")
        self.save_button.setEnabled(True)
        return True

    def values(self) -> dict[str, object]:
        return self._values(normalise_hotkey=True)

    def _values(self, normalise_hotkey: bool) -> dict[str, object]:
        values: dict[str, object] = {
            "clipboard_watch": self.clipboard_watch.isChecked(),
            "clipboard_min_length": self.min_length.value(),
            "default_audience": self.audience.currentData(),
            "grammar_enabled": self.grammar.isChecked(),
            "semantic_enabled": self.semantic.isChecked(),
            "semantic_sensitivity": self.sensitivity.currentData(),
        }
        if not self.config.is_locked("hotkey"):
            values["hotkey"] = _normalised(self.hotkey.text()) if normalise_hotkey else self.hotkey.text()
        return values

    def save(self) -> None:
        if not self._validate():
            return
        changed: list[str] = []
        for name, value in self.values().items():
            if self.config.is_locked(name):
                continue  # the district's value always wins
            shown = self.shown.get(name)
            if name == "hotkey" and isinstance(shown, str):
                shown = _normalised(shown, fallback=shown)
            if value == shown:
                continue  # untouched: keeps following the district (or the user's earlier choice)
            if getattr(self.config.settings, name) != value:
                changed.append(name)
            self.config.set_user_value(name, value)
        try:
            save_user_settings(self.config)
        except OSError as error:
            self.save_error.setText(f"Could not save the settings: {error.strerror or error}")
            return
        log.info("settings saved changed=%s", ",".join(changed))
        self.saved.emit(changed)
        self.accept()


#: Qt's portable key names -> the hotkey names of capture/hotkey_spec.py.
_QT_KEY_NAMES = {
    "meta": "windows", "pgup": "page up", "pgdown": "page down", "ins": "insert", "del": "delete",
    "return": "enter", "print": "print screen", "scrolllock": "scroll lock", "backspace": "backspace",
}


def hotkey_from_sequence(sequence: QKeySequence) -> str:
    """A recorded key combination in the spelling the settings use ("ctrl+shift+f8")."""
    portable = sequence[0].toCombined() if sequence.count() else 0
    text = QKeySequence(portable).toString(QKeySequence.SequenceFormat.PortableText)
    # "Ctrl++" (the plus key) splits badly; Qt writes it last, so handle it first.
    plus = text.endswith("++")
    parts = [p for p in (text[:-2] if plus else text).split("+") if p]
    names = [_QT_KEY_NAMES.get(part.lower(), part.lower()) for part in parts]
    if plus:
        names.append("=")  # the + key shares its key with = on US layouts
    return "+".join(names)


def _normalised(text: str, fallback: str | None = None) -> str:
    """A hotkey in its normal spelling; `fallback` (or the error) when it is not valid."""
    try:
        return str(validate_hotkey(text))
    except HotkeyError:
        if fallback is None:
            raise
        return fallback
