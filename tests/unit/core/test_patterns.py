import re

import pytest

from tap_assistant.core.document import Document
from tap_assistant.core.patterns import PatternError, compile_patterns


def matches(pattern: str, text: str) -> list[str]:
    compiled = compile_patterns([pattern])
    return [text[span.start : span.end] for span in compiled.find(Document(text))]


@pytest.mark.parametrize(
    "pattern, text, expected",
    [
        ("text me", "Text me later", ["Text me"]),
        ("text me", "texting me tonight", ["texting me"]),
        ("text me", "teeeext meeee", ["teeeext meeee"]),
        ("love you", "l0ve you", ["l0ve you"]),
        ("love you", "L.O.V.E you", ["L.O.V.E you"]),
        ("love you", "lo\u200bve you", ["lo\u200bve you"]),
        ("love you", "LOOOOVE YOU!!", ["LOOOOVE YOU"]),
        ("keep ... between us", "keep this just between us", ["keep this just between us"]),
        ("keep ... between us", "keep between us", ["keep between us"]),
        ("my (personal)? email", "my email", ["my email"]),
        ("my (personal)? email", "my personal emails", ["my personal emails"]),
        ("don't tell (your)? (mom|parents)", "Don\u2019t tell your mom", ["Don\u2019t tell your mom"]),
        ("don't tell (your)? (mom|parents)", "dont tell mom", ["dont tell mom"]),
        ("don't tell (your)? (mom|parents)", "do not tell your parents", ["do not tell your parents"]),
        ("can't wait", "I cannot wait", ["cannot wait"]),
        ("flirt*", "so flirtatious", ["flirtatious"]),
        ("date", "are you dating", ["dating"]),
        ("weed", "smokin weeeed", ["weeeed"]),
        ("weed", "w33d", ["w33d"]),
        ("miss you", "miss... you", ["miss... you"]),
    ],
)
def test_phrase_matches_variants(pattern, text, expected):
    assert matches(pattern, text) == expected


@pytest.mark.parametrize(
    "pattern, text",
    [
        ("text me", "context means"),
        ("love you", "glove yours"),
        ("=friend me", "friendly memo"),
        ("keep ... between us", "keep the five books and pens on the shelf between us"),
        ("weed", "back from a family wedding"),  # collapses to "weding" too, but doubles d, not e
        ("booze", "the bozzes were late"),
        # a phrase does not run into the next sentence or paragraph
        ("miss you", "We'll find whatever is missing.\n\nYou can call the office."),
        ("miss you", "Tell me if a page is missing. You can reply here."),
    ],
)
def test_phrase_does_not_match_inside_other_words(pattern, text):
    assert matches(pattern, text) == []


@pytest.mark.parametrize("bad", ["(unclosed group", "()", "a (|b)", "... start", "(only)?"])
def test_malformed_patterns_raise_a_pattern_error(bad):
    with pytest.raises(PatternError):
        compile_patterns([bad])


def test_raw_regex_is_validated():
    with pytest.raises(PatternError, match="regex"):
        compile_patterns([], ["(unclosed"])
    compiled = compile_patterns([], [r"\bssn\b"])
    assert isinstance(compiled.raw, re.Pattern)
    assert [(s.start, s.end) for s in compiled.find(Document("My SSN is here"))] == [(3, 6)]
