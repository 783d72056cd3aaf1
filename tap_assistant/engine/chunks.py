"""Cutting a draft into bounded requests for the engine: whole paragraphs, in document order.

LanguageTool counts text in UTF-16 code units (Java strings), so every cap here does too: an
emoji is two units, and a text of 200,000 code points can be 300,000 units. A chunk is a
contiguous slice of the text, so a finding at offset `i` of a chunk is at `chunk.start + i` of
the whole text (both in code points).

Chunks hold whole paragraphs where they fit (several short paragraphs share a chunk, so a
300-word draft is still one request); a paragraph longer than the cap is cut after a sentence
end, else at a space, else anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Longest request sent to the engine, in UTF-16 units. A warm engine checks this in well under
#: a second, so one request can never hold an engine thread for long.
MAX_CHUNK_UTF16 = 4_000

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Chunk:
    start: int  # code-point offset of `text` in the whole draft
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def utf16_len(text: str) -> int:
    """Length as LanguageTool (Java) counts it."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def utf16_prefix_end(text: str, start: int, max_units: int) -> int:
    """The largest `end` such that `text[start:end]` has at most `max_units` UTF-16 units."""
    end = min(len(text), start + max_units)
    window = text[start:end]
    if utf16_len(window) <= max_units:
        return end
    units = 0
    for index, ch in enumerate(window):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > max_units:
            return start + index
    return end


def cap_utf16(text: str, max_units: int) -> str:
    """The longest prefix of `text` the engine counts as at most `max_units` long."""
    return text[: utf16_prefix_end(text, 0, max_units)]


def _last_cut(pattern: re.Pattern[str], text: str, start: int, end: int) -> int:
    last = -1
    for match in pattern.finditer(text, start, end):
        last = match.end()
    return last


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where the chunk starting at `start` ends, given it may not go past `limit`."""
    newline = text.rfind("\n", start, limit)
    if newline >= start:
        return newline + 1
    sentence = _last_cut(_SENTENCE_END, text, start, limit)
    if sentence > start:
        return sentence
    space = _last_cut(_SPACE, text, start, limit)
    if space > start:
        return space
    return max(limit, start + 1)


def split_chunks(text: str, max_units: int = MAX_CHUNK_UTF16) -> list[Chunk]:
    """Consecutive slices covering `text`, each at most `max_units` UTF-16 units; chunks that
    are only whitespace are left out (nothing to check there)."""
    if max_units < 2:
        raise ValueError("max_units must be at least 2 (one astral character)")
    chunks: list[Chunk] = []
    start = 0
    while start < len(text):
        limit = utf16_prefix_end(text, start, max_units)
        end = len(text) if limit >= len(text) else _cut_point(text, start, limit)
        piece = text[start:end]
        if piece.strip():
            chunks.append(Chunk(start, piece))
        start = end
    return chunks


def order_chunks(chunks: list[Chunk], visible: tuple[int, int] | None = None) -> list[Chunk]:
    """What is on screen first (code-point range `visible`), then the rest in document order."""
    if visible is None:
        return list(chunks)
    first, last = visible
    on_screen = [c for c in chunks if c.start < last and c.end > first]
    return on_screen + [c for c in chunks if c not in on_screen]
