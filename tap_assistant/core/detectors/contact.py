"""Contact details that move a conversation off district channels: email addresses and phones.

`personal_email` (T2): addresses outside the district's domains, plain or obfuscated
("name at gmail dot com", "name [at] gmail [dot] com").
`phone_number` (T3): phone numbers found by the `phonenumbers` package, run only on short
windows around digit runs so that a long document stays fast and its many dates, times, years,
prices and IDs never reach the matcher.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher, PhoneNumberType

from tap_assistant.core.detectors._common import district_domains, domain_in, window_before
from tap_assistant.core.detectors.base import Hit
from tap_assistant.core.document import Document

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
    r"\.[a-z]{2,24})(?![a-z0-9\-]|\.[a-z0-9])"
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


def _classify(doc: Document, domain: str) -> str | None:
    """The hit detail for an address at `domain`, or None when it should not be flagged."""
    districts = district_domains(doc)
    if domain_in(domain, districts):
        return None
    if is_webmail(domain):
        return f"personal address ({domain})"
    if districts:
        return f"non-district address ({domain})"
    return None


def personal_email(doc: Document) -> list[Hit]:
    norm = doc.norm
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    if "@" in norm:
        for match in _EMAIL.finditer(norm):
            detail = _classify(doc, match.group(2))
            taken.append((match.start(), match.end()))
            if detail:
                hits.append(Hit(match.start(), match.end(), detail))
    if " at " in norm or "at" in norm and ("[" in norm or "(" in norm or "{" in norm or "<" in norm):
        for match in _OBFUSCATED.finditer(norm):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            at_sign = match.group(2)
            parts = [p for p in _DOT_SPLIT.split(match.group(4)) if p]
            domain = ".".join([match.group(3), *parts])
            bare_at = at_sign.strip() == "at"
            # A bare " at " is everyday English ("see you at school.com"? rarely, but "at
            # noon. Then" often): accept it only for a known personal provider.
            if bare_at and not is_webmail(domain):
                continue
            if not re.fullmatch(r"[a-z]{2,24}", parts[-1]):
                continue
            detail = _classify(doc, domain)
            if detail:
                hits.append(Hit(match.start(), match.end(), detail))
    hits.sort(key=lambda h: h.start)
    return hits


# --------------------------------------------------------------------------- phone_number

#: A run that could hold a phone number: 7+ digits with the usual separators.
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w.,/:$€£#-])(?:\+\s?)?\(?\d[\d \t().\-]{5,20}\d(?:\s*(?:ext\.?|x|extension)\s*\d{1,6})?(?![\w/])"
)
_DATE_LIKE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_YEAR_RANGE = re.compile(r"^(?:1[89]|20)\d\d\s*[-–]\s*(?:(?:1[89]|20)\d\d|\d\d)$")
_PHONE_CONTEXT = re.compile(
    r"\b(?:call|calls|calling|text|texting|txt|phone|cell|cellphone|mobile|number|num|no\.|#|"
    r"tel|telephone|reach me|contact me|whatsapp|signal|dial|ring|fax|ph)\b[^\n]{0,25}$"
)
_ID_CONTEXT = re.compile(
    r"\b(?:student\s*(?:id|number|no\.?|#)|id\s*(?:#|no\.?|number)?|lunch\s*(?:number|pin|code)|"
    r"account|acct|order|invoice|case|ticket|mrn|ssn|social security|zip|room|rm)\b[\s:#.]*$"
)
_FICTIONAL = re.compile(r"555[\s().\-]*01\d\d$")

_KIND = {
    PhoneNumberType.MOBILE: "mobile number",
    PhoneNumberType.FIXED_LINE: "landline number",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "phone number (mobile or landline)",
    PhoneNumberType.TOLL_FREE: "toll-free number",
    PhoneNumberType.PREMIUM_RATE: "premium-rate number",
    PhoneNumberType.VOIP: "VoIP number",
    PhoneNumberType.PERSONAL_NUMBER: "personal number",
    PhoneNumberType.PAGER: "pager number",
    PhoneNumberType.UAN: "phone number",
    PhoneNumberType.SHARED_COST: "shared-cost number",
}


def _student_id_regex(doc: Document) -> re.Pattern[str] | None:
    pattern = getattr(doc.settings, "student_id_pattern", "") or ""
    if not pattern:
        return None
    try:
        return _compiled(pattern)
    except re.error:
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


def phone_number(doc: Document) -> list[Hit]:
    """Phone numbers (US region; international numbers in + form).

    Decisions: numbers that `phonenumbers` deems valid always hit; the fictional 555-0100..0199
    range (used in examples and sample drafts in place of a real number) hits too, with a detail
    saying so; other merely possible numbers (7-digit local numbers, "123-456-7890") hit only
    after a phone word ("call", "text", "cell", "number" ...). Digit runs that look like dates,
    year ranges, or that follow ID words (student ID, room, ZIP, case, order) never hit, nor do
    numbers that match the district's student-ID pattern.
    """
    text = doc.text
    norm = doc.norm
    if not any(ch.isdigit() for ch in norm):
        return []
    hits: list[Hit] = []
    id_regex = _student_id_regex(doc)
    for candidate in _PHONE_CANDIDATE.finditer(norm):
        raw = candidate.group().strip()
        digits = sum(ch.isdigit() for ch in raw)
        if digits < 7 or digits > 15:
            continue
        if _DATE_LIKE.match(raw) or _YEAR_RANGE.match(raw):
            continue
        before = window_before(doc, candidate.start(), 40)
        if _ID_CONTEXT.search(before):
            continue
        if id_regex is not None and id_regex.fullmatch(raw):
            continue
        offset = candidate.start()
        segment = text[offset:candidate.end()]
        try:
            matches = list(PhoneNumberMatcher(segment, "US", leniency=Leniency.POSSIBLE))
        except Exception:  # the library must never take the check down
            continue
        for match in matches:
            start, end = offset + match.start, offset + match.end
            number_text = norm[start:end]
            number_digits = re.sub(r"\D", "", number_text.split("x")[0].split("ext")[0])
            if _FICTIONAL.search(re.sub(r"(?:ext\.?|x|extension)\s*\d+$", "", number_text).strip()):
                hits.append(Hit(start, end, "phone number (fictional 555-01xx range)"))
                continue
            if phonenumbers.is_valid_number(match.number):
                kind = phonenumbers.number_type(match.number)
                hits.append(Hit(start, end, _KIND.get(kind, "phone number")))
                continue
            if len(number_digits) >= 7 and _PHONE_CONTEXT.search(window_before(doc, start, 40)):
                hits.append(Hit(start, end, "phone number"))
    return hits
