"""The concept catalogue (`resources/semantic/concepts.toml`): what each meaning head stands for.

Pure Python (tomllib); no numpy, so `rules validate` and the settings can read it cheaply.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tap_assistant.core.model import Audience, Pillar, Severity
from tap_assistant.resources import resource_path

_ID = re.compile(r"^[a-z][a-z_]*[a-z]$")
_OFF = "off"
_REQUIRED = ("id", "title", "clauses", "pillar", "severity", "message", "why", "headline")
_KNOWN = set(_REQUIRED) | {"also_pillars", "tips", "bad", "good", "eased_by_consent", "sure_only_for"}


class ConceptError(ValueError):
    """The catalogue is unusable; the message names the concept and the key."""


@dataclass(frozen=True)
class Concept:
    id: str
    title: str
    clauses: tuple[str, ...]
    pillar: Pillar
    severity_by_audience: dict[Audience, Severity | None]
    message: str
    why: str
    headline: str
    also_pillars: tuple[Pillar, ...] = ()
    tips: tuple[str, ...] = ()
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()
    #: A finding is only `info` when the draft says the family agreed to the sharing
    #: (`core.sharing_consent`).
    eased_by_consent: bool = False
    #: Readers who may well have a right to the matter (the team that serves a child, the child's
    #: own parent): for them a finding is shown only when the heads are sure of it (`heads.sure`).
    sure_only_for: frozenset[Audience] = frozenset()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rule_id(self) -> str:
        """The id a finding carries: `meaning.<concept id with dashes>`."""
        return "meaning." + self.id.replace("_", "-")

    def severity_for(self, audience: Audience) -> Severity | None:
        return self.severity_by_audience.get(audience)


def concepts_path() -> Path:
    return resource_path("semantic", "concepts.toml")


def _strings(raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConceptError(f"{where}: `{key}` must be a list of strings")
    return tuple(value)


def _flag(raw: dict[str, Any], key: str, where: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise ConceptError(f"{where}: `{key}` must be true or false")
    return value


def _audiences(raw: dict[str, Any], key: str, where: str) -> frozenset[Audience]:
    try:
        return frozenset(Audience(value) for value in _strings(raw, key, where))
    except ValueError as error:
        raise ConceptError(f"{where}: `{key}`: {error}") from None


def parse_concept(raw: dict[str, Any]) -> Concept:
    where = f"concept {raw.get('id', '?')!r}"
    missing = [key for key in _REQUIRED if key not in raw]
    if missing:
        raise ConceptError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(set(raw) - _KNOWN)
    if unknown:
        raise ConceptError(f"{where}: unknown key(s) {', '.join(unknown)}")
    if not isinstance(raw["id"], str) or not _ID.match(raw["id"]):
        raise ConceptError(f"{where}: id must be lower_case_with_underscores")
    try:
        pillar = Pillar(raw["pillar"])
        also = tuple(Pillar(p) for p in _strings(raw, "also_pillars", where))
        severities: dict[Audience, Severity | None] = {}
        for audience in Audience:
            value = raw["severity"].get(audience.value)
            if value is None:
                raise ConceptError(f"{where}: severity has no value for {audience.value}")
            severities[audience] = None if value == _OFF else Severity(value)
    except (ValueError, AttributeError) as error:
        if isinstance(error, ConceptError):
            raise
        raise ConceptError(f"{where}: {error}") from error
    return Concept(
        id=raw["id"],
        title=str(raw["title"]),
        clauses=_strings(raw, "clauses", where),
        pillar=pillar,
        severity_by_audience=severities,
        message=str(raw["message"]),
        why=str(raw["why"]),
        headline=str(raw["headline"]),
        also_pillars=also,
        tips=_strings(raw, "tips", where),
        bad=_strings(raw, "bad", where),
        good=_strings(raw, "good", where),
        eased_by_consent=_flag(raw, "eased_by_consent", where),
        sure_only_for=_audiences(raw, "sure_only_for", where),
    )


def load_concepts(path: Path | None = None) -> list[Concept]:
    path = path or concepts_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConceptError(f"{path}: {error}") from error
    concepts = [parse_concept(raw) for raw in data.get("concept", [])]
    ids = [c.id for c in concepts]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ConceptError(f"{path}: duplicate concept id(s) {', '.join(duplicates)}")
    return concepts


@lru_cache(maxsize=1)
def shipped_concepts() -> tuple[Concept, ...]:
    return tuple(load_concepts())


def concept_ids() -> list[str]:
    return [concept.id for concept in shipped_concepts()]
