"""Text and advice are linked (issue 8, item 2): highlights open a popover; cards show their words."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from tap_assistant.core.model import Audience, Finding, Pillar, Report, Severity, Source
from tap_assistant.gui.review.article import HOVER_DELAY_MS

TEXT = "Great job on the poster, u did it! Just text me tonight."


def _point_in_words(review, finding: Finding) -> QPoint:
    cursor = review.article.cursor_for(finding)
    middle = QTextCursor(cursor)
    middle.setPosition((cursor.selectionStart() + cursor.selectionEnd() + 1) // 2)
    rect = review.article.cursorRect(middle)
    return QPoint(max(1, rect.x() - 2), rect.center().y())


def _present(review, checker, text: str = TEXT) -> Report:
    report = checker.check(text, Audience.STUDENT)
    review.present(text, report, grammar=False)
    return report


def _textspeak(text: str = TEXT) -> Finding:
    start = text.index(" u ") + 1
    return Finding(
        rule="P4.textspeak", pillar=Pillar.PROFESSIONAL, severity=Severity.CAUTION, start=start, end=start + 1,
        text="u", message="Textspeak reads as unprofessional.", why="P4", suggestions=("you",), title="Textspeak",
    )


def test_clicking_a_highlight_opens_its_popover_and_apply_fixes_it(qtbot, review) -> None:
    textspeak = _textspeak()
    review.present(TEXT, Report(text=TEXT, audience=Audience.STUDENT, findings=[textspeak], headline="h"), grammar=False)
    qtbot.waitExposed(review)
    assert not review.popover.isVisible()
    qtbot.mouseClick(review.article.viewport(), Qt.MouseButton.LeftButton, pos=_point_in_words(review, textspeak))
    qtbot.waitUntil(review.popover.isVisible, timeout=2000)
    card = review.popover.card
    assert card.finding is textspeak
    assert card.message_label.text() == textspeak.message and card.apply_buttons and card.ignore_button
    # The popover sits at the words (just below or above them), inside the screen.
    words = review.article.words_rect(textspeak)
    assert abs(review.popover.geometry().top() - words.bottom()) < 40 or review.popover.geometry().bottom() <= words.top()
    assert review.screen().availableGeometry().contains(review.popover.frameGeometry())
    # The linked card in the list is the one for these words, and they are shown strongly.
    assert review.article.focused_findings() == [textspeak]
    with qtbot.waitSignal(review.report_changed, timeout=10_000):
        qtbot.mouseClick(card.apply_buttons[0], Qt.MouseButton.LeftButton)
    assert not review.popover.isVisible()
    assert "you did it" in review.revised_text()


def test_clicking_plain_words_opens_nothing(qtbot, review, checker) -> None:
    _present(review, checker)
    qtbot.waitExposed(review)
    cursor = QTextCursor(review.article.document())
    cursor.setPosition(TEXT.index("poster") + 2)
    rect = review.article.cursorRect(cursor)
    qtbot.mouseClick(review.article.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.wait(50)
    assert not review.popover.isVisible()


def test_ignore_in_the_popover_hides_the_finding(qtbot, review, checker) -> None:
    report = _present(review, checker)
    qtbot.waitExposed(review)
    texting = next(f for f in report.findings if "text me" in f.text)
    qtbot.mouseClick(review.article.viewport(), Qt.MouseButton.LeftButton, pos=_point_in_words(review, texting))
    qtbot.waitUntil(review.popover.isVisible, timeout=2000)
    with qtbot.waitSignal(review.report_changed, timeout=2000):
        qtbot.mouseClick(review.popover.card.ignore_button, Qt.MouseButton.LeftButton)
    assert texting.rule not in {f.rule for f in review.visible_report.findings}
    assert not review.popover.isVisible()


def test_resting_the_mouse_on_a_highlight_opens_the_popover(qtbot, review, checker) -> None:
    report = _present(review, checker, "Great job on the poster, lol u did it! Just text me tonight.")
    qtbot.waitExposed(review)
    textspeak = next(f for f in report.findings if f.text == "u")
    qtbot.mouseMove(review.article.viewport(), _point_in_words(review, textspeak))
    qtbot.waitUntil(review.popover.isVisible, timeout=HOVER_DELAY_MS + 2000)
    assert review.popover.finding is textspeak


def test_choosing_a_card_scrolls_to_its_words_and_marks_them_strongly(qtbot, review) -> None:
    text = "Dear families,\n" + "The trip went well and everyone had fun today.\n" * 60 + "Text me at 555-201-3344 tonight."
    start = text.index("Text me")
    finding = Finding(
        rule="T3.texting-student", pillar=Pillar.TRANSPARENT, severity=Severity.STOP, start=start, end=start + 7,
        text="Text me", message="Texting", why="T3", source=Source.TAP, title="Texting a student",
    )
    other = Finding(
        rule="P4.textspeak", pillar=Pillar.PROFESSIONAL, severity=Severity.CAUTION, start=5, end=13,
        text=text[5:13], message="x", why="y", source=Source.TAP, title="Register",
    )
    review.present(text, Report(text=text, audience=Audience.STUDENT, findings=[finding, other], headline="h"), grammar=False)
    qtbot.waitExposed(review)
    review.article.verticalScrollBar().setValue(0)
    card = review.findings.card_for(finding)
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: review.article.focused_findings() == [finding], timeout=2000)
    # Scrolled: the words are in view.
    cursor = QTextCursor(review.article.cursor_for(finding))
    cursor.setPosition(cursor.selectionStart())
    assert review.article.viewport().rect().contains(review.article.cursorRect(cursor))
    assert review.article.verticalScrollBar().value() > 0
    # Unmistakable: solid pillar colour with contrasting text, unlike the other highlights.
    formats = {id(s.cursor.selectionStart()): s for s in review.article.extraSelections()}
    strong = [s for s in review.article.extraSelections() if s.cursor.selectionStart() == cursor.position()]
    weak = [s for s in review.article.extraSelections() if s.cursor.selectionStart() == 5]
    assert strong and weak and formats
    assert strong[0].format.background().color().alpha() == 255
    assert weak[0].format.background().color().alpha() < 255
    assert strong[0].format.foreground().color() != weak[0].format.foreground().color()
    # Enter on the card selects the words in the draft.
    qtbot.keyClick(card, Qt.Key.Key_Return)
    assert review.article.textCursor().selectedText() == "Text me"


def test_no_hover_popover_while_typing(qtbot, review, checker) -> None:
    report = _present(review, checker, "Great job on the poster, lol u did it! Just text me tonight.")
    qtbot.waitExposed(review)
    textspeak = next(f for f in report.findings if f.text == "u")
    review.article.setFocus()
    qtbot.keyClick(review.article, Qt.Key.Key_End)
    qtbot.mouseMove(review.article.viewport(), _point_in_words(review, textspeak))
    qtbot.wait(HOVER_DELAY_MS + 200)
    assert not review.popover.isVisible()
