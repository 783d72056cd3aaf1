"""Configuration: district policy (machine-wide, lockable) merged with the user's settings.

Three layers, lowest first: built-in defaults, district policy (the file, the Windows registry,
macOS managed preferences), the user's own choices; a key the policy locks keeps the policy's
value whatever the user file says. The layers stay apart (`Configuration.sources`,
`policy_values`, `user_values`), so the user file holds only what the user chose and a later
change of the district's policy still reaches every key the user did not set (the way
qutebrowser's autoconfig and napari's settings keep defaults out of the user's file).

A broken file never stops the app: each problem is collected as a `ConfigProblem` naming the
file, line and key, and every other setting still loads.
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
import tomli_w

from tap_assistant import APP_NAME
from tap_assistant.core.model import Audience, Severity

POLICY_FILE_NAME = "policy.toml"
#: Windows (registry) and macOS (managed preferences) carry policy besides the file; Linux does
#: not, and skipping that module keeps start-up lean there.
HAS_PLATFORM_POLICY_CHANNELS = sys.platform in ("win32", "darwin")
SETTINGS_FILE_NAME = "settings.toml"
#: How readily the meaning check reports: each has its own thresholds (resources/semantic/heads.json).
SEMANTIC_SENSITIVITIES = ("low", "standard", "high")

#: Version of the user settings file. Files without it were written by the first settings
#: window, which copied every unlocked value (defaults and the district's values included).
USER_FILE_VERSION = 2
USER_FILE_HEADER = "# TAP Assistant user settings: only what you changed (written by the app)"
#: The first line of the files the first settings window wrote (version 1).
_V1_HEADER = "# TAP Assistant user settings (written by the app)"
#: The only settings the version 1 settings window let a user change; it copied the others.
_V1_WINDOW_KEYS = frozenset(
    {"hotkey", "clipboard_watch", "clipboard_min_length", "default_audience", "grammar_enabled"}
)

#: Where an effective value came from (`tap-assistant config show`).
SOURCE_DEFAULT = "default"
SOURCE_POLICY = "policy"  # the policy file (machine-wide, or a --policy test layer)
SOURCE_REGISTRY = "registry"  # Windows registry policy key
SOURCE_PROFILE = "profile"  # macOS managed preferences (MDM profile)
SOURCE_USER = "user"


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
    semantic_enabled: bool = True
    semantic_sensitivity: str = "standard"
    semantic_disabled_concepts: list[str] = field(default_factory=list)
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
    #: The district's layer: every setting some policy source set, with its value...
    policy_values: dict[str, Any] = field(default_factory=dict)
    #: ...and which kind of source set it (SOURCE_POLICY, SOURCE_REGISTRY or SOURCE_PROFILE).
    policy_sources: dict[str, str] = field(default_factory=dict)
    #: The user's layer: only the settings the user chose (what `save_user_settings` writes).
    user_values: dict[str, Any] = field(default_factory=dict)
    #: Set when the machine policy was unusable and the last good copy's locks hold instead.
    policy_fallback: str = ""
    #: The `--policy FILE` test layer it was loaded with, if any (a reload applies it again).
    test_policy_path: Path | None = None

    def is_locked(self, name: str) -> bool:
        return name in self.locked

    def source_of(self, name: str) -> str:
        """Where the effective value of a setting comes from (a SOURCE_* name)."""
        if name in self.user_values and name not in self.locked:
            return SOURCE_USER
        return self.policy_sources.get(name, SOURCE_DEFAULT)

    def district_value(self, name: str) -> Any:
        """The value without the user's layer: the policy's, else the built-in default."""
        if name in self.policy_values:
            return self.policy_values[name]
        return getattr(Settings(), name)

    def set_user_value(self, name: str, value: Any) -> None:
        """Record a choice of the user. Choosing the district's (or the default) value again
        drops the user's entry, so the setting follows the district from then on."""
        if name in self.locked:
            raise ValueError(f"{name} is set by your district")
        if value == self.district_value(name):
            self.user_values.pop(name, None)
        else:
            self.user_values[name] = value
        setattr(self.settings, name, value)


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
    if name == "semantic_sensitivity" and value not in SEMANTIC_SENSITIVITIES:
        raise ValueError(f"must be one of {', '.join(SEMANTIC_SENSITIVITIES)}")
    if name == "student_id_pattern" and value:
        from tap_assistant.core.district_regex import DistrictRegexError, compile_district_regex

        try:
            compile_district_regex(value, ignore_case=True)
        except DistrictRegexError as error:
            raise ValueError(f"is not a usable regular expression: {error}") from None
    return value


def _apply_settings(
    target: Settings,
    table: Mapping[str, Any],
    path: Path,
    source: str,
    problems: list[ConfigProblem],
    locked: set[str],
    section: str,
    locked_message: str = "is set by your district and cannot be changed here; the district value is kept",
) -> dict[str, Any]:
    """Apply one table of settings to `target`; return the settings it set (name: value)."""
    applied: dict[str, Any] = {}
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
                    locked_message,
                )
            )
            continue
        try:
            applied[name] = _coerce(name, value)
        except ValueError as error:
            problems.append(
                ConfigProblem(str(path), _line_of(source, name), name, f"{error}; default kept")
            )
        else:
            setattr(target, name, applied[name])
    return applied


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


def policy_source_kind(path: Path) -> str:
    """SOURCE_REGISTRY, SOURCE_PROFILE or SOURCE_POLICY for a policy source's display path."""
    text = str(path)
    if text.upper().startswith("HKLM"):
        return SOURCE_REGISTRY
    if text.endswith(".plist"):
        return SOURCE_PROFILE
    return SOURCE_POLICY


def apply_policy_mapping(
    config: Configuration,
    data: Mapping[str, Any],
    path: Path,
    source: str = "",
    kind: str | None = None,
    under_locks: bool = False,
) -> None:
    """Apply one district policy document (from a file, the registry, an MDM profile).

    `under_locks`: a test layer (`--policy FILE`) that cannot change what the policies already
    applied lock; each such key is reported and the locked value kept.
    """
    kind = kind or policy_source_kind(path)
    held = set(config.locked) if under_locks else set()
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
    applied = _apply_settings(
        config.settings, settings_table, path, source, config.problems, held, "policy",
        "is locked by the machine-wide district policy; a --policy file cannot change it, the locked value is kept",
    )
    config.policy_values.update(applied)
    config.policy_sources.update(dict.fromkeys(applied, kind))
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
    migrate: bool = True,
    test_policy_path: Path | None = None,
    last_good_path: Path | None = None,
) -> Configuration:
    """Load district policy then user settings. Never raises for a bad file.

    A user file written by the first settings window (no version key) is cleaned of the
    defaults and district values it copied, and rewritten once unless `migrate` is false.

    With the machine-wide policy file (no `policy_path`) and no `extra_policies`, the operating
    system's policy channels apply after the file: the Windows registry policy key, macOS managed
    preferences (see policy_sources.py; nothing on Linux).

    `test_policy_path` (`--policy FILE`) is one more policy layer on top of those, under their
    locks: it cannot change a key they lock. Each good read of the machine-wide policy file is
    kept in `last_good_path` (by default in the user's data folder); when the file later cannot
    be read or parsed, that copy applies instead, its locks included, and the problem says so.
    """
    if last_good_path is None and policy_path is None:
        last_good_path = last_good_policy_path()
    use_platform_sources = policy_path is None and extra_policies is None
    policy_path = policy_path if policy_path is not None else site_policy_path()
    user_path = user_path if user_path is not None else user_settings_path()
    config = Configuration(policy_path=policy_path, user_path=user_path, test_policy_path=test_policy_path)
    if use_platform_sources and HAS_PLATFORM_POLICY_CHANNELS:
        from tap_assistant.core.policy_sources import platform_policy_sources  # imports this module

        extra_policies = platform_policy_sources(config.problems)

    before = len(config.problems)
    data, source = _read_toml(policy_path, config.problems)
    broken = len(config.problems) > before and _exists(policy_path)
    if data:
        apply_policy_mapping(config, data, policy_path, source)
    if last_good_path is not None:
        if broken:
            _apply_last_good_policy(config, policy_path, last_good_path)
        else:
            _keep_last_good_policy(policy_path, source if data else "", last_good_path)
    for extra_path, mapping in extra_policies or []:
        apply_policy_mapping(config, mapping, extra_path)
    if test_policy_path is not None:
        test_data, test_source = _read_toml(test_policy_path, config.problems)
        if test_data:
            apply_policy_mapping(config, test_data, test_policy_path, test_source, under_locks=True)

    user_data, user_source = _read_toml(user_path, config.problems)
    if user_data:
        version = user_data.pop("version", None)
        settings_table = user_data.get("settings", user_data)
        if isinstance(settings_table, dict):
            if version is None and user_source.startswith(_V1_HEADER):
                settings_table = _clean_v1_user_settings(config, settings_table, user_path, migrate)
            config.user_values = _apply_settings(
                config.settings, settings_table, user_path, user_source, config.problems, config.locked, "user"
            )
    return config


def last_good_policy_path() -> Path:
    """Where the last machine-wide policy that loaded is kept (the app's data folder)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "last-good-policy.toml"


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return True  # there, but not even its status can be read: broken


def _keep_last_good_policy(policy_path: Path, source: str, last_good_path: Path) -> None:
    """Remember the machine policy that just loaded; forget it when IT removed the file."""
    try:
        if not source:
            if not _exists(policy_path):
                last_good_path.unlink(missing_ok=True)
            return
        if last_good_path.is_file() and last_good_path.read_text(encoding="utf-8") == source:
            return
        last_good_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = last_good_path.with_suffix(".tmp")
        tmp.write_text(source, encoding="utf-8")
        tmp.replace(last_good_path)
    except (OSError, UnicodeError):
        pass  # a read-only data folder only costs the fallback


def _apply_last_good_policy(config: Configuration, policy_path: Path, last_good_path: Path) -> None:
    """The machine policy is broken: its last good copy applies, locks included (loudly)."""
    try:
        source = last_good_path.read_text(encoding="utf-8")
        data = tomllib.loads(source)
    except (OSError, UnicodeError, tomllib.TOMLDecodeError):
        config.policy_fallback = (
            f"The district policy {policy_path} cannot be used and no earlier good copy is known: "
            "district settings and locks do not apply until IT fixes it."
        )
        config.problems.append(ConfigProblem(str(policy_path), None, "", config.policy_fallback))
        return
    copy = Configuration()  # its own problems were reported when it was the live file
    apply_policy_mapping(copy, data, last_good_path, source, kind=SOURCE_POLICY)
    config.locked |= copy.locked
    for name, value in copy.policy_values.items():
        setattr(config.settings, name, value)
        config.policy_values[name] = value
        config.policy_sources[name] = SOURCE_POLICY
    config.rules = copy.rules
    locks = ", ".join(sorted(copy.locked)) or "none"
    config.policy_fallback = (
        f"The district policy {policy_path} cannot be used; its last good copy ({last_good_path}) "
        f"applies instead, with its locks ({locks}), until IT fixes the file."
    )
    config.problems.append(ConfigProblem(str(policy_path), None, "", config.policy_fallback))


def _clean_v1_user_settings(
    config: Configuration, table: dict[str, Any], path: Path, rewrite: bool
) -> dict[str, Any]:
    """Drop what the first settings window copied into the user's file, and rewrite it once.

    That window wrote every unlocked setting on each save. Its copies cannot be told apart from
    choices by value alone, so: a setting the window did not offer is a copy (the district's
    value or the default of the day); a setting it offered is the user's choice unless it equals
    the built-in default or what the district sets now. The cleaned file carries the version
    key, so this runs once.
    """
    defaults = Settings()
    kept = {
        name: value
        for name, value in table.items()
        if name not in SETTING_NAMES  # unknown keys stay, and are reported as before
        or (
            name in _V1_WINDOW_KEYS
            and value != getattr(defaults, name)
            and not (name in config.policy_values and value == config.policy_values[name])
        )
    }
    if rewrite:
        try:
            write_user_file(path, {k: v for k, v in kept.items() if k in SETTING_NAMES})
        except (OSError, TypeError, ValueError) as error:
            config.problems.append(
                ConfigProblem(str(path), None, "", f"could not be cleaned of copied defaults ({error})")
            )
    return kept


def save_user_settings(config: Configuration, path: Path | None = None) -> Path:
    """Write the user's layer: only the settings the user chose, never a locked one."""
    path = path or config.user_path or user_settings_path()
    values = {name: config.user_values[name] for name in SETTING_NAMES if name in config.user_values and name not in config.locked}
    write_user_file(path, values)
    return path


def write_user_file(path: Path, values: Mapping[str, Any]) -> None:
    """Write a user settings file (with the version key) atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = USER_FILE_HEADER + "\n" + tomli_w.dumps({"version": USER_FILE_VERSION, "settings": dict(values)})
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def toml_value(value: Any) -> str:
    """A setting's value written as one line of TOML (strings escaped by tomli-w)."""
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return tomli_w.dumps({"v": value})[len("v = "):].rstrip("\n")
