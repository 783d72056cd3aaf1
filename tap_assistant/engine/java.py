"""Finding a Java runtime that can run LanguageTool (Java 17 or newer).

Order: a runtime bundled beside the application (`runtime/bin/java` in `sys._MEIPASS` or the
folder of the frozen executable), then `JAVA_HOME`, then `java` on `PATH`. The first one that
runs and is new enough wins; when none is, `JavaNotFound` carries a message with the fix.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tap_assistant.engine.paths import app_folders

MIN_JAVA = 17
_EXE = "java.exe" if sys.platform == "win32" else "java"
_VERSION_RE = re.compile(r'version "(\d+)(?:\.(\d+))?[^"]*"')


class JavaNotFound(RuntimeError):
    """No usable Java; the message says what was found and how to fix it."""


@dataclass(frozen=True)
class JavaInfo:
    path: Path
    version: str  # as printed by `java -version`, e.g. "17.0.15"
    major: int
    source: str  # "bundled", "JAVA_HOME" or "PATH"


@dataclass(frozen=True)
class JavaCandidate:
    path: Path
    source: str


def java_candidates() -> list[JavaCandidate]:
    found: list[JavaCandidate] = []
    for folder in app_folders():
        found.append(JavaCandidate(folder / "runtime" / "bin" / _EXE, "bundled"))
    java_home = os.environ.get("JAVA_HOME", "").strip()
    if java_home:
        found.append(JavaCandidate(Path(java_home) / "bin" / _EXE, "JAVA_HOME"))
    on_path = shutil.which("java")
    if on_path:
        found.append(JavaCandidate(Path(on_path), "PATH"))
    return found


def parse_java_version(output: str) -> tuple[str, int] | None:
    """`java -version` output -> ("17.0.15", 17); old style "1.8.0_392" -> ("1.8.0_392", 8)."""
    match = _VERSION_RE.search(output)
    if match is None:
        return None
    full = match.group(0).split('"')[1]
    major = int(match.group(1))
    if major == 1 and match.group(2):
        major = int(match.group(2))
    return full, major


@lru_cache(maxsize=16)
def probe_java(path: Path) -> tuple[str, int] | str:
    """(version, major) for a java executable, or a short reason why it cannot be used."""
    if not path.is_file():
        return "does not exist"
    try:
        completed = subprocess.run(
            [str(path), "-version"],
            capture_output=True,
            text=True,
            timeout=30,
            env=sanitized_java_env(),
            **hidden_window_kwargs(),
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"cannot be run ({type(error).__name__}: {error})"
    parsed = parse_java_version(completed.stderr + completed.stdout)
    if parsed is None:
        return "printed no version"
    return parsed


def find_java() -> JavaInfo:
    candidates = java_candidates()
    problems: list[str] = []
    for candidate in candidates:
        probed = probe_java(candidate.path)
        if isinstance(probed, str):
            problems.append(f"{candidate.path} ({candidate.source}) {probed}")
            continue
        version, major = probed
        if major < MIN_JAVA:
            problems.append(f"{candidate.path} ({candidate.source}) is Java {version}, too old")
            continue
        return JavaInfo(candidate.path, version, major, candidate.source)
    fix = (
        f"LanguageTool needs Java {MIN_JAVA} or newer. Install it (Debian/Ubuntu: "
        "`sudo apt install openjdk-17-jre-headless`; Windows/macOS: Eclipse Temurin 17 or newer from "
        "adoptium.net) or set JAVA_HOME to its folder."
    )
    if not problems:
        raise JavaNotFound(f"no Java was found (bundled runtime, JAVA_HOME, PATH). {fix}")
    raise JavaNotFound("no usable Java: " + "; ".join(problems) + ". " + fix)


#: Variables that would inject options or classes into our JVM behind our back.
_JAVA_ENV_BLOCKLIST = ("_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH")


def sanitized_java_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.upper() not in _JAVA_ENV_BLOCKLIST}
    return env


def hidden_window_kwargs() -> dict:
    """On Windows, keep the console window of a child process hidden."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NO_WINDOW}  # type: ignore[attr-defined]
    return {}
