"""ssn, date_of_birth, student_id, street_address, medical_record_number.

SSN cases mirror Presidio's test_us_ssn_recognizer (its "weak" bare 9-digit match needs an SSN
word here; its invalid numbers stay invalid) plus the SSA's published rules.
"""

from __future__ import annotations

import pytest

from tap_assistant.core.config import Settings
from tap_assistant.core.model import Severity
from tap_assistant.core.detectors.identifiers import (
    date_of_birth,
    medical_record_number,
    ssn,
    ssn_is_valid,
    street_address,
    student_id,
)
from tests.unit.core.detectors.helpers import details, found, run

# ---------------------------------------------------------------- ssn


@pytest.mark.parametrize(
    "text, expected",
    [
        ("078-05-1123", ["078-05-1123"]),  # Presidio medium match
        ("Her SSN is 536-22-8726 for the form.", ["536-22-8726"]),
        ("SSN 078.05.1123", ["078.05.1123"]),
        ("social security number: 078 05 1123", ["078 05 1123"]),
        ("Social security number: 401 55 9931", ["401 55 9931"]),
        ("his ssn: 078051121", ["078051121"]),  # Presidio weak match, here with context
        ("SS# 536228726", ["536228726"]),
        ("536228726 (SSN)", ["536228726"]),
        ("Social Security no. 536-228726", ["536-228726"]),
        ("Her SSN\u00a0is 536\u201122\u20118726", []),  # non-breaking hyphens are not folded: no guess
    ],
)
def test_ssn_hits(text, expected):
    assert found(ssn, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "0780511201",  # 10 digits
        "SSN 078051120",  # the Woolworth wallet card number
        "SSN 078-05-1120",
        "SSN 219-09-9999",  # SSA advertising number
        "SSN 000000000",
        "SSN 666000000",
        "SSN 000-12-3456",
        "SSN 666-12-3456",
        "SSN 900-12-3456",
        "SSN 987-65-4321",
        "SSN 123-00-4567",
        "SSN 078-05-0000",
        "SSN 078 00 1123",
        "SSN 693-09.4444",  # mixed delimiters
        "SSN 111-11-1111",
        "SSN 123-45-6789",
        "078051121",  # bare 9 digits without context (could be a student ID)
        "Call 536-2287 for the office.",
        "Her lunch account number is on the form.",
        "Mail it to 62704-1234.",  # ZIP+4 looks like 5-4
        "Order 536228726 shipped.",
        "Social studies project 536228726",  # "social" alone is not an SSN word
        "Version 078.05.1123 released",  # dotted 3-2-4 without context
        "",
    ],
)
def test_ssn_misses(text):
    assert found(ssn, text) == []


def test_ssn_validity_rules():
    assert ssn_is_valid("536228726")
    assert not ssn_is_valid("53622872")
    assert not ssn_is_valid("53622872a")
    for bad in ("000228726", "666228726", "936228726", "536008726", "536220000", "222222222"):
        assert not ssn_is_valid(bad), bad


def test_ssn_span_is_exact_after_emoji():
    text = "👋🏽 her SSN is 536-22-8726."
    hit = run(ssn, text)[0]
    assert text[hit.start:hit.end] == "536-22-8726"
    assert hit.detail == "Social Security number"


# ---------------------------------------------------------------- date_of_birth


@pytest.mark.parametrize(
    "text, expected",
    [
        ("DOB: 04/12/2011", ["04/12/2011"]),
        ("She was born on March 3, 2012.", ["March 3, 2012"]),
        ("Name: Jordan Smith, DOB 4-12-11", ["4-12-11"]),
        ("date of birth is 2011-04-12", ["2011-04-12"]),
        ("Date of Birth: 12 April 2011", ["12 April 2011"]),
        ("D.O.B. 4.12.2011", ["4.12.2011"]),
        ("Her birthday is March 3, 2011.", ["March 3, 2011"]),
        ("born in March 2011", ["March 2011"]),
        ("birthdate: Apr. 12th, 2011", ["Apr. 12th, 2011"]),
        ("Jordan (04/12/2011, DOB) is new.", ["04/12/2011"]),
        ("DOB: April 12", ["April 12"]),  # a strong label takes a date without a year
        ("DOB 4/12", ["4/12"]),
    ],
)
def test_dob_hits(text, expected):
    assert found(date_of_birth, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The meeting is on March 3, 2025.",
        "Report cards go home on 04/12.",
        "Her birthday is March 3, so we'll have cupcakes.",  # small talk, no year
        "He was born on a farm.",
        "Sign up by 2024-09-01 for the birthday club.",
        "Born to run, 2011 tour",
        "",
    ],
)
def test_dob_misses(text):
    assert found(date_of_birth, text) == []


def test_dob_label_reaches_only_the_adjacent_date():
    assert found(date_of_birth, "DOB: 04/12/2011. Meeting on 03/15/2024.") == ["04/12/2011"]
    assert details(date_of_birth, "DOB: 04/12/2011") == ["date of birth"]


# ---------------------------------------------------------------- student_id


@pytest.mark.parametrize(
    "text, expected",
    [
        ("His student ID is 20481733.", ["20481733"]),
        ("Student ID # 55123409 needs a new login.", ["55123409"]),
        ("student number: S1234567", ["s1234567".upper()]),
        ("Her lunch number is 40917.", ["40917"]),
        ("ID#: 2048173", ["2048173"]),
        ("SID 20481733", ["20481733"]),
    ],
)
def test_student_id_fallback_hits(text, expected):
    assert found(student_id, text, Settings()) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Please bring your student ID card on Friday.",
        "The meeting is in room 204.",
        "Student ID cards are due.",
        "student number 12",  # too short
        "Lunch numbers are posted.",
        "My id is fine.",
        "",
    ],
)
def test_student_id_fallback_misses(text):
    assert found(student_id, text, Settings()) == []


def test_student_id_district_pattern():
    settings = Settings(student_id_pattern=r"S\d{7}")
    assert found(student_id, "Transfer s1234567 and S7654321 today", settings) == ["s1234567", "S7654321"]
    # Whole tokens only; the context rule is not used when a pattern is set.
    assert found(student_id, "XS12345678 and student ID 20481733", settings) == []
    assert details(student_id, "S1234567", settings) == ["student ID (district format)"]


def test_student_id_pattern_does_not_fire_inside_longer_numbers():
    settings = Settings(student_id_pattern=r"\d{6}")
    assert found(student_id, "ids 123456, 1234567 and 312-555-0147 and 123456-7", settings) == ["123456"]


def test_broken_district_pattern_falls_back_to_context():
    settings = Settings(student_id_pattern=r"(\d{6")
    assert found(student_id, "student ID 20481733", settings) == ["20481733"]


def test_empty_matching_pattern_gives_no_zero_width_hits():
    settings = Settings(student_id_pattern=r"\d*")
    assert all(h.end > h.start for h in run(student_id, "abc 123", settings))


# ---------------------------------------------------------------- street_address


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Come to 1234 N Maple Ave, Apt 3 at noon.", ["1234 N Maple Ave, Apt 3"]),
        ("The party is at 45 Elm Street.", ["45 Elm Street"]),
        ("45 Elm Street, Apt 3", ["45 Elm Street, Apt 3"]),
        ("Mail to 1234 N Maple Ave, Apt 3, Springfield, IL 62704.", ["1234 N Maple Ave, Apt 3, Springfield, IL 62704"]),
        ("She lives at 42 Orchard Lane, so the bus can stop there.", ["42 Orchard Lane"]),
        ("We're at 9 W 57th St.", ["9 W 57th St."]),
        ("i live at 45 elm street", ["45 elm street"]),
        ("My address is 77 sunset blvd #4", ["77 sunset blvd #4"]),
        ("send it to P.O. Box 1234", ["p.o. box 1234".replace("p.o. box", "P.O. Box")]),
        ("We live on Maple Road near the park", ["Maple Road near the park"]),
        ("The school is at 100 Main Street.", ["100 Main Street"]),  # a detector, not a judge
    ],
)
def test_street_address_hits(text, expected):
    assert found(street_address, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Come to the main office at noon.",
        "The party is in room 45.",
        "I have 3 kids on Main Street.",  # lower-case words between number and suffix
        "I live at home with my parents.",
        "There were 25 students in the court.",
        "Page 12 Drive safely!",
        "In 2024 Spring Break starts.",
        "",
    ],
)
def test_street_address_misses(text):
    assert found(street_address, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Interviews are at the bank's downtown branch (21 Main Street) on Saturday.",
        "The meet is at Lakeside Park, 200 Oak St, at 9.",
        "Comments are heard in the District Office boardroom, 400 Orchard Lane.",
    ],
)
def test_a_public_places_address_is_informational(text):
    assert [h.severity for h in run(street_address, text)] == [Severity.INFO]


@pytest.mark.parametrize(
    "text",
    [
        "Pizza afterwards at Jake's, 45 Elm Street.",
        "We're at the Hendersons' house on the corner, 45 Elm Street.",
        "Come to my place at 45 Elm Street.",
        "We live in the house by the park, 45 Elm Street.",
    ],
)
def test_an_address_not_named_as_a_public_place_still_hits(text):
    assert [h.severity for h in run(street_address, text)] == [None]


# ---------------------------------------------------------------- medical_record_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("MRN: 00482291 for the nurse's file.", ["00482291"]),
        ("Medical record number 7734-2291-0 is attached.", ["7734-2291-0"]),
        ("medical record # A-772910", ["A-772910"]),
        ("Her MRN is MR4471923", ["MR4471923"]),
    ],
)
def test_mrn_hits(text, expected):
    assert found(medical_record_number, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The nurse's office is open until 3.",
        "Please send the medical form to the nurse.",
        "Her medical record is on file.",
        "The MRN field is blank.",
        "",
    ],
)
def test_mrn_misses(text):
    assert found(medical_record_number, text) == []
