"""The TAP check: text in, `Report` out. Pure Python, no Qt, no engine."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Protocol, Sequence

from tap_assistant.core.audience_guess import guess_audience
from tap_assistant.core.config import Configuration
from tap_assistant.core.detectors import get_detector
from tap_assistant.core.document import Document
from tap_assistant.core.headline import build_headline
from tap_assistant.core.model import (
    Audience,
    Finding,
    Notice,
    Report,
    SemanticResult,
    SemanticStatus,
    Severity,
    Source,
    sort_findings,
)
from tap_assistant.core.rulepack import RulePack, load_rule_pack
from tap_assistant.core.textutil import cap_text
from tap_assistant.resources import default_rule_pack_dir


_EMAIL_HINT = re.compile(r"[\w.+\-]@[\w\-]+\.[a-z]", re.IGNORECASE)
DISTRICT_DOMAINS_UNSET = Notice(
    "district-domains-unset",
    "District email domains are not set, so only webmail addresses (Gmail, Yahoo …) are called "
    "personal. Set district_domains in your settings or ask your district IT to set it.",
)

#: The audience value that asks the checker to guess the reader.
AUTO_AUDIENCE = "auto"


class MeaningCheck(Protocol):
    """What the checker needs of the meaning check (`tap_assistant.semantic.checker`)."""

    def find(self, document: Document, audience: Audience) -> list[Finding]: ...

    def quiet_near(self, document: Document, offsets: Sequence[int]) -> list[bool]:
        """For each offset: does the meaning check read nothing of concern in its sentence and
        the sentences beside it?"""
        ...


NOT_LOADED = SemanticResult(SemanticStatus.DISABLED, "the meaning check was not loaded")


class TapChecker:
    """Holds a compiled rule pack and the district settings; `check` is cheap and thread-safe.

    With a `meaning` check, its findings join the rule findings; without one (the default), the
    check stays pure rules: no numpy, no model.
    """

    def __init__(
        self,
        pack: RulePack,
        config: Configuration,
        meaning: MeaningCheck | None = None,
        meaning_status: SemanticResult = NOT_LOADED,
    ) -> None:
        self.pack = pack
        self.config = config
        self.meaning = meaning
        self.meaning_status = meaning_status

    def with_meaning(self, meaning: MeaningCheck | None, status: SemanticResult) -> "TapChecker":
        return TapChecker(self.pack, self.config, meaning, status)

    def check(self, text: str, audience: Audience | str | None = None) -> Report:
        """Check `text` for `audience`; None or "auto" guesses the reader from the draft."""
        prepared = cap_text(text)
        audience, source, reason = self.resolve_audience(prepared.text, audience)
        document = Document(prepared.text, self.config.settings)
        findings = self.pack.find(document, audience)
        semantic = self.meaning_status
        if self.meaning is not None:
            try:
                merged = merge_meaning(findings, self.meaning.find(document, audience))
                # Both steps or neither: a failure leaves the complete rule result and says so.
                findings = confirm_by_meaning(merged, self.pack.confirmed_by_meaning, self.meaning, document)
            except Exception as error:  # noqa: BLE001 - a model failure must never lose the rule result
                semantic = SemanticResult(SemanticStatus.UNAVAILABLE, f"the meaning check failed ({type(error).__name__})")
        report = Report(
            text=prepared.text,
            audience=audience,
            findings=sort_findings(findings),
            notices=list(prepared.notices) + self._setup_notices(prepared.text),
            semantic=semantic,
            audience_source=source,
            audience_reason=reason,
        )
        report.headline = build_headline(report, self.config.settings.district_name)
        return report

    def _setup_notices(self, text: str) -> list[Notice]:
        """Say once when district domains are unset and the draft holds an email address."""
        if self.config.settings.district_domains or not _EMAIL_HINT.search(text):
            return []
        return [DISTRICT_DOMAINS_UNSET]

    def resolve_audience(self, text: str, audience: Audience | str | None) -> tuple[Audience, str, str]:
        """(audience, source, reason): a given audience wins, then a clear guess, then the default."""
        if audience is not None and audience != AUTO_AUDIENCE:
            return Audience(audience), "given", "chosen by you"
        guess = guess_audience(text)
        if guess.audience is not None:
            return guess.audience, "guessed", guess.reason
        default = Audience(self.config.settings.default_audience)
        return default, "default", f"your default audience ({guess.reason})"

    def warm_up(self) -> None:
        """Load what a first check would load lazily (detector modules, word lists).

        The tray app calls this on its background thread so the first hotkey check is as fast
        as the rest.
        """
        for name in sorted({rule.detector for rule in self.pack.rules if rule.detector}):
            get_detector(name)
        self.check("Warm-up draft: see you at 3:30 in room 12.", Audience.STUDENT)


def _clauses(finding: Finding) -> set[str]:
    return {part.strip() for part in finding.clause.split(",") if part.strip()}


#: Said on a rule's note that a meaning finding on the same words raised.
MEANING_RAISES_NOTE = (
    " The meaning check reads this sentence as \"{concept}\" for this reader, so it is flagged, not a note."
)


def merge_meaning(rule_findings: list[Finding], meaning_findings: list[Finding]) -> list[Finding]:
    """Rule findings plus the meaning findings that say something new.

    A phrase rule's finding on an overlapping span that serves one of the same clauses wins: it
    has the exact span and wording, so the meaning finding would only be a second card. The card
    keeps the stronger of the two severities, so a mild phrase rule (an eye-roll emoji, caution)
    never hides what the meaning check is sure is worse (mockery of a student in public, stop).
    That holds for an `info` card too, with a sentence saying why it was raised: the pack's words
    cannot tell whose child a record word is about, or why it is told (a girl's home troubles
    sent to every teacher who has her), and a meaning finding is raised above `info` only where the
    concept's severity for this reader says so (a disclosure to a parent or a colleague only when
    the head is sure). (Until release 18 an `info` card stayed `info`; docs/meaning-check-history.md,
    release 18.)
    """
    merged = list(rule_findings)
    kept = []
    for meaning in meaning_findings:
        wanted = _clauses(meaning)
        duplicates = [
            index
            for index, rule in enumerate(merged)
            if rule.source is Source.TAP
            and rule.start < meaning.end
            and meaning.start < rule.end
            and (_clauses(rule) & wanted)
        ]
        if not duplicates:
            kept.append(meaning)
        for index in duplicates:
            card = merged[index]
            if card.severity.rank < meaning.severity.rank:
                message = card.message
                if card.severity is Severity.INFO:
                    message += MEANING_RAISES_NOTE.format(concept=meaning.title or meaning.rule)
                merged[index] = replace(card, severity=meaning.severity, message=message)
    return merged + kept


#: Said on a finding the meaning check turned into a note.
MEANING_READS_NOTHING = (
    " The meaning check read nothing of concern in this sentence, so this is shown as a note: "
    "look at it if the words are about a real person's matter."
)


def confirm_by_meaning(
    findings: list[Finding], rule_ids: frozenset[str], meaning: MeaningCheck, document: Document
) -> list[Finding]:
    """Findings of the rules in `rule_ids` (words with many innocent uses: "sex offender registry",
    "disability services") become notes where the meaning check reads nothing of concern near them.
    A finding a meaning finding already confirmed (and raised) reads as something there, so it stays."""
    asked = [
        index
        for index, finding in enumerate(findings)
        if finding.source is Source.TAP and finding.rule in rule_ids and finding.severity.rank > Severity.INFO.rank
    ]
    if not asked:
        return findings
    quiet = meaning.quiet_near(document, [findings[index].start for index in asked])
    confirmed = list(findings)
    for index, is_quiet in zip(asked, quiet):
        if is_quiet:
            finding = confirmed[index]
            confirmed[index] = replace(finding, severity=Severity.INFO, message=finding.message + MEANING_READS_NOTHING)
    return confirmed


def build_checker(
    config: Configuration,
    pack_dir: Path | None = None,
    meaning: MeaningCheck | None = None,
    meaning_status: SemanticResult = NOT_LOADED,
) -> TapChecker:
    """Load the shipped (or given) pack with the district's overrides applied."""
    pack = load_rule_pack(pack_dir or default_rule_pack_dir(), config)
    config.problems.extend(pack.problems)
    return TapChecker(pack, config, meaning, meaning_status)
