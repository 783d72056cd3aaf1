"""First run without district domains: ask once for the writer's work email address.

Without district domains the checker cannot tell the writer's own district address from any
other non-webmail address. The domain of the work address the writer types is kept in their
settings (`district_domains`), unless the district policy locks that key. Asked once: a marker
in the user's state folder records that the question was answered or skipped.
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

log = logging.getLogger(__name__)

_ADDRESS = re.compile(r"^\s*[\w.%+\-]+@((?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z]{2,24})\s*$", re.IGNORECASE)


def marker_path() -> Path:
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)) / "asked-work-email"


def should_ask_work_email(config: Configuration, marker: Path | None = None) -> bool:
    if config.settings.district_domains or config.is_locked("district_domains"):
        return False
    return not (marker or marker_path()).exists()


def domain_of(address: str) -> str | None:
    match = _ADDRESS.match(address)
    return match.group(1).lower() if match else None


class WorkEmailDialog(QDialog):
    """Asks for the work email address; never takes the focus from the program in use."""

    saved = Signal(list)  # the changed setting names, like SettingsWindow.saved

    def __init__(self, config: Configuration, marker: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.marker = marker or marker_path()
        self.setWindowTitle("Your work email")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Your district has not set its email domains. Type your work email address so "
                "that TAP Assistant can tell your district address from personal ones."
            )
        )
        self.address = QLineEdit()
        self.address.setAccessibleName("Work email address")
        self.address.setPlaceholderText("name@yourdistrict.org")
        layout.addWidget(self.address)
        self.error = QLabel()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Not now")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _remember_asked(self) -> None:
        try:
            self.marker.parent.mkdir(parents=True, exist_ok=True)
            self.marker.touch()
        except OSError as error:
            log.warning("could not record the work-email question: %s", type(error).__name__)

    def save(self) -> None:
        domain = domain_of(self.address.text())
        if domain is None:
            self.error.setText("That does not look like an email address.")
            return
        self.config.settings.district_domains = [domain]
        try:
            save_user_settings(self.config)
        except OSError as error:
            self.error.setText(f"Could not save the settings: {error.strerror or error}")
            return
        self._remember_asked()
        log.info("work email domain saved")
        self.saved.emit(["district_domains"])
        self.accept()

    def reject(self) -> None:
        self._remember_asked()
        super().reject()
