"""The front-page headline: what the local paper would print if this draft were published."""

from __future__ import annotations

from tap_assistant.core.model import Audience, Finding, Report, Severity, Source

_AUDIENCE_NOUN = {
    Audience.STUDENT: "Student",
    Audience.PARENT: "Family",
    Audience.COLLEAGUE: "Colleague",
    Audience.PUBLIC: "Community",
}

_CLEAN = {
    Audience.STUDENT: "{district} Teacher's Note to Student: Clear, Courteous, On the Record",
    Audience.PARENT: "{district} Staff Keep Families Informed, Professionally",
    Audience.COLLEAGUE: "{district} Colleagues Keep It Professional",
    Audience.PUBLIC: "{district} Shares School News the Right Way",
}


def headline_finding(findings: list[Finding]) -> Finding | None:
    """The worst finding that has a headline: highest severity, TAP before grammar, earliest."""
    ranked = [f for f in findings if f.headline and f.severity is not Severity.INFO]
    if not ranked:
        return None
    return min(ranked, key=lambda f: (-f.severity.rank, f.source.value != "tap", f.start))


#: When only the grammar engine found something a reader notices: no "Clear, Courteous".
_GRAMMAR_ONLY = "{district} Staff Message Goes Out With Spelling and Grammar Mistakes"


def build_headline(report: Report, district: str) -> str:
    district = district.strip() or "Local"
    finding = headline_finding(report.findings)
    if finding is None:
        if any(f.source is Source.GRAMMAR and f.severity is not Severity.INFO for f in report.findings):
            return _GRAMMAR_ONLY.format(district=district)
        return _CLEAN[report.audience].format(district=district)
    try:
        return finding.headline.format(district=district, audience=_AUDIENCE_NOUN[report.audience])
    except (KeyError, IndexError, ValueError):
        return finding.headline
