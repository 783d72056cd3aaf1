"""Against the real LanguageTool engine (marked `engine`): findings, spans, district words,
disabled rules, parity with raw /v2/check, crash and port-conflict survival, no leftovers."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path
from typing import Iterator

import psutil
import pytest
import requests

from tap_assistant.core.model import GrammarStatus, Pillar, Severity, Source
from tap_assistant.engine import process
from tap_assistant.engine.service import EngineState, GrammarEngine
from tests.unit.engine.conftest import TEST_ACCEPTED_WORD, TEST_DISABLED_RULE, engine_test_config

pytestmark = [pytest.mark.engine, pytest.mark.slow]

#: sentence -> a LanguageTool rule id it must produce, and the text it must cover
KNOWN_ERRORS = [
    ("I has a meeting with the parents tomorrow.", "BASE_FORM", "has"),
    ("The student did not recieve the assignment.", "MORFOLOGIK_RULE_EN_US", "recieve"),
    ("Can you send me the the report?", "ENGLISH_WORD_REPEAT_RULE", "the the"),
    ("i will call you after school.", "I_LOWERCASE", "i"),
    ("She dont know about the change.", "EN_CONTRACTION_SPELLING", "dont"),
    ("We should of started the lesson earlier.", "MODAL_OF", "should of"),
    ("There is many reasons to join the club.", "THERE_S_MANY", "There is many reasons"),
]

PARITY_SENTENCES = [
    "This are a test of the new schedule.",
    "I has a meeting with the parents tomorrow.",
    "Please bring you're permission slip on Friday.",
    "Their going to the field trip next week.",
    "The student did not recieve the assignment.",
    "We will discuss it it at the meeting.",
    "Can you send me the the report?",
    "i will call you after school.",
    "She dont know about the change.",
    "The homework is due monday.",
    "Your child has made alot of progress this term.",
    "He go to the library every day.",
    "We was told the bus would be late.",
    "Please let me know if you have any questions,thank you.",
    "The report card will be sent home on Tuesday , March 3.",
    "We should of started the lesson earlier.",
    "Thank you for you help with the fundraiser.",
    "Could you please remind him to bring an umbrella.",
    "There is many reasons to join the club.",
    "This sentence is perfectly fine.",
    "😀 Great job today! Teh class did well 👍🏽 and i am proud.",
    "Dear parents,\r\nthe trip is on monday.\r\nRegards, Ms. Smith",
    "𝒜 note: she have a apple and a orange.",
    "The IEP meeting in the NSSEO office is at 3pm, pleese be on time.",
]


def raw_check(engine: GrammarEngine, text: str, disabled: str = "") -> list[dict]:
    data = {"language": "en-US", "text": text}
    if disabled:
        data["disabledRules"] = disabled
    response = requests.post(engine.url + "v2/check", data=data, timeout=60)
    response.raise_for_status()
    return response.json()["matches"]


def codepoints(text: str, utf16: int) -> int:
    return len(text.encode("utf-16-le")[: utf16 * 2].decode("utf-16-le"))


def test_known_errors_found_with_languagetool_rule_ids(shared_engine: GrammarEngine) -> None:
    for sentence, rule, covered in KNOWN_ERRORS:
        result = shared_engine.check(sentence)
        assert result.status is GrammarStatus.CHECKED, result.detail
        hits = [f for f in result.findings if f.rule == rule]
        assert hits, f"{rule} not found in {sentence!r}: {[f.rule for f in result.findings]}"
        finding = hits[0]
        assert sentence[finding.start:finding.end] == covered == finding.text
        assert finding.source is Source.GRAMMAR and finding.pillar is Pillar.PROFESSIONAL
        assert finding.severity is Severity.CAUTION
        assert finding.message and "P5" in finding.why


def test_style_hint_is_info(shared_engine: GrammarEngine) -> None:
    text = "Please let me know if you have any questions,thank you."
    findings = shared_engine.check(text).findings
    assert [(f.rule, f.severity) for f in findings] == [("COMMA_PARENTHESIS_WHITESPACE", Severity.INFO)]


def test_spans_exact_after_emoji_and_astral_characters(shared_engine: GrammarEngine) -> None:
    text = "😀😀 Hello! 👩‍👩‍👧 Teh class 🇺🇸 did wel today. 𝒜𝒝 We recieve your note."
    findings = shared_engine.check(text).findings
    covered = {f.text: f for f in findings}
    for word in ("Teh", "wel", "recieve"):
        assert word in covered, [f.text for f in findings]
        finding = covered[word]
        assert finding.start == text.index(word)
        assert text[finding.start:finding.end] == word
    for finding in findings:
        assert text[finding.start:finding.end] == finding.text


def test_district_words_not_flagged(shared_engine: GrammarEngine) -> None:
    text = (
        "The IEP meeting is in the NSSEO office. Post it on Schoology and ClassDojo. "
        f"{TEST_ACCEPTED_WORD} families are welcome. Blorfington is not a word."
    )
    findings = shared_engine.check(text).findings
    flagged = {f.text for f in findings if f.rule.startswith("MORFOLOGIK")}
    assert flagged == {"Blorfington"}  # the control word proves the speller was on


def test_district_words_accepted_by_the_engine_itself(shared_engine: GrammarEngine) -> None:
    """The classpath spelling list works without the client filter (raw request)."""
    text = "The NSSEO and Schoology and Brightwoodia and Blorfington."
    flagged = {text[m["offset"]: m["offset"] + m["length"]] for m in raw_check(shared_engine, text)}
    assert flagged == {"Blorfington"}


def test_disabled_rule_stays_silent(shared_engine: GrammarEngine) -> None:
    text = "I ate a apple at lunch."
    assert TEST_DISABLED_RULE in {m["rule"]["id"] for m in raw_check(shared_engine, text)}  # it would fire
    result = shared_engine.check(text)
    assert result.status is GrammarStatus.CHECKED
    assert TEST_DISABLED_RULE not in {f.rule for f in result.findings}


def test_parity_with_raw_check(shared_engine: GrammarEngine) -> None:
    """Same rule ids and offsets as a raw POST /v2/check to the same engine (>= 20 texts)."""
    assert len(PARITY_SENTENCES) >= 20
    compared = 0
    for text in PARITY_SENTENCES:
        ours = {(f.rule, f.start, f.end) for f in shared_engine.check(text).findings}
        raw = {
            (m["rule"]["id"], codepoints(text, m["offset"]), codepoints(text, m["offset"] + m["length"]))
            for m in raw_check(shared_engine, text, TEST_DISABLED_RULE)
        }
        # the only expected difference: spelling matches on accepted district words
        accepted = {
            r for r in raw if r[0].startswith("MORFOLOGIK") and text[r[1]: r[2]] in {"IEP", "NSSEO", TEST_ACCEPTED_WORD}
        }
        assert ours == raw - accepted, text
        compared += len(ours)
    assert compared >= 20


def test_empty_and_odd_input(shared_engine: GrammarEngine) -> None:
    assert shared_engine.check("").status is GrammarStatus.CHECKED
    assert shared_engine.check("   \n\t ").findings == ()
    for text in ("a\x00b teh cat", "שלום עולם. Teh end.", "<p>Teh <b>bold</b></p>", "\r\n" * 5 + "Teh"):
        result = shared_engine.check(text)
        assert result.status is GrammarStatus.CHECKED, result.detail
        for finding in result.findings:
            assert text[finding.start:finding.end] == finding.text


# --- engines of their own: port conflicts, crashes, stop -----------------------------------------


@pytest.fixture
def own_engine(installed_engine_dir: Path, tmp_path: Path) -> Iterator[GrammarEngine]:
    engine = GrammarEngine(
        engine_test_config(), engine_dir=installed_engine_dir, runtime_root=tmp_path / "run", log_file=tmp_path / "engine.log"
    )
    yield engine
    engine.stop()


def test_port_in_use_then_crash_survived_and_nothing_outlives_stop(own_engine: GrammarEngine) -> None:
    # A port another program holds is the first one offered to the engine.
    blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    blocker.bind(("127.0.0.1", 0))
    blocker.listen(1)
    busy = blocker.getsockname()[1]
    offered: list[int] = []

    def picker() -> int:
        port = busy if not offered else process.pick_free_port()
        offered.append(port)
        return port

    own_engine.port_picker = picker
    try:
        own_engine.start()
    finally:
        blocker.close()
    assert own_engine.state is EngineState.READY, own_engine.detail
    assert offered[0] == busy and len(offered) >= 2
    assert f":{busy}/" not in own_engine.url
    assert own_engine.check("Teh first check.").status is GrammarStatus.CHECKED

    # Kill the Java process mid-session: the next check restarts it and succeeds.
    first_pid = own_engine.pid
    assert first_pid is not None
    psutil.Process(first_pid).kill()
    psutil.Process(first_pid).wait(10)
    result = own_engine.check("The student did not recieve the assignment.")
    assert result.status is GrammarStatus.CHECKED, result.detail
    assert "MORFOLOGIK_RULE_EN_US" in {f.rule for f in result.findings}
    second_pid = own_engine.pid
    assert second_pid is not None and second_pid != first_pid
    assert own_engine.state is EngineState.READY

    own_engine.stop()
    assert own_engine.state is EngineState.STOPPED
    assert not psutil.pid_exists(second_pid) or psutil.Process(second_pid).status() == psutil.STATUS_ZOMBIE
    assert own_engine.check("After stop.").status is GrammarStatus.UNAVAILABLE
    own_engine.stop()  # idempotent


def test_watchdog_restarts_a_crashed_engine_without_a_check(own_engine: GrammarEngine) -> None:
    states: list[str] = []
    own_engine._on_state = lambda s, d: states.append(s.value)  # noqa: SLF001 - observe transitions
    own_engine.start()
    assert own_engine.state is EngineState.READY
    pid = own_engine.pid
    assert pid is not None
    os.kill(pid, 9)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and not (own_engine.pid != pid and own_engine.state is EngineState.READY):
        time.sleep(0.5)
    assert own_engine.pid != pid and own_engine.state is EngineState.READY
    assert "starting" in states and states[-1] == "ready"


def test_stop_during_start_leaves_nothing(own_engine: GrammarEngine, tmp_path: Path) -> None:
    """Quitting the app while the engine warms up: start() gives up, no JVM is left."""
    import threading

    starter = threading.Thread(target=own_engine.start)
    starter.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and own_engine._launching is None:  # noqa: SLF001
        time.sleep(0.05)
    launching = own_engine._launching  # noqa: SLF001
    assert launching is not None
    own_engine.stop()
    starter.join(60)
    assert not starter.is_alive()
    assert own_engine.state is EngineState.STOPPED
    assert launching.popen.poll() is not None
    assert not list((tmp_path / "run").glob("*/state.json"))
