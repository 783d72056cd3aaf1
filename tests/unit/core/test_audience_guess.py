"""The reader guessed from the draft (issue 10, item 2).

`tests/data/audience_labelled.jsonl` holds 120 greetings and messages written for this test; the
guesser's cues were tuned on them (it includes an earlier held-out set of 24 that was measured
once, at 71 %, and then tuned on). `audience_heldout.jsonl` holds 24 written after the cues were
frozen and never tuned on: 20 of 24 right (83 %) when first measured, so that is the honest
figure. Accuracy counts the audience the checker would use (the default, student, when no
audience is clearly ahead).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tap_assistant.core.audience_guess import guess_audience
from tap_assistant.core.checker import build_checker
from tap_assistant.core.config import Configuration, Settings
from tap_assistant.core.model import Audience

DATA = Path(__file__).resolve().parents[2] / "data"


def _load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _accuracy(items: list[dict], default: Audience = Audience.STUDENT) -> float:
    right = 0
    for item in items:
        guess = guess_audience(item["text"])
        right += (guess.audience or default).value == item["audience"]
    return right / len(items)


def test_labelled_set_is_big_enough_and_balanced():
    items = _load("audience_labelled.jsonl")
    assert len(items) >= 60
    assert {item["audience"] for item in items} == {a.value for a in Audience}


def test_at_least_90_percent_of_the_labelled_set_is_guessed_right():
    assert _accuracy(_load("audience_labelled.jsonl")) >= 0.90


def test_held_out_set_is_better_than_the_old_fixed_default():
    # The old behaviour (always "student") gets a quarter right; see the module docstring.
    items = _load("audience_heldout.jsonl")
    assert _accuracy(items) >= 0.80


@pytest.mark.parametrize(
    ("text", "audience", "cue"),
    [
        ("Dear Mr. and Mrs. Doe,\nElla did great work this week.", Audience.PARENT, "Dear Mr. and Mrs. Doe"),
        ("Dear Ms. Alvarez,\nCould you cover my lunch duty on Thursday?", Audience.COLLEAGUE, "cover my lunch duty"),
        ("Hi Jake, text me tonight.", Audience.STUDENT, "Hi Jake"),
        ("Go Eagles! #GameDay", Audience.PUBLIC, "#GameDay"),
        ("Hi Ms. Park, your son left his lunchbox in class.", Audience.PARENT, "your son"),
    ],
)
def test_cues_and_reason(text, audience, cue):
    guess = guess_audience(text)
    assert guess.audience is audience
    assert guess.cue == cue
    assert guess.reason == f"guessed from '{cue}'"
    assert 0 < guess.confidence <= 1


def test_no_cue_gives_no_guess():
    guess = guess_audience("Text me if the bus is late.")
    assert guess.audience is None and guess.confidence == 0


def _checker(default: str = "student"):
    return build_checker(Configuration(settings=Settings(default_audience=default)))


def test_checker_guesses_when_no_audience_is_given():
    report = _checker("parent").check("Hi Jake, text me tonight.")
    # A policy default of parent no longer softens a note that greets a student by first name.
    assert report.audience is Audience.STUDENT
    assert (report.audience_source, report.audience_reason) == ("guessed", "guessed from 'Hi Jake'")
    assert report.verdict.value == "stop"
    data = report.to_json()
    assert data["audience"] == "student" and data["audience_source"] == "guessed"


def test_a_given_audience_wins_and_weak_guess_falls_back_to_the_default():
    checker = _checker("parent")
    given = checker.check("Hi Jake, text me tonight.", "colleague")
    assert (given.audience, given.audience_source) == (Audience.COLLEAGUE, "given")
    default = checker.check("Text me if the bus is late.", "auto")
    assert (default.audience, default.audience_source) == (Audience.PARENT, "default")
    assert "default" in default.audience_reason


def test_colleague_greeted_with_a_title_is_not_a_student():
    report = _checker().check("Dear Ms. Alvarez,\nThe agenda for the staff meeting is attached.")
    assert report.audience is Audience.COLLEAGUE
    assert "STUDENT" not in report.headline.upper()
