"""Scoring the checker on labelled messages (format of the shared eval set's README)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from tap_assistant.core.model import Audience, Pillar, Report, Verdict


class EvalFileError(ValueError):
    pass


@dataclass(frozen=True)
class LabelledMessage:
    id: str
    text: str
    violation: bool
    pillars: frozenset[Pillar]
    audience: Audience
    #: Meaning-check corpus items name their concepts (for recall per concept).
    concepts: tuple[str, ...] = ()


@dataclass
class EvalScore:
    violations: int = 0
    caught: int = 0
    acceptable: int = 0
    false_alarms: int = 0
    pillar_total: dict[Pillar, int] = field(default_factory=lambda: {p: 0 for p in Pillar})
    pillar_caught: dict[Pillar, int] = field(default_factory=lambda: {p: 0 for p in Pillar})
    missed: list[str] = field(default_factory=list)
    false_alarm_ids: list[str] = field(default_factory=list)
    concept_total: dict[str, int] = field(default_factory=dict)
    concept_caught: dict[str, int] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return self.caught / self.violations if self.violations else 0.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.acceptable if self.acceptable else 0.0

    def pillar_recall(self, pillar: Pillar) -> float:
        total = self.pillar_total[pillar]
        return self.pillar_caught[pillar] / total if total else 0.0

    def to_json(self) -> dict:
        return {
            "violations": self.violations,
            "caught": self.caught,
            "recall": round(self.recall, 3),
            "acceptable": self.acceptable,
            "false_alarms": self.false_alarms,
            "false_alarm_rate": round(self.false_alarm_rate, 3),
            "pillar_recall": {p.value: round(self.pillar_recall(p), 3) for p in Pillar},
            "missed": self.missed,
            "false_alarm_ids": self.false_alarm_ids,
            "concept_recall": {c: round(self.concept_caught[c] / n, 3) for c, n in sorted(self.concept_total.items())},
        }


def read_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line; unreadable files and lines raise EvalFileError."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise EvalFileError(f"{path}: cannot be read ({error})") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except ValueError as error:
            raise EvalFileError(f"{path}:{number}: not JSON ({error})") from error
        if not isinstance(raw, dict):
            raise EvalFileError(f"{path}:{number}: not a JSON object")
        yield number, raw


def load_labelled(path: Path) -> list[LabelledMessage]:
    messages = []
    for number, raw in read_jsonl(path):
        try:
            label = raw["label"]
            if label not in ("violation", "acceptable"):
                raise ValueError(f"label must be violation or acceptable, not {label!r}")
            messages.append(
                LabelledMessage(
                    id=str(raw.get("id", f"line-{number}")),
                    text=str(raw["text"]),
                    violation=label == "violation",
                    pillars=frozenset(Pillar(p) for p in raw.get("pillars", [])),
                    audience=Audience(raw.get("audience", "student")),
                )
            )
        except (ValueError, KeyError, TypeError) as error:
            raise EvalFileError(f"{path}:{number}: not a labelled message ({error})") from error
    return messages


def score(messages: list[LabelledMessage], check: Callable[[str, Audience], Report]) -> EvalScore:
    result = EvalScore()
    for message in messages:
        report = check(message.text, message.audience)
        flagged = report.verdict is not Verdict.PASS
        if message.violation:
            result.violations += 1
            result.caught += flagged
            if not flagged:
                result.missed.append(message.id)
            for concept in message.concepts:
                result.concept_total[concept] = result.concept_total.get(concept, 0) + 1
                result.concept_caught[concept] = result.concept_caught.get(concept, 0) + flagged
            for pillar in message.pillars:
                result.pillar_total[pillar] += 1
                result.pillar_caught[pillar] += report.pillar_verdict(pillar) is not Verdict.PASS
        else:
            result.acceptable += 1
            result.false_alarms += flagged
            if flagged:
                result.false_alarm_ids.append(message.id)
    return result
