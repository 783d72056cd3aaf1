"""The Windows MSI, built with wixl from the same WiX sources the Windows build uses.

The payload is a stand-in folder with the bundle's layout (the real one is a Windows build), so
this checks the installer's logic: per-machine install, the policy properties and the registry
values they write, autostart for all users, the Start menu shortcut, major upgrades with the
fixed upgrade code, and that a silent install with properties gives the same settings as the
policy file. Tables are read with msiinfo, as an MSI editor would show them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tap_assistant.core.config import load_configuration
from tap_assistant.core.policy_keys import POLICY_KEYS
from tap_assistant.core.policy_sources import REGISTRY_KEY, MemoryRegistry, read_registry_policy
from tests.unit.core.policy_samples import SAMPLE_POLICY, msi_text, toml_text

REPO = Path(__file__).resolve().parents[2]
UPGRADE_CODE = "{06C7673D-DF1A-44D4-8103-0F42486E4A39}"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
HKLM = "2"  # the Registry table's Root column for HKEY_LOCAL_MACHINE
MSIDB_COMPONENT_64BIT = 256

pytestmark = pytest.mark.skipif(
    shutil.which("wixl") is None or shutil.which("msiinfo") is None,
    reason="needs wixl and msiinfo (apt-get install wixl msitools; scripts/setup.sh does)",
)

PAYLOAD_FILES = [
    "tap-assistant.exe",
    "TAPAssistant.exe",
    "LICENSE",
    "THIRD-PARTY-NOTICES.md",
    "_internal/python311.dll",
    "_internal/resources/policy/policy.toml",
    "runtime/bin/java.exe",
    "engine/engine.json",
    "engine/lib/languagetool-server-6.8.jar",
]


@pytest.fixture(scope="module")
def msi(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("msi")
    payload = root / "payload"
    for name in PAYLOAD_FILES:
        path = payload / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"stand-in for {name}\n", encoding="utf-8")
    env = dict(os.environ, TAP_MSI_PAYLOAD=str(payload), TAP_DIST_DIR=str(root / "dist"),
               TAP_BUILD_DIR=str(root / "build"))
    result = subprocess.run(
        ["bash", str(REPO / "installer" / "build.sh"), "msi"],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    (built,) = (root / "dist").glob("tap-assistant-*-x64.msi")
    return built


def table(msi: Path, name: str) -> list[dict[str, str]]:
    """Rows of one MSI table (msiinfo export: names, types, table line, then the rows)."""
    text = subprocess.run(
        ["msiinfo", "export", str(msi), name], capture_output=True, text=True, check=True
    ).stdout
    lines = text.split("\r\n") if "\r\n" in text else text.split("\n")
    columns = lines[0].split("\t")
    return [dict(zip(columns, line.split("\t"))) for line in lines[3:] if line]


def properties(msi: Path) -> dict[str, str]:
    return {row["Property"]: row["Value"] for row in table(msi, "Property")}


def test_is_a_per_machine_x64_package(msi: Path) -> None:
    props = properties(msi)
    assert props["ALLUSERS"] == "1"
    assert "MSIINSTALLPERUSER" not in props
    summary = subprocess.run(["msiinfo", "suminfo", str(msi)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Template:\s*x64;1033", summary), summary
    for component in table(msi, "Component"):
        assert int(component["Attributes"]) & MSIDB_COMPONENT_64BIT, component["Component"]


def test_installs_every_payload_file_under_program_files(msi: Path) -> None:
    files = {row["FileName"].split("|")[-1] for row in table(msi, "File")}
    assert {Path(name).name for name in PAYLOAD_FILES} <= files
    directories = {row["Directory"]: row for row in table(msi, "Directory")}
    assert directories["INSTALLDIR"]["Directory_Parent"] == "ProgramFiles64Folder"
    assert directories["INSTALLDIR"]["DefaultDir"].split("|")[-1] == "TAP Assistant"


def test_autostarts_for_every_user(msi: Path) -> None:
    runs = [row for row in table(msi, "Registry") if row["Key"] == RUN_KEY]
    assert len(runs) == 1
    assert runs[0]["Root"] == HKLM
    assert runs[0]["Value"] == '"[INSTALLDIR]TAPAssistant.exe" run'


def test_start_menu_shortcut(msi: Path) -> None:
    (shortcut,) = table(msi, "Shortcut")
    assert shortcut["Directory_"] == "ProgramMenuFolder"
    assert shortcut["Target"] == "[INSTALLDIR]TAPAssistant.exe"


def test_major_upgrade_with_the_fixed_upgrade_code(msi: Path) -> None:
    assert properties(msi)["UpgradeCode"] == UPGRADE_CODE
    rows = table(msi, "Upgrade")
    assert {row["UpgradeCode"] for row in rows} == {UPGRADE_CODE}
    assert {row["ActionProperty"] for row in rows} == {"WIX_UPGRADE_DETECTED", "WIX_DOWNGRADE_DETECTED"}
    sequence = {row["Action"]: row for row in table(msi, "InstallExecuteSequence")}
    assert "RemoveExistingProducts" in sequence and "FindRelatedProducts" in sequence
    conditions = {row["Condition"] for row in table(msi, "LaunchCondition")}
    assert "NOT WIX_DOWNGRADE_DETECTED" in conditions


def test_one_policy_property_and_registry_value_per_key(msi: Path) -> None:
    policy_rows = {row["Name"]: row for row in table(msi, "Registry") if row["Key"] == REGISTRY_KEY}
    assert set(policy_rows) == {key.name for key in POLICY_KEYS}
    for key in POLICY_KEYS:
        assert policy_rows[key.name]["Root"] == HKLM
        assert policy_rows[key.name]["Value"] == f"[{key.msi_property}]"
    # Upgrades keep the previous values: each property is looked up in the 64-bit registry view.
    searches = {row["Property"]: row["Signature_"] for row in table(msi, "AppSearch")}
    locators = {row["Signature_"]: row for row in table(msi, "RegLocator")}
    for key in POLICY_KEYS:
        locator = locators[searches[key.msi_property]]
        assert (locator["Root"], locator["Key"], locator["Name"]) == (HKLM, REGISTRY_KEY, key.name)
        assert int(locator["Type"]) & 16  # msidbLocatorType64bit


def test_command_line_properties_win_over_the_previous_install(msi: Path) -> None:
    sequence = {row["Action"]: row for row in table(msi, "InstallExecuteSequence")}
    app_search = int(sequence["AppSearch"]["Sequence"])
    for key in POLICY_KEYS:
        save, restore = sequence[f"Save{key.msi_property}"], sequence[f"Restore{key.msi_property}"]
        assert int(save["Sequence"]) < app_search < int(restore["Sequence"])
        assert restore["Condition"] == f"CMDLINE_{key.msi_property}"


def format_msi(value: str, props: dict[str, str]) -> str:
    """MSI formatted-string substitution of [PROPERTY] (what msiexec does for the Registry table)."""
    return re.sub(r"\[([A-Z_][A-Z0-9_]*)\]", lambda m: props.get(m.group(1), ""), value)


def test_silent_install_with_properties_sets_the_same_settings_as_the_policy_file(msi: Path, tmp_path: Path) -> None:
    # msiexec /i tap-assistant.msi /qn DISTRICT_NAME=... (one property per key, as IT types them)
    command_line = {key.msi_property: msi_text(SAMPLE_POLICY[key.name]) for key in POLICY_KEYS}
    registry = MemoryRegistry()
    for row in table(msi, "Registry"):
        if row["Key"] == REGISTRY_KEY:
            registry.set_value(row["Key"], row["Name"], format_msi(row["Value"], command_line), registry.REG_SZ)
    from_msi = load_configuration(
        policy_path=tmp_path / "absent.toml", user_path=tmp_path / "user.toml",
        extra_policies=[(Path("HKLM-MSI"), read_registry_policy(registry))],
    )
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text(toml_text(SAMPLE_POLICY), encoding="utf-8")
    from_file = load_configuration(policy_path=policy_file, user_path=tmp_path / "user.toml", extra_policies=[])
    assert [str(p) for p in from_msi.problems] == []
    assert from_msi.settings == from_file.settings
    assert from_msi.locked == from_file.locked


def test_silent_install_without_properties_sets_nothing(msi: Path) -> None:
    registry = MemoryRegistry()
    for row in table(msi, "Registry"):
        if row["Key"] == REGISTRY_KEY:
            registry.set_value(row["Key"], row["Name"], format_msi(row["Value"], {}), registry.REG_SZ)
    assert read_registry_policy(registry) == {}
