"""The six fits of a training run give the same numbers in worker processes as in one process."""

from __future__ import annotations

import numpy as np
import pytest

from tap_assistant.semantic.concepts import concept_ids
from tap_assistant.semantic.parallel_fits import run_fits
from tap_assistant.semantic.training import FOLDS, corpus_dir, embed_items, load_corpus


@pytest.fixture(scope="module")
def small_corpus(encoder):
    """A few items of every concept and some acceptable ones, from the training corpus."""
    items = load_corpus(corpus_dir("train"), set(concept_ids()))
    chosen, per_concept = [], {}
    for item in items:
        key = item.concepts[0] if item.concepts else ""
        if per_concept.get(key, 0) < (40 if not key else 6):
            per_concept[key] = per_concept.get(key, 0) + 1
            chosen.append(item)
    return chosen, embed_items(encoder, [i.text for i in chosen])


@pytest.mark.timeout(600)
def test_worker_processes_give_the_same_fits_as_one_process(small_corpus) -> None:
    items, embedded = small_corpus
    ids = list(concept_ids())
    alone_folds, alone_final = run_fits(items, embedded, ids, workers=1)
    shared_folds, shared_final = run_fits(items, embedded, ids, workers=2)
    assert len(alone_folds) == len(shared_folds) == FOLDS
    for alone, shared in zip(alone_folds, shared_folds):
        np.testing.assert_array_equal(alone, shared)
    np.testing.assert_array_equal(alone_final.hidden_weights, shared_final.hidden_weights)
    np.testing.assert_array_equal(alone_final.weights, shared_final.weights)
    np.testing.assert_array_equal(alone_final.wording.weights, shared_final.wording.weights)
    # The fits learned something: the final heads are not their initial zeros.
    assert np.abs(alone_final.weights).max() > 0
