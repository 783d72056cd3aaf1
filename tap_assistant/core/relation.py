"""Whose child a sentence is about: the reader's own child, or another student.

A parent may read about their own child's IEP, grades or behaviour plan; the same words about a
classmate are a breach of that classmate's privacy. The audience alone cannot tell the two apart,
so rules with `severity_by_relation` ask this module about each hit. The resolution, in order:

1. A relational phrase near the hit that names someone else's child ("another student", "a
   classmate", "her son", "his daughter", "their child", "one of my students", "your son's
   friend") makes it `other_student`, unless the reader's own child is the last of the two named
   before the hit ("Cameron has in-school suspension after he pushed another student") or the
   phrase is a rule about any student ("when a student reaches ten absences").
2. A child's name near the hit is compared with the reader's own child, who is named by the
   greeting ("Dear Jake's parents"), by "your son Jake" / "your daughter, Ella," anywhere, or by a
   "Subject:" line. A name that is not the own child is `other_student`. A name written after a
   title anywhere in the draft ("Dr. Patel") is an adult's, never a child's.
3. When the draft names no own child: a draft to a group (families, parents, the team, the
   class, everyone) has no "own child", so every named child is `other_student`; a draft to one
   reader that names two or more children is about another student for each of them; a draft to
   one reader that names a single child is taken to be about that reader's child (`own_child`).
4. Nothing near the hit says who it is about: no relation, and the audience's severity stands.

To a student the "own child" is the reader: a draft to one student that names another child near
the hit is about `other_student` (a classmate), whether one child is named or several; the
student's own name from the greeting ("Hi Maya,") is not another child, and "your grade" with no
name near it leaves the audience's severity standing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tap_assistant.core.detectors._names import COMMON_GIVEN_NAMES, person_refs, word_window, words_matching
from tap_assistant.core.document import TITLE, Document

OWN_CHILD = "own_child"
OTHER_STUDENT = "other_student"
RELATIONS = (OWN_CHILD, OTHER_STUDENT)

_OTHER_PHRASE = re.compile(
    r"\b(?:another|other|a|one of (?:my|our|the|your)|some of (?:my|our|the))\s+"
    r"(?:student|students|child|children|kid|kids|classmate|classmates|teammate|teammates|player|players|boy|girl)\b"
    r"|\b(?:her|his|their|the other family's|another family's|a friend's)\s+"
    r"(?:(?:older|younger|little|new)\s+)?(?:son|daughter|child|kid|boy|girl|stepson|stepdaughter)\b"
    # a family named in the third person: "the Wilsons' son", "the Garcia family's kids"
    r"|\bthe\s+[a-z\-]+(?:s['’]|\s+family['’]s)\s+(?:son|daughter|child|children|kid|kids|boy|girl|twins)\b"
    r"|\b(?:your|his|her|their)\s+(?:(?:son|daughter|child|kid)['’]s\s+)?"
    r"(?:classmate|classmates|friend|friends|teammate|teammates|lab partner|seatmate|tablemate)\b"
)
#: "When a student reaches 8 absences", "if a child needs medicine": a rule about any student, not
#: another child.
_GENERIC_BEFORE = re.compile(
    r"\b(?:when|whenever|if|once|until|unless|before|after|each time|every time|any time|anytime)\s+$"
)
#: "A student with ten or more absences is considered chronically absent", "a child who has a fever
#: must stay home": a rule about any student, told by its verb after the phrase.
_GENERIC_AFTER = re.compile(
    r"\s+(?:with|who|that)\b[^.!?\n]{0,60}?\b(?:is|are)\s+(?:considered|required|expected|eligible|counted)\b"
    r"|\s+(?:with|who|that)\b[^.!?\n]{0,60}?\b(?:must|should|may|qualifies|counts as)\b"
)
#: "the Orlando trip", "in Elmwood", "at Lot C": an article or a place word before a capitalised
#: word makes it a place or a thing, not a child.
_PLACE_OR_THING_BEFORE = re.compile(r"\b(?:the|a|an|in|at|near)\s+$")
#: ... unless a child follows: "the Morales boy", "the Novak sisters".
_CHILD_AFTER = re.compile(r"\s+(?:boy|girl|kid|kids|child|children|twins|sisters|brothers|siblings|family)\b")
#: Names written after a title anywhere in the draft ("Dr. Patel", "Mr. Hughes") are adults.
_TITLED = re.compile(r"\b" + TITLE + r"[ \t]+([A-Z][a-z]+)")
_GROUP_NOUNS = r"families|parents|guardians|team|players|class|community|volunteers|chaperones|helpers|drivers|boosters"
_GROUP_GREETING = re.compile(
    # a subject line, or a chat's bracketed header ("[Group text: Field trip chaperones]"), may come first
    r"^\s*(?:(?:subject|re|fwd?):[^\n]*\n\s*)?(?:\[[^\]\n]{1,80}\]\s*\n\s*)?"
    r"(?:(?:dear|hi|hello|hey|(?:good )?(?:morning|afternoon|evening)|greetings),?\s+)?"
    r"(?:all|everyone|everybody|friends|folks|" + _GROUP_NOUNS + r"|(?:[\w'.\-]+\s+){1,4}(?:" + _GROUP_NOUNS + r"))\b",
    re.IGNORECASE,
)
_NEWSLETTER = re.compile(r"\b(?:newsletter|class news|this week in|weekly update|team update)\b", re.IGNORECASE)
_OWN_IN_GREETING = re.compile(
    r"^\s*(?:(?:subject|re|fwd?):[^\n]*\n\s*)?(?:(?:dear|hi|hello|good (?:morning|afternoon|evening)),?\s+)?"
    r"([A-Z][a-z]+)['’]s\s+(?:parents?|family|mom|mum|mother|dad|father|guardians?|grandparents?)\b"
)
#: "Dear Parent/Guardian of Jordan Pruitt,", "To the family of Ava": a letter about the reader's child.
_OWN_IN_GREETING_OF = re.compile(
    r"^\s*(?:(?:subject|re|fwd?):[^\n]*\n\s*)?(?:(?:dear|hi|hello|to)\s+)?(?:the\s+)?"
    r"(?:(?:parents?|guardians?)(?:\(s\))?(?:\s*(?:/|and|&|or)\s*guardians?(?:\(s\))?)?|family)"
    r"\s+of\s+(?-i:([A-Z][a-z]+))\b",
    re.IGNORECASE,
)
_OWN_NAMED = re.compile(
    r"\b(?:[Yy]our|[Yy]ou and your) (?:son|daughter|child|kid|student|little one|boy|girl)\s*,?\s+([A-Z][a-z]+)\b"
)
_GREETED_NAME = re.compile(
    r"^\s*(?:(?:subject|re|fwd?):[^\n]*\n\s*)?(?:dear|hi|hello|hey|hiya|good (?:morning|afternoon|evening)),?\s+"
    r"([A-Z][a-z]+)\b",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"^\s*(?:subject|re|fwd?):([^\n]*)", re.IGNORECASE | re.MULTILINE)
_SUBJECT_NAME = re.compile(r"\b([A-Z][a-z]+)\b")


# A staff member named beside their role: "Jenna, the speech therapist", "the nurse, Ms. Adams".
_ROLE = (
    r"(?:teacher|counsel(?:l)?or|therapist|nurse|principal|specialist|coach|aide|para|paraprofessional|"
    r"psychologist|social worker|secretary|librarian|coordinator|case manager|director|interventionist)"
)
_ROLE_AFTER = re.compile(r"\s*,?\s*(?:(?:our|the|my|your|a)\s+)?(?:[\w\-]+\s+){0,2}" + _ROLE + r"\b", re.IGNORECASE)
_ROLE_BEFORE = re.compile(r"\b" + _ROLE + r"\s*,?\s*$", re.IGNORECASE)


def _is_staff_or_signature(doc: Document, start: int, end: int, signature: int) -> bool:
    if start >= signature:
        return True
    return bool(_ROLE_AFTER.match(doc.text, end, min(len(doc.text), end + 40))) or bool(
        _ROLE_BEFORE.search(doc.text, max(0, start - 40), start)
    )


def _child_refs(doc: Document, start: int, end: int, exclude: tuple[int, int] = (0, 0)) -> list[tuple[str, int, int]]:
    """Names in [start, end) that may be students, with their offsets: not the writer's
    signature, not a named staff member, not a name written after a title anywhere in the draft
    ("Dr. Patel's office" makes "Patel" an adult), a surname after a given name counted once
    ("Karen Boyd" is one person)."""
    signature = doc.signature_start
    adults = words_matching(doc, _TITLED)
    names: list[tuple[str, int, int]] = []
    previous_end = -10
    for ref in person_refs(doc, start, end, relational=False):
        if ref.kind != "name" or (ref.start < exclude[1] and exclude[0] < ref.end):
            continue
        joined = doc.text[previous_end:ref.start] == " "
        previous_end = ref.end
        if joined or _is_staff_or_signature(doc, ref.start, ref.end, signature):
            continue
        name = _name(doc.text[ref.start:ref.end])
        if name in adults:
            continue
        if _PLACE_OR_THING_BEFORE.search(doc.norm, max(0, ref.start - 8), ref.start) and not _CHILD_AFTER.match(
            doc.norm, ref.end
        ):
            continue
        names.append((name, ref.start, ref.end))
    return names


@dataclass(frozen=True)
class _Reader:
    own: frozenset[str]
    group: bool
    children: frozenset[str]
    #: The name a draft greets ("Hi Maya," -> "maya"): to a student, the reader themself.
    addressed: str
    #: Every name in the draft that may be a student's, however often or however written.
    names: frozenset[str] = frozenset()


def _name(text: str) -> str:
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            return text[: -len(suffix)].lower()
    return text.lower()


def _reader(doc: Document) -> _Reader:
    cached = doc.memo.get("relation.reader")
    if cached is not None:
        return cached
    text = doc.text
    own: set[str] = set()
    greeting = _OWN_IN_GREETING.match(text) or _OWN_IN_GREETING_OF.match(text)
    if greeting:
        own.add(greeting.group(1).lower())
    own.update(match.group(1).lower() for match in _OWN_NAMED.finditer(text))
    subject = _SUBJECT.search(text[:300])
    # Only names that look like a person's count towards "two or more children": a common given
    # name, a possessive ("Mia's"), or a word used as a name more than once. A place or a stray
    # capitalised word ("Lakeview", "Arabic-speaking") named once must not turn the reader's own
    # child into "another student".
    refs = _child_refs(doc, 0, len(text))
    found = [name for name, _, _ in refs]
    children = {
        name for name, start, _ in refs
        if name in COMMON_GIVEN_NAMES or found.count(name) > 1
        or re.search(rf"\b{re.escape(name)}['’]s\b", doc.norm)
        # "the Osei kids": `_child_refs` keeps a name after "the" only when a child word follows it
        or _PLACE_OR_THING_BEFORE.search(doc.norm, max(0, start - 8), start)
    }
    if subject:
        own.update(name.lower() for name in _SUBJECT_NAME.findall(subject.group(1)) if name.lower() in children)
    group = bool(_GROUP_GREETING.match(text) or _NEWSLETTER.search(text[:400]))
    addressed = _GREETED_NAME.match(text)
    reader = _Reader(
        frozenset(own), group, frozenset(children), addressed.group(1).lower() if addressed else "", frozenset(found)
    )
    doc.memo["relation.reader"] = reader
    return reader


def relation_near(doc: Document, start: int, end: int, words: int = 10, student_reader: bool = False) -> str:
    """OWN_CHILD, OTHER_STUDENT, or "" when nothing near [start, end) says whose child it is.

    The sentence holding the hit speaks first; only when it names nobody do the words around it
    (up to `words` either side, which may reach the sentence before) decide. `student_reader`:
    the draft is to a student, who is the "own child" (see the module's notes).
    """
    sentence = doc.sentence_bounds(start)
    window = word_window(doc, start, end, words)
    for lo, hi in (sentence, window):
        relation = _relation_in(doc, start, end, lo, hi, student_reader)
        if relation:
            return relation
    return ""


def _relation_in(doc: Document, start: int, end: int, lo: int, hi: int, student_reader: bool) -> str:
    others = [
        m for m in _OTHER_PHRASE.finditer(doc.norm, lo, hi)
        if not (m.start() < end and start < m.end())
        and not _GENERIC_BEFORE.search(doc.norm, max(0, m.start() - 20), m.start())
        and not (m.group().startswith(("a ", "any ")) and _GENERIC_AFTER.match(doc.norm, m.end()))
    ]
    refs = _child_refs(doc, lo, hi, exclude=(start, end))
    names = [name for name, _, _ in refs]
    reader = _reader(doc)
    if others:
        # "Cameron has in-school suspension after he pushed another student": the record is the
        # own child's when the own child is the last of the two named before it.
        other_before = max((m.end() for m in others if m.end() <= start), default=-1)
        own_before = max((b for name, _, b in refs if b <= start and _is_own(reader, name, student_reader)), default=-1)
        return OWN_CHILD if own_before > other_before else OTHER_STUDENT
    if not names:
        return ""
    if student_reader:
        return OTHER_STUDENT if any(name != reader.addressed for name in names) else ""
    if reader.own:
        return OWN_CHILD if all(name in reader.own for name in names) else OTHER_STUDENT
    if reader.group or len(reader.children) >= 2:
        return OTHER_STUDENT
    return OWN_CHILD


def _is_own(reader: _Reader, name: str, student_reader: bool) -> bool:
    """Is `name` surely the reader's own child (to a student: the reader)? Named so by the draft,
    or the only child's name in a draft to one reader ("the other boy was Ryder" names two)."""
    if student_reader:
        return name == reader.addressed
    if reader.own:
        return name in reader.own
    return not reader.group and reader.names == {name}
