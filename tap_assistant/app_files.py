"""Folders of files that installers put beside the app or commands download for the user.

The grammar engine and the meaning check's model are both looked up the same way: a folder named
by an environment variable (IT or a test points at a copy; it wins even when empty, so a wrong
path is reported), a folder bundled beside the application, then the user data dir. Both are
installed the same way too: into a temporary sibling, then swapped into place.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DirChoice:
    path: Path
    source: str  # "environment", "bundled", "user" (or "given" by a caller)


def app_folders() -> list[Path]:
    """Folders an installer puts beside the application (only meaningful when frozen)."""
    folders: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        folders.append(Path(frozen_root))
    if getattr(sys, "frozen", False):
        folders.append(Path(sys.executable).resolve().parent)
    return folders


def dir_candidates(env_var: str, bundled_name: str, user_dir: Path) -> list[DirChoice]:
    """Every place looked at, in order."""
    choices: list[DirChoice] = []
    from_env = os.environ.get(env_var, "").strip()
    if from_env:
        choices.append(DirChoice(Path(from_env).expanduser(), "environment"))
    choices.extend(DirChoice(folder / bundled_name, "bundled") for folder in app_folders())
    choices.append(DirChoice(user_dir, "user"))
    return choices


def find_dir(candidates: list[DirChoice], marker: str) -> DirChoice:
    """The environment's folder if set, else the first holding `marker`, else the user's."""
    if candidates[0].source == "environment":
        return candidates[0]
    for choice in candidates:
        if (choice.path / marker).is_file():
            return choice
    return candidates[-1]


def install_dir(env_var: str, user_dir: Path) -> Path:
    from_env = os.environ.get(env_var, "").strip()
    return Path(from_env).expanduser() if from_env else user_dir


def fresh_staging(target: Path, prefix: str, error: type[Exception]) -> Path:
    """An empty temporary sibling of `target` for this process to fill (its parent is created)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as failure:
        raise error(f"cannot create {target.parent}: {failure.strerror or failure}") from failure
    staging = target.parent / f".{target.name}{prefix}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def swap_into_place(staging: Path, target: Path, old: Path, error: type[Exception], busy_hint: str = "") -> None:
    """Replace `target` by `staging`; on failure the previous `target` is put back."""
    if target.exists():
        try:
            os.replace(target, old)
        except OSError as failure:
            raise error(f"cannot replace {target}{busy_hint}: {failure.strerror or failure}") from failure
    try:
        os.replace(staging, target)
    except OSError as failure:
        if old.exists():
            os.replace(old, target)  # put the previous install back
        raise error(f"cannot move the download into {target}: {failure.strerror or failure}") from failure
    shutil.rmtree(old, ignore_errors=True)
