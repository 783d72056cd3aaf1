"""Name -> detector function. Rules refer to detectors by these names."""

from __future__ import annotations

import importlib

from tap_assistant.core.detectors.base import Detector

#: detector name -> "module:function" inside tap_assistant.core.detectors
_DETECTOR_PATHS: dict[str, str] = {}

DETECTORS: dict[str, Detector] = {}


def register(name: str, path: str) -> None:
    _DETECTOR_PATHS[name] = path


def get_detector(name: str) -> Detector:
    if name not in DETECTORS:
        try:
            path = _DETECTOR_PATHS[name]
        except KeyError:
            raise KeyError(f"unknown detector {name!r}; known: {', '.join(sorted(_DETECTOR_PATHS))}") from None
        module_name, function_name = path.split(":")
        module = importlib.import_module(f"tap_assistant.core.detectors.{module_name}")
        DETECTORS[name] = getattr(module, function_name)
    return DETECTORS[name]


def known_detectors() -> list[str]:
    return sorted(_DETECTOR_PATHS)


# Tone and register (lead)
register("all_caps", "tone:all_caps")
register("exclamation_run", "tone:exclamation_run")
register("textspeak", "tone:textspeak")
register("emoji_run", "tone:emoji_run")
register("affectionate_emoji", "tone:affectionate_emoji")
register("readability", "readability:hard_to_read")
