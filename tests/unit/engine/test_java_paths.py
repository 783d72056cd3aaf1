"""Java discovery (bundled, JAVA_HOME, PATH; version >= 17) and the engine dir lookup order."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from tap_assistant.engine import java as java_mod
from tap_assistant.engine import paths
from tap_assistant.engine.java import JavaNotFound, find_java, parse_java_version, sanitized_java_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fake java is a shell script")


def fake_java(folder: Path, version: str) -> Path:
    """A `bin/java` that prints a version banner like the real one (on stderr)."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    exe = bin_dir / "java"
    exe.write_text(f'#!/bin/sh\necho \'openjdk version "{version}" 2025-04-15\' >&2\n', encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return exe


@pytest.fixture(autouse=True)
def _fresh_probe_cache() -> None:
    java_mod.probe_java.cache_clear()


def test_parse_versions() -> None:
    assert parse_java_version('openjdk version "17.0.15" 2025-04-15') == ("17.0.15", 17)
    assert parse_java_version('java version "1.8.0_392"') == ("1.8.0_392", 8)
    assert parse_java_version('openjdk version "25" 2025-09-16') == ("25", 25)
    assert parse_java_version("garbage") is None


def test_java_home_before_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "jdk21"
    fake_java(home, "21.0.2")
    on_path = fake_java(tmp_path / "pathjdk", "17.0.1")
    monkeypatch.setenv("JAVA_HOME", str(home))
    monkeypatch.setenv("PATH", str(on_path.parent))
    info = find_java()
    assert info.source == "JAVA_HOME" and info.major == 21


def test_too_old_java_home_falls_back_to_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_java(tmp_path / "jdk11", "11.0.20")
    on_path = fake_java(tmp_path / "pathjdk", "17.0.1")
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk11"))
    monkeypatch.setenv("PATH", str(on_path.parent))
    info = find_java()
    assert info.source == "PATH" and info.version == "17.0.1"


def test_bundled_runtime_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_java(tmp_path / "app" / "runtime", "25.0.1")
    fake_java(tmp_path / "jdk17", "17.0.1")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "app"), raising=False)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk17"))
    assert find_java().source == "bundled"


def test_only_old_java_gives_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = fake_java(tmp_path / "jdk11", "11.0.20")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(old.parent))
    with pytest.raises(JavaNotFound) as caught:
        find_java()
    message = str(caught.value)
    assert "11.0.20" in message and "too old" in message and "17" in message and "JAVA_HOME" in message


def test_no_java_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(JavaNotFound, match="no Java was found"):
        find_java()


def test_sanitized_env_drops_injection_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH"):
        monkeypatch.setenv(var, "-Xmx1m")
    env = sanitized_java_env()
    assert not {"_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH"} & set(env)
    assert env["PATH"] == os.environ["PATH"]


def _complete(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / paths.MANIFEST_NAME).write_text(json.dumps({"jars": {}}), encoding="utf-8")
    return folder


def test_engine_dir_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv(paths.ENGINE_DIR_ENV, raising=False)
    # nothing installed anywhere: the user data dir (where `engine install` puts it)
    assert paths.find_engine_dir() == paths.EngineDirChoice(tmp_path / "data" / "tap-assistant" / "engine", "user")
    # an installer's bundled copy wins over an empty user dir
    _complete(tmp_path / "app" / "engine")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "app"), raising=False)
    assert paths.find_engine_dir().source == "bundled"
    # the environment variable wins over everything, installed or not
    monkeypatch.setenv(paths.ENGINE_DIR_ENV, str(tmp_path / "elsewhere"))
    assert paths.find_engine_dir() == paths.EngineDirChoice(tmp_path / "elsewhere", "environment")
    assert paths.default_install_dir() == tmp_path / "elsewhere"
