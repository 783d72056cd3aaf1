"""The private folder that holds the single-instance socket and lock.

With XDG_RUNTIME_DIR (or on macOS) it lives there. Without it, the shared temporary folder is
used, where any local user can create `tap-assistant-<uid>` first: a folder is used only once it
is verified to be ours (a real folder, not a symlink, owned by us, no access for others). One we
cannot verify is skipped, never trusted: the next candidate is a folder in the user's own state
folder, and the last resort a fresh, unique folder created securely (`mkdtemp`). Every start of
the same user picks the same folder as long as one of the fixed candidates is usable, which is
what lets a second start find the first one. No Qt here.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
import tempfile
from pathlib import Path

import platformdirs

from tap_assistant import APP_NAME

log = logging.getLogger(__name__)

#: AF_UNIX paths are limited to 104-108 bytes; stay well below.
MAX_SOCKET_PATH = 100
#: Room kept for the socket's own name ("ipc-<16 hex>"); the lock file has no length limit.
SOCKET_ENTRY = len("/ipc-0123456789abcdef")

#: The fresh folder of this process, once one was needed (the same one for every later call).
_fresh: dict[str, Path] = {}


def _uid() -> int | None:
    return os.getuid() if hasattr(os, "getuid") else None


def is_private_dir(path: Path) -> bool:
    """True when `path` is a real folder (not a symlink) owned by us that others cannot enter.

    A folder of ours with looser permissions is tightened to 0700 first.
    """
    uid = _uid()
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False  # a symlink (to anywhere) or a file
    if uid is None:
        return True  # Windows: the per-user temporary and runtime folders are private already
    if info.st_uid != uid:
        return False
    if stat.S_IMODE(info.st_mode) & 0o077:
        try:
            os.chmod(path, 0o700, follow_symlinks=False)
        except (OSError, NotImplementedError):
            return False
        return is_private_dir(path)
    return True


def _make_private_dir(path: Path) -> bool:
    """Create `path` (mode 0700) unless it exists, then verify it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    except OSError as error:
        log.debug("runtime folder %s not created: %s", path, error.strerror)
        return False
    if is_private_dir(path):
        return True
    log.warning("runtime folder %s is not ours or not private; not using it", path)
    return False


def _fits(folder: Path) -> bool:
    return len(str(folder).encode()) + SOCKET_ENTRY <= MAX_SOCKET_PATH


def fixed_candidates() -> list[Path]:
    """The folders tried in order; the same list on every start of the same user."""
    candidates = []
    if os.environ.get("XDG_RUNTIME_DIR") or sys.platform == "darwin":
        candidates.append(Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False)))
    uid = _uid()
    candidates.append(Path(tempfile.gettempdir()) / f"{APP_NAME}-{uid if uid is not None else 0}")
    candidates.append(Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)) / "run")
    return candidates


def _fresh_dir() -> Path:
    key = tempfile.gettempdir()
    if key not in _fresh:
        parent = key if _fits(Path(key) / "tapa-xxxxxxxx") else "/tmp"
        _fresh[key] = Path(tempfile.mkdtemp(prefix="tapa-", dir=parent))  # 0700, a new name
        log.warning("no fixed runtime folder is usable; using %s (a second start may not find this one)", _fresh[key])
    return _fresh[key]


def runtime_dir() -> Path:
    """The first usable private folder (see the module docstring)."""
    for candidate in fixed_candidates():
        if _fits(candidate) and _make_private_dir(candidate):
            return candidate
    return _fresh_dir()
