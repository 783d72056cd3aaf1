"""First run without district domains asks once for the work email (issue 10, item 6)."""

from __future__ import annotations

from pathlib import Path

from tap_assistant.core.config import Configuration, load_configuration
from tap_assistant.gui.first_run import WorkEmailDialog, domain_of, should_ask_work_email


def test_domain_of():
    assert domain_of(" j.holt@OakUSD.example.org ") == "oakusd.example.org"
    assert domain_of("not an address") is None


def test_asked_once_unless_set_or_locked(tmp_path: Path):
    marker = tmp_path / "asked"
    config = Configuration()
    assert should_ask_work_email(config, marker)
    config.locked.add("district_domains")
    assert not should_ask_work_email(config, marker)
    config.locked.clear()
    config.settings.district_domains = ["oakusd.example.org"]
    assert not should_ask_work_email(config, marker)
    config.settings.district_domains = []
    marker.touch()
    assert not should_ask_work_email(config, marker)


def test_saving_keeps_the_domain_in_user_settings(qtbot, tmp_path: Path):
    config = load_configuration(policy_path=tmp_path / "policy.toml", user_path=tmp_path / "settings.toml")
    dialog = WorkEmailDialog(config, marker=tmp_path / "asked")
    qtbot.addWidget(dialog)
    dialog.address.setText("nope")
    dialog.save()
    assert dialog.error.text() and not (tmp_path / "asked").exists()
    with qtbot.waitSignal(dialog.saved) as blocker:
        dialog.address.setText("j.holt@oakusd.example.org")
        dialog.save()
    assert blocker.args == [["district_domains"]]
    assert (tmp_path / "asked").exists()
    reloaded = load_configuration(policy_path=tmp_path / "policy.toml", user_path=tmp_path / "settings.toml")
    assert reloaded.settings.district_domains == ["oakusd.example.org"]


def test_not_now_is_remembered(qtbot, tmp_path: Path):
    dialog = WorkEmailDialog(Configuration(), marker=tmp_path / "asked")
    qtbot.addWidget(dialog)
    dialog.reject()
    assert (tmp_path / "asked").exists()
