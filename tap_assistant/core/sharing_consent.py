"""Whether a draft says the family agreed to what it shares about their child.

"With mom's signed release, I can share that Dani is staying with her aunt", "She said it was ok
for me to loop you in": a disclosure the family (or the student) allowed is not a breach of their
privacy. In the labelled sets (training, validation, probes, `dev_r2`) such a statement sat in 40
acceptable messages and 4 violations, none of them a disclosure. The meaning check reads it for
the concepts that say so in `resources/semantic/concepts.toml` (`eased_by_consent`).
"""

from __future__ import annotations

import re

from tap_assistant.core.document import Document

_CONSENT = re.compile(
    r"\b(?:signed (?:release|consent)|release of information"
    r"|with (?:(?:her|his|their|the|a)\s+)?"
    r"(?:family['’]s|parents['’]|parent['’]s|mom['’]s|dad['’]s|mother['’]s|father['’]s|guardian['’]s|parental|parent)"
    r"\s+(?:written\s+)?(?:permission|consent|ok|okay)"
    r"|(?:said|says|agreed) (?:it(?:['’]s| was| is) )?(?:ok|okay|fine) (?:for me )?to (?:share|loop|tell|let)"
    r"|gave (?:me )?(?:permission|consent|the ok|the okay) to (?:share|tell|loop)"
    r"|asked me to (?:share|let you know|loop you in|tell you))",
    re.IGNORECASE,
)


def states_consent_to_share(doc: Document) -> bool:
    """Does the draft say the family or the student agreed to the sharing? (Computed once per draft.)"""
    cached = doc.memo.get("sharing_consent")
    if cached is None:
        cached = doc.memo["sharing_consent"] = bool(_CONSENT.search(doc.text))
    return cached
