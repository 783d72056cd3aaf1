"""The speed gates are sound: every match of a gated pattern contains one of its trigger words.

Detectors run their patterns only around trigger words (see `_common.matches_near`). If a
pattern could match without containing a trigger, the gate would silently drop that match;
these property tests generate strings from each pattern and check the trigger is there.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tap_assistant.core.config import Settings
from tap_assistant.core.detectors import confidential, identifiers
from tap_assistant.core.detectors._common import matches_near, trigger_set
from tap_assistant.core.document import Document

GATED = [
    *[(f"education:{c}", t, p) for c, t, p in confidential._EDUCATION_TERMS],
    *[(f"personnel:{c}", t, p) for c, t, p, _ in confidential._PERSONNEL_TERMS],
]


@pytest.mark.parametrize("name, triggers, pattern", GATED, ids=[g[0] for g in GATED])
def test_every_match_contains_a_trigger(name, triggers, pattern):
    trigger_words = trigger_set(triggers)
    # ASCII only: doc.norm words are ASCII letter/digit runs.
    strategy = st.from_regex(re.compile(pattern, re.ASCII), fullmatch=True)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(strategy)
    def check(sample: str) -> None:
        tokens = set(re.findall(r"[a-z0-9]+", sample.lower()))
        assert tokens & trigger_words, (name, sample)

    check()


def test_matches_near_equals_a_full_scan():
    text = (
        "Jordan's IEP says he needs extra time. We met at 3. Maria was suspended; her psych eval "
        "results came back. Liam missed 12 days. " * 3
    )
    doc = Document(text, Settings())
    for _, triggers, pattern in GATED:
        regex = re.compile(r"\b(?:" + pattern + r")\b")
        full = [m.span() for m in regex.finditer(doc.norm)]
        gated = [m.span() for m in matches_near(doc, trigger_set(triggers), regex)]
        assert gated == full, pattern


def test_matches_near_extends_a_match_cut_by_the_window():
    doc = Document("x" * 10 + " alpha " + "b" * 200 + " omega", Settings())
    regex = re.compile(r"alpha b+")
    spans = [m.span() for m in matches_near(doc, frozenset({"alpha"}), regex, reach=20)]
    assert spans == [(11, 11 + 6 + 200)]


def test_student_id_and_mrn_gates_cover_their_labels():
    for label in ("student id", "student number", "sid", "id #", "id no.", "lunch number", "state id", "permanent id"):
        doc = Document(f"{label} 20481733", Settings())
        assert identifiers.student_id(doc), label
    for label in ("mrn", "medical record number", "med rec #", "patient id", "chart number"):
        doc = Document(f"{label}: 00482291", Settings())
        assert identifiers.medical_record_number(doc), label
