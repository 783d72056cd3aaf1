"""A draft prepared for matching: a normalised copy for patterns, quoted regions, sentences.

The normalised text has exactly the same length as the original, so a match's offsets are the
original offsets: characters are lower-cased one for one, typographic apostrophes and quotes are
folded, invisible characters (zero-width spaces, soft hyphens, NUL, direction marks) become a
filler that patterns may step over, and text under a direction override is put in the order it
is displayed. Keeping the length fixed is what makes every span exact.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from typing import TYPE_CHECKING

from tap_assistant.core.bidi import BIDI_CONTROLS, visual_order
from tap_assistant.core.config import Settings
from tap_assistant.core.reported_speech import find_reported_speech_spans

if TYPE_CHECKING:
    from tap_assistant.core.patterns import WordIndex

#: Stands in for an invisible character; patterns allow it between letters.
FILLER = "\x00"

_INVISIBLE = {
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\x00", "\u180e", *BIDI_CONTROLS,
}
_FOLD = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u0060": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\r": "\n",
}


_TRANSLATION = str.maketrans({**{ch: FILLER for ch in _INVISIBLE}, **_FOLD})


# Letters spelled out with separators ("l.o.v.e", "f-u-c-k"): three or more single letters.
_SPACED_LETTERS = re.compile(r"(?<![\w.\-*_])(?:[^\W\d_][.\-*_]){2,}[^\W\d_](?![\w])")


def normalise(text: str) -> str:
    """Same-length, lower-cased, folded copy of `text` (see module docstring), in the order the
    reader sees it: a right-to-left override ("\u202eem txet\u202c") is applied (core/bidi.py)."""
    text = visual_order(text)
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters lower-case to two ("İ" -> "i̇"); keep those as they are.
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered.translate(_TRANSLATION)


def despace_letters(norm: str) -> str:
    """For phrase patterns: undo letter-by-letter obfuscation, keeping the length.

    An invisible character, or a separator inside a spelled-out word, becomes a copy of the
    letter before it: "lo\u200bve" reads "loove" and "l.o.v.e" reads "lloovve", which the
    patterns' stretched-letter matching ("looove") already covers.
    """
    if FILLER in norm:
        norm = re.sub(f"(?<=(\\w)){FILLER}+", lambda m: m.group(1) * len(m.group()), norm)
    if _SPACED_LETTERS.search(norm):
        norm = _SPACED_LETTERS.sub(_join_spaced_letters, norm)
    return norm


def _join_spaced_letters(match: re.Match[str]) -> str:
    out = []
    previous = ""
    for ch in match.group():
        if ch.isalpha():
            previous = ch
            out.append(ch)
        else:
            out.append(previous)
    return "".join(out)


# Quoted earlier messages: "> " lines, an "On <date>, <name> wrote:" line and everything after it,
# and an Outlook-style header block ("From: … Sent: … To: … Subject:") or "Original Message" line.
_QUOTE_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_ON_WROTE = re.compile(r"^[ \t]*On\b[^\n]{0,200}\bwrote:[ \t]*$", re.MULTILINE | re.IGNORECASE)
#: "On Thu, Nov 13, Gwen Farrow wrote:", also when the reply quotes it with ">".
_ON_WROTE_ANY = re.compile(r"^[ \t>]*On\b[^\n]{0,200}\bwrote:[ \t]*$", re.MULTILINE | re.IGNORECASE)
_ORIGINAL_MESSAGE = re.compile(r"^[ \t]*-{2,}\s*Original Message\s*-{2,}", re.MULTILINE | re.IGNORECASE)
_OUTLOOK_HEADER = re.compile(
    r"^[ \t]*From:[^\n]*\n(?:[ \t]*(?:Sent|Date|To|Cc|Subject):[^\n]*\n){2,}", re.MULTILINE | re.IGNORECASE
)

# The writer's sign-off ("Best,", "Thanks!", "Sincerely, Karen Boyd") starts the signature block.
_SIGN_OFF = re.compile(
    r"^[ \t]*(?:best(?: regards| wishes)?|thanks(?: again| so much)?|thank you|sincerely|regards|kind regards|"
    r"warm regards|warmly|cheers|respectfully|take care|all the best|with gratitude|gratefully|--)\b[^\n]{0,40}$",
    re.IGNORECASE | re.MULTILINE,
)
# Without a sign-off, a last paragraph of short lines that starts with a name is a signature:
# "Ms. Rivera\nScience Department\nFront office: (312) 555-0177".
_SIGNATURE_NAME_LINE = re.compile(
    r"(?:-{1,2}\s*)?(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Coach|Principal|Sra|Sr|Mme)\.?\s+)?[A-Z][\w'.\-]*(?:\s+[A-Z][\w'.\-]*){0,3}\s*,?[^\n]{0,40}"
)


def find_signature_start(text: str) -> int:
    """Where the writer's sign-off and signature block start (len(text) when there is none)."""
    tail_from = max(0, len(text) - 600)
    last = None
    for last in _SIGN_OFF.finditer(text, tail_from):
        pass
    if last is not None:
        return last.start()
    block_start = text.rfind("\n\n", tail_from)
    if block_start == -1:
        return len(text)
    block = text[block_start + 2:]
    lines = [line for line in block.split("\n") if line.strip()]
    if 1 <= len(lines) <= 8 and all(len(line) <= 70 for line in lines) and _SIGNATURE_NAME_LINE.fullmatch(lines[0].strip()):
        if not lines[0].rstrip().endswith((".", "?", "!")) or len(lines[0].split()) <= 3:
            return block_start + 2
    return len(text)


#: A person's title ("Ms.", "Coach"); the name detectors use it too (`detectors/_names.py`).
TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Coach|Principal|Superintendent|Nurse|Officer|Dean)\.?"
#: A title and the capitalised name after it ("Ms. Honey Bush", "Coach Darling"): the name (group 1)
#: is a name, whatever its words also mean.
_TITLED_NAME = re.compile(r"\b" + TITLE + r"[ \t]+([A-Z][A-Za-z'\-]+(?:[ \t]+[A-Z][A-Za-z'\-]+){0,2})")

_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n|\n(?=\s*[-*•>])")


_FORWARDED = re.compile(
    r"^[ \t]*(?:-{2,}\s*Forwarded message\s*-{2,}|Begin forwarded message:)[ \t]*$", re.MULTILINE | re.IGNORECASE
)
_FROM_LINE = re.compile(r"^[ \t]*From:[ \t]*([^\n]*)$", re.MULTILINE | re.IGNORECASE)
_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]{2,}")
_NOT_WRITER_WORDS = frozenset(
    "mr mrs ms miss dr coach principal teacher grade school elementary middle high district office "
    "best thanks thank you sincerely regards kind warm warmly cheers sent from my iphone ipad "
    "department room and the".split()
)


def _writer_words(top: str) -> set[str]:
    """Name words of the writer, from the signature of the writer's own part of the message."""
    start = find_signature_start(top.rstrip())
    if start >= len(top.rstrip()):
        return set()
    lines = [line for line in top[start:].split("\n") if line.strip()][:3]
    words = {w.lower() for line in lines for w in _NAME_WORD.findall(line)}
    return words - _NOT_WRITER_WORDS


def _sent_by(text: str, start: int, end: int, names: set[str]) -> bool:
    """Does the From: or "On ... wrote:" line of the block at [start, end) name one of `names`?
    The writer's name there makes a forwarded or quoted block the writer's own text (forwarded
    from their own, possibly personal, account); the reader's, the reader's own words."""
    if not names:
        return False
    head = text[start:min(end, start + 400)]
    sender = _FROM_LINE.search(head)
    if sender is None:
        on_wrote = _ON_WROTE_ANY.match(head)
        if on_wrote is None:
            return False
        value = on_wrote.group()
    else:
        value = sender.group(1)
    words = {w.lower() for w in _NAME_WORD.findall(value)}
    return bool(words & names) or any(len(w) >= 4 and w in value.lower() for w in names)


_GREETED = re.compile(
    r"^\s*(?:dear|hi|hello|hey|good (?:morning|afternoon|evening))[ \t,]+([^\n,:!]{2,60})", re.IGNORECASE
)


def find_readers_own_spans(text: str) -> list[tuple[int, int]]:
    """Quoted blocks sent by the person the draft greets: the reader's own words quoted back to
    them, which disclose nothing to that reader ("Dear Ms. Farrow, ... > On Thu, Gwen Farrow wrote:")."""
    headers = sorted({m.start() for m in _ON_WROTE_ANY.finditer(text)} | {m.start() for m in _OUTLOOK_HEADER.finditer(text)})
    if not headers:
        return []
    greeting = _GREETED.match(text[: headers[0]])
    if greeting is None:
        return []
    reader = {w.lower() for w in _NAME_WORD.findall(greeting.group(1))} - _NOT_WRITER_WORDS
    bounds = headers + [len(text)]
    return [(start, end) for start, end in zip(bounds, bounds[1:]) if _sent_by(text, start, end, reader)]


def find_quoted_spans(text: str) -> list[tuple[int, int]]:
    tails = [m.start() for m in _ON_WROTE.finditer(text)]
    tails += [m.start() for m in _ORIGINAL_MESSAGE.finditer(text)]
    tails += [m.start() for m in _OUTLOOK_HEADER.finditer(text)]
    tails += [m.start() for m in _FORWARDED.finditer(text)]
    tails = sorted(set(tails))
    spans: list[tuple[int, int]] = []
    own: list[tuple[int, int]] = []
    if tails:
        writer = _writer_words(text[: tails[0]])
        # Each header starts a block that runs to the next header; a block the writer sent from
        # their own account counts as the writer's words, every other block as quoted.
        bounds = tails + [len(text)]
        for block_start, block_end in zip(bounds, bounds[1:]):
            if block_start == block_end:
                continue
            if _sent_by(text, block_start, block_end, writer):
                own.append((block_start, block_end))
            else:
                spans.append((block_start, block_end))
    for m in _QUOTE_LINE.finditer(text):
        if not any(start <= m.start() < end for start, end in own):
            spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@dataclass
class Document:
    """What detectors and rules see. Build one per check; it caches what it computes."""

    text: str
    settings: Settings = field(default_factory=Settings)

    @cached_property
    def norm(self) -> str:
        return normalise(self.text)

    @cached_property
    def pattern_text(self) -> str:
        """What phrase patterns run on: `norm` with spelled-out letters joined up."""
        return despace_letters(self.norm)

    @cached_property
    def word_index(self) -> "WordIndex":
        from tap_assistant.core.patterns import WordIndex, split_words

        return WordIndex(split_words(self.pattern_text, cased=visual_order(self.text)))

    @cached_property
    def memo(self) -> dict:
        """Per-document results that several rules share (pattern matches, detector hits)."""
        return {}

    @cached_property
    def quoted_spans(self) -> list[tuple[int, int]]:
        return find_quoted_spans(self.text)

    @cached_property
    def _quoted_starts(self) -> list[int]:
        return [start for start, _ in self.quoted_spans]

    def is_quoted(self, index: int) -> bool:
        position = bisect.bisect_right(self._quoted_starts, index) - 1
        return position >= 0 and index < self.quoted_spans[position][1]

    @cached_property
    def readers_own_spans(self) -> list[tuple[int, int]]:
        return find_readers_own_spans(self.text)

    @cached_property
    def reported_speech_spans(self) -> list[tuple[int, int]]:
        return find_reported_speech_spans(self.text)

    def is_reported_speech(self, index: int) -> bool:
        """Inside someone else's words reported in quotation marks (see `core.reported_speech`)."""
        return any(start <= index < end for start, end in self.reported_speech_spans)

    def is_readers_own(self, index: int) -> bool:
        """Inside a quoted block the reader wrote (see `find_readers_own_spans`)."""
        return any(start <= index < end for start, end in self.readers_own_spans)

    @cached_property
    def signature_start(self) -> int:
        """Offset where the writer's signature block starts (len(text) when there is none)."""
        return find_signature_start(self.text)

    def in_signature(self, index: int) -> bool:
        return index >= self.signature_start

    @cached_property
    def titled_names(self) -> list[tuple[int, int]]:
        """Spans of the names that follow a title ("Honey Bush" in "Ms. Honey Bush")."""
        return [match.span(1) for match in _TITLED_NAME.finditer(self.text)]

    def in_titled_name(self, start: int, end: int) -> bool:
        """Whether `start:end` lies inside the name after a title: "Darling" in "Coach Darling"."""
        return any(name_start <= start and end <= name_end for name_start, name_end in self.titled_names)

    @cached_property
    def sentence_starts(self) -> list[int]:
        starts = [0]
        for match in _SENTENCE_END.finditer(self.text):
            starts.append(match.end())
        return starts

    def sentence_bounds(self, index: int) -> tuple[int, int]:
        starts = self.sentence_starts
        position = bisect.bisect_right(starts, index) - 1
        start = starts[max(position, 0)]
        end = starts[position + 1] if position + 1 < len(starts) else len(self.text)
        return start, end

    def sentence_before(self, index: int) -> str:
        """Normalised text from the start of the sentence holding `index` up to `index`."""
        start, _ = self.sentence_bounds(index)
        return self.norm[start:index]
