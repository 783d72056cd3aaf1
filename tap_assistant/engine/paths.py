"""Where the engine lives on disk: the installed jars, the per-run files and the log.

The engine directory (jars from Maven Central plus `engine.json`) is looked up in this order:

1. `TAP_ASSISTANT_ENGINE_DIR` when set (IT or a test points at a specific copy; it wins even
   when nothing is installed there, so a wrong path is reported instead of silently ignored);
2. an `engine` folder bundled beside the application by an installer (`sys._MEIPASS/engine` or
   the folder of the frozen executable), when it holds a complete install;
3. the user data dir: `platformdirs.user_data_dir("tap-assistant")/engine`
   (Linux `~/.local/share/tap-assistant/engine`, Windows `%LOCALAPPDATA%\\tap-assistant\\engine`,
   macOS `~/Library/Application Support/tap-assistant/engine`). This is also where
   `tap-assistant engine install` puts it by default.

The engine directory may be read-only (an installer's copy), so everything written at run time
(server config, the custom spelling list, the record of a running engine) goes under the user
state dir, `.../engine-run/<port>/`, and the server log under the user log dir.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

from tap_assistant import APP_NAME
from tap_assistant.app_files import DirChoice, app_folders, dir_candidates, find_dir, install_dir

__all__ = ["app_folders", "EngineDirChoice"]

ENGINE_DIR_ENV = "TAP_ASSISTANT_ENGINE_DIR"
MANIFEST_NAME = "engine.json"
LIB_DIR_NAME = "lib"
LOG_FILE_NAME = "engine.log"


def user_engine_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "engine"


def bundled_engine_dirs() -> list[Path]:
    return [folder / "engine" for folder in app_folders()]


#: Kept as the engine's name for the shared type.
EngineDirChoice = DirChoice


def engine_dir_candidates() -> list[DirChoice]:
    """Every place looked at, in order (shown by `engine status`)."""
    return dir_candidates(ENGINE_DIR_ENV, "engine", user_engine_dir())


def find_engine_dir() -> DirChoice:
    """The engine directory to use (see the module docstring for the order)."""
    return find_dir(engine_dir_candidates(), MANIFEST_NAME)


def default_install_dir() -> Path:
    return install_dir(ENGINE_DIR_ENV, user_engine_dir())


def runtime_root() -> Path:
    """Per-run files of local engines: one sub-folder per running engine, named by its port."""
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)) / "engine-run"


def log_path() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) / LOG_FILE_NAME
