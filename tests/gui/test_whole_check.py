"""A badge that means the whole check (issue 8, item 6): watched copies include grammar."""

from __future__ import annotations

import os
import time

import pytest

from tap_assistant.core.model import Audience, GrammarResult, GrammarStatus, Verdict
from tap_assistant.gui.whole_check import GRAMMAR_WAIT_MS, WholeCheck
from tests.gui.fake_spelling import spelling_findings
from tests.gui.tray_app import close_app

DRAFT = "Dear families, the feild trip is on Friday. Please sign the permision form. Thank you."


class FakeGrammar:
    """Stands in for the engine (a real one is used in the engine-marked test below)."""

    def __init__(self, delay: float = 0.0, state: str = "ready") -> None:
        self.delay = delay
        self.state = state
        self.enabled = True

    def check(
        self, text: str, on_findings: object = None, cancelled: object = None, visible: object = None
    ) -> GrammarResult:
        time.sleep(self.delay)
        return GrammarResult(GrammarStatus.CHECKED, findings=tuple(spelling_findings(text)))


def _whole(checker, grammar):
    from tap_assistant.gui.workers import CheckerHolder, CheckRunner

    holder = CheckerHolder()
    holder.set(checker)
    runner = CheckRunner(holder, grammar)
    return WholeCheck(runner, lambda: "Maple Valley"), runner


def test_warm_engine_the_verdict_waits_for_grammar(qtbot, checker) -> None:
    whole, _ = _whole(checker, FakeGrammar(delay=0.2))
    tap = checker.check(DRAFT, Audience.PARENT)
    assert tap.verdict is Verdict.PASS  # the TAP rules alone see nothing
    settled = []
    whole.settled.connect(lambda report, final: settled.append((report, final)))
    whole.start(DRAFT, tap)
    assert whole.waiting and not settled  # the badge says "checking", not a green tick
    qtbot.waitUntil(lambda: bool(settled), timeout=5000)
    ((report, final),) = settled
    assert final and report.verdict is Verdict.CAUTION and len(report.counted_findings()) == 2
    assert "Clear, Courteous" not in report.headline and "Spelling" in report.headline
    assert not whole.waiting


def test_slow_grammar_shows_tap_first_then_updates(qtbot, checker) -> None:
    whole, _ = _whole(checker, FakeGrammar(delay=GRAMMAR_WAIT_MS / 1000 + 1.0))
    settled = []
    whole.settled.connect(lambda report, final: settled.append((report, final)))
    whole.start(DRAFT, checker.check(DRAFT, Audience.PARENT))
    qtbot.waitUntil(lambda: len(settled) == 1, timeout=GRAMMAR_WAIT_MS + 1000)
    assert settled[0][1] is False and settled[0][0].verdict is Verdict.PASS
    qtbot.waitUntil(lambda: len(settled) == 2, timeout=10_000)
    assert settled[1][1] is True and settled[1][0].verdict is Verdict.CAUTION


def test_cold_engine_does_not_hold_the_badge(qtbot, checker) -> None:
    whole, _ = _whole(checker, FakeGrammar(delay=0.3, state="starting"))
    settled = []
    whole.settled.connect(lambda report, final: settled.append((report, final)))
    whole.start(DRAFT, checker.check(DRAFT, Audience.PARENT))
    assert settled and settled[0][1] is False and not whole.waiting
    qtbot.waitUntil(lambda: len(settled) == 2, timeout=10_000)
    assert settled[1][0].verdict is Verdict.CAUTION


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs X (pytest-xvfb)")
def test_watched_copy_badge_notification_and_review_agree(qtbot, qapp, config, xsel) -> None:
    pytest.importorskip("keyboard")
    from tap_assistant.gui.application import TapApp
    from tap_assistant.gui.badge import BadgeState

    config.settings.grammar_enabled = False  # no engine process; the fake stands in, warm
    config.settings.clipboard_watch = True
    config.settings.clipboard_min_length = 20
    app = TapApp(qapp, config)
    app.start()
    try:
        qtbot.waitUntil(lambda: app.checker.ready, timeout=30_000)
        app.runner.grammar = app.whole_check.runner.grammar = FakeGrammar(delay=0.2)
        xsel.set(DRAFT, "clipboard")
        qtbot.waitUntil(lambda: app.tray.state is BadgeState.CAUTION, timeout=10_000)
        assert app.stats.notifications == 1
        assert app.last_report.verdict is Verdict.CAUTION and len(app.last_report.counted_findings()) == 2
        app.show_last()
        qtbot.waitUntil(lambda: app.review.visible_report is not None and not app.review.grammar_pending, timeout=10_000)
        assert app.review.visible_report.verdict is Verdict.CAUTION
        assert app.review.page.headline.text() == app.last_report.headline
        assert app.tray.state is BadgeState.CAUTION
    finally:
        close_app(app)
