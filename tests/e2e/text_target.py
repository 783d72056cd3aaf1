"""A stand-in for the mail program a draft is written in, for the Put back e2e test.

A real Qt text widget holding a letter whose middle paragraph (the draft) is selected, as a
teacher would select it before pressing the hotkey. Prints "ready"; on each line "dump" from
stdin prints the widget's whole text as JSON.
Usage: python text_target.py LETTER_JSON  ({"before": ..., "draft": ..., "after": ...})
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QSocketNotifier
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName("mailer")
    letter = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    editor = QPlainTextEdit()
    editor.setWindowTitle("Compose message")
    editor.setPlainText(letter["before"] + letter["draft"] + letter["after"])
    cursor = editor.textCursor()
    cursor.setPosition(len(letter["before"]))
    cursor.setPosition(len(letter["before"]) + len(letter["draft"]), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.resize(520, 260)
    editor.show()
    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def on_input() -> None:
        line = sys.stdin.readline()
        if not line:
            app.quit()
        elif line.strip() == "dump":
            print(json.dumps(editor.toPlainText()), flush=True)

    notifier.activated.connect(on_input)
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
