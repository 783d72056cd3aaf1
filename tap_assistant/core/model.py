"""The data every part of TAP Assistant passes around: findings, pillar verdicts, reports.

Offsets are Python string indices (code points) into the checked text; `utf16_span` converts
them for Qt, whose QString positions count UTF-16 code units.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Pillar(str, enum.Enum):
    TRANSPARENT = "transparent"
    ACCESSIBLE = "accessible"
    PROFESSIONAL = "professional"


class Severity(str, enum.Enum):
    """The severity ladder; only `caution` and `stop` change a verdict."""

    INFO = "info"
    CAUTION = "caution"
    STOP = "stop"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.CAUTION: 1, Severity.STOP: 2}


class Verdict(str, enum.Enum):
    PASS = "pass"
    CAUTION = "caution"
    STOP = "stop"

    @property
    def rank(self) -> int:
        return {Verdict.PASS: 0, Verdict.CAUTION: 1, Verdict.STOP: 2}[self]

    @property
    def exit_status(self) -> int:
        return self.rank

    @classmethod
    def from_severity(cls, severity: Severity) -> "Verdict":
        return {
            Severity.INFO: cls.PASS,
            Severity.CAUTION: cls.CAUTION,
            Severity.STOP: cls.STOP,
        }[severity]


class Audience(str, enum.Enum):
    STUDENT = "student"
    PARENT = "parent"
    COLLEAGUE = "colleague"
    PUBLIC = "public"


class Source(str, enum.Enum):
    TAP = "tap"
    GRAMMAR = "grammar"
    #: The meaning check (tap_assistant/semantic): a concept head's score on a sentence.
    SEMANTIC = "semantic"


@dataclass(frozen=True)
class Finding:
    rule: str
    pillar: Pillar
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    why: str
    #: Replacement text for the span (an Apply button in the review).
    suggestions: tuple[str, ...] = ()
    source: Source = Source.TAP
    headline: str = ""
    clause: str = ""
    #: Advice on how to rewrite (not text to insert).
    tips: tuple[str, ...] = ()
    #: Meaning-check findings: the head's score, the nearest corpus example ("Reads like: ..."),
    #: and the other pillars the concept touches.
    score: float | None = None
    example: str = ""
    also_pillars: tuple[Pillar, ...] = ()
    #: The kind of problem in plain words (a rule's title, "Spelling" for the engine's typos):
    #: the review titles its card with it and shows the rule id only as a detail.
    title: str = ""

    def to_json(self) -> dict[str, Any]:
        data = self._core_json()
        if self.source is Source.SEMANTIC:
            data["score"] = round(self.score or 0.0, 3)
            data["example"] = self.example
            data["pillars"] = [self.pillar.value] + [p.value for p in self.also_pillars]
        return data

    def _core_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "pillar": self.pillar.value,
            "severity": self.severity.value,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "why": self.why,
            "suggestions": list(self.suggestions),
            "tips": list(self.tips),
            "source": self.source.value,
        }


class GrammarStatus(str, enum.Enum):
    CHECKED = "checked"
    UNAVAILABLE = "unavailable"
    DISABLED = "disabled"


@dataclass(frozen=True)
class GrammarResult:
    status: GrammarStatus
    detail: str = ""
    findings: tuple[Finding, ...] = ()


#: The meaning check reports the same three states as the grammar engine.
SemanticStatus = GrammarStatus


@dataclass(frozen=True)
class SemanticResult:
    """Whether the meaning check ran; its findings are in the report's findings."""

    status: SemanticStatus
    detail: str = ""


@dataclass(frozen=True)
class Notice:
    """Something the user should know about the input itself (truncation, bad bytes)."""

    code: str
    message: str


@dataclass
class Report:
    text: str
    audience: Audience
    findings: list[Finding] = field(default_factory=list)
    grammar: GrammarResult = field(
        default_factory=lambda: GrammarResult(GrammarStatus.DISABLED)
    )
    notices: list[Notice] = field(default_factory=list)
    headline: str = ""
    semantic: SemanticResult = field(
        default_factory=lambda: SemanticResult(SemanticStatus.DISABLED, "the meaning check was not run")
    )
    #: How the audience was chosen: "given" (by the user), "guessed" (from the draft) or "default".
    audience_source: str = "given"
    #: Why, in words the review can show ("guessed from 'Dear Mr. and Mrs. Doe'").
    audience_reason: str = ""

    def pillar_verdict(self, pillar: Pillar) -> Verdict:
        worst = Verdict.PASS
        for finding in self.findings:
            if finding.pillar is pillar:
                candidate = Verdict.from_severity(finding.severity)
                if candidate.rank > worst.rank:
                    worst = candidate
        return worst

    @property
    def pillars(self) -> dict[Pillar, Verdict]:
        return {pillar: self.pillar_verdict(pillar) for pillar in Pillar}

    @property
    def verdict(self) -> Verdict:
        return max(self.pillars.values(), key=lambda verdict: verdict.rank)

    def counted_findings(self) -> list[Finding]:
        """Findings that affect the verdict (everything above `info`)."""
        return [f for f in self.findings if f.severity is not Severity.INFO]

    def with_grammar(self, grammar: GrammarResult) -> "Report":
        tap_findings = [f for f in self.findings if f.source is not Source.GRAMMAR]
        merged = sorted(tap_findings + list(grammar.findings), key=_finding_order)
        return Report(
            text=self.text,
            audience=self.audience,
            findings=merged,
            grammar=grammar,
            notices=list(self.notices),
            headline=self.headline,
            semantic=self.semantic,
            audience_source=self.audience_source,
            audience_reason=self.audience_reason,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict.value,
            "pillars": {pillar.value: verdict.value for pillar, verdict in self.pillars.items()},
            "findings": [finding.to_json() for finding in self.findings],
            "grammar": {"status": self.grammar.status.value, "detail": self.grammar.detail},
            "semantic": {"status": self.semantic.status.value, "detail": self.semantic.detail},
            "headline": self.headline,
            "audience": self.audience.value,
            "audience_source": self.audience_source,
            "audience_reason": self.audience_reason,
            "notices": [{"code": n.code, "message": n.message} for n in self.notices],
        }


def _finding_order(finding: Finding) -> tuple[int, int, int]:
    return (finding.start, -finding.severity.rank, finding.end)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=_finding_order)
