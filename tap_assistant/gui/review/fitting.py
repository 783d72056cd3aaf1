"""Widgets and helpers that keep the review usable on any laptop screen.

The review used to open at a fixed 1180x780, which put its buttons below the edge of the most
common school laptop screen (1366x768 with a taskbar). Everything here sizes from what the
screen really has left (`availableGeometry`, which excludes taskbars and panels) and shrinks
text before it would clip: the masthead scales its font down and then elides, buttons elide
their label (the full text stays in the tooltip and accessible name).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QResizeEvent, QScreen
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget

#: The size the review prefers when the screen has room for it.
PREFERRED_SIZE = QSize(1180, 780)
#: Below this the review stops shrinking (unless the screen itself is smaller).
MINIMUM_SIZE = QSize(720, 500)
#: Room for the window manager's title bar and borders before the window is mapped (after
#: mapping the real frame is known and used instead).
FRAME_ALLOWANCE = QSize(12, 40)


def frame_margins(window: QWidget) -> QSize:
    frame, inner = window.frameGeometry(), window.geometry()
    extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    if window.isVisible() and (extra.width() > 0 or extra.height() > 0):
        return extra
    return FRAME_ALLOWANCE


def fitted_geometry(available: QRect, preferred: QSize, frame: QSize, current: QRect | None = None) -> QRect:
    """The client rectangle for a window: `preferred` (or `current`) size, shrunk so that the
    window *with its frame* fits in `available`, and placed inside it (centred when new)."""
    border = frame.width() // 2
    title = frame.height() - border  # the title bar plus the top border
    room = QSize(max(1, available.width() - frame.width()), max(1, available.height() - frame.height()))
    size = (current.size() if current is not None else preferred).boundedTo(room)
    outer_w, outer_h = size.width() + frame.width(), size.height() + frame.height()
    if current is None:
        left = available.left() + (available.width() - outer_w) // 2
        top = available.top() + (available.height() - outer_h) // 2
    else:
        left = min(max(current.left() - border, available.left()), available.left() + available.width() - outer_w)
        top = min(max(current.top() - title, available.top()), available.top() + available.height() - outer_h)
    return QRect(QPoint(left + border, top + title), size)


def screen_for(window: QWidget) -> QScreen:
    return window.screen() or QGuiApplication.primaryScreen()


class FittedLabel(QLabel):
    """A one-line label that scales its font down to `min_point_size` to fit, then elides.

    Never wraps ("MAPLE VALLEY SCHOOL / DISTRICT") and never asks for more width than it has.
    """

    def __init__(self, min_point_size: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._base_font: QFont | None = None
        self._min_point_size = min_point_size
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(40)

    def setFont(self, font: QFont) -> None:  # noqa: N802 - Qt override
        self._base_font = QFont(font)
        super().setFont(font)
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._full = text
        self.setToolTip(text)
        if not self.accessibleDescription():
            self.setAccessibleDescription(text)
        self._fit()

    def full_text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        base = self._base_font or self.font()
        return QSize(super().sizeHint().width(), QFontMetrics(base).height() + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(40, self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        base = QFont(self._base_font or self.font())
        width = max(1, self.contentsRect().width())
        size = base.pointSizeF()
        font = QFont(base)
        while size > self._min_point_size and QFontMetrics(font).horizontalAdvance(self._full) > width:
            size = max(self._min_point_size, size - 1)
            font.setPointSizeF(size)
        shown = QFontMetrics(font).elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        QLabel.setFont(self, font)
        QLabel.setText(self, shown)

    def is_elided(self) -> bool:
        return self.text() != self._full


class ElidingButton(QPushButton):
    """A push button whose label elides to its width instead of being cut off mid-letter."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._full = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(60)

    def full_text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._full = text
        QPushButton.setText(self, text)
        self.updateGeometry()
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        # Ask for the full label's width, not the elided one's (or it would never grow back).
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        extra = metrics.horizontalAdvance(self._full) - metrics.horizontalAdvance(super().text())
        return QSize(hint.width() + max(0, extra), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.minimumWidth(), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _padding(self) -> int:
        """What the style adds around a label (without QPushButton's minimum width)."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        content = QSize(0, self.fontMetrics().height())
        return self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, content, self).width()

    def _fit(self) -> None:
        room = max(10, self.width() - self._padding())
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        if shown != super().text():
            QPushButton.setText(self, shown)

    def is_elided(self) -> bool:
        return self.text() != self._full
