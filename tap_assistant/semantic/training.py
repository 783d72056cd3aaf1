"""Training the concept heads from the project's corpus, deterministically.

    python -m tap_assistant.semantic.training            # retrain, write resources/semantic/heads.*
    python -m tap_assistant.semantic.training --check    # retrain in memory, compare with the shipped heads

Steps, each deterministic for the same corpus and model files:

1. Load `resources/semantic/corpus/train/*.jsonl` (never the `test/` split, never the shared
   eval sets) and embed every item the way the checker embeds a draft: sentences encoded once,
   token sums added up (`checker.py`). Every sentence of an acceptable message is also an
   acceptable example on its own, so greetings, signatures and logistics teach the heads what is
   ordinary.
2. Five-fold cross-validation with paraphrase families kept in one fold (fold = hash of the
   family id). Out-of-fold, each item is scored the way a draft is (every sentence, pair and the
   whole; the best score counts), which is what thresholds must be chosen on.
3. Thresholds per concept and sensitivity, chosen greedily for the most out-of-fold recall while
   the false-alarm rate on long acceptable messages (four acceptable items together, as an email
   of several paragraphs is) stays within the sensitivity's target (low 3 %, standard 5 %, high 10 %).
4. Final heads (heads.py): three networks of a shared ReLU layer and one logistic output per
   concept, fitted with Adam from fixed seeds on all training items, classes balanced per
   concept, averaged.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from tap_assistant.resources import resource_path
from tap_assistant.semantic.concepts import shipped_concepts
from tap_assistant.semantic.encoder import SentenceEncoder, features
from tap_assistant.semantic.heads import SENSITIVITIES, ConceptHeads, head_scores, load_heads, save_heads
from tap_assistant.semantic.segments import MIN_WORDS, split_units

FOLDS = 5
SEED = 20261129
MEMBERS = 3
HIDDEN = 256
EPOCHS = 20
BATCH = 64
LEARNING_RATE = 3e-3
WEIGHT_DECAY = 1e-4
#: No threshold goes below this score, whatever the false-alarm budget allows.
MIN_THRESHOLD = 0.3
#: Combined out-of-fold false-alarm rate on long acceptable messages, per sensitivity.
FALSE_ALARM_TARGET = {"low": 0.03, "standard": 0.05, "high": 0.10}
#: Made-up long acceptable messages for the false-alarm budget: how many, of how many items.
LONG_MESSAGES = 4000
LONG_MESSAGE_PARTS = 4
#: A finding keeps its full severity from the score where out-of-fold precision reaches this.
SURE_PRECISION = 0.97
EXAMPLE_MAX_CHARS = 200
#: Two corpus items closer than this (cosine) are near duplicates; the corpus must have none.
NEAR_DUPLICATE = 0.95
#: How many lower threshold steps per concept the greedy search looks at in each round.
LOOKAHEAD = 8
WHOLE_MAX_UNITS = 12


@dataclass(frozen=True)
class CorpusItem:
    text: str
    concepts: tuple[str, ...]
    reader: str
    writer: str
    channel: str
    family: str
    origin: str  # file:line


class CorpusError(ValueError):
    pass


def corpus_dir(split: str) -> Path:
    return resource_path("semantic", "corpus", split)


def load_corpus(folder: Path, known: set[str] | None = None) -> list[CorpusItem]:
    items: list[CorpusItem] = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                raw = json.loads(line)
                concepts = tuple(sorted(set(raw["concepts"])))
                item = CorpusItem(
                    text=str(raw["text"]),
                    concepts=concepts,
                    reader=str(raw.get("reader", "")),
                    writer=str(raw.get("writer", "")),
                    channel=str(raw.get("channel", "")),
                    family=str(raw.get("family") or where),
                    origin=where,
                )
            except (ValueError, KeyError, TypeError) as error:
                raise CorpusError(f"{where}: not a corpus item ({error})") from error
            if known is not None and not set(concepts) <= known:
                raise CorpusError(f"{where}: unknown concept(s) {sorted(set(concepts) - known)}")
            if item.text.strip():
                items.append(item)
    return items


@dataclass
class EmbeddedItems:
    """Per item: the unit token sums (rows `unit_rows[i]` of `unit_sums`) and the whole vector."""

    unit_sums: np.ndarray
    unit_rows: list[list[int]]
    unit_words: list[list[int]]
    vectors: np.ndarray  # one normalised vector per item (all its units together)


def embed_items(encoder: SentenceEncoder, texts: Sequence[str]) -> EmbeddedItems:
    unit_texts: list[str] = []
    rows: list[list[int]] = []
    words: list[list[int]] = []
    for text in texts:
        units = split_units(text) or []
        pieces = [u.text for u in units] or [text]
        rows.append(list(range(len(unit_texts), len(unit_texts) + len(pieces))))
        words.append([u.words for u in units] or [MIN_WORDS])
        unit_texts.extend(pieces)
    sums = encoder.token_sums(unit_texts)
    vectors = features(np.stack([sums[r].sum(axis=0) for r in rows]))
    return EmbeddedItems(sums, rows, words, vectors)


def near_duplicates(embedded: EmbeddedItems, limit: float = NEAR_DUPLICATE) -> list[tuple[int, int, float]]:
    """Pairs of items whose sentence embeddings (the model's own) have cosine above `limit`."""
    half = embedded.unit_sums.shape[1] // 2
    whole = np.stack([embedded.unit_sums[rows, :half].sum(axis=0) for rows in embedded.unit_rows])
    whole = whole / np.maximum(np.linalg.norm(whole, axis=1, keepdims=True), 1e-12)
    pairs = []
    for begin in range(0, len(whole), 1024):
        block = whole[begin : begin + 1024] @ whole.T
        for i, j in zip(*np.nonzero(block > limit)):
            if begin + i < j:
                pairs.append((int(begin + i), int(j), float(block[i, j])))
    return pairs


def candidate_vectors(embedded: EmbeddedItems, index: int) -> np.ndarray:
    """What the checker scores for item `index`: each sentence, each pair, the whole if short."""
    rows = embedded.unit_rows[index]
    words = embedded.unit_words[index]
    sums = embedded.unit_sums[rows]
    parts = [sums[i] for i in range(len(rows)) if words[i] >= MIN_WORDS]
    parts += [sums[i] + sums[i + 1] for i in range(len(rows) - 1)]
    if 2 < len(rows) <= WHOLE_MAX_UNITS:
        parts.append(sums.sum(axis=0))
    if not parts:
        parts = [sums.sum(axis=0)]
    return features(np.stack(parts))


@dataclass(frozen=True)
class HeadWeights:
    hidden_weights: np.ndarray
    hidden_biases: np.ndarray
    weights: np.ndarray
    biases: np.ndarray

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        return head_scores(vectors, self.hidden_weights, self.hidden_biases, self.weights, self.biases)


def fit_heads(x: np.ndarray, labels: np.ndarray) -> HeadWeights:
    """`MEMBERS` networks from consecutive seeds, stacked on a leading axis (averaged when scored)."""
    members = [fit_network(x, labels, SEED + k) for k in range(MEMBERS)]
    return HeadWeights(*(np.stack(parts) for parts in zip(*members)))


def fit_network(x: np.ndarray, labels: np.ndarray, seed: int) -> tuple[np.ndarray, ...]:
    """One shared ReLU layer, one logistic output per concept; Adam, classes balanced per concept.

    float64 and a fixed seed and batch order, so the same corpus gives the same heads.
    """
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
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    share = y.mean(axis=0)
    positive_weight = 0.5 / np.maximum(share, 1e-3)
    negative_weight = 0.5 / np.maximum(1.0 - share, 1e-3)
    step = 0
    for _ in range(EPOCHS):
        order = rng.permutation(count)
        for begin in range(0, count, BATCH):
            rows = order[begin : begin + BATCH]
            xb, yb = x[rows], y[rows]
            pre = xb @ params[0] + params[1]
            hidden = np.maximum(pre, 0.0)
            p = 1.0 / (1.0 + np.exp(-np.clip(hidden @ params[2] + params[3], -40, 40)))
            error = (p - yb) * (yb * positive_weight + (1.0 - yb) * negative_weight) / len(rows)
            back = error @ params[2].T
            back[pre <= 0] = 0.0
            grads = [xb.T @ back, back.sum(axis=0), hidden.T @ error, error.sum(axis=0)]
            step += 1
            for k, grad in enumerate(grads):
                grad = grad + WEIGHT_DECAY * params[k]
                first[k] = 0.9 * first[k] + 0.1 * grad
                second[k] = 0.999 * second[k] + 0.001 * grad * grad
                corrected = first[k] / (1 - 0.9**step)
                params[k] -= LEARNING_RATE * corrected / (np.sqrt(second[k] / (1 - 0.999**step)) + 1e-8)
    return tuple(p.astype(np.float32) for p in params)


def training_matrix(
    items: list[CorpusItem], embedded: EmbeddedItems, chosen: Sequence[int], concept_ids: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Rows: every chosen item as a whole, plus each sentence of chosen acceptable messages."""
    vectors = [embedded.vectors[i] for i in chosen]
    labels = [[c in items[i].concepts for c in concept_ids] for i in chosen]
    extra_rows = []
    for i in chosen:
        rows = embedded.unit_rows[i]
        if not items[i].concepts and len(rows) > 1:
            extra_rows.extend(r for r, w in zip(rows, embedded.unit_words[i]) if w >= MIN_WORDS)
    if extra_rows:
        vectors.extend(features(embedded.unit_sums[extra_rows]))
        labels.extend([[False] * len(concept_ids)] * len(extra_rows))
    return np.stack(vectors), np.array(labels, dtype=bool)


def fold_of(family: str) -> int:
    return int(hashlib.sha256(family.encode("utf-8")).hexdigest(), 16) % FOLDS


def message_scores(heads: HeadWeights | ConceptHeads, embedded: EmbeddedItems, indices: Sequence[int]) -> np.ndarray:
    """Best candidate score per concept for each item: (items, concepts), as the checker scores."""
    out = np.zeros((len(indices), heads.weights.shape[-1]), dtype=np.float32)
    for row, index in enumerate(indices):
        out[row] = heads.scores(candidate_vectors(embedded, index)).max(axis=0)
    return out


def out_of_fold_scores(items: list[CorpusItem], embedded: EmbeddedItems, concept_ids: Sequence[str]) -> np.ndarray:
    scores = np.zeros((len(items), len(concept_ids)), dtype=np.float32)
    folds = np.array([fold_of(item.family) for item in items])
    for fold in range(FOLDS):
        train = [i for i in range(len(items)) if folds[i] != fold]
        held = [i for i in range(len(items)) if folds[i] == fold]
        x, labels = training_matrix(items, embedded, train, concept_ids)
        scores[held] = message_scores(fit_heads(x, labels), embedded, held)
    return scores


def long_message_scores(scores: np.ndarray, items: list[CorpusItem], count: int = LONG_MESSAGES) -> np.ndarray:
    """Out-of-fold scores of made-up long acceptable messages: several acceptable items together.

    Real messages are longer than most corpus items, and every sentence is one more chance of a
    false alarm; a message's score for a concept is the best of its parts, so the best of the
    chosen items' scores stands in for it. The draw is seeded, so thresholds are reproducible.
    """
    rng = np.random.default_rng(SEED)
    acceptable = np.flatnonzero([not item.concepts for item in items])
    picks = rng.choice(acceptable, size=(count, LONG_MESSAGE_PARTS))
    return scores[picks].max(axis=1)


def choose_thresholds(scores: np.ndarray, items: list[CorpusItem], target: float) -> np.ndarray:
    """Per-concept thresholds that catch the most violations within a false-alarm budget.

    Greedy: start with every concept silent; repeatedly lower the one threshold whose next step
    buys the most recall per false alarm added (out-of-fold), while the share of made-up long
    acceptable messages (`long_message_scores`) with any finding stays within `target`.
    """
    acceptable = np.array([not item.concepts for item in items])
    violations = scores[~acceptable]
    scores = np.vstack([violations, long_message_scores(scores, items)])
    acceptable = np.arange(len(scores)) >= len(violations)
    concepts = scores.shape[1]
    thresholds = np.ones(concepts, dtype=np.float64)
    levels = [
        np.unique(np.quantile(scores[:, c], np.linspace(0.5, 1.0, 201)))[::-1] for c in range(concepts)
    ]
    levels = [lv[(lv >= MIN_THRESHOLD) & (lv < 1.0)] for lv in levels]
    negatives, positives = max(int(acceptable.sum()), 1), max(int((~acceptable).sum()), 1)
    fired = np.zeros(len(scores), dtype=bool)  # messages some concept already flags
    alarms = 0.0
    while True:
        best: tuple[float, int, float] | None = None
        for c in range(concepts):
            for level in levels[c][levels[c] < thresholds[c]][:LOOKAHEAD]:
                newly = (scores[:, c] >= level) & ~fired
                added_alarms = np.count_nonzero(newly & acceptable) / negatives
                if alarms + added_alarms > target:
                    break
                gain = np.count_nonzero(newly & ~acceptable) / positives
                if gain > 0:
                    ratio = gain / (added_alarms + 1e-4)
                    if best is None or ratio > best[0]:
                        best = (ratio, c, float(level))
        if best is None:
            break
        _, c, level = best
        thresholds[c] = level
        fired |= scores[:, c] >= level
        alarms = np.count_nonzero(fired & acceptable) / negatives
    return thresholds.astype(np.float32)


def choose_sure(scores: np.ndarray, items: list[CorpusItem], thresholds: np.ndarray) -> np.ndarray:
    violation = np.array([bool(item.concepts) for item in items])
    sure = []
    for column in range(scores.shape[1]):
        level = 0.99
        for candidate in np.linspace(float(thresholds[column]), 0.99, 60):
            flagged = scores[:, column] >= candidate
            if flagged.sum() >= 5 and violation[flagged].mean() >= SURE_PRECISION:
                level = float(candidate)
                break
        sure.append(level)
    return np.array(sure, dtype=np.float32)


def recall_table(scores: np.ndarray, items: list[CorpusItem], concept_ids: Sequence[str], thresholds: np.ndarray) -> dict:
    flagged = scores >= thresholds
    table = {}
    for column, concept in enumerate(concept_ids):
        rows = [i for i, item in enumerate(items) if concept in item.concepts]
        table[concept] = {
            "items": len(rows),
            "recall": round(float(flagged[rows, column].mean()), 3) if rows else None,
        }
    violations = [i for i, item in enumerate(items) if item.concepts]
    acceptable = [i for i, item in enumerate(items) if not item.concepts]
    table["any"] = {
        "violations": len(violations),
        "recall": round(float(flagged[violations].any(axis=1).mean()), 3) if violations else None,
        "acceptable": len(acceptable),
        "false_alarms": round(float(flagged[acceptable].any(axis=1).mean()), 3) if acceptable else None,
    }
    return table


def train(encoder: SentenceEncoder, items: list[CorpusItem], progress=lambda m: None) -> ConceptHeads:
    concept_ids = [c.id for c in shipped_concepts()]
    progress(f"embedding {len(items)} items ...")
    embedded = embed_items(encoder, [item.text for item in items])
    duplicates = near_duplicates(embedded)
    if duplicates:
        listed = "; ".join(f"{items[i].origin} ~ {items[j].origin} ({s:.3f})" for i, j, s in duplicates[:20])
        raise CorpusError(f"{len(duplicates)} near-duplicate pair(s) in the corpus: {listed}")
    progress(f"cross-validating ({FOLDS} folds by paraphrase family) ...")
    oof = out_of_fold_scores(items, embedded, concept_ids)
    thresholds = {name: choose_thresholds(oof, items, FALSE_ALARM_TARGET[name]) for name in SENSITIVITIES}
    sure = choose_sure(oof, items, thresholds["standard"])
    progress("fitting the final heads ...")
    x, labels = training_matrix(items, embedded, range(len(items)), concept_ids)
    fitted = fit_heads(x, labels)
    examples = [
        (i, column)
        for i, item in enumerate(items)
        for column, concept in enumerate(concept_ids)
        if concept in item.concepts and len(item.text) <= EXAMPLE_MAX_CHARS
    ]
    info = {
        "corpus_items": len(items),
        "corpus_sha256": corpus_digest(items),
        "head": {"members": MEMBERS, "hidden": HIDDEN, "epochs": EPOCHS, "batch": BATCH, "learning_rate": LEARNING_RATE,
                 "weight_decay": WEIGHT_DECAY, "seed": SEED},
        "folds": FOLDS,
        "false_alarm_target": FALSE_ALARM_TARGET,
        "cross_validation": {
            name: {
                **recall_table(oof, items, concept_ids, thresholds[name]),
                "long_message_false_alarms": round(
                    float((long_message_scores(oof, items) >= thresholds[name]).any(axis=1).mean()), 3
                ),
            }
            for name in SENSITIVITIES
        },
    }
    return ConceptHeads(
        concept_ids=tuple(concept_ids),
        hidden_weights=fitted.hidden_weights,
        hidden_biases=fitted.hidden_biases,
        weights=fitted.weights,
        biases=fitted.biases,
        thresholds=thresholds,
        sure=sure,
        example_vectors=embedded.vectors[[i for i, _ in examples]].astype(np.float16),
        example_concepts=np.array([column for _, column in examples], dtype=np.int64),
        example_texts=tuple(items[i].text for i, _ in examples),
        info=info,
    )


def corpus_digest(items: Sequence[CorpusItem]) -> str:
    digest = hashlib.sha256()
    for item in items:
        digest.update(json.dumps([item.text, item.concepts, item.family]).encode("utf-8"))
    return digest.hexdigest()


def evaluate(heads: ConceptHeads, encoder: SentenceEncoder, items: list[CorpusItem], sensitivity: str = "standard") -> dict:
    embedded = embed_items(encoder, [item.text for item in items])
    scores = message_scores(heads, embedded, range(len(items)))
    return recall_table(scores, items, heads.concept_ids, heads.thresholds[sensitivity])


def _encoder() -> SentenceEncoder:
    from tap_assistant.semantic.model_files import find_model_dir, inspect_model

    choice = find_model_dir()
    files = inspect_model(choice.path, verify=True)
    if not files.complete:
        raise SystemExit(f"model: {files.problem}")
    return SentenceEncoder(choice.path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tap_assistant.semantic.training")
    parser.add_argument("--check", action="store_true", help="compare a fresh training with the shipped heads")
    parser.add_argument("--out", type=Path, help="folder to write the heads to (default: resources/semantic)")
    parser.add_argument(
        "--report-test",
        action="store_true",
        help="only score the shipped heads on the held-out test split (nothing is trained or tuned)",
    )
    args = parser.parse_args(argv)
    encoder = _encoder()
    known = {c.id for c in shipped_concepts()}
    if args.report_test:
        test_items = load_corpus(corpus_dir("test"), known)
        report = {name: evaluate(load_heads(), encoder, test_items, name) for name in SENSITIVITIES}
        print(json.dumps(report, indent=1))
        return 0
    items = load_corpus(corpus_dir("train"), known)
    heads = train(encoder, items, progress=lambda m: print(m, file=sys.stderr))
    if args.check:
        shipped = load_heads()
        same = heads_match(heads, shipped)
        print("shipped heads match a fresh training" if same else "shipped heads differ from a fresh training")
        return 0 if same else 1
    save_heads(heads, args.out or resource_path("semantic"))
    print(json.dumps(heads.info["cross_validation"]["standard"], indent=1))
    return 0


def heads_match(fresh: ConceptHeads, shipped: ConceptHeads, atol: float = 2e-3, threshold_atol: float = 2e-2) -> bool:
    """Same corpus, same weights (to `atol`) and thresholds (to `threshold_atol`: a threshold is
    a quantile level picked greedily, so rounding in another BLAS build may move it one step)."""
    if fresh.concept_ids != shipped.concept_ids or fresh.info.get("corpus_sha256") != shipped.info.get("corpus_sha256"):
        return False
    levels = [(fresh.sure, shipped.sure)] + [(fresh.thresholds[n], shipped.thresholds[n]) for n in SENSITIVITIES]
    if not all(a.shape == b.shape and np.allclose(a, b, atol=threshold_atol) for a, b in levels):
        return False
    pairs = [
        (fresh.hidden_weights, shipped.hidden_weights),
        (fresh.hidden_biases, shipped.hidden_biases),
        (fresh.weights, shipped.weights),
        (fresh.biases, shipped.biases),
    ]
    return all(a.shape == b.shape and np.allclose(a, b, atol=atol) for a, b in pairs)


if __name__ == "__main__":
    raise SystemExit(main())
