"""Texting shorthand and emoji written out for the meaning check; initials and words left alone."""

from __future__ import annotations

import pytest

from tap_assistant.semantic.plain_words import plain_words


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("u up? cant sleep", "you up? can't sleep"),
        ("wyd rn", "what are you doing right now"),
        ("dont tell ur mom lol", "don't tell your mom laughing"),
        ("r u ok", "are you ok"),
        ("love u.", "love you."),
        ("see u tmrw w/ the team", "see you tomorrow with the team"),
    ],
)
def test_shorthand_is_written_out(text: str, read: str) -> None:
    assert plain_words(text) == read


def test_emoji_become_words_whatever_their_skin_tone_or_variation() -> None:
    assert plain_words("sweet dreams 😘❤️").split() == ["sweet", "dreams", "kiss", "love"]
    assert plain_words("nice 👍🏽").split() == ["nice", "okay"]
    assert plain_words("sure 🙄").split() == ["sure", "eye", "roll"]


@pytest.mark.parametrize(
    "text",
    [
        "Please bring your U.S. history book.",
        "The R. Smith family",
        "Room 4 K-2 reading",
        "Ms. K said so",
        "Jane Ruiz, RN, School Nurse",
        "IM basketball starts Monday.",
        "I feel ill today, so the class lets out early.",
        "Plan A or plan B",
        "Reminder: picture day is Thursday.",
        "",
    ],
)
def test_initials_words_and_other_text_stay(text: str) -> None:
    assert plain_words(text) == text


def test_right_to_left_text_and_unknown_emoji_are_kept() -> None:
    assert plain_words("שלום 👋 مرحبا") == "שלום 👋 مرحبا"
