"""Helpers for detector tests: run a detector on text and get the matched substrings."""

from __future__ import annotations

from tap_assistant.core.config import Settings
from tap_assistant.core.detectors.base import Hit
from tap_assistant.core.document import Document

DISTRICT = Settings(
    district_domains=["springfield.k12.il.us", "district.example.org"],
    approved_channels=["schoology.com", "classdojo.com", "remind.com"],
)


def run(detector, text: str, settings: Settings | None = None) -> list[Hit]:
    doc = Document(text, settings if settings is not None else DISTRICT)
    hits = detector(doc)
    for hit in hits:
        assert 0 <= hit.start < hit.end <= len(text), (hit, text)
    return hits


def found(detector, text: str, settings: Settings | None = None) -> list[str]:
    """The exact substrings the detector flagged, in order."""
    return [text[h.start:h.end] for h in run(detector, text, settings)]


def details(detector, text: str, settings: Settings | None = None) -> list[str]:
    return [h.detail for h in run(detector, text, settings)]
