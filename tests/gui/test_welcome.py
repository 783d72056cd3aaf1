"""The first-run welcome (issue 8, item 7)."""

from __future__ import annotations

import os
import tomllib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tap_assistant.gui.welcome import WelcomeDialog, domain_of, should_welcome, welcome_marker
from tests.gui.tray_app import close_app


def test_domain_of_an_address() -> None:
    assert domain_of(" Pat.Lee@MapleValley.k12.example.us ") == "maplevalley.k12.example.us"
    assert domain_of("pat.lee") is None and domain_of("pat@localhost") is None


def test_it_explains_and_asks_for_the_work_email_when_no_domain_is_set(qtbot, config) -> None:
    welcome_marker().unlink()
    assert should_welcome()
    dialog = WelcomeDialog(config)
    qtbot.addWidget(dialog)
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert config.settings.hotkey.replace("+", " + ").lower() in labels.lower()
    assert "badge" in labels and "nothing is sent" in labels
    assert dialog.email is not None
    qtbot.keyClicks(dialog.email, "not an address")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "email address" in dialog.email_error.text()
    dialog.email.clear()
    qtbot.keyClicks(dialog.email, "pat.lee@maplevalley.k12.example.us")
    with qtbot.waitSignal(dialog.saved, timeout=2000) as blocker:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] == ["district_domains"]
    assert config.settings.district_domains == ["maplevalley.k12.example.us"]
    saved = tomllib.loads(config.user_path.read_text(encoding="utf-8"))["settings"]
    assert saved["district_domains"] == ["maplevalley.k12.example.us"]
    assert not should_welcome()  # once


def test_no_email_question_when_the_district_set_its_domains(qtbot, config) -> None:
    config.settings.district_domains = ["maplevalley.k12.example.us"]
    dialog = WelcomeDialog(config)
    qtbot.addWidget(dialog)
    assert dialog.email is None


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs X (pytest-xvfb)")
def test_the_app_shows_it_on_first_start_only(qtbot, qapp, config) -> None:
    pytest.importorskip("keyboard")
    from tap_assistant.gui.application import TapApp

    welcome_marker().unlink()
    config.settings.grammar_enabled = False
    app = TapApp(qapp, config)
    app.start()
    try:
        qtbot.waitUntil(lambda: app.welcome is not None and app.welcome.isVisible(), timeout=5000)
        app.welcome.reject()
        assert not should_welcome()
    finally:
        close_app(app)
