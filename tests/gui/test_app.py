"""The tray app in-process: hotkey → capture → check → badge and review; watching; instance."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

keyboard = pytest.importorskip("keyboard")

from tap_assistant.core.model import Verdict  # noqa: E402
from tap_assistant.gui.badge import BadgeState  # noqa: E402
from tests.gui.keyboard_fake import press_combo  # noqa: E402
from tests.gui.tray_app import close_app  # noqa: E402

RISKY = "Hi Jordan, text me tonight at 555-201-3344 and keep this between us. Mr. Daniels"

pytestmark = pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs X (pytest-xvfb)")


@pytest.fixture
def tap_app(qtbot, qapp, config, monkeypatch):
    from tap_assistant.gui.application import TapApp

    monkeypatch.setenv("TAP_ASSISTANT_HOTKEY_BACKEND", "keyboard")
    config.settings.grammar_enabled = False
    config.settings.clipboard_watch = True
    config.settings.clipboard_min_length = 20
    app = TapApp(qapp, config)
    app.start()
    qtbot.waitUntil(lambda: app.checker.ready, timeout=30_000)
    yield app
    close_app(app)


def test_hotkey_checks_the_selection_and_opens_the_review(qtbot, fake_os, tap_app, xsel) -> None:
    assert tap_app.hotkeys.name == "keyboard" and tap_app.status()["hotkey_available"]
    xsel.set(RISKY, "primary")
    qtbot.waitUntil(lambda: tap_app.capture._clipboard.text(tap_app.capture._clipboard.Mode.Selection) == RISKY, timeout=5000)
    press_combo("ctrl", "shift", "f8")
    qtbot.waitUntil(lambda: tap_app.review is not None and tap_app.review.isVisible(), timeout=10_000)
    assert tap_app.review.visible_report.verdict is Verdict.STOP
    assert tap_app.tray.state is BadgeState.STOP
    status = tap_app.status()
    assert status["review_verdict"] == "stop" and status["stats"]["last_capture_source"] == "primary"
    assert RISKY not in repr(status)  # status never carries text


def test_watched_copy_changes_the_badge_and_notifies(qtbot, tap_app, xsel) -> None:
    xsel.set(RISKY, "clipboard")
    qtbot.waitUntil(lambda: tap_app.tray.state is BadgeState.STOP, timeout=10_000)
    assert tap_app.stats.notifications == 1
    assert tap_app.review is None or not tap_app.review.isVisible()  # watching never pops a window
    xsel.set("Thank you for the update; the field trip form is attached.", "clipboard")
    qtbot.waitUntil(lambda: tap_app.tray.state is BadgeState.PASS, timeout=10_000)
    assert tap_app.stats.notifications == 1


def test_pause_and_show_last(qtbot, tap_app, xsel) -> None:
    xsel.set(RISKY, "clipboard")
    qtbot.waitUntil(lambda: tap_app.tray.state is BadgeState.STOP, timeout=10_000)
    tap_app.tray.pause_action.trigger()
    assert tap_app.tray.state is BadgeState.PAUSED and tap_app.watcher.paused
    tap_app.handle_command("show-last")
    qtbot.waitUntil(lambda: tap_app.review is not None and tap_app.review.isVisible(), timeout=5000)
    assert tap_app.review.visible_report.verdict is Verdict.STOP
    assert tap_app.review.revised_text() == RISKY


def test_review_edits_update_the_badge(qtbot, tap_app, xsel) -> None:
    xsel.set(RISKY, "primary")
    qtbot.waitUntil(lambda: tap_app.capture._clipboard.text(tap_app.capture._clipboard.Mode.Selection) == RISKY, timeout=5000)
    tap_app.handle_command("check-selection")
    qtbot.waitUntil(lambda: tap_app.review is not None and tap_app.review.isVisible(), timeout=10_000)
    review = tap_app.review
    review.article.set_draft("Thanks for the update, see you in class.")
    review.article.edited.emit()
    qtbot.waitUntil(lambda: tap_app.tray.state is BadgeState.PASS, timeout=10_000)


def test_single_instance_server_answers_and_refuses_a_second_primary(qtbot, tap_app) -> None:
    from tap_assistant.gui.instance import InstanceServer

    server = InstanceServer(tap_app.handle_command)
    assert server.acquire()
    try:
        second = InstanceServer(tap_app.handle_command)
        assert not second.acquire()
        # The client is another process, as with `tap-assistant --check-selection`; this
        # process keeps its event loop turning so the server can answer.
        client = subprocess.Popen(
            [sys.executable, "-c", "import json; from tap_assistant.gui.instance import send_command; "
             "print(json.dumps(send_command('status')))"],
            stdout=subprocess.PIPE, env=os.environ.copy(),
        )
        qtbot.waitUntil(lambda: client.poll() is not None, timeout=20_000)
        reply = json.loads(client.stdout.read())
        assert reply["ok"] and reply["status"]["pid"] == os.getpid()
    finally:
        server.close()
