"""Fitting the two readers of the concept heads, deterministically (numpy only, float64, fixed seeds).

- the meaning reader: `MEMBERS` small networks on the frozen sentence vectors (one shared ReLU
  layer, one logistic output per concept), averaged;
- the wording reader: one logistic output per concept on hashed word n-grams (`ngrams.py`).

Both use Adam with classes balanced per concept, so a rare concept weighs as much as a common one.
`training.py` decides what they are fitted on; this module only fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from tap_assistant.semantic.heads import head_scores, view_scores
from tap_assistant.semantic.ngrams import SparseRow, WordingHeads, restrict

SEED = 20261129
MEMBERS = 3
HIDDEN = 256
EPOCHS = 20
BATCH = 64
LEARNING_RATE = 3e-3
WEIGHT_DECAY = 1e-4
WORDING_EPOCHS = 8
WORDING_BATCH = 128
WORDING_LEARNING_RATE = 0.02
WORDING_WEIGHT_DECAY = 1e-4


@dataclass(frozen=True)
class FittedHeads:
    """Both readers as fitted; scores like `ConceptHeads.scores`."""

    hidden_weights: np.ndarray
    hidden_biases: np.ndarray
    weights: np.ndarray
    biases: np.ndarray
    wording: WordingHeads

    def scores(self, vectors: np.ndarray, rows: Sequence[SparseRow]) -> np.ndarray:
        meaning = head_scores(vectors, self.hidden_weights, self.hidden_biases, self.weights, self.biases)
        return view_scores(meaning, self.wording.scores(rows))


def fit_heads(vectors: np.ndarray, rows: Sequence[SparseRow], labels: np.ndarray, known: np.ndarray) -> FittedHeads:
    """Both readers on the same training rows: `vectors[i]` and `rows[i]` are one text, `labels[i]`
    its concepts; the wording reader learns the slots in `known` (`ngrams.vocabulary`)."""
    members = [fit_network(vectors, labels, SEED + k) for k in range(MEMBERS)]
    stacked = [np.stack(parts) for parts in zip(*members)]
    return FittedHeads(*stacked, wording=fit_wording(rows, labels, SEED, known))


def _class_weights(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    share = y.mean(axis=0)
    return 0.5 / np.maximum(share, 1e-3), 0.5 / np.maximum(1.0 - share, 1e-3)


class _Adam:
    def __init__(self, learning_rate: float, decay: float) -> None:
        self.learning_rate, self.decay, self.step = learning_rate, decay, 0

    def update(self, param: np.ndarray, grad: np.ndarray, first: np.ndarray, second: np.ndarray) -> None:
        """In place; the caller advances `step` once per batch. Works on row subsets (fancy-indexed copies)."""
        grad = grad + self.decay * param
        first *= 0.9
        first += 0.1 * grad
        second *= 0.999
        second += 0.001 * grad * grad
        corrected = first / (1 - 0.9**self.step)
        param -= self.learning_rate * corrected / (np.sqrt(second / (1 - 0.999**self.step)) + 1e-8)


def fit_network(x: np.ndarray, labels: np.ndarray, seed: int) -> tuple[np.ndarray, ...]:
    """One shared ReLU layer, one logistic output per concept."""
    rng = np.random.default_rng(seed)
    x = x.astype(np.float64)
    y = labels.astype(np.float64)
    count, dim = x.shape
    params = [
        rng.normal(0.0, np.sqrt(2.0 / dim), (dim, HIDDEN)),
        np.zeros(HIDDEN),
        rng.normal(0.0, np.sqrt(1.0 / HIDDEN), (HIDDEN, y.shape[1])),
        np.zeros(y.shape[1]),
    ]
    adam = _Adam(LEARNING_RATE, WEIGHT_DECAY)
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    positive_weight, negative_weight = _class_weights(y)
    for _ in range(EPOCHS):
        order = rng.permutation(count)
        for begin in range(0, count, BATCH):
            batch = order[begin : begin + BATCH]
            xb, yb = x[batch], y[batch]
            pre = xb @ params[0] + params[1]
            hidden = np.maximum(pre, 0.0)
            p = 1.0 / (1.0 + np.exp(-np.clip(hidden @ params[2] + params[3], -40, 40)))
            error = (p - yb) * (yb * positive_weight + (1.0 - yb) * negative_weight) / len(batch)
            back = error @ params[2].T
            back[pre <= 0] = 0.0
            grads = [xb.T @ back, back.sum(axis=0), hidden.T @ error, error.sum(axis=0)]
            adam.step += 1
            for param, grad, (first, second) in zip(params, grads, moments):
                adam.update(param, grad, first, second)
    return tuple(p.astype(np.float32) for p in params)


def fit_wording(rows: Sequence[SparseRow], labels: np.ndarray, seed: int, known: np.ndarray) -> WordingHeads:
    """Logistic weights per known slot and concept; only the slots a batch touches are updated (lazy Adam)."""
    rng = np.random.default_rng(seed)
    y = labels.astype(np.float64)
    cut = [restrict(row, known) for row in rows]  # positions in `known` stand in for slots
    weights = np.zeros((len(known), y.shape[1]))
    first, second = np.zeros_like(weights), np.zeros_like(weights)
    adam = _Adam(WORDING_LEARNING_RATE, WORDING_WEIGHT_DECAY)
    positive_weight, negative_weight = _class_weights(y)
    for _ in range(WORDING_EPOCHS):
        order = rng.permutation(len(rows))
        for begin in range(0, len(rows), WORDING_BATCH):
            batch = order[begin : begin + WORDING_BATCH]
            slots = np.concatenate([cut[r][0] for r in batch])
            values = np.concatenate([cut[r][1] for r in batch]).astype(np.float64)
            owner = np.repeat(np.arange(len(batch)), [len(cut[r][0]) for r in batch])
            logits = np.zeros((len(batch), y.shape[1]))
            np.add.at(logits, owner, weights[slots] * values[:, None])
            p = 1.0 / (1.0 + np.exp(-np.clip(logits, -40, 40)))
            yb = y[batch]
            error = (p - yb) * (yb * positive_weight + (1.0 - yb) * negative_weight) / len(batch)
            touched, position = np.unique(slots, return_inverse=True)
            grad = np.zeros((len(touched), y.shape[1]))
            np.add.at(grad, position, values[:, None] * error[owner])
            adam.step += 1
            param, m, v = weights[touched], first[touched], second[touched]
            adam.update(param, grad, m, v)
            weights[touched], first[touched], second[touched] = param, m, v
    return WordingHeads(known.astype(np.int64), weights.astype(np.float32))
