"""The trained concept heads: two readers of a text, and three ways to read each concept.

- The meaning reader sees the frozen sentence vectors (the encoder is never trained): one hidden
  layer (ReLU) shared by all concepts and one logistic output per concept. Three such networks,
  trained from different seeds, are averaged. Cross-validation on the training corpus chose
  this: at the same false-alarm rate one network caught 0.78 of the violations where one plain
  logistic regression per concept caught 0.73, and averaging three lifted a single network's 0.55
  to 0.58 at the strict long-message budget.
- The wording reader (`ngrams.py`) sees hashed word n-grams: one logistic output per concept.

The two miss different items. A concept is read three ways (`VIEWS`): by each reader alone and
by their average, each view with its own threshold per concept and sensitivity (a view that
never pays its way keeps the threshold 1, which never fires); a text is flagged when any view
crosses. On the validation split, heads alone, this caught 0.87 of the violations where the
meaning reader alone caught 0.69, at about the same false-alarm rate (0.040 against 0.038);
the plain average of the two caught 0.80 to 0.85 (see the README's meaning-check section).
Since the twelfth release the meaning reader alone must cross by a margin (`fires`); training
chooses the thresholds without it, so the out-of-fold figures in `heads.json` do not include it.

Stored data-only, never pickled: `resources/semantic/heads.npz` holds the arrays (weights,
biases, the nearest-example vectors) and is read with `allow_pickle=False`; `heads.json` holds
the concept order, thresholds per sensitivity, the example texts and how the heads were trained
(`training.py` writes both; `tests/unit/semantic/test_corpus_and_training.py` checks that
retraining gives the shipped numbers).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from tap_assistant.resources import resource_path
from tap_assistant.semantic.ngrams import BIAS_SLOT, SLOTS, SparseRow, WordingHeads

SENSITIVITIES = ("low", "standard", "high")
HEADS_JSON = "heads.json"
HEADS_ARRAYS = "heads.npz"
#: The "both" view is this share of the meaning reader's probability plus the rest of the
#: wording reader's (chosen on the validation split: 0.5, 0.3 and 0.7 were within noise).
MEANING_SHARE = 0.5
#: How a concept is read: by each reader alone and by their blend (the second axis of `scores`).
VIEWS = ("meaning", "wording", "both")
MEANING = VIEWS.index("meaning")
BOTH = VIEWS.index("both")
#: A text that only the meaning reader flags (neither the wording reader nor the blend crosses
#: its threshold) needs the meaning score this far past its threshold, in log-odds. On the
#: studied sets the meaning reader alone was nearly as often a heavy topic in a good message as a
#: violation (50 of 110 messages; docs/meaning-check-history.md, release 12); where views agree,
#: 22 of 828.
LONE_MEANING_MARGIN = 1.5
#: Scores are clipped this far from 0 and 1 before taking log-odds (float32 rounds 1 - 1e-7 to 1).
_LOG_ODDS_EDGE = 1e-6


class HeadsError(ValueError):
    """The heads files are missing or malformed."""


@dataclass(frozen=True)
class ConceptHeads:
    concept_ids: tuple[str, ...]
    hidden_weights: np.ndarray  # (members, dim, hidden)
    hidden_biases: np.ndarray  # (members, hidden)
    weights: np.ndarray  # (members, hidden, concepts)
    biases: np.ndarray  # (members, concepts)
    thresholds: dict[str, np.ndarray]  # sensitivity -> (views, concepts)
    sure: np.ndarray  # (concepts,): a "both" score above this keeps the concept's full severity
    example_vectors: np.ndarray  # (examples, dim), unit length
    example_concepts: np.ndarray  # (examples,) index into concept_ids
    example_texts: tuple[str, ...]
    wording: WordingHeads
    info: dict

    def scores(self, vectors: np.ndarray, rows: Sequence[SparseRow]) -> np.ndarray:
        """Each view's score of each concept for each text, given as its sentence vector and its
        n-gram row: (texts, views, concepts)."""
        meaning = head_scores(vectors, self.hidden_weights, self.hidden_biases, self.weights, self.biases)
        return view_scores(meaning, self.wording.scores(rows))

    def nearest_example(self, vector: np.ndarray, concept_index: int) -> str:
        rows = np.flatnonzero(self.example_concepts == concept_index)
        if rows.size == 0:
            return ""
        similarity = self.example_vectors[rows].astype(np.float32) @ vector
        return self.example_texts[int(rows[int(np.argmax(similarity))])]


def head_scores(
    vectors: np.ndarray, hidden_weights: np.ndarray, hidden_biases: np.ndarray, weights: np.ndarray, biases: np.ndarray
) -> np.ndarray:
    """The members' mean probability per concept; arrays carry the member as their first axis."""
    hidden = np.maximum(vectors[None] @ hidden_weights + hidden_biases[:, None, :], 0.0)
    logits = hidden @ weights + biases[:, None, :]
    return (1.0 / (1.0 + np.exp(-np.clip(logits, -40.0, 40.0)))).mean(axis=0)


def view_scores(meaning: np.ndarray, wording: np.ndarray) -> np.ndarray:
    """(texts, concepts) from each reader -> (texts, views, concepts)."""
    return np.stack([meaning, wording, MEANING_SHARE * meaning + (1.0 - MEANING_SHARE) * wording], axis=1)


def crosses(scores: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Where a view's score reaches its threshold; a threshold of 1 (or more) is a view turned off."""
    return (scores >= thresholds) & (thresholds < 1.0)


def log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), _LOG_ODDS_EDGE, 1.0 - _LOG_ODDS_EDGE)
    return np.log(p / (1.0 - p))


def fires(scores: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Which texts a concept flags, from their (texts, views) scores and the (views,) thresholds.

    Any view that crosses flags the text, except the meaning reader on its own: then its score
    must clear the threshold by `LONE_MEANING_MARGIN` in log-odds.
    """
    crossed = crosses(scores, thresholds)
    lone_meaning = crossed[:, MEANING] & (crossed.sum(axis=1) == 1)
    clear = log_odds(scores[:, MEANING]) >= log_odds(thresholds[MEANING]) + LONE_MEANING_MARGIN
    return crossed.any(axis=1) & (~lone_meaning | clear)


def heads_dir() -> Path:
    return resource_path("semantic")


def save_heads(heads: ConceptHeads, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        folder / HEADS_ARRAYS,
        hidden_weights=heads.hidden_weights.astype(np.float32),
        hidden_biases=heads.hidden_biases.astype(np.float32),
        weights=heads.weights.astype(np.float32),
        biases=heads.biases.astype(np.float32),
        sure=heads.sure.astype(np.float32),
        example_vectors=heads.example_vectors.astype(np.float16),
        example_concepts=heads.example_concepts.astype(np.int16),
        wording_slots=heads.wording.slots.astype(np.int32),
        wording_weights=heads.wording.weights.astype(np.float32),
        **{f"threshold_{name}": heads.thresholds[name].astype(np.float32) for name in SENSITIVITIES},
    )
    meta = {
        "concepts": list(heads.concept_ids),
        "example_texts": list(heads.example_texts),
        "info": heads.info,
    }
    (folder / HEADS_JSON).write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def load_heads(folder: Path | None = None) -> ConceptHeads:
    folder = folder or heads_dir()
    try:
        meta = json.loads((folder / HEADS_JSON).read_text(encoding="utf-8"))
        with np.load(folder / HEADS_ARRAYS, allow_pickle=False) as arrays:
            data = {name: np.array(arrays[name]) for name in arrays.files}
        concept_ids = tuple(str(c) for c in meta["concepts"])
        heads = ConceptHeads(
            concept_ids=concept_ids,
            hidden_weights=data["hidden_weights"].astype(np.float32),
            hidden_biases=data["hidden_biases"].astype(np.float32),
            weights=data["weights"].astype(np.float32),
            biases=data["biases"].astype(np.float32),
            thresholds={name: data[f"threshold_{name}"].astype(np.float32) for name in SENSITIVITIES},
            sure=data["sure"].astype(np.float32),
            example_vectors=data["example_vectors"],
            example_concepts=data["example_concepts"].astype(np.int64),
            example_texts=tuple(str(t) for t in meta["example_texts"]),
            wording=WordingHeads(data["wording_slots"].astype(np.int64), data["wording_weights"].astype(np.float32)),
            info=dict(meta.get("info", {})),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise HeadsError(f"the concept heads in {folder} cannot be read ({error})") from error
    count = len(concept_ids)
    members, _, hidden = heads.hidden_weights.shape if heads.hidden_weights.ndim == 3 else (-1, -1, -1)
    if (
        any(t.shape != (len(VIEWS), count) for t in heads.thresholds.values())
        or heads.sure.shape != (count,)
        or heads.weights.shape != (members, hidden, count)
        or heads.biases.shape != (members, count)
        or heads.hidden_biases.shape != (members, hidden)
    ):
        raise HeadsError(f"the concept heads in {folder} do not match their concept list")
    slots = heads.wording.slots
    if (
        heads.wording.weights.shape != (len(slots), count)
        or len(slots) == 0
        or slots[0] != BIAS_SLOT
        or np.any(np.diff(slots) <= 0)
        or slots[-1] >= SLOTS
    ):
        raise HeadsError(f"the wording weights in {folder} do not match their concept list")
    if len(heads.example_texts) != heads.example_vectors.shape[0]:
        raise HeadsError(f"the example texts in {folder} do not match their vectors")
    return heads
