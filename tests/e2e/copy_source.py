"""A stand-in for the program holding the user's draft (a mail client, say), for e2e tests.

It shows a window; Ctrl+C puts the draft on the CLIPBOARD, as a browser or Electron app does,
without exporting a PRIMARY selection, so the tray app has to go through the copy path.
Usage: python copy_source.py DRAFT_FILE
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel


class Source(QLabel):
    def __init__(self, draft: str) -> None:
        super().__init__("Draft window (press Ctrl+C to copy the draft)")
        self.draft = draft
        self.setWindowTitle("Copy source")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.resize(420, 120)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Copy):
            QApplication.clipboard().setText(self.draft)
            print("copied", flush=True)
            return
        super().keyPressEvent(event)


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = Source(Path(sys.argv[1]).read_text(encoding="utf-8"))
    window.show()
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
