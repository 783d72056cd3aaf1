"""LanguageTool matches -> findings: severities, exact spans, filtering. No engine needed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tap_assistant.core.model import Pillar, Severity, Source
from tap_assistant.core.textutil import codepoint_offset, utf16_offset
from tap_assistant.engine.findings import (
    MAX_SUGGESTIONS,
    RawMatch,
    SpanMap,
    build_findings,
    is_spelling,
    severity_for,
)
from tap_assistant.engine.words import AcceptedWords


def utf16_index(text: str, needle: str) -> int:
    return len(text[: text.index(needle)].encode("utf-16-le")) // 2


def raw(text: str, needle: str, rule: str = "MORFOLOGIK_RULE_EN_US", category: str = "TYPOS",
        issue: str = "misspelling", replacements: tuple[str, ...] = ("x",)) -> RawMatch:
    return RawMatch(rule, category, issue, "msg", utf16_index(text, needle), len(needle.encode("utf-16-le")) // 2, replacements)


def test_grammar_and_spelling_are_caution_style_is_info() -> None:
    assert severity_for("TYPOS", "misspelling") is Severity.CAUTION
    assert severity_for("GRAMMAR", "grammar") is Severity.CAUTION
    assert severity_for("PUNCTUATION", "typographical") is Severity.CAUTION
    assert severity_for("MISC", "whitespace") is Severity.INFO
    assert severity_for("CONFUSED_WORDS", "misspelling") is Severity.CAUTION
    assert severity_for("CASING", "typographical") is Severity.CAUTION
    assert severity_for("CASING", "misspelling") is Severity.CAUTION
    assert severity_for("STYLE", "style") is Severity.INFO
    assert severity_for("REDUNDANCY", "style") is Severity.INFO
    assert severity_for("TYPOGRAPHY", "whitespace") is Severity.INFO
    assert severity_for("MISC", "duplication") is Severity.CAUTION


def test_spelling_detection() -> None:
    assert is_spelling("MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling")
    assert is_spelling("HUNSPELL_RULE", "TYPOS", "misspelling")
    assert not is_spelling("EN_A_VS_AN", "MISC", "misspelling")
    assert not is_spelling("BASE_FORM", "GRAMMAR", "grammar")


def test_spans_are_code_points_after_emoji() -> None:
    text = "😀👍🏽 Teh cat 🇺🇸 saw teh dog 𝒜 Blorf."
    matches = [raw(text, "Teh"), raw(text, "teh"), raw(text, "Blorf")]
    findings = build_findings(text, matches, AcceptedWords([]))
    assert [f.text for f in findings] == ["Teh", "teh", "Blorf"]
    for finding, word in zip(findings, ["Teh", "teh", "Blorf"]):
        assert text[finding.start:finding.end] == word
    assert findings[0].start == text.index("Teh")
    assert findings[2].start == text.index("Blorf")


def test_finding_fields() -> None:
    text = "I has an apple."
    match = RawMatch("NON3PRS_VERB", "GRAMMAR", "grammar", "Use 'have'.", 2, 3, tuple("abcdefgh"))
    (finding,) = build_findings(text, [match], AcceptedWords([]))
    assert finding.rule == "NON3PRS_VERB"
    assert finding.pillar is Pillar.PROFESSIONAL
    assert finding.source is Source.GRAMMAR
    assert finding.severity is Severity.CAUTION
    assert finding.message == "Use 'have'."
    assert "grammar" in finding.why and "P5" in finding.why
    assert finding.suggestions == tuple("abcde") and len(finding.suggestions) == MAX_SUGGESTIONS
    assert finding.clause == "P5"


def test_accepted_words_filter_only_spelling() -> None:
    text = "The IEP meeting in NSSEO with nsseo and Blorf."
    matches = [
        raw(text, "IEP"),
        raw(text, "NSSEO"),
        raw(text, "Blorf"),
        # a grammar rule on an accepted word still counts
        raw(text, "IEP", rule="SOME_GRAMMAR", category="GRAMMAR", issue="grammar"),
    ]
    findings = build_findings(text, matches, AcceptedWords(["IEP", "NSSEO"]))
    assert sorted(f.rule + ":" + f.text for f in findings) == ["MORFOLOGIK_RULE_EN_US:Blorf", "SOME_GRAMMAR:IEP"]


def test_disabled_rules_dropped_client_side() -> None:
    text = "a apple"
    match = RawMatch("EN_A_VS_AN", "MISC", "misspelling", "m", 0, 1, ("an",))
    assert build_findings(text, [match], AcceptedWords([]), frozenset({"EN_A_VS_AN"})) == []


def test_out_of_range_span_is_dropped() -> None:
    match = RawMatch("R", "GRAMMAR", "grammar", "m", 10, 5, ())
    assert build_findings("short", [match], AcceptedWords([])) == []


@given(st.text(alphabet=st.sampled_from(["a", " ", "é", "😀", "𝒜", "\r", "\n", "中", "\u0000"]), max_size=60))
def test_spanmap_agrees_with_core_textutil(text: str) -> None:
    spans = SpanMap(text)
    for index in range(len(text) + 1):
        units = spans.to_utf16(index)
        assert units == utf16_offset(text, index)
        assert spans.to_codepoint(units) == index == codepoint_offset(text, units)


def test_plain_titles_for_cards() -> None:
    from tap_assistant.engine.findings import plain_title

    assert plain_title("MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling") == "Spelling"
    assert plain_title("UPPERCASE_SENTENCE_START", "CASING", "typographical") == "Capital letters"
    assert plain_title("COMMA_PARENTHESIS_WHITESPACE", "PUNCTUATION", "whitespace") == "Punctuation"
    assert plain_title("NON3PRS_VERB", "GRAMMAR", "grammar") == "Grammar"
    assert plain_title("SOME_STYLE_RULE", "STYLE", "style") == "Style"
    # Unknown categories fall back to the issue type, then to "Grammar".
    assert plain_title("WHITESPACE_RULE", "MISC", "whitespace") == "Spacing"
    assert plain_title("ENGLISH_WORD_REPEAT_RULE", "MISC", "duplication") == "Repeated word"
    assert plain_title("NEW_RULE", "NEW_CATEGORY", "") == "Grammar"
    text = "I has an apple."
    (finding,) = build_findings(text, [RawMatch("NON3PRS_VERB", "GRAMMAR", "grammar", "m", 2, 3, ())], AcceptedWords([]))
    assert finding.title == "Grammar"
