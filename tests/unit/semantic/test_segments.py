from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tap_assistant.semantic.segments import MAX_UNIT_CHARS, split_units


def test_sentences_and_signature_lines_are_separate_units() -> None:
    text = "Hi Sam,\nIf you're not sure, ask me or Mr. Diaz. We meet at 3 p.m. in Rm. 12!\n\nThanks,\nCoach D\n555-0101"
    units = split_units(text)
    assert [u.text for u in units] == [
        "Hi Sam,",
        "If you're not sure, ask me or Mr. Diaz.",
        "We meet at 3 p.m. in Rm. 12!",
        "Thanks,",
        "Coach D",
    ]
    assert all(text[u.start : u.end] == u.text for u in units)


def test_skipped_spans_and_wordless_lines_are_left_out() -> None:
    text = "See you Monday.\n> quoted line here\n12345"
    units = split_units(text, skip=[(16, 33)])
    assert [u.text for u in units] == ["See you Monday."]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_units_are_exact_ordered_and_bounded(text: str) -> None:
    previous_end = 0
    for unit in split_units(text):
        assert text[unit.start : unit.end] == unit.text
        assert unit.start >= previous_end and unit.end - unit.start <= MAX_UNIT_CHARS
        previous_end = unit.end
