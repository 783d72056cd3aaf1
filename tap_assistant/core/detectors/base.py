"""What a detector is: a function from a Document to hits (spans with an optional detail)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

from tap_assistant.core.document import Document
from tap_assistant.core.model import Audience, Severity


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    #: Short fact for the message, e.g. the personal email domain; never the whole draft.
    detail: str = ""
    #: Overrides the rule's severity when the detector grades its own certainty (profanity).
    severity: Severity | None = None
    #: Overrides both for some readers, where the detector knows the hit matters less to them (a
    #: phone number nothing marks as personal, in a message to the public).
    severity_by_audience: Mapping[Audience, Severity] = field(default_factory=dict, hash=False)


Detector = Callable[[Document], list[Hit]]
