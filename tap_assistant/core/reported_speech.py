"""Someone else's words reported in quotation marks: 'he told a classmate to "shut up"', 'the
coach directed profane language at the umpire ("you're a f***ing joke")'.

A span counts when it sits between a pair of double quotation marks on one line and the words
just before the opening mark report speech or writing (said, told, yelled, wrote, language ...).
The words are the speaker's, reported by the writer; rules with `reported = "skip"` leave them.

`find_reported_clause_spans` also finds unquoted reports in one sentence ("his mom said the
principal is a clown"): the rest of the sentence after a reporting frame whose speaker is another
person, up to where the writer's own comment starts. The meaning check reads the writer's conduct
without them.
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


#: A reporting frame whose speaker is someone else: "two students told me (that)", "his mom said",
#: "I overheard Ty saying". What follows it, to the end of the sentence, is what they said.
_FRAME = re.compile(
    r"\b(?P<speaker>[\w'’.-]+)\s+(?:has\s+|had\s+|just\s+|also\s+)?"
    r"(?:told|tells|tell)\s+(?:me|us|him|her|them|the\s+class|the\s+team|staff|a\s+teacher|a\s+classmate|"
    r"another\s+student|others|everyone)\b(?:\s+that)?"
    r"|\b(?P<speaker2>[\w'’.-]+)\s+(?:has\s+|had\s+|just\s+|also\s+)?"
    r"(?:said|says|mentioned|reported|claimed|claims|threatened|admitted|wrote|texted|posted)\b(?:\s+that)?"
    r"|\bI\s+(?:overheard|heard|was\s+told)\s+(?:(?P<speaker3>[\w'’.-]+(?:\s+[\w'’.-]+){0,3}?)\s+"
    r"(?:say|saying|said|talking\s+about|tell|telling)\b)?(?:\s+that)?",
    re.IGNORECASE,
)
#: Where the writer's own comment on what was reported begins: "his mom said he's gifted, lol sure".
_WRITERS_COMMENT = re.compile(
    r"\s*[,;:–—-]\s*(?:lol|lmao|haha|ha|sure|honestly|but|though|ugh|yeah|as if|which|and honestly)\b"
    r"|\s+(?:lol|lmao|haha)\b",
    re.IGNORECASE,
)
#: Words naming a person or people who can be a frame's speaker (singular; a plural "s"/"es" is dropped).
_PERSON_WORDS = frozenset(
    "he she they mom mother mum dad father parent guardian grandma grandmother grandpa grandfather aunt uncle "
    "sister brother sibling stepdad stepmom son daughter husband wife partner family student kid child children "
    "boy girl classmate friend peer teammate player teacher coach colleague principal counselor nurse officer "
    "driver aide para sub substitute secretary custodian neighbor neighbour witness someone somebody everyone "
    "everybody nobody staff administrator chaperone volunteer".split()
)
#: Capitalised words that are not names: a sentence may start with them.
_NOT_NAMES = frozenset(
    "i we you it this that these those there here which what who whoever everything nothing something policy "
    "handbook email letter report note sign rule law article website district school board app the a an and but "
    "so then also just still".split()
)


def _is_other_person(speaker: str) -> bool:
    """Is this word a frame's speaker who is neither the writer nor the reader: he, she, they, a word
    naming a person ("his mom", "two students") or a name ("Ty", "Mrs. Ortiz")?"""
    word = speaker.lower().rstrip(".").removesuffix("'s").removesuffix("’s")
    if word in _PERSON_WORDS or word.removesuffix("s") in _PERSON_WORDS or word.removesuffix("es") in _PERSON_WORDS:
        return True
    return speaker[:1].isupper() and word not in _NOT_NAMES


def find_reported_clause_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of someone else's reported words in one sentence: the inside of a reported
    quotation, or everything after a reporting frame whose speaker is not the writer ("two
    students told me that ...", "his dad said ...", "I overheard Ty saying ..."). A frame counts
    only when its speaker is a person other than the writer and the reader (`_is_other_person`):
    not "I told him ...", "as we said ...", "the complaint you mentioned", "if it says ..."."""
    spans = find_reported_speech_spans(sentence)
    for match in _FRAME.finditer(sentence):
        speaker = match.group("speaker") or match.group("speaker2")
        if speaker is not None and not _is_other_person(speaker):
            continue
        start = match.end()
        while start < len(sentence) and sentence[start] in " ,:\t":
            start += 1
        end = len(sentence.rstrip(" .!?"))
        comment = _WRITERS_COMMENT.search(sentence, start, end)
        if comment is not None:
            end = comment.start()
        if end - start > 0:
            spans.append((start, end))
        break
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
