"""`engine install`: atomic download with a fake Maven, manifest checks, clear failures."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tap_assistant.engine import java as java_mod
from tap_assistant.engine.install import (
    MAVEN_MISSING,
    InstallError,
    descriptor_path,
    inspect_installation,
    install_engine,
)
from tests.unit.engine.test_java_paths import fake_java

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fake mvn is a shell script")

FAKE_MVN = r"""#!/bin/sh
# A stand-in for Maven: writes jars into -DoutputDirectory, or fails like Maven does.
for arg in "$@"; do case "$arg" in -DoutputDirectory=*) out="${arg#-DoutputDirectory=}";; esac; done
echo "$@" >> "$FAKE_MVN_CALLS"
case "$FAKE_MVN_MODE" in
  fail) echo "[ERROR] Failed to execute goal: Could not transfer artifact org.languagetool:language-en:jar:6.8 from/to central: UnknownHostException"; exit 1;;
  interrupt) mkdir -p "$out"; echo partial > "$out/languagetool-server-6.8.jar"; exit 130;;
  noenglish) mkdir -p "$out"; echo x > "$out/languagetool-server-6.8.jar"; exit 0;;
esac
mkdir -p "$out"
for jar in languagetool-server-6.8 languagetool-core-6.8 language-en-6.8 guava-33.5.0-jre; do
  echo "jar $jar" > "$out/$jar.jar"
done
"""


@pytest.fixture
def tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH with only a fake `mvn`; JAVA_HOME at a fake Java 17. Returns the calls log."""
    java_mod.probe_java.cache_clear()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    mvn = bin_dir / "mvn"
    mvn.write_text(FAKE_MVN, encoding="utf-8")
    mvn.chmod(mvn.stat().st_mode | stat.S_IXUSR)
    fake_java(tmp_path / "jdk", "17.0.15")
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk"))
    monkeypatch.delenv("MAVEN_HOME", raising=False)
    monkeypatch.delenv("M2_HOME", raising=False)
    calls = tmp_path / "mvn-calls.txt"
    monkeypatch.setenv("FAKE_MVN_CALLS", str(calls))
    monkeypatch.setenv("FAKE_MVN_MODE", "ok")
    return calls


def test_descriptor_is_english_only_languagetool() -> None:
    pom = descriptor_path().read_text(encoding="utf-8")
    assert "<artifactId>languagetool-server</artifactId>" in pom
    assert "<artifactId>language-all</artifactId>" in pom  # as an exclusion
    assert "<artifactId>language-en</artifactId>" in pom
    assert "<lt.version>6.8</lt.version>" in pom


def test_install_then_fast_noop(tmp_path: Path, tools: Path) -> None:
    target = tmp_path / "data" / "engine"
    result = install_engine(target)
    assert result.complete and result.downloaded
    assert result.jar_count == 4 and result.lt_version == "6.8"
    manifest = json.loads((target / "engine.json").read_text(encoding="utf-8"))
    assert set(manifest["jars"]) >= {"languagetool-server-6.8.jar", "language-en-6.8.jar"}
    assert "dependency:copy-dependencies" in tools.read_text(encoding="utf-8")
    assert [p.name for p in target.parent.iterdir()] == ["engine"]  # no staging left
    calls_before = tools.read_text(encoding="utf-8")
    again = install_engine(target)
    assert again.complete and not again.downloaded
    assert tools.read_text(encoding="utf-8") == calls_before  # Maven not run again


def test_maven_failure_changes_nothing(tmp_path: Path, tools: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "engine"
    install_engine(target)
    before = (target / "engine.json").read_text(encoding="utf-8")
    monkeypatch.setenv("FAKE_MVN_MODE", "fail")
    with pytest.raises(InstallError) as caught:
        install_engine(target, force=True)
    assert "Maven Central could not be reached" in str(caught.value)
    assert (target / "engine.json").read_text(encoding="utf-8") == before
    assert inspect_installation(target).complete
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".engine")) == []


def test_interrupted_download_leaves_no_half_install(tmp_path: Path, tools: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "engine"
    monkeypatch.setenv("FAKE_MVN_MODE", "interrupt")
    with pytest.raises(InstallError):
        install_engine(target)
    assert not target.exists()
    assert inspect_installation(target).problem == "not installed"


def test_missing_english_module_is_refused(tmp_path: Path, tools: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_MVN_MODE", "noenglish")
    with pytest.raises(InstallError, match="English"):
        install_engine(tmp_path / "engine")


def test_leftover_of_a_killed_install_is_reported_and_removed(tmp_path: Path, tools: Path) -> None:
    target = tmp_path / "engine"
    leftover = tmp_path / ".engine.download-99999"
    (leftover / "lib").mkdir(parents=True)
    state = inspect_installation(target)
    assert not state.complete and "interrupted" in state.problem
    install_engine(target)
    assert not leftover.exists() and inspect_installation(target).complete


def test_damaged_install_is_detected(tmp_path: Path, tools: Path) -> None:
    target = tmp_path / "engine"
    install_engine(target)
    (target / "lib" / "language-en-6.8.jar").write_text("truncated", encoding="utf-8")
    state = inspect_installation(target)
    assert not state.complete and "language-en-6.8.jar" in state.problem
    (target / "engine.json").unlink()
    assert "no engine.json" in inspect_installation(target).problem
    assert install_engine(target).complete  # install repairs it


def test_missing_maven_is_a_clear_message(tmp_path: Path, tools: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(InstallError) as caught:
        install_engine(tmp_path / "engine")
    assert str(caught.value) == MAVEN_MISSING


def test_cli_install_without_maven_no_traceback(tmp_path: Path, tools: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"PATH": str(tmp_path / "jdk" / "bin"), "JAVA_HOME": str(tmp_path / "jdk"), "HOME": str(tmp_path)}
    completed = subprocess.run(
        [sys.executable, "-m", "tap_assistant", "engine", "install", "--dir", str(tmp_path / "engine")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert "Maven (the `mvn` command)" in completed.stderr and "apt install maven" in completed.stderr


def test_cli_install_without_java_no_traceback(tmp_path: Path) -> None:
    env = {"PATH": "/nonexistent", "HOME": str(tmp_path)}
    completed = subprocess.run(
        [sys.executable, "-m", "tap_assistant", "engine", "install", "--dir", str(tmp_path / "engine")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert "Java 17 or newer" in completed.stderr
