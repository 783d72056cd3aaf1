"""Installing the engine: LanguageTool's jars from Maven Central into the engine directory.

The download is atomic: Maven fills a temporary sibling folder (`.engine.download-<pid>`), a
manifest (`engine.json`, listing every jar and its size) is written last, and only then is the
folder renamed into place. An interrupted download therefore leaves either the previous, complete
install or nothing, plus a leftover temporary folder that the next install removes. A folder
without a manifest, or whose jars do not match it, is reported as incomplete.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import psutil

from tap_assistant.app_files import fresh_staging, swap_into_place
from tap_assistant.engine.java import find_java, hidden_window_kwargs, sanitized_java_env
from tap_assistant.engine.paths import LIB_DIR_NAME, MANIFEST_NAME
from tap_assistant.resources import resource_path

#: Keep in step with resources/engine/pom.xml.
LT_VERSION = "6.8"
POM_NAME = "pom.xml"
_DOWNLOAD_PREFIX = ".download-"
_OLD_PREFIX = ".old-"


class InstallError(RuntimeError):
    """The install could not be done; the message says why and what to do."""


def descriptor_path() -> Path:
    return resource_path("engine", POM_NAME)


def descriptor_digest(path: Path | None = None) -> str:
    return hashlib.sha256((path or descriptor_path()).read_bytes()).hexdigest()


@dataclass
class Installation:
    """What is (or is not) installed in one engine directory."""

    path: Path
    complete: bool
    problem: str = ""  # why it is not usable; empty when complete
    lt_version: str = ""
    descriptor_sha256: str = ""
    installed_at: str = ""
    jar_count: int = 0
    size_bytes: int = 0
    leftovers: list[Path] = field(default_factory=list)
    downloaded: bool = False  # set by install_engine when it fetched the jars just now

    @property
    def lib_dir(self) -> Path:
        return self.path / LIB_DIR_NAME

    @property
    def up_to_date(self) -> bool:
        try:
            return self.complete and self.descriptor_sha256 == descriptor_digest()
        except OSError:
            return self.complete


def _leftovers(path: Path) -> list[Path]:
    """Temporary folders of earlier installs that did not finish (their process is gone)."""
    parent = path.parent
    if not parent.is_dir():
        return []
    prefixes = (f".{path.name}{_DOWNLOAD_PREFIX}", f".{path.name}{_OLD_PREFIX}")
    found = []
    for candidate in parent.iterdir():
        if not candidate.name.startswith(prefixes):
            continue
        pid = candidate.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and psutil.pid_exists(int(pid)):
            continue  # another install is running right now
        found.append(candidate)
    return sorted(found)


def inspect_installation(path: Path) -> Installation:
    """Check an engine directory against its manifest (cheap: file sizes, no hashing)."""
    leftovers = _leftovers(path)
    if not path.exists():
        problem = "not installed"
        if any(f"{_DOWNLOAD_PREFIX}" in p.name for p in leftovers):
            problem = "not installed (an earlier download was interrupted)"
        return Installation(path, False, problem, leftovers=leftovers)
    manifest_file = path / MANIFEST_NAME
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        jars: dict[str, int] = dict(manifest["jars"])
    except FileNotFoundError:
        return Installation(path, False, "incomplete install (no engine.json; was it interrupted?)", leftovers=leftovers)
    except (OSError, ValueError, KeyError, TypeError) as error:
        return Installation(path, False, f"engine.json is unreadable ({error})", leftovers=leftovers)
    installation = Installation(
        path,
        True,
        lt_version=str(manifest.get("lt_version", "")),
        descriptor_sha256=str(manifest.get("descriptor_sha256", "")),
        installed_at=str(manifest.get("installed_at", "")),
        jar_count=len(jars),
        size_bytes=sum(jars.values()),
        leftovers=leftovers,
    )
    lib = path / LIB_DIR_NAME
    for name, size in jars.items():
        jar = lib / name
        try:
            actual = jar.stat().st_size
        except OSError:
            installation.complete = False
            installation.problem = f"incomplete install: {name} is missing"
            break
        if actual != size:
            installation.complete = False
            installation.problem = f"incomplete install: {name} has the wrong size"
            break
    if installation.complete and not any(n.startswith("language-en-") for n in jars):
        installation.complete = False
        installation.problem = "the install has no English language module"
    return installation


def find_maven() -> Path | None:
    for name in ("mvn", "mvn.cmd"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for var in ("MAVEN_HOME", "M2_HOME"):
        home = os.environ.get(var, "").strip()
        if home:
            for name in ("mvn", "mvn.cmd"):
                candidate = Path(home) / "bin" / name
                if candidate.is_file():
                    return candidate
    return None


MAVEN_MISSING = (
    "Maven (the `mvn` command) is needed to download the grammar engine from Maven Central and "
    "was not found. Install it (Debian/Ubuntu: `sudo apt install maven`; Windows/macOS: "
    "https://maven.apache.org/install.html) and run `tap-assistant engine install` again, or use "
    "an installer that ships the engine."
)


def _maven_failure_summary(log_text: str) -> str:
    lines = [ln.strip() for ln in log_text.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("[ERROR]") and "Re-run Maven" not in ln and "-> [Help" not in ln]
    picked = (errors or lines)[:3]
    summary = " / ".join(picked)[:600]
    lowered = log_text.lower()
    if any(s in lowered for s in ("unknownhost", "could not transfer", "connection refused", "connect timed out", "network is unreachable")):
        summary += " (Maven Central could not be reached: check the network or proxy settings in ~/.m2/settings.xml)"
    return summary


def install_engine(
    target: Path,
    *,
    force: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> Installation:
    """Download the engine into `target` (atomically). Returns the resulting installation.

    Fast and silent when an up-to-date complete install is already there (unless `force`).
    """
    target = target.expanduser().absolute()
    existing = inspect_installation(target)
    for leftover in existing.leftovers:
        progress(f"removing an interrupted or old download: {leftover}")
        shutil.rmtree(leftover, ignore_errors=True)
    if existing.complete and existing.up_to_date and not force:
        return existing

    java = find_java()  # Maven needs it too; raises JavaNotFound with the fix
    maven = find_maven()
    if maven is None:
        raise InstallError(MAVEN_MISSING)

    staging = fresh_staging(target, _DOWNLOAD_PREFIX, InstallError)
    try:
        staging.mkdir()
        pom = staging / POM_NAME
        shutil.copyfile(descriptor_path(), pom)
        lib = staging / LIB_DIR_NAME
        env = sanitized_java_env()
        env.setdefault("JAVA_HOME", str(java.path.resolve().parent.parent))
        command = [
            str(maven),
            "-B",
            "-q",
            "-f",
            str(pom),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={lib}",
            "-DincludeScope=runtime",
        ]
        progress(f"downloading LanguageTool {LT_VERSION} (English) from Maven Central with {maven} ...")
        log_file = staging / "maven.log"
        with log_file.open("w", encoding="utf-8") as log:
            try:
                completed = subprocess.run(
                    command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=staging, **hidden_window_kwargs()
                )
            except OSError as error:
                raise InstallError(f"could not run Maven ({maven}): {error.strerror or error}") from error
        if completed.returncode != 0:
            summary = _maven_failure_summary(log_file.read_text(encoding="utf-8", errors="replace"))
            raise InstallError(f"Maven failed (exit status {completed.returncode}): {summary}")
        jars = {p.name: p.stat().st_size for p in sorted(lib.glob("*.jar"))}
        if not any(n.startswith("languagetool-server-") for n in jars) or not any(
            n.startswith("language-en-") for n in jars
        ):
            raise InstallError("Maven finished but the LanguageTool server or English module is missing")
        manifest = {
            "lt_version": LT_VERSION,
            "descriptor_sha256": descriptor_digest(pom),
            "installed_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "java_used": str(java.path),
            "jars": jars,
        }
        log_file.unlink()
        # Written last: its presence is what marks the folder as complete.
        (staging / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result = inspect_installation(target)
    result.downloaded = True
    return result


def _swap_into_place(staging: Path, target: Path) -> None:
    old = target.parent / f".{target.name}{_OLD_PREFIX}{os.getpid()}"
    swap_into_place(staging, target, old, InstallError, " (is the engine running from it? stop the app first)")
