"""The policy key table is the Settings fields plus `locked`, each explained."""

from __future__ import annotations

from tap_assistant.core.config import SETTING_NAMES, Settings
from tap_assistant.core.policy_keys import (
    LOCKED_KEY,
    POLICY_KEY_NAMES,
    POLICY_KEYS,
    SUMMARIES,
    format_default,
)


def test_keys_are_settings_plus_locked() -> None:
    assert POLICY_KEY_NAMES == (*SETTING_NAMES, LOCKED_KEY)


def test_every_key_is_explained() -> None:
    assert set(SUMMARIES) == set(POLICY_KEY_NAMES)
    for key in POLICY_KEYS:
        assert key.summary.strip(), key.name
        assert key.title and len(key.title) < 120, key.name


def test_kinds_follow_the_defaults() -> None:
    defaults = Settings()
    for key in POLICY_KEYS:
        if key.name == LOCKED_KEY:
            assert key.kind == "list"
            continue
        assert key.default == getattr(defaults, key.name)
        expected = {bool: "bool", int: "int", list: "list", str: "string"}[type(key.default)]
        assert key.kind == expected, key.name


def test_msi_properties_are_public_and_unique() -> None:
    names = [key.msi_property for key in POLICY_KEYS]
    assert len(set(names)) == len(names)
    assert all(name.isupper() or "_" in name for name in names)
    assert all(name == name.upper() for name in names)  # lower-case properties are private


def test_defaults_are_written_as_toml() -> None:
    import tomllib

    for key in POLICY_KEYS:
        parsed = tomllib.loads(f"x = {format_default(key)}")["x"]
        assert parsed == key.default, key.name
