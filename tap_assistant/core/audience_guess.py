"""Who is likely to read a draft: a guess from the greeting, the sign-off and the content.

The same words can be fine to a colleague and a breach to a student, so the audience decides
severities; a wrong silent default is worse than an honest guess. The guess is a handful of
weighted cues (no model): a greeting with a title ("Dear Mr. and Mrs. Doe") points at an adult,
"your son" at a parent, "sub plans" at a colleague, "your homework" at a student, hashtags and
"everyone is welcome" at the public. Each cue adds its weight to one audience; the guess is the
best audience when it is clearly ahead, and its reason quotes the strongest cue from the draft.
A weak guess returns no audience, and the caller falls back to the configured default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tap_assistant.core.model import Audience

#: Only the start of a long document is read: the reader shows in the first lines.
_SCAN_CHARS = 4000
#: A guess needs this much weight, and this lead over the runner-up.
_MIN_SCORE = 2.0
_MIN_LEAD = 1.0

_TITLE = r"(?:mr|mrs|ms|miss|mx|dr)\.?"
_HELLO = r"(?:dear|hi|hello|hey|good (?:morning|afternoon|evening)|greetings|welcome),?"

_P, _S, _C, _U = Audience.PARENT, Audience.STUDENT, Audience.COLLEAGUE, Audience.PUBLIC

# (audience, weight, pattern). Greeting cues are anchored at the start of the draft (after any
# "Subject:" line); the others may occur anywhere in the scanned text.
_GREETING_CUES: tuple[tuple[Audience, float, str], ...] = (
    (_P, 4.0, rf"{_HELLO}\s+(?:[\w'.]+\s+){{0,3}}(?:parents?|famil(?:y|ies)|guardians?|parent\s*/\s*guardian|parents?\s+and\s+(?:guardians|families|caregivers)|caregivers)\b"),
    (_P, 4.0, rf"(?:{_HELLO}\s+)?[A-Z][a-z]+['’]s\s+(?:parents?|family|mom|mum|dad|guardians?)\b"),
    (_P, 3.0, rf"{_HELLO}\s+{_TITLE}\s+(?:and|&)\s+{_TITLE}\s+[A-Z]"),
    # A title greets an adult: a parent unless the content speaks of staff work.
    (_P, 2.5, rf"(?:{_HELLO}\s+)?{_TITLE}\s+[A-Z][\w'\-]+\s*[,:!\n]"),
    (_C, 1.5, rf"(?:{_HELLO}\s+)?{_TITLE}\s+[A-Z][\w'\-]+\s*[,:!\n]"),
    (_C, 3.0, rf"(?:{_HELLO}\s+)?(?:coach|principal|superintendent|nurse|counselor|dean)\s+[A-Z][\w'\-]+\s*[,:!\n]"),
    (_C, 4.0, rf"(?:{_HELLO}\s+)?(?:(?:all\s+)?staff|faculty|colleagues|team members|teachers|(?:\w+\s+)?department|grade[- ]level team|(?:\w+\s+)?team members)\s*[,:!\n]"),
    (_C, 2.0, rf"{_HELLO}\s+team\s*[,:!\n]"),
    (_S, 1.0, rf"(?:{_HELLO}\s+)?team\s*[,:!\n]"),
    (_S, 4.0, rf"(?:{_HELLO}\s+)?(?:class|students|scholars|kids|guys|friends|boys and girls|class of \d{{4}}|(?:\w+\s+){{0,3}}(?:period|block)|(?:all\s+)?\d+(?:st|nd|rd|th) graders)\s*[,:!\n]"),
    (_S, 2.0, rf"{_HELLO}\s+(?!{_TITLE}\s)(?!(?:all|everyone|there|team)\b)[A-Z][a-z]+\s*[,:!\n]"),
    (_C, 1.0, rf"{_HELLO}\s+(?!{_TITLE}\s)(?!(?:all|everyone|there|team)\b)[A-Z][a-z]+\s*[,:!\n]"),
    (_S, 1.0, r"[A-Z][a-z]+,\s"),
    (_C, 0.5, r"[A-Z][a-z]+,\s"),
)

_CONTENT_CUES: tuple[tuple[Audience, float, str], ...] = (
    # Parents: their child, their portal, their part in school life.
    (_P, 3.0, r"\byour (?:son|daughter|child|children|kids?|student|little one)(?:['’]s)?\b"),
    (_P, 3.0, r"\b(?:your|you and your) famil(?:y|ies)\b"),
    (_P, 1.5, r"\bparent portal\b|\bpick-?up\b|\bdrop-?off\b|\bchaperon\w*|\bvolunteer(?:ing|ed)? to\b|\bconferences?\b(?! room)"),
    (_P, 1.0, r"\bas we discussed\b|\bour (?:phone )?call\b|\bsign and return\b|\bsend (?:it|them|his work|her work|\w+ work) home\b|\bwent home\b"),
    (_P, 3.0, r"\bthis is (?:mr|mrs|ms|dr|coach)\.? \w+,? (?:your|the)\b"),
    (_P, 1.5, r"\bat home\b|\bproud of (?:him|her|them)\b|\b(?:he|she) (?:seems|seemed|has been|is doing|did (?:very )?well)\b|"
              r"\bmake sure (?:he|she|[A-Z]\w+) (?:gets|has|brings)\b"),
    # Colleagues: the work of school staff.
    (_C, 2.5, r"\b(?:sub(?:stitute)? plans|planning (?:period|time)|my prep\b|your prep\b|plc|staff meeting|faculty|"
              r"professional development|department|grade-level team|case manager|iep team|report card comments|"
              r"rubric|master schedule|coverage|cover(?:ing|ed)? (?:for )?(?:my|your) (?:class|duty|lunch duty|bus duty|room)|covering the|"
              r"(?:counseling|leadership|admin|administrative|intervention|special education|sped|iep|grade-level|data) team|"
              r"(?:lunch|bus|recess|hall) duty|mailbox|copier|copies for|common assessment|lesson plans|bell schedule)\b"),
    (_C, 2.0, r"\byour (?:students|classes|class needs|class rosters?|rosters?|period \w+ class|pe classes|homeroom|rehearsal schedule|team meeting|"
              r"(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh) (?:period|block|hour)|slides on|seating chart|running records)\b"),
    (_C, 2.0, r"\b(?:sub(?:bing)?|cover(?:ing)?) for you\b|\b(?:staff|data|team|department|faculty|grade-level|iep|504|plc) meetings?\b|"
              r"\bcommon planning\b|\bcoordinator\b|\bcurriculum\b|\baccommodation plans\b|\bchromebook cart\b|\bfire drill\b|\btraining\b"),
    (_C, 1.5, r"\bthe (?:students|kids) (?:said|were|did|are)\b|\bthe rest of the staff\b|\bthe office can\b|\bthe substitute\b"),
    # Staff at work: grading, observations, testing duties.
    (_C, 2.0, r"\b(?:answer keys?|grade the|grading|your (?:observation|evaluation|walkthrough)|pre-observation|"
              r"proctors?|testing (?:schedules?|materials|room)|walkthroughs?|pd session)\b"),
    # Students: their work, their day, their parents.
    (_S, 3.0, r"\b(?:ask|tell|show) your (?:parents?|mom|mum|dad|guardian|family)\b|\byour (?:mom|mum|dad|parents)\b"),
    (_S, 2.0, r"\byour (?:essay|quiz|lab report|notebooks?|calculator|project|projects|homework|assignment|locker|"
              r"presentation|slides|poem|poster|hard work|schedule requests|counselor|cleats|signed|lunch|binder|test|"
              r"book report|reading log|permission slip|pe clothes|gym clothes|grade on|work on|seat)\b"),
    (_S, 1.5, r"\b(?:homework|see you in class|before the bell|study hall|homeroom|turn it in|resubmit|make it up|"
              r"come see me|in my room|see you at practice|practice starts|keep writing|great (?:job|work) on)\b"),
    (_S, 1.0, r"\bbring your\b|\b(?:due|tonight)\b"),
    # A first name called out at the end of a sentence ("Good luck this weekend, Maya!").
    (_S, 1.5, r"(?-i:,\s+[A-Z][a-z]+[!.])"),
    # The public: posts and notices for anyone.
    (_U, 4.0, r"(?<![\w&])#[A-Za-z][A-Za-z0-9_]{2,}"),
    (_U, 2.5, r"\b(?:everyone is welcome|all are welcome|open to the public|the public|community members|residents|"
              r"please share|follow us|visit our website|on our website|our district page|we are (?:proud|excited|thrilled) to announce|"
              r"is hiring|apply (?:online|on our website|today)|registration (?:for|opens)|stay safe|(?:open|free) to (?:anyone|all))\b"),
    (_U, 2.0, r"\b(?:congratulations to our|thank you to (?:all|our)|thanks to everyone|join us\b|go [A-Z]\w+!|"
              r"the community\b|our community\b|town hall|see everyone\b|families may\b|parents may\b|spots are limited)"),
    (_U, 1.0, r"\b(?:tonight's game|the school will be closed|the district's\b)"),
)

_FLAGS = re.IGNORECASE


def _compile(cues, anchored: bool) -> tuple[tuple[Audience, float, re.Pattern[str]], ...]:
    # Greeting cues keep capital letters meaningful ("Hi Jake," is a name, "Hi all," is not).
    def prepare(pattern: str) -> str:
        return pattern.replace("[A-Z]", "(?-i:[A-Z])") if anchored else pattern

    return tuple((audience, weight, re.compile(prepare(pattern), _FLAGS)) for audience, weight, pattern in cues)


_GREETING = _compile(_GREETING_CUES, anchored=True)
_CONTENT = _compile(_CONTENT_CUES, anchored=False)
_OPENS_WITH_HELLO = re.compile(_HELLO + r"\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|mine|i'm|i'll|i've|i'd)\b", re.IGNORECASE)
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|u)\b", re.IGNORECASE)
_SUBJECT_LINE = re.compile(r"^\s*(?:subject|re|fwd?):[^\n]*\n", re.IGNORECASE)

@dataclass(frozen=True)
class AudienceGuess:
    """The likely reader (None when no audience is clearly ahead) and why."""

    audience: Audience | None
    confidence: float
    #: The draft's words the guess rests on, e.g. "Dear Mr. and Mrs. Doe".
    cue: str = ""
    scores: tuple[tuple[str, float], ...] = ()

    @property
    def reason(self) -> str:
        if self.audience is None:
            return "no clear sign of the reader in the draft"
        return f"guessed from '{self.cue}'"


def _greeting_start(text: str) -> int:
    offset = 0
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    subject = _SUBJECT_LINE.match(text, offset)
    if subject:
        offset = subject.end()
        offset += len(text[offset:]) - len(text[offset:].lstrip())
    return offset


def guess_audience(text: str) -> AudienceGuess:
    scanned = text[:_SCAN_CHARS]
    scores = {audience: 0.0 for audience in Audience}
    best_cue: dict[Audience, tuple[float, int, str]] = {}

    def add(audience: Audience, weight: float, start: int, end: int) -> None:
        scores[audience] += weight
        cue = scanned[start:end].strip(" ,:!\n\t")
        held = best_cue.get(audience)
        if held is None or weight > held[0]:
            best_cue[audience] = (weight, start, cue)

    start = _greeting_start(scanned)
    greeted = bool(_OPENS_WITH_HELLO.match(scanned, start))
    for audience, weight, pattern in _GREETING:
        match = pattern.match(scanned, start)
        if match:
            greeted = True
            # The reason quotes the whole greeting ("Dear Mr. and Mrs. Doe"), not just the cue.
            line_end = re.search(r"[,:!\n]|$", scanned[match.start():match.start() + 80])
            add(audience, weight, match.start(), max(match.end(), match.start() + line_end.start()))
    for audience, weight, pattern in _CONTENT:
        match = pattern.search(scanned)
        if match:
            add(audience, weight, match.start(), match.end())

    if not greeted and not _SECOND_PERSON.search(scanned) and not _FIRST_PERSON.search(scanned):
        # Posts and notices speak about people, not to them, in the institution's voice ("we",
        # "our"): no greeting, no "you" and no "I"/"me" is a guess on its own. A note to one
        # reader has at least one of them ("Text me if the bus is late.").
        scores[Audience.PUBLIC] += 2.0
        best_cue.setdefault(Audience.PUBLIC, (2.0, 0, "no greeting, no 'you' and no 'I'"))

    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (top, top_score), (_, second_score) = ranked[0], ranked[1]
    table = tuple((audience.value, score) for audience, score in ranked if score)
    lead = top_score - second_score
    if top_score < _MIN_SCORE or lead < _MIN_LEAD:
        return AudienceGuess(None, 0.0, "", table)
    confidence = round(min(1.0, lead / top_score + 0.25 * min(top_score, 4) / 4), 2)
    return AudienceGuess(top, confidence, best_cue[top][2], table)
