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

# Identifier, channel, confidentiality and profanity detectors (detectors helper).
register("personal_email", "contact:personal_email")
register("phone_number", "contact:phone_number")
register("open_recipients", "contact:open_recipients")
register("ssn", "identifiers:ssn")
register("date_of_birth", "identifiers:date_of_birth")
register("student_id", "identifiers:student_id")
register("street_address", "identifiers:street_address")
register("medical_record_number", "identifiers:medical_record_number")
register("social_link_or_handle", "social:social_link_or_handle")
register("gaming_handle", "social:gaming_handle")
register("education_record_near_name", "confidential:education_record_near_name")
register("personnel_near_name", "confidential:personnel_near_name")
register("profanity", "profanity:profanity")
register("direction_override", "hidden:direction_override")
