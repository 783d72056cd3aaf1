"""Closing a TapApp a test started, in the order that leaves no window, thread or watcher behind."""

from __future__ import annotations


def close_app(app) -> None:  # noqa: ANN001 - a tap_assistant.gui.application.TapApp
    if app.review is not None:
        app.review.close()
        app.review.deleteLater()
    app.shutdown()
    app.watcher.enabled = False
    app.deleteLater()
