"""Patterns that tolerate inserted words, plural forms, and the missing items (issue 10, item 5)."""

from __future__ import annotations

import pytest

from tap_assistant.core.checker import build_checker
from tap_assistant.core.config import Configuration, Settings
from tap_assistant.core.document import Document
from tap_assistant.core.patterns import compile_patterns


@pytest.fixture(scope="module")
def checker():
    return build_checker(Configuration(settings=Settings(district_domains=["oakusd.example.org"])))


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("I just sent you a request on Facebook.", "T4.social-connection"),
        ("No need to mention it to your mom.", "T6.secrecy"),
        ("We should totally go get drinks after the game.", "P6.substances"),
        ("Wipe this thread once you've seen it.", "T6.secrecy"),
        ("Your mom won't hear about it.", "T6.secrecy"),
        ("This stays off the record.", "T6.secrecy"),
        ("Hey girl, you coming to practice?", "P3.endearment"),
        ("ngl that quiz was mid fr, no cap", "P4.textspeak"),
        ("lowkey the best project ngl", "P4.textspeak"),
        ("Add me on Steam, my name is CoachD42.", "T5.gaming-invitation"),
        ("My discord is coachd#4412, add me", "T4.social-connection"),
        ("I'll Venmo you for the pizza.", "T6.money-apps"),
        ("Just send it to my Cash App.", "T6.money-apps"),
        ("Let's get ice cream after practice, just the two of us.", "T6.private-meeting"),
        ("I'll take you out for boba on Friday, my treat.", "T6.private-meeting"),
        ("Vote yes on Measure B!", "P6.political-campaigning"),
        ("Remember to vote for Maria Lopez for school board on Tuesday!", "P6.political-campaigning"),
        ("Mia's parents' divorces have been hard on her.", "A2.student-record"),
    ],
)
def test_caught(checker, text, rule):
    assert rule in {f.rule for f in checker.check(text, "student").counted_findings()}


@pytest.mark.parametrize(
    "text",
    [
        "Vote for your favorite poster in the hallway.",
        "Student council: vote for your class officers on Friday.",
        "The referendum is on the November 4 ballot; polls open at 7 am.",
        "Please don't mention the surprise party to your mom.",
        "We just sent the permission request to families.",
        "Pay the field trip fee through the district portal.",
        "Never take payments from students over Venmo.",
        "We meet Wed at noon in room 4.",
        "The two of us will co-teach the unit.",
        "Please bring a snack for the class party.",
        "Pizza party for the whole class on Friday, my treat!",
    ],
)
def test_innocent_twins(checker, text):
    assert checker.check(text, "student").counted_findings() == []


def test_one_or_two_adverbs_may_sit_between_pattern_words():
    patterns = compile_patterns(["(send|sent) (you|u) a request"])
    assert patterns.find(Document("I sent you a request"))
    assert patterns.find(Document("I just sent you a request"))  # before the phrase: not inside it
    assert patterns.find(Document("I sent you really quickly a request"))
    assert not patterns.find(Document("I sent you really very quickly a request"))
    assert not patterns.find(Document("I sent you, as promised, a request"))


@pytest.mark.parametrize(
    "text",
    [
        "Who is the main character of the novel? Describe the main character in two sentences.",
        "The choir sang a hymn about relying on God. It's giving me chills to hear them.",
    ],
)
def test_ordinary_phrases_are_not_slang(checker, text):
    assert checker.check(text, "student").counted_findings() == []
