"""LanguageTool matches -> TAP Assistant findings (pillar Professional, clause P5).

Pure functions over plain values so they are testable without an engine. Offsets: LanguageTool
counts UTF-16 code units, Python counts code points; `SpanMap` converts in O(log n) per offset.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from tap_assistant.core.model import Finding, Pillar, Severity, Source
from tap_assistant.engine.words import AcceptedWords

MAX_SUGGESTIONS = 5
CLAUSE = "P5"
WHY = (
    "The district's procedure counts grammar, spelling and punctuation as part of a professional "
    "message (Professional, P5)."
)

#: Categories of errors a reader notices: they turn the Professional pillar amber.
CAUTION_CATEGORIES = frozenset(
    {
        "TYPOS",
        "GRAMMAR",
        "CASING",
        "PUNCTUATION",
        "CONFUSED_WORDS",
        "COMPOUNDING",
        "NONSTANDARD_PHRASES",
        "SEMANTICS",
    }
)
#: Style hints: shown, never change the verdict.
INFO_CATEGORIES = frozenset(
    {
        "STYLE",
        "REDUNDANCY",
        "TYPOGRAPHY",
        "PLAIN_ENGLISH",
        "WIKIPEDIA",
        "REPETITIONS_STYLE",
        "COLLOQUIALISMS",
        "CREATIVE_WRITING",
        "TEXT_ANALYSIS",
        "GENDER_NEUTRALITY",
        "MISUSED_TERMS_EU_PUBLICATIONS",
        "AMERICAN_ENGLISH_STYLE",
        "BRITISH_ENGLISH",
    }
)
INFO_ISSUE_TYPES = frozenset({"style", "typographical", "whitespace", "register", "locale-violation"})


def severity_for(category: str, issue_type: str) -> Severity:
    """Error categories win; then style categories; then the issue type (for MISC and unknown
    categories); anything else is treated as an error a reader would notice."""
    if category in CAUTION_CATEGORIES:
        return Severity.CAUTION
    if category in INFO_CATEGORIES or issue_type in INFO_ISSUE_TYPES:
        return Severity.INFO
    return Severity.CAUTION


#: LanguageTool categories in plain words (a card title), then issue types for the rest.
_CATEGORY_TITLES = {
    "TYPOS": "Spelling",
    "GRAMMAR": "Grammar",
    "CONFUSED_WORDS": "Commonly confused words",
    "NONSTANDARD_PHRASES": "Nonstandard phrase",
    "SEMANTICS": "Meaning",
    "CASING": "Capital letters",
    "PUNCTUATION": "Punctuation",
    "TYPOGRAPHY": "Typography",
    "COMPOUNDING": "Compound words",
    "REDUNDANCY": "Redundant words",
    "PLAIN_ENGLISH": "Plain English",
    "COLLOQUIALISMS": "Informal wording",
    "REPETITIONS_STYLE": "Repetition",
    "STYLE": "Style",
}
_ISSUE_TYPE_TITLES = {
    "misspelling": "Spelling",
    "grammar": "Grammar",
    "typographical": "Punctuation",
    "whitespace": "Spacing",
    "style": "Style",
    "register": "Style",
    "duplication": "Repeated word",
    "uncategorized": "Grammar",
}


def plain_title(rule_id: str, category: str, issue_type: str) -> str:
    """What a teacher would call the problem: Spelling, Grammar, Punctuation, Style..."""
    if is_spelling(rule_id, category, issue_type):
        return "Spelling"
    if category in _CATEGORY_TITLES:
        return _CATEGORY_TITLES[category]
    return _ISSUE_TYPE_TITLES.get(issue_type, "Grammar")


def is_spelling(rule_id: str, category: str, issue_type: str) -> bool:
    return (
        issue_type == "misspelling"
        and (category == "TYPOS" or "SPELL" in rule_id or rule_id.startswith(("MORFOLOGIK", "HUNSPELL")))
    ) or rule_id.startswith(("MORFOLOGIK_RULE", "HUNSPELL_RULE"))


class SpanMap:
    """Converts UTF-16 offsets of one text to code-point offsets (and back)."""

    def __init__(self, text: str) -> None:
        self.text = text
        # code-point indices of characters outside the BMP (two UTF-16 units each)
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        # their UTF-16 positions
        self._astral_utf16 = [i + n for n, i in enumerate(self._astral)]

    @property
    def trivial(self) -> bool:
        return not self._astral

    def to_codepoint(self, utf16: int) -> int:
        if not self._astral:
            return utf16
        # every astral character starting before `utf16` contributed one extra unit
        before = bisect.bisect_left(self._astral_utf16, utf16)
        return utf16 - before

    def to_utf16(self, codepoint: int) -> int:
        if not self._astral:
            return codepoint
        return codepoint + bisect.bisect_left(self._astral, codepoint)


@dataclass(frozen=True)
class RawMatch:
    """The parts of one LanguageTool match we use; offsets in UTF-16 units as LT sends them."""

    rule_id: str
    category: str
    issue_type: str
    message: str
    offset_utf16: int
    length_utf16: int
    replacements: tuple[str, ...]


def to_finding(match: RawMatch, spans: SpanMap) -> Finding | None:
    """One finding, or None when the span does not fit the text (defensive)."""
    start = spans.to_codepoint(match.offset_utf16)
    end = spans.to_codepoint(match.offset_utf16 + match.length_utf16)
    if not 0 <= start <= end <= len(spans.text):
        return None
    suggestions: list[str] = []
    for value in match.replacements:
        if value not in suggestions:
            suggestions.append(value)
        if len(suggestions) == MAX_SUGGESTIONS:
            break
    return Finding(
        rule=match.rule_id,
        pillar=Pillar.PROFESSIONAL,
        severity=severity_for(match.category, match.issue_type),
        start=start,
        end=end,
        text=spans.text[start:end],
        message=match.message,
        why=WHY,
        suggestions=tuple(suggestions),
        source=Source.GRAMMAR,
        clause=CLAUSE,
        title=plain_title(match.rule_id, match.category, match.issue_type),
    )


def build_findings(
    text: str,
    matches: list[RawMatch],
    accepted: AcceptedWords,
    disabled_rules: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Findings for `text`, minus disabled rules and spelling matches on accepted words."""
    spans = SpanMap(text)
    findings: list[Finding] = []
    for match in matches:
        if match.rule_id in disabled_rules:
            continue
        finding = to_finding(match, spans)
        if finding is None:
            continue
        if is_spelling(match.rule_id, match.category, match.issue_type) and accepted.accepts(finding.text):
            continue
        findings.append(finding)
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings
