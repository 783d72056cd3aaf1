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
3. Thresholds per concept and sensitivity: the same false-alarm quantile for every concept, the
   largest one whose combined out-of-fold false-alarm rate on acceptable items stays within the
   sensitivity's target (low 2 %, standard 4 %, high 8 %).
4. Final heads: L2-regularised logistic regression per concept, fitted by Newton's method on all
   training items, classes balanced.
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
from tap_assistant.semantic.heads import SENSITIVITIES, ConceptHeads, load_heads, save_heads
from tap_assistant.semantic.segments import MIN_WORDS, split_units

FOLDS = 5
L2 = 1.0
NEWTON_STEPS = 25
#: Combined out-of-fold false-alarm rate on acceptable training items, per sensitivity.
FALSE_ALARM_TARGET = {"low": 0.02, "standard": 0.04, "high": 0.08}
#: A finding keeps its full severity from the score where out-of-fold precision reaches this.
SURE_PRECISION = 0.97
EXAMPLE_MAX_CHARS = 200
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


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """Balanced, L2-regularised logistic regression by Newton's method (float64, deterministic)."""
    x64 = np.hstack([x.astype(np.float64), np.ones((x.shape[0], 1))])
    y64 = y.astype(np.float64)
    positives = max(y64.sum(), 1.0)
    negatives = max(len(y64) - y64.sum(), 1.0)
    weight = np.where(y64 > 0, len(y64) / (2 * positives), len(y64) / (2 * negatives))
    penalty = np.full(x64.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not regularised
    w = np.zeros(x64.shape[1])
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-np.clip(x64 @ w, -40, 40)))
        gradient = x64.T @ (weight * (p - y64)) + penalty * w
        curvature = weight * p * (1 - p)
        hessian = (x64 * curvature[:, None]).T @ x64 + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-7:
            break
    return w[:-1].astype(np.float32), float(w[-1])


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


def message_scores(heads_w: np.ndarray, heads_b: np.ndarray, embedded: EmbeddedItems, indices: Sequence[int]) -> np.ndarray:
    """Best candidate score per concept for each item: (items, concepts)."""
    out = np.zeros((len(indices), heads_w.shape[0]), dtype=np.float32)
    for row, index in enumerate(indices):
        logits = candidate_vectors(embedded, index) @ heads_w.T + heads_b
        out[row] = (1.0 / (1.0 + np.exp(-np.clip(logits, -40, 40)))).max(axis=0)
    return out


def fit_all(x: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    weights, biases = [], []
    for column in range(labels.shape[1]):
        w, b = fit_logistic(x, labels[:, column])
        weights.append(w)
        biases.append(b)
    return np.stack(weights), np.array(biases, dtype=np.float32)


def out_of_fold_scores(items: list[CorpusItem], embedded: EmbeddedItems, concept_ids: Sequence[str]) -> np.ndarray:
    scores = np.zeros((len(items), len(concept_ids)), dtype=np.float32)
    folds = np.array([fold_of(item.family) for item in items])
    for fold in range(FOLDS):
        train = [i for i in range(len(items)) if folds[i] != fold]
        held = [i for i in range(len(items)) if folds[i] == fold]
        x, labels = training_matrix(items, embedded, train, concept_ids)
        w, b = fit_all(x, labels)
        scores[held] = message_scores(w, b, embedded, held)
    return scores


def choose_thresholds(scores: np.ndarray, items: list[CorpusItem], target: float) -> np.ndarray:
    """One false-alarm quantile for all concepts, the loosest that meets `target` overall."""
    acceptable = np.array([not item.concepts for item in items])
    negative_scores = scores[acceptable]
    best = np.quantile(negative_scores, 1.0, axis=0) + 1e-6
    for quantile in np.linspace(0.999, 0.90, 100):
        thresholds = np.quantile(negative_scores, quantile, axis=0) + 1e-6
        thresholds = np.maximum(thresholds, 0.5)
        false_alarms = (negative_scores >= thresholds).any(axis=1).mean()
        if false_alarms > target:
            break
        best = thresholds
    return np.minimum(best, 0.999).astype(np.float32)


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
    progress(f"cross-validating ({FOLDS} folds by paraphrase family) ...")
    oof = out_of_fold_scores(items, embedded, concept_ids)
    thresholds = {name: choose_thresholds(oof, items, FALSE_ALARM_TARGET[name]) for name in SENSITIVITIES}
    sure = choose_sure(oof, items, thresholds["standard"])
    progress("fitting the final heads ...")
    x, labels = training_matrix(items, embedded, range(len(items)), concept_ids)
    weights, biases = fit_all(x, labels)
    examples = [
        (i, column)
        for i, item in enumerate(items)
        for column, concept in enumerate(concept_ids)
        if concept in item.concepts and len(item.text) <= EXAMPLE_MAX_CHARS
    ]
    info = {
        "corpus_items": len(items),
        "corpus_sha256": corpus_digest(items),
        "l2": L2,
        "folds": FOLDS,
        "false_alarm_target": FALSE_ALARM_TARGET,
        "cross_validation": {
            name: recall_table(oof, items, concept_ids, thresholds[name]) for name in SENSITIVITIES
        },
    }
    return ConceptHeads(
        concept_ids=tuple(concept_ids),
        weights=weights,
        biases=biases,
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
    scores = message_scores(heads.weights, heads.biases, embedded, range(len(items)))
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


def heads_match(fresh: ConceptHeads, shipped: ConceptHeads, atol: float = 2e-3) -> bool:
    if fresh.concept_ids != shipped.concept_ids or fresh.info.get("corpus_sha256") != shipped.info.get("corpus_sha256"):
        return False
    pairs = [(fresh.weights, shipped.weights), (fresh.biases, shipped.biases), (fresh.sure, shipped.sure)]
    pairs += [(fresh.thresholds[n], shipped.thresholds[n]) for n in SENSITIVITIES]
    return all(a.shape == b.shape and np.allclose(a, b, atol=atol) for a, b in pairs)


if __name__ == "__main__":
    raise SystemExit(main())
