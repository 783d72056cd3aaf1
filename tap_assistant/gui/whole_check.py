"""The whole check of a watched copy: TAP rules *and* grammar, so the badge can be trusted.

A copy used to set the badge from the TAP rules alone: three misspellings showed a green tick
while the review said Caution. Now, when the engine is warm, the verdict waits for grammar a
short, bounded time (it usually answers in a few hundred milliseconds); when the engine is cold
or slow, the TAP verdict shows at once and is updated when grammar arrives. Either way every
verdict carries a headline that takes grammar into account.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from tap_assistant.core.headline import build_headline
from tap_assistant.core.model import GrammarResult, GrammarStatus, Report
from tap_assistant.gui.workers import CheckRunner

#: How long a watched copy waits for grammar from a warm engine before showing the TAP verdict.
GRAMMAR_WAIT_MS = 1500


def merged_report(report: Report, grammar: GrammarResult, district: str) -> Report:
    """`report` with grammar findings, and a headline that accounts for them."""
    merged = report.with_grammar(grammar)
    if grammar.status is GrammarStatus.CHECKED:
        merged.headline = build_headline(merged, district)
    return merged


class WholeCheck(QObject):
    """Completes one watched copy's report with grammar; `settled(report, final)` may fire twice:
    first with the TAP verdict (final=False) when grammar is slow, then with the whole one."""

    settled = Signal(object, bool)  # Report, final

    def __init__(self, runner: CheckRunner, district: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._district = district
        self._token = 0
        self._report: Report | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(GRAMMAR_WAIT_MS)
        self._timer.timeout.connect(self._on_timeout)
        runner.grammar_ready.connect(self._on_grammar_ready)

    @property
    def waiting(self) -> bool:
        """True while the badge should say "checking": grammar is due from a warm engine."""
        return self._timer.isActive()

    def start(self, text: str, report: Report) -> None:
        self._timer.stop()
        self._report = report
        grammar = self.runner.grammar
        if grammar is None or not grammar.enabled:
            self._token = 0
            self.settled.emit(report, True)
            return
        self._token = self.runner.check_grammar(text)
        if getattr(grammar, "state", "ready") == "ready":
            self._timer.start()
        else:
            self.settled.emit(report, False)  # the engine is starting: TAP now, grammar later

    def cancel(self) -> None:
        self._timer.stop()
        self._token = 0
        self._report = None

    def _on_timeout(self) -> None:
        if self._report is not None:
            self.settled.emit(self._report, False)

    def _on_grammar_ready(self, token: int, result: GrammarResult) -> None:
        if token != self._token or self._report is None:
            return
        self._timer.stop()
        report, self._report, self._token = self._report, None, 0
        self.settled.emit(merged_report(report, result, self._district()), True)
