from __future__ import annotations

import numpy as np

from tap_assistant.semantic.fitting import fit_wording
from tap_assistant.semantic.ngrams import combine, sentence_bag, vocabulary

SECRET = ["keep this between us", "don't tell your parents about this", "our little secret ok",
          "no need to mention it at home", "just between you and me"]
ORDINARY = ["practice is at 3:30 in the gym", "please return the permission slip", "the bus leaves at noon",
            "great work on the lab report", "grades are posted in the portal", "see you at the concert",
            "bring a water bottle tomorrow", "the library is open until five"]


def rows_and_labels():
    texts = SECRET + ORDINARY
    rows = [combine([sentence_bag(t)]) for t in texts]
    labels = np.array([[t in SECRET] for t in texts], dtype=bool)
    return rows, labels, vocabulary([[sentence_bag(t)] for t in texts], min_texts=1)


def test_the_wording_reader_learns_its_examples_and_is_deterministic() -> None:
    rows, labels, known = rows_and_labels()
    heads = fit_wording(rows, labels, 7, known)
    scores = heads.scores(rows)[:, 0]
    assert scores[: len(SECRET)].min() > scores[len(SECRET) :].max()
    again = fit_wording(rows, labels, 7, known)
    assert np.array_equal(heads.slots, again.slots) and np.array_equal(heads.weights, again.weights)
    unseen = heads.scores([combine([sentence_bag("between us, ok? don't tell")])])[0, 0]
    assert unseen > heads.scores([combine([sentence_bag("the gym is open")])])[0, 0]


def test_slots_outside_the_vocabulary_are_not_learned() -> None:
    rows, labels, _ = rows_and_labels()
    known = vocabulary([[sentence_bag(t)] for t in SECRET + ORDINARY], min_texts=2)
    heads = fit_wording(rows, labels, 7, known)
    assert np.array_equal(heads.slots, known)
    assert not set(sentence_bag("permission slip")) & set(heads.slots.tolist())
