"""A district policy that sets every policy key, shared by the policy source and installer tests."""

from __future__ import annotations

from tap_assistant.core.config import toml_value

# One value for every policy key, each different from the default, as a district would set it.
SAMPLE_POLICY: dict[str, object] = {
    "district_name": "Springfield Unified",
    "district_domains": ["springfield.k12.example.us", "sfusd.example.org"],
    "approved_channels": ["schoology.com", "parentsquare.com"],
    "student_id_pattern": r"S\d{7}",
    "default_audience": "parent",
    "hotkey": "ctrl+alt+shift+t",
    "clipboard_watch": True,
    "clipboard_min_length": 25,
    "grammar_enabled": False,
    "engine_url": "https://lt.springfield.example.us/",
    "engine_heap_mb": 768,
    "grammar_disabled_rules": ["EN_QUOTES", "WHITESPACE_RULE"],
    "accepted_words": ["Springfield", "Skinner"],
    "send_anyway_log": True,
    "semantic_enabled": False,
    "semantic_sensitivity": "high",
    "semantic_disabled_concepts": ["curt_condescending", "venting"],
    "district_phone_numbers": ["503-201-7700", "503-201-7799"],
    "district_phone_prefixes": ["503201"],
    "locked": ["engine_url", "grammar_enabled", "district_domains"],
}


def toml_text(policy: dict[str, object]) -> str:
    lines = ["[settings]"] + [f"{key} = {toml_value(value)}" for key, value in policy.items()]
    return "\n".join(lines) + "\n"


def msi_text(value: object) -> str:
    """A value as an administrator types it for an MSI property."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ",".join(value)
    return str(value)
