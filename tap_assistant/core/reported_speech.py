"""Someone else's words reported in quotation marks: 'he told a classmate to "shut up"', 'the
coach directed profane language at the umpire ("you're a f***ing joke")'.

A span counts when it sits between a pair of double quotation marks on one line and the words
just before the opening mark report speech or writing (said, told, yelled, wrote, language ...).
The words are the speaker's, reported by the writer; rules with `reported = "skip"` leave them.
"""

from __future__ import annotations

import re

#: A quoted stretch on one line: straight or curly double quotation marks, at most 200 characters.
_QUOTED = re.compile(r"[\"“]([^\"“”\n]{1,200})[\"”]")
#: Reporting words shortly before the opening mark.
_REPORTING_BEFORE = re.compile(
    r"\b(?:said|says|say|saying|told|tells|telling|yelled|yells|yelling|shouted|shouting|screamed|screaming|"
    r"called|calling|wrote|writes|written|texted|posted|commented|replied|answered|asked|muttered|mumbled|"
    r"whispered|chanted|chanting|repeated|language|words|comment|remark|message|note|quote|quoted|"
    r"statement|slur|slurs)\b[^\"“”\n.!?]{0,45}$",
    re.IGNORECASE,
)
_LOOK_BACK = 60


def find_reported_speech_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each reported quotation, in order."""
    spans = []
    for match in _QUOTED.finditer(text):
        if _REPORTING_BEFORE.search(text, max(0, match.start() - _LOOK_BACK), match.start()):
            spans.append((match.start(1), match.end(1)))
    return spans
