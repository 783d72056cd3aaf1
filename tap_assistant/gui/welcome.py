"""The first-run welcome: the hotkey, the badge, privacy; and the work email when IT set no domain.

Shown once per user (a marker file in the app's data folder records that it was seen). When the
district has not configured its email domains, the TAP rules cannot tell a district address
from a personal one; the work address the user gives here supplies the domain.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import platformdirs
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from tap_assistant import APP_NAME
from tap_assistant.core.config import Configuration, save_user_settings
from tap_assistant.gui.badge import app_icon

log = logging.getLogger(__name__)

_EMAIL = re.compile(r"^[^@\s]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$")


def welcome_marker() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "welcome-shown"


def should_welcome() -> bool:
    return not welcome_marker().exists()


def mark_welcomed() -> None:
    marker = welcome_marker()
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text("1\n", encoding="utf-8")
    except OSError as error:
        log.warning("could not record the welcome (%s)", type(error).__name__)


def domain_of(address: str) -> str | None:
    match = _EMAIL.match(address.strip())
    return match.group(1).lower() if match else None


class WelcomeDialog(QDialog):
    #: Emitted with the names of settings the welcome changed (e.g. ["district_domains"]).
    saved = Signal(list)

    def __init__(self, config: Configuration, hotkey_note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.setWindowTitle("Welcome to TAP Assistant")
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        hotkey = config.settings.hotkey.replace("+", " + ").title()
        how = (
            f"Select a draft in any program and press <b>{hotkey}</b>."
            if not hotkey_note
            else f"Select a draft in any program, then choose <b>Check selection</b> in the tray menu. {hotkey_note}"
        )
        text = QLabel(
            "<p><b>Check a message before you send it.</b></p>"
            f"<p>{how} The review shows your draft as the front page of the local paper, with the words "
            "to reconsider highlighted and a fix for each.</p>"
            "<p><b>The badge</b> in the tray shows the last verdict: ✓ Pass, ▲ Caution (review before "
            "sending), ✕ Stop (fix before sending).</p>"
            "<p><b>Private:</b> your drafts are checked on this computer; nothing is sent anywhere and no "
            "draft is ever saved.</p>"
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(text)
        self.email: QLineEdit | None = None
        if not config.settings.district_domains and not config.is_locked("district_domains"):
            ask = QLabel("Your <b>work email address</b>, so that district addresses are not taken for personal ones:")
            ask.setWordWrap(True)
            self.email = QLineEdit()
            self.email.setPlaceholderText("name@yourdistrict.org")
            self.email.setAccessibleName("Work email address")
            ask.setBuddy(self.email)
            self.email_error = QLabel()
            self.email_error.setStyleSheet("color: #c62828;")
            layout.addWidget(ask)
            layout.addWidget(self.email)
            layout.addWidget(self.email_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Get started")
        buttons.accepted.connect(self.finish)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def finish(self) -> None:
        changed: list[str] = []
        if self.email is not None and self.email.text().strip():
            domain = domain_of(self.email.text())
            if domain is None:
                self.email_error.setText("That does not look like an email address.")
                return
            self.config.set_user_value("district_domains", [domain])
            try:
                save_user_settings(self.config)
            except OSError as error:
                self.email_error.setText(f"Could not save it: {error.strerror or error}")
                return
            changed.append("district_domains")
            log.info("welcome set the district domain")
        mark_welcomed()
        self.saved.emit(changed)
        self.accept()

    def reject(self) -> None:  # closing the window also counts as seen
        mark_welcomed()
        super().reject()
