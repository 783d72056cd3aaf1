"""A draft prepared for matching: a normalised copy for patterns, quoted regions, sentences.

The normalised text has exactly the same length as the original, so a match's offsets are the
original offsets: characters are lower-cased one for one, typographic apostrophes and quotes are
folded, and invisible characters (zero-width spaces, soft hyphens, NUL) become a filler that
patterns may step over. Keeping the length fixed is what makes every span exact.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from tap_assistant.core.config import Settings

#: Stands in for an invisible character; patterns allow it between letters.
FILLER = "\x00"

_INVISIBLE = {
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\x00", "\u180e", "\u200e", "\u200f",
}
_FOLD = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u0060": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\r": "\n",
}


def normalise(text: str) -> str:
    """Same-length, lower-cased, folded copy of `text` (see module docstring)."""
    out = []
    for ch in text:
        if ch in _INVISIBLE:
            out.append(FILLER)
            continue
        ch = _FOLD.get(ch, ch)
        lowered = ch.lower()
        out.append(lowered if len(lowered) == 1 else ch)
    return "".join(out)


# Quoted earlier messages: "> " lines, an "On <date>, <name> wrote:" line and everything after it,
# and an Outlook-style header block ("From: … Sent: … To: … Subject:") or "Original Message" line.
_QUOTE_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_ON_WROTE = re.compile(r"^[ \t]*On\b[^\n]{0,200}\bwrote:[ \t]*$", re.MULTILINE | re.IGNORECASE)
_ORIGINAL_MESSAGE = re.compile(r"^[ \t]*-{2,}\s*Original Message\s*-{2,}", re.MULTILINE | re.IGNORECASE)
_OUTLOOK_HEADER = re.compile(
    r"^[ \t]*From:[^\n]*\n(?:[ \t]*(?:Sent|Date|To|Cc|Subject):[^\n]*\n){2,}", re.MULTILINE | re.IGNORECASE
)

_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n|\n(?=\s*[-*•>])")


def find_quoted_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = [(m.start(), m.end()) for m in _QUOTE_LINE.finditer(text)]
    tails = [m.start() for m in _ON_WROTE.finditer(text)]
    tails += [m.start() for m in _ORIGINAL_MESSAGE.finditer(text)]
    tails += [m.start() for m in _OUTLOOK_HEADER.finditer(text)]
    if tails:
        spans.append((min(tails), len(text)))
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
    def quoted_spans(self) -> list[tuple[int, int]]:
        return find_quoted_spans(self.text)

    @cached_property
    def _quoted_starts(self) -> list[int]:
        return [start for start, _ in self.quoted_spans]

    def is_quoted(self, index: int) -> bool:
        position = bisect.bisect_right(self._quoted_starts, index) - 1
        return position >= 0 and index < self.quoted_spans[position][1]

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
