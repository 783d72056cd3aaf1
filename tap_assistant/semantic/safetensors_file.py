"""Reading a `.safetensors` file into numpy arrays, without the `safetensors` or torch packages.

The format is an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
shape and byte range, then the raw little-endian data. The file is memory-mapped, so a tensor
that is only indexed (the word-embedding table) is never read whole.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


class SafetensorsError(ValueError):
    """The file is not a readable safetensors file."""


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor in `path`, as read-only arrays, each backed by its own memory map.

    One map per tensor: a caller that copies a tensor and drops it unmaps its pages, so only the
    tensors it keeps as maps (the large embedding table, of which a check touches a few rows)
    stay in the process's memory.
    """
    size = path.stat().st_size
    with path.open("rb") as handle:
        prefix = handle.read(8)
        if len(prefix) != 8:
            raise SafetensorsError(f"{path}: too short to be a safetensors file")
        (header_length,) = struct.unpack("<Q", prefix)
        if header_length <= 0 or 8 + header_length > size:
            raise SafetensorsError(f"{path}: header length {header_length} does not fit the file")
        try:
            header = json.loads(handle.read(header_length))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise SafetensorsError(f"{path}: unreadable header ({error})") from error
    data_size = size - 8 - header_length
    tensors: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        try:
            dtype = _DTYPES[info["dtype"]]
            begin, end = info["data_offsets"]
            shape = tuple(int(n) for n in info["shape"])
        except (KeyError, TypeError, ValueError) as error:
            raise SafetensorsError(f"{path}: tensor {name!r} has a malformed entry") from error
        count = int(np.prod(shape)) if shape else 1
        if end - begin != count * np.dtype(dtype).itemsize or end > data_size or begin < 0:
            raise SafetensorsError(f"{path}: tensor {name!r} does not fit its byte range")
        tensors[name] = np.memmap(path, dtype=dtype, mode="r", offset=8 + header_length + begin, shape=shape)
    return tensors
