"""Engine process pieces without Java: command line, config, records, stale clean-up."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tap_assistant.engine import process
from tap_assistant.engine.process import EngineRecord, LaunchSpec


@pytest.fixture
def run_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    root = process.paths.runtime_root()
    root.mkdir(parents=True)
    return root


def test_command_line_is_loopback_capped_and_custom_first(tmp_path: Path) -> None:
    spec = LaunchSpec(java=Path("/jdk/bin/java"), engine_dir=tmp_path / "engine", heap_mb=384, words=[], max_text_length=1000)
    command = process.build_command(spec, tmp_path / "custom", tmp_path / "server.properties", 4321)
    assert command[0] == "/jdk/bin/java"
    assert "-Xmx384m" in command
    classpath = command[command.index("-cp") + 1].split(":")
    assert classpath == [str(tmp_path / "custom"), str(tmp_path / "engine" / "lib" / "*")]
    assert command[command.index("--port") + 1] == "4321"
    assert command[command.index("--config") + 1] == str(tmp_path / "server.properties")
    for flag in ("--public", "--allow-origin", "--verbose", "-v"):
        assert flag not in command


def test_server_properties() -> None:
    props = dict(
        line.split("=", 1) for line in process.server_properties(201000).splitlines() if "=" in line and not line.startswith("#")
    )
    assert props["maxTextLength"] == "201000"
    assert props["pipelineCaching"] == "true"
    assert int(props["cacheSize"]) > 0
    assert int(props["maxCheckTimeMillis"]) > 0
    assert "pipelinePrewarming" not in props  # prewarms languages we do not ship


def test_pick_free_port_is_bindable() -> None:
    port = process.pick_free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def _fake_engine(config_path: Path, *extra: str) -> subprocess.Popen:
    """A harmless process whose command line looks like our engine's."""
    return subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(120)", *extra, process.MAIN_CLASS, "--config", str(config_path)]
    )


def _record(root: Path, proc: subprocess.Popen, port: int, owner_pid: int, owner_ct: float) -> EngineRecord:
    run_dir = root / str(port)
    run_dir.mkdir()
    config = run_dir / process.CONFIG_FILE
    config.write_text("", encoding="utf-8")
    record = EngineRecord(
        pid=proc.pid, port=port, config_path=str(config), owner_pid=owner_pid, owner_create_time=owner_ct,
        create_time=psutil.Process(proc.pid).create_time(), started_at=time.time(), engine_dir="/x", java="/j",
    )
    process.write_record(record)
    return record


def test_engine_of_a_dead_owner_is_stopped(run_root: Path) -> None:
    dead_owner = subprocess.Popen([sys.executable, "-c", "pass"])
    dead_owner.wait()
    config = run_root / "5001" / process.CONFIG_FILE
    fake = _fake_engine(config)
    try:
        record = _record(run_root, fake, 5001, dead_owner.pid, time.time() - 5)
        assert process.read_records(run_root) == [record]
        stopped = process.cleanup_stale(run_root)
        assert [r.pid for r in stopped] == [fake.pid]
        assert fake.wait(10) is not None
        assert not (run_root / "5001").exists()
    finally:
        fake.kill()


def test_engine_of_a_live_owner_is_left_alone(run_root: Path) -> None:
    me = psutil.Process()
    config = run_root / "5002" / process.CONFIG_FILE
    fake = _fake_engine(config)
    try:
        _record(run_root, fake, 5002, me.pid, me.create_time())
        assert process.cleanup_stale(run_root) == []
        assert fake.poll() is None
    finally:
        fake.kill()
        fake.wait()


def test_a_process_that_is_not_our_engine_is_never_killed(run_root: Path) -> None:
    """A recycled pid (another program) is only forgotten, not killed."""
    stranger = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        run_dir = run_root / "5003"
        run_dir.mkdir()
        (run_dir / process.CONFIG_FILE).write_text("", encoding="utf-8")
        record = EngineRecord(
            pid=stranger.pid, port=5003, config_path=str(run_dir / process.CONFIG_FILE), owner_pid=999999,
            owner_create_time=0.0, create_time=psutil.Process(stranger.pid).create_time(), started_at=0.0,
            engine_dir="/x", java="/j",
        )
        process.write_record(record)
        assert process.cleanup_stale(run_root) == []
        assert stranger.poll() is None
        assert not run_dir.exists()
    finally:
        stranger.kill()
        stranger.wait()


def test_detached_engines_only_stopped_on_request(run_root: Path) -> None:
    config = run_root / "5004" / process.CONFIG_FILE
    fake = _fake_engine(config)
    try:
        _record(run_root, fake, 5004, 0, 0.0)
        assert process.cleanup_stale(run_root) == []
        assert [r.port for r in process.cleanup_stale(run_root, include_detached=True)] == [5004]
        assert fake.wait(10) is not None
    finally:
        fake.kill()


def test_cmdline_match_needs_main_class_and_config() -> None:
    assert process.is_our_engine_cmdline(["java", "-cp", "x", process.MAIN_CLASS, "--config", "/a/b"], "/a/b")
    assert not process.is_our_engine_cmdline(["java", process.MAIN_CLASS, "--config", "/other"], "/a/b")
    assert not process.is_our_engine_cmdline(["python", "--config", "/a/b"], "/a/b")
