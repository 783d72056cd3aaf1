from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tap_assistant.core.document import find_signature_start
from tap_assistant.semantic.segments import MAX_UNIT_CHARS, quiet_signature_units, split_units


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


def test_quiet_signature_units_are_sign_offs_names_and_titles() -> None:
    text = (
        "Hi Sam,\nPractice moves to 4 on Friday.\n\nThanks so much,\nCoach Beau Lover\n"
        "Head Coach, Girls Soccer | Room 12\nText me anytime, I never sleep!"
    )
    units = split_units(text)
    quiet = dict(zip((u.text for u in units), quiet_signature_units(find_signature_start(text), units)))
    assert quiet == {
        "Hi Sam,": False,
        "Practice moves to 4 on Friday.": False,
        "Thanks so much,": False,
        "Coach Beau Lover": True,
        "Head Coach, Girls Soccer | Room 12": True,
        "Text me anytime, I never sleep!": False,
    }


def test_without_a_signature_nothing_is_quiet() -> None:
    text = "Coach Beau Lover will run practice. Head Coach Girls Soccer"
    units = split_units(text)
    assert quiet_signature_units(find_signature_start(text), units) == [False] * len(units)
