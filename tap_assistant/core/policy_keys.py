"""The district policy keys: one table that every policy format is written from and checked against.

A district can set policy in five places: the policy file (`policy.toml`), the Windows registry
policy key (written by Group Policy through the ADMX template, by Intune, or by the MSI's
properties) and the macOS managed preferences (an MDM profile). All of them use the keys below:
the `Settings` fields of `config.py` plus `locked`. The table is derived from `Settings`, so a new
setting cannot be forgotten: `tests/unit/core/test_policy_keys.py` fails until it has a summary
here, and the installer tests fail until every template carries it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from tap_assistant.core.config import SETTING_NAMES, Settings

#: The policy key that lists settings users cannot change.
LOCKED_KEY = "locked"

#: What each key means, for the IT guide, the ADMX explanations and the policy file template.
#: Plain words; the first sentence is the short title.
SUMMARIES: dict[str, str] = {
    "district_name": "Name of the district. Shown in the review window and the front-page headline.",
    "district_domains": (
        "Email and web domains that belong to the district, e.g. springfield.k12.example.us. "
        "Addresses and links at these domains (and their subdomains) count as district channels."
    ),
    "approved_channels": (
        "Domains of other tools the district provides or supports, e.g. schoology.com or "
        "parentsquare.com. Mentioning one is not a channel finding."
    ),
    "student_id_pattern": (
        "Regular expression matching the district's student ID numbers, e.g. S\\d{7}. "
        "Matches are flagged as identifiers. Empty: no student ID check."
    ),
    "default_audience": (
        "Audience assumed for a new check: student, parent, colleague or public. "
        "Users can still pick another audience for each check."
    ),
    "hotkey": (
        "Keyboard shortcut that checks the selected text, e.g. ctrl+shift+f8. "
        "Used on Windows; on Linux and macOS bind a desktop shortcut to tap-assistant --check-selection."
    ),
    "clipboard_watch": (
        "Check text automatically whenever it is copied. "
        "When off, only the hotkey and the tray menu start a check."
    ),
    "clipboard_min_length": (
        "Shortest copied text, in characters, that clipboard watching checks. "
        "Shorter copies (a word, a link) are ignored."
    ),
    "grammar_enabled": (
        "Check grammar and spelling with the LanguageTool engine. "
        "When off, only the district's TAP rules run and no Java process starts."
    ),
    "engine_url": (
        "Address of a district LanguageTool server, e.g. https://lt.district.example/. "
        "Empty: the engine bundled with the app runs on this computer (loopback only)."
    ),
    "engine_heap_mb": (
        "Memory limit of the bundled grammar engine, in MB. "
        "Not used when engine_url points to a district server."
    ),
    "grammar_disabled_rules": (
        "LanguageTool rule ids that are never reported, e.g. EN_QUOTES. "
        "Use for rules that clash with district style."
    ),
    "accepted_words": (
        "Words the spelling check accepts, e.g. school and staff names. "
        "Added to the words of the rule pack."
    ),
    "send_anyway_log": (
        "Keep a local count of drafts sent despite a stop verdict. "
        "Stores rule ids and times only, never the text."
    ),
    "semantic_enabled": (
        "Check meaning with the local sentence model, beside the phrase rules. "
        "Catches what is said in other words (affection, secrecy, venting, mockery); runs on this computer only."
    ),
    "semantic_sensitivity": (
        "How readily the meaning check reports: low, standard or high. "
        "Low reports only what it is surest of; high reports more, with more false alarms."
    ),
    "semantic_disabled_concepts": (
        "Meaning-check concepts that never report, e.g. [\"curt_condescending\"]. "
        "Concept ids are listed in the IT guide and by tap-assistant model status."
    ),
    "district_phone_numbers": (
        "District phone numbers, e.g. 503-201-7700. "
        "A message that gives one of these numbers is not a personal-phone finding."
    ),
    "district_phone_prefixes": (
        "Leading digits of every district number, e.g. 503201 for 503-201-xxxx. "
        "Numbers that start with them count as district numbers."
    ),
    LOCKED_KEY: (
        "Settings users cannot change, by key name, e.g. [\"engine_url\", \"grammar_enabled\"]. "
        "A locked setting keeps the district value whatever the user's own settings say."
    ),
}

#: Windows Installer public properties must be upper case; one property per key.
def msi_property_name(key: str) -> str:
    return key.upper()


@dataclass(frozen=True)
class PolicyKey:
    """One key as every policy format spells it."""

    name: str  # TOML key, registry value name, plist key, ADMX policy name
    kind: str  # "string", "list", "bool" or "int"
    default: Any
    summary: str

    @property
    def title(self) -> str:
        return self.summary.split(". ")[0].rstrip(".")

    @property
    def msi_property(self) -> str:
        return msi_property_name(self.name)


def _kind_of(value: Any) -> str:
    # bool before int: True is an int in Python.
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, list):
        return "list"
    return "string"


def _build_keys() -> tuple[PolicyKey, ...]:
    defaults = Settings()
    keys = [
        PolicyKey(
            name=f.name,
            kind=_kind_of(getattr(defaults, f.name)),
            default=getattr(defaults, f.name),
            summary=SUMMARIES.get(f.name, ""),
        )
        for f in dataclasses.fields(Settings)
    ]
    keys.append(PolicyKey(LOCKED_KEY, "list", [], SUMMARIES[LOCKED_KEY]))
    return tuple(keys)


#: Every policy key, in the order of `Settings`, then `locked`.
POLICY_KEYS: tuple[PolicyKey, ...] = _build_keys()
POLICY_KEY_NAMES: tuple[str, ...] = tuple(k.name for k in POLICY_KEYS)
POLICY_KEYS_BY_NAME: dict[str, PolicyKey] = {k.name: k for k in POLICY_KEYS}

assert POLICY_KEY_NAMES[:-1] == SETTING_NAMES  # the table is the Settings fields plus `locked`

#: Rule overrides a policy may carry besides the settings (the `[rules]` table of policy.toml).
#: In the registry they live under the `Rules` subkey; in a plist under a `rules` dictionary.
RULES_DISABLE_KEY = "disable"
RULES_SEVERITY_KEY = "severity"
RULE_SUMMARIES: dict[str, str] = {
    RULES_DISABLE_KEY: "TAP rule ids that never report, e.g. [\"P4.textspeak\"].",
    RULES_SEVERITY_KEY: "New severity (info, caution or stop) for a TAP rule id.",
}


def format_default(key: PolicyKey) -> str:
    """The default as a policy file would spell it (for the IT guide and the template)."""
    value = key.default
    if key.kind == "bool":
        return "true" if value else "false"
    if key.kind == "int":
        return str(value)
    if key.kind == "list":
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
