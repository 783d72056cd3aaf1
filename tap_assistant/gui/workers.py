"""Running checks off the GUI thread.

The TAP check is fast but still runs on the thread pool so a 5,000-word paste never stalls the
UI; grammar goes to its own single-thread pool because the engine call blocks for hundreds of
milliseconds (seconds while the engine starts). Every request gets a token; consumers ignore
results for tokens they no longer wait for, so a slow result never overwrites a newer one.
Grammar findings stream in (`grammar_progress`, all findings so far, at most a few times a
second) while the engine works through a long text chunk by chunk; a newer grammar request
cancels the older one before its next chunk, so text that changed stops costing engine time.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from typing import Callable, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from tap_assistant.core.model import Audience, Finding, GrammarResult, GrammarStatus, Report

log = logging.getLogger(__name__)


class Checker(Protocol):
    def check(self, text: str, audience: Audience | str | None = None) -> Report: ...


class GrammarProvider(Protocol):
    def check(
        self,
        text: str,
        on_findings: Callable[[tuple[Finding, ...]], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        visible: tuple[int, int] | None = None,
    ) -> GrammarResult: ...

    @property
    def enabled(self) -> bool: ...


class CheckerHolder:
    """The TAP checker, built in the background at start; `get` waits for it (worker threads only)."""

    def __init__(self) -> None:
        self._ready = threading.Event()
        self._checker: Checker | None = None
        self._error = ""

    def set(self, checker: Checker | None, error: str = "") -> None:
        self._checker = checker
        self._error = error
        self._ready.set()

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    @property
    def error(self) -> str:
        return self._error

    def get(self, timeout: float = 30.0) -> Checker:
        if not self._ready.wait(timeout):
            raise RuntimeError("the TAP rules are still loading")
        if self._checker is None:
            raise RuntimeError(self._error or "the TAP rules could not be loaded")
        return self._checker


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], None]) -> None:
        super().__init__()
        self._fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread
        try:
            self._fn()
        except Exception:  # noqa: BLE001 - a worker exception must never take the app down
            log.exception("worker task failed")


class CheckRunner(QObject):
    """Runs TAP checks (and optionally grammar) for any window; results come back as signals."""

    tap_ready = Signal(int, object)  # token, Report
    grammar_started = Signal(int)
    grammar_ready = Signal(int, object)  # token, GrammarResult
    grammar_progress = Signal(int, object)  # token, tuple of every grammar Finding so far
    check_failed = Signal(int, str)

    def __init__(
        self,
        checker: CheckerHolder,
        grammar: GrammarProvider | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._checker = checker
        self.grammar = grammar
        self._tokens = itertools.count(1)
        self._tap_pool = QThreadPool.globalInstance()
        self._grammar_pool = QThreadPool(self)
        self._grammar_pool.setMaxThreadCount(1)
        self._latest_grammar = 0
        self._lock = threading.Lock()

    def check(
        self, text: str, audience: Audience | None, with_grammar: bool = True, visible: tuple[int, int] | None = None
    ) -> int:
        """`visible`: the code-point range on screen, which grammar checks first."""
        token = next(self._tokens)
        self._tap_pool.start(_Task(lambda: self._run_tap(token, text, audience)))
        if with_grammar and self.grammar is not None:
            with self._lock:
                self._latest_grammar = token
            self._grammar_pool.start(_Task(lambda: self._run_grammar(token, text, visible)))
        return token

    def check_grammar(self, text: str, visible: tuple[int, int] | None = None) -> int:
        """Grammar only, for a text whose TAP report the caller already has."""
        token = next(self._tokens)
        with self._lock:
            self._latest_grammar = token
        self._grammar_pool.start(_Task(lambda: self._run_grammar(token, text, visible)))
        return token

    def _run_tap(self, token: int, text: str, audience: Audience | None) -> None:
        started = time.perf_counter()
        try:
            report = self._checker.get().check(text, audience)
        except Exception as error:  # noqa: BLE001 - shown in the window, the app keeps running
            log.warning("tap check failed: %s", type(error).__name__)
            self.check_failed.emit(token, str(error) if isinstance(error, RuntimeError) else "The TAP check failed.")
            return
        log.info(
            "tap check length=%d findings=%d rules=%s ms=%.1f",
            len(text),
            len(report.findings),
            ",".join(sorted({f.rule for f in report.findings})),
            (time.perf_counter() - started) * 1000,
        )
        self.tap_ready.emit(token, report)

    def _superseded(self, token: int) -> bool:
        with self._lock:
            return token != self._latest_grammar

    def _run_grammar(self, token: int, text: str, visible: tuple[int, int] | None = None) -> None:
        with self._lock:
            if token != self._latest_grammar:
                return  # a newer request is queued; this text is already out of date
        grammar = self.grammar
        if grammar is None:
            return
        if not grammar.enabled:
            self.grammar_ready.emit(token, GrammarResult(GrammarStatus.DISABLED, "grammar checking is turned off"))
            return
        self.grammar_started.emit(token)
        started = time.perf_counter()
        try:
            # The engine checks the same capped text the TAP checker reports on.
            from tap_assistant.core.textutil import cap_text

            result = grammar.check(
                cap_text(text).text,
                on_findings=_Progress(self, token),
                cancelled=lambda: self._superseded(token),
                visible=visible,
            )
        except Exception as error:  # noqa: BLE001 - the engine promises not to raise; belt and braces
            result = GrammarResult(GrammarStatus.UNAVAILABLE, f"the grammar engine failed ({type(error).__name__})")
        log.info(
            "grammar check length=%d status=%s findings=%d ms=%.0f",
            len(text),
            result.status.value,
            len(result.findings),
            (time.perf_counter() - started) * 1000,
        )
        self.grammar_ready.emit(token, result)


class _Progress:
    """Collects one check's streamed findings; emits them all, at most every PROGRESS_INTERVAL."""

    PROGRESS_INTERVAL = 0.4

    def __init__(self, runner: CheckRunner, token: int) -> None:
        self._runner = runner
        self._token = token
        self._found: list[Finding] = []
        self._last = 0.0

    def __call__(self, findings: tuple[Finding, ...]) -> None:  # grammar worker thread
        self._found.extend(findings)
        now = time.perf_counter()
        if now - self._last >= self.PROGRESS_INTERVAL:
            self._last = now
            self._runner.grammar_progress.emit(self._token, tuple(self._found))
