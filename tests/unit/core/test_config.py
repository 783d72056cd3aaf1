from pathlib import Path

from tap_assistant.core.config import (
    Configuration,
    load_configuration,
    save_user_settings,
)
from tap_assistant.core.model import Severity


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_no_files(tmp_path):
    config = load_configuration(tmp_path / "none.toml", tmp_path / "none-user.toml")
    assert config.problems == []
    assert config.settings.default_audience == "student"
    assert config.settings.grammar_enabled is True


def test_policy_sets_and_locks_and_user_cannot_override(tmp_path):
    policy = write(
        tmp_path / "policy.toml",
        """
[settings]
district_name = "Maple Valley SD"
district_domains = ["maplevalley.k12.example.us"]
clipboard_watch = true
locked = ["clipboard_watch", "district_domains"]
""",
    )
    user = write(
        tmp_path / "settings.toml",
        """
[settings]
clipboard_watch = false
district_domains = ["gmail.com"]
default_audience = "parent"
""",
    )
    config = load_configuration(policy, user)
    assert config.settings.district_name == "Maple Valley SD"
    assert config.settings.clipboard_watch is True
    assert config.settings.district_domains == ["maplevalley.k12.example.us"]
    assert config.settings.default_audience == "parent"
    assert config.is_locked("clipboard_watch")
    locked_problems = [p for p in config.problems if "set by your district" in p.message]
    assert {p.key for p in locked_problems} == {"clipboard_watch", "district_domains"}
    assert all(p.path == str(user) and p.line for p in locked_problems)


def test_invalid_toml_is_reported_with_line_and_the_rest_loads(tmp_path):
    policy = write(tmp_path / "policy.toml", '[settings]\ndistrict_name = "A"\nlocked = [\n')
    user = write(tmp_path / "settings.toml", '[settings]\ndefault_audience = "colleague"\n')
    config = load_configuration(policy, user)
    assert config.settings.default_audience == "colleague"
    problem = config.problems[0]
    assert problem.path == str(policy)
    assert problem.line is not None
    assert "not valid TOML" in problem.message


def test_unknown_keys_bad_values_and_bad_regex_are_named(tmp_path):
    policy = write(
        tmp_path / "policy.toml",
        """
[settings]
district_nam = "typo"
clipboard_min_length = "forty"
student_id_pattern = "(\\\\d{8"
default_audience = "students"

[rules]
disable = ["P4.textspeak"]
severity = { "T3.texting-student" = "severe" }
colour = "red"

[extras]
x = 1
""",
    )
    config = load_configuration(policy, tmp_path / "none.toml")
    by_key = {p.key: p for p in config.problems}
    assert by_key["district_nam"].line == 3
    assert "unknown setting" in by_key["district_nam"].message
    assert "whole number" in by_key["clipboard_min_length"].message
    assert "regular expression" in by_key["student_id_pattern"].message
    assert "default_audience" in by_key
    assert "severe" in by_key["T3.texting-student"].message
    assert "rules.colour" in by_key
    assert "extras" in by_key
    assert config.rules.disabled == {"P4.textspeak"}
    assert config.settings.clipboard_min_length == 40  # default kept


def test_rule_severity_override_is_parsed(tmp_path):
    policy = write(tmp_path / "p.toml", '[rules.severity]\n"P4.textspeak" = "stop"\n')
    config = load_configuration(policy, tmp_path / "none.toml")
    assert config.rules.severities == {"P4.textspeak": Severity.STOP}


def test_save_user_settings_round_trip_skips_locked(tmp_path):
    config = Configuration(locked={"hotkey"})
    config.settings.default_audience = "public"
    config.settings.approved_channels = ["schoology.com", 'we"ird']
    path = save_user_settings(config, tmp_path / "s" / "settings.toml")
    text = path.read_text(encoding="utf-8")
    assert "hotkey" not in text
    reloaded = load_configuration(tmp_path / "none.toml", path)
    assert reloaded.problems == []
    assert reloaded.settings.default_audience == "public"
    assert reloaded.settings.approved_channels == ["schoology.com", 'we"ird']


def test_unreadable_binary_file_is_reported(tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_bytes(b"\xff\xfe\x00garbage")
    config = load_configuration(policy, tmp_path / "none.toml")
    assert config.problems and config.problems[0].path == str(policy)
