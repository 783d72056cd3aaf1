"""Spelling findings a stand-in grammar engine reports, for GUI tests that do not need Java."""

from __future__ import annotations

from tap_assistant.core.model import Finding, Pillar, Severity, Source

MISSPELLED = {"feild": "field", "permision": "permission"}


def spelling_findings(text: str, offset: int = 0) -> list[Finding]:
    """A finding for the first of each known misspelling in `text`, spans shifted by `offset`."""
    findings = []
    for word, fix in MISSPELLED.items():
        at = text.find(word)
        if at >= 0:
            findings.append(Finding(
                rule="MORFOLOGIK_RULE_EN_US", pillar=Pillar.PROFESSIONAL, severity=Severity.CAUTION,
                start=offset + at, end=offset + at + len(word), text=word, message="Possible spelling mistake found.",
                why="P5", source=Source.GRAMMAR, suggestions=(fix,), title="Spelling",
            ))
    return findings
