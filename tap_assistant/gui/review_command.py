"""`tap-assistant review FILE`: the review window for one file, or a PNG screenshot of it."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QTimer

from tap_assistant.core.config import Configuration
from tap_assistant.core.model import Audience, GrammarResult, GrammarStatus
from tap_assistant.gui.review.article import normalise_newlines
from tap_assistant.gui.review.window import ReviewWindow
from tap_assistant.gui.workers import CheckerHolder, CheckRunner

log = logging.getLogger(__name__)

#: What the review gets on a 1366x768 laptop with a 40 px taskbar (see review/fitting.py).
SCREENSHOT_SIZE = (1180, 688)


class _FixedGrammar:
    """A grammar result computed before the window opened (screenshots need it synchronously)."""

    def __init__(self, result: GrammarResult) -> None:
        self._result = result
        self.state = "ready"

    @property
    def enabled(self) -> bool:
        return self._result.status is not GrammarStatus.DISABLED

    def check(self, text: str, on_findings: object = None, cancelled: object = None) -> GrammarResult:
        return self._result


def apply_theme(qapp, dark: bool) -> None:  # noqa: ANN001 - QApplication
    """A plain light or dark Fusion palette, whatever the desktop's theme (for screenshots)."""
    from PySide6.QtGui import QColor, QPalette

    qapp.setStyle("Fusion")
    if not dark:
        qapp.setPalette(qapp.style().standardPalette())
        return
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#eeeeee",
        QPalette.ColorRole.Base: "#1f1f1f", QPalette.ColorRole.AlternateBase: "#2b2b2b",
        QPalette.ColorRole.Text: "#eeeeee", QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#eeeeee", QPalette.ColorRole.Highlight: "#3d8bff",
        QPalette.ColorRole.HighlightedText: "#000000", QPalette.ColorRole.ToolTipBase: "#353535",
        QPalette.ColorRole.ToolTipText: "#eeeeee", QPalette.ColorRole.PlaceholderText: "#a0a0a0",
        QPalette.ColorRole.Mid: "#555555",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    qapp.setPalette(palette)


def _oneshot_grammar(text: str, config: Configuration, enabled: bool) -> GrammarResult:
    from tap_assistant.commands.check import check_grammar

    return check_grammar(text, config, enabled)


def run_review(
    config: Configuration,
    text: str,
    audience: Audience | None,
    screenshot: Path | None,
    grammar: bool,
    theme: str = "system",
) -> int:
    from tap_assistant.core.checker import build_checker
    from tap_assistant.gui.application import create_qapplication

    from tap_assistant.gui.logsetup import install_qt_message_handler

    install_qt_message_handler()
    qapp = create_qapplication()
    qapp.setQuitOnLastWindowClosed(True)
    if theme != "system":
        apply_theme(qapp, dark=theme == "dark")
    text = normalise_newlines(text)
    holder = CheckerHolder()
    from tap_assistant.semantic import attach_semantic

    checker = attach_semantic(build_checker(config), config.settings)
    holder.set(checker)
    grammar_on = grammar and config.settings.grammar_enabled
    if screenshot is not None:
        provider = _FixedGrammar(_oneshot_grammar(text, config, grammar_on))
        runner = CheckRunner(holder, provider)
    else:
        from tap_assistant.gui.engine_bridge import GrammarService

        service = GrammarService(config)
        if not grammar_on:
            config.settings.grammar_enabled = False
        service.start_async()
        qapp.aboutToQuit.connect(service.stop)
        runner = CheckRunner(holder, service)
    window = ReviewWindow(config, runner)
    if screenshot is not None:
        window.set_fixed_placement(*SCREENSHOT_SIZE)
    report = checker.check(text, audience)
    window.present(text, report, grammar=grammar_on)
    if screenshot is None:
        return int(qapp.exec())

    deadline = time.monotonic() + 30
    while window.grammar_pending and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.01)
    # Let layouts settle (labels wrap after the first resize) before grabbing.
    for _ in range(5):
        qapp.processEvents()
        time.sleep(0.02)
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    pixmap = window.grab()
    if not pixmap.save(str(screenshot), "PNG"):
        log.error("could not write the screenshot")
        return 3
    window.close()
    QTimer.singleShot(0, qapp.quit)
    qapp.exec()
    return 0
