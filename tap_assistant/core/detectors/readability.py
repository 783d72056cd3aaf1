"""Readability for families: Flesch-Kincaid grade level, reported as information only."""

from __future__ import annotations

import re

from tap_assistant.core.detectors.base import Hit
from tap_assistant.core.document import Document

#: Families read school letters best at about an eighth-grade level; above this we mention it.
GRADE_LIMIT = 10.0
_MIN_WORDS = 30
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    word = word.lower().strip("'’-")
    if len(word) <= 3:
        return 1
    count = len(_VOWEL_GROUP.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")):
        count -= 1
    return max(count, 1)


def grade_level(text: str) -> tuple[float, int]:
    words = _WORD.findall(text)
    sentences = [s for s in _SENTENCE.findall(text) if _WORD.search(s)]
    if not words or not sentences:
        return 0.0, len(words)
    syllable_count = sum(syllables(w) for w in words)
    grade = 0.39 * len(words) / len(sentences) + 11.8 * syllable_count / len(words) - 15.59
    return round(grade, 1), len(words)


def hard_to_read(document: Document) -> list[Hit]:
    grade, word_count = grade_level(document.text)
    if word_count < _MIN_WORDS or grade <= GRADE_LIMIT:
        return []
    longest = max(_SENTENCE.finditer(document.text), key=lambda m: len(_WORD.findall(m.group())))
    text = longest.group()
    start = longest.start() + (len(text) - len(text.lstrip()))
    end = longest.start() + len(text.rstrip())
    return [Hit(start, end, f"reading grade level about {grade:.0f}; the longest sentence is marked")]
