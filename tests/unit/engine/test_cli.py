"""`tap-assistant engine ...` and the grammar part of `tap-assistant check`, as subprocesses."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tap_assistant.engine import process
from tests.unit.engine.conftest import CLI

DRAFT = "Hello Sam, thank you for you help today. The student did not recieve the assignment.\n"


def our_jvms(state_home: Path) -> list[psutil.Process]:
    """LanguageTool servers whose config lives under this test's state dir."""
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = proc.info.get("cmdline") or []
        if process.MAIN_CLASS in cmdline and any(str(state_home) in part for part in cmdline):
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
    return found


def run_cli(args: list[str], env: dict[str, str], stdin: str = "", timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, text=True, env=env, timeout=timeout)


def test_check_without_engine_installed_reports_unavailable(tmp_path: Path) -> None:
    import os

    env = dict(os.environ, TAP_ASSISTANT_ENGINE_DIR=str(tmp_path / "no-engine"), XDG_STATE_HOME=str(tmp_path / "s"),
               XDG_CONFIG_HOME=str(tmp_path / "c"))
    completed = run_cli(["check", "--format", "json", "-"], env, DRAFT, timeout=120)
    assert "Traceback" not in completed.stderr
    report = json.loads(completed.stdout)
    assert report["grammar"]["status"] == "unavailable"
    assert "engine install" in report["grammar"]["detail"]
    assert not [f for f in report["findings"] if f["source"] == "grammar"]
    assert completed.returncode == {"pass": 0, "caution": 1, "stop": 2}[report["verdict"]]


def test_status_when_not_installed_says_how_to_fix(tmp_path: Path) -> None:
    import os

    env = dict(os.environ, TAP_ASSISTANT_ENGINE_DIR=str(tmp_path / "no-engine"), XDG_STATE_HOME=str(tmp_path / "s"))
    completed = run_cli(["engine", "status"], env, timeout=60)
    assert completed.returncode == 1
    assert "Installed:   NO" in completed.stdout and "tap-assistant engine install" in completed.stdout
    as_json = json.loads(run_cli(["engine", "status", "--format", "json"], env, timeout=60).stdout)
    assert as_json["installed"] is False and as_json["engine_dir_source"] == "environment"


@pytest.mark.engine
@pytest.mark.slow
def test_check_starts_checks_and_stops_the_engine(cli_env: dict[str, str]) -> None:
    state_home = Path(cli_env["XDG_STATE_HOME"])
    completed = run_cli(["check", "--format", "json", "-"], cli_env, DRAFT)
    assert "Traceback" not in completed.stderr, completed.stderr
    report = json.loads(completed.stdout)
    assert report["grammar"]["status"] == "checked", report["grammar"]
    grammar = {f["rule"]: f for f in report["findings"] if f["source"] == "grammar"}
    assert "MORFOLOGIK_RULE_EN_US" in grammar and grammar["MORFOLOGIK_RULE_EN_US"]["text"] == "recieve"
    assert report["pillars"]["professional"] in ("caution", "stop")
    assert completed.returncode == {"pass": 0, "caution": 1, "stop": 2}[report["verdict"]]
    assert our_jvms(state_home) == []  # no Java outlives the CLI


@pytest.mark.engine
@pytest.mark.slow
def test_engine_start_is_reused_by_check_and_stopped(cli_env: dict[str, str]) -> None:
    state_home = Path(cli_env["XDG_STATE_HOME"])
    try:
        started = run_cli(["engine", "start"], cli_env)
        assert started.returncode == 0, started.stderr
        jvms = our_jvms(state_home)
        assert len(jvms) == 1
        status = json.loads(run_cli(["engine", "status", "--format", "json"], cli_env, timeout=60).stdout)
        assert status["answering"] is True and status["running"][0]["pid"] == jvms[0].pid
        assert status["java"]["version"] and status["installed"] is True

        t0 = time.monotonic()
        completed = run_cli(["check", "--format", "json", "-"], cli_env, DRAFT)
        report = json.loads(completed.stdout)
        assert report["grammar"]["status"] == "checked"
        assert [p.pid for p in our_jvms(state_home)] == [jvms[0].pid]  # reused, not a second engine
        assert time.monotonic() - t0 < 60  # sanity only: a reuse never waits for a cold start

        stopped = run_cli(["engine", "stop"], cli_env, timeout=60)
        assert stopped.returncode == 0 and f"pid {jvms[0].pid}" in stopped.stdout
        jvms[0].wait(15)
        assert our_jvms(state_home) == []
    finally:
        for proc in our_jvms(state_home):
            proc.kill()


@pytest.mark.engine
@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux-only")
def test_killed_cli_leaves_no_java(cli_env: dict[str, str]) -> None:
    """kill -9 of the CLI while its engine starts: the JVM dies with it (PR_SET_PDEATHSIG)."""
    state_home = Path(cli_env["XDG_STATE_HOME"])
    cli = subprocess.Popen([*CLI, "check", "-"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=cli_env, text=True)
    try:
        assert cli.stdin is not None
        cli.stdin.write(DRAFT)
        cli.stdin.close()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not our_jvms(state_home):
            time.sleep(0.2)
        jvms = our_jvms(state_home)
        assert jvms, "the CLI never started an engine"
        cli.send_signal(signal.SIGKILL)
        cli.wait(10)
        gone, alive = psutil.wait_procs(jvms, timeout=15)
        assert alive == []
    finally:
        cli.kill()
        for proc in our_jvms(state_home):
            proc.kill()


@pytest.mark.engine
@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGSTOP freezes the engine; POSIX only")
def test_stuck_engine_is_replaced_not_joined_by_a_second_one(cli_env: dict[str, str]) -> None:
    """A background engine that answers nothing (frozen): `check` does not start a one-shot
    engine beside it, and `engine start` stops it and starts one in its place."""
    state_home = Path(cli_env["XDG_STATE_HOME"])
    try:
        assert run_cli(["engine", "start"], cli_env).returncode == 0
        [stuck] = our_jvms(state_home)
        stuck.suspend()  # SIGSTOP

        completed = run_cli(["check", "--format", "json", "-"], cli_env, DRAFT)
        report = json.loads(completed.stdout)
        assert report["grammar"]["status"] == "unavailable"
        assert "not answering" in report["grammar"]["detail"]
        assert [p.pid for p in our_jvms(state_home)] == [stuck.pid]  # no second engine

        restarted = run_cli(["engine", "start"], cli_env)
        assert restarted.returncode == 0, restarted.stderr
        assert "stuck" in restarted.stdout
        jvms = our_jvms(state_home)
        assert len(jvms) == 1 and jvms[0].pid != stuck.pid
        report = json.loads(run_cli(["check", "--format", "json", "-"], cli_env, DRAFT).stdout)
        assert report["grammar"]["status"] == "checked"
    finally:
        for proc in our_jvms(state_home):
            proc.kill()
