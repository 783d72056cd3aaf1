"""The corpus the heads learn from, its validation and held-out splits, and reproducible training."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from tap_assistant.semantic.concepts import concept_ids, shipped_concepts
from tap_assistant.semantic.examples import run_concept_examples
from tap_assistant.semantic.heads import load_heads
from tap_assistant.semantic.numeric_env import is_pinned
from tap_assistant.semantic.training import (
    NEAR_DUPLICATE,
    corpus_dir,
    embed_items,
    heads_agree,
    heads_match,
    load_corpus,
    train,
)


@pytest.fixture(scope="module")
def train_items():
    return load_corpus(corpus_dir("train"), set(concept_ids()))


@pytest.fixture(scope="module")
def test_items():
    return load_corpus(corpus_dir("test"), set(concept_ids()))


@pytest.fixture(scope="module")
def validation_items():
    return load_corpus(corpus_dir("validation"), set(concept_ids()))


def test_corpus_size_balance_and_writers(train_items, test_items, validation_items) -> None:
    assert len(train_items) >= 4000 and len(test_items) >= 600 and len(validation_items) >= 400
    for items in (train_items, test_items, validation_items):
        assert sum(not i.concepts for i in items) / len(items) >= 0.40
        counts = Counter(c for i in items for c in i.concepts)
        assert set(counts) == set(concept_ids()) and min(counts.values()) >= 15
    # The held-out split was written by other writers than the training corpus.
    assert not {i.writer for i in train_items} & {i.writer for i in test_items}


def whole_vectors(embedded) -> np.ndarray:
    """The model's own sentence embedding of each item (last layer, mean of all its tokens)."""
    vectors = np.stack([embedded.unit_sums[r, :384].sum(axis=0) for r in embedded.unit_rows])
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def train_embedded(encoder, train_items):
    """The training corpus embedded once for this module (5-8 minutes on 2 cores)."""
    return embed_items(encoder, [i.text for i in train_items])


@pytest.fixture(scope="module")
def train_vectors(train_embedded) -> np.ndarray:
    return whole_vectors(train_embedded)


@pytest.mark.timeout(1200)  # the first one embeds the whole training corpus (21,524 items): 5-8 minutes on 2 cores
@pytest.mark.parametrize("split", ["test", "validation", "probes"])
def test_no_held_out_item_is_a_near_copy_of_a_training_item(encoder, train_items, train_vectors, split) -> None:
    held_out = load_corpus(corpus_dir(split), set(concept_ids()))
    similarity = whole_vectors(embed_items(encoder, [i.text for i in held_out])) @ train_vectors.T
    worst = np.unravel_index(np.argmax(similarity), similarity.shape)
    assert similarity.max() <= NEAR_DUPLICATE, (held_out[worst[0]].text, train_items[worst[1]].text)


def test_concept_examples_pass_with_the_shipped_heads(semantic_checker) -> None:
    count, failures = run_concept_examples(semantic_checker, shipped_concepts())
    assert count >= 4 * len(shipped_concepts())
    assert not failures, "\n".join(map(str, failures))


@pytest.mark.slow
@pytest.mark.timeout(3600)  # fits 18 networks and 6 wording heads in up to 3 processes: 10-20 minutes on 2 cores
def test_retraining_gives_the_shipped_heads(encoder, train_items, train_embedded, validation_items) -> None:
    assert is_pinned(), "run the suite through scripts/test.sh: the shipped heads are reproducible only with the fixed kernels of semantic/numeric_env.py"
    fresh, shipped = train(encoder, train_items, embedded=train_embedded), load_heads()
    if heads_match(fresh, shipped):
        return
    # Another CPU's BLAS: the weights drift, the verdicts must not (see `training.heads_agree`).
    embedded = embed_items(encoder, [item.text for item in validation_items])
    assert heads_agree(fresh, shipped, embedded, range(len(validation_items)))
