"""The T / A / P scorecard: the overall verdict and each pillar's verdict with its finding count.

The circles wear the pillar's colour (the same as its highlights in the draft, so the scorecard is
the legend); the verdict is a word with a shape (✓ ▲ ✕), never a colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from tap_assistant.core.model import Pillar, Report, Severity, Verdict
from tap_assistant.gui.theme import (
    PILLAR_LABELS,
    PILLAR_LETTERS,
    VERDICT_ADVICE,
    VERDICT_ICONS,
    VERDICT_LABELS,
    Palette,
    contrast_text,
)


class Scorecard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scorecard")
        self.setAccessibleName("TAP scorecard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.banner = QLabel()
        self.banner.setObjectName("verdictBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        banner_font = QFont()
        banner_font.setPointSizeF(13)
        banner_font.setBold(True)
        self.banner.setFont(banner_font)
        self.banner.setMinimumHeight(40)
        layout.addWidget(self.banner)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.letters: dict[Pillar, QLabel] = {}
        self.names: dict[Pillar, QLabel] = {}
        self.verdicts: dict[Pillar, QLabel] = {}
        for row, pillar in enumerate(Pillar):
            letter = QLabel(PILLAR_LETTERS[pillar])
            letter.setAlignment(Qt.AlignmentFlag.AlignCenter)
            letter.setFixedSize(34, 34)
            letter_font = QFont()
            letter_font.setPointSizeF(14)
            letter_font.setBold(True)
            letter.setFont(letter_font)
            name = QLabel(PILLAR_LABELS[pillar])
            name_font = QFont()
            name_font.setBold(True)
            name.setFont(name_font)
            letter.setToolTip(f"Words flagged for {PILLAR_LABELS[pillar]} are highlighted in this colour")
            verdict = QLabel()
            verdict.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(letter, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(verdict, row, 2)
            self.letters[pillar], self.names[pillar], self.verdicts[pillar] = letter, name, verdict
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self._palette: Palette | None = None

    def set_report(self, report: Report, palette: Palette) -> None:
        self._palette = palette
        overall = report.verdict
        colour = palette.verdict[overall]
        self.banner.setText(f"{VERDICT_ICONS[overall]} {VERDICT_LABELS[overall].upper()} — {VERDICT_ADVICE[overall]}")
        self.banner.setStyleSheet(
            f"background: {colour.name()}; color: {contrast_text(colour).name()}; border-radius: 6px; padding: 6px;"
        )
        self.banner.setAccessibleName(f"Overall verdict: {VERDICT_LABELS[overall]}. {VERDICT_ADVICE[overall]}.")
        for pillar in Pillar:
            verdict = report.pillar_verdict(pillar)
            counted = [f for f in report.findings if f.pillar is pillar and f.severity is not Severity.INFO]
            notes = [f for f in report.findings if f.pillar is pillar and f.severity is Severity.INFO]
            pcol = palette.pillar[pillar]
            self.letters[pillar].setStyleSheet(
                f"background: {pcol.name()}; color: {contrast_text(pcol).name()}; border-radius: 17px;"
            )
            detail = f"{VERDICT_ICONS[verdict]} {VERDICT_LABELS[verdict]}"
            if counted:
                detail += f" · {len(counted)} finding{'s' if len(counted) != 1 else ''}"
            elif notes:
                detail += f" · {len(notes)} note{'s' if len(notes) != 1 else ''}"
            self.verdicts[pillar].setText(detail)
            self.verdicts[pillar].setStyleSheet("font-weight: bold;")
            accessible = f"{PILLAR_LABELS[pillar]}: {detail[2:]}"
            for widget in (self.letters[pillar], self.names[pillar], self.verdicts[pillar]):
                widget.setAccessibleName(accessible)

    def verdict_text(self, pillar: Pillar) -> str:
        return self.verdicts[pillar].text()

    @staticmethod
    def overall_label(verdict: Verdict) -> str:
        return VERDICT_LABELS[verdict]
