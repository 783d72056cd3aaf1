"""The grammar engine as the GUI sees it: started in the background, checked from workers.

`tap_assistant.engine.service.GrammarEngine` blocks in `start()` and `check()`, so neither ever
runs on the GUI thread. When the engine package is missing or the engine is not installed, the
app runs with grammar shown as unavailable; the TAP check never waits for the engine.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from tap_assistant.core.config import Configuration
from tap_assistant.core.model import Finding, GrammarResult, GrammarStatus

log = logging.getLogger(__name__)

#: How long a grammar request waits for a starting engine before reporting "unavailable".
READY_WAIT_SECONDS = 90.0


class GrammarService(QObject):
    """Owns the engine; `state_changed(state, detail)` arrives on the GUI thread."""

    state_changed = Signal(str, str)

    def __init__(self, config: Configuration, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._config = config
        self._engine: Any = None
        self._state = "stopped"
        self._detail = ""
        self._settled = threading.Event()  # set once the engine is ready, failed or absent
        self._thread: threading.Thread | None = None
        self._stopping = False

    @property
    def enabled(self) -> bool:
        return bool(self._config.settings.grammar_enabled)

    @property
    def state(self) -> str:
        return self._state

    @property
    def detail(self) -> str:
        return self._detail

    def _set_state(self, state: str, detail: str = "") -> None:
        self._state, self._detail = state, detail
        # "busy" is settled too: a check then answers "unavailable" at once instead of waiting
        # for an engine that is being probed (and restarted if it stays stuck).
        if state in ("ready", "busy", "failed", "not-installed", "unavailable", "stopped"):
            self._settled.set()
        else:
            self._settled.clear()
        log.info("engine state=%s", state)
        self.state_changed.emit(state, detail)

    def start_async(self) -> None:
        if not self.enabled or self._thread is not None:
            if not self.enabled:
                self._set_state("disabled", "grammar checking is turned off")
            return
        self._set_state("starting", "")
        self._thread = threading.Thread(target=self._start, name="engine-start", daemon=True)
        self._thread.start()

    def _start(self) -> None:  # background thread
        try:
            from tap_assistant.engine.service import GrammarEngine
        except ImportError:
            self._set_state("unavailable", "the grammar engine is not part of this build")
            return
        try:
            engine = GrammarEngine(self._config, on_state=self._on_engine_state)
            self._engine = engine
            if self._stopping:
                return
            engine.start()
        except Exception as error:  # noqa: BLE001 - grammar is optional; TAP keeps working
            log.warning("engine start failed: %s", type(error).__name__)
            self._set_state("failed", f"the grammar engine could not start ({type(error).__name__})")
            return
        state = getattr(engine.state, "value", str(engine.state))
        self._set_state(state, self._detail if state != "ready" else "")
        if self._stopping:
            engine.stop()

    def _on_engine_state(self, state: Any, detail: str) -> None:  # engine's thread
        try:
            self._set_state(getattr(state, "value", str(state)), detail)
        except Exception:  # noqa: BLE001
            log.exception("engine state callback failed")

    def check(
        self,
        text: str,
        on_findings: Callable[[tuple[Finding, ...]], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        visible: tuple[int, int] | None = None,
    ) -> GrammarResult:  # worker thread
        """Streams findings per chunk to `on_findings`, the `visible` range first; stops early
        once `cancelled()`."""
        if not self.enabled:
            return GrammarResult(GrammarStatus.DISABLED, "grammar checking is turned off")
        if self._thread is None:
            self.start_async()
        self._settled.wait(READY_WAIT_SECONDS)
        engine = self._engine
        if engine is None or self._state in ("unavailable", "disabled"):
            return GrammarResult(GrammarStatus.UNAVAILABLE, self._detail or "the grammar engine is not running")
        # The engine answers "unavailable" itself when it is not installed, busy or restarting.
        return engine.check(text, on_findings=on_findings, cancelled=cancelled, visible=visible)

    def stop(self) -> None:
        """Stop the engine process we own (GUI thread, at quit)."""
        self._stopping = True
        engine = self._engine
        if engine is not None:
            try:
                engine.stop()
            except Exception:  # noqa: BLE001
                log.exception("engine stop failed")
        if self._thread is not None:
            self._thread.join(timeout=5)
            engine = self._engine
            if engine is not None:  # it may have been created while we waited
                try:
                    engine.stop()
                except Exception:  # noqa: BLE001
                    log.exception("engine stop failed")
