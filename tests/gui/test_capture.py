"""Selection capture and clipboard watching on the real X clipboard (Xvfb + xclip)."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QClipboard, QGuiApplication

from tap_assistant.gui.capture.clipboard_watch import ClipboardWatcher
from tap_assistant.gui.capture.mime import own_text
from tap_assistant.gui.capture.selection import CaptureSource, SelectionCapture

DRAFT = "Hi Jordan, text me tonight and keep this between us. Mr. Daniels"
ORIGINAL = "the user's own clipboard, which must survive the capture"

pytestmark = pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs X (pytest-xvfb)")


def wait_clipboard(qtbot, expected: str, xsel) -> None:
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text(QClipboard.Mode.Clipboard) == expected, timeout=5000)


@pytest.fixture
def clipboard(qapp):
    return QGuiApplication.clipboard()


def test_primary_selection_is_read_without_touching_the_clipboard(qtbot, clipboard, xsel) -> None:
    xsel.set(ORIGINAL, "clipboard")
    xsel.set(DRAFT, "primary")
    qtbot.waitUntil(lambda: clipboard.text(QClipboard.Mode.Selection) == DRAFT, timeout=5000)
    sent = []
    capture = SelectionCapture(clipboard, lambda: sent.append(1))
    with qtbot.waitSignal(capture.captured, timeout=3000) as blocker:
        capture.start()
    result = blocker.args[0]
    assert result.source is CaptureSource.PRIMARY and result.text == DRAFT
    assert sent == []  # no keystroke needed on X11
    assert xsel.get("clipboard") == ORIGINAL
    assert DRAFT not in repr(result)  # never in a log line


def test_copy_capture_restores_the_users_clipboard(qtbot, clipboard, xsel) -> None:
    xsel.set(ORIGINAL, "clipboard")
    wait_clipboard(qtbot, ORIGINAL, xsel)
    # The "other program" answers Ctrl+C by putting the selected draft on the clipboard.
    capture = SelectionCapture(clipboard, lambda: xsel.set(DRAFT, "clipboard"), use_primary=False)
    with qtbot.waitSignal(capture.restore_finished, timeout=5000) as restored:
        with qtbot.waitSignal(capture.captured, timeout=3000) as blocker:
            capture.start()
        assert blocker.args[0].text == DRAFT and blocker.args[0].source is CaptureSource.COPY
    assert restored.args == [True]
    assert xsel.get("clipboard") == ORIGINAL


def test_restore_is_skipped_when_something_else_changed_the_clipboard(qtbot, clipboard, xsel) -> None:
    xsel.set(ORIGINAL, "clipboard")
    wait_clipboard(qtbot, ORIGINAL, xsel)
    newer = "the user copied something new meanwhile"
    capture = SelectionCapture(clipboard, lambda: xsel.set(DRAFT, "clipboard"), use_primary=False, settle_ms=3000)
    with qtbot.waitSignal(capture.restore_finished, timeout=10_000) as restored:
        with qtbot.waitSignal(capture.captured, timeout=3000):
            capture.start()
        xsel.set(newer, "clipboard")
        qtbot.waitUntil(lambda: clipboard.text(QClipboard.Mode.Clipboard) == newer, timeout=2500)
    assert restored.args == [False]
    assert xsel.get("clipboard") == "the user copied something new meanwhile"


def test_nothing_copied_fails_and_leaves_the_clipboard_alone(qtbot, clipboard, xsel) -> None:
    xsel.set(ORIGINAL, "clipboard")
    wait_clipboard(qtbot, ORIGINAL, xsel)
    capture = SelectionCapture(clipboard, lambda: None, use_primary=False, timeout_ms=300)
    with qtbot.waitSignal(capture.failed, timeout=3000) as blocker:
        capture.start()
    assert "Nothing was copied" in blocker.args[0]
    assert not capture.busy
    assert xsel.get("clipboard") == ORIGINAL


def test_empty_clipboard_stays_empty_after_capture(qtbot, clipboard, xsel) -> None:
    clipboard.clear(QClipboard.Mode.Clipboard)
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=3000)
    capture = SelectionCapture(clipboard, lambda: xsel.set(DRAFT, "clipboard"), use_primary=False)
    with qtbot.waitSignal(capture.restore_finished, timeout=5000):
        capture.start()
    assert xsel.get("clipboard") == ""


def test_no_copy_sender_explains_what_to_do(qtbot, clipboard) -> None:
    capture = SelectionCapture(clipboard, None, use_primary=False)
    with qtbot.waitSignal(capture.failed, timeout=2000) as blocker:
        capture.start()
    assert "Check clipboard" in blocker.args[0]


# ------------------------------------------------------------------ clipboard watching
@pytest.fixture
def watcher(qapp, clipboard):
    watch = ClipboardWatcher(clipboard, min_length=20, debounce_ms=100, enabled=True)
    yield watch
    watch.enabled = False


def test_watched_copy_of_long_text_is_reported(qtbot, watcher, xsel) -> None:
    with qtbot.waitSignal(watcher.copied, timeout=5000) as blocker:
        xsel.set(DRAFT, "clipboard")
    assert blocker.args == [DRAFT]


def test_short_copies_are_ignored(qtbot, watcher, xsel) -> None:
    with qtbot.waitSignal(watcher.skipped, timeout=5000, check_params_cb=lambda why: why == "short"):
        xsel.set("ok thanks", "clipboard")


def test_debounce_reports_a_burst_once(qtbot, watcher, clipboard) -> None:
    seen = []
    watcher.copied.connect(seen.append)
    for n in range(5):
        clipboard.setText(f"{DRAFT} version {n}")
    qtbot.waitUntil(lambda: len(seen) >= 1, timeout=5000)
    qtbot.wait(300)
    assert seen == [f"{DRAFT} version 4"]


def test_own_writes_are_ignored(qtbot, watcher, clipboard) -> None:
    with qtbot.assertNotEmitted(watcher.copied, wait=500):
        clipboard.setMimeData(own_text(DRAFT + " revised"))


def test_password_manager_hint_is_respected(qtbot, watcher, clipboard) -> None:
    secret = QMimeData()
    secret.setText("correct horse battery staple and a long password here")
    secret.setData("x-kde-passwordManagerHint", b"secret")
    with qtbot.waitSignal(watcher.skipped, timeout=3000, check_params_cb=lambda why: why == "secret"):
        clipboard.setMimeData(secret)


def test_paused_and_suspended_watching_stay_quiet(qtbot, watcher, xsel) -> None:
    watcher.paused = True
    with qtbot.assertNotEmitted(watcher.copied, wait=500):
        xsel.set(DRAFT + " paused", "clipboard")
    watcher.paused = False
    watcher.suspend()
    with qtbot.assertNotEmitted(watcher.copied, wait=500):
        xsel.set(DRAFT + " during a capture", "clipboard")
    watcher.resume()
    with qtbot.waitSignal(watcher.copied, timeout=5000):
        xsel.set(DRAFT + " after", "clipboard")
