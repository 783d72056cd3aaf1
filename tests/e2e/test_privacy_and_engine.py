"""A whole session stays on the machine: loopback only, no draft text in any file; and the
grammar engine the app starts is gone after quitting."""

from __future__ import annotations

import ipaddress
import threading
import time
from pathlib import Path

import psutil
import pytest

from tests.e2e.conftest import AppProcess, XSession

MARKER = "Quixotic Zebra 4417"
DRAFTS = [
    f"Hi Jordan, {MARKER} here. Just text me tonight and keep this between us, ok?",
    f"Dear parents, the {MARKER} field trip is on Friday. Their going to the museum and it dont cost nothing.",
]


def _is_loopback(address: object) -> bool:
    if not address:
        return True  # unconnected / listening with no peer
    host = getattr(address, "ip", None) or address[0]  # type: ignore[index]
    ip = ipaddress.ip_address(host.split("%", 1)[0])
    mapped = getattr(ip, "ipv4_mapped", None)  # Java listens on ::ffff:127.0.0.1
    return (mapped or ip).is_loopback


class ConnectionSampler(threading.Thread):
    """Samples the inet sockets of the app and all its children while the session runs."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples = 0
        self.seen: list[tuple[str, str, str]] = []
        self.children: set[int] = set()
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                root = psutil.Process(self.pid)
                processes = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for process in processes:
                self.children.add(process.pid)
                try:
                    for conn in process.net_connections(kind="inet"):
                        self.seen.append((process.name(), str(conn.laddr), str(conn.raddr)))
                        if not (_is_loopback(conn.laddr) and _is_loopback(conn.raddr)):
                            self.seen.append(("NON-LOOPBACK", str(conn.laddr), str(conn.raddr)))
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
            self.samples += 1
            time.sleep(0.05)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)


def _wait_engine_settled(app: AppProcess, timeout: float = 180) -> str:
    status = app.wait_status(
        lambda s: s["engine_state"] not in ("starting", "stopped"), timeout=timeout, what="engine start"
    )
    return status["engine_state"]


def test_session_is_loopback_only_and_logs_hold_no_draft_text(launch_app, x_session: XSession, tmp_path: Path) -> None:
    app = launch_app({"grammar_enabled": True, "clipboard_watch": True, "clipboard_min_length": 20})
    sampler = ConnectionSampler(app.pid)
    sampler.start()
    try:
        engine_state = _wait_engine_settled(app)
        # Selection capture with the review (grammar streams in when the engine is there).
        x_session.set_selection(DRAFTS[1], "primary")
        assert app.cli("--check-selection").returncode == 0
        app.wait_status(lambda s: s["review_visible"] and not s["review_grammar_pending"], timeout=90, what="review with grammar")
        # A watched copy.
        x_session.set_selection(DRAFTS[0], "clipboard")
        app.wait_status(lambda s: s["stats"]["watch_checks"] >= 1 and s["badge"] == "stop", what="watched copy")
        x_session.screenshot(tmp_path / "session.png")
        assert app.quit() == 0
    finally:
        sampler.stop()
    assert sampler.samples > 10, "the sampler did not watch the session"
    offenders = [entry for entry in sampler.seen if entry[0] == "NON-LOOPBACK"]
    assert offenders == [], f"non-loopback connections: {offenders}"
    if engine_state == "ready":
        assert sampler.seen, "the engine's loopback connection should have been seen"

    files = [p for d in app.dirs.values() for p in d.rglob("*") if p.is_file()]
    files += [app.root / "app.stdout", app.root / "app.stderr"]
    assert any(p.name.startswith("tap-assistant.log") for p in files), "the app wrote no log"
    for path in files:
        if path.is_socket() or not path.exists():
            continue
        content = path.read_bytes()
        assert MARKER.encode() not in content, f"draft text reached {path}"


@pytest.mark.engine
def test_quitting_leaves_no_java_process(launch_app, x_session: XSession, tmp_path: Path) -> None:
    app = launch_app({"grammar_enabled": True})
    state = _wait_engine_settled(app)
    if state != "ready":
        pytest.skip(f"the grammar engine is not available here (state {state}); run `tap-assistant engine install`")
    javas = [
        p for p in psutil.Process(app.pid).children(recursive=True)
        if "java" in p.name().lower() or any("java" in part for part in p.cmdline()[:1])
    ]
    assert javas, "the app reports the engine ready but started no Java process"
    # Grammar findings reach the review while it is open.
    x_session.set_selection(DRAFTS[1], "primary")
    assert app.cli("--check-selection").returncode == 0
    status = app.wait_status(lambda s: s["review_visible"] and s["review_grammar"] == "checked", timeout=60, what="grammar in review")
    assert status["review_findings"] > 0
    assert app.quit() == 0
    gone, alive = psutil.wait_procs(javas, timeout=30)
    assert alive == [], f"Java still running after quit: {[p.pid for p in alive]}"
