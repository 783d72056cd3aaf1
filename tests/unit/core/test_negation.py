"""A negation cue governs its own clause only (issue 10, item 4)."""

from __future__ import annotations

import pytest

from tap_assistant.core.checker import build_checker
from tap_assistant.core.config import Configuration, Settings
from tap_assistant.core.rulepack import _clause_before


@pytest.fixture(scope="module")
def checker():
    return build_checker(Configuration(settings=Settings(district_domains=["district.example.org"])))


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Please don't use school email for this, just DM me on insta.", "T4.social-connection"),
        ("Never mind the school email, text me.", "T3.texting-student"),
        ("Don't use Remind for this, but text me tonight.", "T3.texting-student"),
        ("Don't worry about the form - just text me tonight.", "T3.texting-student"),
        ("No need for the portal; text me instead.", "T3.texting-student"),
        ("Don't forget to text me when you land.", "T3.texting-student"),
    ],
)
def test_a_cue_in_another_clause_does_not_hide_the_invitation(checker, text, rule):
    assert rule in {f.rule for f in checker.check(text, "student").counted_findings()}


@pytest.mark.parametrize(
    "text",
    [
        "Please don't text me during class.",
        "Don't text, call or email me after 9 pm; use the class platform.",
        "Please do not DM me; email me at school instead.",
        "Never text a student from your own phone.",
        "You should never accept friend requests from students, and never DM them.",
        "We ask staff not to friend students on Facebook.",
    ],
)
def test_innocent_twins_stay_negated(checker, text):
    assert checker.check(text, "student").verdict.value == "pass"


def test_clause_before():
    assert _clause_before("please don't use school email for this, just ") == " "
    assert _clause_before("never mind the school email, ") == " "
    assert _clause_before("don't text, call or ") == "don't text, call or "
    assert _clause_before("please don't ") == "please don't "
