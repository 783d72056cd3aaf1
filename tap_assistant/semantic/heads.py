"""The trained concept heads: one logistic output per concept over a small shared hidden layer.

The sentence vectors are frozen (the encoder is never trained); on top of them one hidden layer
(ReLU) is shared by all concepts and each concept has its own logistic output. Three such
networks, trained from different seeds, are averaged. Cross-validation on the training corpus
chose this: at the same false-alarm rate one network caught 0.78 of the violations where one
plain logistic regression per concept caught 0.73, and averaging three lifted a single
network's 0.55 to 0.58 at the strict long-message budget (see training.py).

Stored data-only, never pickled: `resources/semantic/heads.npz` holds the arrays (weights,
biases, the nearest-example vectors) and is read with `allow_pickle=False`; `heads.json` holds
the concept order, thresholds per sensitivity, the example texts and how the heads were trained
(`training.py` writes both; `tests/unit/semantic/test_training.py` checks that retraining gives
the shipped numbers).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tap_assistant.resources import resource_path

SENSITIVITIES = ("low", "standard", "high")
HEADS_JSON = "heads.json"
HEADS_ARRAYS = "heads.npz"


class HeadsError(ValueError):
    """The heads files are missing or malformed."""


@dataclass(frozen=True)
class ConceptHeads:
    concept_ids: tuple[str, ...]
    hidden_weights: np.ndarray  # (members, dim, hidden)
    hidden_biases: np.ndarray  # (members, hidden)
    weights: np.ndarray  # (members, hidden, concepts)
    biases: np.ndarray  # (members, concepts)
    thresholds: dict[str, np.ndarray]  # sensitivity -> (concepts,)
    sure: np.ndarray  # (concepts,): above this a finding keeps the concept's full severity
    example_vectors: np.ndarray  # (examples, dim), unit length
    example_concepts: np.ndarray  # (examples,) index into concept_ids
    example_texts: tuple[str, ...]
    info: dict

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """Probability of each concept for each vector: (vectors, concepts)."""
        return head_scores(vectors, self.hidden_weights, self.hidden_biases, self.weights, self.biases)

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
            info=dict(meta.get("info", {})),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise HeadsError(f"the concept heads in {folder} cannot be read ({error})") from error
    count = len(concept_ids)
    members, _, hidden = heads.hidden_weights.shape if heads.hidden_weights.ndim == 3 else (-1, -1, -1)
    if (
        heads.weights.shape != (members, hidden, count)
        or heads.biases.shape != (members, count)
        or heads.hidden_biases.shape != (members, hidden)
    ):
        raise HeadsError(f"the concept heads in {folder} do not match their concept list")
    if len(heads.example_texts) != heads.example_vectors.shape[0]:
        raise HeadsError(f"the example texts in {folder} do not match their vectors")
    return heads
