from pathlib import Path

import tomllib

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from tap_assistant.core.config import (
    USER_FILE_VERSION,
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
    config.user_values["hotkey"] = "ctrl+shift+f2"  # e.g. set before the district locked it
    config.set_user_value("default_audience", "public")
    config.set_user_value("approved_channels", ["schoology.com", 'we"ird'])
    path = save_user_settings(config, tmp_path / "s" / "settings.toml")
    text = path.read_text(encoding="utf-8")
    assert "hotkey" not in text
    assert "district_name" not in text and "engine_url" not in text  # defaults are not copied
    reloaded = load_configuration(tmp_path / "none.toml", path)
    assert reloaded.problems == []
    assert reloaded.settings.default_audience == "public"
    assert reloaded.settings.approved_channels == ["schoology.com", 'we"ird']


def test_unreadable_binary_file_is_reported(tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_bytes(b"\xff\xfe\x00garbage")
    config = load_configuration(policy, tmp_path / "none.toml")
    assert config.problems and config.problems[0].path == str(policy)


POLICY_V1 = """
[settings]
district_name = "Maple Valley SD"
district_domains = ["maplevalley.k12.example.us"]
clipboard_min_length = 60
"""


def test_saving_writes_only_the_users_choices_with_a_version(tmp_path):
    policy = write(tmp_path / "policy.toml", POLICY_V1)
    user = tmp_path / "settings.toml"
    config = load_configuration(policy, user)
    config.set_user_value("default_audience", "parent")
    config.set_user_value("clipboard_min_length", 60)  # the district's value: not a choice
    save_user_settings(config)
    data = tomllib.loads(user.read_text(encoding="utf-8"))
    assert data == {"version": USER_FILE_VERSION, "settings": {"default_audience": "parent"}}


def test_policy_value_changed_after_a_user_save_is_seen(tmp_path):
    policy = write(tmp_path / "policy.toml", POLICY_V1)
    user = tmp_path / "settings.toml"
    config = load_configuration(policy, user)
    config.set_user_value("grammar_enabled", False)
    save_user_settings(config)
    # IT changes the district's policy after the user saved.
    write(
        policy,
        POLICY_V1.replace("Maple Valley SD", "Maple Valley Unified")
        .replace("60", "25")
        .replace('["maplevalley.k12.example.us"]', '["mvu.example.org"]'),
    )
    reloaded = load_configuration(policy, user)
    assert reloaded.problems == []
    assert reloaded.settings.district_name == "Maple Valley Unified"
    assert reloaded.settings.district_domains == ["mvu.example.org"]
    assert reloaded.settings.clipboard_min_length == 25
    assert reloaded.settings.grammar_enabled is False  # the user's own choice stays
    assert reloaded.source_of("district_name") == "policy"
    assert reloaded.source_of("grammar_enabled") == "user"
    assert reloaded.source_of("engine_url") == "default"


def test_choosing_the_district_value_again_follows_the_district(tmp_path):
    policy = write(tmp_path / "policy.toml", POLICY_V1)
    user = tmp_path / "settings.toml"
    config = load_configuration(policy, user)
    config.set_user_value("clipboard_min_length", 10)
    assert config.source_of("clipboard_min_length") == "user"
    config.set_user_value("clipboard_min_length", 60)
    assert config.source_of("clipboard_min_length") == "policy"
    save_user_settings(config)
    assert "clipboard_min_length" not in user.read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        Configuration(locked={"hotkey"}).set_user_value("hotkey", "ctrl+shift+f2")


V1_FILE = """# TAP Assistant user settings (written by the app)
[settings]
district_name = "Your School District"
district_domains = ["maplevalley.k12.example.us"]
approved_channels = []
student_id_pattern = ""
default_audience = "parent"
hotkey = "ctrl+shift+f8"
clipboard_watch = false
clipboard_min_length = 60
grammar_enabled = false
engine_url = ""
engine_heap_mb = 512
grammar_disabled_rules = []
accepted_words = []
send_anyway_log = false
"""


def test_a_file_of_copied_defaults_is_cleaned_once(tmp_path):
    policy = write(tmp_path / "policy.toml", POLICY_V1)
    user = write(tmp_path / "settings.toml", V1_FILE)
    config = load_configuration(policy, user)
    assert config.problems == []
    # Kept: the two choices the old window offered that differ from default and district.
    assert config.user_values == {"default_audience": "parent", "grammar_enabled": False}
    data = tomllib.loads(user.read_text(encoding="utf-8"))
    assert data == {
        "version": USER_FILE_VERSION,
        "settings": {"default_audience": "parent", "grammar_enabled": False},
    }
    # The district's later change now reaches the user.
    write(policy, POLICY_V1.replace("Maple Valley SD", "Maple Valley Unified"))
    assert load_configuration(policy, user).settings.district_name == "Maple Valley Unified"
    # Cleaned once: a versioned file is taken as it is, even with a value equal to the default.
    write(user, f'version = {USER_FILE_VERSION}\n[settings]\nhotkey = "ctrl+shift+f8"\n')
    again = load_configuration(policy, user)
    assert again.user_values == {"hotkey": "ctrl+shift+f8"}
    assert "hotkey" in user.read_text(encoding="utf-8")


def test_a_hand_written_file_without_version_is_not_rewritten(tmp_path):
    user = write(tmp_path / "settings.toml", '[settings]\ndistrict_name = "Mine"\n')
    before = user.read_bytes()
    config = load_configuration(tmp_path / "none.toml", user)
    assert config.settings.district_name == "Mine" and config.source_of("district_name") == "user"
    assert user.read_bytes() == before


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_items = st.lists(_text.map(str.strip).filter(bool), max_size=5)
USER_LAYERS = st.fixed_dictionaries(
    {},
    optional={
        "district_name": _text,
        "district_domains": _items,
        "approved_channels": _items,
        "default_audience": st.sampled_from(["student", "parent", "colleague", "public"]),
        "hotkey": _text,
        "clipboard_watch": st.booleans(),
        "clipboard_min_length": st.integers(0, 2**40),
        "grammar_enabled": st.booleans(),
        "engine_url": _text,
        "engine_heap_mb": st.integers(0, 100_000),
        "grammar_disabled_rules": _items,
        "accepted_words": _items,
        "send_anyway_log": st.booleans(),
    },
)


@hypothesis_settings(max_examples=150, deadline=None)
@given(layer=USER_LAYERS)
def test_user_layer_round_trips_through_the_file(tmp_path_factory, layer):
    """Whatever the user chose (quotes, backslashes, newlines, control characters, emoji)
    writes a file tomllib reads back to the same values, with nothing added."""
    folder = tmp_path_factory.mktemp("roundtrip")
    config = Configuration()
    config.user_values = dict(layer)
    path = save_user_settings(config, folder / "settings.toml")
    assert tomllib.loads(path.read_text(encoding="utf-8"))["settings"] == layer
    reloaded = load_configuration(folder / "none.toml", path)
    assert reloaded.problems == []
    assert reloaded.user_values == layer
    for name, value in layer.items():
        assert getattr(reloaded.settings, name) == value


MACHINE = """
[settings]
district_name = "Maple Valley SD"
district_domains = ["maplevalley.k12.example.us"]
grammar_enabled = true
locked = ["district_domains", "grammar_enabled"]

[rules]
disable = ["P4.textspeak"]
"""


def test_a_test_policy_layer_cannot_change_what_the_machine_policy_locks(tmp_path):
    machine = write(tmp_path / "policy.toml", MACHINE)
    trial = write(
        tmp_path / "trial.toml",
        '[settings]\ndistrict_name = "Trial"\ndistrict_domains = ["evil.example"]\n'
        'grammar_enabled = false\nlocked = []\n[rules]\ndisable = ["T6.secrecy"]\n',
    )
    config = load_configuration(
        machine, tmp_path / "none.toml", extra_policies=[], test_policy_path=trial,
        last_good_path=tmp_path / "last-good.toml",
    )
    assert config.settings.district_name == "Trial"  # unlocked: the test layer applies
    assert config.settings.district_domains == ["maplevalley.k12.example.us"]
    assert config.settings.grammar_enabled is True
    assert config.locked == {"district_domains", "grammar_enabled"}
    refused = {p.key for p in config.problems if p.path == str(trial) and "locked" in p.message}
    assert refused == {"district_domains", "grammar_enabled"}
    assert config.rules.disabled == {"P4.textspeak", "T6.secrecy"}


def test_a_broken_machine_policy_keeps_the_last_good_locks(tmp_path):
    machine = write(tmp_path / "policy.toml", MACHINE)
    user = write(tmp_path / "settings.toml", 'version = 2\n[settings]\ndistrict_domains = ["gmail.com"]\ngrammar_enabled = false\n')
    last_good = tmp_path / "data" / "last-good-policy.toml"
    good = load_configuration(machine, user, extra_policies=[], last_good_path=last_good)
    assert good.policy_fallback == "" and last_good.read_text(encoding="utf-8") == MACHINE

    write(machine, MACHINE.replace('locked = ["district_domains", "grammar_enabled"]', "locked = [district_domains"))
    broken = load_configuration(machine, user, extra_policies=[], last_good_path=last_good)
    assert broken.locked == {"district_domains", "grammar_enabled"}
    assert broken.settings.district_domains == ["maplevalley.k12.example.us"]
    assert broken.settings.grammar_enabled is True
    assert broken.rules.disabled == {"P4.textspeak"}
    assert "last good copy" in broken.policy_fallback
    assert any(p.path == str(machine) and "not valid TOML" in p.message for p in broken.problems)
    assert any(p.path == str(machine) and "last good copy" in p.message for p in broken.problems)
    assert last_good.read_text(encoding="utf-8") == MACHINE  # the broken file never replaces it

    # With no good copy ever seen, the user is told loudly that no district locks apply.
    nothing = load_configuration(machine, user, extra_policies=[], last_good_path=tmp_path / "none" / "lg.toml")
    assert "no earlier good copy" in nothing.policy_fallback
    assert nothing.settings.district_domains == ["gmail.com"]
