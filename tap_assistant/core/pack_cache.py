"""A cache of the parsed rule pack, so a command-line check does not re-parse every phrase.

Keyed by the app version and the exact bytes of every rule file: any edit to the pack, or a
new version, misses the cache and re-parses. A missing, stale or unreadable cache is never an
error; it only costs the parse. Rule files hold no draft text, so neither does the cache.

The cache is never trusted blindly (a planted file must neither run code nor weaken a rule):
- it is read with an unpickler that builds only the pack's own data classes (`ALLOWED`) and
  plain containers; any other global, a malformed file or a truncated one means "rebuild";
- on POSIX it must be owned by the user and writable by nobody else, in a folder only the
  user can write;
- the caller's `verify` checks the content before use (for the rule pack: every rule, its
  severities, messages and pattern sources against the rule files themselves, and every
  rule's own bad and good examples), and a value that fails is rebuilt, silently.
"""

from __future__ import annotations

import io
import os
import pickle
import stat
import zlib
from pathlib import Path
from typing import Any, Callable, TypeVar

import platformdirs

from tap_assistant import APP_NAME, __version__

T = TypeVar("T")

#: Set to 1 to always parse the pack (for debugging the loader itself).
DISABLE_VARIABLE = "TAP_ASSISTANT_NO_PACK_CACHE"
_PREFIX = "rulepack-"

#: The only classes a cache file may contain (module, name); builtins containers need none.
ALLOWED: frozenset[tuple[str, str]] = frozenset(
    {
        ("tap_assistant.core.model", "Audience"),
        ("tap_assistant.core.model", "Pillar"),
        ("tap_assistant.core.model", "Severity"),
        ("tap_assistant.core.patterns", "CompiledPatterns"),
        ("tap_assistant.core.patterns", "Gap"),
        ("tap_assistant.core.patterns", "Group"),
        ("tap_assistant.core.patterns", "Word"),
        ("tap_assistant.core.rulepack", "Rule"),
        ("tap_assistant.core.config", "ConfigProblem"),
    }
)


class _DataOnlyUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the rule-pack cache")
        return super().find_class(module, name)


def _safe_to_read(path: Path, data_stat: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else (file and folder), where that exists."""
    if not hasattr(os, "getuid"):
        return True  # Windows: the per-user cache folder's ACL is the protection
    folder = path.parent.stat()
    for info in (data_stat, folder):
        if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
    return stat.S_ISREG(data_stat.st_mode)


def _load(path: Path) -> Any:
    """The cached value, or raise (any exception means: rebuild)."""
    with path.open("rb") as handle:
        info = os.fstat(handle.fileno())
        if not _safe_to_read(path, info):
            raise PermissionError("cache file not private to this user")
        data = handle.read()
    return _DataOnlyUnpickler(io.BytesIO(data)).load()


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


def cached(files: list[Path], build: Callable[[], T], verify: Callable[[Any], bool] | None = None) -> T:
    """`build()`'s result for these exact files, from the cache when possible.

    `verify(value)` must accept a cached value before it is used (and a built one before it is
    stored); a value it rejects is rebuilt. Without it, only the cache's form is checked.
    """
    if os.environ.get(DISABLE_VARIABLE) == "1":
        return build()
    try:
        target = cache_dir() / f"{_PREFIX}{pack_digest(files)}.pickle"
    except OSError:
        return build()
    try:
        value = _load(target)
        if verify is None or verify(value):
            return value
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - corrupt, planted, incompatible: simply rebuilt
        pass
    value = build()
    try:
        if verify is not None and not verify(value):
            return value  # e.g. a pack whose own examples fail: never cached
    except Exception:  # noqa: BLE001
        return value
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(target)
        for stale in target.parent.glob(f"{_PREFIX}*.pickle"):
            if stale != target:
                stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
    return value
