"""Every registered detector: importable, and safe on any input (property-based)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tap_assistant.core.config import Settings
from tap_assistant.core.detectors.base import Hit
from tap_assistant.core.detectors.registry import get_detector, known_detectors
from tap_assistant.core.document import Document

MINE = [
    "personal_email", "phone_number", "ssn", "date_of_birth", "student_id", "street_address",
    "medical_record_number", "social_link_or_handle", "gaming_handle", "education_record_near_name",
    "personnel_near_name", "profanity",
]

SETTINGS = [
    Settings(),
    Settings(
        district_domains=["district.example.org"],
        approved_channels=["schoology.com", "remind.com"],
        student_id_pattern=r"S\d{7}",
    ),
]

#: Arbitrary text mixed with fragments that exercise each detector's paths.
FRAGMENTS = st.sampled_from(
    [
        "dan@gmail.com", " at gmail dot com", "[at]", "(415) 555-0132", "+1 ", "SSN ", "078-05-1123",
        "DOB: ", "4/12/2011", "March 3, 2012", "student ID ", "20481733", "1234 N Maple Ave", ", Apt 3",
        "I live at ", "MRN: ", "instagram.com/", "@", "snap ", "gamertag is ", "minecraft server at ",
        "discord.gg/", "Jordan's ", "IEP", "Ms. ", "Davis", " written up", "f*ck", "sh!t", "a$$",
        "fuuuck", "what the hell", "😀", "\u200b", "\x00", "\r\n", "\n\n", "שלום", "\u202e", "> ",
        "On Mon, Bob wrote:\n", "\ud7ff", "\U0001f3fd", "İ", "ß", "ﬁ",
    ]
)
TEXTS = st.lists(st.one_of(st.text(max_size=40), FRAGMENTS), max_size=25).map("".join)


#: Everyday school messages with names, dates, times, prices, rooms and school vocabulary:
#: none of the detectors may fire on them (false alarms teach users to ignore the badge).
BENIGN = [
 "Hi Mrs. Johnson,\nThank you for coming to conferences on Tuesday, October 15. Emma is reading at grade level and loves our class library. Please sign the reading log each night.\nBest,\nMs. Carter",
 "Reminder: picture day is Friday, September 27. Order forms are due by 9/20.",
 "Dear families,\nOur field trip to the Science Museum is on May 2nd. The bus leaves at 8:15 a.m. and returns by 2:30 p.m. Cost is $12.50 per student.",
 "Please review the IEP meeting agenda before Friday and send me any questions.",
 "The 504 coordinator will be out on Monday; meetings are rescheduled for next week.",
 "Attendance will be taken at 8:05. Students arriving after 8:15 should check in at the front office.",
 "Mr. Davis will cover the field trip on Friday. Ms. Ortiz has the permission slips.",
 "Teacher evaluations are due in May; the observation form is on the staff portal.",
 "Grades 6-8 will have an assembly at 1:30 in the gym. Period 3 (10:15-11:05) will be shortened.",
 "Our class of 2025 raised $1,250.50 for the food drive! Thanks to everyone who helped.",
 "Students should assess their progress and turn in the lab report by Thursday.",
 "We read Moby Dick and discussed the Industrial Revolution (1760-1840) in history class.",
 "Please bring a water bottle, sunscreen and a hat for field day on 06/07.",
 "Follow the district on our approved page and check Schoology for homework.",
 "Jordan did a fantastic job on the science fair project about the water cycle.",
 "Our robotics team meets Mondays in Room 214 until 4:30.",
 "Happy birthday to all our March students! We will celebrate on March 28.",
 "Please remind your child to bring their student ID card and a calculator for the state test.",
 "The counselor is available after school; students can sign up in the front office.",
 "What a great game last night! The band sounded terrific.",
 "Hello everyone, the staff meeting will be in the library at 3:15. Bring your laptops.",
 "Maria, thank you for helping organize the book fair. You did an amazing job.",
 "Medication forms must be signed by a parent and returned to the nurse.",
 "Report cards go home on 04/12. Progress reports were sent in February.",
 "Please complete the survey at https://www.district.example.org/survey by Friday.",
 "The Minecraft Education unit starts next week; students will build a city.",
]


@pytest.mark.parametrize("text", BENIGN)
def test_everyday_school_messages_raise_nothing(text):
    doc = Document(text, SETTINGS[1])
    fired = {name: [text[h.start:h.end] for h in get_detector(name)(doc)] for name in MINE}
    assert {name: spans for name, spans in fired.items() if spans} == {}


def test_all_detectors_are_registered_and_importable():
    for name in MINE:
        assert name in known_detectors()
        assert callable(get_detector(name))


@pytest.mark.parametrize("name", MINE)
def test_empty_and_whitespace_give_no_hits(name):
    detector = get_detector(name)
    for text in ("", " ", "\n\n\n", "\x00\x00"):
        assert detector(Document(text, SETTINGS[1])) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, which=st.integers(min_value=0, max_value=len(SETTINGS) - 1))
def test_every_detector_is_safe_on_arbitrary_text(text, which):
    doc = Document(text, SETTINGS[which])
    for name in known_detectors():
        hits = get_detector(name)(doc)
        assert isinstance(hits, list)
        for hit in hits:
            assert isinstance(hit, Hit)
            assert 0 <= hit.start < hit.end <= len(text), (name, hit)


@pytest.mark.parametrize(
    "settings",
    [
        Settings(district_domains="district.org", approved_channels=None, student_id_pattern=123),  # type: ignore[arg-type]
        Settings(district_domains=[None, 5, "", "@"], approved_channels=["", "/", "https://"], student_id_pattern="("),  # type: ignore[list-item]
    ],
)
def test_broken_settings_never_raise(settings):
    text = "Student ID 20481733, jo@gmail.com, instagram.com/x, call 312-867-5309, SSN 536-22-8726"
    doc = Document(text, settings)
    for name in MINE:
        get_detector(name)(doc)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_hits_come_in_text_order(text):
    doc = Document(text, SETTINGS[1])
    for name in MINE:
        starts = [hit.start for hit in get_detector(name)(doc)]
        assert starts == sorted(starts), name
