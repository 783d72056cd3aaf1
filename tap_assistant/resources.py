"""Where the shipped resources (rule pack, icons, engine descriptor) live.

Three layouts are supported: a wheel install (`tap_assistant/resources`), the source tree
(`<repo>/resources`) and a PyInstaller bundle (`sys._MEIPASS/resources`).
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path


class ResourcesMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    package_dir = Path(__file__).resolve().parent
    candidates = [package_dir / "resources", package_dir.parent / "resources"]
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.insert(0, Path(frozen_root) / "resources")
    for candidate in candidates:
        if (candidate / "rules").is_dir():
            return candidate
    raise ResourcesMissing(
        "TAP Assistant's resources folder was not found (looked in: "
        + ", ".join(str(c) for c in candidates)
        + "); reinstall the application."
    )


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def default_rule_pack_dir() -> Path:
    return resource_path("rules")
