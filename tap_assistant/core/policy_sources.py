"""District policy from the operating system's management channels.

Besides the policy file (read by `config.load_configuration`), a district can set policy through
- Windows: the registry key HKLM\\SOFTWARE\\Policies\\TAPAssistant (Group Policy with the ADMX
  template, Intune, or the MSI's properties), and
- macOS: managed preferences for the domain org.tapassistant.TAPAssistant (an MDM profile).

Both readers turn what they find into the same mapping a policy file produces,
`{"settings": {...}, "rules": {...}}`, using the key names of `policy_keys`, so one loader
(`config.apply_policy_mapping`) validates every source and reports problems the same way.
Values are converted only where the channel cannot say the type itself (the registry stores
lists and booleans as strings when the MSI writes them); a value that cannot be converted is
passed on unchanged, so the loader names it in a clear problem instead of it vanishing.
"""

from __future__ import annotations

import logging
import plistlib
import re
import sys
from pathlib import Path, PureWindowsPath
from typing import Any, Iterator, Mapping, Protocol

from tap_assistant.core.config import ConfigProblem
from tap_assistant.core.policy_keys import (
    POLICY_KEYS_BY_NAME,
    RULES_DISABLE_KEY,
    RULES_SEVERITY_KEY,
)

log = logging.getLogger(__name__)

#: Registry key (under HKEY_LOCAL_MACHINE) that Group Policy, Intune and the MSI write.
REGISTRY_KEY = r"SOFTWARE\Policies\TAPAssistant"
#: Subkey holding rule overrides: value `disable` (list) and subkey `Severity` (rule id = severity).
REGISTRY_RULES_SUBKEY = "Rules"
REGISTRY_SEVERITY_SUBKEY = "Severity"
#: How registry policy is named in problems and the IT guide.
REGISTRY_DISPLAY_PATH = PureWindowsPath("HKLM", REGISTRY_KEY)

#: macOS preference domain an MDM profile targets (also the app's bundle identifier).
MANAGED_PREFERENCES_DOMAIN = "org.tapassistant.TAPAssistant"
MANAGED_PREFERENCES_DIR = Path("/Library/Managed Preferences")

#: Separators accepted between list items in a single registry string (the MSI can only write
#: one string per property).
_LIST_SEPARATORS = re.compile(r"[,;\r\n]+")
_TRUE_WORDS = {"1", "true", "yes", "on"}
_FALSE_WORDS = {"0", "false", "no", "off"}


class WinregLike(Protocol):
    """The part of the standard `winreg` module the reader uses (a fake stands in on Linux)."""

    HKEY_LOCAL_MACHINE: Any
    KEY_READ: int
    KEY_WOW64_64KEY: int
    REG_SZ: int
    REG_EXPAND_SZ: int
    REG_MULTI_SZ: int
    REG_DWORD: int
    REG_QWORD: int

    def OpenKey(self, key: Any, sub_key: str, reserved: int = 0, access: int = 0) -> Any: ...  # noqa: N802

    def EnumValue(self, key: Any, index: int) -> tuple[str, Any, int]: ...  # noqa: N802

    def EnumKey(self, key: Any, index: int) -> str: ...  # noqa: N802


# ---------------------------------------------------------------------------------------------
# Value conversion shared by both readers


def _split_list(text: str) -> list[str]:
    return [item.strip() for item in _LIST_SEPARATORS.split(text) if item.strip()]


def _convert_text(kind: str, text: str) -> Any:
    """A setting given as text (registry REG_SZ) converted to the setting's type when clear."""
    if kind == "list":
        return _split_list(text)
    if kind == "bool":
        word = text.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        return text
    if kind == "int":
        stripped = text.strip()
        return int(stripped) if stripped.isdigit() else text
    return text


def _convert_number(kind: str, number: int) -> Any:
    if kind == "bool" and number in (0, 1):
        return bool(number)
    if kind == "string":
        return str(number)
    return number


# ---------------------------------------------------------------------------------------------
# Windows registry


def _values(winreg: WinregLike, handle: Any) -> Iterator[tuple[str, Any, int]]:
    index = 0
    while True:
        try:
            yield winreg.EnumValue(handle, index)
        except OSError:  # ERROR_NO_MORE_ITEMS
            return
        index += 1


def _subkeys(winreg: WinregLike, handle: Any) -> Iterator[str]:
    index = 0
    while True:
        try:
            yield winreg.EnumKey(handle, index)
        except OSError:
            return
        index += 1


def _registry_value(winreg: WinregLike, kind: str, data: Any, value_type: int) -> Any:
    """Convert one registry value; None means "not configured" (an empty string)."""
    if value_type in (winreg.REG_SZ, winreg.REG_EXPAND_SZ):
        text = str(data)
        if not text.strip():
            # The MSI writes every property, set or not; an empty one means "not configured".
            return None
        return _convert_text(kind, text)
    if value_type == winreg.REG_MULTI_SZ:
        items = [str(item).strip() for item in (data or []) if str(item).strip()]
        if kind == "list":
            return items
        if len(items) == 1:
            return _convert_text(kind, items[0])
        return items if items else None
    if value_type in (winreg.REG_DWORD, winreg.REG_QWORD) and isinstance(data, int):
        return _convert_number(kind, data)
    return data


def _list_from_subkey(winreg: WinregLike, handle: Any) -> list[str]:
    """An ADMX <list> element writes one value per item (named 1, 2, ...); keep their order."""
    items = []
    for name, data, value_type in _values(winreg, handle):
        if value_type in (winreg.REG_SZ, winreg.REG_EXPAND_SZ) and str(data).strip():
            items.append((name, str(data).strip()))
    items.sort(key=lambda pair: (0, int(pair[0])) if pair[0].isdigit() else (1, pair[0]))
    return [data for _name, data in items]


def _open(winreg: WinregLike, parent: Any, sub_key: str) -> Any:
    # Always the 64-bit view, where a 64-bit MSI and Group Policy write, even from 32-bit Python.
    return winreg.OpenKey(parent, sub_key, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY)


def _read_rules_subkey(winreg: WinregLike, handle: Any) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    for name, data, value_type in _values(winreg, handle):
        if name.lower() == RULES_DISABLE_KEY:
            value = _registry_value(winreg, "list", data, value_type)
            if value is not None:
                rules[RULES_DISABLE_KEY] = value
        elif name:
            rules[name] = data  # unknown: the loader reports it
    for sub in _subkeys(winreg, handle):
        with _open(winreg, handle, sub) as child:
            if sub.lower() == REGISTRY_SEVERITY_SUBKEY.lower():
                severities = {
                    name: str(data).strip().lower()
                    for name, data, _type in _values(winreg, child)
                    if name and str(data).strip()
                }
                if severities:
                    rules[RULES_SEVERITY_KEY] = severities
            elif sub.lower() == RULES_DISABLE_KEY:
                items = _list_from_subkey(winreg, child)
                if items:
                    rules[RULES_DISABLE_KEY] = items
    return rules


def read_registry_policy(winreg: WinregLike, key: str = REGISTRY_KEY) -> dict[str, Any]:
    """The policy under HKLM\\<key> as a policy-file mapping; {} when the key does not exist.

    Raises OSError for a key that exists but cannot be read (the caller reports it).
    """
    try:
        root = _open(winreg, winreg.HKEY_LOCAL_MACHINE, key)
    except FileNotFoundError:
        return {}
    settings: dict[str, Any] = {}
    rules: dict[str, Any] = {}
    with root:
        for name, data, value_type in _values(winreg, root):
            if not name:  # the key's (Default) value
                continue
            # Registry names are case-insensitive; the policy keys are lower case.
            policy_key = POLICY_KEYS_BY_NAME.get(name.lower())
            if policy_key is None:
                settings[name] = data  # unknown: the loader reports it by name
                continue
            value = _registry_value(winreg, policy_key.kind, data, value_type)
            if value is not None:
                settings[policy_key.name] = value
        for sub in _subkeys(winreg, root):
            with _open(winreg, root, sub) as child:
                if sub.lower() == REGISTRY_RULES_SUBKEY.lower():
                    rules = _read_rules_subkey(winreg, child)
                    continue
                policy_key = POLICY_KEYS_BY_NAME.get(sub.lower())
                if policy_key is not None and policy_key.kind == "list":
                    settings[policy_key.name] = _list_from_subkey(winreg, child)
    mapping: dict[str, Any] = {}
    if settings:
        mapping["settings"] = settings
    if rules:
        mapping["rules"] = rules
    return mapping


# ---------------------------------------------------------------------------------------------
# macOS managed preferences


def _is_profile_metadata(key: str) -> bool:
    # An admin may paste a whole payload dictionary; its Payload* keys describe the profile.
    return key.startswith("Payload") or key.startswith("mcx_")


def policy_from_preferences(preferences: Mapping[str, Any]) -> dict[str, Any]:
    """A managed-preferences dictionary (flat keys, optional `rules` dict) as a policy mapping."""
    settings: dict[str, Any] = {}
    mapping: dict[str, Any] = {}
    for key, value in preferences.items():
        if _is_profile_metadata(key):
            continue
        if key == "rules":
            mapping["rules"] = value
            continue
        policy_key = POLICY_KEYS_BY_NAME.get(key)
        if policy_key is not None and isinstance(value, str) and policy_key.kind in ("bool", "int"):
            value = _convert_text(policy_key.kind, value)  # profile editors often write strings
        settings[key] = value
    if settings:
        mapping["settings"] = settings
    return mapping


def read_managed_preferences(path: Path) -> dict[str, Any]:
    """The managed preferences plist at `path` as a policy mapping; {} when there is none.

    Raises OSError or ValueError for a file that exists but cannot be read.
    """
    try:
        with path.open("rb") as handle:
            preferences = plistlib.load(handle)
    except FileNotFoundError:
        return {}
    except plistlib.InvalidFileException as error:
        raise ValueError(f"is not a valid property list ({error})") from error
    if not isinstance(preferences, dict):
        raise ValueError("must hold a dictionary of preferences")
    return policy_from_preferences(preferences)


def managed_preferences_paths(
    directory: Path = MANAGED_PREFERENCES_DIR, user: str | None = None
) -> list[Path]:
    """Computer-level profile first, then the user-level one (both set by the district's MDM)."""
    paths = [directory / f"{MANAGED_PREFERENCES_DOMAIN}.plist"]
    if user:
        paths.append(directory / user / f"{MANAGED_PREFERENCES_DOMAIN}.plist")
    return paths


# ---------------------------------------------------------------------------------------------
# A registry in memory


class MemoryRegistry:
    """A registry held in memory with the `winreg` interface the reader uses.

    Lets the registry reader run where there is no registry (the tests on Linux check that what
    the MSI and the ADMX template write reads back as the same policy). Keys are paths under
    HKEY_LOCAL_MACHINE; each holds {value name: (data, type)}. Names compare case-insensitively,
    as in the real registry.
    """

    HKEY_LOCAL_MACHINE = "HKLM"
    KEY_READ = 0x20019
    KEY_WOW64_64KEY = 0x0100
    REG_SZ = 1
    REG_EXPAND_SZ = 2
    REG_DWORD = 4
    REG_MULTI_SZ = 7
    REG_QWORD = 11

    class _Handle:
        def __init__(self, path: str) -> None:
            self.path = path

        def __enter__(self) -> "MemoryRegistry._Handle":
            return self

        def __exit__(self, *exc: object) -> None:
            return None

    def __init__(self) -> None:
        self._keys: dict[str, dict[str, tuple[str, Any, int]]] = {}
        self._names: dict[str, str] = {}

    def set_value(self, key: str, name: str, data: Any, value_type: int) -> None:
        """Write a value, creating the key and its parents like RegSetKeyValue does."""
        parts = key.strip("\\").split("\\")
        for depth in range(1, len(parts) + 1):
            path = "\\".join(parts[:depth])
            self._names.setdefault(path.lower(), path)
            self._keys.setdefault(path.lower(), {})
        self._keys[key.strip("\\").lower()][name.lower()] = (name, data, value_type)

    def OpenKey(self, key: Any, sub_key: str, reserved: int = 0, access: int = 0) -> Any:  # noqa: N802
        parent = "" if key == self.HKEY_LOCAL_MACHINE else key.path
        path = "\\".join(p for p in (parent, sub_key.strip("\\")) if p)
        if path.lower() not in self._keys:
            raise FileNotFoundError(2, "The system cannot find the file specified", path)
        return self._Handle(self._names[path.lower()])

    def EnumValue(self, key: Any, index: int) -> tuple[str, Any, int]:  # noqa: N802
        values = list(self._keys[key.path.lower()].values())
        if index >= len(values):
            raise OSError(259, "No more data is available")
        return values[index]

    def EnumKey(self, key: Any, index: int) -> str:  # noqa: N802
        prefix = key.path.lower() + "\\"
        children = [
            self._names[path][len(prefix):]
            for path in self._keys
            if path.startswith(prefix) and "\\" not in path[len(prefix):]
        ]
        if index >= len(children):
            raise OSError(259, "No more data is available")
        return children[index]


# ---------------------------------------------------------------------------------------------
# What this platform offers


def _current_user() -> str | None:
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is no reason to skip computer-level policy
        return None


def platform_policy_sources(
    problems: list[ConfigProblem] | None = None,
    *,
    platform: str | None = None,
    winreg: WinregLike | None = None,
    managed_preferences_dir: Path | None = None,
    user: str | None = None,
) -> list[tuple[Path, Mapping[str, Any]]]:
    """Policy the operating system's management channel holds, for `load_configuration`.

    Returned in the order they apply (later wins): on Windows the registry policy key, on macOS
    the computer then the user managed preferences; on Linux nothing (the policy file in
    /etc/xdg/tap-assistant is the only channel). A source that exists but cannot be read is
    added to `problems` and skipped; the rest still load.
    """
    platform = platform or sys.platform
    found: list[tuple[Path, Mapping[str, Any]]] = []

    def report(where: Path, message: str) -> None:
        log.warning("policy source %s: %s", where, message)
        if problems is not None:
            problems.append(ConfigProblem(str(where), None, "", message))

    if platform == "win32":
        if winreg is None:
            import winreg as system_winreg  # only exists on Windows

            winreg = system_winreg  # type: ignore[assignment]
        assert winreg is not None
        try:
            mapping = read_registry_policy(winreg)
        except OSError as error:
            report(Path(str(REGISTRY_DISPLAY_PATH)), f"cannot be read ({error}); ignored")
        else:
            if mapping:
                found.append((Path(str(REGISTRY_DISPLAY_PATH)), mapping))
    elif platform == "darwin":
        directory = managed_preferences_dir or MANAGED_PREFERENCES_DIR
        for path in managed_preferences_paths(directory, user if user is not None else _current_user()):
            try:
                mapping = read_managed_preferences(path)
            except (OSError, ValueError) as error:
                report(path, f"cannot be read ({error}); ignored")
                continue
            if mapping:
                found.append((path, mapping))
    return found


__all__ = [
    "MANAGED_PREFERENCES_DIR",
    "MANAGED_PREFERENCES_DOMAIN",
    "MemoryRegistry",
    "REGISTRY_DISPLAY_PATH",
    "REGISTRY_KEY",
    "WinregLike",
    "managed_preferences_paths",
    "platform_policy_sources",
    "policy_from_preferences",
    "read_managed_preferences",
    "read_registry_policy",
]
