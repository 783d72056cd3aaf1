"""Contact details that move a conversation off district channels: email addresses and phones.

`personal_email` (T2): addresses outside the district's domains, plain or obfuscated
("name at gmail dot com", "name [at] gmail [dot] com").
`open_recipients` (A4): a "To:" or "Cc:" line that shows three or more outside addresses (families'
addresses, usually) to everyone the message goes to: what BCC is for.
`phone_number` (T3): phone numbers found by the `phonenumbers` package, run only on short
windows around digit runs so that a long document stays fast and its many dates, times, years,
prices and IDs never reach the matcher.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from types import MappingProxyType


from tap_assistant.core.detectors._common import district_domains, domain_in, occurrences, window_before, words
from tap_assistant.core.detectors._nanp_areas import KIND_BY_AREA_CODE
from tap_assistant.core.detectors.base import Hit
from tap_assistant.core.document import Document
from tap_assistant.core.model import Audience, Severity

# --------------------------------------------------------------------------- personal_email

#: Free webmail and consumer ISP domains: an address here is a personal account.
WEBMAIL_DOMAINS = frozenset(
    """
    gmail.com googlemail.com yahoo.com ymail.com rocketmail.com hotmail.com outlook.com live.com
    msn.com passport.com windowslive.com icloud.com me.com mac.com aol.com aim.com protonmail.com
    protonmail.ch proton.me pm.me gmx.com gmx.net gmx.de gmx.us mail.com email.com usa.com
    yandex.com yandex.ru ya.ru zoho.com zohomail.com tutanota.com tutanota.de tuta.io tuta.com
    fastmail.com fastmail.fm hey.com hushmail.com mail.ru inbox.ru bk.ru list.ru qq.com 163.com
    126.com sina.com rediffmail.com comcast.net verizon.net att.net sbcglobal.net bellsouth.net
    cox.net charter.net earthlink.net optonline.net frontier.com frontiernet.net centurylink.net
    juno.com netzero.net web.de t-online.de btinternet.com sky.com virginmedia.com shaw.ca
    rogers.com sympatico.ca duck.com mailfence.com posteo.de posteo.net skiff.com
    """.split()
)

#: Providers that also use country domains (yahoo.co.uk, hotmail.fr, outlook.de, gmx.at ...).
WEBMAIL_LABELS = frozenset(
    "gmail googlemail yahoo ymail hotmail outlook live icloud aol protonmail gmx yandex zoho "
    "zohomail tutanota".split()
)
_COUNTRY_SUFFIX = re.compile(r"^(?:[a-z]{2,3})(?:\.[a-z]{2})?$")

_EMAIL = re.compile(
    r"(?<![\w.%+\-@])([\w][\w.%+\-]{0,63})"  # local part (allows unicode letters)
    r"@([a-z0-9](?:[a-z0-9\-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]{0,62}[a-z0-9])?)*"
    r"\.(?:[a-z]{2,24}|xn--[a-z0-9]{1,59}))(?![a-z0-9\-]|\.[a-z0-9])"  # a punycode TLD too: .xn--p1ai
)

_AT_BRACKETED = r"\s*[\[\(\{<]\s*at\s*[\]\)\}>]\s*"
_DOT_BRACKETED = r"\s*[\[\(\{<]\s*dot\s*[\]\)\}>]\s*"
#: "name [at] host [dot] com", "name (at) host.com", "name at host dot com".
_OBFUSCATED = re.compile(
    r"(?<![\w.%+\-])([a-z0-9][\w.%+\-]{0,63})"
    r"(" + _AT_BRACKETED + r"|\s+at\s+)"
    r"([a-z0-9](?:[a-z0-9\-]{0,62}[a-z0-9])?)"
    r"((?:(?:" + _DOT_BRACKETED + r"|\s+dot\s+|\.)[a-z0-9\-]{2,24}){1,3})"
    r"(?![a-z0-9])"
)
_DOT_SPLIT = re.compile(_DOT_BRACKETED + r"|\s+dot\s+|\.")


def is_webmail(domain: str) -> bool:
    domain = domain.lower().rstrip(".")
    if domain in WEBMAIL_DOMAINS:
        return True
    label, _, rest = domain.partition(".")
    return label in WEBMAIL_LABELS and bool(_COUNTRY_SUFFIX.match(rest))


def _classify(districts: tuple[str, ...], domain: str) -> str | None:
    """The hit detail for an address at `domain`, or None when it should not be flagged."""
    if domain_in(domain, districts):
        return None
    if is_webmail(domain):
        return f"personal address ({domain})"
    if districts:
        return f"non-district address ({domain})"
    return None


_EMAIL_FROM_LOCAL = re.compile(_EMAIL.pattern[len(r"(?<![\w.%+\-@])"):])
_LOCAL_CHARS = re.compile(r"[\w.%+\-]")
_AT_BRACKET_RE = re.compile(_AT_BRACKETED)
#: Words that may name a personal provider in an obfuscated address ("at gmail dot com").
_PROVIDER_WORDS = frozenset(WEBMAIL_LABELS | {d.split(".")[0] for d in WEBMAIL_DOMAINS}) - frozenset(
    "me mail email live usa sky web hey list inbox duck aim post bk ya pm att cox charter frontier juno "
    "shaw rogers passport skiff proton tuta".split()
)


def _obfuscated_matches(doc: Document) -> list[re.Match[str]]:
    """"name at host dot com" forms, tried only where an "at" sits right after a name."""
    norm = doc.norm
    found = []
    last_end = 0
    for position in occurrences(doc, "at"):
        start = position
        # Step back over "[", "(" ... and spaces to the end of the local part.
        while start > 0 and position - start < 4 and norm[start - 1] in " \t[({<":
            start -= 1
        end_local = start
        while start > max(last_end, end_local - 64) and _LOCAL_CHARS.match(norm, start - 1):
            start -= 1
        while start < end_local and not norm[start].isalnum():
            start += 1
        if start >= end_local:
            continue
        match = _OBFUSCATED.match(norm, start)
        if match is not None and match.end() > position:
            found.append(match)
            last_end = match.end()
    return found


def _plain_addresses(doc: Document) -> list[re.Match[str]]:
    """Every name@domain, found from its "@" (a whole-text regex pass would be slower)."""
    norm = doc.norm
    found = []
    at = norm.find("@")
    last_end = 0
    while at != -1:
        start = at
        while start > max(last_end, at - 64) and _LOCAL_CHARS.match(norm, start - 1):
            start -= 1
        # The local part starts at a letter or digit ("--jo@x.com" -> "jo@x.com").
        while start < at and not (norm[start].isalnum() or norm[start] == "_"):
            start += 1
        match = _EMAIL_FROM_LOCAL.match(norm, start) if start < at else None
        if match is not None and match.end() > at:
            found.append(match)
            last_end = match.end()
        at = norm.find("@", at + 1)
    return found


def personal_email(doc: Document) -> list[Hit]:
    norm = doc.norm
    districts = district_domains(doc)
    hits: list[Hit] = []
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    for match in _plain_addresses(doc):
        detail = _classify(districts, match.group(2))
        taken_starts.append(match.start())
        taken_ends.append(match.end())
        if detail:
            hits.append(Hit(match.start(), match.end(), detail))
    present = words(doc)
    # Obfuscated forms need "at" plus "dot", a bracketed "[at]", or a provider's name.
    if "at" in present and ("dot" in present or present & _PROVIDER_WORDS or _AT_BRACKET_RE.search(norm)):
        for match in _obfuscated_matches(doc):
            # Skip one that overlaps a plain address (addresses are sorted and disjoint).
            index = bisect.bisect_left(taken_ends, match.start() + 1)
            if index < len(taken_starts) and taken_starts[index] < match.end():
                continue
            at_sign = match.group(2)
            parts = [p for p in _DOT_SPLIT.split(match.group(4)) if p]
            domain = ".".join([match.group(3), *parts])
            bare_at = at_sign.strip() == "at"
            # A bare " at " is everyday English ("meet at noon. then"): accept it only for a
            # known personal provider.
            if bare_at and not is_webmail(domain):
                continue
            if not re.fullmatch(r"[a-z]{2,24}", parts[-1]):
                continue
            detail = _classify(districts, domain)
            if detail:
                hits.append(Hit(match.start(), match.end(), detail))
    hits.sort(key=lambda h: h.start)
    return hits


# --------------------------------------------------------------------------- open_recipients

#: A header line naming who a message goes to, as people paste or type it above a draft.
_RECIPIENT_LINE = re.compile(r"(?im)^[ \t]*(?:to|cc)[ \t]*:[^\n]*")
#: This many outside addresses on one line expose the group to one another.
OPEN_RECIPIENTS_MIN = 3


def open_recipients(doc: Document) -> list[Hit]:
    """"To:"/"Cc:" lines that list OPEN_RECIPIENTS_MIN or more addresses outside the district's
    domains (any address when no district domain is configured, but never a district one)."""
    if "@" not in doc.norm:
        return []
    districts = district_domains(doc)
    hits = []
    for line in _RECIPIENT_LINE.finditer(doc.norm):
        if doc.is_quoted(line.start()):
            continue
        outside = [m for m in _EMAIL.finditer(line.group(0)) if not domain_in(m.group(2), districts)]
        if len(outside) >= OPEN_RECIPIENTS_MIN:
            hits.append(Hit(line.start(), line.end(), f"{len(outside)} outside addresses"))
    return hits


# --------------------------------------------------------------------------- phone_number

#: A run that could hold a phone number: 7+ digits with the usual separators.
#: A run that could hold a phone number: 7+ digits with the usual separators. It starts with
#: a digit (so the regex engine can skip quickly to digits); a leading "+" or "(" is added back
#: by hand, and the character before the run is checked by hand too.
#: Possessive units (Python 3.11+) and the check that the first digit starts its run keep a
#: long digit string linear instead of backtracking at every position.
_DIGIT_RUN = re.compile(
    r"\d(?<!\d\d)(?:[ \t().\-]{0,3}\d){6,14}+(?:\s*(?:ext\.?|x|extension)\s*\d{1,6})?(?![\w/])"
)
_BAD_BEFORE = frozenset(".,/:$€£#-_")
_DATE_LIKE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_DECIMAL = re.compile(r"^\d+[.,]\d+$")
_YEAR_RANGE = re.compile(r"^(?:1[89]|20)\d\d\s*[-–]\s*(?:(?:1[89]|20)\d\d|\d\d)$")
_PHONE_CONTEXT = re.compile(
    r"\b(?:call|calls|calling|text|texting|txt|phone|cell|cellphone|mobile|number|num|no\.|#|"
    r"tel|telephone|reach me|contact me|whatsapp|signal|dial|ring|fax|ph)\b[^\n]{0,25}$"
)
_ID_CONTEXT = re.compile(
    r"\b(?:student\s*(?:id|number|no\.?|#)|id\s*(?:#|no\.?|number)?|lunch\s*(?:number|pin|code)|"
    r"account|acct|order|invoice|case|ticket|mrn|ssn|social security|zip|room|rm)\b[\s:#.=]*"
    r"(?:(?:is|was|are|number|no)\b[\s:#.]*)*$"
)
_NANP_GROUPS = frozenset(
    {(10,), (3, 3, 4), (3, 7), (6, 4), (1, 3, 3, 4), (1, 10), (11,), (1, 3, 7), (3, 4), (7,)}
)
_FICTIONAL = re.compile(r"555[\s().\-]*01\d\d$")
# A plain North American number: optional 1, area code and exchange starting 2-9, 4 digits.
_PLAIN_NANP = re.compile(
    r"(?:1[\s.\-]?)?(?:\((?P<area>[2-9]\d\d)\)|(?P<area2>[2-9]\d\d))[\s.\-]?[2-9]\d\d[\s.\-]?\d{4}"
)

# phonenumbers takes longer to import than a whole check of a short draft, so it is imported
# only when a draft holds a digit run that could be a phone number. Keys: PhoneNumberType values.
_KIND = {
    1: "mobile number",
    0: "landline number",
    2: "phone number (mobile or landline)",
    3: "toll-free number",
    4: "premium-rate number",
    6: "VoIP number",
    7: "personal number",
    8: "pager number",
    9: "phone number",
    5: "shared-cost number",
}


def _student_id_regex(doc: Document) -> re.Pattern[str] | None:
    pattern = getattr(doc.settings, "student_id_pattern", "") or ""
    if not isinstance(pattern, str) or not pattern:
        return None
    try:
        return _compiled(pattern)
    except (re.error, RecursionError, OverflowError):
        return None


_PATTERN_CACHE: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    compiled = _PATTERN_CACHE.get(pattern)
    if compiled is None:
        compiled = re.compile(pattern, re.IGNORECASE)
        if len(_PATTERN_CACHE) > 32:
            _PATTERN_CACHE.clear()
        _PATTERN_CACHE[pattern] = compiled
    return compiled


@lru_cache(maxsize=2048)
def _numbers_in(segment: str) -> tuple[tuple[int, int, str, bool], ...]:
    """(start, end, detail, certain) for each number phonenumbers finds in a short segment.

    `certain` is False for numbers that are merely possible (they need a phone word nearby).
    Cached: the same number often recurs in a draft and in a thread's quoted replies.
    """
    plain = _PLAIN_NANP.fullmatch(segment.strip())
    if plain is not None:
        # The everyday case, decided without importing phonenumbers (see _nanp_areas).
        kind = KIND_BY_AREA_CODE.get(plain.group("area") or plain.group("area2"))
        if kind is not None:
            leading = len(segment) - len(segment.lstrip())
            start, end = leading, leading + len(segment.strip())
            if _FICTIONAL.search(segment.strip()):
                return ((start, end, "phone number (fictional 555-01xx range)", True),)
            return ((start, end, _KIND.get(kind, "phone number"), True),)
    return _numbers_by_library(segment)


def _numbers_by_library(segment: str) -> tuple[tuple[int, int, str, bool], ...]:
    import phonenumbers

    try:
        matches = list(phonenumbers.PhoneNumberMatcher(segment, "US", leniency=phonenumbers.Leniency.POSSIBLE))
    except Exception:  # the library must never take the check down
        return ()
    found = []
    for match in matches:
        number_text = segment[match.start:match.end].lower()
        bare = re.sub(r"(?:ext\.?|x|extension)\s*\d+$", "", number_text).strip()
        groups = tuple(len(group) for group in re.findall(r"\d+", bare))
        # A national number is written in the usual groups ("312 555 0147", "3125550147",
        # "1-312-555-0147"); "6 7 8 9 10 11 12" is a list, not a phone.
        if not bare.startswith("+") and groups not in _NANP_GROUPS:
            continue
        if _FICTIONAL.search(bare):
            found.append((match.start, match.end, "phone number (fictional 555-01xx range)", True))
        elif phonenumbers.is_valid_number(match.number):
            kind = phonenumbers.number_type(match.number)
            found.append((match.start, match.end, _KIND.get(kind, "phone number"), True))
        elif sum(ch.isdigit() for ch in bare) >= 7:
            found.append((match.start, match.end, "phone number", False))
    return tuple(found)


def _candidates(doc: Document):
    norm = doc.norm
    for run in _DIGIT_RUN.finditer(norm):
        start = run.start()
        if start > 0 and norm[start - 1] == "(":
            start -= 1
        if start > 0 and norm[start - 1] == "+":
            start -= 1
        elif start > 1 and norm[start - 2:start] == "+ ":
            start -= 2
        if start > 0 and (norm[start - 1].isalnum() or norm[start - 1] in _BAD_BEFORE):
            # A label's colon is fine ("Cell:425-882-9090", "Phone:(425) 882-9090"); a time's
            # ("at 10:30 5551234") or a digit's is not.
            if not (norm[start - 1] == ":" and start > 1 and norm[start - 2].isalpha()):
                continue
        yield start, run.end()


# A number labelled as an office line ("Front office: (503) 201-7700 ext. 12", "Fax 555-...",
# "the campus safety line")
# or with an extension is the school's, not a personal phone: shown as info.
_OFFICE_LABEL = re.compile(
    r"\b(?:office|main|fax|front desk|reception|switchboard|school|district|help ?desk|library|"
    r"attendance(?: line)?|athletics|department|dept|counseling|nurse|band|front|main line|tel|campus|"
    r"hotline|(?:safety|tip|security|help|info|crisis|shelter|support|dedicated|resource|family|parent|police|non-emergency) line|"
    r"transportation|enrollment|registrar|payroll|human resources|food services?|nutrition services|facilities|"
    r"superintendent|center|services|communications|media(?: inquiries| contact| relations)?|press|public information|hr|"
    # "call the yearbook room at", "Our site phone is", "Community Education, 555-0190"
    r"room|site(?: phone| office| line)?|program|(?:community|adult|continuing|special) education|"
    r"clubhouse|field ?house|box office|ticket office|clinic|welcome desk|rsvp|"
    # "call the trip phone at", "Emergency number: 555-0183", "the duty phone (555-0150)": a line
    # the program staffs in turns, not a person's
    r"(?:trip|emergency|on-call|duty|travel) (?:phone|line|number)|"
    # the institution speaking: "Our number is", "our main line"; a named line or desk: "the anonymous
    # SafeSchools line at", "call the unit desk at"
    r"our (?:main |office |school |front )?(?:number|phone number|phone|line)|the (?:[\w\-]+ ){1,3}(?:line|desk))"
    r"\b[^\n]{0,25}$"
    # "the Office of the Superintendent at 555-0110": an office named at more length
    r"|\boffice of (?:the )?[a-z ]{3,40}$"
)
#: A signature's work line names a school, an office or the writer's job ("Principal, Lincoln High
#: School" / "555-0102", "Work-Based Learning Coordinator, 555-0134").
_WORK_LINE = re.compile(
    r"\b(?:schools?|elementary|middle|high|academy|districts?|office|department|center|coach|teacher|counsell?or|"
    r"coordinator|director|principal|nurse|advis[eo]r|trainer|secretary|librarian|psychologist|social worker|"
    r"dean|registrar|manager|instructor|specialist|liaison|paraprofessional|superintendent|clerk|"
    r"interventionist|therapist|department chair|"
    # a department or a district signing as itself: "Westbury Unified Transportation"
    r"transportation|facilities|maintenance|nutrition|athletics|unified|usd|isd)\b"
)
#: How many lines of a signature above a number may hold its work line (name, title, school, address).
_WORK_LINE_REACH = 4
#: How far before a number "contact our district foster-care coordinator, Alisha Brandt, at" may start.
_SOMEONE_ELSES_REACH = 90
#: Someone else's number: "call her at", "reach Ms. Patel at", "call Rhonda Pierce at", "call us at".
_SOMEONE_ELSES_BEFORE = re.compile(
    r"\b(?i:call|reach|contact|phone|ring)\s+(?:(?i:her|him|them|us)|"
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Coach|Nurse)\.?\s+[A-Z][\w'\-]+|(?!(?i:me)\b)[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+[A-Z][\w'\-]+){0,2})"
    r"(?:\s+(?i:directly|anytime))?\s+(?i:at|on)\s*:?\s*$"
    # "I've copied Dana Reyes (555-0103)": the number of someone the writer copies in
    r"|\b(?i:copied|cc['’]?d|cc['’]?ing|looped in|included)\s+(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)?,?\s*\(?\s*$"
    # "... or Mr. Sills at 555-0166": a second contact, named by title
    r"|\b(?i:or|and)\s+(?:Mr|Mrs|Ms|Miss|Mx|Dr|Coach|Nurse)\.?\s+[A-Z][\w'\-]+\s+(?i:at|on)\s*:?\s*$"
    # "call the duty dean at", "reach our attendance clerk at": whoever holds a post, not the writer
    r"|\b(?i:call|reach|contact|phone|ring)\s+(?i:the|our|your)\s+(?:[\w\-]+\s+){0,2}"
    r"(?i:dean|nurse|counsell?or|principal|coach|director|coordinator|secretary|officer|liaison|registrar|"
    r"advis[eo]r|clerk|supervisor|manager|trainer|interpreter|dispatcher|psychologist|social worker|therapist|librarian)"
    # ... named after the post: "contact our counselor, Mr. Idowu, at", "our coordinator, Alisha Brandt, at"
    r"(?:,?\s+(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Coach|Nurse)\.?\s+)?[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)?,?)?\s+(?i:at|on)\s*:?\s*$"
    # ... or written to, whatever the verb: "comment in writing to the board clerk at"
    r"|\b(?i:to|with|from)\s+(?i:the|our|your)\s+(?:[\w\-]+\s+){0,2}"
    r"(?i:dean|nurse|counsell?or|principal|director|coordinator|secretary|officer|liaison|registrar|"
    r"clerk|supervisor|manager|trainer|interpreter|dispatcher|psychologist|social worker|therapist|librarian)\s+(?i:at|on)\s*:?\s*$"
    # a post written as a title before a name: "Contact Assistant Principal Tom Becerra at"
    r"|\b(?i:call|reach|contact|phone|ring)\s+(?:(?:Assistant|Vice|Associate|Head|Athletic)\s+)?"
    r"(?:Principal|Dean|Counselor|Director|Coordinator|Superintendent|Officer|Coach|Nurse|Registrar|Liaison)"
    r"\s+[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)?\s+(?i:at|on)\s*:?\s*$"
    # "Questions: Ms. Ibarra, 555-0123": a notice's contact, named by title
    r"|\b(?i:questions|info|information|rsvp|contact)\s*[:?]\s*(?:Mr|Mrs|Ms|Miss|Mx|Dr|Coach|Nurse)\.?\s+"
    r"[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)?\s*[,:\-–—]?\s*\(?\s*$"
    # "the school nurse, Carmen Ibsen, can also be reached at", "she can be reached at"
    r"|(?:\b(?i:she|he|they)|[A-Z][\w'\-]+,?)\s+(?i:can|may)\s+(?i:also\s+)?(?i:be\s+reached)\s+(?i:at|on)\s*:?\s*$"
)
#: A contact line in a notice: "Media contact: Rob Tellez, HEA President, 555-0103".
_CONTACT_LINE = re.compile(r"[ \t]*(?:media|press|program|event|trip)?[ \t]*contact[ \t]*:[^\n]{0,60}$", re.IGNORECASE)
#: A number given for a transaction anyone may do, the way an office line is: "Questions? Call
#: 555-0190 or stop by the front desk", "call 555-0119 to reserve a spot", "Apply at
#: pineridge.org/jobs or call 555-0166". Only a bare "call": "call me at ... to set up" stays personal.
#: These run on the normalised (lower-case) draft.
_CALL_AT = r"(?:call|calling|phone)(?:\s+us)?(?:\s+at)?\s*:?\s*$"
_CALL_RIGHT_BEFORE = re.compile(r"\b" + _CALL_AT)
_SERVICE_BEFORE = re.compile(
    r"(?:questions\?|to (?:rsvp|schedule|register|enroll|sign up|reserve|apply|book|make an appointment)\b[^.\n]{0,30}?,"
    r"|for (?:other languages|an interpreter|interpret(?:ation|ing)|translation|accommodations|more information|more info)\b[^.\n]{0,30}?,)"
    r"\s*(?:please\s+)?" + _CALL_AT + r"|\S+\.(?:org|com|edu|gov|net|us|example)\S*\s+or\s+" + _CALL_AT
    # "Sign up at the link in bio or call ...": a sign-up, two ways
    + r"|\b(?:sign up|register|apply|rsvp|enroll|donate|order tickets)\b[^.\n]{0,40}?\s+or\s+" + _CALL_AT
)
_SERVICE_AFTER = re.compile(
    r"\s+(?:or|and)\s+(?:visit|stop by|drop by|go to|reply|email|apply|register|check|message us|send|submit|use|fill out)\b"
    r"|\s+to\s+(?:reserve|register|schedule|sign up|rsvp|book|make an appointment|enroll|apply|set up an appointment)\b"
    # a line staffed day and night: "report anonymously by calling 555-0190, 24/7"
    r"|,?\s*\(?(?:24/7|24 hours a day|around the clock)\b"
    # a request by a deadline: "call 555-0105 by February 5"
    r"|\s+by\s+(?:noon|(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d)",
    re.IGNORECASE,
)
#: A web address on the number's line: "555-0112 | readuptutors.org" (an email address is not one).
_WEBSITE = re.compile(r"(?<![@\w.\-])(?:www\.)?[a-z0-9\-]+\.(?:org|edu|gov|us|net|com)(?:/\S*)?\b(?![@.\w])")
_WEBSITE_LINE_LENGTH = 100
#: A bracketed aside between a label and its number: "Emergency line (answered 24 hours by a chaperone): 555-0183".
_ASIDE_BEFORE = re.compile(r"\s*\([^()\n]{1,60}\)\s*:?\s*$")
#: An organisation's initials before the number: "call or text the FRC at 555-0165".
_ORGANISATION_INITIALS_BEFORE = re.compile(r"\bthe [A-Z]{2,6}(?:['’]s)?(?: office| desk| line)?\s+(?:at|on)\s*:?\s*$")
#: An office's email and then its phone: "email the theatre office at theatre@... or call 555-0134".
#: An institution's address and then the number, as one contact: "Questions: robotics@maplefork.k12.us or 555-0170".
_ADDRESS_THEN_NUMBER = re.compile(r"([\w.+\-]+@([\w\-]+(?:\.[\w\-]+)+))\s+(?:or|/|\|)\s*$")
_OFFICE_EMAIL_THEN_CALL = re.compile(
    r"\b(?:office|desk|department|center|centre|line|room|program)\s+at\s+\S+@\S+\s+(?:or|,)\s+"
    r"(?:call|phone|ring)(?:\s+us)?(?:\s+at)?\s*:?\s*$"
)
#: A phone the district issues, not the writer's own: "Coach Lin's district cell", "my school-issued phone".
_DISTRICT_DEVICE = re.compile(
    r"\b(?:district|school|work|program|team)(?:[- ]issued)?\s+(?:cell|cellphone|mobile|phone)\b[^\n]{0,25}$"
)
#: "Call or text" names two ways to reach a line, not a phone of one's own: after an office label
#: ("Anonymous tip line: call or text 555-0190") the line is the office's; "call or text me" stays the
#: writer's ("me", "my cell" still mark it).
_CALL_OR_TEXT = re.compile(r"\b(?:call|phone)\s*(?:or|/)\s*(?:text|txt)\b|\b(?:text|txt)\s*(?:or|/)\s*(?:call|phone)\b")
#: Words for a phone of one's own, and the reach of a label before a number.
_PERSONAL_DEVICE = r"cell|cellphone|mobile|personal|home|text|txt|whatsapp|signal"
_LABEL_REACH = 40
_PERSONAL_WORD = re.compile(r"\b(?:" + _PERSONAL_DEVICE + r"|my)\b[^\n]{0,25}$")
#: "Call the front desk, or me at 555-0159": the writer's own, whatever office came before ...
_ME_AT = re.compile(r"\bme\s+(?:at|on)\s*:?\s*$")
#: ... unless the writer signs as an administrator, whose published line is the office's: "call me
#: at 555-0118 or stop by the front office" from "Principal, Oakdale Middle School".
_ADMINISTRATOR = re.compile(
    r"\b(?:principal|superintendent|director|dean|administrator|head of school|business manager)\b", re.IGNORECASE
)
#: The writer's own line named after the number: "555-0109 anytime, that's my cell", "(my cell)".
_PERSONAL_AFTER = re.compile(r"\s*[(\[]?[^\n.;()\[\]\d]{0,30}?\b(?:my|personal)\s+(?:cell|phone|number|mobile|line)\b")
_EXTENSION_AFTER = re.compile(r"\s*(?:ext\.?|x|extension)\s*\d", re.IGNORECASE)
#: A label right after the number, in brackets: "555-0172 (district office)", "(main line)".
_OFFICE_LABEL_AFTER = re.compile(
    r"\s*[(\[][^)\]\n]{0,25}\b(?:office|main|front desk|reception|switchboard|school|district|department|dept|"
    r"attendance|athletics|counseling|nurse|campus|hotline|line)\b[^)\]\n]{0,15}[)\]]",
    re.IGNORECASE,
)
_EXTENSION_END = re.compile(r"(?:ext\.?|x|extension)\s*\d+\s*$")
#: A label after the number, after a dash or comma: "555-0102 — that's the district media line",
#: "555-0102, the front office".
_OFFICE_LABEL_TRAILING = re.compile(
    r"\s*(?:[—–]|--?|,)\s*(?:that['’]s |that is |which is |it['’]s )?(?:the|our)\s+[^\n.;]{0,30}?"
    r"\b(?:office|line|desk|hotline|switchboard|reception)\b",
    re.IGNORECASE,
)


def _digits(text: str) -> str:
    digits = re.sub(r"(?:ext\.?|x|extension)\s*\d+\s*$", "", text.lower())
    digits = re.sub(r"\D", "", digits)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def _district_number(doc: Document, start: int, end: int) -> str:
    """Why the number at [start, end) is the district's, or "" when nothing says so."""
    settings = doc.settings
    digits = _digits(doc.text[start:end])
    known = {_digits(n) for n in getattr(settings, "district_phone_numbers", []) or []}
    # North American area codes never start with 1: a leading 1 is the country code.
    prefixes = [_digits(p).removeprefix("1") for p in getattr(settings, "district_phone_prefixes", []) or []]
    if digits in known or any(p and digits.startswith(p) for p in prefixes):
        return "a district number"
    line_start = doc.norm.rfind("\n", 0, start) + 1
    before = _CALL_OR_TEXT.sub("call", _label_before(doc, start))
    if _ORGANISATION_INITIALS_BEFORE.search(doc.text, max(line_start, start - _LABEL_REACH), start):
        return "an office number"  # "call or text the FRC at": the verb is not a personal label here
    if _DISTRICT_DEVICE.search(before) and not re.search(r"\b(?:personal|home)\b", before):
        return "a district-issued phone"
    if _PERSONAL_WORD.search(before) or _PERSONAL_AFTER.match(doc.norm, end):
        return ""
    if _ME_AT.search(before):
        return "an administrator's office line" if _signs_as_administrator(doc, start) else ""
    if (
        _OFFICE_LABEL.search(before)
        or _EXTENSION_AFTER.match(doc.text, end)
        or _EXTENSION_END.search(doc.norm, start, end)
        or _OFFICE_LABEL_AFTER.match(doc.text, end)
        or _OFFICE_LABEL_TRAILING.match(doc.text, end)
        or _OFFICE_EMAIL_THEN_CALL.search(doc.norm, max(line_start, start - 100), start)
        or _in_work_signature(doc, start, line_start)
        or _CONTACT_LINE.match(doc.norm, line_start, start)
        or _service_line(doc, start, end, line_start)
        or _label_before_aside(doc, start, line_start)
        or _website_line(doc, line_start)
        or _institution_address_before(doc, start, line_start)
    ):
        return "an office number"
    if _SOMEONE_ELSES_BEFORE.search(doc.text, max(line_start, start - _SOMEONE_ELSES_REACH), start):
        return "someone else's number"
    return ""


#: A number nothing marks as personal is a caution to a student, who must not be texted from one,
#: and a note to the public: clause T3 is about students, and a public notice, an employer or a
#: neighbour given a number to call is given the office's unless the words say otherwise.
_UNMARKED_BY_AUDIENCE = MappingProxyType({Audience.PUBLIC: Severity.INFO})
#: Words that make a number the writer's own phone: "my cell", "text me at", "(personal)", "on
#: WhatsApp". "Call me at" does not: an office line is called too.
_PERSONAL_DEVICE_BEFORE = re.compile(
    r"\b(?:" + _PERSONAL_DEVICE + r"|texting|my (?:number|phone|line|digits))\b[^\n]{0,25}$"
)


def _label_before(doc: Document, start: int) -> str:
    """The (normalised) words a label of the number at `start` may be in: up to 40 characters, same line."""
    line_start = doc.norm.rfind("\n", 0, start) + 1
    return doc.norm[max(line_start, start - _LABEL_REACH):start]


def _marked_personal(doc: Document, start: int, end: int) -> bool:
    """The words near the number make it the writer's own phone."""
    return bool(_PERSONAL_DEVICE_BEFORE.search(_label_before(doc, start)) or _PERSONAL_AFTER.match(doc.norm, end))


def _service_line(doc: Document, start: int, end: int, line_start: int) -> bool:
    """ "Questions? Call 555-0190 ...", "call 555-0119 to reserve a spot": a number for anyone's business."""
    window = max(line_start, start - 80)
    if _SERVICE_BEFORE.search(doc.norm, window, start):
        return True
    return bool(_CALL_RIGHT_BEFORE.search(doc.norm, window, start) and _SERVICE_AFTER.match(doc.norm, end))


def _website_line(doc: Document, line_start: int) -> bool:
    """A short line holding the number and a web address: an organisation's contact line."""
    line_end = doc.norm.find("\n", line_start)
    line = doc.norm[line_start : len(doc.norm) if line_end == -1 else line_end]
    return len(line) <= _WEBSITE_LINE_LENGTH and "@" not in line and bool(_WEBSITE.search(line))


def _institution_address_before(doc: Document, start: int, line_start: int) -> bool:
    """ "robotics@maplefork.k12.us or 555-0170": a program's address and its line (a webmail one is personal)."""
    address = _ADDRESS_THEN_NUMBER.search(doc.norm, max(line_start, start - 80), start)
    return address is not None and not is_webmail(address.group(2))


def _label_before_aside(doc: Document, start: int, line_start: int) -> bool:
    aside = _ASIDE_BEFORE.search(doc.norm, max(line_start, start - 70), start)
    if aside is None:
        return False
    before = doc.norm[max(line_start, aside.start() - 40) : aside.start()]
    return bool(_OFFICE_LABEL.search(before)) and not (_PERSONAL_WORD.search(before) or _ME_AT.search(before))


def _signs_as_administrator(doc: Document, number_start: int) -> bool:
    """The draft's signature, below the number, names an administrator's post."""
    signature = doc.signature_start
    return number_start < signature < len(doc.text) and bool(_ADMINISTRATOR.search(doc.text, signature))


def _in_work_signature(doc: Document, start: int, line_start: int) -> bool:
    """A number in the writer's signature, after a work line on its own line ("Coordinator, 555-0134")
    or on a line under one (the school's address may come between; the line may also hold the
    writer's email: "rlindqvist@northridgesd.org | 555-0119")."""
    if start < doc.signature_start or line_start == 0:
        return False
    if _WORK_LINE.search(doc.norm[line_start:start]):
        return True
    above = doc.norm[doc.signature_start:line_start].split("\n")[-_WORK_LINE_REACH - 1:]
    return any(len(line) <= 80 and _WORK_LINE.search(line) for line in above)


def phone_number(doc: Document) -> list[Hit]:
    """Phone numbers (US region; international numbers in + form).

    Decisions: numbers that `phonenumbers` deems valid always hit; the fictional 555-0100..0199
    range (used in examples and sample drafts in place of a real number) hits too, with a detail
    saying so; other merely possible numbers (7-digit local numbers, "123-456-7890") hit only
    after a phone word ("call", "text", "cell", "number" ...). Digit runs that look like dates,
    year ranges, or decimals, or that follow ID words (student ID, room, ZIP, case, order) never
    hit, nor do numbers that match the district's student-ID pattern.
    """
    text = doc.text
    norm = doc.norm
    hits: list[Hit] = []
    id_regex = _student_id_regex(doc)
    for offset, end in _candidates(doc):
        raw = norm[offset:end].strip()
        digits = sum(ch.isdigit() for ch in raw)
        if digits < 7 or digits > 15:
            continue
        if _DATE_LIKE.match(raw) or _YEAR_RANGE.match(raw) or _DECIMAL.match(raw):
            continue
        if _ID_CONTEXT.search(window_before(doc, offset, 40)):
            continue
        if id_regex is not None and id_regex.fullmatch(raw):
            continue
        for rel_start, rel_end, detail, certain in _numbers_in(text[offset:end]):
            start = offset + rel_start
            if certain or _PHONE_CONTEXT.search(window_before(doc, start, 40)):
                district = _district_number(doc, start, offset + rel_end)
                if district:
                    hits.append(Hit(start, offset + rel_end, f"{detail}; {district}", Severity.INFO))
                elif _marked_personal(doc, start, offset + rel_end):
                    hits.append(Hit(start, offset + rel_end, f"{detail}; the words around it mark it as personal"))
                else:
                    hits.append(Hit(start, offset + rel_end, detail, severity_by_audience=_UNMARKED_BY_AUDIENCE))
    return hits
