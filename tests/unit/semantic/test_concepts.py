"""The concept catalogue: parsing and its errors (no numpy, no model)."""

from __future__ import annotations

import pytest

from tap_assistant.core.model import Audience, Severity
from tap_assistant.semantic.concepts import ConceptError, parse_concept, shipped_concepts

RAW = {
    "id": "venting",
    "title": "Venting",
    "clauses": ["A1"],
    "pillar": "accessible",
    "severity": {"student": "caution", "parent": "caution", "colleague": "off", "public": "stop"},
    "message": "m",
    "why": "w",
    "headline": "h",
}


def test_a_concept_parses_with_its_defaults() -> None:
    concept = parse_concept(dict(RAW))
    assert concept.severity_for(Audience.COLLEAGUE) is None and concept.severity_for(Audience.PUBLIC) is Severity.STOP
    assert concept.rule_id == "meaning.venting"
    assert not concept.eased_by_consent and concept.sure_only_for == frozenset()


def test_sure_only_for_names_readers() -> None:
    concept = parse_concept(dict(RAW, sure_only_for=["parent", "colleague"]))
    assert concept.sure_only_for == {Audience.PARENT, Audience.COLLEAGUE}


@pytest.mark.parametrize(
    "change, words",
    [
        ({"sure_only_for": ["principal"]}, "sure_only_for"),
        ({"sure_only_for": "parent"}, "sure_only_for"),
        ({"eased_by_consent": "yes"}, "eased_by_consent"),
        ({"colour": "red"}, "unknown key"),
    ],
)
def test_a_bad_key_is_a_clear_error(change, words) -> None:
    with pytest.raises(ConceptError, match=words):
        parse_concept(dict(RAW, **change))


def test_the_shipped_catalogue_loads() -> None:
    ids = [c.id for c in shipped_concepts()]
    assert len(ids) == 14 and "student_disclosure" in ids
