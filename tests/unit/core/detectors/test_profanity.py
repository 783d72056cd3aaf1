"""profanity: tiers, leetspeak and stretching, the Scunthorpe problem, details never echo words."""

from __future__ import annotations

import pytest

from tap_assistant.core.detectors.profanity import MILD, SLUR, STRONG, VULGAR, _lexicon, profanity
from tap_assistant.core.model import Severity
from tests.unit.core.detectors.helpers import found, run


def graded(text: str) -> list[tuple[str, str]]:
    return [(text[h.start:h.end], h.severity.value) for h in run(profanity, text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("This is such a shitty schedule.", [("shitty", "caution")]),
        ("You're a retard, but I love you.", [("retard", "stop")]),
        ("That was fucking stupid.", [("fucking", "stop")]),
        ("What the fuck", [("fuck", "stop")]),
        ("Fuuuuuck this", [("Fuuuuuck", "stop")]),
        ("f*ck that", [("f*ck", "stop")]),
        ("sh!t happens", [("sh!t", "caution")]),
        ("what a pain in the a$$", [("a$$", "caution")]),
        ("f u c k", [("f u c k", "stop")]),
        ("s.h.i.t", [("s.h.i.t", "caution")]),
        ("what a c**t", [("c**t", "stop")]),
        ("motherfucker", [("motherfucker", "stop")]),
        ("mother fucker", [("mother fucker", "stop")]),
        ("Damn it.", [("Damn", "caution")]),
        ("He's an asshole", [("asshole", "caution")]),
        ("stop being a bitch", [("bitch", "caution")]),
        ("this is crap", [("crap", "caution")]),
        ("I'm pissed off", [("pissed", "caution")]),
        ("What the hell is this?", [("hell", "caution")]),
        ("Hell no.", [("Hell", "caution")]),
        ("go to hell", [("hell", "caution")]),
        ("screw you", [("screw", "caution")]),
        ("son of a bitch", [("bitch", "caution")]),
        ("bullshit", [("bullshit", "caution")]),
        ("don't be such a dick", [("dick", "caution")]),
        ("wtf is this", [("wtf", "caution")]),
        ("sh\u200bit", [("sh\u200bit", "caution")]),  # zero-width space inside the word
        ("SHIT!", [("SHIT", "caution")]),
        ("*damn*", [("damn", "caution")]),
        ("he11 no", [("he11", "caution")]),
        ("you prick", [("prick", "caution")]),
        ("$hit", [("$hit", "caution")]),
        ("b!tch", [("b!tch", "caution")]),
        ("what an a**hole", [("a**hole", "caution")]),
        ("sh1t", [("sh1t", "caution")]),
        ("dyke", [("dyke", "stop")]),
    ],
)
def test_profanity_hits_with_tiers(text, expected):
    assert graded(text) == expected


@pytest.mark.parametrize("word", ["nigger", "faggot", "spic", "kike", "chink", "tranny", "retarded", "n1gger", "f4ggot"])
def test_slurs_are_stop(word):
    hits = run(profanity, f"you {word}")
    assert len(hits) == 1 and hits[0].severity is Severity.STOP


@pytest.mark.parametrize(
    "text",
    [
        "Please assess the class's progress by Friday.",
        "The grass on the field was cut this morning.",
        "Scunthorpe United won.",
        "A cocktail party for the PTA? No.",
        "Hello, shell, Michelle, hellish weather.",
        "Dick Smith called about the bus.",  # a name
        "Please ask Mr. Dick about it.",
        "We read Moby Dick and Dickens.",
        "Use a screw and a screwdriver for the shelf.",
        "Hell Week for the swim team starts Monday.",  # not an expletive use
        "He graduated summa cum laude.",
        "The release is filed in his cum folder in the counseling office.",
        "The chink in his armor showed.",
        "A small niggle with the schedule.",
        "Homo sapiens evolved in Africa.",
        "God bless; we discussed sex education, drugs and alcohol, and the virgin forest.",
        "The flame retardant fabric.",
        "The musicians held a ritard at the end.",
        "Basketball players dribble balls; the class studied the bass.",
        "Kill the lights and grab the organ music.",
        "The document was cumbersome.",
        "The cock-a-doodle-doo woke us.",
        "Assistant, assassin, embassy, passion, compass.",
        "5 * 3 = 15 and a*b",
        "Ouch, a pin prick.",
        "Buy Spic and Span for the lab.",
        "Our Maine Coon cat visited class.",
        "We watched Dick Van Dyke in Mary Poppins.",
        "The pussy willow is blooming.",
        "Ass. Principal Jones will attend.",
        "Homo erectus used tools.",
        "She has spunk and a garden hoe.",
        "",
    ],
)
def test_innocent_words_never_hit(text):
    assert found(profanity, text) == []


def test_details_name_the_tier_never_the_word():
    text = "fuck, shit, nigger, blowjob"
    hits = run(profanity, text)
    assert [h.detail for h in hits] == [STRONG, MILD, SLUR, VULGAR]
    for hit in hits:
        assert text[hit.start:hit.end].lower() not in hit.detail


def test_every_hit_has_a_severity():
    for hit in run(profanity, "damn shit fuck porn"):
        assert hit.severity in (Severity.CAUTION, Severity.STOP)


def test_package_list_feeds_the_lexicon_and_innocent_entries_are_dropped():
    exact, _ = _lexicon()
    assert "fuckface" in exact  # only in the better-profanity list: sorted by root
    for innocent in ("god", "hell", "niggle", "organ", "screw", "kill", "drunk", "virgin", "sex", "gay", "lesbians"):
        assert innocent not in exact, innocent


def test_offsets_are_exact_in_crlf_and_rtl_text():
    text = "שלום\r\nwhat the fuck\r\n"
    hit = run(profanity, text)[0]
    assert text[hit.start:hit.end] == "fuck"


def test_overlapping_phrase_and_word_give_one_hit():
    assert len(run(profanity, "son of a bitch")) == 1
    assert len(run(profanity, "mother fucker")) == 1
