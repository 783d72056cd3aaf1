"""The tray icon, drawn at runtime: a newspaper glyph plus a badge showing the state.

Drawn with QPainter at several sizes (16-64 px) so it stays crisp at any DPI; shapes, not font
glyphs, carry the meaning (tick, pause bars, dots) because tray fonts vary by desktop.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap

from tap_assistant.gui.theme import BADGE_COLOURS

ICON_SIZES = (16, 20, 24, 32, 40, 48, 64)


class BadgeState(str, enum.Enum):
    IDLE = "idle"
    STARTING = "starting"
    CHECKING = "checking"
    PASS = "pass"
    CAUTION = "caution"
    STOP = "stop"
    PAUSED = "paused"


BADGE_DESCRIPTIONS = {
    BadgeState.IDLE: "ready",
    BadgeState.STARTING: "starting",
    BadgeState.CHECKING: "checking",
    BadgeState.PASS: "pass",
    BadgeState.CAUTION: "caution",
    BadgeState.STOP: "stop",
    BadgeState.PAUSED: "clipboard watching paused",
}


def _draw_base(painter: QPainter, size: int) -> None:
    """A folded newspaper: rounded page, bold masthead bar and column lines."""
    s = float(size)
    page = QRectF(s * 0.06, s * 0.08, s * 0.78, s * 0.80)
    painter.setPen(QPen(QColor("#1d2b3a"), max(1.0, s / 24)))
    painter.setBrush(QColor("#f7f4ec"))
    painter.drawRoundedRect(page, s * 0.10, s * 0.10)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#1d2b3a"))
    painter.drawRect(QRectF(page.left() + s * 0.10, page.top() + s * 0.11, page.width() - s * 0.20, s * 0.13))
    line_h = max(1.0, s * 0.055)
    for i in range(3):
        y = page.top() + s * (0.34 + 0.13 * i)
        painter.drawRect(QRectF(page.left() + s * 0.10, y, page.width() * 0.45, line_h))


def _draw_badge(painter: QPainter, size: int, state: BadgeState, count: int) -> None:
    if state is BadgeState.IDLE:
        return
    s = float(size)
    d = s * 0.58
    rect = QRectF(s - d, s - d, d, d)
    colour = BADGE_COLOURS[state.value]
    painter.setPen(QPen(QColor("white"), max(1.0, s / 20)))
    painter.setBrush(colour)
    painter.drawEllipse(rect)
    centre = rect.center()
    white = QPen(QColor("white"), max(1.5, d * 0.14), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if state is BadgeState.PASS:
        path = QPainterPath(QPointF(rect.left() + d * 0.26, centre.y() + d * 0.02))
        path.lineTo(rect.left() + d * 0.44, rect.top() + d * 0.70)
        path.lineTo(rect.left() + d * 0.76, rect.top() + d * 0.32)
        painter.setPen(white)
        painter.drawPath(path)
    elif state is BadgeState.CAUTION:
        painter.setPen(QColor("#1a1a1a"))
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(6, int(d * (0.70 if count < 10 else 0.52))))
        painter.setFont(font)
        label = str(count) if 0 < count < 10 else ("9+" if count >= 10 else "!")
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
    elif state is BadgeState.STOP:
        # A bar across the disc, like a no-entry sign: readable without colour vision.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        bar = QRectF(rect.left() + d * 0.22, centre.y() - d * 0.09, d * 0.56, d * 0.18)
        painter.drawRoundedRect(bar, d * 0.05, d * 0.05)
    elif state is BadgeState.PAUSED:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        for x in (0.32, 0.56):
            painter.drawRect(QRectF(rect.left() + d * x, rect.top() + d * 0.27, d * 0.13, d * 0.46))
    else:  # starting / checking: three dots
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        r = max(0.8, d * 0.08)
        for x in (0.28, 0.50, 0.72):
            painter.drawEllipse(QPointF(rect.left() + d * x, centre.y()), r, r)


def badge_pixmap(size: int, state: BadgeState, count: int = 0, device_pixel_ratio: float = 1.0) -> QPixmap:
    pixels = max(1, round(size * device_pixel_ratio))
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _draw_base(painter, pixels)
    _draw_badge(painter, pixels, state, count)
    painter.end()
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


def badge_icon(state: BadgeState, count: int = 0) -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addPixmap(badge_pixmap(size, state, count))
    return icon


def app_icon() -> QIcon:
    return badge_icon(BadgeState.IDLE)
