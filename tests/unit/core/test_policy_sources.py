"""The registry and managed-preferences readers produce the mapping a policy file produces."""

from __future__ import annotations

import plistlib
from pathlib import Path

import pytest

from tap_assistant.core.config import SETTING_NAMES, Settings, load_configuration
from tap_assistant.core.policy_keys import POLICY_KEY_NAMES, POLICY_KEYS
from tap_assistant.core.policy_sources import (
    MANAGED_PREFERENCES_DOMAIN,
    REGISTRY_KEY,
    MemoryRegistry,
    platform_policy_sources,
    policy_from_preferences,
    read_managed_preferences,
    read_registry_policy,
)
from tests.unit.core.policy_samples import SAMPLE_POLICY, msi_text, toml_text


def test_sample_covers_every_policy_key() -> None:
    assert set(SAMPLE_POLICY) == set(POLICY_KEY_NAMES)
    defaults = Settings()
    for name in SETTING_NAMES:
        assert SAMPLE_POLICY[name] != getattr(defaults, name), name


def config_from_file(tmp_path: Path, policy: dict[str, object]):
    path = tmp_path / "policy.toml"
    path.write_text(toml_text(policy), encoding="utf-8")
    return load_configuration(policy_path=path, user_path=tmp_path / "none.toml", extra_policies=[])


def config_from_mapping(tmp_path: Path, where: Path, mapping: dict):
    return load_configuration(
        policy_path=tmp_path / "absent.toml",
        user_path=tmp_path / "none.toml",
        extra_policies=[(where, mapping)],
    )


def registry_as_msi_writes(policy: dict[str, object]) -> MemoryRegistry:
    """The MSI writes each property as a string: lists comma-separated, booleans 1/0."""
    registry = MemoryRegistry()
    for name, v in policy.items():
        registry.set_value(REGISTRY_KEY, name, msi_text(v), registry.REG_SZ)
    return registry


def registry_as_group_policy_writes(policy: dict[str, object]) -> MemoryRegistry:
    """The ADMX template: booleans and numbers as REG_DWORD, lists as REG_MULTI_SZ."""
    registry = MemoryRegistry()
    for name, v in policy.items():
        if isinstance(v, (bool, int)):
            registry.set_value(REGISTRY_KEY, name, int(v), registry.REG_DWORD)
        elif isinstance(v, list):
            registry.set_value(REGISTRY_KEY, name, list(v), registry.REG_MULTI_SZ)
        else:
            registry.set_value(REGISTRY_KEY, name, v, registry.REG_SZ)
    return registry


def assert_same_configuration(expected, actual) -> None:
    assert actual.problems == []
    assert actual.settings == expected.settings
    assert actual.locked == expected.locked


def test_file_sets_every_sample_value(tmp_path: Path) -> None:
    config = config_from_file(tmp_path, SAMPLE_POLICY)
    assert config.problems == []
    for name in SETTING_NAMES:
        assert getattr(config.settings, name) == SAMPLE_POLICY[name], name
    assert config.locked == set(SAMPLE_POLICY["locked"])  # type: ignore[arg-type]


@pytest.mark.parametrize("writer", [registry_as_msi_writes, registry_as_group_policy_writes])
def test_registry_sets_the_same_settings_as_the_file(tmp_path: Path, writer) -> None:
    expected = config_from_file(tmp_path, SAMPLE_POLICY)
    mapping = read_registry_policy(writer(SAMPLE_POLICY))
    actual = config_from_mapping(tmp_path, Path("HKLM"), mapping)
    assert_same_configuration(expected, actual)


def test_managed_preferences_set_the_same_settings_as_the_file(tmp_path: Path) -> None:
    expected = config_from_file(tmp_path, SAMPLE_POLICY)
    plist = tmp_path / f"{MANAGED_PREFERENCES_DOMAIN}.plist"
    plist.write_bytes(plistlib.dumps(SAMPLE_POLICY))
    actual = config_from_mapping(tmp_path, plist, read_managed_preferences(plist))
    assert_same_configuration(expected, actual)


def test_registry_absent_key_is_no_policy() -> None:
    assert read_registry_policy(MemoryRegistry()) == {}


def test_registry_empty_strings_mean_not_configured(tmp_path: Path) -> None:
    # A silent install without properties still writes every value, empty.
    registry = MemoryRegistry()
    for key in POLICY_KEYS:
        registry.set_value(REGISTRY_KEY, key.name, "", registry.REG_SZ)
    assert read_registry_policy(registry) == {}


def test_registry_names_are_case_insensitive() -> None:
    registry = MemoryRegistry()
    registry.set_value(REGISTRY_KEY, "District_Name", "Shelbyville", registry.REG_SZ)
    registry.set_value(REGISTRY_KEY, "LOCKED", "district_name; engine_url", registry.REG_SZ)
    assert read_registry_policy(registry) == {
        "settings": {"district_name": "Shelbyville", "locked": ["district_name", "engine_url"]}
    }


def test_registry_bad_values_reach_the_loader_as_problems(tmp_path: Path) -> None:
    registry = MemoryRegistry()
    registry.set_value(REGISTRY_KEY, "clipboard_watch", "maybe", registry.REG_SZ)
    registry.set_value(REGISTRY_KEY, "engine_heap_mb", "lots", registry.REG_SZ)
    registry.set_value(REGISTRY_KEY, "colour", "blue", registry.REG_SZ)
    registry.set_value(REGISTRY_KEY, "district_name", "Ogdenville", registry.REG_SZ)
    config = config_from_mapping(tmp_path, Path("HKLM-policy"), read_registry_policy(registry))
    problems = {p.key: p for p in config.problems}
    assert set(problems) == {"clipboard_watch", "engine_heap_mb", "colour"}
    assert all(p.path == "HKLM-policy" for p in config.problems)
    assert config.settings.district_name == "Ogdenville"  # the good value still loads
    assert config.settings.clipboard_watch is Settings().clipboard_watch


def test_registry_list_subkey_as_admx_list_element_writes() -> None:
    registry = MemoryRegistry()
    for index, domain in enumerate(["b.example", "a.example", "c.example"], start=1):
        registry.set_value(REGISTRY_KEY + r"\district_domains", str(index), domain, registry.REG_SZ)
    assert read_registry_policy(registry) == {
        "settings": {"district_domains": ["b.example", "a.example", "c.example"]}
    }


def test_registry_rule_overrides(tmp_path: Path) -> None:
    registry = MemoryRegistry()
    registry.set_value(REGISTRY_KEY + r"\Rules", "disable", ["T1.a", "P4.b"], registry.REG_MULTI_SZ)
    registry.set_value(REGISTRY_KEY + r"\Rules\Severity", "P2.shouting", "Stop", registry.REG_SZ)
    mapping = read_registry_policy(registry)
    assert mapping == {"rules": {"disable": ["T1.a", "P4.b"], "severity": {"P2.shouting": "stop"}}}
    config = config_from_mapping(tmp_path, Path("HKLM"), mapping)
    assert config.problems == []
    assert config.rules.disabled == {"T1.a", "P4.b"}
    assert config.rules.severities["P2.shouting"].value == "stop"


def test_registry_policy_overrides_the_file_and_adds_locks(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(
        '[settings]\ndistrict_name = "From file"\nhotkey = "ctrl+f9"\nlocked = ["hotkey"]\n',
        encoding="utf-8",
    )
    registry = MemoryRegistry()
    registry.set_value(REGISTRY_KEY, "district_name", "From registry", registry.REG_SZ)
    registry.set_value(REGISTRY_KEY, "locked", ["district_name"], registry.REG_MULTI_SZ)
    user = tmp_path / "settings.toml"
    user.write_text('[settings]\ndistrict_name = "Mine"\nhotkey = "f1"\n', encoding="utf-8")
    sources = platform_policy_sources(platform="win32", winreg=registry)
    config = load_configuration(policy_path=path, user_path=user, extra_policies=sources)
    assert config.settings.district_name == "From registry"
    assert config.settings.hotkey == "ctrl+f9"
    assert config.locked == {"hotkey", "district_name"}
    # Provenance: which layer each effective value came from.
    assert config.source_of("district_name") == "registry"
    assert config.source_of("hotkey") == "policy"
    assert config.source_of("engine_url") == "default"


def test_managed_preferences_are_the_profile_source(tmp_path: Path) -> None:
    plist = tmp_path / f"{MANAGED_PREFERENCES_DOMAIN}.plist"
    plist.write_bytes(plistlib.dumps({"district_name": "From MDM", "clipboard_watch": True}))
    sources = platform_policy_sources(platform="darwin", managed_preferences_dir=tmp_path, user="nobody")
    user = tmp_path / "settings.toml"
    user.write_text('[settings]\nclipboard_watch = false\n', encoding="utf-8")
    config = load_configuration(policy_path=tmp_path / "absent.toml", user_path=user, extra_policies=sources)
    assert config.source_of("district_name") == "profile"
    assert config.source_of("clipboard_watch") == "user" and config.settings.clipboard_watch is False


def test_plist_ignores_profile_metadata_and_converts_strings() -> None:
    mapping = policy_from_preferences(
        {
            "PayloadType": MANAGED_PREFERENCES_DOMAIN,
            "PayloadUUID": "0000",
            "clipboard_watch": "true",
            "engine_heap_mb": "640",
            "rules": {"disable": ["A4.ssn"]},
        }
    )
    assert mapping == {
        "settings": {"clipboard_watch": True, "engine_heap_mb": 640},
        "rules": {"disable": ["A4.ssn"]},
    }


def test_macos_reads_computer_then_user_profile(tmp_path: Path) -> None:
    (tmp_path / "pat").mkdir()
    computer = tmp_path / f"{MANAGED_PREFERENCES_DOMAIN}.plist"
    user = tmp_path / "pat" / f"{MANAGED_PREFERENCES_DOMAIN}.plist"
    computer.write_bytes(plistlib.dumps({"district_name": "Computer"}))
    user.write_bytes(plistlib.dumps({"hotkey": "f2"}))
    sources = platform_policy_sources(platform="darwin", managed_preferences_dir=tmp_path, user="pat")
    assert sources == [
        (computer, {"settings": {"district_name": "Computer"}}),
        (user, {"settings": {"hotkey": "f2"}}),
    ]


def test_macos_broken_plist_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    broken = tmp_path / f"{MANAGED_PREFERENCES_DOMAIN}.plist"
    broken.write_bytes(b"not a plist at all")
    problems: list = []
    sources = platform_policy_sources(problems, platform="darwin", managed_preferences_dir=tmp_path, user="")
    assert sources == []
    assert len(problems) == 1 and problems[0].path == str(broken)


def test_windows_unreadable_key_is_a_problem_not_a_crash() -> None:
    class DeniedRegistry(MemoryRegistry):
        def OpenKey(self, *args, **kwargs):  # noqa: N802
            raise PermissionError(5, "Access is denied")

    problems: list = []
    assert platform_policy_sources(problems, platform="win32", winreg=DeniedRegistry()) == []
    assert "Access is denied" in problems[0].message


def test_linux_has_no_platform_channel() -> None:
    assert platform_policy_sources(platform="linux") == []


def test_default_load_applies_the_platform_channel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """load_configuration() as the app calls it reads the registry on Windows (faked here)."""
    import tap_assistant.core.config as config_module
    import tap_assistant.core.policy_sources as sources

    registry = MemoryRegistry()
    registry.set_value(REGISTRY_KEY, "district_name", "Registry District", registry.REG_SZ)
    registry.set_value(REGISTRY_KEY, "locked", "district_name", registry.REG_SZ)
    real = sources.platform_policy_sources
    monkeypatch.setattr(
        sources, "platform_policy_sources", lambda problems=None: real(problems, platform="win32", winreg=registry)
    )
    monkeypatch.setattr(config_module, "site_policy_path", lambda: tmp_path / "absent.toml")
    monkeypatch.setattr(config_module, "user_settings_path", lambda: tmp_path / "settings.toml")
    monkeypatch.setattr(config_module, "HAS_PLATFORM_POLICY_CHANNELS", True)
    config = config_module.load_configuration()
    assert config.settings.district_name == "Registry District"
    assert config.locked == {"district_name"}
    # An explicit policy file (`--policy FILE`) means that file only.
    assert config_module.load_configuration(policy_path=tmp_path / "absent.toml").settings.district_name != (
        "Registry District"
    )
