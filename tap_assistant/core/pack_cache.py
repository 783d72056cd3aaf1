"""A cache of the parsed rule pack, so a command-line check does not re-parse every phrase.

Keyed by the app version and the exact bytes of every rule file: any edit to the pack, or a
new version, misses the cache and re-parses. A missing, stale or unreadable cache is never an
error; it only costs the parse. Rule files hold no draft text, so neither does the cache.
"""

from __future__ import annotations

import zlib
import os
import pickle
from pathlib import Path
from typing import Callable, TypeVar

import platformdirs

from tap_assistant import APP_NAME, __version__

T = TypeVar("T")

#: Set to 1 to always parse the pack (for debugging the loader itself).
DISABLE_VARIABLE = "TAP_ASSISTANT_NO_PACK_CACHE"
_PREFIX = "rulepack-"


def pack_digest(files: list[Path]) -> str:
    # CRC-32 rather than hashlib: loading OpenSSL costs more than the whole check of a short
    # draft, and this only needs to notice edits, not resist an attacker.
    checksum = zlib.crc32(__version__.encode())
    total = 0
    for path in files:
        data = path.read_bytes()
        total += len(data)
        checksum = zlib.crc32(path.name.encode() + b"\0" + data + b"\0", checksum)
    return f"{checksum:08x}{total:x}"


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def cached(files: list[Path], build: Callable[[], T]) -> T:
    """`build()`'s result for these exact files, from the cache when possible."""
    if os.environ.get(DISABLE_VARIABLE) == "1":
        return build()
    try:
        target = cache_dir() / f"{_PREFIX}{pack_digest(files)}.pickle"
    except OSError:
        return build()
    try:
        with target.open("rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - a corrupt or incompatible cache is simply rebuilt
        pass
    value = build()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(target)
        for stale in target.parent.glob(f"{_PREFIX}*.pickle"):
            if stale != target:
                stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
    return value
