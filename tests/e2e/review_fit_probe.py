"""Opens the real review window on the current X display and reports where its buttons are.

Run by tests/e2e/test_review_fits.py on an Xvfb of a laptop's size with a window manager and a
taskbar. Prints one JSON object: the screen's full and available geometry, the window's frame,
and for every visible button its global rectangle and whether it sits in the findings list
(which scrolls vertically, so only its horizontal extent must be inside the list).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication

from tap_assistant.core.checker import build_checker
from tap_assistant.core.config import load_configuration
from tap_assistant.core.model import Audience
from tap_assistant.gui.review.window import ReviewWindow
from tap_assistant.gui.workers import CheckerHolder, CheckRunner

DRAFT = (
    "Hi Jordan, great job on the poster! Just text me at 555-201-3344 or email my personal "
    "account, coach.d@gmail.com. Let's keep this between us for now. Want to grab a beer after "
    "the game? lol u gonna love it. Your mom told me about your IEP and your ADHD medication. "
    "I am so sick of these kids. Add me on Snapchat, my handle is @coachd. Mr. Daniels"
)


def rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def main() -> int:
    app = QApplication(sys.argv[:1])
    config = load_configuration(policy_path=Path("/nonexistent/policy.toml"), user_path=Path("/nonexistent/settings.toml"))
    config.settings.district_name = sys.argv[1] if len(sys.argv) > 1 else "Maple Valley School District"
    checker = build_checker(config)
    holder = CheckerHolder()
    holder.set(checker)
    window = ReviewWindow(config, CheckRunner(holder, grammar=None))
    window.present(DRAFT, checker.check(DRAFT, Audience.STUDENT), grammar=False)
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:  # let the window manager map and place it
        app.processEvents()
        time.sleep(0.02)
    screen = window.screen()
    viewport = window.findings.viewport()
    buttons = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisible():
            continue
        top_left = button.mapToGlobal(QPoint(0, 0))
        in_list = viewport.isAncestorOf(button)
        card = button.parentWidget()
        buttons.append(
            {
                "text": button.text(),
                "full_text": getattr(button, "full_text", button.text)(),
                "rect": rect(QRect(top_left, button.size())),
                "in_findings": in_list,
                "inside_parent": card.rect().contains(button.geometry()),
            }
        )
    report = {
        "screen": rect(screen.geometry()),
        "available": rect(screen.availableGeometry()),
        "frame": rect(window.frameGeometry()),
        "client": rect(window.geometry()),
        "findings_viewport": rect(QRect(viewport.mapToGlobal(QPoint(0, 0)), viewport.size())),
        "masthead": {"shown": window.page.masthead.text(), "full": getattr(window.page.masthead, "full_text", window.page.masthead.text)(),
                     "lines": window.page.masthead.height() // max(1, window.page.masthead.fontMetrics().lineSpacing())},
        "cards": len(window.findings.cards),
        "buttons": buttons,
    }
    print(json.dumps(report), flush=True)
    sys.stdin.readline()  # the window stays mapped until the test has asked the X server too
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
