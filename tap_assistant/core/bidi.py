"""Bidirectional control characters: the order a reader sees, and where text is forced around.

A right-to-left override (U+202E) shows the characters after it in reverse, so "\u202eem txet\u202c"
reads "text me" on screen while the characters say "em txet". Rules must match what the reader
sees: `visual_order` returns that order, with the same length as the input, so an offset into it
is an offset into the original text (the span of a match covers the same characters). Only the
overrides (U+202D, U+202E) are applied; embeddings and isolates do not reorder Latin text, and
right-to-left scripts keep their stored order, which is the order their words are read in. A
simplified form of rule L2 of the Unicode Bidirectional Algorithm. No Qt here.
"""

from __future__ import annotations

import re

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"

OVERRIDES = frozenset({LRO, RLO})
#: Every invisible character that only steers direction; matching treats them as invisible.
BIDI_CONTROLS = frozenset({LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM})

_PARAGRAPH_BREAKS = frozenset("\n\r\u2029\x1c\x1d\x1e\x85")
_OVERRIDE = re.compile("[\u202d\u202e]")
#: An override and what it governs: up to its closing PDF, a closing PDI or the end of the line.
_OVERRIDDEN_RUN = re.compile("[\u202d\u202e][^\u202c\u2069\n\r\u2029]*\u202c?")


def has_override(text: str) -> bool:
    return _OVERRIDE.search(text) is not None


def override_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each direction override, from the override character to its end."""
    return [m.span() for m in _OVERRIDDEN_RUN.finditer(text)]


def _levels(text: str) -> list[int]:
    """Embedding level of each character, counting overrides only (0 = left to right)."""
    levels = [0] * len(text)
    stack: list[tuple[bool, int]] = []  # (opened by an isolate, level before it)
    level = 0
    for index, ch in enumerate(text):
        if ch in _PARAGRAPH_BREAKS:
            stack.clear()
            level = 0
        elif ch in OVERRIDES:
            levels[index] = level
            stack.append((False, level))
            # RLO: the next odd level above; LRO: the next even one.
            level += 1 if (ch == RLO) == (level % 2 == 0) else 2
            continue
        elif ch in (LRE, RLE):
            stack.append((False, level))
        elif ch in (LRI, RLI, FSI):
            stack.append((True, level))
        elif ch == PDF:
            if stack and not stack[-1][0]:
                level = stack.pop()[1]
        elif ch == PDI:
            while stack:
                opened_by_isolate, level = stack.pop()
                if opened_by_isolate:
                    break
        levels[index] = level
    return levels


def visual_order(text: str) -> str:
    """`text` in the order it is displayed (same length; see the module docstring)."""
    if not has_override(text):
        return text
    chars = list(text)
    levels = _levels(text)
    for level in range(max(levels), 0, -1):
        index = 0
        while index < len(chars):
            if levels[index] < level:
                index += 1
                continue
            end = index
            while end < len(chars) and levels[end] >= level:
                end += 1
            chars[index:end] = chars[index:end][::-1]
            levels[index:end] = levels[index:end][::-1]
            index = end
    return "".join(chars)
