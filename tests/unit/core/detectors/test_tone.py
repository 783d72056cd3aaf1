"""all_caps (P2.shouting): shouted runs against headings and labels."""

from __future__ import annotations

import pytest

from tap_assistant.core.detectors.tone import all_caps
from tests.unit.core.detectors.helpers import found


@pytest.mark.parametrize(
    "text",
    [
        "I AM SO DONE WITH THIS CLASS",
        "Hi\nSTOP TEXTING ME NOW\nok",  # a short line, but no heading: nothing blank follows it
        "WINTER CONCERT TONIGHT!",
        # An emoji does not make a shouted line about you or me a heading.
        "WHY WOULD YOU DO THAT 🙄\n\nSee me after class.",
        "STOP TEXTING ME NOW 😡\n\nI mean it.",
    ],
)
def test_shouted_runs_hit(text):
    assert found(all_caps, text) != []


@pytest.mark.parametrize(
    "text",
    [
        "FROM THE PRINCIPAL'S DESK\n\nThank you for a wonderful fall festival.",
        "Newsletter\n\nSPRING SPORTS SIGN UPS\n\nForms are due Friday.",
        "DISTRICT ALERT: buses are running late.",
        "IEP, BIP, FBA",
        # A flyer's heading with emoji either side
        "🎃 FALL FESTIVAL THIS SATURDAY 🎃\n\nGames, chili and a costume parade.",
        "BOOK FAIR STARTS MONDAY 📚\n\nStudents can shop during library time.",
    ],
)
def test_headings_and_labels_do_not(text):
    assert found(all_caps, text) == []


def test_a_joined_emoji_sequence_counts_once():
    from tap_assistant.core.detectors.tone import emoji_run
    from tests.unit.core.detectors.helpers import found

    assert found(emoji_run, "FIELD DAY is Friday! 🏃\u200d♀️🌞 Bring water.") == []
    assert found(emoji_run, "Great game!!! 🏃\u200d♀️🌞🎉")


LONG_BODY = (
    "Each spring the committee reads every title on the list, checks it against the state standards, "
    "and asks teachers and families for comments before anything is bought. "
) * 3


@pytest.mark.parametrize(
    "text",
    [
        "SIXTH GRADE ST. LOUIS TRIP: WHAT TO PACK\n\nDear families,\nHere is the list.",
        "Good morning,\n\nALL AWAY GAMES POSTPONED TUESDAY, FEB. 4\n\nThe roads are icy.",
        "THE HAWTHORNE HERALD: SPRING CONCERT RECAP\n\nWhat a night it was.",
        "BOND MEASURE 3: WHERE THE MONEY GOES\n\nA summary from the business office.",
        # a label before a pipe, like one before a colon
        "BUS ROUTE CHANGES | Winter schedule from Transportation\n\nRoute 4 now stops at Elm.",
        # a title speaking for the school, over a long notice
        "HOW WE CHOOSE CLASSROOM BOOKS\n\n" + LONG_BODY,
        # the first line of a long notice is its title, with "your", a "!" or no blank line under it
        "COLLEGE APPLICATION WORKSHOP 📝\nWednesday in the library. " + LONG_BODY,
        "READING YOUR CHILD'S PROGRESS REPORT\n\n" + LONG_BODY,
        "BOOK FAIR STARTS MONDAY!\n\n" + LONG_BODY,
    ],
)
def test_a_capitalised_title_line_standing_alone_is_not_shouting(text):
    assert found(all_caps, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "THE BUS LEAVES AT SIX AND NOT ONE MINUTE LATER.\n\nSee you there.",
        "YOU WILL HAND IN THE FORMS TOMORROW\n\nThanks.",
        "Team,\nNOBODY LEAVES THE GYM UNTIL IT IS CLEAN\nCoach",
        "NOBODY LEAVES THE GYM UNTIL THE FLOOR IS SWEPT AND THE BALLS ARE AWAY\n\nCoach",
        # "we" in a shouted line over a short note is still shouting
        "WE ARE DONE WAITING ON THESE FORMS\n\nBring them Monday.",
        "YOU NEED TO READ THIS WHOLE LETTER\n\n" + LONG_BODY,
        # below the top, or about me, or over a short note, it is still shouted
        "Dear families,\n\nBOOK FAIR MONEY IS DUE MONDAY!\n\n" + LONG_BODY,
        "I HAVE ASKED THREE TIMES NOW\n" + LONG_BODY,
        "SIGN AND RETURN YOUR FORMS TODAY!\n\nThanks.",
    ],
)
def test_a_shouted_sentence_on_its_own_line_still_is(text):
    assert found(all_caps, text) != []


def test_a_title_with_a_subtitle_in_ordinary_case_heads_a_long_notice():
    body = " ".join(["The club met every Thursday this term and built three new robots for the league."] * 6)
    assert found(all_caps, "LAKEVIEW CHESS CLUB NEWS, Winter Edition\n\n" + body) == []
    # further down, or over a short note, it is still shouting
    assert found(all_caps, "Hi all,\nLAKEVIEW CHESS CLUB NEWS, Winter Edition\nsee you") != []


def test_a_title_with_a_tagline_heads_a_long_notice_but_not_a_short_note():
    body = " ".join(["Meet the counselors and coaches, pick up a bus map, and have a slice of pizza with us."] * 6)
    assert found(all_caps, "NEW TO RIVERSIDE? Come say hello!\n" + body) == []
    assert found(all_caps, "NEW TO RIVERSIDE? Come say hello!\nsee you") != []


@pytest.mark.parametrize(
    "text",
    ["We found a lunchbox with a sticker that says BEST BIG SISTER EVER on it.", "The bin is labeled LOST AND FOUND ITEMS."],
)
def test_caps_read_off_a_thing_are_not_the_writer_shouting(text):
    assert found(all_caps, text) == []


def test_caps_after_an_ordinary_says_are_still_shouting():
    assert found(all_caps, "The schedule says you must RETURN THE FORMS TODAY.") != []


def test_a_program_named_in_its_own_capitals_is_not_shouting():
    assert found(all_caps, "Every coach finishes the STOP THE BLEED training before the season.") == []
    assert found(all_caps, "Every coach MUST FINISH THE TRAINING before the season.") != []
