"""Fixtures for the grammar-engine tests (owner: engine helper).

Tests marked `engine` run against the real LanguageTool, installed by the same command users
run (`tap-assistant engine install`; scripts/setup.sh already did it in CI, so here it is a
fast no-op). One engine is shared by the whole session to keep the suite fast; tests that
kill or restart an engine start their own. Set TAP_SKIP_ENGINE_TESTS=1 to skip them on a
machine without Java/Maven; otherwise a missing engine is a failure, not a skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from tap_assistant.core.config import Configuration
from tap_assistant.engine.install import inspect_installation
from tap_assistant.engine.paths import find_engine_dir
from tap_assistant.engine.service import EngineState, GrammarEngine

#: Words only the test configuration accepts (not in the rule pack).
TEST_ACCEPTED_WORD = "Brightwoodia"
#: A LanguageTool rule the test configuration disables.
TEST_DISABLED_RULE = "EN_A_VS_AN"

CLI = [sys.executable, "-m", "tap_assistant"]


def engine_test_config() -> Configuration:
    config = Configuration()
    config.settings.accepted_words = [TEST_ACCEPTED_WORD]
    config.settings.grammar_disabled_rules = [TEST_DISABLED_RULE]
    config.settings.district_name = "Brightwoodia Unified School District"
    return config


@pytest.fixture(scope="session")
def installed_engine_dir() -> Path:
    if os.environ.get("TAP_SKIP_ENGINE_TESTS") == "1":
        pytest.skip("TAP_SKIP_ENGINE_TESTS=1")
    choice = find_engine_dir()
    if not inspect_installation(choice.path).complete:
        completed = subprocess.run([*CLI, "engine", "install"], capture_output=True, text=True, timeout=1800)
        if completed.returncode != 0:
            pytest.fail(f"`tap-assistant engine install` failed:\n{completed.stdout}\n{completed.stderr}")
        choice = find_engine_dir()
    assert inspect_installation(choice.path).complete
    return choice.path


@pytest.fixture(scope="session")
def engine_run_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("engine-run")


@pytest.fixture(scope="session")
def shared_engine(installed_engine_dir: Path, engine_run_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GrammarEngine]:
    """One real engine for the session (cold start ~10-20 s on 2 cores)."""
    engine = GrammarEngine(
        engine_test_config(),
        engine_dir=installed_engine_dir,
        runtime_root=engine_run_root,
        log_file=tmp_path_factory.mktemp("engine-log") / "engine.log",
    )
    engine.start()
    if engine.state is not EngineState.READY:
        pytest.fail(f"the shared engine did not start: {engine.state.value}: {engine.detail}")
    yield engine
    engine.stop()


@pytest.fixture
def cli_env(tmp_path: Path, installed_engine_dir: Path) -> dict[str, str]:
    """Environment for running the CLI as a subprocess: isolated dirs, the installed engine."""
    env = dict(os.environ)
    env["TAP_ASSISTANT_ENGINE_DIR"] = str(installed_engine_dir)
    for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    return env
