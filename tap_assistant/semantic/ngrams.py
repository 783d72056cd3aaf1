"""The wording reader: hashed word n-grams of a text, and one logistic output per concept on them.

The encoder's sentence vectors say what a sentence is about; they blur how it is said: tone
words, sarcasm markers, the stock phrases of threats and slurs. A second reader that sees the
words themselves catches much of what the vectors miss, and the two miss different items, so
the check reads a concept through each of them and through their average (`heads.VIEWS`). Both
learn from the same corpus and the same cross-validation folds (`training.py`).

A text's features: its words (lower case, curly apostrophes made straight), each word pair, and
each symbol or emoji, hashed with CRC-32 (the same on every platform) into `SLOTS` slots, counted
and damped with log(1 + count). Sentences are hashed one at a time, so a pair of sentences or a
whole message adds up its sentences' counts (`combine`), as the encoder adds up token sums. The
heads know only slots seen in at least two training texts (rarer ones are names and one-off
phrasings that teach nothing); a row is cut to those slots and scaled to unit length
(`restrict`), in training and in the check alike. Slot 0 is a constant 1 that carries each
concept's bias.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

SLOTS = 1 << 18
BIAS_SLOT = 0
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")
_STRAIGHT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})

#: Slot counts of one sentence: {slot: count}.
Bag = Counter


def sentence_bag(text: str) -> Bag:
    tokens = _TOKEN.findall(text.lower().translate(_STRAIGHT))
    grams = tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]
    return Counter(zlib.crc32(gram.encode("utf-8")) % (SLOTS - 1) + 1 for gram in grams)


@dataclass(frozen=True)
class SparseRow:
    """One text's features: slot numbers (ascending, the bias slot first) and their values."""

    slots: np.ndarray  # int64
    values: np.ndarray  # float32


def combine(bags: Iterable[Bag]) -> SparseRow:
    """The features of several sentences read together (not yet cut to known slots, see `restrict`)."""
    total: Counter = Counter()
    for bag in bags:
        total.update(bag)
    slots = np.fromiter(sorted(total), dtype=np.int64, count=len(total))
    values = np.log1p(np.array([total[s] for s in slots], dtype=np.float32))
    return SparseRow(np.concatenate([[BIAS_SLOT], slots]), np.concatenate([[1.0], values]).astype(np.float32))


def restrict(row: SparseRow, known: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions in `known` (ascending slots, the bias slot first) of the row's known slots, and
    their values: the bias 1, the rest scaled to unit length."""
    where = np.minimum(np.searchsorted(known, row.slots), len(known) - 1)
    found = known[where] == row.slots
    positions, values = where[found], row.values[found].copy()
    norm = float(np.linalg.norm(values[1:])) if len(values) > 1 else 0.0
    if norm > 0:
        values[1:] /= norm
    return positions, values


def vocabulary(bags_per_text: Iterable[Iterable[Bag]], min_texts: int) -> np.ndarray:
    """The slots used by at least `min_texts` texts (each text given as its sentences' bags), with the bias slot."""
    seen: Counter = Counter()
    for bags in bags_per_text:
        seen.update(set().union(*bags))
    return np.array(sorted({BIAS_SLOT} | {slot for slot, count in seen.items() if count >= min_texts}), dtype=np.int64)


@dataclass(frozen=True)
class WordingHeads:
    """Logistic weights for the slots the heads know: `weights[k]` belongs to slot `slots[k]`."""

    slots: np.ndarray  # (n,) int64, ascending, starts with BIAS_SLOT
    weights: np.ndarray  # (n, concepts) float32

    def scores(self, rows: Sequence[SparseRow]) -> np.ndarray:
        """Probability of each concept for each row: (rows, concepts)."""
        logits = np.zeros((len(rows), self.weights.shape[1]), dtype=np.float32)
        for number, row in enumerate(rows):
            positions, values = restrict(row, self.slots)
            logits[number] = values @ self.weights[positions]
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -40.0, 40.0)))
