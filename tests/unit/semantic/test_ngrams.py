from __future__ import annotations

import numpy as np

from tap_assistant.semantic.ngrams import (
    BIAS_SLOT,
    SLOTS,
    SparseRow,
    WordingHeads,
    combine,
    restrict,
    sentence_bag,
    vocabulary,
)


def test_a_sentence_bag_counts_words_pairs_and_symbols_in_fixed_slots() -> None:
    bag = sentence_bag("Don’t tell your mom 🙂 don't")
    assert bag == sentence_bag("don't TELL your mom 🙂 Don't")  # case and curly apostrophes do not matter
    assert sum(bag.values()) == 6 + 5  # six tokens (the emoji is one), five neighbouring pairs
    assert all(0 < slot < SLOTS for slot in bag)
    assert max(bag.values()) == 2  # "don't" twice
    assert sentence_bag("") == {}


def test_combined_rows_add_up_counts_behind_a_bias() -> None:
    first, second = sentence_bag("see you at practice"), sentence_bag("see you at the game")
    row = combine([first, second])
    assert row.slots[0] == BIAS_SLOT and row.values[0] == 1.0
    assert np.all(np.diff(row.slots) > 0)
    value = dict(zip(row.slots.tolist(), row.values.tolist()))
    shared = next(iter(set(first) & set(second)))
    only = next(iter(set(first) - set(second)))
    assert np.isclose(value[shared], np.log(3)) and np.isclose(value[only], np.log(2))
    assert combine([]).slots.tolist() == [BIAS_SLOT]


def test_rows_are_cut_to_known_slots_and_scaled_there() -> None:
    row = combine([sentence_bag("keep this between us")])
    known = np.array([BIAS_SLOT, int(row.slots[1]), int(row.slots[3]), SLOTS - 1])
    positions, values = restrict(row, known)
    assert positions.tolist() == [0, 1, 2]
    assert values[0] == 1.0 and np.isclose(np.linalg.norm(values[1:]), 1.0)
    positions, values = restrict(combine([sentence_bag("zzz qqq")]), np.array([BIAS_SLOT]))
    assert positions.tolist() == [0] and values.tolist() == [1.0]


def test_the_vocabulary_keeps_slots_shared_by_enough_texts() -> None:
    texts = [[sentence_bag("the bus is late")], [sentence_bag("the bus")], [sentence_bag("a quiz")]]
    known = vocabulary(texts, min_texts=2)
    assert known[0] == BIAS_SLOT
    assert set(known[1:]) == set(sentence_bag("the bus"))  # "the", "bus" and "the bus"; not "quiz"


def test_wording_heads_score_known_slots_and_ignore_unknown_ones() -> None:
    word = next(iter(sentence_bag("detention")))
    heads = WordingHeads(np.array([BIAS_SLOT, word]), np.array([[-2.0, 0.0], [6.0, 0.0]], dtype=np.float32))
    rows = [combine([sentence_bag("detention")]), combine([sentence_bag("lunch menu")])]
    scores = heads.scores(rows)
    assert scores.shape == (2, 2)
    assert np.isclose(scores[0, 0], 1 / (1 + np.exp(-4.0))) and np.isclose(scores[1, 0], 1 / (1 + np.exp(2.0)))
    assert np.allclose(scores[:, 1], 0.5)
    past_the_end = SparseRow(np.array([BIAS_SLOT, SLOTS - 1]), np.array([1.0, 1.0], dtype=np.float32))
    assert np.isclose(heads.scores([past_the_end])[0, 0], 1 / (1 + np.exp(2.0)))
