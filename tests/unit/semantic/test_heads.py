from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from tap_assistant.semantic.concepts import concept_ids
from tap_assistant.semantic.heads import (
    LONE_MEANING_MARGIN,
    SENSITIVITIES,
    VIEWS,
    HeadsError,
    crosses,
    fires,
    heads_dir,
    load_heads,
    log_odds,
)


def test_shipped_heads_cover_every_concept_with_ordered_thresholds() -> None:
    heads = load_heads()
    assert list(heads.concept_ids) == concept_ids()
    assert all(t.shape == (len(VIEWS), len(concept_ids())) for t in heads.thresholds.values())
    for low, standard, high in zip(*(heads.thresholds[name].ravel() for name in SENSITIVITIES)):
        assert 0 < high <= standard <= low <= 1
    # Every concept can fire at the standard sensitivity, through one view or more.
    assert (heads.thresholds["standard"] < 1).any(axis=0).all()
    assert len(heads.example_texts) == heads.example_vectors.shape[0] > 0


def copy_heads(tmp_path: Path) -> Path:
    for name in ("heads.json", "heads.npz"):
        shutil.copy(heads_dir() / name, tmp_path / name)
    return tmp_path


def test_an_array_file_holding_objects_is_refused(tmp_path: Path) -> None:
    folder = copy_heads(tmp_path)
    with np.load(folder / "heads.npz") as arrays:
        data = {name: arrays[name] for name in arrays.files}
    data["weights"] = np.array([{"run": "code"}], dtype=object)  # would need pickle to load
    np.savez(folder / "heads.npz", **data)
    with pytest.raises(HeadsError):
        load_heads(folder)


def test_malformed_or_mismatched_heads_are_refused(tmp_path: Path) -> None:
    folder = copy_heads(tmp_path)
    meta = json.loads((folder / "heads.json").read_text(encoding="utf-8"))
    meta["concepts"] = meta["concepts"][:-1]
    (folder / "heads.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(HeadsError, match="do not match"):
        load_heads(folder)
    (folder / "heads.json").write_text("{", encoding="utf-8")
    with pytest.raises(HeadsError):
        load_heads(folder)


def test_wording_slots_out_of_order_are_refused(tmp_path: Path) -> None:
    folder = copy_heads(tmp_path)
    with np.load(folder / "heads.npz") as arrays:
        data = {name: arrays[name] for name in arrays.files}
    data["wording_slots"] = data["wording_slots"][::-1].copy()
    np.savez(folder / "heads.npz", **data)
    with pytest.raises(HeadsError, match="wording"):
        load_heads(folder)


def test_a_threshold_of_one_turns_a_view_off() -> None:
    scores = np.array([[1.0, 0.6]], dtype=np.float32)
    assert crosses(scores, np.array([1.0, 0.5], dtype=np.float32)).tolist() == [[False, True]]


def test_the_meaning_reader_alone_must_clear_its_threshold_by_a_margin() -> None:
    thresholds = np.array([0.99, 0.8, 0.7], dtype=np.float32)  # meaning, wording, both
    just_past = float(1 / (1 + np.exp(-(log_odds(np.float32(0.99)) + LONE_MEANING_MARGIN / 2))))
    well_past = float(1 / (1 + np.exp(-(log_odds(np.float32(0.99)) + LONE_MEANING_MARGIN * 2))))
    scores = np.array(
        [
            [just_past, 0.5, 0.6],  # the meaning reader alone, barely over: not flagged
            [well_past, 0.5, 0.6],  # the meaning reader alone, clearly over: flagged
            [just_past, 0.5, 0.75],  # the blend agrees: flagged
            [0.5, 0.85, 0.6],  # the wording reader alone needs no margin
            [0.5, 0.5, 0.5],  # nothing crosses
        ],
        dtype=np.float32,
    )
    assert fires(scores, thresholds).tolist() == [False, True, True, True, False]
    # Without the margin rule every crossing view would flag the first text.
    assert crosses(scores, thresholds).any(axis=1).tolist() == [True, True, True, True, False]


def test_a_meaning_view_turned_off_never_fires_however_high_the_score() -> None:
    thresholds = np.array([1.0, 1.0, 1.0], dtype=np.float32)
    assert fires(np.array([[1.0, 1.0, 1.0]], dtype=np.float32), thresholds).tolist() == [False]
