"""Direction overrides: rules match what the reader sees; the override itself is a finding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tap_assistant.core.bidi import override_spans, visual_order
from tap_assistant.core.checker import build_checker
from tap_assistant.core.config import Configuration, Settings
from tap_assistant.core.document import normalise

RLO, LRO, PDF, RLI, PDI = "\u202e", "\u202d", "\u202c", "\u2067", "\u2069"


@pytest.fixture(scope="module")
def checker():
    return build_checker(Configuration(settings=Settings(district_domains=["maplevalley.org"])))


@pytest.mark.parametrize(
    "text, seen",
    [
        ("plain text", "plain text"),
        (f"{RLO}em txet{PDF} tonight", f"{RLO}text me{PDF} tonight"),
        (f"ok {RLO}cba", f"ok {RLO}abc"),  # no closing PDF: to the end of the line
        (f"{RLO}cba\nfed", f"{RLO}abc\nfed"),  # a line break ends every override
        (f"{RLO}ba{LRO}cd{PDF}fe{PDF}", f"{RLO}ef{PDF}cd{LRO}ab{PDF}"),  # nested: "cd" keeps its order
        (f"{RLI}{RLO}ba{PDI}cd", f"{RLI}{RLO}ab{PDI}cd"),  # an isolate's end closes the override in it
        (f"{LRO}abc{PDF}", f"{LRO}abc{PDF}"),  # left-to-right override of Latin text: as written
        ("\u05e9\u05dc\u05d5\u05dd Sam", "\u05e9\u05dc\u05d5\u05dd Sam"),  # right-to-left script: untouched
    ],
)
def test_visual_order(text: str, seen: str) -> None:
    assert visual_order(text) == seen


@given(st.text(alphabet=st.sampled_from(list("ab \n") + [RLO, LRO, PDF, RLI, PDI, "\u202a", "\u202b"]), max_size=40))
def test_visual_order_keeps_length_and_characters(text: str) -> None:
    seen = visual_order(text)
    assert len(seen) == len(text) and sorted(seen) == sorted(text)
    assert len(normalise(text)) == len(text)


def test_override_spans_cover_the_override_and_its_end() -> None:
    text = f"Hi {RLO}em txet{PDF} and {LRO}x\ny"
    assert [text[a:b] for a, b in override_spans(text)] == [f"{RLO}em txet{PDF}", f"{LRO}x"]


def test_an_rtl_override_trick_is_flagged_like_the_plain_words(checker) -> None:
    text = f"Hi Sam, {RLO}em txet{PDF} tonight."
    report = checker.check(text, "student")
    texting = next(f for f in report.findings if f.rule == "T3.texting-student")
    plain = next(f for f in checker.check("Hi Sam, text me tonight.", "student").findings if f.rule == "T3.texting-student")
    assert texting.severity == plain.severity
    # The span points into the original text: the reversed letters, inside the override.
    assert text.index(RLO) < texting.start and texting.end <= text.index(PDF) + 1
    assert text[texting.start:texting.end].rstrip(PDF) == "em txet"
    hidden = next(f for f in report.findings if f.rule == "T6.hidden-text")
    assert text[hidden.start:hidden.end] == f"{RLO}em txet{PDF}"


def test_direction_marks_and_right_to_left_text_are_not_hidden_text(checker) -> None:
    for text in ("\u05e9\u05dc\u05d5\u05dd Sam, see you Monday.", "Hello \u200f\u0645\u0631\u062d\u0628\u0627\u200f friends."):
        assert "T6.hidden-text" not in {f.rule for f in checker.check(text, "parent").findings}


def test_direction_marks_inside_words_do_not_hide_them(checker) -> None:
    report = checker.check("Please t\u200fext m\u202ae\u202c tonight.", "student")
    assert "T3.texting-student" in {f.rule for f in report.findings}
