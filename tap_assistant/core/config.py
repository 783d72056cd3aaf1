"""Configuration: district policy (machine-wide, lockable) merged with the user's settings.

Precedence, lowest first: built-in defaults, district policy, user settings; a key the policy
locks keeps the policy's value whatever the user file says. A broken file never stops the app:
each problem is collected as a `ConfigProblem` naming the file, line and key, and every other
setting still loads.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import platformdirs

from tap_assistant import APP_NAME
from tap_assistant.core.model import Audience, Severity

POLICY_FILE_NAME = "policy.toml"
#: Windows (registry) and macOS (managed preferences) carry policy besides the file; Linux does
#: not, and skipping that module keeps start-up lean there.
HAS_PLATFORM_POLICY_CHANNELS = sys.platform in ("win32", "darwin")
SETTINGS_FILE_NAME = "settings.toml"


@dataclass
class Settings:
    """Every setting a user or a district can set. Names are the keys of the TOML files."""

    district_name: str = "Your School District"
    district_domains: list[str] = field(default_factory=list)
    approved_channels: list[str] = field(default_factory=list)
    student_id_pattern: str = ""
    default_audience: str = Audience.STUDENT.value
    hotkey: str = "ctrl+shift+f8"
    clipboard_watch: bool = False
    clipboard_min_length: int = 40
    grammar_enabled: bool = True
    engine_url: str = ""
    engine_heap_mb: int = 512
    grammar_disabled_rules: list[str] = field(default_factory=list)
    accepted_words: list[str] = field(default_factory=list)
    send_anyway_log: bool = False
    district_phone_numbers: list[str] = field(default_factory=list)
    district_phone_prefixes: list[str] = field(default_factory=list)


SETTING_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Settings))


@dataclass(frozen=True)
class ConfigProblem:
    path: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        key = f" [{self.key}]" if self.key else ""
        return f"{where}{key}: {self.message}"


@dataclass
class RuleOverrides:
    disabled: set[str] = field(default_factory=set)
    severities: dict[str, Severity] = field(default_factory=dict)
    added: list[dict[str, Any]] = field(default_factory=list)
    added_source: str = ""


@dataclass
class Configuration:
    settings: Settings = field(default_factory=Settings)
    locked: set[str] = field(default_factory=set)
    rules: RuleOverrides = field(default_factory=RuleOverrides)
    problems: list[ConfigProblem] = field(default_factory=list)
    policy_path: Path | None = None
    user_path: Path | None = None

    def is_locked(self, name: str) -> bool:
        return name in self.locked


def user_settings_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / SETTINGS_FILE_NAME


def site_policy_path() -> Path:
    return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / POLICY_FILE_NAME


def _line_of(source: str, key: str) -> int | None:
    pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=', re.MULTILINE)
    match = pattern.search(source)
    if match is None:
        return None
    return source.count("\n", 0, match.start()) + 1


def toml_error_line(error: tomllib.TOMLDecodeError, source: str) -> int:
    """The line a TOML error points at ("at end of document" means the last line)."""
    match = re.search(r"line (\d+)", str(error))
    if match:
        return int(match.group(1))
    return source.rstrip("\n").count("\n") + 1


def _read_toml(path: Path, problems: list[ConfigProblem]) -> tuple[dict[str, Any], str]:
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, ""
    except (OSError, UnicodeDecodeError) as error:
        problems.append(ConfigProblem(str(path), None, "", f"cannot be read: {error}"))
        return {}, ""
    try:
        return tomllib.loads(source), source
    except tomllib.TOMLDecodeError as error:
        problems.append(
            ConfigProblem(
                str(path), toml_error_line(error, source), "", f"is not valid TOML ({error}); the file was ignored"
            )
        )
        return {}, source


def _coerce(name: str, value: Any) -> Any:
    """Check a setting's value against the type of its default; raise ValueError when wrong."""
    default = getattr(Settings(), name)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, not {value!r}")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be a whole number, not {value!r}")
        if value < 0:
            raise ValueError("must not be negative")
        return value
    if isinstance(default, list):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of strings")
        return [v.strip() for v in value if v.strip()]
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {value!r}")
    if name == "default_audience" and value not in {a.value for a in Audience}:
        raise ValueError(f"must be one of {', '.join(a.value for a in Audience)}")
    if name == "student_id_pattern" and value:
        try:
            re.compile(value)
        except re.error as error:
            raise ValueError(f"is not a valid regular expression ({error})") from error
    return value


def _apply_settings(
    target: Settings,
    table: Mapping[str, Any],
    path: Path,
    source: str,
    problems: list[ConfigProblem],
    locked: set[str],
    section: str,
) -> None:
    for name, value in table.items():
        if name == "locked" and section == "policy":
            continue
        if name not in SETTING_NAMES:
            problems.append(
                ConfigProblem(str(path), _line_of(source, name), name, "unknown setting, ignored")
            )
            continue
        if name in locked:
            problems.append(
                ConfigProblem(
                    str(path),
                    _line_of(source, name),
                    name,
                    "is set by your district and cannot be changed here; the district value is kept",
                )
            )
            continue
        try:
            setattr(target, name, _coerce(name, value))
        except ValueError as error:
            problems.append(
                ConfigProblem(str(path), _line_of(source, name), name, f"{error}; default kept")
            )


def _apply_rule_policy(
    rules: RuleOverrides,
    table: Any,
    path: Path,
    source: str,
    problems: list[ConfigProblem],
) -> None:
    if not isinstance(table, dict):
        problems.append(ConfigProblem(str(path), _line_of(source, "rules"), "rules", "must be a table"))
        return
    for key, value in table.items():
        if key == "disable":
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                rules.disabled.update(value)
            else:
                problems.append(
                    ConfigProblem(str(path), _line_of(source, key), "rules.disable", "must be a list of rule ids")
                )
        elif key == "severity":
            if not isinstance(value, dict):
                problems.append(
                    ConfigProblem(str(path), _line_of(source, key), "rules.severity", "must be a table")
                )
                continue
            for rule_id, severity in value.items():
                try:
                    rules.severities[rule_id] = Severity(severity)
                except ValueError:
                    problems.append(
                        ConfigProblem(
                            str(path),
                            _line_of(source, rule_id),
                            rule_id,
                            f"severity {severity!r} is not one of info, caution, stop",
                        )
                    )
        elif key == "add":
            if isinstance(value, list) and all(isinstance(v, dict) for v in value):
                rules.added.extend(value)
                rules.added_source = str(path)
            else:
                problems.append(
                    ConfigProblem(str(path), _line_of(source, key), "rules.add", "must be an array of tables ([[rules.add]])")
                )
        else:
            problems.append(
                ConfigProblem(str(path), _line_of(source, key), f"rules.{key}", "unknown key, ignored")
            )


def apply_policy_mapping(
    config: Configuration, data: Mapping[str, Any], path: Path, source: str = ""
) -> None:
    """Apply one district policy document (from a file, the registry, an MDM profile)."""
    settings_table = data.get("settings", {})
    if not isinstance(settings_table, dict):
        config.problems.append(ConfigProblem(str(path), None, "settings", "must be a table"))
        settings_table = {}
    locked = settings_table.get("locked", [])
    if isinstance(locked, list) and all(isinstance(v, str) for v in locked):
        for name in locked:
            if name in SETTING_NAMES:
                config.locked.add(name)
            else:
                config.problems.append(
                    ConfigProblem(str(path), _line_of(source, "locked"), name, "cannot lock an unknown setting")
                )
    else:
        config.problems.append(
            ConfigProblem(str(path), _line_of(source, "locked"), "locked", "must be a list of setting names")
        )
    _apply_settings(config.settings, settings_table, path, source, config.problems, set(), "policy")
    if "rules" in data:
        _apply_rule_policy(config.rules, data["rules"], path, source, config.problems)
    for key in data:
        if key not in ("settings", "rules"):
            config.problems.append(
                ConfigProblem(str(path), _line_of(source, key), key, "unknown section, ignored")
            )


def load_configuration(
    policy_path: Path | None = None,
    user_path: Path | None = None,
    extra_policies: list[tuple[Path, Mapping[str, Any]]] | None = None,
) -> Configuration:
    """Load district policy then user settings. Never raises for a bad file.

    With the machine-wide policy file (no `policy_path`) and no `extra_policies`, the operating
    system's policy channels apply after the file: the Windows registry policy key, macOS managed
    preferences (see policy_sources.py; nothing on Linux).
    """
    use_platform_sources = policy_path is None and extra_policies is None
    policy_path = policy_path if policy_path is not None else site_policy_path()
    user_path = user_path if user_path is not None else user_settings_path()
    config = Configuration(policy_path=policy_path, user_path=user_path)
    if use_platform_sources and HAS_PLATFORM_POLICY_CHANNELS:
        from tap_assistant.core.policy_sources import platform_policy_sources  # imports this module

        extra_policies = platform_policy_sources(config.problems)

    data, source = _read_toml(policy_path, config.problems)
    if data:
        apply_policy_mapping(config, data, policy_path, source)
    for extra_path, mapping in extra_policies or []:
        apply_policy_mapping(config, mapping, extra_path)

    user_data, user_source = _read_toml(user_path, config.problems)
    if user_data:
        settings_table = user_data.get("settings", user_data)
        if isinstance(settings_table, dict):
            _apply_settings(
                config.settings, settings_table, user_path, user_source, config.problems, config.locked, "user"
            )
    return config


def save_user_settings(config: Configuration, path: Path | None = None) -> Path:
    """Write the user's settings (only the unlocked ones that differ from the policy defaults)."""
    path = path or config.user_path or user_settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# TAP Assistant user settings (written by the app)", "[settings]"]
    for name in SETTING_NAMES:
        if name in config.locked:
            continue
        lines.append(f"{name} = {toml_value(getattr(config.settings, name))}")
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def toml_value(value: Any) -> str:
    """A setting's value written as TOML (strings as basic strings, backslashes escaped)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
