"""Identifiers (A4): SSNs, dates of birth, student IDs, street addresses, medical record numbers.

Each detector returns the span of the identifier itself (not of the context words), so the
review highlights exactly what to remove.
"""

from __future__ import annotations

import re
from typing import Any

from tap_assistant.core.detectors._common import (
    matches_near,
    occurrences,
    trigger_set,
    window_after,
    window_before,
    words,
)
from tap_assistant.core.detectors.base import Hit
from tap_assistant.core.district_regex import DistrictRegexError, compile_district_regex
from tap_assistant.core.document import Document
from tap_assistant.core.model import Severity

# --------------------------------------------------------------------------- ssn

#: SSN shapes. Each starts with a digit (the regex engine then skips fast to digits) and checks
#: the character before it right after. "strong": 3-2-4 with one consistent delimiter
#: ("078-05-1123", "078 05 1123", "078.05.1123"); "weak": bare 9 digits, 3-6 and 5-4 (ZIP+4
#: looks like this), SSNs only when an SSN word is near.
_SSN_SHAPES = re.compile(
    r"\d(?<![\d\-./]\d)(?:(?P<strong>\d\d(?P<sep>[\-. ])\d\d(?P=sep)\d{4})|(?P<weak>\d{8}|\d\d-\d{6}|\d{4}-\d{4}))"
    r"(?![\d]|[\-./]\d)"
)
_SSN_CONTEXT = re.compile(
    r"\b(?:ssn|ssns|ss\s*#|ss\s+no|soc\.?\s*sec|social\s+security|ssa|itin|taxpayer|tax\s*id|"
    r"tax\s+identification)(?![a-z])"
)
#: A dotted or spaced 3-2-4 is an SSN on its own, unless a word before it says it is a version,
#: a part or an order number ("Version 078.05.1123").
_NOT_SSN_BEFORE = re.compile(
    r"\b(?:version|ver|v|release|build|revision|rev|model|part|item|isbn|order|serial|invoice|ref|reference|"
    r"case|ticket|account|acct|routing|ip)\.?\s*(?:no\.?|number|#)?\s*[:#]?\s*$"
)


def itin_is_valid(digits: str) -> bool:
    """IRS ITIN: a 9xx area and a group of 50-65, 70-88, 90-92 or 94-99."""
    if len(digits) != 9 or not digits.isdigit() or digits[0] != "9":
        return False
    if digits.startswith("98765432"):
        return False  # the SSA's advertising range, 987-65-4320 to 4329
    group = int(digits[3:5])
    return 50 <= group <= 65 or 70 <= group <= 88 or 90 <= group <= 92 or 94 <= group <= 99
#: Numbers the SSA never issued or that were published as advertising / sample numbers.
_SSN_KNOWN_INVALID = frozenset({"078051120", "219099999", "123456789", "987654321"})


def ssn_is_valid(digits: str) -> bool:
    """SSA rules: no area 000/666/900-999, no group 00, no serial 0000, no published samples."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9":
        return False
    if group == "00" or serial == "0000":
        return False
    if len(set(digits)) == 1 or digits in _SSN_KNOWN_INVALID:
        return False
    # 987-65-4320..4329 are the SSA's advertising range (already area 9xx, kept for clarity).
    return True


def _ssn_context_near(doc: Document, start: int, end: int) -> bool:
    if _SSN_CONTEXT.search(window_before(doc, start, 50)):
        return True
    return bool(_SSN_CONTEXT.search(window_after(doc, end, 25)))


def ssn(doc: Document) -> list[Hit]:
    """US SSNs valid by the SSA's rules, and ITINs (a person's tax number: 9xx area, IRS groups).

    A 3-2-4 with one consistent delimiter (dash, dot or space) hits on its own, unless a
    version/order word comes right before a dotted or spaced one; bare 9 digits, 3-6 and 5-4
    hit only with an SSN word ("SSN", "SS#", "social security", "soc sec", "ITIN", "taxpayer",
    "tax ID") within 50 characters before or 25 after. Mixed delimiters ("693-09.4444") never
    hit (as in Presidio).
    """
    hits: list[Hit] = []
    for match in _SSN_SHAPES.finditer(doc.norm):
        value = match.group()
        digits = "".join(ch for ch in value if ch.isdigit())
        if ssn_is_valid(digits):
            detail = "Social Security number"
        elif itin_is_valid(digits):
            detail = "taxpayer number (ITIN)"
        else:
            continue
        near = _ssn_context_near(doc, match.start(), match.end())
        # A 3-2-4 with one consistent delimiter is an SSN (or ITIN) on its own, unless a word
        # before it makes it a version or an order number; the weak shapes need an SSN word.
        strong = bool(match.group("strong")) and (
            match.group("sep") == "-" or not _NOT_SSN_BEFORE.search(window_before(doc, match.start(), 25))
        )
        if strong or near:
            hits.append(Hit(match.start(), match.end(), detail))
    return hits


# --------------------------------------------------------------------------- date_of_birth

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_DATE_WITH_YEAR = (
    r"(?:\d{1,2}[/\-.]\d{1,2}[/\-.](?:\d{4}|\d{2})"  # 3/14/2012, 03-14-12
    + r"|" + _YEAR + r"[/\-.]\d{1,2}[/\-.]\d{1,2}"  # 2012-03-14
    + r"|" + _MONTHS + r"\s+" + _DAY + r",?\s+" + _YEAR  # March 14, 2012
    + r"|" + _DAY + r"\s+(?:of\s+)?" + _MONTHS + r",?\s+" + _YEAR  # 14 March 2012
    + r"|" + _DAY + r"[\-/ ]" + _MONTHS + r"[\-/ ]" + _YEAR  # 12-Mar-2010, 12/MAR/2010
    + r"|" + _MONTHS + r"(?:,?\s+|-)" + _YEAR  # March 2012, May-2021
    + r"|\d{1,2}/" + _YEAR + r")"  # 5/2021
)
_DATE_NO_YEAR = (
    r"(?:" + _MONTHS + r"[\s\-]+" + _DAY + r"|" + _DAY + r"(?:\s+(?:of\s+)?|-)" + _MONTHS + r"|\d{1,2}/\d{1,2})"
)
_DATE_WITH_YEAR_RE = re.compile(r"(?<![\w/\-.])" + _DATE_WITH_YEAR + r"(?![\w/]|[\-.]\d)")
_DATE_ANY_RE = re.compile(
    r"(?<![\w/\-.])(?:" + _DATE_WITH_YEAR + r"|" + _DATE_NO_YEAR + r")(?![\w/]|[\-.]\d)"
)
#: What may sit between a DOB label and the date: "DOB: ", "date of birth is ", "born on ".
_GAP = r"[\s:#=\-(),]*(?:(?:is|was|on|of|in|date)\b[\s:#=\-(),]*)*$"
#: Strong context: any date form after it is a date of birth.
_DOB_STRONG = re.compile(
    r"(?:\bdob|\bd\.o\.b\.?|\bddoob\.?|\bdate\s+of\s+birth|\bbirth\s*date|\bb\.)" + _GAP
)
#: Weak context: only a full date (with a year) is a date of birth ("her birthday is March 3"
#: is small talk; "born on March 3, 2011" is an identifier).
_DOB_WEAK = re.compile(r"\b(?:born|birthday|bday|b-day)" + _GAP)
_DOB_WORDS = trigger_set("dob b ddoob birth birthdate born birthday bday")
_DOB_AFTER = re.compile(r"^\s*[(\[,\-]?\s*(?:dob|d\.o\.b\.?|ddoob\.?|date of birth|birth\s*date)\b")


def date_of_birth(doc: Document) -> list[Hit]:
    """A date right after a DOB label (or right before "(DOB)").

    The label must be adjacent to the date (only "is", "on", "of", ":" and the like between),
    so "DOB: 3/4/2012. Meeting on 3/15/2024" flags only the first date.
    """
    norm = doc.norm
    present = words(doc) & _DOB_WORDS
    if not present:
        return []
    # Dates are looked for only near the labels: up to 60 characters after one (label, gap,
    # date) or 30 before one ("04/12/2011 (DOB)").
    windows = sorted(
        (max(0, p - 30), min(len(norm), p + 60)) for word in present for p in occurrences(doc, word)
    )
    merged: list[list[int]] = []
    for lo, hi in windows:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    hits: list[Hit] = []
    seen: set[int] = set()
    for lo, hi in merged:
        for match in _DATE_ANY_RE.finditer(norm, lo, hi):
            if match.end() == hi and hi < len(norm):
                full = _DATE_ANY_RE.match(norm, match.start())
                match = full if full is not None else match
            if match.start() in seen:
                continue
            before = window_before(doc, match.start(), 40)
            has_year = _DATE_WITH_YEAR_RE.fullmatch(match.group()) is not None
            strong = bool(_DOB_STRONG.search(before)) or bool(_DOB_AFTER.match(window_after(doc, match.end(), 25)))
            weak = has_year and bool(_DOB_WEAK.search(before))
            if strong or weak:
                seen.add(match.start())
                hits.append(Hit(match.start(), match.end(), "date of birth"))
    return hits


# --------------------------------------------------------------------------- student_id

_STUDENT_ID_CONTEXT = (
    r"(?:\bstudent\s*(?:id|i\.d\.|number|no\.?|num|#)|\bstudent\s+identification(?:\s+number)?|"
    r"\bsid\b|\bid\s*(?:#|no\.?|number|num)|\bid\s*:|\blunch\s*(?:number|no\.?|pin|code|id|#)|"
    r"\bstate\s*(?:id|student\s*id)|\bssid\b|\blocal\s*id|\bperm(?:anent)?\s*(?:id|number))"
)
_STUDENT_ID_FALLBACK = re.compile(
    _STUDENT_ID_CONTEXT + r"(?:\s*(?:is|was|=|:|#|-|\.)\s*)*\s*(?:is\s+)?#?\s*"
    r"(?P<id>[a-z0-9][a-z0-9\-]{3,10}[a-z0-9])(?![\w\-])"
)
_STUDENT_ID_TRIGGERS = trigger_set("student sid id lunch state ssid local perm permanent")
_PATTERN_CACHE: dict[str, Any] = {}


def _district_pattern(pattern: str) -> Any:
    """The district's format compiled by RE2 (linear time whatever the pattern), or None."""
    if pattern not in _PATTERN_CACHE:
        try:
            compiled = compile_district_regex(pattern, ignore_case=True)
        except DistrictRegexError:
            compiled = None  # the configuration layer reports a broken pattern; we fall back
        if len(_PATTERN_CACHE) > 32:
            _PATTERN_CACHE.clear()
        _PATTERN_CACHE[pattern] = compiled
    return _PATTERN_CACHE[pattern]


def _whole_token(text: str, start: int, end: int) -> bool:
    """A district format must not fire inside a phone number or a longer ID."""
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_-"):
        return False
    if end < len(text) and (text[end].isalnum() or text[end] == "_"):
        return False
    return not (end + 1 < len(text) and text[end] == "-" and text[end + 1].isalnum())


def student_id(doc: Document) -> list[Hit]:
    """The district's student-ID format when set; otherwise 5-10 characters after an ID label.

    The fallback asks for at least four digits in the value so that "student ID card" or
    "lunch number list" never hit.
    """
    pattern = getattr(doc.settings, "student_id_pattern", "") or ""
    compiled = _district_pattern(pattern) if isinstance(pattern, str) and pattern else None
    hits: list[Hit] = []
    if compiled is not None:
        # The district's regex runs as given (boundaries checked by hand, so a pattern that
        # starts with a character class keeps the regex engine's fast scan).
        for match in compiled.finditer(doc.text):
            if match.end() > match.start() and _whole_token(doc.text, match.start(), match.end()):
                hits.append(Hit(match.start(), match.end(), "student ID (district format)"))
        return hits
    for match in matches_near(doc, _STUDENT_ID_TRIGGERS, _STUDENT_ID_FALLBACK):
        value = match.group("id")
        digits = sum(ch.isdigit() for ch in value)
        length = len(value.replace("-", ""))
        if digits >= 4 and 5 <= length <= 10:
            hits.append(Hit(match.start("id"), match.end("id"), "student ID"))
    return hits


# --------------------------------------------------------------------------- street_address

_SUFFIX = (
    r"(?:street|st|avenue|ave|av|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|place|pl|terrace|"
    r"ter|way|parkway|pkwy|highway|hwy|circle|cir|trail|trl|square|sq|route|rte|pike|alley|aly|"
    r"loop|crescent|cres|row|path|ridge|commons|plaza|plz|expressway|expy|freeway|fwy|turnpike|"
    r"tpke|cove|cv|heights|hts|hollow|manor|mews|crossing|xing|bend|point|pt|run|walk|glen|grove)"
)
_DIRECTION = r"(?:[NSEW]\.?|N\.?[EW]\.?|S\.?[EW]\.?|North|South|East|West|Northeast|Northwest|Southeast|Southwest)"
_UNIT = r"(?i:,?\s*(?:apt|apartment|unit|suite|ste|#|fl|floor|bldg|building|lot|rm|room)\.?\s*#?\s*[A-Za-z0-9\-]{1,6}\b)"
_CITY_ZIP = r"(?:,\s*[A-Z][A-Za-z .'\-]{1,30},\s*[A-Z]{2}\.?(?:\s+\d{5}(?:-\d{4})?)?)"
#: Capitalised street names in the original text: "1234 N Maple Ave", "45 Elm Street, Apt 3".
_STREET = re.compile(
    r"\d(?<![\w$#.,/\-]\d)\d{0,5}[A-Za-z]?(?:-\d{1,4})?\s+(?:" + _DIRECTION + r"\s+)?"
    r"(?:(?:[A-Z][A-Za-z'\-]*|\d{1,3}(?:st|nd|rd|th))\.?\s+){1,3}"
    r"(?i:" + _SUFFIX + r")\b\.?" + _DIRECTION.join(("(?:\\s+", "\\b)?")) + _UNIT + r"?" + _CITY_ZIP + r"?"
)
_PO_BOX = re.compile(r"\b(?:p\.?\s?o\.?\s?box|post office box)\s+\d{1,7}\b")
_LIVE_AT = re.compile(
    r"\b(?:i|we|she|he|they|[a-z]+ and i)\s+(?:live|lives|am staying|are staying|stay|stays)\s+(?:at|on)\s+"
    r"|\b(?:my|our|his|her|their|the family's|home)\s+(?:home\s+|house\s+|mailing\s+|street\s+)?address\s+(?:is|:)\s*"
    r"|\b(?:come|drop by|stop by|swing by)\s+(?:to\s+)?(?:my|our)\s+(?:house|place|home|apartment)\s+(?:at|on)\s+"
)
_LIVE_AT_TRIGGERS = trigger_set("live lives staying stay stays address come drop stop swing")
_PO_BOX_TRIGGERS = trigger_set("box")
_ADDRESS_TAIL = re.compile(r"[^\n.!?;]{3,80}")
#: A public place named just before the address: "at the credit union's main branch (410 Harmon
#: Ave.)", "in the District Office boardroom, 400 Orchard Lane", "Riverside Park, 200 Oak St".
_PLACE_BEFORE = re.compile(
    r"\b(?:branch|office|center|centre|library|church|temple|mosque|synagogue|park|hall|campus|school|stadium|"
    r"field|gym|museum|arena|theater|theatre|store|restaurant|hospital|clinic|station|bank|credit union|"
    r"boardroom|auditorium|courthouse|ymca|complex|plaza|headquarters|pavilion|venue|rink|pool|"
    r"facility|university|college|academy|fairgrounds)['’]?s?[ \t]*(?:\(|,|:|[-–—]|\bat|\blocated at|\bon)?[ \t]*$",
    re.IGNORECASE,
)
_PLACE_REACH = 40
#: ... unless a home is named there too: "my house by the park, 45 Elm Street".
_HOME_NEAR = re.compile(r"\b(?:house|home|apartment|apt|place|condo|townhouse|duplex)\b", re.IGNORECASE)


def street_address(doc: Document) -> list[Hit]:
    """US street lines and what follows "I live at" / "my address is".

    A street line is a house number, up to three capitalised name words and a street suffix,
    with an optional direction, unit ("Apt 3", "#4") and ", City, ST 12345". Lower-case streets
    count only after a living/address phrase. It cannot tell a school's address from a home's:
    the rule pack grades that by audience.
    """
    text = doc.text
    hits: list[Hit] = []
    for match in _STREET.finditer(text):
        end = match.end()
        # "45 Elm Street." ends a sentence; "45 Elm St." keeps the abbreviation's dot.
        if text[end - 1] == "." and re.search(r"[A-Za-z]{5,}\.$", text[match.start():end]):
            end -= 1
        if doc.in_signature(match.start()):
            # The writer's own signature block carries the school's address, not a home.
            hits.append(Hit(match.start(), end, "street address in your signature", Severity.INFO))
        elif _PLACE_BEFORE.search(text, max(0, match.start() - _PLACE_REACH), match.start()) and not _HOME_NEAR.search(
            text, max(0, match.start() - _PLACE_REACH), match.start()
        ):
            hits.append(Hit(match.start(), end, "street address of a public place", Severity.INFO))
        else:
            hits.append(Hit(match.start(), end, "street address"))
    norm = doc.norm
    for match in matches_near(doc, _PO_BOX_TRIGGERS, _PO_BOX):
        hits.append(Hit(match.start(), match.end(), "mailing address"))
    for match in matches_near(doc, _LIVE_AT_TRIGGERS, _LIVE_AT):
        tail = _ADDRESS_TAIL.match(norm, match.end())
        if tail is None:
            continue
        value = tail.group().rstrip(" ,")
        # Only a concrete place: a number, or a street word ("on Maple Road"), not "at home".
        if not (re.search(r"\d", value) or re.search(r"\b" + _SUFFIX + r"\b", value)):
            continue
        start, end = tail.start(), tail.start() + len(value)
        if any(h.start <= start < h.end or start <= h.start < end for h in hits):
            continue
        hits.append(Hit(start, end, "home address"))
    hits.sort(key=lambda h: h.start)
    return hits


# --------------------------------------------------------------------------- medical_record_number

_MRN = re.compile(
    r"(?:\bmrn|\bmedical\s+record\s*(?:number|no\.?|num|#)?|\bmed\.?\s*rec\.?\s*(?:number|no\.?|#)?|"
    r"\bpatient\s*(?:id|number|no\.?|#)|\bchart\s*(?:number|no\.?|#))"
    r"(?:\s*(?:is|was|=|:|#|-)\s*)*\s*#?\s*(?P<id>[a-z0-9][a-z0-9\-]{2,18}[a-z0-9])(?![\w\-])"
)


_MRN_TRIGGERS = trigger_set("mrn medical med patient chart")


def medical_record_number(doc: Document) -> list[Hit]:
    """The ID after "MRN", "medical record number/#", "patient ID", "chart number" (3+ digits)."""
    hits: list[Hit] = []
    for match in matches_near(doc, _MRN_TRIGGERS, _MRN):
        value = match.group("id")
        if sum(ch.isdigit() for ch in value) >= 3:
            hits.append(Hit(match.start("id"), match.end("id"), "medical record number"))
    return hits
