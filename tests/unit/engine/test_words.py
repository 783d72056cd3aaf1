"""District words: the rule-pack list, settings, the classpath file and the client filter."""

from __future__ import annotations

from pathlib import Path

from tap_assistant.core.config import Settings
from tap_assistant.engine.words import (
    SPELLING_CUSTOM_PATH,
    AcceptedWords,
    accepted_words,
    read_word_file,
    rule_pack_words,
    write_spelling_custom,
)


def test_read_word_file_skips_comments_and_blanks(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_text("# header\nIEP\n\n  NSSEO  # trailing comment\nInfinite Campus\n", encoding="utf-8")
    assert read_word_file(path) == ["IEP", "NSSEO", "Infinite Campus"]
    assert read_word_file(tmp_path / "missing.txt") == []


def test_rule_pack_ships_district_words() -> None:
    words = rule_pack_words()
    assert "IEP" in words and "NSSEO" in words


def test_accepted_words_merge_pack_settings_and_district_name() -> None:
    settings = Settings(accepted_words=["Brightwoodia", "IEP"], district_name="Lakeshore Unified School District")
    words = accepted_words(settings)
    assert words.count("IEP") == 1
    assert "Brightwoodia" in words
    assert "Lakeshore" in words


def test_accepted_words_matching() -> None:
    accepted = AcceptedWords(["IEP", "ClassDojo", "seesaw", "Infinite Campus"])
    assert accepted.accepts("IEP")
    assert accepted.accepts("IEPs") and accepted.accepts("IEP's")
    assert accepted.accepts("CLASSDOJO")  # shouted
    assert not accepted.accepts("classdojo")  # a name keeps its capitals
    assert accepted.accepts("Seesaw") and accepted.accepts("seesaw")
    assert accepted.accepts("Infinite") and accepted.accepts("Campus")
    assert not accepted.accepts("Blorf")
    assert not accepted.accepts("")


def test_spelling_custom_file_on_classpath_layout(tmp_path: Path) -> None:
    target = write_spelling_custom(tmp_path, ["IEP", "NSSEO"])
    assert target == tmp_path.joinpath(*SPELLING_CUSTOM_PATH)
    assert target.as_posix().endswith("org/languagetool/resource/en/hunspell/spelling_custom.txt")
    lines = [ln for ln in target.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    assert lines == ["IEP", "NSSEO"]
