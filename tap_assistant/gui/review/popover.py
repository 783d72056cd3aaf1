"""The popover: click (or rest the mouse on) a highlighted phrase and its advice opens beside it.

It is the finding's card (same title, reason, Apply and Ignore as in the list) in a small
popup window under the words, kept inside the screen. Escape or a click elsewhere closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from tap_assistant.core.model import Finding
from tap_assistant.gui.review.findings import FindingCard, list_style_sheet
from tap_assistant.gui.theme import Palette

POPOVER_WIDTH = 360


class FindingPopover(QFrame):
    apply_requested = Signal(object, str)
    ignore_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("popover")
        self.setAccessibleName("Finding")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self.card: FindingCard | None = None
        self._styled_for: Palette | None = None

    @property
    def finding(self) -> Finding | None:
        return None if self.card is None else self.card.finding

    def show_for(self, finding: Finding, palette: Palette, anchor: QRect) -> None:
        """Show `finding`'s card just under `anchor` (global coordinates of the words)."""
        if self._styled_for is not palette:
            self.setStyleSheet(list_style_sheet(palette) + "\nQFrame#popover { border: 1px solid palette(mid); }")
            self._styled_for = palette
        if self.card is not None:
            self.card.hide()
            self.card.setParent(None)
            self.card.deleteLater()
        self.card = FindingCard(finding, palette)
        self.card.apply_requested.connect(self._on_apply)
        self.card.ignore_requested.connect(self._on_ignore)
        self._layout.addWidget(self.card)
        self.setFixedWidth(POPOVER_WIDTH)
        self.adjustSize()
        self.move(self._place(anchor))
        self.show()
        self.card.setFocus(Qt.FocusReason.PopupFocusReason)

    def _place(self, anchor: QRect) -> QPoint:
        screen = QGuiApplication.screenAt(anchor.center()) or QGuiApplication.primaryScreen()
        free = screen.availableGeometry()
        size = self.sizeHint().expandedTo(self.size())
        x = min(max(anchor.left(), free.left()), free.right() - size.width())
        y = anchor.bottom() + 4
        if y + size.height() > free.bottom():  # no room below the words: above them
            y = max(free.top(), anchor.top() - 4 - size.height())
        return QPoint(x, y)

    def _on_apply(self, findings: object, replacement: str) -> None:
        self.close()
        self.apply_requested.emit(findings, replacement)

    def _on_ignore(self, finding: object) -> None:
        self.close()
        self.ignore_requested.emit(finding)
