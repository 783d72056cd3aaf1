"""The findings list: one card per finding with message, why, suggestions (Apply) and Ignore."""

from __future__ import annotations

from functools import lru_cache

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
#: The severity's own shape, so the chip does not rely on its colour.
SEVERITY_ICONS = {Severity.STOP: "✕", Severity.CAUTION: "▲", Severity.INFO: "●"}
MAX_SUGGESTIONS = 3


def _excerpt(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@lru_cache(maxsize=1)
def _concept_titles() -> dict[str, str]:
    """Meaning-check rule id -> the concept's plain title. concepts.py is pure Python (tomllib);
    the GUI never imports numpy for a title."""
    try:
        from tap_assistant.semantic.concepts import shipped_concepts

        return {concept.rule_id: concept.title for concept in shipped_concepts()}
    except Exception:  # noqa: BLE001 - a broken catalogue must not break the review
        return {}


def card_title(finding: Finding) -> str:
    """The card's title in plain words; the rule id goes to the small details line."""
    if finding.source is Source.SEMANTIC:
        title = _concept_titles().get(finding.rule) or finding.title
        return title or "Reads as a problem for the front page"
    if finding.title:
        return finding.title
    if finding.source is Source.GRAMMAR:
        return "Grammar"
    return finding.message.split(".")[0] or finding.rule


def group_key(finding: Finding) -> tuple:
    """Findings with this key in common are the same problem repeated: one card for all."""
    return (
        finding.source,
        finding.rule,
        finding.severity,
        " ".join(finding.text.lower().split()),
        finding.message,
        finding.suggestions[:MAX_SUGGESTIONS],
    )


def group_findings(findings: list[Finding]) -> list[list[Finding]]:
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(group_key(finding), []).append(finding)
    return list(groups.values())


def _wrapped(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


class FindingCard(QFrame):
    #: (findings, replacement): every finding of the card gets the replacement.
    apply_requested = Signal(object, str)
    ignore_requested = Signal(object)
    focus_requested = Signal(object)
    show_requested = Signal(object)

    def __init__(self, findings: Finding | list[Finding], palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = [findings] if isinstance(findings, Finding) else list(findings)
        finding = self.finding = self.findings[0]
        count = len(self.findings)
        self.setObjectName("findingCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches every card; Enter shows it in the draft
        self.title = card_title(finding)
        times = f" ({count} times)" if count > 1 else ""
        self.setAccessibleName(f"{SEVERITY_LABELS[finding.severity]}, {self.title}{times}: {finding.message}")
        self.setAccessibleDescription(finding.why)
        # Styling comes from one style sheet on the list (see `list_style_sheet`): per-card
        # style sheets are parsed per widget and made the review noticeably slower to open.
        self.setProperty("pillar", finding.pillar.value)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)

        top = QHBoxLayout()
        top.setSpacing(6)
        chip = QLabel(f"{SEVERITY_ICONS[finding.severity]} {SEVERITY_LABELS[finding.severity].upper()}")
        chip_font = QFont()
        chip_font.setPointSizeF(7.5)
        chip_font.setBold(True)
        chip.setFont(chip_font)
        chip.setObjectName("chip")
        chip.setProperty("severity", finding.severity.value)
        chip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.title_label = _wrapped(self.title, "cardTitle")
        title_font = QFont()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.05)
        self.title_label.setFont(title_font)
        top.addWidget(chip, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title_label, 1)
        self.count_label: QLabel | None = None
        if count > 1:
            self.count_label = QLabel(f"{count} times")
            self.count_label.setObjectName("count")
            self.count_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            self.count_label.setToolTip(f"The same finding appears {count} times in the draft")
            top.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self.message_label = _wrapped(finding.message, "message")
        layout.addWidget(self.message_label)

        if finding.text.strip():
            quoted = _wrapped(f"“{_excerpt(finding.text)}”", "quoted")
            quoted_font = QFont()
            quoted_font.setItalic(True)
            quoted.setFont(quoted_font)
            layout.addWidget(quoted)

        self.reads_like: QLabel | None = None
        if finding.source is Source.SEMANTIC and finding.example:
            self.reads_like = _wrapped(f"Reads like: {finding.example}", "readsLike")
            self.reads_like.setToolTip("The closest example the meaning check learned from")
            layout.addWidget(self.reads_like)

        self.tips = list(finding.tips)
        for tip in self.tips:
            layout.addWidget(_wrapped(f"Tip: {tip}", "tip"))

        if finding.why:
            layout.addWidget(_wrapped(f"Why: {finding.why}", "why"))
        if finding.clause and finding.clause not in finding.why:
            layout.addWidget(_wrapped(f"Policy: {finding.clause}", "clause"))

        # One suggestion per row, in the engine's order (its best first), at most three; long
        # suggestions elide, the full text is in the tooltip.
        self.apply_buttons: list[QPushButton] = []
        self.suggestions = list(finding.suggestions[:MAX_SUGGESTIONS])
        for suggestion in self.suggestions:
            shown = _excerpt(suggestion, 46) if suggestion else "(remove these words)"
            label = f"Apply to all {count}: {shown}" if count > 1 else f"Apply: {shown}"
            button = ElidingButton(label)
            where = f"all {count} places" if count > 1 else "the draft"
            button.setAccessibleName(
                f"Replace “{_excerpt(finding.text, 40)}” with “{suggestion or 'nothing'}” in {where}"
            )
            button.setToolTip(suggestion or "Remove these words")
            button.setObjectName("apply")
            button.clicked.connect(lambda _=False, s=suggestion: self.apply_requested.emit(list(self.findings), s))
            layout.addWidget(button)
            self.apply_buttons.append(button)

        row = QHBoxLayout()
        self.details_label = QLabel(self.details())
        self.details_label.setObjectName("details")
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details_font = QFont()
        details_font.setPointSizeF(max(7.0, details_font.pointSizeF() * 0.85))
        self.details_label.setFont(details_font)
        row.addWidget(self.details_label, 1)
        self.ignore_button = ElidingButton("Ignore" if count == 1 else f"Ignore all {count}")
        self.ignore_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.ignore_button.setToolTip("Hide this finding for this message only (Ctrl+Z undoes)")
        self.ignore_button.setAccessibleName(f"Ignore this finding for this message: {finding.message}")
        self.ignore_button.clicked.connect(lambda: self.ignore_requested.emit(self.finding))
        row.addWidget(self.ignore_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(row)
        for label in self.findChildren(QLabel):
            # Word-wrapped labels must not dictate the card's minimum width.
            if label.wordWrap():
                label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
                label.setMinimumWidth(10)

    def details(self) -> str:
        """The small print: which pillar, which rule (the id district IT and support talk in)."""
        source = {Source.GRAMMAR: "Grammar engine", Source.SEMANTIC: "Meaning check", Source.TAP: "TAP rule"}
        parts = [PILLAR_LABELS[self.finding.pillar], f"{source[self.finding.source]} {self.finding.rule}"]
        if self.finding.source is Source.SEMANTIC and self.finding.score is not None:
            parts.append(f"score {self.finding.score:.2f}")
        return " · ".join(parts)

    def covers(self, finding: Finding) -> bool:
        return any(candidate is finding for candidate in self.findings)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Enter or Space on a focused card shows its words in the draft (keyboard users).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.show_requested.emit(list(self.findings))
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.focus_requested.emit(list(self.findings))
        super().focusInEvent(event)


def list_style_sheet(palette: Palette) -> str:
    rules = [
        "QFrame#findingCard { border: 1px solid palette(mid); border-left: 5px solid palette(mid);"
        " border-radius: 4px; background: palette(base); }",
        "QFrame#findingCard QLabel { background: transparent; border: none; }",
        "QLabel#chip { border-radius: 3px; padding: 1px 5px; }",
        "QLabel#why, QLabel#clause, QLabel#details { color: palette(placeholder-text); }",
        "QLabel#count { border: 1px solid palette(mid); border-radius: 8px; padding: 0px 6px; }",
        "QPushButton#apply { text-align: left; padding: 3px 8px; }",
    ]
    for pillar, colour in palette.pillar.items():
        name = colour.name()
        rules.append(f'QFrame#findingCard[pillar="{pillar.value}"] {{ border-left: 5px solid {name}; }}')
        rules.append(
            f'QFrame#findingCard[pillar="{pillar.value}"]:focus {{ border: 2px solid {name}; border-left: 5px solid {name}; }}'
        )
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
        for index, group in enumerate(group_findings(ordered)):
            card = FindingCard(group, palette)
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
        return next((card for card in self.cards if card.covers(finding)), None)
