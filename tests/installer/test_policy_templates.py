"""The policy keys of the .deb policy file, the ADMX template, the MSI properties and the macOS
profile are one set, and each source, filled in by its own means, sets the same settings.

Every template is read back here with its own parser (XML, plist, TOML), not with the generator
that wrote it, so a hand edit that breaks a template fails too. The MSI built from the WiX
sources is checked in test_msi.py.
"""

from __future__ import annotations

import plistlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tap_assistant.core.config import Configuration, Settings, load_configuration
from tap_assistant.core.policy_keys import LOCKED_KEY, POLICY_KEY_NAMES, POLICY_KEYS, msi_property_name
from tap_assistant.core.policy_sources import (
    REGISTRY_KEY,
    MemoryRegistry,
    policy_from_preferences,
    read_managed_preferences,
    read_registry_policy,
)
from tests.unit.core.policy_samples import SAMPLE_POLICY, toml_text, toml_value

REPO = Path(__file__).resolve().parents[2]
POLICY_TOML = REPO / "resources" / "policy" / "policy.toml"
ADMX = REPO / "installer" / "windows" / "admx" / "TAPAssistant.admx"
ADML = REPO / "installer" / "windows" / "admx" / "en-US" / "TAPAssistant.adml"
WXI = REPO / "installer" / "windows" / "policy.wxi"
MOBILECONFIG = REPO / "installer" / "macos" / "TAPAssistant.example.mobileconfig"
README = REPO / "installer" / "README.md"
ADMX_NS = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}
WIX_NS = {"w": "http://schemas.microsoft.com/wix/2006/wi"}


def load(tmp_path: Path, policy_text: str | None = None, extra=None) -> Configuration:
    path = tmp_path / "policy.toml"
    if policy_text is not None:
        path.write_text(policy_text, encoding="utf-8")
    return load_configuration(policy_path=path, user_path=tmp_path / "user.toml", extra_policies=extra or [])


@pytest.fixture
def expected(tmp_path: Path) -> Configuration:
    """The configuration SAMPLE_POLICY gives through a plain policy file."""
    config = load(tmp_path, toml_text(SAMPLE_POLICY))
    assert config.problems == []
    return config


def assert_same(expected: Configuration, actual: Configuration) -> None:
    assert [str(p) for p in actual.problems] == []
    assert actual.settings == expected.settings
    assert actual.locked == expected.locked


def test_templates_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "installer" / "policy_templates.py"), "--check"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ----------------------------------------------------------------------------- policy.toml (.deb)

KEY_LINE = re.compile(r"^# (\w+) = (.*)$", re.MULTILINE)


def test_policy_file_template_lists_every_key_with_its_default(tmp_path: Path) -> None:
    text = POLICY_TOML.read_text(encoding="utf-8")
    keys = [m.group(1) for m in KEY_LINE.finditer(text) if m.group(1) != "disable"]
    assert keys == list(POLICY_KEY_NAMES)
    # Uncommented as shipped, every line is valid and gives the built-in defaults.
    config = load(tmp_path, KEY_LINE.sub(r"\1 = \2", text))
    assert [str(p) for p in config.problems] == []
    assert config.settings == Settings()
    assert config.locked == set()


def test_policy_file_template_as_shipped_sets_nothing(tmp_path: Path) -> None:
    config = load(tmp_path, POLICY_TOML.read_text(encoding="utf-8"))
    assert config.problems == [] and config.settings == Settings() and config.locked == set()


def test_policy_file_template_filled_in_sets_the_sample(tmp_path: Path, expected: Configuration) -> None:
    text = POLICY_TOML.read_text(encoding="utf-8")
    filled = KEY_LINE.sub(
        lambda m: f"{m.group(1)} = {toml_value(SAMPLE_POLICY[m.group(1)])}"
        if m.group(1) in SAMPLE_POLICY else m.group(0),
        text,
    )
    assert_same(expected, load(tmp_path, filled))


# ----------------------------------------------------------------------------- ADMX / ADML


def admx_policies() -> list[ET.Element]:
    return ADMX_TREE.findall("p:policies/p:policy", ADMX_NS)


ADMX_TREE = ET.parse(ADMX).getroot()
ADML_TREE = ET.parse(ADML).getroot()


def write_as_group_policy(registry: MemoryRegistry, policy: ET.Element, value: object) -> str:
    """Write `value` where and how Group Policy writes this ADMX policy when enabled."""
    key = policy.get("key")
    elements = policy.find("p:elements", ADMX_NS)
    if elements is None or len(elements) == 0:  # a boolean policy: enabledValue / disabledValue
        name = policy.get("valueName")
        which = "p:enabledValue/p:decimal" if value else "p:disabledValue/p:decimal"
        registry.set_value(key, name, int(policy.find(which, ADMX_NS).get("value")), registry.REG_DWORD)
        return name
    (element,) = list(elements)
    tag = element.tag.split("}")[1]
    name = element.get("valueName")
    if tag == "text":
        registry.set_value(key, name, str(value), registry.REG_SZ)
    elif tag == "multiText":
        registry.set_value(key, name, list(value), registry.REG_MULTI_SZ)
    elif tag == "decimal":
        registry.set_value(key, name, int(value), registry.REG_DWORD)
    else:
        raise AssertionError(f"unexpected ADMX element {tag}")
    return name


def test_admx_has_one_policy_per_key_under_the_policy_key() -> None:
    settings_policies = [p for p in admx_policies() if p.get("key") == REGISTRY_KEY]
    names = []
    for policy in settings_policies:
        elements = policy.find("p:elements", ADMX_NS)
        value_names = [policy.get("valueName")] if elements is None else [e.get("valueName") for e in elements]
        assert len(value_names) == 1 and value_names[0] == policy.get("name")
        names.append(value_names[0])
        assert policy.get("class") == "Machine"
    assert names == list(POLICY_KEY_NAMES)


def test_admx_filled_in_sets_the_sample(tmp_path: Path, expected: Configuration) -> None:
    registry = MemoryRegistry()
    written = {
        write_as_group_policy(registry, policy, SAMPLE_POLICY[policy.get("name")])
        for policy in admx_policies()
        if policy.get("key") == REGISTRY_KEY
    }
    assert written == set(SAMPLE_POLICY)
    actual = load(tmp_path, extra=[(Path("HKLM-GPO"), read_registry_policy(registry))])
    assert_same(expected, actual)


def test_admx_rule_policies_read_back_as_rule_overrides(tmp_path: Path) -> None:
    registry = MemoryRegistry()
    by_name = {p.get("name"): p for p in admx_policies()}
    disable = by_name["rules_disable"].find("p:elements/p:multiText", ADMX_NS)
    registry.set_value(by_name["rules_disable"].get("key"), disable.get("valueName"), ["P4.textspeak"], registry.REG_MULTI_SZ)
    severity_list = by_name["rules_severity"].find("p:elements/p:list", ADMX_NS)
    assert severity_list.get("explicitValue") == "true"
    registry.set_value(severity_list.get("key"), "P2.shouting", "stop", registry.REG_SZ)
    config = load(tmp_path, extra=[(Path("HKLM-GPO"), read_registry_policy(registry))])
    assert config.problems == []
    assert config.rules.disabled == {"P4.textspeak"}
    assert config.rules.severities["P2.shouting"].value == "stop"


def test_adml_defines_every_string_and_presentation_the_admx_uses() -> None:
    admx_text = ADMX.read_text(encoding="utf-8")
    strings = {s.get("id") for s in ADML_TREE.findall(".//p:stringTable/p:string", ADMX_NS)}
    presentations = {s.get("id") for s in ADML_TREE.findall(".//p:presentationTable/p:presentation", ADMX_NS)}
    assert set(re.findall(r"\$\(string\.(\w+)\)", admx_text)) <= strings
    assert set(re.findall(r"\$\(presentation\.(\w+)\)", admx_text)) == presentations
    # Every element a presentation shows exists in the ADMX.
    element_ids = {e.get("id") for e in ADMX_TREE.iter() if e.get("id")}
    for control in ADML_TREE.findall(".//p:presentationTable/p:presentation/*", ADMX_NS):
        assert control.get("refId") in element_ids


# ----------------------------------------------------------------------------- MSI properties


def test_wix_properties_and_registry_values_are_the_key_set() -> None:
    include = ET.parse(WXI).getroot()
    properties = [p.get("Id") for p in include.findall("w:Property", WIX_NS)]
    assert properties == [msi_property_name(k) for k in POLICY_KEY_NAMES]
    values = {
        v.get("Name"): v.get("Value")
        for v in include.iter(f"{{{WIX_NS['w']}}}RegistryValue")
        if v.get("Key") == REGISTRY_KEY
    }
    assert values == {k: f"[{msi_property_name(k)}]" for k in POLICY_KEY_NAMES}
    for search in include.iter(f"{{{WIX_NS['w']}}}RegistrySearch"):  # upgrades keep the values
        assert search.get("Key") == REGISTRY_KEY and search.get("Win64") == "yes"


# ----------------------------------------------------------------------------- macOS profile


def profile_payload() -> dict:
    profile = plistlib.loads(MOBILECONFIG.read_bytes())
    assert profile["PayloadType"] == "Configuration"
    (payload,) = profile["PayloadContent"]
    return payload


def test_mobileconfig_carries_every_key_and_loads_cleanly(tmp_path: Path) -> None:
    payload = profile_payload()
    assert set(POLICY_KEY_NAMES) <= set(payload)
    mapping = policy_from_preferences(payload)
    config = load(tmp_path, extra=[(MOBILECONFIG, mapping)])
    assert [str(p) for p in config.problems] == []
    assert config.locked == set(payload[LOCKED_KEY])


def test_mobileconfig_filled_in_sets_the_sample(tmp_path: Path, expected: Configuration) -> None:
    payload = profile_payload()
    for key in POLICY_KEYS:
        payload[key.name] = SAMPLE_POLICY[key.name]
    # What the MDM agent writes: the payload's keys in the domain's managed preferences.
    managed = tmp_path / "org.tapassistant.TAPAssistant.plist"
    managed.write_bytes(plistlib.dumps(payload))
    assert_same(expected, load(tmp_path, extra=[(managed, read_managed_preferences(managed))]))


# ----------------------------------------------------------------------------- IT guide


def test_it_guide_documents_every_key_and_msi_property() -> None:
    text = README.read_text(encoding="utf-8")
    for key in POLICY_KEYS:
        assert f"| `{key.name}` | `{key.msi_property}` |" in text, key.name
