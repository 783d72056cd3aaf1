"""Grammar in the tray app's workers (issue 9, item 2): findings stream into the review while a
long text is checked chunk by chunk, and a newer text cancels the older check. A fake engine
stands in (the real one streams in tests/unit/engine and test_review_grammar.py)."""

from __future__ import annotations

import threading
import time

from tap_assistant.core.model import Audience, Finding, GrammarResult, GrammarStatus
from tests.gui.fake_spelling import spelling_findings

DRAFT = "Dear families,\n\nThe feild trip is on Friday.\n\nPlease sign the permision form.\n\nThank you."


class ChunkedFakeGrammar:
    """Answers one paragraph at a time, like the engine's chunked check, with a pause between."""

    def __init__(self, pause: float = 0.5) -> None:
        self.pause = pause
        self.enabled = True
        self.state = "ready"
        self.sent: dict[str, int] = {}
        self.release = threading.Event()
        self.release.set()
        self.visible: list[tuple[int, int] | None] = []

    def check(self, text: str, on_findings=None, cancelled=None, visible=None) -> GrammarResult:  # noqa: ANN001
        self.visible.append(visible)
        found: list[Finding] = []
        start = 0
        for paragraph in text.split("\n\n"):
            if cancelled is not None and cancelled():
                return GrammarResult(GrammarStatus.UNAVAILABLE, "the text changed", tuple(found))
            self.release.wait(10)
            self.sent[text] = self.sent.get(text, 0) + 1
            batch = spelling_findings(paragraph, start)
            found.extend(batch)
            if batch and on_findings is not None:
                on_findings(tuple(batch))
            time.sleep(self.pause)
            start += len(paragraph) + 2
        return GrammarResult(GrammarStatus.CHECKED, "", tuple(found))


def make_runner(checker, grammar):  # noqa: ANN001
    from tap_assistant.gui.workers import CheckerHolder, CheckRunner

    holder = CheckerHolder()
    holder.set(checker)
    return CheckRunner(holder, grammar)


def test_findings_stream_before_the_check_ends(qtbot, checker) -> None:  # noqa: ANN001
    runner = make_runner(checker, ChunkedFakeGrammar())
    progress: list[tuple[int, tuple]] = []
    ready: list[tuple[int, GrammarResult]] = []
    runner.grammar_progress.connect(lambda token, findings: progress.append((token, findings)))
    runner.grammar_ready.connect(lambda token, result: ready.append((token, result)))
    token = runner.check_grammar(DRAFT)
    qtbot.waitUntil(lambda: bool(progress), timeout=10_000)
    assert not ready  # the first findings arrived while the engine was still working
    assert progress[0][0] == token and [f.text for f in progress[0][1]] == ["feild"]
    qtbot.waitUntil(lambda: bool(ready), timeout=10_000)
    assert ready[0][1].status is GrammarStatus.CHECKED
    assert [DRAFT[f.start:f.end] for f in ready[0][1].findings] == ["feild", "permision"]


def test_a_newer_text_cancels_the_older_check(qtbot, checker) -> None:  # noqa: ANN001
    grammar = ChunkedFakeGrammar(pause=0.3)
    runner = make_runner(checker, grammar)
    ready: list[int] = []
    runner.grammar_ready.connect(lambda token, result: ready.append(token))
    old_text = "\n\n".join(f"Paragraph {n}." for n in range(20))
    runner.check_grammar(old_text)
    qtbot.waitUntil(lambda: grammar.sent.get(old_text, 0) >= 1, timeout=10_000)
    newer = runner.check_grammar(DRAFT)
    qtbot.waitUntil(lambda: newer in ready, timeout=20_000)
    assert grammar.sent[old_text] < 20  # stopped after the request in flight, not all 20
    assert grammar.sent[DRAFT] == 4


def test_review_shows_grammar_findings_while_still_checking(qtbot, config, checker) -> None:  # noqa: ANN001
    from tap_assistant.gui.review.window import ReviewWindow

    grammar = ChunkedFakeGrammar(pause=0.6)
    runner = make_runner(checker, grammar)
    window = ReviewWindow(config, runner)
    qtbot.addWidget(window)
    window.present(DRAFT, checker.check(DRAFT, Audience.PARENT), grammar=True)
    qtbot.waitUntil(lambda: bool(window.grammar_findings_shown()), timeout=10_000)
    if window.grammar_pending:  # normally: streamed findings are shown before the end
        assert "grammar" in window.grammar_label.text().lower()
    qtbot.waitUntil(lambda: not window.grammar_pending, timeout=10_000)
    assert sorted(f.text for f in window.grammar_findings_shown()) == ["feild", "permision"]


def test_a_recheck_asks_for_the_part_on_screen_first(qtbot, config, checker) -> None:  # noqa: ANN001
    from tap_assistant.gui.review.window import ReviewWindow

    grammar = ChunkedFakeGrammar(pause=0.0)
    runner = make_runner(checker, grammar)
    window = ReviewWindow(config, runner)
    qtbot.addWidget(window)
    long_draft = "\n\n".join(f"Paragraph {n} of the weekly notes, with plenty of words in it." for n in range(120))
    window.present(long_draft, checker.check(long_draft, Audience.PARENT), grammar=True)
    window.show()
    qtbot.waitUntil(lambda: not window.grammar_pending, timeout=10_000)
    assert grammar.visible[-1] is None or grammar.visible[-1][0] == 0  # opened at the top
    scroll = window.article.verticalScrollBar()
    scroll.setValue(scroll.maximum())
    qtbot.waitUntil(lambda: (window.article.visible_range() or (0, 0))[0] > 0, timeout=5_000)
    window.article.moveCursor(window.article.textCursor().MoveOperation.End)
    window.article.insertPlainText(" Thanks.")
    qtbot.waitUntil(lambda: len(grammar.visible) >= 2, timeout=10_000)
    first, last = grammar.visible[-1]
    assert 0 < first < last <= len(window.article.current_text())
    assert first > len(long_draft) // 2  # the end of the draft, where the user is looking

