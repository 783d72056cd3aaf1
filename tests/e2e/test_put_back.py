"""Put back: the revised text replaces the selection in the program it came from (issue 8, item 5).

The real tray app, a real Qt text widget in another process as the mail program, openbox as
window manager: select the draft there, check it with --check-selection, edit it in the review,
press Alt+P (Put back). The widget must then hold the revised text in place of the selection,
and the user's clipboard must be what it was before.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.conftest import XSession, wait_for

BEFORE = "Dear Mrs. Lee,\n\n"
DRAFT = "Jordan did great on the poster today, lol u should be proud."
AFTER = "\n\nBest regards,\nMr. Daniels"
ORIGINAL = "Agenda for Tuesday's staff meeting (the user's own clipboard)"
ADDED = " See you Friday."


def test_put_back_replaces_the_selection_and_restores_the_clipboard(launch_app, x_session: XSession, tmp_path: Path) -> None:
    app = launch_app()
    app.wait_status(lambda s: s["checker_ready"], what="ready")
    x_session.set_selection("", "primary")
    x_session.set_selection(ORIGINAL, "clipboard")
    letter = tmp_path / "letter.json"
    letter.write_text(json.dumps({"before": BEFORE, "draft": DRAFT, "after": AFTER}), encoding="utf-8")
    target = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("text_target.py")), str(letter)],
        env=x_session.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert target.stdout is not None and target.stdin is not None
        assert target.stdout.readline().strip() == "ready"
        window = wait_for(lambda: x_session.run("xdotool", "search", "--name", "^Compose message$").split(), what="target")[0]
        x_session.run("xdotool", "windowactivate", "--sync", window)
        wait_for(lambda: x_session.run("xdotool", "getactivewindow").strip() == window, what="focus on the target")
        assert app.cli("--check-selection").returncode == 0
        status = app.wait_status(lambda s: s["review_visible"] and s["review_verdict"], what="review")
        assert status["review_verdict"] == "caution"  # "u": textspeak
        review = wait_for(lambda: x_session.run("xdotool", "search", "--name", "Front page test").split(), what="review")[0]
        wait_for(lambda: x_session.run("xdotool", "getactivewindow").strip() == review, what="review focused")
        # The draft has the focus when the review opens: the teacher can type at once.
        time.sleep(0.3)
        x_session.run("xdotool", "key", "--clearmodifiers", "ctrl+End")
        x_session.run("xdotool", "type", "--delay", "5", ADDED)
        time.sleep(0.3)
        x_session.run("xdotool", "key", "--clearmodifiers", "alt+p")
        wait_for(lambda: "put back done" in app.log_text(), timeout=15, what="put back")

        def dumped() -> str:
            target.stdin.write("dump\n")
            target.stdin.flush()
            return json.loads(target.stdout.readline())

        assert dumped() == BEFORE + DRAFT + ADDED + AFTER
        assert wait_for(lambda: x_session.get_selection("clipboard") == ORIGINAL, timeout=5, what="clipboard restored")
        assert not app.status()["review_visible"]
    finally:
        target.terminate()
        target.wait(timeout=10)
