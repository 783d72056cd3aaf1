"""`GrammarEngine`: the grammar engine as the app uses it (start, check, stop). No Qt here.

* Local mode (the default): finds the installed engine and Java, cleans up an engine left by
  a crashed app, starts LanguageTool on a free loopback port and waits until it is warm. A
  watchdog restarts it with back-off if it dies; `check` also restarts a dead engine before
  answering, so a check after a crash succeeds once the engine is back.
* Checks go out as small chunks (`chunked.py`), one bounded request at a time per engine.
  A request that outlasts its bound makes the engine BUSY: checks answer "unavailable" at once
  instead of queueing behind it, the watchdog probes it, and restarts it (stopping the stuck
  JVM first, so there is never a second one beside it) when it does not answer within
  `recovery_seconds`. READY therefore means the engine answers now.
* District mode (`engine_url` set by IT): no local process at all, only a health check; the
  client talks to that server.

`check` never raises: any problem becomes `GrammarResult(UNAVAILABLE, detail)`; the TAP result
does not depend on it. Logs carry lengths, rule ids and timings only, never draft text.
"""

from __future__ import annotations

import atexit
import enum
import logging
import threading
import time
import weakref
from pathlib import Path
from typing import Callable

from tap_assistant.core.config import Configuration
from tap_assistant.core.model import Finding, GrammarResult, GrammarStatus
from tap_assistant.core.textutil import MAX_CHECK_CHARS
from tap_assistant.engine import paths, process
from tap_assistant.engine.chunked import FindingsCallback, check_in_chunks
from tap_assistant.engine.chunks import MAX_CHUNK_UTF16
from tap_assistant.engine.client import (
    REQUEST_TIMEOUT_SECONDS,
    EngineBusy,
    GrammarClient,
    GrammarRequestError,
    answers_now,
    healthcheck,
    normalize_base_url,
)
from tap_assistant.engine.install import inspect_installation
from tap_assistant.engine.java import JavaNotFound, find_java
from tap_assistant.engine.words import AcceptedWords, accepted_words

log = logging.getLogger(__name__)

#: Seconds to wait before restart attempt n (after a crash); the last value repeats.
RESTART_BACKOFF = (0.0, 2.0, 5.0, 15.0, 30.0, 60.0)
WATCHDOG_INTERVAL = 1.0
#: How long a busy engine (a request outlasted its bound) gets to answer again before it is
#: restarted. Chunks are small, so a healthy engine is free again within a second or two.
RECOVERY_SECONDS = 8.0
#: Bound of the probe that decides whether a busy engine answers again.
PROBE_TIMEOUT_SECONDS = 2.0


class EngineState(str, enum.Enum):
    NOT_INSTALLED = "not-installed"
    STARTING = "starting"
    READY = "ready"
    BUSY = "busy"  # running, but did not answer a request within its bound
    FAILED = "failed"
    STOPPED = "stopped"


class EngineUnavailable(RuntimeError):
    pass


_LIVE_ENGINES: "weakref.WeakSet[GrammarEngine]" = weakref.WeakSet()


@atexit.register
def _stop_all_at_exit() -> None:
    for engine in list(_LIVE_ENGINES):
        engine.stop()


class GrammarEngine:
    def __init__(
        self,
        config: Configuration,
        on_state: Callable[[EngineState, str], None] | None = None,
        *,
        engine_dir: Path | None = None,
        runtime_root: Path | None = None,
        log_file: Path | None = None,
        ready_timeout: float = process.READY_TIMEOUT_SECONDS,
    ) -> None:
        self._config = config
        self._on_state = on_state
        self._engine_dir = engine_dir
        self._runtime_root = runtime_root
        self._log_file = log_file
        self._ready_timeout = ready_timeout
        settings = config.settings
        self._words = accepted_words(settings)
        self._accepted = AcceptedWords(self._words)
        self._disabled_rules = list(settings.grammar_disabled_rules)
        self._remote_url = normalize_base_url(settings.engine_url) if settings.engine_url.strip() else ""

        self._lifecycle = threading.RLock()  # start/stop/restart are serialized
        self._state = EngineState.STOPPED
        self._detail = ""
        self._local: process.LocalEngine | None = None
        self._launching: process.LocalEngine | None = None  # the JVM being started, if any
        self._client: GrammarClient | None = None
        self._stopping = threading.Event()
        self._failures = 0  # consecutive failed starts/crashes, drives the back-off
        self._last_failure = 0.0
        self._watchdog: threading.Thread | None = None
        self._request_lock = threading.Lock()  # one request at a time to this engine
        self._busy_since = 0.0
        self.port_picker: Callable[[], int] = process.pick_free_port  # tests replace it
        #: Bounds (tests shorten them): one request, and a busy engine's time to recover.
        self.request_bound = REQUEST_TIMEOUT_SECONDS
        self.recovery_seconds = RECOVERY_SECONDS
        self.chunk_units = MAX_CHUNK_UTF16
        _LIVE_ENGINES.add(self)

    # --- public interface ---------------------------------------------------------------------

    @property
    def state(self) -> EngineState:
        return self._state

    @property
    def detail(self) -> str:
        return self._detail

    @property
    def url(self) -> str:
        """Where checks go (the local engine or the district server); empty when not running."""
        if self._remote_url:
            return self._remote_url
        local = self._local
        return local.url if local is not None else ""

    @property
    def pid(self) -> int | None:
        local = self._local
        return local.pid if local is not None else None

    def start(self) -> None:
        """Blocking until ready or failed (call from a worker thread)."""
        self._stopping.clear()
        with self._lifecycle:
            if self._state is EngineState.READY and self._healthy():
                return
            try:
                self._start_locked()
            except EngineUnavailable:
                pass  # state and detail say why; the watchdog retries with back-off
        if not self._remote_url and self._state is not EngineState.NOT_INSTALLED:
            self._ensure_watchdog()

    def check(
        self,
        text: str,
        *,
        on_findings: FindingsCallback | None = None,
        cancelled: Callable[[], bool] | None = None,
        visible: tuple[int, int] | None = None,
    ) -> GrammarResult:
        """Blocking and thread-safe; never raises.

        `on_findings` gets each chunk's findings (offsets in `text`) as they arrive;
        `cancelled()` returning True stops the check before its next request; `visible` (a
        code-point range) is checked first.
        """
        try:
            return self._check(text, on_findings, cancelled, visible)
        except Exception as error:  # noqa: BLE001 - grammar is optional; never break the TAP check
            log.exception("grammar check failed unexpectedly")
            return GrammarResult(GrammarStatus.UNAVAILABLE, f"the grammar check failed ({type(error).__name__})")

    def stop(self) -> None:
        """Stop the Java process we own; idempotent. Also cuts short a start in progress
        (quitting the app while the engine warms up must not wait for it)."""
        self._stopping.set()
        launching = self._launching
        if launching is not None:
            launching.stop(grace=2.0)
        with self._lifecycle:
            self._teardown_locked()
            if self._state is not EngineState.NOT_INSTALLED:
                self._set_state(EngineState.STOPPED, "")

    # --- internals ----------------------------------------------------------------------------

    def _set_state(self, state: EngineState, detail: str) -> None:
        changed = (state, detail) != (self._state, self._detail)
        self._state, self._detail = state, detail
        if changed:
            log.info("grammar engine: %s %s", state.value, detail)
            if self._on_state is not None:
                try:
                    self._on_state(state, detail)
                except Exception:  # noqa: BLE001 - a listener's bug must not kill the engine
                    log.exception("engine state listener failed")

    def _healthy(self) -> bool:
        """Answers a check now (a health check alone answers while every check thread is stuck)."""
        if self._remote_url:
            return healthcheck(self._remote_url)
        local = self._local
        return local is not None and local.alive() and answers_now(local.url, PROBE_TIMEOUT_SECONDS)

    def _teardown_locked(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._local is not None:
            self._local.stop()
            self._local = None

    def _fail(self, state: EngineState, detail: str) -> EngineUnavailable:
        self._failures += 1
        self._last_failure = time.monotonic()
        self._set_state(state, detail)
        return EngineUnavailable(detail)

    def _start_locked(self) -> None:
        """(Re)start; raises EngineUnavailable with the state already set."""
        self._teardown_locked()
        self._set_state(EngineState.STARTING, "")
        started = time.monotonic()
        if self._remote_url:
            try:
                self._client = GrammarClient(self._remote_url, self._accepted, self._disabled_rules)
            except GrammarRequestError as error:
                raise self._fail(EngineState.FAILED, f"the district grammar server {self._remote_url} is not answering ({error})")
            self._failures = 0
            self._set_state(EngineState.READY, f"district server {self._remote_url}")
            return

        choice = paths.find_engine_dir() if self._engine_dir is None else paths.EngineDirChoice(self._engine_dir, "given")
        installation = inspect_installation(choice.path)
        if not installation.complete:
            self._failures = 0
            self._set_state(
                EngineState.NOT_INSTALLED,
                f"the grammar engine is not installed ({installation.problem} in {choice.path}); "
                "run `tap-assistant engine install`",
            )
            raise EngineUnavailable(self._detail)
        try:
            java = find_java()
        except JavaNotFound as error:
            raise self._fail(EngineState.FAILED, str(error))
        stale = process.cleanup_stale(self._runtime_root)
        if stale:
            log.info("stopped %d engine(s) left behind by a crashed app", len(stale))
        spec = process.LaunchSpec(
            java=java.path,
            engine_dir=choice.path,
            heap_mb=self._config.settings.engine_heap_mb or 512,
            words=self._words,
            max_text_length=process.SERVER_MAX_TEXT_UTF16,
            runtime_root=self._runtime_root,
            log_file=self._log_file,
        )
        if self._stopping.is_set():
            raise EngineUnavailable("the grammar engine was stopped")
        try:
            self._local = process.start_engine(
                spec, self._ready_timeout, self.port_picker, on_launch=lambda e: setattr(self, "_launching", e)
            )
            self._client = GrammarClient(self._local.url, self._accepted, self._disabled_rules)
        except (process.EngineStartError, GrammarRequestError) as error:
            self._teardown_locked()
            if self._stopping.is_set():
                raise EngineUnavailable("the grammar engine was stopped") from error
            raise self._fail(EngineState.FAILED, f"the grammar engine could not start: {error}")
        finally:
            self._launching = None
        self._failures = 0
        log.info("grammar engine ready on port %d in %.1f s", self._local.record.port, time.monotonic() - started)
        self._set_state(EngineState.READY, "")

    def _backoff_remaining(self) -> float:
        if self._failures == 0:
            return 0.0
        delay = RESTART_BACKOFF[min(self._failures - 1, len(RESTART_BACKOFF) - 1)]
        return max(0.0, self._last_failure + delay - time.monotonic())

    def _ensure_ready(self) -> GrammarClient:
        """A client for a live engine, (re)starting it when needed and the back-off allows."""
        with self._lifecycle:
            if self._stopping.is_set():
                raise EngineUnavailable("the grammar engine was stopped")
            if self._state is EngineState.NOT_INSTALLED:
                raise EngineUnavailable(self._detail)
            if self._state is EngineState.BUSY and self._local is not None and self._local.alive():
                # Never queue more work behind a stuck request; the watchdog sorts it out.
                raise EngineUnavailable(self._detail)
            client = self._client
            local_dead = not self._remote_url and (self._local is None or not self._local.alive())
            if client is not None and not local_dead:
                return client
            if self._local is not None and local_dead:
                log.warning("grammar engine (pid %d) stopped unexpectedly", self._local.pid)
                self._failures += 1
                self._last_failure = time.monotonic()
                self._set_state(EngineState.STARTING, "the grammar engine stopped unexpectedly; restarting")
            wait = self._backoff_remaining()
            if wait > 0:
                raise EngineUnavailable(f"{self._detail or 'the grammar engine is restarting'} (next try in {wait:.0f} s)")
            self._start_locked()
            assert self._client is not None
            return self._client

    def _check(
        self,
        text: str,
        on_findings: FindingsCallback | None,
        cancelled: Callable[[], bool] | None,
        visible: tuple[int, int] | None,
    ) -> GrammarResult:
        if not text.strip():
            return GrammarResult(GrammarStatus.CHECKED, "", ())
        text = text[:MAX_CHECK_CHARS]
        try:
            client = self._ensure_ready()
        except EngineUnavailable as error:
            return GrammarResult(GrammarStatus.UNAVAILABLE, str(error))
        local = self._local

        def send(chunk: str) -> list[Finding]:
            with self._request_lock:
                if self._state is EngineState.BUSY or self._stopping.is_set():
                    raise EngineBusy(self._detail or "the grammar engine is not answering")
                return client.check(chunk, timeout=self.request_bound)

        started = time.monotonic()
        outcome = check_in_chunks(
            text, send, on_findings=on_findings, cancelled=cancelled, visible=visible, max_units=self.chunk_units
        )
        if outcome.busy is not None and not self._remote_url:
            self._mark_busy(local, str(outcome.busy))
        elif outcome.error is not None and not self._remote_url and local is not None and not local.alive():
            log.warning("grammar engine (pid %d) stopped during a check", local.pid)
        result = outcome.to_result()
        log.info(
            "grammar check: %d chars, %d/%d chunks, %d findings (%s) in %.0f ms%s",
            len(text),
            outcome.checked,
            outcome.total,
            len(result.findings),
            ",".join(sorted({f.rule for f in result.findings}))[:300],
            (time.monotonic() - started) * 1000,
            "" if outcome.complete else f"; stopped: {result.detail}",
        )
        return result

    def _mark_busy(self, local: process.LocalEngine | None, reason: str) -> None:
        with self._lifecycle:
            if local is None or self._local is not local or self._state is not EngineState.READY:
                return  # already handled, restarted or stopped meanwhile
            self._busy_since = time.monotonic()
            self._set_state(
                EngineState.BUSY,
                f"{reason}; it is restarted if it does not answer again within {self.recovery_seconds:.0f} s",
            )
        self._ensure_watchdog()

    def _recover_if_busy(self) -> None:
        """Watchdog: a busy engine that answers again is READY; one that does not answer within
        `recovery_seconds` is stopped and started again (never a second JVM beside it)."""
        local = self._local
        if self._state is not EngineState.BUSY or local is None:
            return
        answered = local.alive() and answers_now(local.url, PROBE_TIMEOUT_SECONDS)
        with self._lifecycle:
            if self._state is not EngineState.BUSY or self._local is not local:
                return
            if answered:
                log.info("grammar engine answers again after %.1f s", time.monotonic() - self._busy_since)
                self._set_state(EngineState.READY, "")
                return
            if time.monotonic() - self._busy_since < self.recovery_seconds:
                return
            log.warning(
                "grammar engine (pid %d) did not answer for %.0f s; restarting it", local.pid, time.monotonic() - self._busy_since
            )
            self._set_state(EngineState.STARTING, "the grammar engine was stuck; restarting it")
            try:
                self._start_locked()  # stops the stuck JVM first
            except EngineUnavailable:
                pass  # state and detail say why; the watchdog retries with back-off

    # --- watchdog -----------------------------------------------------------------------------

    def _ensure_watchdog(self) -> None:
        if self._watchdog is not None and self._watchdog.is_alive():
            return
        self._watchdog = threading.Thread(target=self._watch, name="engine-watchdog", daemon=True)
        self._watchdog.start()

    def _watch(self) -> None:
        """Restart a crashed engine in the background so the app's badge recovers on its own."""
        while not self._stopping.wait(WATCHDOG_INTERVAL):
            local = self._local
            if self._state is EngineState.NOT_INSTALLED:
                return
            if self._state is EngineState.BUSY and local is not None and local.alive():
                try:
                    self._recover_if_busy()
                except Exception:  # noqa: BLE001
                    log.exception("engine recovery failed")
                continue
            needs_restart = (local is not None and not local.alive()) or (
                local is None and self._state is EngineState.FAILED
            )
            if not needs_restart:
                continue
            if self._backoff_remaining() > 0:
                continue
            try:
                self._ensure_ready()
            except EngineUnavailable:
                pass
            except Exception:  # noqa: BLE001
                log.exception("engine restart failed")
