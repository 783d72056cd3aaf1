"""False alarms people would see daily (issue 10, item 6).

`tests/data/ordinary_messages.jsonl`: ordinary school messages written for this test, with
signatures, office and district numbers (fictional 555-01xx and plausible numbers), product
names, month and weekday abbreviations and school addresses. None may get a caution or stop.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tap_assistant.core.checker import DISTRICT_DOMAINS_UNSET, build_checker
from tap_assistant.core.config import Configuration, Settings
from tap_assistant.core.model import Severity

DATA = Path(__file__).resolve().parents[2] / "data" / "ordinary_messages.jsonl"
MESSAGES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module", params=["no domains", "district domain"])
def checker(request):
    domains = [] if request.param == "no domains" else ["oakusd.example.org"]
    return build_checker(Configuration(settings=Settings(district_domains=domains)))


def test_the_set_is_big_enough():
    assert len(MESSAGES) >= 40


def test_ordinary_messages_get_no_caution_or_stop(checker):
    flagged = []
    for index, message in enumerate(MESSAGES):
        for audience in (message["audience"], None):  # the labelled reader, and the guessed one
            report = checker.check(message["text"], audience)
            counted = [(f.rule, f.text) for f in report.counted_findings()]
            if counted:
                flagged.append((index, report.audience.value, counted))
    assert flagged == []


@pytest.fixture(scope="module")
def plain():
    return build_checker(Configuration(settings=Settings()))


def _severities(report, rule):
    return [f.severity for f in report.findings if f.rule == rule]


@pytest.mark.parametrize(
    "text",
    [
        "Hi Maya,\nSee you Monday.\n\nMs. Rivera\nFront office: (503) 201-7700 ext. 12",
        "Questions? Call the main office at 503-201-7700.",
        "Ms. Rivera\nFax: 503-201-7799",
        "The attendance line is 503-201-7700 x 4.",
        "Report safety concerns in the district app or call the campus line at 503-201-7710.",
        "Anonymous tips: call the safety line, 503-201-7720, any time.",
    ],
)
def test_office_numbers_are_info(plain, text):
    assert _severities(plain.check(text, "student"), "T3.phone-number") == [Severity.INFO]


@pytest.mark.parametrize(
    "text",
    [
        "My cell: 503-201-3344",
        "Call me at 503-201-3344 tonight.",
        "Hi Maya,\nSee you Monday.\n\nMs. Rivera\n503-201-3344",  # an unlabelled number stays a finding
        "Ms. Rivera\nMain office 503-201-7700\nCell 503-201-3344",
        "Off campus? Text my line, 503-201-3344.",
    ],
)
def test_personal_numbers_still_caution(plain, text):
    assert Severity.CAUTION in _severities(plain.check(text, "student"), "T3.phone-number")


@pytest.mark.parametrize(
    "text",
    [
        "Spring plant sale, Saturday 9 to 1 in the greenhouse. Orders: 503-201-3344.",
        "Thank you for the photos of the parking problem. Please call me directly at 503-201-3344 if it happens again.",
        "Ms. Tull (503-201-3344) will be your contact for the March job fair.",
    ],
)
def test_unmarked_numbers_are_notes_to_the_public_and_cautions_to_a_student(plain, text):
    """Clause T3 is about students: a member of the public given a number nothing marks as
    personal is given the office's, a student is not to be called from a personal phone."""
    assert _severities(plain.check(text, "public"), "T3.phone-number") == [Severity.INFO]
    assert _severities(plain.check(text, "student"), "T3.phone-number") == [Severity.CAUTION]


@pytest.mark.parametrize(
    "text",
    [
        "After 5 the office is closed, so try my cell, 503-201-3344.",
        "Questions about the raffle: 503-201-3344 (my personal phone).",
        "Call or text 503-201-3344 about the car wash.",
    ],
)
def test_numbers_marked_personal_stay_cautions_to_the_public(plain, text):
    assert _severities(plain.check(text, "public"), "T3.phone-number") == [Severity.CAUTION]


def test_district_phone_keys():
    checker = build_checker(
        Configuration(settings=Settings(district_phone_numbers=["(503) 201-7700"], district_phone_prefixes=["1-312-555"]))
    )
    assert _severities(checker.check("Call 503-201-7700 tomorrow.", "student"), "T3.phone-number") == [Severity.INFO]
    assert _severities(checker.check("Call 312-555-2233 tomorrow.", "student"), "T3.phone-number") == [Severity.INFO]
    assert _severities(checker.check("Call 503-201-7701 tomorrow.", "student"), "T3.phone-number") == [Severity.CAUTION]


def test_signature_address_is_info_and_body_address_is_not(plain):
    signed = "Hi Maya,\nSee you Monday.\n\nMs. Hart\nSunrise Elementary\n300 Sunrise Blvd, Springfield"
    assert _severities(plain.check(signed, "student"), "A4.street-address") == [Severity.INFO]
    assert _severities(plain.check("Come to 45 Elm Street at noon.", "student"), "A4.street-address") == [Severity.CAUTION]


@pytest.mark.parametrize(
    "text",
    [
        "Grades are posted in PowerSchool. Counseling sign-ups close Oct 3.",
        "The library is closed Wed, Apr 9. Counseling appointments move to Thu.",
        "Log in to Clever, then open Lexia. Counseling starts Mondays.",
    ],
)
def test_products_months_and_sentence_starts_are_not_names(plain, text):
    assert plain.check(text, "student").counted_findings() == []


def test_doubled_letters_in_a_pattern_do_not_match_a_plain_word(plain):
    assert plain.check("We meet Wed at noon.", "student").counted_findings() == []
    assert plain.check("Want some weeed?", "student").counted_findings()


def test_notice_when_district_domains_are_unset(plain):
    report = plain.check("Email me at j.holt@oakusd.example.org with questions.", "parent")
    assert report.notices == [DISTRICT_DOMAINS_UNSET]
    assert report.to_json()["notices"][0]["code"] == "district-domains-unset"
    assert plain.check("See you Monday.", "parent").notices == []
    configured = build_checker(Configuration(settings=Settings(district_domains=["oakusd.example.org"])))
    assert configured.check("Email me at j.holt@oakusd.example.org.", "parent").notices == []


@pytest.mark.parametrize("signature", ["Coach Darling", "Ms. Honey Bush", "Mr. Sweet", "Dr. Baby Okafor"])
def test_a_pet_name_inside_a_titled_name_is_a_name(plain, signature):
    text = f"Practice notes are posted.\n\nThanks,\n{signature}"
    assert plain.check(text, "student").counted_findings() == []


def test_a_pet_name_without_a_title_is_still_found(plain):
    rules = [f.rule for f in plain.check("Honey, great job on the quiz today!", "student").counted_findings()]
    assert rules == ["P3.endearment"]
