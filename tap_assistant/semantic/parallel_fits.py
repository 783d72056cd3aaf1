"""The six fits of a training run (five cross-validation folds and the final heads) in parallel
processes.

Each fit is deterministic and independent of the others (fixed seeds, float64, BLAS on one
thread in every process, as in the encoder's process), so running them in worker processes gives
the same numbers as running them one after another; it only takes less time on a machine with
more than one core. Workers are started with "spawn", never "fork": the test process may hold
Qt's and the encoder's threads, and a forked copy of those is not safe.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Sequence

import numpy as np

from tap_assistant.semantic.encoder import one_blas_thread
from tap_assistant.semantic.fitting import FittedHeads

if TYPE_CHECKING:
    from tap_assistant.semantic.training import CorpusItem, EmbeddedItems

#: More than this many workers gains little (six fits) and costs a copy of the embeddings each.
MAX_WORKERS = 3

_shared: tuple = ()


def _receive(items: list[CorpusItem], embedded: EmbeddedItems, concept_ids: Sequence[str]) -> None:
    global _shared
    one_blas_thread()
    _shared = (items, embedded, list(concept_ids))


def _fit(fold: int | None) -> np.ndarray | FittedHeads:
    """One fold's out-of-fold scores, or (fold None) the final heads on every item."""
    from tap_assistant.semantic.training import fit_fold, fit_on

    items, embedded, concept_ids = _shared
    if fold is None:
        return fit_on(items, embedded, range(len(items)), concept_ids)
    return fit_fold(items, embedded, concept_ids, fold)


def default_workers() -> int:
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def run_fits(
    items: list[CorpusItem], embedded: EmbeddedItems, concept_ids: Sequence[str], workers: int | None = None
) -> tuple[list[np.ndarray], FittedHeads]:
    """(out-of-fold scores per fold, final heads)."""
    from tap_assistant.semantic.training import FOLDS

    tasks: list[int | None] = [*range(FOLDS), None]
    workers = default_workers() if workers is None else workers
    if workers <= 1:
        _receive(items, embedded, concept_ids)
        results = [_fit(task) for task in tasks]
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_receive, initargs=(items, embedded, concept_ids)) as pool:
            # The final fit is the longest: start it first so it does not run alone at the end.
            ordered = [None, *range(FOLDS)]
            done = dict(zip(ordered, pool.map(_fit, ordered)))
        results = [done[task] for task in tasks]
    return list(results[:-1]), results[-1]
