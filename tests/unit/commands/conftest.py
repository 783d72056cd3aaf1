import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SHARED_EVAL = REPO.parent / "shared" / "eval" / "messages.jsonl"


@pytest.fixture
def cli_env(tmp_path):
    """An environment with empty, private config dirs, so no machine or user policy leaks in."""
    env = dict(os.environ)
    for name in ("XDG_CONFIG_HOME", "XDG_CONFIG_DIRS", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        path = tmp_path / name.lower()
        path.mkdir()
        env[name] = str(path)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


@pytest.fixture
def run_cli(cli_env):
    def run(*args: str, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "tap_assistant", *args],
            input=stdin,
            capture_output=True,
            env=env or cli_env,
            timeout=240,
        )

    return run
