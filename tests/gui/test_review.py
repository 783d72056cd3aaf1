"""The front-page review window with the real TAP checker."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard, QGuiApplication, QPalette, QColor
from PySide6.QtWidgets import QAbstractButton

from tap_assistant.core.model import Audience, Finding, Pillar, Report, Severity, Source, Verdict
from tap_assistant.core.textutil import utf16_span
from tap_assistant.gui.capture.mime import OWN_WRITE_FORMAT
from tap_assistant.gui.review.newspaper import front_page_date
from tap_assistant.gui.review.send_anyway import SendAnywayDialog
from tap_assistant.gui.review.window import WINDOW_TITLE, ReviewWindow

EMOJI_DRAFT = "Hi 😀 Jordan! 🎉🎉 Just text me tonight 🎉 and keep this between us."
RISKY = "Hi Jordan, text me at 555-201-3344 or email coach.d@gmail.com. Let's keep this between us."


def present(review: ReviewWindow, checker, text: str, audience: Audience = Audience.STUDENT) -> Report:
    report = checker.check(text, audience)
    review.present(text, report, grammar=False)
    return report


def wait_for_recheck(qtbot, review: ReviewWindow) -> Report:
    with qtbot.waitSignal(review.report_changed, timeout=10_000) as blocker:
        pass
    return blocker.args[0]


def test_title_masthead_and_headline(qtbot, review, checker, config) -> None:
    config.settings.district_name = "Riverside Unified"
    report = present(review, checker, RISKY)
    qtbot.waitExposed(review)
    assert review.windowTitle() == WINDOW_TITLE == "TAP Assistant — Front page test"
    assert review.page.masthead.text() == "RIVERSIDE UNIFIED"
    assert review.page.date_label.text() == front_page_date(dt.date.today())
    assert review.page.headline.text() == report.headline and report.headline
    assert review.visible_report.verdict is Verdict.STOP
    assert "STOP" in review.scorecard.banner.text()


def test_highlights_sit_on_the_right_words_after_emoji(qtbot, review, checker) -> None:
    report = present(review, checker, EMOJI_DRAFT)
    assert report.findings, "the draft should have findings"
    selections = review.article.extraSelections()
    assert len(selections) == len([f for f in report.findings if f.end > f.start])
    for finding in report.findings:
        assert review.article.highlighted_text(finding) == EMOJI_DRAFT[finding.start : finding.end]
        cursor = review.article.cursor_for(finding)
        assert (cursor.selectionStart(), cursor.selectionEnd()) == utf16_span(EMOJI_DRAFT, finding.start, finding.end)
    # The emoji really shift Qt positions: the code-point and UTF-16 offsets differ.
    first = report.findings[0]
    assert utf16_span(EMOJI_DRAFT, first.start, first.end)[0] > first.start


def test_highlights_use_pillar_colours(review, checker) -> None:
    report = present(review, checker, EMOJI_DRAFT)
    palette = review._palette
    colours = {s.format.underlineColor().name() for s in review.article.extraSelections()}
    expected = {palette.pillar[f.pillar].name() for f in report.findings}
    assert colours == expected


def test_crlf_draft_keeps_spans_aligned(review, checker) -> None:
    from tap_assistant.gui.review.article import normalise_newlines

    text = normalise_newlines("Hi Jordan,\r\n\r\nJust text me 😀 tonight.\r\nKeep this between us.")
    report = present(review, checker, text)
    for finding in report.findings:
        assert review.article.highlighted_text(finding) == text[finding.start : finding.end]


def test_ignore_removes_the_finding_and_updates_the_verdict(qtbot, review, checker) -> None:
    text = "Want to grab a beer after the game? lol u gonna love it"
    report = present(review, checker, text)
    assert review.visible_report.verdict is Verdict.CAUTION
    before = len(review.findings.cards)
    assert before == len(report.findings) >= 2
    with qtbot.waitSignal(review.report_changed, timeout=2000):
        qtbot.mouseClick(review.findings.cards[0].ignore_button, Qt.MouseButton.LeftButton)
    assert len(review.findings.cards) == before - 1
    while review.findings.cards:
        qtbot.mouseClick(review.findings.cards[0].ignore_button, Qt.MouseButton.LeftButton)
    assert review.visible_report.verdict is Verdict.PASS
    assert review.article.extraSelections() == []
    # Ignored stays ignored for this message when the audience changes and it is re-checked.
    review.audience_combo.setCurrentIndex(review.audience_combo.findData(Audience.PARENT))
    report = wait_for_recheck(qtbot, review)
    assert report.audience is Audience.PARENT and report.findings == []


def test_apply_replaces_the_words_and_rechecks(qtbot, review, checker) -> None:
    text = "Mrs. Lee, that is not what happened in class today."
    report = present(review, checker, text, Audience.PARENT)
    cards = [c for c in review.findings.cards if c.apply_buttons]
    assert cards, f"expected a finding with replacement text, got {[f.rule for f in report.findings]}"
    card = cards[0]
    finding = card.finding
    replacement = [s for s in finding.suggestions if s][0]
    with qtbot.waitSignal(review.report_changed, timeout=10_000) as blocker:
        qtbot.mouseClick(card.apply_buttons[0], Qt.MouseButton.LeftButton)
    revised = review.revised_text()
    assert revised == text[: finding.start] + replacement + text[finding.end :]
    rechecked = blocker.args[0]
    assert rechecked.text == revised
    assert all(f.rule != finding.rule or f.text != finding.text for f in rechecked.findings)


def test_apply_after_emoji_uses_utf16_positions(qtbot, review) -> None:
    # A hand-made report isolates the window's offset handling from the rule pack.
    text = "🎉 Great job, u did it!"
    start = text.index("u did") 
    finding = Finding(
        rule="P4.textspeak", pillar=Pillar.PROFESSIONAL, severity=Severity.CAUTION, start=start, end=start + 1,
        text="u", message="Textspeak", why="Professional register", suggestions=("you",), source=Source.TAP,
    )
    report = Report(text=text, audience=Audience.STUDENT, findings=[finding], headline="Staff member writes")
    review.present(text, report, grammar=False)
    with qtbot.waitSignal(review.report_changed, timeout=10_000):
        qtbot.mouseClick(review.findings.cards[0].apply_buttons[0], Qt.MouseButton.LeftButton)
    assert review.revised_text() == "🎉 Great job, you did it!"


def test_advice_is_a_tip_not_an_apply_button(review, checker) -> None:
    present(review, checker, "Just text me tonight.")
    card = review.findings.cards[0]
    assert card.tips and not card.apply_buttons  # "Use the district messaging tool…" is advice


def test_audience_switch_rechecks(qtbot, review, checker) -> None:
    text = "Want to grab a beer after work on Friday?"
    present(review, checker, text, Audience.STUDENT)
    assert review.visible_report.verdict is Verdict.CAUTION
    review.audience_combo.setCurrentIndex(review.audience_combo.findData(Audience.COLLEAGUE))
    report = wait_for_recheck(qtbot, review)
    assert report.audience is Audience.COLLEAGUE
    assert report.verdict is Verdict.PASS
    assert "PASS" in review.scorecard.banner.text()


def test_editing_rechecks_after_a_pause(qtbot, review, checker) -> None:
    present(review, checker, "Thanks for the update.")
    assert review.visible_report.verdict is Verdict.PASS
    review.article.setFocus()
    review.article.moveCursor(review.article.textCursor().MoveOperation.End)
    qtbot.keyClicks(review.article, " Keep this between us.")
    report = wait_for_recheck(qtbot, review)
    assert report.text.endswith("Keep this between us.")
    assert report.verdict is Verdict.STOP


def test_copy_revised_text_puts_the_edited_text_on_the_clipboard(qtbot, review, checker) -> None:
    present(review, checker, "Thanks for the update.")
    review.article.moveCursor(review.article.textCursor().MoveOperation.End)
    qtbot.keyClicks(review.article, " See you soon.")
    qtbot.mouseClick(review.copy_button, Qt.MouseButton.LeftButton)
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text(QClipboard.Mode.Clipboard) == "Thanks for the update. See you soon."
    assert clipboard.mimeData().hasFormat(OWN_WRITE_FORMAT)  # the watcher must not re-check it


def test_copy_on_stop_asks_a_reason_and_confirms(qtbot, review, checker, monkeypatch) -> None:
    present(review, checker, RISKY)
    review.show()
    asked = []
    monkeypatch.setattr(SendAnywayDialog, "ask", classmethod(lambda cls, parent=None: asked.append(1) or "Parent asked for it"))
    with qtbot.waitSignal(review.sent_anyway, timeout=2000) as blocker, qtbot.waitSignal(review.action_done) as done:
        qtbot.mouseClick(review.copy_button, Qt.MouseButton.LeftButton)
    record = blocker.args[0]
    assert asked == [1]
    assert record.reason == "Parent asked for it" and record.verdict is Verdict.STOP
    assert "T6.secrecy" in record.rules
    assert QGuiApplication.clipboard().text() == RISKY
    # It says what happened, and nothing pretends a message was sent.
    assert done.args == [True, "Revised text copied — paste it into your message."]
    assert review.status_label.text() == done.args[1] and review.copy_button.text() == "Copied ✓"
    assert review.isVisible()
    labels = [b.text().replace("&", "") for b in review.findChildren(QAbstractButton) if b.isVisible()]
    assert not any(label.startswith("Send") for label in labels), labels


def test_copy_on_stop_cancelled_copies_nothing(qtbot, review, checker, monkeypatch) -> None:
    present(review, checker, RISKY)
    QGuiApplication.clipboard().setText("the user's own clipboard")
    monkeypatch.setattr(SendAnywayDialog, "ask", classmethod(lambda cls, parent=None: None))
    with qtbot.assertNotEmitted(review.sent_anyway):
        qtbot.mouseClick(review.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "the user's own clipboard"
    assert review.status_label.text().startswith("Not copied")


def test_copy_on_caution_needs_no_reason(qtbot, review, checker, monkeypatch) -> None:
    present(review, checker, "Want to grab a beer after work on Friday?")
    monkeypatch.setattr(SendAnywayDialog, "ask", classmethod(lambda cls, parent=None: pytest.fail("asked")))
    with qtbot.waitSignal(review.sent_anyway, timeout=2000) as blocker:
        qtbot.mouseClick(review.copy_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].reason == ""


def test_put_back_is_offered_only_when_the_drafts_window_is_known(qtbot, review, checker, monkeypatch) -> None:
    from tap_assistant.gui.capture.putback import SourceWindow
    from tap_assistant.gui.review import window as window_module

    present(review, checker, "Thanks for the update.")
    assert not review.put_back_button.isVisibleTo(review)
    monkeypatch.setattr(window_module, "can_put_back", lambda: True)
    monkeypatch.setattr(window_module, "describe", lambda w: SourceWindow(w.handle, "Outlook"))
    report = checker.check("Thanks for the update.", Audience.PARENT)
    review.present("Thanks for the update.", report, grammar=False, source=SourceWindow(123))
    assert review.put_back_button.isVisibleTo(review)
    qtbot.waitUntil(lambda: review.put_back_button.text() == "&Put back in Outlook", timeout=2000)


def test_reason_dialog_needs_text(qtbot) -> None:
    dialog = SendAnywayDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "   ")
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "approved   by  the principal")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == SendAnywayDialog.DialogCode.Accepted
    assert dialog.value() == "approved by the principal"


def test_keyboard_only_and_accessible_names(qtbot, review, checker) -> None:
    present(review, checker, RISKY)
    qtbot.waitExposed(review)
    review.activateWindow()
    review.audience_combo.setFocus()
    seen = []
    widget = review.audience_combo
    for _ in range(60):
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible() and widget.isEnabled():
            seen.append(widget)
        if widget is review.audience_combo:
            break
    assert review.article in seen
    assert review.copy_button in seen and review.close_button in seen
    assert any(card in seen for card in review.findings.cards)
    for button in review.findChildren(QAbstractButton):
        if button.isVisible():
            assert button.accessibleName() or button.text().replace("&", "").strip(), button
    for card in review.findings.cards:
        assert card.accessibleName().startswith(("Stop", "Caution", "Note"))
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert not review.isVisible()


def test_dark_theme_switches_the_page(qtbot, review, checker) -> None:
    present(review, checker, RISKY)
    light = review._palette
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#181818"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    review.setPalette(dark)
    qtbot.waitUntil(lambda: review._palette.dark, timeout=2000)
    assert not light.dark
    assert "#23221f" in review.page.styleSheet()


def test_grammar_indicator_without_engine(qtbot, review, checker) -> None:
    report = checker.check(RISKY, Audience.STUDENT)
    review.present(RISKY, report, grammar=True)  # the runner has no grammar provider
    assert not review.grammar_pending
    assert "unavailable" in review.grammar_label.text().lower()


def test_guessed_audience_is_shown_with_its_reason_and_a_click_wins(qtbot, review) -> None:
    with qtbot.waitSignal(review.report_changed, timeout=10_000) as blocker:
        review.open_draft("Dear Mr. and Mrs. Doe,\nElla did wonderful work this week.", grammar=False)
    report = blocker.args[0]
    assert report.audience is Audience.PARENT and report.audience_source == "guessed"
    assert review.audience is Audience.PARENT
    assert review.audience_reason.text() == "(guessed from 'Dear Mr. and Mrs. Doe')"
    review.audience_combo.setCurrentIndex(review.audience_combo.findData(Audience.COLLEAGUE))
    report = wait_for_recheck(qtbot, review)
    assert (report.audience, report.audience_source) == (Audience.COLLEAGUE, "given")
    assert review.audience_reason.text() == ""
