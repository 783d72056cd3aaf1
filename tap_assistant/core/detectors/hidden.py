"""Hidden text: direction-override characters that make a passage display in another order
than it is written (the Transparent pillar: nothing hidden)."""

from __future__ import annotations

from tap_assistant.core.bidi import override_spans
from tap_assistant.core.detectors.base import Hit
from tap_assistant.core.document import Document


def direction_override(document: Document) -> list[Hit]:
    return [Hit(start, end, "direction override") for start, end in override_spans(document.text)]
