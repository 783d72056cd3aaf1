"""The wedged-engine replay, against the real LanguageTool (marked `engine`, `slow`).

Measured before issue 9: two 200,000-character checks sent at once kept both engine threads
busy long after their clients gave up; small checks then timed out for minutes while the app
said "ready". Here:

1. the same two 200k requests are replayed raw at our engine: it refuses them at once (its
   per-request cap, counted in UTF-16 units) and a small check still answers;
2. the engine is then wedged for real (SIGSTOP: it answers nothing at all, the worst case of
   stuck check threads). The next check gives up at its bound, the engine turns BUSY (not
   "ready"), further checks do not queue behind it, and without anyone calling `start()` it is
   restarted: a new JVM answers, the stuck one is gone, one Java process is left.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import psutil
import pytest
import requests

from tap_assistant.core.model import GrammarStatus
from tap_assistant.engine import process
from tap_assistant.engine.service import EngineState, GrammarEngine
from tests.unit.engine.conftest import engine_test_config

pytestmark = [pytest.mark.engine, pytest.mark.slow]

RUN_ON_200K = " ".join(["the student will bring a note home to parents about field trip"] * 3200)[:200_000]


def java_processes(run_root: Path) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = proc.info.get("cmdline") or []
        if process.MAIN_CLASS in cmdline and any(str(run_root) in part for part in cmdline):
            found.append(proc)
    return found


def wait_for(condition, seconds: float) -> bool:  # noqa: ANN001
    """Poll `condition` (a wait bound for a slow machine, not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return condition()


@pytest.fixture
def engine(installed_engine_dir: Path, tmp_path: Path) -> Iterator[GrammarEngine]:
    engine = GrammarEngine(
        engine_test_config(), engine_dir=installed_engine_dir, runtime_root=tmp_path / "run", log_file=tmp_path / "engine.log"
    )
    # Short bounds so the test does not wait for the desktop defaults.
    engine.request_bound = 4.0
    engine.recovery_seconds = 2.0
    yield engine
    pid = engine.pid
    engine.stop()
    if pid is not None:  # never leave a frozen JVM behind, whatever failed
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


@pytest.mark.skipif(sys.platform == "win32", reason="SIGSTOP freezes the engine; POSIX only")
def test_wedged_engine_replay_recovers_without_user_action_and_leaves_one_java(engine: GrammarEngine, tmp_path: Path) -> None:
    run_root = tmp_path / "run"
    states: list[str] = []
    engine._on_state = lambda s, d: states.append(s.value)  # noqa: SLF001 - observe transitions
    engine.start()
    assert engine.state is EngineState.READY, engine.detail
    first_pid = engine.pid
    assert first_pid is not None

    # 1. Replay the two 200k checks from other clients, at once.
    codes: list[int] = []

    def post(n: int) -> None:
        response = requests.post(
            engine.url + "v2/check", data={"language": "en-US", "text": RUN_ON_200K + f" {n}"},
            timeout=60, proxies={"http": "", "https": ""},
        )
        codes.append(response.status_code)

    posters = [threading.Thread(target=post, args=(n,)) for n in range(2)]
    for thread in posters:
        thread.start()
    for thread in posters:
        thread.join(70)
    assert codes == [413, 413]
    result = engine.check("The student did not recieve the assignment.")
    assert result.status is GrammarStatus.CHECKED, result.detail
    assert engine.state is EngineState.READY and engine.pid == first_pid

    # 2. Wedge it: the JVM stops answering anything.
    os.kill(first_pid, signal.SIGSTOP)
    result = engine.check("Teh first check after the wedge.")
    assert result.status is GrammarStatus.UNAVAILABLE
    assert "did not answer" in result.detail
    # Not "ready" any more; the next check answers at once instead of queueing behind it
    # (or, if the watchdog already started the restart, while it restarts).
    assert engine.state in (EngineState.BUSY, EngineState.STARTING)
    assert engine.check("Another small check.").status is GrammarStatus.UNAVAILABLE

    # No user action: the watchdog restarts it.
    assert wait_for(lambda: engine.state is EngineState.READY and engine.pid != first_pid, 90), (engine.state, engine.detail)
    result = engine.check("The student did not recieve the assignment.")
    assert result.status is GrammarStatus.CHECKED, result.detail
    assert "MORFOLOGIK_RULE_EN_US" in {f.rule for f in result.findings}
    assert not psutil.pid_exists(first_pid) or psutil.Process(first_pid).status() == psutil.STATUS_ZOMBIE
    javas = java_processes(run_root)
    assert [p.pid for p in javas] == [engine.pid]
    assert "busy" in states and states[-1] == "ready"
