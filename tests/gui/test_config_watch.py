"""Policy and settings files are watched and applied live (issue 8, item 7)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tap_assistant.core.config import load_configuration
from tap_assistant.gui.config_watch import ConfigWatcher
from tests.gui.tray_app import close_app


def _config(tmp_path: Path, policy: str = "", user: str = ""):
    policy_path, user_path = tmp_path / "policy.toml", tmp_path / "settings.toml"
    if policy:
        policy_path.write_text(policy, encoding="utf-8")
    if user:
        user_path.write_text(user, encoding="utf-8")
    return load_configuration(policy_path=policy_path, user_path=user_path)


def test_a_policy_change_is_reported_with_the_changed_settings(qtbot, tmp_path: Path) -> None:
    config = _config(tmp_path, '[settings]\ndistrict_name = "Riverside"\nclipboard_min_length = 60\n')
    watcher = ConfigWatcher(config)
    with qtbot.waitSignal(watcher.changed, timeout=5000) as blocker:
        # Replaced, not rewritten in place, as deployment tools do.
        fresh = tmp_path / "policy.toml.new"
        fresh.write_text('[settings]\ndistrict_name = "Riverside USD"\nclipboard_min_length = 25\n', encoding="utf-8")
        os.replace(fresh, tmp_path / "policy.toml")
    new, changed = blocker.args
    assert sorted(changed) == ["clipboard_min_length", "district_name"]
    assert new.settings.district_name == "Riverside USD"
    # A second change to the replaced file is still seen.
    with qtbot.waitSignal(watcher.changed, timeout=5000) as blocker:
        (tmp_path / "policy.toml").write_text('[settings]\ndistrict_name = "Riverside"\n', encoding="utf-8")
    assert "district_name" in blocker.args[1]


def test_a_new_user_settings_file_is_seen(qtbot, tmp_path: Path) -> None:
    config = _config(tmp_path)
    watcher = ConfigWatcher(config)
    with qtbot.waitSignal(watcher.changed, timeout=5000) as blocker:
        (tmp_path / "settings.toml").write_text('version = 2\n[settings]\ngrammar_enabled = false\n', encoding="utf-8")
    assert blocker.args[1] == ["grammar_enabled"]


def test_other_files_in_the_folder_do_not_reload(qtbot, tmp_path: Path) -> None:
    config = _config(tmp_path, '[settings]\ndistrict_name = "Riverside"\n')
    watcher = ConfigWatcher(config)
    with qtbot.assertNotEmitted(watcher.changed, wait=800):
        (tmp_path / "unrelated.txt").write_text("x", encoding="utf-8")


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs X (pytest-xvfb)")
def test_the_running_app_applies_a_policy_change(qtbot, qapp, tmp_path: Path) -> None:
    pytest.importorskip("keyboard")
    from tap_assistant.gui.application import TapApp

    config = _config(tmp_path, '[settings]\nclipboard_watch = true\nclipboard_min_length = 60\ngrammar_enabled = false\n')
    app = TapApp(qapp, config)
    app.start()
    try:
        qtbot.waitUntil(lambda: app.checker.ready, timeout=30_000)
        assert app.watcher.min_length == 60
        (tmp_path / "policy.toml").write_text(
            '[settings]\nclipboard_watch = true\nclipboard_min_length = 25\ngrammar_enabled = false\n'
            'district_name = "Maple Valley"\n[rules]\ndisable = ["T6.secrecy"]\n',
            encoding="utf-8",
        )
        qtbot.waitUntil(lambda: app.watcher.min_length == 25, timeout=5000)
        assert app.config.settings.district_name == "Maple Valley"
        # The rule pack follows too: the district turned a rule off.
        qtbot.waitUntil(
            lambda: "T6.secrecy" not in {f.rule for f in app.checker.get().check("Keep this between us.", "student").findings},
            timeout=10_000,
        )
    finally:
        close_app(app)
