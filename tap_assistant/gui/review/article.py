"""The draft as the article: an editable text with each finding highlighted in its pillar colour.

Highlights are extra selections, not document formatting, so editing never drags a colour into
new text and "Copy revised text" stays plain. Each highlight keeps a QTextCursor, which Qt moves
along with edits, so Apply still hits the right words while a re-check is pending.
Finding offsets are code points; QTextCursor counts UTF-16 units, hence `utf16_span`.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QFrame, QTextEdit, QWidget

from tap_assistant.core.model import Finding, Severity, Source
from tap_assistant.core.textutil import codepoint_offset, utf16_span
from tap_assistant.gui.theme import Palette, contrast_text, serif_font

#: How long the mouse rests on a highlight before its popover opens.
HOVER_DELAY_MS = 450
#: No hover popover this soon after a key press.
TYPING_PAUSE_S = 1.0

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
    #: (finding, global rectangle of its words): a highlight was clicked, or the mouse rested on it.
    finding_activated = Signal(object, QRect)

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
        self._focused: set[int] = set()  # id() of the findings shown strongly (the chosen card)
        self.textChanged.connect(self._on_text_changed)
        self.viewport().setMouseTracking(True)
        self._press_pos: QPoint | None = None
        self._hover_pos = QPoint()
        self._hovered: Finding | None = None
        self._hover_timer = QTimer(self)
        self._hover_timer.setSingleShot(True)
        self._hover_timer.setInterval(HOVER_DELAY_MS)
        self._hover_timer.timeout.connect(self._on_hover_timeout)
        self._last_key = 0.0  # time.monotonic() of the last key press (no popover mid-typing)

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

    def visible_range(self) -> tuple[int, int] | None:
        """Code-point range of the text on screen now (grammar checks it first); None while the
        editor is not shown, when document order is what the reader sees first anyway."""
        viewport = self.viewport()
        if not self.isVisible() or viewport.width() < 2 or viewport.height() < 2:
            return None
        first = self.cursorForPosition(QPoint(0, 0)).position()
        last = self.cursorForPosition(QPoint(viewport.width() - 1, viewport.height() - 1)).position()
        if last <= first:
            return None
        text = self.current_text()
        return codepoint_offset(text, first), codepoint_offset(text, last + 1)

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
        # Info first so that a caution or stop on the same words paints on top; the chosen
        # card's words last, in solid pillar colour with contrasting text: unmistakable.
        ordered = sorted(self._cursors, key=lambda fc: (id(fc[0]) in self._focused, fc[0].severity.rank))
        for finding, cursor in ordered:
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            colour = palette.pillar[finding.pillar]
            if id(finding) in self._focused:
                fmt.setBackground(colour)
                fmt.setForeground(contrast_text(colour))
                fmt.setFontUnderline(False)
            else:
                fmt.setBackground(palette.highlight(finding.pillar, finding.severity is Severity.STOP))
                fmt.setUnderlineColor(colour)
                fmt.setUnderlineStyle(
                    QTextCharFormat.UnderlineStyle.WaveUnderline
                    if finding.source is Source.GRAMMAR
                    else QTextCharFormat.UnderlineStyle.SingleUnderline
                )
            selection.format = fmt
            selection.cursor = cursor
            selections.append(selection)
        self.setExtraSelections(selections)

    def focused_findings(self) -> list[Finding]:
        return [f for f, _ in self._cursors if id(f) in self._focused]

    def finding_at(self, position: int) -> Finding | None:
        """The finding whose words cover document `position`: the most serious, then the
        shortest (the most specific), when several overlap."""
        covering = [
            (f, c) for f, c in self._cursors if c.selectionStart() <= position < c.selectionEnd()
        ]
        if not covering:
            return None
        covering.sort(key=lambda fc: (-fc[0].severity.rank, fc[1].selectionEnd() - fc[1].selectionStart()))
        return covering[0][0]

    def finding_under(self, viewport_pos: QPoint) -> Finding | None:
        cursor = self.cursorForPosition(viewport_pos)
        # cursorForPosition gives the nearest gap; the character clicked is the one after it
        # unless the click was on the right half of a character.
        position = cursor.position()
        found = self.finding_at(position)
        if found is None and position > 0:
            left = self.cursorRect(cursor)
            if viewport_pos.x() < left.x():
                found = self.finding_at(position - 1)
        return found

    def words_rect(self, finding: Finding) -> QRect:
        """Global rectangle of the finding's words (its first line if it wraps)."""
        cursor = self.cursor_for(finding)
        if cursor is None:
            return QRect(self.mapToGlobal(QPoint(0, 0)), self.size())
        start, end = QTextCursor(cursor), QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        end.setPosition(cursor.selectionEnd())
        first, last = self.cursorRect(start), self.cursorRect(end)
        if last.top() != first.top():  # wrapped: the first line, to the right edge
            last = QRect(self.viewport().width() - 1, first.top(), 1, first.height())
        rect = first.united(last)
        return QRect(self.viewport().mapToGlobal(rect.topLeft()), rect.size())

    def reveal(self, finding: Finding) -> None:
        """Scroll so the finding's words are in view (centred if they were out of sight),
        without moving the caret."""
        cursor = self.cursor_for(finding)
        if cursor is None:
            return
        start = QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        rect = self.cursorRect(start)
        view = self.viewport().rect()
        if view.contains(rect):
            return
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - view.height() // 2)

    # ----------------------------------------------------------------- mouse on highlights
    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._press_pos = event.position().toPoint()
        self._hover_timer.stop()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        pressed, self._press_pos = self._press_pos, None
        if (
            event.button() == Qt.MouseButton.LeftButton
            and pressed is not None
            and (pos - pressed).manhattanLength() < 4
            and not self.textCursor().hasSelection()
        ):
            finding = self.finding_under(pos)
            if finding is not None:
                self.finding_activated.emit(finding, self.words_rect(finding))

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().mouseMoveEvent(event)
        if event.buttons() != Qt.MouseButton.NoButton:
            self._hover_timer.stop()
            return
        pos = event.position().toPoint()
        finding = self.finding_under(pos)
        if finding is not self._hovered:
            self._hovered = finding
            self._hover_pos = pos
            if finding is None:
                self._hover_timer.stop()
            else:
                self._hover_timer.start()

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._hover_timer.stop()
        self._hovered = None
        super().leaveEvent(event)

    def _on_hover_timeout(self) -> None:
        finding = self._hovered
        if time.monotonic() - self._last_key < TYPING_PAUSE_S:
            return  # the user is typing: a popup would take the keystrokes
        if finding is not None and self.cursor_for(finding) is not None:
            self.finding_activated.emit(finding, self.words_rect(finding))

    def cursor_for(self, finding: Finding) -> QTextCursor | None:
        for candidate, cursor in self._cursors:
            if candidate is finding:
                return cursor
        return None

    def highlighted_text(self, finding: Finding) -> str | None:
        cursor = self.cursor_for(finding)
        return None if cursor is None else _plain(cursor.selectedText())

    def focus_finding(self, finding: Finding | list[Finding] | None, move_caret: bool = True) -> None:
        """Show these findings' words strongly and scroll to them; with `move_caret`, also
        select the words (the caret goes there, as when a card is opened with Enter)."""
        group = [] if finding is None else [finding] if isinstance(finding, Finding) else list(finding)
        self._focused = {id(f) for f in group}
        self._refresh()
        cursor = self.cursor_for(group[0]) if group else None
        if cursor is None:
            return
        if move_caret:
            self.setTextCursor(QTextCursor(cursor))
            self.ensureCursorVisible()
        else:
            self.reveal(group[0])

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
        self._last_key = time.monotonic()
        # Escape is for closing the window, not swallowed by the editor.
        if event.key() == Qt.Key.Key_Escape:
            event.ignore()
            return
        super().keyPressEvent(event)
