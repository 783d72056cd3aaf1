from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from tap_assistant.semantic.concepts import concept_ids
from tap_assistant.semantic.heads import SENSITIVITIES, HeadsError, heads_dir, load_heads


def test_shipped_heads_cover_every_concept_with_ordered_thresholds() -> None:
    heads = load_heads()
    assert list(heads.concept_ids) == concept_ids()
    for low, standard, high in zip(*(heads.thresholds[name] for name in SENSITIVITIES)):
        assert 0 < high <= standard <= low <= 1
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
