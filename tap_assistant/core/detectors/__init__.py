"""Detectors that rules can name with `detector = "<name>"` beside phrase patterns."""

from __future__ import annotations

from tap_assistant.core.detectors.base import Detector, Hit
from tap_assistant.core.detectors.registry import DETECTORS, get_detector

__all__ = ["DETECTORS", "Detector", "Hit", "get_detector"]
