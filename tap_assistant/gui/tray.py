"""The tray icon: badge, tooltip with the last verdict, the menu, and notifications."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from tap_assistant.gui.badge import BADGE_DESCRIPTIONS, BadgeState, badge_icon

log = logging.getLogger(__name__)


class Tray(QObject):
    check_selection = Signal()
    check_clipboard = Signal()
    show_last = Signal()
    pause_toggled = Signal(bool)
    open_settings = Signal()
    open_about = Signal()
    quit_requested = Signal()
    notification_clicked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = BadgeState.STARTING
        self.count = 0
        self.icon = QSystemTrayIcon(badge_icon(self.state), self)
        self.menu = QMenu()
        self.menu.setAccessibleName("TAP Assistant menu")
        self.check_selection_action = self._add("Check &selection", self.check_selection)
        self.check_clipboard_action = self._add("Check &clipboard", self.check_clipboard)
        self.show_last_action = self._add("Show &last review", self.show_last)
        self.show_last_action.setEnabled(False)
        self.menu.addSeparator()
        self.pause_action = QAction("&Pause clipboard watching", self.menu)
        self.pause_action.setCheckable(True)
        self.pause_action.toggled.connect(self.pause_toggled)
        self.menu.addAction(self.pause_action)
        self.hotkey_note = QAction("", self.menu)
        self.hotkey_note.setEnabled(False)
        self.hotkey_note.setVisible(False)
        self.menu.addAction(self.hotkey_note)
        self.menu.addSeparator()
        self._add("Se&ttings…", self.open_settings)
        self._add("&About TAP Assistant", self.open_about)
        self._add("&Quit", self.quit_requested)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        self.icon.messageClicked.connect(self.notification_clicked)
        self._last_summary = "No draft checked yet."
        self._hotkey_text = ""
        self._engine_text = ""
        self._update_tooltip()

    def _add(self, text: str, signal: Signal) -> QAction:
        action = QAction(text, self.menu)
        action.triggered.connect(lambda _=False: signal.emit())
        self.menu.addAction(action)
        return action

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    @property
    def visible(self) -> bool:
        return self.icon.isVisible()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_last.emit()

    def set_state(self, state: BadgeState, count: int = 0) -> None:
        if state is self.state and count == self.count:
            return
        self.state, self.count = state, count
        self.icon.setIcon(badge_icon(state, count))
        self._update_tooltip()
        log.info("badge state=%s count=%d", state.value, count)

    def set_last_summary(self, summary: str) -> None:
        self._last_summary = summary
        self.show_last_action.setEnabled(True)
        self._update_tooltip()

    def set_hotkey_note(self, text: str, hotkey: str = "") -> None:
        """`text` non-empty means the hotkey is unavailable and explains the fallback."""
        if text:
            self.hotkey_note.setText("Hotkey unavailable: use tap-assistant --check-selection")
            self.hotkey_note.setToolTip(text)
            self.hotkey_note.setVisible(True)
            self._hotkey_text = "Hotkey unavailable: bind tap-assistant --check-selection in your desktop's shortcuts."
            self.check_selection_action.setText("Check &selection")
        else:
            self.hotkey_note.setVisible(False)
            self._hotkey_text = f"Hotkey: {hotkey}" if hotkey else ""
            self.check_selection_action.setText(f"Check &selection\t{hotkey}" if hotkey else "Check &selection")
        self._update_tooltip()

    def set_engine_note(self, state: str, detail: str = "") -> None:
        texts = {
            "starting": "Grammar: the engine is starting",
            "ready": "",
            "disabled": "Grammar: off",
            "stopped": "",
        }
        self._engine_text = texts.get(state, "Grammar: unavailable" + (f" ({detail})" if detail else ""))
        self._update_tooltip()

    def set_paused(self, paused: bool, watching_enabled: bool) -> None:
        self.pause_action.blockSignals(True)
        self.pause_action.setChecked(paused)
        self.pause_action.blockSignals(False)
        self.pause_action.setEnabled(watching_enabled)
        self.pause_action.setText("&Pause clipboard watching" if watching_enabled else "Clipboard watching is off (Settings)")

    def _update_tooltip(self) -> None:
        lines = [f"TAP Assistant — {BADGE_DESCRIPTIONS[self.state]}", self._last_summary]
        if self._hotkey_text:
            lines.append(self._hotkey_text)
        if self._engine_text:
            lines.append(self._engine_text[:120])
        self.icon.setToolTip("\n".join(lines))

    def tooltip(self) -> str:
        return self.icon.toolTip()

    def notify(self, title: str, message: str, critical: bool = False) -> None:
        if self.icon.supportsMessages():
            icon = QSystemTrayIcon.MessageIcon.Critical if critical else QSystemTrayIcon.MessageIcon.Warning
            self.icon.showMessage(title, message, icon, 8000)
