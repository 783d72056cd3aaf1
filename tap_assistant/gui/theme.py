"""Colours and fonts shared by the tray badge and the review, for light and dark themes.

One honest colour code: each pillar has one colour everywhere (highlights, underlines, the
T / A / P circles, the card edge), and no pillar colour is a traffic-light colour (green, amber,
red), so a highlight never reads as a verdict. Verdicts and severities are said in words with a
shape (VERDICT_ICONS, SEVERITY_ICONS), so they never depend on colour alone. The pillar colours
stay apart under protanopia, deuteranopia and tritanopia, and reach at least 3:1 against the
page in both themes (tests/gui/test_colours.py simulates and measures this).
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
#: Shapes that carry the verdict or severity without colour (DejaVu Sans has them all).
VERDICT_ICONS = {Verdict.PASS: "✓", Verdict.CAUTION: "▲", Verdict.STOP: "✕"}

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
        # Light enough (dark theme: dark enough) that the ink keeps 4.5:1 on it.
        alpha = 0.26 if self.dark else 0.22
        colour.setAlphaF(alpha + (0.10 if strong else 0.0))
        return colour


# Blue, brown (dark theme: pale yellow-green) and magenta: chosen by simulating the three colour-vision deficiencies (the
# former purple and blue merged under protanopia; the former orange was Caution amber).
LIGHT = Palette(
    dark=False,
    pillar={
        Pillar.TRANSPARENT: QColor("#0050c8"),
        Pillar.ACCESSIBLE: QColor("#6e4514"),
        Pillar.PROFESSIONAL: QColor("#b0007a"),
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
        Pillar.TRANSPARENT: QColor("#5b9bff"),
        Pillar.ACCESSIBLE: QColor("#e2e86a"),
        Pillar.PROFESSIONAL: QColor("#f07ab0"),
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


def relative_luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio of two opaque colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def blend(top: QColor, bottom: QColor) -> QColor:
    """`top` (with its alpha) painted over opaque `bottom`."""
    alpha = top.alphaF()
    return QColor.fromRgbF(
        top.redF() * alpha + bottom.redF() * (1 - alpha),
        top.greenF() * alpha + bottom.greenF() * (1 - alpha),
        top.blueF() * alpha + bottom.blueF() * (1 - alpha),
    )


def contrast_text(background: QColor) -> QColor:
    """Black or white, whichever reads better on `background`."""
    r, g, b = background.redF(), background.greenF(), background.blueF()
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return QColor("#111111") if luminance > 0.55 else QColor("#ffffff")
