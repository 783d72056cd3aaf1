"""The front page: masthead with the district's name and today's date, the headline, the article."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from tap_assistant.core.model import Audience, Report
from tap_assistant.gui.review.article import ArticleEditor
from tap_assistant.gui.review.fitting import FittedLabel
from tap_assistant.gui.theme import Palette, serif_font

AUDIENCE_PHRASES = {
    Audience.STUDENT: "a message to a student",
    Audience.PARENT: "a message to a parent",
    Audience.COLLEAGUE: "a message to a colleague",
    Audience.PUBLIC: "a public post",
}


def front_page_date(day: dt.date) -> str:
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def _rule(height: int) -> QFrame:
    line = QFrame()
    line.setObjectName("rule")
    line.setFixedHeight(height)
    line.setFrameShape(QFrame.Shape.NoFrame)
    return line


class NewspaperPage(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setAccessibleName("Front page preview")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(30, 18, 30, 18)
        layout.setSpacing(6)

        self.kicker = QLabel("THE FRONT PAGE TEST")
        self.kicker.setObjectName("kicker")
        self.kicker.setAlignment(Qt.AlignmentFlag.AlignCenter)
        kicker_font = serif_font(8.5)
        kicker_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 160)
        self.kicker.setFont(kicker_font)

        # One line always: the font scales down on narrow windows, then the name elides.
        self.masthead = FittedLabel(min_point_size=13)
        self.masthead.setObjectName("masthead")
        self.masthead.setAlignment(Qt.AlignmentFlag.AlignCenter)
        mast_font = serif_font(25, bold=True)
        mast_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 104)
        self.masthead.setFont(mast_font)
        self.masthead.setAccessibleName("Newspaper masthead")

        dateline = QHBoxLayout()
        dateline.setContentsMargins(0, 0, 0, 0)
        small_caps = serif_font(8.5)
        small_caps.setCapitalization(QFont.Capitalization.AllUppercase)
        small_caps.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 115)
        self.date_label = QLabel()
        self.section_label = QLabel("Local news")
        self.edition_label = QLabel()
        for label, align in (
            (self.date_label, Qt.AlignmentFlag.AlignLeft),
            (self.section_label, Qt.AlignmentFlag.AlignHCenter),
            (self.edition_label, Qt.AlignmentFlag.AlignRight),
        ):
            label.setFont(small_caps)
            label.setObjectName("dateline")
            label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
            dateline.addWidget(label, 1)

        self.headline = QLabel()
        self.headline.setObjectName("headline")
        self.headline.setWordWrap(True)
        self.headline.setFont(serif_font(21, bold=True))
        self.headline.setAccessibleName("Headline")
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.headline.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.byline = QLabel()
        self.byline.setObjectName("byline")
        self.byline.setFont(serif_font(10, italic=True))

        self.article = ArticleEditor()
        self.article.setObjectName("article")

        layout.addWidget(self.kicker)
        layout.addWidget(self.masthead)
        layout.addSpacing(2)
        layout.addWidget(_rule(3))
        layout.addLayout(dateline)
        layout.addWidget(_rule(1))
        layout.addSpacing(8)
        layout.addWidget(self.headline)
        layout.addWidget(self.byline)
        layout.addSpacing(4)
        layout.addWidget(self.article, 1)

    def set_front_page(self, district_name: str, report: Report | None, audience: Audience, day: dt.date) -> None:
        self.masthead.setText(district_name.upper())
        self.date_label.setText(front_page_date(day))
        self.edition_label.setText(AUDIENCE_PHRASES[audience].replace("a ", "", 1).replace("message to ", "to "))
        if report is not None:
            self.headline.setText(report.headline or "Staff member sends a message")
            words = len(report.text.split())
            self.byline.setText(f"From the draft of {AUDIENCE_PHRASES[audience]} · {words:,} words")

    def apply_palette(self, palette: Palette) -> None:
        self.setStyleSheet(
            f"""
            QFrame#page {{ background: {palette.paper.name()}; border: 1px solid {palette.muted.name()};
                           border-radius: 3px; }}
            QFrame#page QLabel {{ color: {palette.ink.name()}; background: transparent; }}
            QFrame#page QLabel#kicker, QFrame#page QLabel#dateline, QFrame#page QLabel#byline {{
                color: {palette.muted.name()}; }}
            QFrame#page QFrame#rule {{ background: {palette.rule.name()}; }}
            QFrame#page QTextEdit#article {{ background: transparent; color: {palette.ink.name()};
                selection-background-color: {palette.pillar[next(iter(palette.pillar))].name()}; }}
            QFrame#page QScrollBar:vertical {{ background: {palette.paper.name()}; width: 10px; margin: 0; border: none; }}
            QFrame#page QScrollBar::handle:vertical {{ background: {palette.muted.name()}; border-radius: 4px;
                min-height: 24px; margin: 1px 2px; }}
            QFrame#page QScrollBar::add-line:vertical, QFrame#page QScrollBar::sub-line:vertical {{ height: 0; }}
            QFrame#page QScrollBar::add-page:vertical, QFrame#page QScrollBar::sub-page:vertical {{ background: none; }}
            """
        )
