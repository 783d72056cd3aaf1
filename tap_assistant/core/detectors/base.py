"""What a detector is: a function from a Document to hits (spans with an optional detail)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from tap_assistant.core.document import Document
from tap_assistant.core.model import Severity


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    #: Short fact for the message, e.g. the personal email domain; never the whole draft.
    detail: str = ""
    #: Overrides the rule's severity when the detector grades its own certainty (profanity).
    severity: Severity | None = None


Detector = Callable[[Document], list[Hit]]
