"""Grammar findings stream into an open review from the real LanguageTool engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tap_assistant.core.model import Audience, GrammarStatus, Source
from tap_assistant.gui.review.window import ReviewWindow

pytestmark = pytest.mark.engine

DRAFT = "Dear parents, their going to the museum on friday and it dont cost nothing. Thanks!"


def _engine_installed() -> tuple[bool, str]:
    try:
        from tap_assistant.engine import paths
    except ImportError:
        return False, "the engine package is not part of this build"
    choice = paths.find_engine_dir()
    if not (Path(choice.path) / paths.MANIFEST_NAME).is_file():
        return False, f"no LanguageTool engine installed in {choice.path} (run `tap-assistant engine install`)"
    return True, ""


@pytest.fixture
def grammar_review(qtbot, config, checker):
    installed, why = _engine_installed()
    if not installed:
        pytest.skip(why)
    from tap_assistant.gui.engine_bridge import GrammarService
    from tap_assistant.gui.workers import CheckerHolder, CheckRunner

    holder = CheckerHolder()
    holder.set(checker)
    service = GrammarService(config)
    service.start_async()
    runner = CheckRunner(holder, service)
    window = ReviewWindow(config, runner)
    qtbot.addWidget(window)
    yield window
    service.stop()


def test_grammar_findings_stream_into_the_open_review(qtbot, grammar_review, checker) -> None:
    report = checker.check(DRAFT, Audience.PARENT)
    grammar_review.present(DRAFT, report, grammar=True)
    # TAP findings are there at once; grammar is still pending and says so.
    assert grammar_review.grammar_pending and grammar_review.grammar_busy.isVisibleTo(grammar_review)
    assert "grammar" in grammar_review.grammar_label.text().lower()
    qtbot.waitUntil(lambda: not grammar_review.grammar_pending, timeout=180_000)
    visible = grammar_review.visible_report
    assert visible.grammar.status is GrammarStatus.CHECKED, visible.grammar.detail
    grammar = grammar_review.grammar_findings_shown()
    assert grammar, "LanguageTool should flag 'their going' / 'dont'"
    assert not grammar_review.grammar_busy.isVisibleTo(grammar_review)
    for finding in grammar:
        assert finding.source is Source.GRAMMAR
        assert grammar_review.article.highlighted_text(finding) == DRAFT[finding.start : finding.end]
    # Cards are titled in plain words (Spelling, Grammar...); the rule id is in the details.
    for card in grammar_review.findings.cards:
        if card.finding.source is Source.GRAMMAR:
            assert "_" not in card.title_label.text(), card.title_label.text()
            assert card.finding.rule in card.details_label.text()
    # Grammar suggestions are replacements: Apply fixes the words in place.
    card = next(c for c in grammar_review.findings.cards if c.finding.source is Source.GRAMMAR and c.apply_buttons)
    finding = card.finding
    with qtbot.waitSignal(grammar_review.report_changed, timeout=10_000):
        card.apply_buttons[0].click()
    assert grammar_review.revised_text() == DRAFT[: finding.start] + finding.suggestions[0] + DRAFT[finding.end :]
