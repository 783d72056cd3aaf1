"""The findings list: one card per finding with message, why, suggestions (Apply) and Ignore."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from tap_assistant.core.model import Finding, Severity, Source, Verdict
from tap_assistant.gui.review.fitting import ElidingButton
from tap_assistant.gui.theme import PILLAR_LABELS, Palette, contrast_text

SEVERITY_LABELS = {Severity.STOP: "Stop", Severity.CAUTION: "Caution", Severity.INFO: "Note"}
MAX_SUGGESTIONS = 3


def _excerpt(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class FindingCard(QFrame):
    apply_requested = Signal(object, str)
    ignore_requested = Signal(object)
    focus_requested = Signal(object)
    show_requested = Signal(object)

    def __init__(self, finding: Finding, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding = finding
        self.setObjectName("findingCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches every card; Enter shows it in the draft
        source = "Grammar" if finding.source is Source.GRAMMAR else PILLAR_LABELS[finding.pillar]
        self.setAccessibleName(f"{SEVERITY_LABELS[finding.severity]}, {source}: {finding.message}")
        self.setAccessibleDescription(finding.why)
        # Styling comes from one style sheet on the list (see `list_style_sheet`): per-card
        # style sheets are parsed per widget and made the review noticeably slower to open.
        self.setProperty("pillar", finding.pillar.value)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)

        top = QHBoxLayout()
        top.setSpacing(6)
        chip = QLabel(SEVERITY_LABELS[finding.severity].upper())
        chip_font = QFont()
        chip_font.setPointSizeF(7.5)
        chip_font.setBold(True)
        chip.setFont(chip_font)
        chip.setObjectName("chip")
        chip.setProperty("severity", finding.severity.value)
        pillar_label = QLabel(f"{source} · {finding.rule}")
        pillar_label.setWordWrap(True)
        pillar_label.setObjectName("pillarLabel")
        pillar_label.setProperty("pillar", finding.pillar.value)
        top.addWidget(chip)
        top.addWidget(pillar_label, 1)
        layout.addLayout(top)

        message = QLabel(finding.message)
        message.setWordWrap(True)
        message_font = QFont()
        message_font.setBold(True)
        message.setFont(message_font)
        layout.addWidget(message)

        if finding.text.strip():
            quoted = QLabel(f"“{_excerpt(finding.text)}”")
            quoted.setWordWrap(True)
            quoted.setTextFormat(Qt.TextFormat.PlainText)
            quoted_font = QFont()
            quoted_font.setItalic(True)
            quoted.setFont(quoted_font)
            layout.addWidget(quoted)

        self.tips = list(finding.tips)
        for tip in self.tips:
            tip_label = QLabel(f"Tip: {tip}")
            tip_label.setWordWrap(True)
            tip_label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(tip_label)

        if finding.why:
            why = QLabel(f"Why: {finding.why}")
            why.setWordWrap(True)
            why.setTextFormat(Qt.TextFormat.PlainText)
            why.setObjectName("why")
            layout.addWidget(why)
        if finding.clause and finding.clause not in finding.why:
            clause = QLabel(f"Policy: {finding.clause}")
            clause.setWordWrap(True)
            clause.setTextFormat(Qt.TextFormat.PlainText)
            clause.setObjectName("clause")
            layout.addWidget(clause)

        # One suggestion per row: long suggestions wrap in the tooltip, never widen the card.
        self.apply_buttons: list[QPushButton] = []
        for suggestion in finding.suggestions[:MAX_SUGGESTIONS]:
            shown = _excerpt(suggestion, 46) if suggestion else "(remove these words)"
            button = ElidingButton(f"Apply: {shown}")
            button.setAccessibleName(f"Replace “{_excerpt(finding.text, 40)}” with “{suggestion or 'nothing'}”")
            button.setToolTip(suggestion or "Remove these words")
            button.setObjectName("apply")
            button.clicked.connect(lambda _=False, s=suggestion: self.apply_requested.emit(self.finding, s))
            layout.addWidget(button)
            self.apply_buttons.append(button)
        row = QHBoxLayout()
        row.addStretch(1)
        self.ignore_button = ElidingButton("Ignore for this message")
        self.ignore_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.ignore_button.setToolTip("Hide this finding for this message only")
        self.ignore_button.setAccessibleName(f"Ignore this finding for this message: {finding.message}")
        self.ignore_button.clicked.connect(lambda: self.ignore_requested.emit(self.finding))
        row.addWidget(self.ignore_button)
        layout.addLayout(row)
        for label in self.findChildren(QLabel):
            # Word-wrapped labels must not dictate the card's minimum width.
            if label.wordWrap():
                label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
                label.setMinimumWidth(10)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Enter or Space on a focused card shows its words in the draft (keyboard users).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.show_requested.emit(self.finding)
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.focus_requested.emit(self.finding)
        super().focusInEvent(event)


def list_style_sheet(palette: Palette) -> str:
    rules = [
        "QFrame#findingCard { border: 1px solid palette(mid); border-left: 5px solid palette(mid);"
        " border-radius: 4px; background: palette(base); }",
        "QFrame#findingCard QLabel { background: transparent; border: none; }",
        "QLabel#chip { border-radius: 3px; padding: 1px 5px; }",
        "QLabel#pillarLabel { font-weight: bold; }",
        "QLabel#why, QLabel#clause { color: palette(placeholder-text); }",
        "QPushButton#apply { text-align: left; padding: 3px 8px; }",
    ]
    for pillar, colour in palette.pillar.items():
        name = colour.name()
        rules.append(f'QFrame#findingCard[pillar="{pillar.value}"] {{ border-left: 5px solid {name}; }}')
        rules.append(
            f'QFrame#findingCard[pillar="{pillar.value}"]:focus {{ border: 2px solid {name}; border-left: 5px solid {name}; }}'
        )
        rules.append(f'QLabel#pillarLabel[pillar="{pillar.value}"] {{ color: {name}; }}')
    for severity in Severity:
        colour = palette.muted if severity is Severity.INFO else palette.verdict[Verdict.from_severity(severity)]
        rules.append(
            f'QLabel#chip[severity="{severity.value}"] {{ background: {colour.name()};'
            f" color: {contrast_text(colour).name()}; }}"
        )
    return "\n".join(rules)


class FindingsList(QScrollArea):
    apply_requested = Signal(object, str)
    ignore_requested = Signal(object)
    focus_requested = Signal(object)
    show_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsList")
        self.setAccessibleName("Findings")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(0, 0, 4, 0)
        self._layout.setSpacing(8)
        self._layout.addStretch(1)
        self.setWidget(self._inner)
        self.cards: list[FindingCard] = []
        self._empty = QLabel()
        self._empty.setWordWrap(True)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._styled_for: Palette | None = None
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cards take focus, not the scroll area

    def set_findings(self, findings: list[Finding], palette: Palette, empty_text: str) -> None:
        if self._styled_for is not palette:
            self._inner.setStyleSheet(list_style_sheet(palette))
            self._styled_for = palette
        self._inner.setUpdatesEnabled(False)
        for card in self.cards:
            card.hide()
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        self._layout.removeWidget(self._empty)
        self._empty.setParent(None)
        # Most serious first, then in reading order.
        ordered = sorted(findings, key=lambda f: (-f.severity.rank, f.source is Source.GRAMMAR, f.start))
        for index, finding in enumerate(ordered):
            card = FindingCard(finding, palette)
            card.apply_requested.connect(self.apply_requested)
            card.ignore_requested.connect(self.ignore_requested)
            card.focus_requested.connect(self.focus_requested)
            card.show_requested.connect(self.show_requested)
            self._layout.insertWidget(index, card)
            self.cards.append(card)
        if not ordered:
            self._empty.setText(empty_text)
            self._layout.insertWidget(0, self._empty)
            self._empty.setParent(self._inner)
            self._empty.show()
        self._inner.setUpdatesEnabled(True)

    def card_for(self, finding: Finding) -> FindingCard | None:
        return next((card for card in self.cards if card.finding is finding), None)
