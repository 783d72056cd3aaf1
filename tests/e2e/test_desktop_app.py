"""The real tray app as a process under Xvfb, with trayer as tray host and the real X clipboard."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.e2e.conftest import XSession, wait_for

RISKY = (
    "Hi Jordan, great job on the poster! Just text me at 555-201-3344 or email my personal "
    "account, coach.d@gmail.com. Let's keep this between us for now. Mr. Daniels"
)
ORIGINAL = "Agenda for Tuesday's staff meeting (the user's own clipboard)"


def test_tray_icon_appears_in_the_tray_host(launch_app, x_session: XSession, tmp_path: Path) -> None:
    app = launch_app()
    status = app.wait_status(lambda s: s["tray_visible"] and s["tray_geometry"][2] > 0, what="tray icon")
    assert status["tray_available"]
    icons = wait_for(lambda: [line for line in x_session.tray_children() if "TAP Assistant" in line], what="icon in trayer")
    assert len(icons) == 1
    status = app.wait_status(lambda s: s["checker_ready"] and s["badge"] == "idle", what="ready badge")
    assert status["hotkey_backend"] in ("none", "keyboard")
    x_session.screenshot(tmp_path / "tray.png")


def test_primary_selection_and_check_selection_flag_open_the_review(
    launch_app, x_session: XSession, tmp_path: Path
) -> None:
    app = launch_app()
    app.wait_status(lambda s: s["tray_visible"], what="tray")
    x_session.set_selection(RISKY, "primary")
    forwarded = app.cli("--check-selection")
    assert forwarded.returncode == 0, forwarded.stderr
    status = app.wait_status(lambda s: s["review_visible"] and s["review_verdict"], what="review")
    assert status["review_verdict"] == "stop" and status["badge"] == "stop"
    assert status["review_title"] == "TAP Assistant — Front page test"
    assert {"T3.texting-student", "T6.secrecy"} <= set(status["last_rules"])
    assert status["stats"]["last_capture_source"] == "primary"
    windows = x_session.run("xdotool", "search", "--name", "Front page test")
    assert windows.strip(), "the review window is not mapped on the X server"
    x_session.screenshot(tmp_path / "review.png")


def test_flag_starts_the_app_when_none_is_running(launch_app, x_session: XSession, tmp_path: Path) -> None:
    x_session.set_selection(RISKY, "primary")
    app = launch_app(None, "--check-selection")  # `run --check-selection` == first start with an action
    status = app.wait_status(lambda s: s["review_visible"] and s["review_verdict"], what="review")
    assert status["review_verdict"] == "stop"


def test_watched_copy_of_a_risky_draft_changes_the_badge(launch_app, x_session: XSession, tmp_path: Path) -> None:
    app = launch_app({"clipboard_watch": True, "clipboard_min_length": 30})
    app.wait_status(lambda s: s["checker_ready"] and s["badge"] == "idle", what="ready")
    x_session.set_selection(RISKY, "clipboard")
    status = app.wait_status(lambda s: s["badge"] == "stop", what="stop badge")
    assert status["badge_count"] >= 3 and status["stats"]["notifications"] == 1
    assert not status["review_visible"]  # watching notifies; it never pops a window
    x_session.screenshot(tmp_path / "badge-stop.png")
    x_session.set_selection("ok", "clipboard")  # too short: ignored
    app.wait_status(lambda s: s["stats"]["watch_skips"].get("short", 0) >= 1, what="short copy skipped")
    x_session.set_selection("Thank you for the update; the field trip form is attached for Friday.", "clipboard")
    app.wait_status(lambda s: s["badge"] == "pass", what="pass badge")


def test_clipboard_is_restored_after_a_capture(launch_app, x_session: XSession, tmp_path: Path) -> None:
    app = launch_app()
    app.wait_status(lambda s: s["checker_ready"], what="ready")
    # No PRIMARY selection anywhere: the capture has to send Ctrl+C to the focused program.
    x_session.set_selection("", "primary")
    x_session.set_selection(ORIGINAL, "clipboard")
    draft_file = tmp_path / "draft.txt"
    draft_file.write_text(RISKY, encoding="utf-8")
    source = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("copy_source.py")), str(draft_file)],
        env=x_session.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )
    try:
        assert source.stdout is not None and source.stdout.readline().strip() == b"ready"
        window = wait_for(lambda: x_session.run("xdotool", "search", "--name", "^Copy source$").split(), what="source window")[0]
        x_session.run("xdotool", "windowactivate", "--sync", window)
        wait_for(lambda: x_session.run("xdotool", "getactivewindow").strip() == window, what="focus")
        assert app.cli("--check-selection").returncode == 0
        status = app.wait_status(lambda s: s["review_visible"] and s["review_verdict"], what="review")
        assert status["review_verdict"] == "stop"
        assert status["stats"]["last_capture_source"] == "copy"
        status = app.wait_status(lambda s: s["stats"]["last_restore"] != "", what="restore")
        assert status["stats"]["last_restore"] == "restored"
        assert x_session.get_selection("clipboard") == ORIGINAL
        x_session.screenshot(tmp_path / "after-capture.png")
    finally:
        source.terminate()
        source.wait(timeout=10)


def test_second_start_hands_over_and_exits(launch_app, x_session: XSession) -> None:
    app = launch_app()
    app.wait_status(lambda s: s["tray_visible"], what="tray")
    second = app.cli("run", timeout=30)
    assert second.returncode == 0 and "already running" in second.stdout.decode()
    x_session.set_selection(RISKY, "primary")
    assert app.cli("--check-selection").returncode == 0
    app.wait_status(lambda s: s["review_visible"], what="review")
    assert app.cli("--show-last").returncode == 0
    assert app.status()["pid"] == app.pid


def test_review_command_writes_a_screenshot(x_session: XSession, tmp_path: Path) -> None:
    png = tmp_path / "review.png"
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "tap_assistant", "review", str(repo / "resources/samples/draft-to-student.txt"),
         "--no-grammar", "--screenshot", str(png)],
        cwd=repo, env=x_session.env, capture_output=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


def test_quit_stops_the_app_cleanly(launch_app) -> None:
    app = launch_app()
    app.wait_status(lambda s: s["tray_visible"], what="tray")
    assert app.quit() == 0
    assert "stopped" in app.log_text()


def test_two_simultaneous_starts_make_one_instance(launch_app, x_session: XSession) -> None:
    app = launch_app()  # the fixture's app sets up the isolated dirs; race a second start against a third
    app.wait_status(lambda s: s["tray_visible"], what="tray")
    assert app.quit() == 0
    racers = [
        subprocess.Popen([sys.executable, "-m", "tap_assistant", "run"], cwd=app.root.parent, env=app.env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    try:
        winner = wait_for(lambda: app._socket_path() and app.status()["pid"], timeout=30, what="one instance")
        loser = next(p for p in racers if p.pid != winner)
        assert loser.wait(timeout=30) == 0
        assert next(p for p in racers if p.pid == winner).poll() is None
        assert len(x_session.tray_children()) >= 1
    finally:
        app.command("quit")
        for racer in racers:
            racer.wait(timeout=60)


def test_meaning_check_loads_in_the_background_and_joins_the_badge(
    launch_app, x_session: XSession, tmp_path: Path
) -> None:
    """A draft with no listed wording: only the meaning check (the real model) can catch it."""
    app = launch_app({"clipboard_watch": True, "clipboard_min_length": 30, "grammar_enabled": False})
    app.wait_status(lambda s: s["checker_ready"] and s["semantic"] == "checked", timeout=60, what="meaning check loaded")
    x_session.set_selection(
        "I think about our talks all the time, honestly you are the only one who really gets me.",
        "clipboard",
    )
    status = app.wait_status(lambda s: s["badge"] in ("caution", "stop"), what="a caution or stop badge")
    assert any(rule.startswith("meaning.") for rule in status["last_rules"]), status["last_rules"]
    assert status["badge_count"] >= 1
