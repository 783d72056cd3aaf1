"""Grammar for one `tap-assistant check`: reuse a warm engine, or start one just for this check.

Order:
1. IT's district server (`engine_url`): check there, no local process.
2. A local engine already running for this user, recorded under the runtime folder by the tray
   app or by `tap-assistant engine start`, and answering its health check: check there
   (instant) and leave it running; it belongs to whoever started it.
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
from tap_assistant.engine.client import GrammarClient, GrammarRequestError
from tap_assistant.engine.service import EngineState, GrammarEngine
from tap_assistant.engine.words import AcceptedWords, accepted_words

log = logging.getLogger(__name__)


def check_grammar_once(text: str, config: Configuration) -> GrammarResult:
    if not text.strip():
        return GrammarResult(GrammarStatus.CHECKED, "", ())
    settings = config.settings
    if not settings.engine_url.strip():
        reused = _check_on_running_engine(text, config)
        if reused is not None:
            return reused
    engine = GrammarEngine(config)
    try:
        engine.start()
        if engine.state is not EngineState.READY:
            return GrammarResult(GrammarStatus.UNAVAILABLE, engine.detail or "the grammar engine is not running")
        return engine.check(text)
    finally:
        engine.stop()


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
        findings = client.check(text[:MAX_CHECK_CHARS])
    except GrammarRequestError as error:
        log.info("running engine on port %d did not answer (%s); starting our own", record.port, error)
        return None
    return GrammarResult(GrammarStatus.CHECKED, "", tuple(findings))
