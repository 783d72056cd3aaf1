from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from tap_assistant.semantic.safetensors_file import SafetensorsError, read_safetensors


def write(path: Path, header: dict, data: bytes) -> Path:
    raw = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + data)
    return path


def test_reads_tensors_by_their_header(tmp_path: Path) -> None:
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.array([7, 8], dtype=np.int64)
    header = {
        "__metadata__": {"format": "pt"},
        "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
        "b": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]},
    }
    tensors = read_safetensors(write(tmp_path / "t.safetensors", header, a.tobytes() + b.tobytes()))
    assert np.array_equal(tensors["a"], a) and np.array_equal(tensors["b"], b)


@pytest.mark.parametrize(
    "content",
    [b"", b"\x01\x02", struct.pack("<Q", 10**9) + b"{}", struct.pack("<Q", 4) + b"nope"],
)
def test_broken_files_raise_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.safetensors"
    path.write_bytes(content)
    with pytest.raises(SafetensorsError):
        read_safetensors(path)


def test_a_tensor_outside_its_bytes_is_refused(tmp_path: Path) -> None:
    header = {"a": {"dtype": "F32", "shape": [100], "data_offsets": [0, 400]}}
    with pytest.raises(SafetensorsError, match="byte range"):
        read_safetensors(write(tmp_path / "short.safetensors", header, b"\x00" * 16))
