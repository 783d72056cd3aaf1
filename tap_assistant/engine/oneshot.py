"""Grammar for one `tap-assistant check`: reuse a warm engine, or start one just for this check.

Order:
1. IT's district server (`engine_url`): check there, no local process.
2. A local engine already running for this user, recorded under the runtime folder by the tray
   app or by `tap-assistant engine start`, and answering its health check: check there
   (instant) and leave it running; it belongs to whoever started it. Its chunks go out one at
   a time with the same bound as in the app. When a request outlasts it, that engine is busy:
   the result is "unavailable" and nothing is sent again, neither there nor to an engine of
   our own (it would only add a second JVM and another wait on the same text).
3. Otherwise start an engine, check, and stop it again before returning (a cold start takes
   10-20 s on two cores; run `tap-assistant engine start` once to keep one warm for scripts).

Whatever happens, the result is `checked` or `unavailable` with the reason in `detail`; no
exception and no Java process is left behind.
"""

from __future__ import annotations

import logging

from tap_assistant.core.config import Configuration
from tap_assistant.core.model import GrammarResult, GrammarStatus
from tap_assistant.core.textutil import MAX_CHECK_CHARS
from tap_assistant.engine import process
from tap_assistant.engine.chunked import check_in_chunks
from tap_assistant.engine.client import REQUEST_TIMEOUT_SECONDS, GrammarClient, GrammarRequestError
from tap_assistant.engine.service import EngineState, GrammarEngine
from tap_assistant.engine.words import AcceptedWords, accepted_words

log = logging.getLogger(__name__)

#: How long a running engine that does not answer gets before `check` reports it stuck.
STUCK_WAIT_SECONDS = 8.0


def check_grammar_once(text: str, config: Configuration) -> GrammarResult:
    if not text.strip():
        return GrammarResult(GrammarStatus.CHECKED, "", ())
    settings = config.settings
    if not settings.engine_url.strip():
        reused = _check_on_running_engine(text, config)
        if reused is not None:
            return reused
        stuck = _stuck_engine(text, config)
        if stuck is not None:
            return stuck
    engine = GrammarEngine(config)
    try:
        engine.start()
        if engine.state is not EngineState.READY:
            return GrammarResult(GrammarStatus.UNAVAILABLE, engine.detail or "the grammar engine is not running")
        return engine.check(text)
    finally:
        engine.stop()


def _stuck_engine(text: str, config: Configuration) -> GrammarResult | None:
    """An engine of ours runs but does not answer: say so rather than start a second JVM."""
    try:
        live = process.live_engines()
    except Exception:  # noqa: BLE001
        log.exception("looking for a running engine failed")
        return None
    for record in live:
        if process.wait_until_answers(record, STUCK_WAIT_SECONDS):
            return _check_on_running_engine(text, config)  # it recovered
        owner = "`tap-assistant engine start`" if record.detached else "the app, which restarts it itself"
        return GrammarResult(
            GrammarStatus.UNAVAILABLE,
            f"the grammar engine (pid {record.pid}, started by {owner}) is not answering; "
            "try again shortly, or run `tap-assistant engine stop`",
        )
    return None


def _check_on_running_engine(text: str, config: Configuration) -> GrammarResult | None:
    try:
        record = process.find_reusable_engine()
    except Exception:  # noqa: BLE001 - a broken record must not stop the check
        log.exception("looking for a running engine failed")
        return None
    if record is None:
        return None
    settings = config.settings
    try:
        client = GrammarClient(record.url, AcceptedWords(accepted_words(settings)), settings.grammar_disabled_rules)
    except GrammarRequestError as error:
        log.info("running engine on port %d did not answer (%s); starting our own", record.port, error)
        return None
    outcome = check_in_chunks(
        text[:MAX_CHECK_CHARS], lambda chunk: client.check(chunk, timeout=REQUEST_TIMEOUT_SECONDS)
    )
    if outcome.checked == 0 and outcome.error is not None and outcome.busy is None:
        # Nothing was checked and the engine did not time out (it went away): ours will do.
        log.info("running engine on port %d failed (%s); starting our own", record.port, outcome.error)
        return None
    if outcome.busy is not None:
        log.info("running engine on port %d is busy; not sending the text again", record.port)
    return outcome.to_result()
