"""Cutting a draft into the units the meaning check scores.

A unit is one sentence (or one line of a signature or list), and every unit is scored alone; the
checker also scores each pair of neighbouring sentences and, for a short message, the whole of
it (see `checker.py`). Cutting is by sentence ends and line breaks, so a signature's lines stay
apart from the message. Units too short to carry meaning ("Hi Sam," or "Thanks!") are kept out.
Offsets are code points into the checked text, as everywhere in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

_BOUNDARY = re.compile(r"(?<=[.!?…])[\"')\]]*\s+|\n+")
_WORD = re.compile(r"[^\W\d_]{2,}")
# A full stop after these is not the end of a sentence ("Ms. Alvarez", "Rm. 12", "e.g. this").
_ABBREVIATIONS = frozenset(
    "mr mrs ms mx dr prof st jr sr rev fr gen sgt capt lt col coach vs etc eg ie al approx dept "
    "rm ave blvd rd no vol fig jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed "
    "thu thur thurs fri sat sun a.m p.m e.g i.e u.s".split()
)
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


def word_count(text: str) -> int:
    """Words of two letters or more: what makes a piece of text worth reading (`MIN_WORDS`)."""
    return len(_WORD.findall(text))


#: Units with fewer words than this are not scored on their own (they still join a message).
MIN_WORDS = 3
#: A single unit longer than this many characters is cut at commas or spaces.
MAX_UNIT_CHARS = 600


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    text: str
    words: int


def split_units(text: str, skip: list[tuple[int, int]] | None = None) -> list[Unit]:
    """Sentences and lines of `text`, outside the `skip` spans, trimmed, in order."""
    units: list[Unit] = []
    position = 0
    for match in _BOUNDARY.finditer(text):
        if _after_abbreviation(text, match.start()):
            continue
        _add(units, text, position, match.start(), skip)
        position = match.end()
    _add(units, text, position, len(text), skip)
    return units


def _after_abbreviation(text: str, end: int) -> bool:
    if end == 0 or text[end - 1] != "." or "\n" in text[end : end + 1]:
        return False
    word = _WORD_BEFORE.search(text, max(0, end - 12), end)
    if word is None:
        return False
    token = word.group(1).lower().lstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _add(units: list[Unit], text: str, start: int, end: int, skip: list[tuple[int, int]] | None) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return
    if skip and any(s <= start < e for s, e in skip):
        return
    while end - start > MAX_UNIT_CHARS:
        cut = text.rfind(" ", start, start + MAX_UNIT_CHARS)
        cut = cut if cut > start else start + MAX_UNIT_CHARS
        _append(units, text, start, cut)
        start = cut + 1
    _append(units, text, start, end)


def _append(units: list[Unit], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    words = word_count(piece)
    if words:
        units.append(Unit(start, end, piece, words))


#: Small words a title or a school's name may hold in lower case ("Head of Science", "Room 12").
_TITLE_SMALL_WORDS = frozenset("of the and for at in on to & | - – — / , room rm ext".split())


def _title_line(text: str) -> bool:
    """A line of names and titles only: every word capitalised, a number or a small joining word."""
    if text.rstrip().endswith(("?", "!")):
        return False
    for token in text.split():
        word = token.strip(".,;:()[]'\"")
        if word and not (word[0].isupper() or word[0].isdigit() or word.lower() in _TITLE_SMALL_WORDS):
            return False
    return True


def quiet_signature_units(signature_start: int, units: Sequence[Unit]) -> list[bool]:
    """Per unit: a line of the writer's signature block (from `signature_start`, see
    `core.document.find_signature_start`) with nothing to read: a sign-off, a name, a title
    ("Thank you,", "Coach Beau Lover", "Head Coach, Girls Soccer"). The heads never learned what a
    name means, and "Lover" or "Gallant" in one is not a message."""
    return [unit.start >= signature_start and (unit.words < MIN_WORDS or _title_line(unit.text)) for unit in units]
