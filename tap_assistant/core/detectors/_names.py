"""Who a sentence is about: person references for the confidentiality detectors.

No NER model (too slow and too large for a tray app): a person reference is
- a title and a surname ("Ms. Garcia", "Dr. Lee", "Coach Smith"),
- a capitalised word that is not at the start of a sentence and is not a known capitalised
  non-name (weekdays, subjects, products, school words ...),
- a capitalised word with a possessive ("Jordan's") or a common given name, even at a sentence
  start ("Jordan has ADHD."),
- a relational phrase ("her son", "his daughter", "the student", "your classmate"); plurals
  ("the students with IEPs") are policy talk, not one person, and "your son" is the recipient's
  own child, which the rule pack judges by audience.
Names in a greeting or a signature ("Hi Jordan,", "Thanks,\nMaria") are the recipient or the
writer, not the subject, and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tap_assistant.core.document import TITLE, Document

#: Capitalised words that are not people. Lower-case forms; compared after lower-casing.
NOT_NAMES = frozenset(
    """
    i i'm i'll i've i'd a an the this that these those we you he she they it my our your his her
    their its if when as at in on for to from with and but or so also re fwd fw subject sent date
    cc bcc attached note reminder update updates please thanks thank hi hello hey dear sincerely
    regards best cheers yes no ok okay sure great good happy merry welcome congratulations congrats
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december spring summer fall autumn winter today tomorrow
    yesterday morning afternoon evening night week weekend day year month semester quarter term
    school schools elementary middle high academy district board education department office center
    centre team committee plan program programme meeting meetings agenda policy section act law idea
    ferpa hipaa iep ieps special services service student students parent parents guardian guardians
    teacher teachers principal principals staff nurse counselor counsellor coach superintendent
    assistant vice director coordinator specialist psychologist therapist aide para secretary
    mom dad mother father child children family families kids kid son daughter brother sister
    mr mrs ms miss mx dr sir madam ma'am math mathematics english science reading writing history
    social studies art music band choir health physical pe spanish french german chinese latin
    algebra geometry calculus biology chemistry physics language arts ela esl ell room grade grades
    honors ap ib stats chem bio gov econ psych calc athletics athletic
    unit chapter lesson test tests quiz exam exams homework report card title tier rti mtss pbis
    google drive docs doc sheets slides classroom canvas schoology zoom teams outlook gmail
    powerschool infinite campus skyward seesaw classdojo dojo remind microsoft word excel pdf
    powerpoint ipad chromebook internet wifi website portal email phone text app
    christmas thanksgiving easter halloween hanukkah ramadan eid diwali valentine's new year break
    america american americans united states usa us god lord jesus christ church
    autism adhd dyslexia anxiety depression medication suspension detention expulsion attendance
    custody cps dcfs fmla hr union
    north south east west street avenue road park city county state
    awareness month conference conferences fair festival club council association pta pto open house
    orientation workshop training session seminar webinar form forms packet handbook guide newsletter
    bulletin calendar schedule notice information info resources support tutoring lab summit spirit
    field trip picture graduation ceremony assembly concert show game tournament practice season camp
    institute university college national federal week month holiday recess lunch breakfast bus
    library gym cafeteria auditorium hall principal's parents' student's teacher's district's
    attached agenda minutes summary report reports card cards plan plans goal goals progress data
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    mondays tuesdays wednesdays thursdays fridays saturdays sundays mornings afternoons evenings
    here there what where who how why let everyone everybody nobody someone somebody anyone anybody
    """.split()
) | frozenset(
    # Products and programs schools write about every day ("logged in to Clever", "a Kahoot").
    """
    clever kahoot quizlet nearpod edpuzzle flipgrid flip padlet ixl lexia dreambox prodigy raz epic
    newsela khan desmos gimkit blooket brainpop duolingo minecraft lego scratch chromebooks ipads
    youtube facebook instagram twitter tiktok snapchat whatsapp discord parentsquare schoolmessenger
    bloomz talkingpoints naviance turnitin securly goguardian hapara renaissance iready amplify
    mclass dibels nwea acadience fountas pinnell zearn eureka wonders envision aleks mathia
    synergy aeries skyward infinite campus sapphire focus frontline aesop kami loom
    microsoft apple android iphone samsung windows mac linux chrome safari firefox edge
    """.split()
)

#: Given names common enough in US schools to count even at a sentence start ("Jordan has ...").
COMMON_GIVEN_NAMES = frozenset(
    """
    aaliyah aaron abigail adam addison adrian aiden alex alexa alexander alexis alice alyssa amanda
    amelia amir amy ana andrea andrew angel angela anna anthony aria ariana asher ashley aubrey
    audrey austin ava avery bella benjamin blake brandon brayden brian brianna brooklyn caleb
    camila cameron carlos carter charles charlie charlotte chloe chris christian christopher claire
    cole connor daniel david destiny diego dylan easton eli elijah elizabeth ella ellie emily emma
    eric ethan evan evelyn ezra gabriel gabriella gavin genesis grace grayson hailey hannah harper
    hazel henry hudson hunter ian isaac isabella isaiah jack jackson jacob jada jaden james jasmine
    jason jayden jennifer jeremiah jesus jordan jose joseph joshua josiah juan julia julian justin
    kaitlyn kayla kevin khloe kylie landon layla leah leo levi liam lily lincoln logan lucas lucy
    luis luke madelyn madison makayla malik maria mason mateo matthew maya mia micah michael
    miguel mila natalie nathan nevaeh nicholas noah nora oliver olivia owen paisley penelope riley
    robert ryan samantha samuel sarah savannah scarlett sebastian sofia sophia stella sydney taylor
    thomas tyler valentina victoria violet william wyatt xavier zoe zoey jamal darnell deshawn
    tyrone keisha latoya imani jalen marcus andre terrell ximena santiago sebastián valeria
    camille priya arjun aditya wei mei hiroshi yuki fatima omar ahmed mohammed muhammad ali
    """.split()
)

TITLE_NAME = re.compile(r"\b" + TITLE + r"\s+[A-Z][A-Za-z'\-]+")
#: The surname after a titled given name: "Ms. Ama Boateng" is one adult.
_SURNAME_AFTER_TITLED = re.compile(r"[ \t]+[A-Z][A-Za-z'’\-]+")
#: Three or more capitalised words in a row name an organisation or a thing ("Harbor Food Share",
#: "Supreme Court's") unless one of them is a given name ("Maria Elena Ruiz").
_CAP_RUN = re.compile(r"[A-Z][a-z]+(?:['’]s)?(?:[ \t]+[A-Z][a-z]+(?:['’]s)?){2,}")
_CAP_WORD = re.compile(r"(?<![\w'’\-@./])[A-Z][a-z]+(?:[\-'][A-Za-z]+)?(?:['’]s)?(?![\w@])")
_RELATIONAL = re.compile(
    r"\b(?:her|his|their|the|this|that|a|another|my|our|one of (?:my|our|the))\s+"
    r"(?:(?:older|younger|little|new|other)\s+)?"
    r"(?:son|daughter|child|kid|student|classmate|brother|sister|stepson|stepdaughter|grandson|"
    r"granddaughter|foster child|twins)\b"
    r"|\byour\s+(?:classmate|classmates|friend|friends|teammate|teammates|lab partner)\b"
    r"|\b(?:another|other)\s+(?:student|child|kid)\b"
)
_GREETING_BEFORE = re.compile(
    r"(?:^|\n)[ \t]*(?:(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening)|thanks|thank\s+you|"
    r"greetings|welcome)[ \t,]+)?(?:" + TITLE.lower() + r"\s+)?$"
)


_INSTITUTION_AFTER = re.compile(
    r"(?:\s+[A-Z][a-z]+)?\s+(?:Elementary|Middle|High|School|Academy|Park|Street|St|Avenue|Ave|Road|Rd|County|"
    r"University|College|Hall|Center|Centre|Library|Gym|Field|District|Campus|Building|Room|Institute|Museum|"
    r"Hospital|Clinic|Church|Foundation|Award|Prize|Scholarship|Program|Day|Unified|USD|ISD|Schools|Court|Security)\b"
)
#: A condition named after a person ("Crohn's disease", "Down syndrome") names no one.
_CONDITION_AFTER = re.compile(r"\s+(?:disease|syndrome|palsy|disorder|sarcoma|lymphoma|dystrophy)\b", re.IGNORECASE)
#: The same conditions written without the noun: "his grandfather has Parkinson's".
_EPONYMOUS_CONDITIONS = frozenset("alzheimer asperger crohn hodgkin huntington parkinson tourette".split())
#: A court case is cited by its parties' names ("Plyler v. Doe", "Tinker v. Des Moines"): a ruling,
#: not a person near the words around it.
_CASE_PARTY_AFTER = re.compile(r"\s+(?:v\.|vs\.|v)\s+[A-Z]")
_CASE_PARTY_BEFORE = re.compile(r"\b[A-Z][\w'’\-]*\s+(?:v\.|vs\.|v)\s+(?:[A-Z][\w'’\-]*\s+)?$")
#: A course is named after its level: "the AP Stats mock exam", "IB Bio", "Honors Chem".
_COURSE_LEVEL_BEFORE = re.compile(r"\b(?:AP|IB|Pre-AP|Honors|Hon\.|Dual[ -]Credit|Dual[ -]Enrollment)[ \t]+$")


@dataclass(frozen=True)
class PersonRef:
    start: int
    end: int
    kind: str  # "title", "name", "relational"


def is_sentence_start(doc: Document, index: int) -> bool:
    start, _ = doc.sentence_bounds(index)
    before = doc.text[start:index]
    if not before.strip(" \t\"'(*-•>") or _LINE_LABEL.fullmatch(before):
        return True
    line_start = doc.text.rfind("\n", 0, index) + 1
    prefix = doc.text[line_start:index]
    # The first word after a label that opens the line or the sentence ("Medications: All ...").
    return not prefix.strip(" \t\"'(*-•>") or bool(_LINE_LABEL.fullmatch(prefix))


_LINE_LABEL = re.compile(r"[\s\"'(*\-•>]*\w[^\n.!?]{0,40}:\s+")

#: A capitalised word named as a school somewhere in the draft ("Lincoln Elementary") is that
#: school everywhere in it ("the Lincoln roof"), not a person.
_SCHOOL_NAME = re.compile(
    r"\b([A-Z][a-z]+)(?=(?:\s+[A-Z][a-z]+)?\s+(?:Elementary|Middle|High|School|Academy|County|University|"
    r"College|District|Campus)\b(?![\-']))"
)


def words_matching(doc: Document, pattern: re.Pattern[str]) -> frozenset[str]:
    """Group 1 of every match of `pattern` in the draft, lower-cased; worked out once per draft."""
    key = ("words_matching", pattern.pattern)
    cached = doc.memo.get(key)
    if cached is None:
        cached = frozenset(m.group(1).lower() for m in pattern.finditer(doc.text))
        doc.memo[key] = cached
    return cached


def school_names(doc: Document) -> frozenset[str]:
    return words_matching(doc, _SCHOOL_NAME)


def _is_greeting_or_signature(doc: Document, start: int, end: int) -> bool:
    """"Hi Jordan," / "Dear Ms. Lee:" / a name alone on its line (a signature)."""
    # Both sit near the start of a line: skip the regexes for names inside prose.
    line_start = doc.text.rfind("\n", max(0, start - 40), start) + 1
    if line_start == 0 and start > 40:
        return False
    before = doc.norm[max(0, start - 40):start]
    after = doc.text[end:end + 3]
    # "Hi Jordan," / "Jordan:" / "Jordan—reminder ..." / "Jordan - quick question"
    if _GREETING_BEFORE.search(before) and (after[:1] in (",", ":", "!", "\n", "", "—", "–") or after.startswith((" -", " —", " –"))):
        return True
    line_start = doc.text.rfind("\n", max(0, start - 80), start) + 1
    line_end = doc.text.find("\n", end, end + 80)
    if line_start == 0 and start > 80 or line_end == -1 and end + 80 < len(doc.text):
        return False  # a long line is prose, not a signature
    line = doc.text[line_start:line_end if line_end != -1 else len(doc.text)]
    # Signature: the line is just a name (one to three capitalised words).
    return bool(re.fullmatch(r"\s*(?:[-–—]\s*)?(?:" + TITLE + r"\s+)?(?:[A-Z][A-Za-z'\-]+\.?\s*){1,3}", line))


def person_refs(doc: Document, start: int, end: int, relational: bool = True) -> list[PersonRef]:
    """Person references in doc.text[start:end] (offsets are absolute)."""
    text = doc.text
    refs: list[PersonRef] = []
    taken: list[tuple[int, int]] = []
    for match in TITLE_NAME.finditer(text, start, end):
        if _is_greeting_or_signature(doc, match.start(), match.end()):
            taken.append(match.span())
            continue
        refs.append(PersonRef(match.start(), match.end(), "title"))
        surname = _SURNAME_AFTER_TITLED.match(text, match.end())
        taken.append((match.start(), surname.end() if surname else match.end()))
    for run in _CAP_RUN.finditer(text, start, end):
        words = [re.sub(r"['’]s$", "", word).lower() for word in run.group().split()]
        if not any(word in COMMON_GIVEN_NAMES for word in words):
            taken.append(run.span())
    for match in _CAP_WORD.finditer(text, start, end):
        if any(s <= match.start() < e for s, e in taken):
            continue
        word = match.group()
        possessive = word.endswith(("'s", "’s"))
        base = word[:-2] if possessive else word
        lower = base.lower()
        if lower in NOT_NAMES or re.search(r"-[a-z]", base):
            continue  # a known non-name, or a hyphenated adjective ("Arabic-speaking")
        if _INSTITUTION_AFTER.match(text, match.end()) or lower in school_names(doc):
            continue  # "Lincoln Elementary", "Washington Park", "Jefferson County"; then "the Lincoln roof"
        if lower in _EPONYMOUS_CONDITIONS or _CONDITION_AFTER.match(text, match.end()):
            continue  # "Crohn's disease", "Down syndrome", "Parkinson's": a condition, not a person
        if _CASE_PARTY_AFTER.match(text, match.end()) or _CASE_PARTY_BEFORE.search(text, max(0, match.start() - 40), match.start()):
            continue  # "Plyler v. Doe": a court case, not a person
        if _COURSE_LEVEL_BEFORE.search(text, max(0, match.start() - 20), match.start()):
            continue  # "AP Stats", "Honors Chem": a course, not a person
        if is_sentence_start(doc, match.start()) and not possessive and lower not in COMMON_GIVEN_NAMES:
            continue
        if _is_greeting_or_signature(doc, match.start(), match.start() + len(base)):
            continue
        refs.append(PersonRef(match.start(), match.end(), "name"))
    if relational:
        for match in _RELATIONAL.finditer(doc.norm, start, end):
            refs.append(PersonRef(match.start(), match.end(), "relational"))
    return refs


def word_window(doc: Document, start: int, end: int, words: int = 10) -> tuple[int, int]:
    """Bounds of `words` words either side of [start, end), not crossing a blank line."""
    text = doc.text
    left_limit = max(0, start - words * 25)
    right_limit = min(len(text), end + words * 25)
    para_start = text.rfind("\n\n", left_limit, start)
    if para_start != -1:
        left_limit = para_start + 2
    para_end = text.find("\n\n", end, right_limit)
    if para_end != -1:
        right_limit = para_end
    # str.split/rsplit count words in C; only the boundary offsets are worked out here.
    ws = left_limit
    left = text[left_limit:start]
    parts = left.rsplit(None, words)
    if len(parts) > words:
        rest = parts[0]
        ws = left_limit + left.find(parts[1], len(rest))
    we = right_limit
    right = text[end:right_limit]
    parts = right.split(None, words)
    if len(parts) > words:
        tail = parts[-1]
        last = parts[words - 1]
        we = end + right.rfind(last, 0, len(right) - len(tail)) + len(last)
    return ws, we
