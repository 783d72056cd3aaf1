"""Colours and fonts shared by the tray badge and the review, for light and dark themes.

Pillar colours (highlights) are deliberately different hues from verdict colours (traffic
lights), so a blue highlight never reads as "pass" and an amber verdict never as a pillar.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from tap_assistant.core.model import Pillar, Verdict

PILLAR_LABELS = {
    Pillar.TRANSPARENT: "Transparent",
    Pillar.ACCESSIBLE: "Accessible",
    Pillar.PROFESSIONAL: "Professional",
}
PILLAR_LETTERS = {Pillar.TRANSPARENT: "T", Pillar.ACCESSIBLE: "A", Pillar.PROFESSIONAL: "P"}

VERDICT_LABELS = {
    Verdict.PASS: "Pass",
    Verdict.CAUTION: "Caution",
    Verdict.STOP: "Stop",
}
VERDICT_ADVICE = {
    Verdict.PASS: "Ready to send",
    Verdict.CAUTION: "Review before sending",
    Verdict.STOP: "Fix before sending",
}


@dataclass(frozen=True)
class Palette:
    dark: bool
    pillar: dict[Pillar, QColor]
    verdict: dict[Verdict, QColor]
    paper: QColor
    ink: QColor
    muted: QColor
    rule: QColor

    def highlight(self, pillar: Pillar, strong: bool) -> QColor:
        colour = QColor(self.pillar[pillar])
        alpha = 0.36 if self.dark else 0.22
        colour.setAlphaF(alpha + (0.12 if strong else 0.0))
        return colour


LIGHT = Palette(
    dark=False,
    pillar={
        Pillar.TRANSPARENT: QColor("#1f6fb2"),
        Pillar.ACCESSIBLE: QColor("#8a3ffc"),
        Pillar.PROFESSIONAL: QColor("#c25e00"),
    },
    verdict={Verdict.PASS: QColor("#2e7d32"), Verdict.CAUTION: QColor("#b26a00"), Verdict.STOP: QColor("#c62828")},
    paper=QColor("#fbf8f1"),
    ink=QColor("#1b1a17"),
    muted=QColor("#5f5a50"),
    rule=QColor("#2b2925"),
)

DARK = Palette(
    dark=True,
    pillar={
        Pillar.TRANSPARENT: QColor("#62aef5"),
        Pillar.ACCESSIBLE: QColor("#c39bff"),
        Pillar.PROFESSIONAL: QColor("#ffa64d"),
    },
    verdict={Verdict.PASS: QColor("#66bb6a"), Verdict.CAUTION: QColor("#ffca28"), Verdict.STOP: QColor("#ef5350")},
    paper=QColor("#23221f"),
    ink=QColor("#ece8df"),
    muted=QColor("#aaa397"),
    rule=QColor("#d8d2c4"),
)

#: Badge colours stay the same in both themes: the tray background is the desktop's, not ours.
BADGE_COLOURS = {
    "starting": QColor("#7a8591"),
    "checking": QColor("#2f7fd0"),
    "pass": QColor("#2e9d3a"),
    "caution": QColor("#f0a000"),
    "stop": QColor("#d32f2f"),
    "paused": QColor("#6b6f76"),
}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def current_palette(palette: QPalette | None = None) -> Palette:
    return DARK if is_dark(palette) else LIGHT


SERIF_FAMILIES = ["Georgia", "Charter", "Cambria", "Liberation Serif", "DejaVu Serif", "Times New Roman", "serif"]


def serif_font(point_size: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(SERIF_FAMILIES)
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setItalic(italic)
    return font


def contrast_text(background: QColor) -> QColor:
    """Black or white, whichever reads better on `background`."""
    r, g, b = background.redF(), background.greenF(), background.blueF()
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return QColor("#111111") if luminance > 0.55 else QColor("#ffffff")
