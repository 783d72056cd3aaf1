"""Confidential records near a person (A2 students' education records, A3 personnel matters).

A vocabulary word alone is not a disclosure ("Please review the IEP meeting agenda"); it becomes
one near a person: see `_names.person_refs`. Hits span the vocabulary word; the detail is its
category, which the message shows.
"""

from __future__ import annotations

import bisect
import re

from tap_assistant.core.detectors._common import matches_near, trigger_set
from tap_assistant.core.detectors._names import PersonRef, is_sentence_start, person_refs, word_window
from tap_assistant.core.detectors.base import Hit
from tap_assistant.core.document import TITLE, Document

#: (category, trigger words, pattern over doc.norm). Every match of a pattern contains one of
#: its trigger words as a whole word; the detector runs a pattern only around its triggers (a
#: unit test checks this against a full scan).
_EDUCATION_TERMS: tuple[tuple[str, str, str], ...] = (
    ("IEP/504", "iep ieps individualized 504",
     r"ieps?|individualized education (?:program|plan)s?|504 (?:plan|accommodations?|meeting|eligibility)|section 504|on an? 504"),
    ("special education", "special sped self resource",
     r"special (?:ed|education)(?: (?:services|placement|eligibility|classroom|referral))?|sped (?:services|placement|eligibility)|"
     r"self-contained (?:class(?:room)?|placement)|resource room"),
    ("diagnosis",
     "diagnosis diagnosed diagnoses diagnose adhd autism autistic asperger aspergers spectrum dyslexia dyslexic dyscalculia "
     "dysgraphia anxiety panic depression depressed bipolar ocd ptsd oppositional disability disabilities delay impairment "
     "epilepsy epileptic seizure seizures diabetes diabetic disorder anorexia anorexic bulimia bulimic harm harming suicidal "
     "suicide tourette tourettes palsy syndrome impaired disturbance mental pregnant pregnancy concussion psych "
     "psychiatric inpatient miscarriage surgery surgeries operation procedure hospitalized hospitalised hospital "
     "behavioral behavioural",
     r"diagnos(?:is|ed|es|e)|adhd|autism|autistic|aspergers?|on the spectrum|dyslexi[ac]|dyscalculia|dysgraphia|"
     r"anxiety(?: disorder)?|panic attacks?|depression|depressed|bipolar|ocd|ptsd|oppositional defiant(?: disorder)?|"
     r"learning disabilit(?:y|ies)|intellectual disabilit(?:y|ies)|speech (?:delay|impairment)|epilep(?:sy|tic)|seizures?|"
     r"diabet(?:es|ic)|eating disorder|anorexi[ac]|bulimi[ac]|self-harm(?:ing)?|suicidal|suicide attempt|"
     r"tourette'?s?|cerebral palsy|down syndrome|hearing impair(?:ed|ment)|visually impaired|emotional disturbance|"
     r"mental health (?:issues?|condition|crisis)|pregnant|pregnancy|concussion|miscarriage|"
     r"psych (?:unit|ward|hospital|hold)|psychiatric (?:unit|ward|hospital|hold|facility|stay)|"
     r"inpatient (?:program|treatment|stay|unit)|"
     # an operation or a stay in hospital: "before his heart procedure", "home from the behavioral health unit"
     r"surger(?:y|ies)|(?:heart|brain|spine|spinal|back|hip|kidney|liver|lung) (?:operation|procedure)|"
     r"hospitali[sz]ed|in the hospital|behaviou?ral health (?:unit|hospital|center|centre|facility|program|stay)"),
    ("medication",
     "medication medications meds ritalin adderall concerta vyvanse strattera focalin intuniv prozac zoloft lexapro "
     "abilify risperdal insulin epipen prescription dosage",
     r"medications?|meds|ritalin|adderall|concerta|vyvanse|strattera|focalin|intuniv|prozac|zoloft|"
     r"lexapro|abilify|risperdal|insulin|epipen|prescription|dosage"),
    ("evaluation", "eval evals evaluation evaluations reeval reevals reevaluation reevaluations iq wisc triennial",
     r"(?:(?:psych(?:ological)?|psycho-?educational|speech|ot|occupational therapy|special education|initial) )?"
     r"(?:re-?)?eval(?:uation)?s?(?: results| report| scores?)?|iq (?:score|test)|wisc(?:-v)?|triennial"),
    ("test scores", "scores score scored results result level",
     r"test scores?|map scores?|scored (?:a |an )?\d+|score of \d+|state test results?|sat scores?|act scores?|reading level"),
    ("grades", "gpa card cards failing failed grade grades probation held retained progress got earned received getting",
     r"gpa|report cards?|failing|failed (?:the |his |her |their |a |an )?(?:test|class|exam|quiz|course|semester|grade)|"
     r"(?:his|her|their)(?: \w+)? grades?|grades (?:are|were|have|dropped|slipped)|academic probation|held back|retained|"
     r"progress report|(?:got|earned|received|getting) (?:an? |all )?(?:f|d)s?\b"),
    ("discipline",
     "suspension suspensions suspended expelled expulsion detention detentions discipline disciplinary referral referrals "
     "written restraint seclusion police arrested juvenile probation",
     r"suspensions?|suspended|expelled|expulsion|detentions?|discipline referral|disciplinary|office referrals?|"
     r"behaviou?r referrals?|in-school suspension|out-of-school suspension|written up|restraint|seclusion|"
     r"police (?:were )?called|arrested|juvenile (?:court|detention)|probation officer"),
    ("behavior plan", "behavior behaviour bip fba functional",
     r"behaviou?r (?:plan|contract|intervention plan|chart)|bip|fba|functional behaviou?r(?:al)? assessment"),
    ("attendance",
     "truancy truant chronic chronically absent absences absenteeism unexcused tardies attendance skipping skipped missed",
     r"truan(?:cy|t)|chronic(?:ally)? absen(?:t|teeism|ces)|absences|absenteeism|unexcused|tardies|"
     r"attendance (?:problems?|issues?|letter|warning|hearing|contract|concerns?)|skipp(?:ing|ed) (?:school|class)|missed \d+ days"),
    ("custody", "custody custodial restraining protective contact divorce divorces divorced divorcing separated separating visitation guardianship",
     # "custodial staff" is a job, not a custody arrangement
     r"custody|custodial(?!\s+(?:staff|crew|team|services?|workers?|supervisors?|department|positions?|engineers?|shifts?|duties|closets?))"
     r"|restraining orders?|protective orders?|no-contact orders?|divorc(?:e|es|ed|ing)|separat(?:ed|ing) parents|visitation|guardianship"),
    ("abuse report", "cps dcfs dcyf dss protective abuse abused neglect neglected mandated hotline reported",
     r"cps|dcfs|dcyf|dss|child protective services|abuse|abused|neglect(?:ed)?|mandated report(?:er|ing)?|"
     r"hotline report|abuse report|reported to (?:cps|dcfs|dcyf|the hotline)"),
    ("counseling", "counseling counselling therapy therapist sees worker",
     # the office, not a student's sessions: "the counseling window", "Ms. Doyle from counseling"
     r"(?<!from )counsel(?:l)?ing(?!\s+(?:office|center|centre|department|hours|staff|team|services|program|resources|window|desk|suite)\b)|"
     # a profession or a course, not anyone's sessions: "physical therapy assistants", "a career in therapy"
     r"therapy(?!\s+(?:assistants?|aides?|programs?|degrees?|careers?|courses?|classes|students|schools?|majors?|jobs?|field|profession)\b)|"
     r"therapist(?!\s+(?:assistants?|aides?|programs?|degrees?|careers?|jobs?)\b)|"
     r"sees the (?:school )?(?:counselor|social worker|psychologist)|social worker"),
    ("family circumstances",
     "homeless homelessness mckinney free reduced foster immigration undocumented deported incarcerated jail prison",
     # "the district's homeless liaison": a post, not a family's circumstances
     r"homeless(?:ness)?(?!\s+(?:liaison|education|coordinator|program|services|office)\b)|mckinney-vento|free (?:and|or|&|/) reduced(?: lunch)?|free lunch|foster (?:care|placement|home|parents?)|"
     r"immigration status|undocumented|deported|incarcerated|in jail|in prison"),
)

_PERSONNEL_TERMS: tuple[tuple[str, str, str, bool], ...] = (
    # (category, triggers, pattern, unambiguous: True when a bare given name is enough)
    ("evaluation", "evaluation evaluations observation observations eval evals performance rated",
     r"(?:evaluation|observation) (?:score|rating|results?)s?|performance (?:evaluation|review)|"
     r"rated (?:ineffective|unsatisfactory|needs improvement|developing|basic)|(?:his|her|their) (?:evaluation|observation|eval)s?|"
     r"evaluations?|observations?|evals?", False),
    ("discipline", "written write writeup writeups disciplinary reprimand reprimanded investigation investigated",
     r"written up|write-?ups?|disciplinary action|reprimand(?:ed)?|letter of reprimand|"
     r"(?:under|an) investigation|being investigated", True),
    ("leave", "administrative leave suspended",
     r"administrative leave|placed on (?:paid |unpaid )?leave|put on leave|suspended without pay|"
     r"suspended with pay", True),
    ("pay", "salary salaries pay paycheck wage wages raise",
     r"salary|salaries|(?:his|her|their) pay|pay cut|paycheck|wages?|got a raise|(?:his|her|their) raise|docked pay|"
     r"pay (?:grade|step|scale)", False),
    ("health",
     "sick medical maternity fmla health cancer chemo chemotherapy surgery rehab mental diagnosed pregnant pregnancy "
     "miscarriage disability",
     r"sick leave|medical leave|maternity leave|fmla|health (?:condition|issues?|problems?)|cancer|chemo(?:therapy)?|"
     # "vocational rehab" is a state agency that serves students, not anyone's treatment
     r"surgery|(?<!vocational )rehab|mental health|diagnosed|pregnant|pregnancy|miscarriage|disability", False),
    ("complaint", "complaint complaints complained grievance grievances harassment filed",
     r"complaints? (?:was |were |has been )?(?:filed|made|lodged)|filed (?:a |an )?(?:complaint|grievance)|grievances?|"
     r"harassment (?:complaint|claim)|hr complaint|complained to hr", True),
    ("termination", "fired terminated termination let nonrenewed renewed laid forced resign",
     r"fired|terminated|termination|let go|non-?renewed|not (?:being )?renewed|laid off|"
     r"forced to resign|resign in lieu", True),
    ("improvement plan", "pip improvement assistance",
     r"pip|performance improvement plan|improvement plan|plan of assistance", True),
)

_STAFF_REF = re.compile(
    r"\b(?:my|our|the|a|another|her|his|their|your|new|former)\s+"
    r"(?:(?:new|former|other|assistant|vice|head|lead|substitute|long-term)\s+)?"
    r"(?:colleague|colleagues|co-?worker|co-?workers|principal|ap|superintendent|teacher|teachers|"
    r"para|paraprofessional|aide|custodian|secretary|counselor|nurse|librarian|coach|staff member|"
    r"sub|substitute|administrator|department head|team lead|bus driver|janitor|teammate|boss|supervisor|"
    r"employee|colleague's|principal's|teacher's)\b"
)


#: Words that end "my ..." as a modifier: a person ("my colleague got surgery") or a verb.
_NOT_A_MODIFIER = (
    r"(?:colleague|co-?worker|principal|teacher|boss|supervisor|aide|para|sub|substitute|coach|counselor|nurse|"
    r"partner|friend|team|department|got|had|has|have|was|is|took|went|needs|needed|getting|just)\b"
)
#: The writer's own matter ("I'm going on maternity leave", "my medical leave", "after my knee
#: surgery"): theirs to share.
_SELF_OWNER = re.compile(
    r"\b(?:[Ii](?:['’]m| am| will be|['’]ll be| was| have been|['’]ve been)(?: going)?(?: out)?(?: on)?(?: my)?|"
    r"[Mm]y(?:\s+(?!" + _NOT_A_MODIFIER + r")[a-z\-]+){0,2})"
    r"\s+$"
)
#: "your write-up about the bus", "today's write-up", "four lab write-ups": a report someone wrote
#: (coursework included), not a reprimand.
_REPORT_OWNER = re.compile(
    r"\b(?:your|my|our|this|today['’]s|yesterday['’]s|(?:the |an |this )?incident|"
    r"lab|science|essay|book|project|research|reading|trip|field-?trip)\s+$",
    re.IGNORECASE,
)
#: A staff reference that identifies nobody: "a staff member", "the employee" in a statement
#: that names no one ("The employee has been placed on leave; we cannot share details").
_ANONYMOUS_STAFF = re.compile(r"(?:a|an|the|another|one) (?:staff member|employee)")
#: "written up the incident", "wrote up a report": a report being written, not a reprimand.
_REPORT_WRITTEN = re.compile(
    r"\s+(?:the|an?|my|this|that|his|her|their)\s+(?:\w+\s+)?(?:incident|report|notes?|summary|minutes|referral|account|statement|observations?)\b"
)
# A child's possessive right before an ambiguous word ("Ana's reading evaluation", "her son's
# evaluation") makes it a student record; a titled adult's ("Ms. Cole's evaluation") does not.
_CHILD_POSSESSIVE = (
    r"(?:(?<!Mr\. )(?<!Mr )(?<!Ms )(?<!Mrs )(?<!Dr )(?<!Coach )(?<!Ms\. )(?<!Dr\. )(?<!Mrs\. )\b[A-Z][a-z]+['’]s|"
    r"\b(?:son|daughter|child|student)['’]s)"
)
_STUDENT_OWNER = re.compile(_CHILD_POSSESSIVE + r"(?:\s+[a-z\-]+){0,2}\s*$")
#: An evaluation someone performs or covers, not one they receive: "Ms. Marsh will complete an
#: evaluation at the midpoint", "Mr. Haddad will cover her evaluations".
_EVALUATOR_VERB = re.compile(
    r"\b(?:cover|covers|covering|handle|handles|handling|take over|pick up|complete|completes|completing|"
    r"conduct|conducts|conducting|do|does|doing|run|runs|schedule|schedules|finish|finishes|write|writes|writing)"
    r"\s+(?:(?:her|his|their|the|an|any|all|new|these|those|this|that|a)\s+)?(?:[a-z\-]+\s+)?$",
    re.IGNORECASE,
)
#: A record someone declines to give: "we cannot share the student's name or any disciplinary
#: outcome", "I'm not able to discuss another student's consequences". Nothing is disclosed.
_REFUSED_BEFORE = re.compile(
    r"\b(?:cannot|can't|can not|won't|will not|unable to|not able to|not permitted to|not allowed to|may not|"
    r"do not|don't|never)\s+(?:share|disclose|release|discuss|comment on|give out|provide|identify)\b[^.!?\n]{0,60}$",
    re.IGNORECASE,
)
#: "Visitation" at a funeral or memorial, not a custody arrangement.
_MOURNING_REACH = 120  # characters either side ("Visitation will be Thursday 4 to 7 p.m. at ... Funeral Home")
_MOURNING = re.compile(r"\b(?:funeral|memorial|viewing|wake|obituary|passed away|celebration of life|condolences?)\b", re.I)
#: The reader's own matter, addressed to them: "your midterm evaluation", "your leave request".
_READER_OWNER = re.compile(r"\b[Yy]our(?:\s+(?![a-z\-]+['’]s\b)[a-z\-]+){0,2}\s*$")
#: A child's own health, not a colleague's: "if your child has a health condition".
_CHILD_SUBJECT = re.compile(
    r"\b(?:child|children|student|students|son|daughter|kid|kids|athlete|athletes|player|players)\s+"
    r"(?:who\s+|that\s+)?(?:has|have|with|(?:are\s+|is\s+)?in|(?:are\s+|is\s+)?on)\s+(?:a\s+|an\s+|any\s+)?(?:[a-z\-]+\s+)?$",
    re.IGNORECASE,
)
#: Any students, not one colleague: "students who need a different plan because of a disability".
_STUDENTS_BECAUSE_OF = re.compile(
    r"\b(?:children|students|kids|athletes|families)\b[^.!?\n]{0,50}?\b(?:because of|due to|related to)\s+"
    r"(?:a\s+|an\s+|any\s+|their\s+)?(?:[a-z\-]+\s+)?$",
    re.IGNORECASE,
)
#: A service or a program named by a health word: "our school-based mental health partner", "mental
#: health services", "the disability services office". Nobody's health is told.
_HEALTH_SERVICE_AFTER = re.compile(
    r"\s+(?:partners?|providers?|services?|team|clinicians?|agency|agencies|programs?|resources|awareness|"
    r"first aid|supports?|professionals?|counsell?ors?|specialists?|clinic|center|centre|coordinator|screenings?|"
    r"curriculum|lessons?|unit|day|week|month|office)\b",
    re.IGNORECASE,
)
#: A student's evaluation named in the message ("Carter's re-eval", "your son's evaluation"):
#: other bare mentions of an evaluation there are the student's, not a colleague's.
_STUDENT_EVALUATION = re.compile(
    _CHILD_POSSESSIVE + r"(?:\s+[a-z\-]+){0,2}\s+(?:re-?)?eval(?:uation)?s?\b"
    # kinds of evaluation only a student has: "our team recommends a full evaluation"
    r"|\b(?i:full|comprehensive|initial|special[- ]education|psycho-?educational|speech(?:[- ]language)?|"
    r"occupational therapy|dyslexia|eligibility|multidisciplinary|triennial|functional behavio(?:u)?ral?|"
    r"independent educational)\s+(?:re-?)?eval(?:uation)?s?\b"
)
#: An evaluation of someone's work or skills, not of a colleague: "his teacher's evaluation of his classwork".
_EVALUATION_OF_WORK = re.compile(
    r"\s+of\s+(?:(?:his|her|their|your|the|each|every|a)\s+)?(?:[\w\-'’]+\s+)?"
    r"(?:class ?work|work|writing|reading|speaking|speech|language|skills?|progress|needs|learning|english|math|"
    r"essays?|projects?|portfolios?|assignments?|lab reports?|performances?)\b",
    re.IGNORECASE,
)


def _compile_terms(terms) -> tuple[tuple[str, frozenset[str], re.Pattern[str]], ...]:
    return tuple(
        (term[0], trigger_set(term[1]), re.compile(r"\b(?:" + term[2] + r")\b")) for term in terms
    )


_EDUCATION = _compile_terms(_EDUCATION_TERMS)
_PERSONNEL = _compile_terms(_PERSONNEL_TERMS)
_UNAMBIGUOUS = {term[0] for term in _PERSONNEL_TERMS if term[3]}


def _term_matches(doc: Document, compiled) -> list[tuple[int, int, str]]:
    """(start, end, category) of every vocabulary match, in text order, without overlaps."""
    spans: list[tuple[int, int, str]] = []
    for category, triggers, regex in compiled:
        for match in matches_near(doc, triggers, regex):
            spans.append((match.start(), match.end(), category))
    spans.sort(key=lambda s: (s[0], -s[1]))
    result: list[tuple[int, int, str]] = []
    for span in spans:
        if result and span[0] < result[-1][1]:
            continue
        result.append(span)
    return result


class _RefCache:
    """Person references per merged window, so that many nearby matches share one scan."""

    def __init__(self, doc: Document, windows: list[tuple[int, int]], relational: bool) -> None:
        self.refs: list[PersonRef] = []
        merged: list[list[int]] = []
        for lo, hi in sorted(windows):
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        for lo, hi in merged:
            self.refs.extend(person_refs(doc, lo, hi, relational))
        self.refs.sort(key=lambda r: r.start)
        self._starts = [r.start for r in self.refs]

    def within(self, lo: int, hi: int) -> list[PersonRef]:
        first = bisect.bisect_left(self._starts, lo)
        out = []
        for ref in self.refs[first:]:
            if ref.start >= hi:
                break
            if ref.end <= hi:
                out.append(ref)
        return out


#: A department or a job title, not a student's record: "Director of Special Education".
_JOB_TITLE_BEFORE = re.compile(
    r"\b(?:director|coordinator|supervisor|department|dept\.?|office|division|chair|head|"
    r"superintendent|teacher|specialist)\s+(?:of|for)\s+$",
    re.IGNORECASE,
)


_TITLE_WORD = re.compile(r"[A-Z][a-z]+")


def _in_proper_name(doc: Document, start: int, end: int) -> bool:
    """A record word in Title Case beside another Title Case word names a business or an event
    ("Summit Physical Therapy", "Special Education Appreciation Week"), not a student's record."""
    words = doc.text[start:end].split()
    if not words or not all(_TITLE_WORD.fullmatch(w) for w in words):
        return False
    after = re.match(r"\s+([A-Z][a-z]+)\b", doc.text[end:end + 30])
    before = re.search(r"\b([A-Z][a-z]+)\s+$", doc.text[max(0, start - 30):start])
    before_is_name = before is not None and not is_sentence_start(doc, start - len(before.group(0)))
    return after is not None or before_is_name or (before is not None and _signature_job_line(doc, start, end))


#: A job-title line at the end of a message: "Occupational Therapist, Meadowview Elementary".
_TITLE_WORDS_LINE = re.compile(r"[ \t]*(?:[A-Z][a-z]+[ \t]+){1,3}$")
_ORGANISATION_AFTER = re.compile(r"[ \t]*(?:(?:,|\||[-–—])[ \t]*[A-Z][^\n]{0,60})?[ \t]*(?:\n|$)")
_SIGNATURE_LINES = 4


def _signature_job_line(doc: Document, start: int, end: int) -> bool:
    """Title Case words then the record word, alone on one of the last lines or followed by the
    school's name, inside the signature or the last few lines of the draft: a job title."""
    line_start = doc.text.rfind("\n", 0, start) + 1
    if not _TITLE_WORDS_LINE.fullmatch(doc.text, line_start, start) or not _ORGANISATION_AFTER.match(doc.text, end):
        return False
    return start >= doc.signature_start or doc.text.count("\n", start) < _SIGNATURE_LINES


#: A condition any family may meet, not one child's record: "If your student has an IEP or 504 plan, ...".
_ANY_STUDENT_CONDITION = re.compile(
    r"\b(?:if|whether|when|unless|once)\s+(?:your|a|any|the|each|every)\s+"
    r"(?:student|child|son|daughter|kid|teen|athlete|player)\s+(?:has|have|is on|receives|gets|needs)\s+"
    r"(?:an?\s+|any\s+)?(?:[\w\-/]+\s+(?:or|and)\s+)?(?:[a-z\-]+\s+)?$",
    re.IGNORECASE,
)


def _declined(doc: Document, start: int) -> bool:
    """Is the record word at `start` one the writer says they will not share (same sentence)?"""
    sentence_start = doc.sentence_bounds(start)[0]
    return bool(_REFUSED_BEFORE.search(doc.text, max(sentence_start, start - 90), start))


#: ... unless the adult's child is meant: "Ms. Garcia's daughter has a 504 plan".
_CHILD_AFTER_TITLED = re.compile(r"(?<=['’]s)\s+(?:son|daughter|child|kid|boy|girl|stepson|stepdaughter|twins|children|kids)\b")

#: A record word naming a form or a course everyone takes: "the concussion information sheet",
#: "the allergy action plan form", "the concussion course" ("her concussion testing" is hers).
_BLANK_FORM_AFTER = re.compile(
    r"\s+(?:information\s+|awareness\s+|consent\s+|release\s+|action\s+plan\s+)?"
    r"(?:sheet|sheets|form|forms|packet|packets|course|module|training|awareness)\b",
    re.IGNORECASE,
)

#: An operation or a hospital stay: adults have them too, so one told of a parent or a grandparent
#: ("her grandmother is in the hospital") is not the child's record.
_OPERATION = re.compile(r"surger(?:y|ies)|[a-z]+ (?:operation|procedure)|hospitali[sz]ed|in the hospital", re.IGNORECASE)
_ADULT_PATIENT_BEFORE = re.compile(
    r"\b(?:mother|father|mom|mum|dad|parent|grandmother|grandfather|grandma|grandpa|granny|husband|wife|aunt|uncle|"
    r"pastor|coach|teacher|neighbou?r)(?:['’]s)?\b[^.!?\n]{0,40}$",
    re.IGNORECASE,
)
#: Illnesses a school tells a whole class about without naming the child.
_CONTAGIOUS = re.compile(
    r"\b(?:chickenpox|chicken pox|varicella|strep(?: throat)?|scarlet fever|head lice|lice|influenza|flu|covid(?:-19)?|"
    r"measles|mumps|pertussis|whooping cough|norovirus|stomach virus|pink eye|conjunctivitis|"
    r"hand,? foot,? and mouth|impetigo|ringworm|fifth disease|rsv|mono|tuberculosis|tb)\b",
    re.IGNORECASE,
)


def _exposure_notice(doc: Document, start: int) -> bool:
    sentence_start, sentence_end = doc.sentence_bounds(start)
    return bool(_CONTAGIOUS.search(doc.text, sentence_start, sentence_end))


def education_record_near_name(doc: Document) -> list[Hit]:
    terms = _term_matches(doc, _EDUCATION)
    if not terms:
        return []
    windows = [word_window(doc, start, end, 10) for start, end, _ in terms]
    cache = _RefCache(doc, windows, relational=True)
    hits: list[Hit] = []
    for (start, end, category), (ws, we) in zip(terms, windows):
        if category == "special education" and _JOB_TITLE_BEFORE.search(doc.text, max(0, start - 40), start):
            continue
        if _in_proper_name(doc, start, end):
            continue
        if _declined(doc, start) or _ANY_STUDENT_CONDITION.search(doc.text, max(0, start - 70), start):
            continue
        if category == "custody" and _MOURNING.search(doc.text, max(0, start - _MOURNING_REACH), end + _MOURNING_REACH):
            continue
        if _OPERATION.fullmatch(doc.text, start, end) and _ADULT_PATIENT_BEFORE.search(doc.text, max(0, start - 50), start):
            continue  # "Pastor Dave's mother is recovering from hip surgery": an adult's operation
        if _BLANK_FORM_AFTER.match(doc.text, end):
            continue  # "the signed concussion information sheet": a form every family fills in
        # A name after a title is an adult's ("our school social worker, Mr. Ibarra"): a student's
        # record needs a child's name or a relation near it.
        refs = [
            r
            for r in cache.within(ws, we)
            if (r.kind != "title" or _CHILD_AFTER_TITLED.match(doc.text, r.end)) and not (r.start < end and start < r.end)
        ]
        if refs and all(r.kind == "relational" for r in refs) and _exposure_notice(doc, start):
            continue  # "A student in your child's class has chickenpox": a health notice that names no one
        if refs:
            hits.append(Hit(start, end, category))
    return hits


#: The surname the draft greets: "Hi Ms. Hart," / "Dear Mr. and Mrs. Adeyemi,".
_GREETED_SURNAME = re.compile(
    r"^\s*(?i:dear|hi|hello|good (?:morning|afternoon|evening))[ \t]+(?:" + TITLE + r"[ \t]+(?:and|&)[ \t]+)?"
    + TITLE + r"[ \t]+([A-Z][A-Za-z'’\-]+)"
)


#: A doctor who treats someone, not a member of staff: "The surgeon, Dr. Hale, says it went well",
#: "her pediatrician Dr. Moss".
_MEDICAL_PROFESSION_BEFORE = re.compile(
    r"\b(?:surgeon|doctor|doctors|pediatrician|physician|dentist|orthodontist|psychiatrist|cardiologist|"
    r"neurologist|oncologist|allergist|dermatologist|ophthalmologist|optometrist|specialist|gp)[,:]?\s+$",
    re.IGNORECASE,
)
#: A rule about any employee, at the head of its sentence: "An improvement plan can only begin after
#: a conference", "Any grievance must be filed within 30 days".
_GENERIC_TERM_BEFORE = re.compile(r"(?:^|[.!?:]\s+|\n\s*(?:\d+[.)]\s*|[-*•]\s*)?)(?:an?|any|every|each)\s+$", re.IGNORECASE)
#: ... and a rule's verb after it: "A complaint was filed against Ms. Lee" still tells of one.
_RULE_VERB_AFTER = re.compile(r"\s+(?:[a-z\-]+\s+){0,2}?(?:can|may|must|should|shall|cannot|can['’]t|only|requires?)\b", re.IGNORECASE)
#: A form or a procedure named after an evaluation word: "the observation form for Dr. Mendenhall",
#: "the evaluation timeline". Nobody's evaluation is told.
_PROCEDURE_AFTER = re.compile(
    r"\s+(?:form|forms|rubric|rubrics|template|templates|schedule|cycle|cycles|window|calendar|tool|protocol|"
    r"process|timeline|training|system|times|dates|slots|visits)\b",
    re.IGNORECASE,
)

#: The person named after "led by" runs the matter: "the district has opened an investigation, led by
#: Assistant Principal Carla Nuñez".
_LED_BY_AFTER = re.compile(r",?\s+(?:is\s+being\s+|will\s+be\s+)?(?:led|conducted|headed|run|overseen)\s+by\b", re.IGNORECASE)


def _surname(titled_name: str) -> str:
    return re.sub(r"['’]s$", "", titled_name.split()[-1]).lower()


def personnel_near_name(doc: Document) -> list[Hit]:
    """Personnel matters near a staff reference (title + name, "my colleague", "the principal").

    Unambiguous personnel words (written up, administrative leave, fired, grievance, PIP) also
    count next to a bare given name; ambiguous ones (evaluation, pay, health) need a staff
    reference, so a student's "evaluation" near "Jordan" is left to the education detector.
    """
    norm = doc.norm
    terms = _term_matches(doc, _PERSONNEL)
    if not terms:
        return []
    windows = [word_window(doc, start, end, 10) for start, end, _ in terms]
    cache = _RefCache(doc, windows, relational=False)
    hits: list[Hit] = []
    student_evaluation: bool | None = None  # looked up once, on the first ambiguous evaluation
    # A titled name with the greeted reader's surname ("Mr. Hart" in a note to Ms. Hart) is the
    # reader's family, not a member of staff.
    greeted = _GREETED_SURNAME.match(doc.text)
    reader_surname = greeted.group(1).lower() if greeted else None
    for (start, end, category), (ws, we) in zip(terms, windows):
        staff = [m for m in _STAFF_REF.finditer(norm, ws, we) if not (m.start() < end and start < m.end())]
        refs = cache.within(ws, we)
        titled = [
            r
            for r in refs
            if r.kind == "title"
            and _surname(doc.text[r.start:r.end]) != reader_surname
            and not _MEDICAL_PROFESSION_BEFORE.search(doc.text, max(0, r.start - 30), r.start)
        ]
        named = [r for r in refs if r.kind == "name" and not (r.start < end and start < r.end)]
        if category not in _UNAMBIGUOUS and _STUDENT_OWNER.search(doc.text, max(0, start - 40), start):
            continue  # "Ana's reading evaluation": a student's evaluation, the education detector's
        if _SELF_OWNER.search(doc.text, max(0, start - 40), start):
            continue  # the writer's own leave or health, theirs to share
        if _READER_OWNER.search(doc.text, max(0, start - 40), start) or _declined(doc, start):
            continue  # the reader's own matter, or a matter the writer declines to discuss
        if category not in _UNAMBIGUOUS and (
            _CHILD_SUBJECT.search(doc.text, max(0, start - 50), start)
            or _STUDENTS_BECAUSE_OF.search(doc.text, max(0, start - 80), start)
        ):
            continue  # a child's health, not a colleague's
        if category == "health" and _HEALTH_SERVICE_AFTER.match(doc.text, end):
            continue  # a service or a program, not anyone's health
        if re.match(r"(?:written|wrote|write)", doc.text[start:end], re.I) and _REPORT_WRITTEN.match(doc.text, end):
            continue
        if re.match(r"write-?ups?", doc.text[start:end], re.I) and _REPORT_OWNER.search(doc.text, max(0, start - 30), start):
            continue
        if _GENERIC_TERM_BEFORE.search(doc.text, max(0, start - 12), start) and _RULE_VERB_AFTER.match(doc.text, end):
            continue  # "An improvement plan can only begin after ...": a rule about anyone
        if _LED_BY_AFTER.match(doc.text, end):
            continue  # "an investigation, led by Assistant Principal Nuñez": who runs it, not who is under it
        if (
            category == "evaluation"
            and _PROCEDURE_AFTER.match(doc.text, end)
            and not re.search(r"['’]s\s+$", doc.text[max(0, start - 3):start])
        ):
            continue  # "the observation form": a procedure, nobody's evaluation
        if category == "evaluation" and student_evaluation is None:
            student_evaluation = bool(_STUDENT_EVALUATION.search(doc.text))
        if category == "evaluation" and student_evaluation:
            continue
        if category == "evaluation" and (
            _EVALUATOR_VERB.search(doc.text, max(0, start - 40), start) or _EVALUATION_OF_WORK.match(doc.text, end)
        ):
            continue
        if not titled and not named and staff and all(_ANONYMOUS_STAFF.fullmatch(m.group()) for m in staff):
            continue  # "a staff member" / "the employee": nobody is identified
        if staff or titled or (category in _UNAMBIGUOUS and named):
            hits.append(Hit(start, end, category))
    return hits
