"""scripts/setup.sh waits for another apt or dpkg instead of failing at once.

The script runs for real, in a copy of the repository layout, with stand-ins for apt-get,
dpkg-query, sudo and the virtualenv's programs first on PATH: nothing is installed and no lock of
this machine is touched. The stand-in apt-get answers the way apt does while another package
manager holds its lock, a given number of times, then succeeds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

LOCK_MESSAGE = (
    "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)\n"
    "E: Unable to lock directory /var/lib/apt/lists/\n"
)

FAKE_APT_GET = """#!/bin/sh
echo "$*" >> "$FAKE_LOG"
count_file="$FAKE_STATE/locked"
left=$(cat "$count_file" 2>/dev/null || echo 0)
if [ "$left" -gt 0 ]; then
  echo $((left - 1)) > "$count_file"
  printf '%s' "$FAKE_LOCK_MESSAGE" >&2
  exit 100
fi
exit 0
"""


def _executable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    """A copy of scripts/setup.sh with every program it runs replaced by a stand-in."""
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "setup.sh", root / "scripts" / "setup.sh")
    bin_dir = tmp_path / "bin"
    _executable(bin_dir / "apt-get", FAKE_APT_GET)
    _executable(bin_dir / "dpkg-query", "#!/bin/sh\nexit 1\n")  # nothing is installed yet
    _executable(bin_dir / "sudo", '#!/bin/sh\nexec "$@"\n')
    _executable(root / ".venv" / "bin" / "python", "#!/bin/sh\nexit 0\n")
    _executable(root / ".venv" / "bin" / "tap-assistant", "#!/bin/sh\nexit 1\n")
    (tmp_path / "state").mkdir()
    return tmp_path


def _run_setup(sandbox: Path, locked_times: int, wait: int = 600) -> tuple[subprocess.CompletedProcess, list[str]]:
    (sandbox / "state" / "locked").write_text(str(locked_times))
    env = {
        "PATH": f"{sandbox / 'bin'}:/usr/bin:/bin",
        "HOME": str(sandbox),
        "FAKE_LOG": str(sandbox / "apt-get.log"),
        "FAKE_STATE": str(sandbox / "state"),
        "FAKE_LOCK_MESSAGE": LOCK_MESSAGE,
        "TAP_APT_LOCK_RETRY": "0",  # retry at once: the test must not sleep
        "TAP_APT_LOCK_WAIT": str(wait),
    }
    result = subprocess.run(
        ["bash", str(sandbox / "repo" / "scripts" / "setup.sh")],
        env=env, capture_output=True, text=True, timeout=120,
    )
    log = sandbox / "apt-get.log"
    calls = log.read_text().splitlines() if log.exists() else []
    return result, calls


def test_setup_waits_while_another_package_manager_holds_the_lock(sandbox: Path) -> None:
    result, calls = _run_setup(sandbox, locked_times=3)
    assert result.returncode == 0, result.stderr
    assert "setup: done" in result.stdout
    updates = [c for c in calls if " update" in f" {c}"]
    installs = [c for c in calls if " install " in f" {c} "]
    assert len(updates) == 4 and len(installs) == 1  # three refusals, then it went through
    for call in calls:  # and apt-get itself waits for the dpkg lock
        assert "-o DPkg::Lock::Timeout=600" in call
    assert "waiting" in result.stderr


def test_setup_gives_up_with_a_clear_message_when_the_lock_is_never_released(sandbox: Path) -> None:
    result, calls = _run_setup(sandbox, locked_times=10**6, wait=0)
    assert result.returncode != 0
    assert "still holds the apt/dpkg lock" in result.stderr
    assert not any(" install " in f" {c} " for c in calls)


def test_other_apt_failures_are_not_retried(sandbox: Path) -> None:
    _executable(sandbox / "bin" / "apt-get", '#!/bin/sh\necho "$*" >> "$FAKE_LOG"\necho "E: Unable to locate package foo" >&2\nexit 100\n')
    result, calls = _run_setup(sandbox, locked_times=0)
    assert result.returncode == 100
    assert len(calls) == 1 and "Unable to locate package" in result.stderr


@pytest.mark.skipif(os.name != "posix", reason="bash script")
def test_setup_script_is_valid_bash() -> None:
    subprocess.run(["bash", "-n", str(REPO / "scripts" / "setup.sh")], check=True)
