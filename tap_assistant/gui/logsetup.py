"""Logging for the desktop app: a rotating file in the user log directory.

Log lines carry lengths, rule ids, counts and timings only: never draft text (a test reads the
log files of a whole session to prove it).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

from tap_assistant import APP_NAME

LOG_FILE_NAME = "tap-assistant.log"

#: Harmless platform-plugin notices (offscreen renders, some window managers); not worth a line.
QUIET_QT_MESSAGES = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
    "QObject::connect: No such signal QPlatformNativeInterface::systemTrayWindowChanged",
)


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def setup_logging(level: str | None = None) -> Path:
    directory = log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_FILE_NAME
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(getattr(logging, (level or os.environ.get("TAP_ASSISTANT_LOG_LEVEL", "INFO")).upper(), logging.INFO))
    return path


def install_qt_message_handler() -> None:
    """Route Qt's own warnings into our log (they never contain clipboard contents)."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(mode, context, message) -> None:  # noqa: ANN001 - Qt callback
        if message.startswith(QUIET_QT_MESSAGES):
            return
        qt_log.log(levels.get(mode, logging.INFO), "%s", message[:300])

    qInstallMessageHandler(handler)
