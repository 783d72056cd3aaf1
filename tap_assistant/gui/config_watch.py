"""Watching the district policy and the user's settings file, so changes apply without a restart.

District IT pushes a new policy file while the app runs; a user edits settings.toml by hand.
Editors and deployment tools often replace a file instead of writing it in place, which ends a
file watch, so the folders are watched too. Changes are debounced (a save can be several
writes) and reloaded with the same sources the app started with.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from tap_assistant.core.config import Configuration, Settings, load_configuration, site_policy_path

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300


def reload_configuration(config: Configuration) -> Configuration:
    """Load the configuration again from the same places `config` came from."""
    explicit_policy = config.policy_path if config.policy_path not in (None, site_policy_path()) else None
    return load_configuration(
        policy_path=explicit_policy, user_path=config.user_path, test_policy_path=config.test_policy_path
    )


def changed_settings(old: Configuration, new: Configuration) -> list[str]:
    names = [f.name for f in dataclasses.fields(Settings)]
    changed = [n for n in names if getattr(old.settings, n) != getattr(new.settings, n)]
    return changed


class ConfigWatcher(QObject):
    """Emits `changed(fresh_configuration, changed_setting_names)` after a file changed."""

    changed = Signal(object, list)

    def __init__(
        self,
        config: Configuration,
        loader: Callable[[Configuration], Configuration] = reload_configuration,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = config
        self._current = config  # the last configuration loaded (what changes are measured from)
        self._loader = loader
        self._files = [p for p in (config.policy_path, config.test_policy_path, config.user_path) if p is not None]
        self._snapshot = self._stamps()
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._reload)
        self._watcher.fileChanged.connect(lambda _path: self._timer.start())
        self._watcher.directoryChanged.connect(lambda _path: self._timer.start())
        self._rewatch()

    def _stamps(self) -> dict[Path, tuple[int, int] | None]:
        stamps: dict[Path, tuple[int, int] | None] = {}
        for path in self._files:
            try:
                stat = path.stat()
                stamps[path] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                stamps[path] = None
        return stamps

    def _rewatch(self) -> None:
        wanted = {str(p) for p in self._files if p.exists()} | {str(p.parent) for p in self._files if p.parent.is_dir()}
        present = set(self._watcher.files()) | set(self._watcher.directories())
        missing = sorted(wanted - present)
        if missing:
            self._watcher.addPaths(missing)

    def _reload(self) -> None:
        self._rewatch()  # a replaced file needs watching again
        stamps = self._stamps()
        if stamps == self._snapshot:
            return  # another file in the folder changed
        self._snapshot = stamps
        try:
            fresh = self._loader(self.config)
        except Exception as error:  # noqa: BLE001 - a bad file must never take the app down
            log.warning("configuration reload failed (%s)", type(error).__name__)
            return
        changed = changed_settings(self._current, fresh)
        self._current = fresh
        log.info("configuration files changed; settings changed=%s", ",".join(changed))
        self.changed.emit(fresh, changed)


def adopt(target: Configuration, fresh: Configuration) -> None:
    """Make `target` (shared by the app's windows) hold `fresh`'s values."""
    for item in dataclasses.fields(Configuration):
        setattr(target, item.name, getattr(fresh, item.name))
