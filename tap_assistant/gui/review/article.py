"""The draft as the article: an editable text with each finding highlighted in its pillar colour.

Highlights are extra selections, not document formatting, so editing never drags a colour into
new text and "Copy revised text" stays plain. Each highlight keeps a QTextCursor, which Qt moves
along with edits, so Apply still hits the right words while a re-check is pending.
Finding offsets are code points; QTextCursor counts UTF-16 units, hence `utf16_span`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat, QTextOption
from PySide6.QtWidgets import QFrame, QTextEdit, QWidget

from tap_assistant.core.model import Finding, Severity, Source
from tap_assistant.core.textutil import utf16_span
from tap_assistant.gui.theme import Palette, serif_font

#: Qt turns these into paragraph breaks; normalising first keeps code-point offsets aligned.
_LINE_BREAKS = ("\r\n", "\r", "\u2028", "\u2029")


def normalise_newlines(text: str) -> str:
    for brk in _LINE_BREAKS:
        text = text.replace(brk, "\n")
    return text


def _plain(selected: str) -> str:
    # QTextCursor.selectedText() uses U+2029 for paragraph breaks and U+00A0 stays as is.
    return selected.replace("\u2029", "\n").replace("\u00a0", " ")


class ArticleEditor(QTextEdit):
    """The article body. `edited` fires on user edits only, not when a draft is loaded."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setTabChangesFocus(True)  # Tab moves on to the findings; keyboard users are not trapped
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultFont(serif_font(12.5))
        self.document().setDocumentMargin(2)
        self.setAccessibleName("Draft text")
        self.setAccessibleDescription("Your draft, editable; findings are highlighted in their pillar colours.")
        self._loading = False
        self._cursors: list[tuple[Finding, QTextCursor]] = []
        self._expected: dict[int, str] = {}  # id(finding) -> the words it covered when checked
        self._palette: Palette | None = None
        self._focused: Finding | None = None
        self.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def set_draft(self, text: str) -> None:
        self._loading = True
        try:
            self.setPlainText(text)
        finally:
            self._loading = False
        self._cursors = []
        self.setExtraSelections([])

    def current_text(self) -> str:
        return self.toPlainText()

    def span_cursor(self, text: str, finding: Finding) -> QTextCursor:
        start, end = utf16_span(text, finding.start, finding.end)
        cursor = QTextCursor(self.document())
        limit = self.document().characterCount() - 1
        cursor.setPosition(min(start, limit))
        cursor.setPosition(min(end, limit), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def show_findings(self, text: str, findings: list[Finding], palette: Palette) -> None:
        """Highlight `findings`, whose offsets refer to `text` (the text that was checked)."""
        self._palette = palette
        self._cursors = [(f, self.span_cursor(text, f)) for f in findings if f.end > f.start]
        self._expected = {id(f): text[f.start : f.end] for f, _ in self._cursors}
        self._refresh()

    def keep_only(self, findings: list[Finding]) -> None:
        wanted = {id(f) for f in findings}
        self._cursors = [(f, c) for f, c in self._cursors if id(f) in wanted]
        self._refresh()

    def _refresh(self) -> None:
        palette = self._palette
        if palette is None:
            return
        selections = []
        # Info first so that a caution or stop on the same words paints on top.
        for finding, cursor in sorted(self._cursors, key=lambda fc: fc[0].severity.rank):
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            strong = finding is self._focused
            fmt.setBackground(palette.highlight(finding.pillar, strong or finding.severity is Severity.STOP))
            fmt.setUnderlineColor(palette.pillar[finding.pillar])
            fmt.setUnderlineStyle(
                QTextCharFormat.UnderlineStyle.WaveUnderline
                if finding.source is Source.GRAMMAR
                else QTextCharFormat.UnderlineStyle.SingleUnderline
            )
            if strong:
                fmt.setProperty(QTextFormat.Property.OutlinePen, QColor(palette.pillar[finding.pillar]))
            selection.format = fmt
            selection.cursor = cursor
            selections.append(selection)
        self.setExtraSelections(selections)

    def cursor_for(self, finding: Finding) -> QTextCursor | None:
        for candidate, cursor in self._cursors:
            if candidate is finding:
                return cursor
        return None

    def highlighted_text(self, finding: Finding) -> str | None:
        cursor = self.cursor_for(finding)
        return None if cursor is None else _plain(cursor.selectedText())

    def focus_finding(self, finding: Finding | None, move_caret: bool = True) -> None:
        self._focused = finding
        self._refresh()
        cursor = self.cursor_for(finding) if finding is not None else None
        if cursor is not None and move_caret:
            caret = QTextCursor(cursor)
            caret.setPosition(cursor.selectionStart())
            self.setTextCursor(caret)
            self.ensureCursorVisible()

    def replace_finding(self, finding: Finding, replacement: str) -> bool:
        """Replace the finding's words; False when the text there has changed since the check."""
        cursor = self.cursor_for(finding)
        expected = self._expected.get(id(finding), finding.text)
        if cursor is None or _plain(cursor.selectedText()) != expected.replace("\u00a0", " "):
            return False
        cursor.beginEditBlock()
        cursor.insertText(replacement)
        cursor.endEditBlock()
        self._cursors = [(f, c) for f, c in self._cursors if f is not finding]
        self._refresh()
        return True

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Escape is for closing the window, not swallowed by the editor.
        if event.key() == Qt.Key.Key_Escape:
            event.ignore()
            return
        super().keyPressEvent(event)
