"""The tray app: wires capture, checks, the badge and the review window together.

Start-up order keeps the tray icon fast: the icon shows first, then (on the next turn of the
event loop) the TAP rules load on a worker thread, the grammar engine starts in the
background and the hotkey is registered. Checks requested meanwhile simply wait on a worker.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from tap_assistant import __version__
from tap_assistant.core.config import Configuration
from tap_assistant.core.model import Report, Verdict
from tap_assistant.gui.badge import BadgeState, app_icon
from tap_assistant.gui.config_watch import ConfigWatcher, adopt
from tap_assistant.gui.welcome import WelcomeDialog, should_welcome
from tap_assistant.gui.whole_check import WholeCheck
from tap_assistant.gui.capture.clipboard_watch import ClipboardWatcher
from tap_assistant.gui.capture.copykeys import choose_copy_sender
from tap_assistant.gui.capture.hotkey import CHECK_SELECTION, FALLBACK_HINT, create_hotkey_backend
from tap_assistant.gui.capture.hotkey_spec import HotkeyError
from tap_assistant.gui.capture.selection import CaptureResult, CaptureSource, SelectionCapture
from tap_assistant.gui.engine_bridge import GrammarService
from tap_assistant.gui.instance import InstanceServer
from tap_assistant.gui.review.article import normalise_newlines
from tap_assistant.gui.review.window import SendAnywayRecord, ReviewWindow
from tap_assistant.gui.theme import VERDICT_LABELS
from tap_assistant.gui.tray import Tray
from tap_assistant.gui.workers import CheckerHolder, CheckRunner

if TYPE_CHECKING:
    from tap_assistant.core.checker import TapChecker

log = logging.getLogger(__name__)

_VERDICT_BADGES = {Verdict.PASS: BadgeState.PASS, Verdict.CAUTION: BadgeState.CAUTION, Verdict.STOP: BadgeState.STOP}


@dataclass
class _Pending:
    text: str
    origin: str  # "selection", "clipboard" or "watch"
    open_review: bool
    started: float
    window: object = None  # SourceWindow the draft came from (Put back), if known


@dataclass
class SessionStats:
    checks: int = 0
    captures: int = 0
    capture_failures: int = 0
    last_capture_source: str = ""
    last_restore: str = ""  # "restored", "left-changed" or "" (no clipboard change needed)
    watch_checks: int = 0
    watch_skips: dict[str, int] = field(default_factory=dict)
    notifications: int = 0


class TapApp(QObject):
    _checker_loaded = Signal()  # from the loader thread to the GUI thread

    def __init__(self, qapp: QApplication, config: Configuration, process_started: float | None = None) -> None:
        super().__init__()
        self.qapp = qapp
        self.config = config
        self.process_started = process_started or time.time()
        self.stats = SessionStats()
        self.send_anyway_records: list[SendAnywayRecord] = []  # memory only, unless the log is on
        self.checker = CheckerHolder()
        self.grammar = GrammarService(config, self)
        self.runner = CheckRunner(self.checker, self.grammar, self)
        # A watched copy's verdict includes grammar (gui/whole_check.py), so the badge, the
        # notification and the review agree.
        # Its own runner: the shared one keeps only the newest grammar request, which would
        # drop the open review's request.
        self.whole_check = WholeCheck(
            CheckRunner(self.checker, self.grammar, self), lambda: self.config.settings.district_name, self
        )
        self.whole_check.settled.connect(self._on_watch_settled)
        self._watch_notified: tuple[Verdict, int] | None = None
        # Policy and settings files are applied live (gui/config_watch.py).
        self.config_watch = ConfigWatcher(config, parent=self)
        self.config_watch.changed.connect(self._on_config_files_changed)
        self.runner.tap_ready.connect(self._on_tap_ready)
        self.runner.check_failed.connect(self._on_check_failed)
        self._checker_loaded.connect(self._update_badge)
        self._pending: dict[int, _Pending] = {}
        self.last_text: str | None = None
        self.last_report: Report | None = None
        self.review: ReviewWindow | None = None
        self.settings_window = None
        self.welcome: WelcomeDialog | None = None
        self.about_box: QMessageBox | None = None
        self.tray_shown_at: float | None = None
        self.hotkey_note = ""

        self.tray = Tray(self)
        self.tray.check_selection.connect(self.check_selection)
        self.tray.check_clipboard.connect(self.check_clipboard)
        self.tray.show_last.connect(self.show_last)
        self.tray.notification_clicked.connect(self.show_last)
        self.tray.pause_toggled.connect(self.set_paused)
        self.tray.open_settings.connect(self.open_settings)
        self.tray.open_about.connect(self.open_about)
        self.tray.quit_requested.connect(self.quit)
        self.grammar.state_changed.connect(self._on_engine_state)

        clipboard = QGuiApplication.clipboard()
        self.hotkeys = create_hotkey_backend(parent=self)
        self.hotkeys.activated.connect(self._on_hotkey)
        self.capture = SelectionCapture(clipboard, choose_copy_sender(self.hotkeys), parent=self)
        self.capture.captured.connect(self._on_captured)
        self.capture.failed.connect(self._on_capture_failed)
        self.capture.restore_finished.connect(
            lambda restored: setattr(self.stats, "last_restore", "restored" if restored else "left-changed")
        )
        self.watcher = ClipboardWatcher(
            clipboard,
            min_length=config.settings.clipboard_min_length,
            enabled=config.settings.clipboard_watch,
            parent=self,
        )
        self.capture.busy_changed.connect(lambda busy: self.watcher.suspend() if busy else self.watcher.resume())
        self.watcher.copied.connect(self._on_watched_copy)
        self.watcher.skipped.connect(self._on_watch_skip)
        self.server: InstanceServer | None = None
        qapp.aboutToQuit.connect(self.shutdown)

    # ----------------------------------------------------------------- start and stop
    def start(self, initial_command: str | None = None) -> None:
        self.tray.set_paused(False, self.config.settings.clipboard_watch)
        self.tray.show()
        self.tray_shown_at = time.time()
        log.info(
            "tray shown ms=%.0f available=%s",
            (self.tray_shown_at - self.process_started) * 1000,
            QSystemTrayIcon.isSystemTrayAvailable(),
        )
        QTimer.singleShot(0, self._deferred_start)
        if should_welcome():
            QTimer.singleShot(400, self.open_welcome)
        if initial_command:
            QTimer.singleShot(0, lambda: self.handle_command(initial_command))

    def _deferred_start(self) -> None:
        threading.Thread(target=self._build_checker, name="build-checker", daemon=True).start()
        self.grammar.start_async()
        self._register_hotkey()
        self._update_badge()
        # Build the review window now, while idle, so the first capture shows it without delay.
        QTimer.singleShot(50, lambda: self._ensure_review().prepare())

    def _build_checker(self) -> None:  # background thread
        started = time.perf_counter()
        try:
            from tap_assistant.core.checker import build_checker

            from tap_assistant.semantic import LOADING

            checker = build_checker(self.config, meaning_status=LOADING)
            checker.warm_up()
        except Exception as error:  # noqa: BLE001 - shown to the user; the tray keeps running
            log.error("TAP rules failed to load: %s", type(error).__name__)
            self.checker.set(None, f"the TAP rules could not be loaded ({type(error).__name__})")
            emit_unless_deleted(self._checker_loaded)
            return
        self.checker.set(checker)
        log.info("checker ready ms=%.0f", (time.perf_counter() - started) * 1000)
        if emit_unless_deleted(self._checker_loaded):
            self._load_meaning(checker)

    def _load_meaning(self, checker: "TapChecker") -> None:  # background thread
        """Add the meaning check once its model is loaded; the rules work meanwhile."""
        started = time.perf_counter()
        try:
            from tap_assistant.semantic import attach_semantic

            with_meaning = attach_semantic(checker, self.config.settings, warm=True)
        except Exception as error:  # noqa: BLE001 - the rule check goes on without it
            log.error("meaning check failed to load: %s", type(error).__name__)
            return
        self.checker.set(with_meaning)
        log.info(
            "meaning check %s ms=%.0f", with_meaning.meaning_status.status.value, (time.perf_counter() - started) * 1000
        )
        emit_unless_deleted(self._checker_loaded)

    def _register_hotkey(self) -> None:
        combo = self.config.settings.hotkey
        note = ""
        if not self.hotkeys.available:
            note = self.hotkeys.reason
        else:
            try:
                self.hotkeys.unregister_all()
                self.hotkeys.register(CHECK_SELECTION, combo)
            except HotkeyError as error:
                note = f"{error} {FALLBACK_HINT}" if FALLBACK_HINT not in str(error) else str(error)
        self.hotkey_note = note
        self.tray.set_hotkey_note(note, combo)
        log.info("hotkey backend=%s available=%s", self.hotkeys.name, not note)

    def quit(self) -> None:
        self.qapp.quit()

    def shutdown(self) -> None:
        log.info("shutting down")
        try:
            self.hotkeys.unregister_all()
        except Exception:  # noqa: BLE001
            log.exception("hotkey cleanup failed")
        self.grammar.stop()
        if self.server is not None:
            self.server.close()
        self.tray.hide()
        log.info("stopped")

    # ----------------------------------------------------------------- commands
    def handle_command(self, command: str) -> dict[str, Any]:
        log.info("command %s", command)
        if command == "status":
            return {"ok": True, "status": self.status()}
        if command == "check-selection":
            QTimer.singleShot(0, self.check_selection)
        elif command == "check-clipboard":
            QTimer.singleShot(0, self.check_clipboard)
        elif command == "show-last":
            QTimer.singleShot(0, self.show_last)
        elif command == "settings":
            QTimer.singleShot(0, self.open_settings)
        elif command == "quit":
            QTimer.singleShot(0, self.quit)
        elif command == "activate":
            QTimer.singleShot(0, lambda: self.tray.notify("TAP Assistant", "TAP Assistant is already running in the tray."))
        return {"ok": True}

    def check_selection(self) -> None:
        if not self.capture.start():
            log.info("capture already running")

    def check_clipboard(self) -> None:
        self.capture.read_clipboard()

    def show_last(self) -> None:
        if self.last_text is None or self.last_report is None:
            self.tray.notify("TAP Assistant", "No draft checked yet. Select a draft and use Check selection.")
            return
        review = self._ensure_review()
        if review.isVisible() and review.revised_text() == self.last_text:
            review.bring_to_front()  # already showing it (maybe edited): keep the user's work
        else:
            review.present(self.last_text, self.last_report, grammar=self.grammar.enabled)

    def set_paused(self, paused: bool) -> None:
        self.watcher.paused = paused
        self.tray.set_paused(paused, self.config.settings.clipboard_watch)
        log.info("watch paused=%s", paused)
        self._update_badge()

    def open_settings(self) -> None:
        from tap_assistant.gui.settings_window import SettingsWindow

        if self.settings_window is not None and self.settings_window.isVisible():
            self.settings_window.raise_()
            self.settings_window.activateWindow()
            return
        self.settings_window = SettingsWindow(self.config, self.hotkey_note)
        self.settings_window.saved.connect(self.apply_settings)
        self.settings_window.show()
        self.settings_window.raise_()
        self.settings_window.activateWindow()

    def apply_settings(self, changed: list[str]) -> None:
        settings = self.config.settings
        if "hotkey" in changed:
            self._register_hotkey()
        self.watcher.enabled = settings.clipboard_watch
        self.watcher.min_length = settings.clipboard_min_length
        self.tray.set_paused(self.watcher.paused, settings.clipboard_watch)
        if any(name.startswith("semantic_") for name in changed) and self.checker.ready:
            try:
                current = self.checker.get(timeout=0)
            except RuntimeError:
                current = None
            if current is not None:
                threading.Thread(target=self._load_meaning, args=(current,), name="load-meaning", daemon=True).start()
        if "grammar_enabled" in changed:
            if settings.grammar_enabled:
                self.grammar.start_async()
            else:
                threading.Thread(target=self.grammar.stop, name="engine-stop", daemon=True).start()
        self._update_badge()

    def open_welcome(self) -> None:
        """The first-run welcome (hotkey, badge, privacy; the work email if IT set no domain)."""
        self.welcome = WelcomeDialog(self.config, self.hotkey_note)
        self.welcome.saved.connect(self.apply_settings)
        self.welcome.show()
        self.welcome.raise_()

    def _on_config_files_changed(self, fresh: Configuration, changed: list[str]) -> None:
        adopt(self.config, fresh)
        self.apply_settings(changed)
        # Rules, severities and locks may have changed too: rebuild the checker in the
        # background; the current one keeps answering meanwhile.
        threading.Thread(target=self._build_checker, name="rebuild-checker", daemon=True).start()

    def open_about(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "About TAP Assistant",
                          f"<b>TAP Assistant {__version__}</b><p>Checks drafts against the district's TAP test "
                          "(Transparent, Accessible, Professional) on this computer. Nothing is sent anywhere.</p>"
                          "<p>Select a draft in any program and press the hotkey, or use "
                          "<code>tap-assistant --check-selection</code>.</p>")
        box.setWindowIcon(app_icon())
        box.setModal(False)
        self.about_box = box
        box.show()

    # ----------------------------------------------------------------- checking
    def _on_hotkey(self, hotkey_id: str) -> None:
        if hotkey_id == CHECK_SELECTION:
            self.check_selection()

    def _on_captured(self, result: CaptureResult) -> None:
        self.stats.captures += 1
        self.stats.last_capture_source = result.source.value
        if result.source is not CaptureSource.COPY:
            self.stats.last_restore = ""
        origin = "clipboard" if result.source is CaptureSource.CLIPBOARD else "selection"
        self._check(result.text, origin, open_review=True, started=result.started, window=result.window)

    def _on_capture_failed(self, reason: str) -> None:
        self.stats.capture_failures += 1
        self.tray.notify("TAP Assistant", reason)

    def _on_watched_copy(self, text: str) -> None:
        self.stats.watch_checks += 1
        self._check(text, "watch", open_review=False, started=time.perf_counter())

    def _on_watch_skip(self, why: str) -> None:
        self.stats.watch_skips[why] = self.stats.watch_skips.get(why, 0) + 1

    def _check(self, text: str, origin: str, open_review: bool, started: float, window: object = None) -> None:
        text = normalise_newlines(text)
        # None: the checker guesses the reader from the draft, the default setting is its fallback.
        token = self.runner.check(text, None, with_grammar=False)
        self._pending[token] = _Pending(text, origin, open_review, started, window)
        self.tray.set_state(BadgeState.CHECKING)

    def _on_tap_ready(self, token: int, report: Report) -> None:
        pending = self._pending.pop(token, None)
        if pending is None:
            return
        self.stats.checks += 1
        self.last_text, self.last_report = pending.text, report
        if pending.open_review:
            self.whole_check.cancel()
            self._show_verdict(report)
            self._ensure_review().present(
                pending.text, report, started=pending.started, grammar=self.grammar.enabled, source=pending.window
            )
        else:
            self._watch_notified = None
            self.whole_check.start(pending.text, report)
            self._update_badge()

    def _on_watch_settled(self, report: Report, final: bool) -> None:
        """A watched copy's verdict: the TAP one while grammar is slow, then the whole one."""
        self.last_report = report
        self._show_verdict(report)
        count = len(report.counted_findings())
        if report.verdict is Verdict.PASS or self._watch_notified == (report.verdict, count):
            return
        updated = self._watch_notified is not None
        self._watch_notified = (report.verdict, count)
        self.stats.notifications += 1
        self.tray.notify(
            f"TAP check{' updated' if updated else ''}: {VERDICT_LABELS[report.verdict]}",
            f"The text you copied has {count} finding{'s' if count != 1 else ''}"
            + (" (grammar included)" if final and report.grammar.status.value == "checked" else "")
            + ". Click to review it.",
            critical=report.verdict is Verdict.STOP,
        )

    def _on_check_failed(self, token: int, message: str) -> None:
        pending = self._pending.pop(token, None)
        if pending is not None:
            self.tray.notify("TAP Assistant could not check", message)
            self._update_badge()

    def _show_verdict(self, report: Report) -> None:
        count = len(report.counted_findings())
        self.tray.set_last_summary(
            f"Last check: {VERDICT_LABELS[report.verdict]}"
            + (f" ({count} finding{'s' if count != 1 else ''})" if count else "")
        )
        self._update_badge()

    def _on_review_changed(self, report: Report) -> None:
        # The review is the newest word on the last draft (after edits, fixes, ignores).
        self.last_report = report
        if self.review is not None:
            self.last_text = self.review.revised_text()
        self._show_verdict(report)

    def _on_engine_state(self, state: str, detail: str) -> None:
        self.tray.set_engine_note(state, detail)
        self._update_badge()

    def _update_badge(self) -> None:
        if self._pending or self.whole_check.waiting:
            state, count = BadgeState.CHECKING, 0
        elif self.watcher.paused and self.config.settings.clipboard_watch:
            state, count = BadgeState.PAUSED, 0
        elif self.last_report is not None:
            state = _VERDICT_BADGES[self.last_report.verdict]
            count = len(self.last_report.counted_findings())
        elif not self.checker.ready or self.grammar.state == "starting":
            state, count = BadgeState.STARTING, 0
        else:
            state, count = BadgeState.IDLE, 0
        self.tray.set_state(state, count)

    def _ensure_review(self) -> ReviewWindow:
        if self.review is None:
            self.review = ReviewWindow(self.config, self.runner)
            self.review.report_changed.connect(self._on_review_changed)
            self.review.sent_anyway.connect(self._on_sent_anyway)
            self.review.action_done.connect(lambda ok, message: self.tray.notify("TAP Assistant", message, critical=not ok))
        return self.review

    def _on_sent_anyway(self, record: SendAnywayRecord) -> None:
        self.send_anyway_records.append(record)
        if self.config.settings.send_anyway_log and record.reason:
            from tap_assistant.gui.send_anyway_log import append_record

            append_record(record)

    # ----------------------------------------------------------------- status (tests, support)
    def status(self) -> dict[str, Any]:
        """State for tests and support: verdicts, counts, rule ids, flags. Never any text."""
        review = self.review
        visible = review.visible_report if review is not None else None
        geometry = self.tray.icon.geometry()
        return {
            "pid": os.getpid(),
            "version": __version__,
            "tray_available": QSystemTrayIcon.isSystemTrayAvailable(),
            "tray_visible": self.tray.visible,
            "tray_geometry": [geometry.x(), geometry.y(), geometry.width(), geometry.height()],
            "badge": self.tray.state.value,
            "badge_count": self.tray.count,
            "checker_ready": self.checker.ready,
            "semantic": _status_of(self.checker),
            "engine_state": self.grammar.state,
            "hotkey_backend": self.hotkeys.name,
            "hotkey_available": not self.hotkey_note,
            "watch_enabled": self.watcher.enabled,
            "watch_paused": self.watcher.paused,
            "last_verdict": self.last_report.verdict.value if self.last_report else None,
            "last_rules": sorted({f.rule for f in self.last_report.findings}) if self.last_report else [],
            "review_visible": bool(review is not None and review.isVisible()),
            "review_title": review.windowTitle() if review is not None else "",
            "review_verdict": visible.verdict.value if visible else None,
            "review_findings": len(visible.findings) if visible else 0,
            "review_grammar": visible.grammar.status.value if visible else None,
            "review_grammar_pending": bool(review is not None and review.grammar_pending),
            "stats": {
                "checks": self.stats.checks,
                "captures": self.stats.captures,
                "capture_failures": self.stats.capture_failures,
                "last_capture_source": self.stats.last_capture_source,
                "last_restore": self.stats.last_restore,
                "watch_checks": self.stats.watch_checks,
                "watch_skips": dict(self.stats.watch_skips),
                "notifications": self.stats.notifications,
                "send_anyway": len(self.send_anyway_records),
            },
        }


def emit_unless_deleted(signal_instance: Any) -> bool:
    """Emit a loader thread's signal; False when its QObject is already gone (the app quit while the
    rules or the model loaded), which leaves nothing to update and must not raise in the thread."""
    try:
        signal_instance.emit()
    except RuntimeError:
        return False
    return True


def _install_signal_handlers(qapp: QApplication) -> QTimer:
    """Quit cleanly (stopping the engine) on SIGTERM/SIGINT; the timer lets Python see signals."""
    for signum in (signal.SIGTERM, signal.SIGINT):
        try:
            signal.signal(signum, lambda *_: QTimer.singleShot(0, qapp.quit))
        except (ValueError, OSError):
            pass
    timer = QTimer()
    timer.start(300)
    timer.timeout.connect(lambda: None)
    return timer


def create_qapplication(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    QApplication.setApplicationName("TAP Assistant")
    QApplication.setOrganizationName("TAP Assistant")
    QApplication.setDesktopFileName("tap-assistant")
    qapp = QApplication(argv if argv is not None else [sys.argv[0]])
    qapp.setWindowIcon(app_icon())
    qapp.setQuitOnLastWindowClosed(False)  # closing the review leaves the tray running
    return qapp


def _status_of(holder: CheckerHolder) -> str:
    try:
        return holder.get(timeout=0).meaning_status.status.value
    except RuntimeError:
        return "unavailable"


def run_tray_app(config: Configuration, initial_command: str | None = None, process_started: float | None = None) -> int:
    """Run the tray app as the primary instance; returns the exit status."""
    from tap_assistant.gui.instance import send_command
    from tap_assistant.gui.logsetup import install_qt_message_handler, setup_logging

    setup_logging()
    install_qt_message_handler()
    log.info("starting version=%s pid=%d", __version__, os.getpid())
    qapp = create_qapplication()
    app = TapApp(qapp, config, process_started)
    server = InstanceServer(app.handle_command)
    if not server.acquire():
        # Another instance won the race: hand it our command once it listens.
        reply = None
        for _ in range(20):
            reply = send_command(initial_command or "activate", timeout_ms=1000)
            if reply is not None:
                break
            time.sleep(0.25)
        log.info("another instance is running; forwarded=%s", reply is not None)
        return 0 if reply is not None else 1
    app.server = server
    for problem in config.problems:
        log.warning("configuration problem in %s", Path(problem.path).name)
    keepalive = _install_signal_handlers(qapp)
    app.start(initial_command)
    if config.policy_fallback:
        log.error("district policy unusable; fallback=%s", "last-good" if "last good copy" in config.policy_fallback else "none")
        app.tray.notify("District policy problem", config.policy_fallback, critical=True)
    status = qapp.exec()
    keepalive.stop()
    return int(status)
