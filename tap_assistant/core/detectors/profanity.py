"""Profanity and vulgarity (P1), graded by how sure we are that the word offends in context.

Source words come from the `better-profanity` word list (read as a file, not through its slow
censor API). That list mixes slurs with innocent words ("god", "organ", "virgin", "niggle",
"screw", "hell", "kill"), so it is only the raw material: each entry is sorted into a tier by
explicit rules below, and everything not sorted is ignored.

Tiers (Hit.severity):
- stop: slurs and unambiguous strong profanity (f-word family, c-word, n-word, homophobic and
  ethnic slurs, "retard(ed)").
- caution: moderate profanity and vulgar slang (shit, damn, ass, bitch, crap, piss, bastard,
  dick as an insult, sexual slang), and "hell" only as an expletive ("what the hell", "hell no").

Matching never loops over the list: the document's set of words (shared by all detectors) is
intersected with the lexicon, and only tokens that are lexicon words, stretched (fuuuuck), or
carry leetspeak, masking or invisible characters (f*ck, sh!t, a$$, he11, sh\u200bit) are read
and looked up in a dictionary. Spaced or dotted spellings (f u c k, s.h.i.t) are caught for the
strong core words only; phrases ("what the hell", "son of a bitch") run only around their words. Scunthorpe cases never hit because matching is per whole token
(assess, class, cocktail, Scunthorpe, shell, hello). Capitalised "Dick" not at a sentence start
is taken for a name. The detail names the tier, never the word.
"""

from __future__ import annotations

import re
from functools import lru_cache
import importlib.util
from pathlib import Path

from tap_assistant.core.detectors._common import matches_near, occurrences, words
from tap_assistant.core.detectors.base import Hit
from tap_assistant.core.document import FILLER, Document
from tap_assistant.core.model import Severity

STRONG = "strong profanity"
SLUR = "slur"
MILD = "mild profanity"
VULGAR = "vulgar language"

# Roots that make any list entry containing them strong profanity.
_STRONG_ROOTS = re.compile(
    r"fuck|fuk|fuq|phuck|phuk|phuq|fvck|fxck|fcuk|fukk|fux|cunt|motherf|mothaf|muthaf|mthrf|cocksuck"
)
# Roots that make an entry a slur (stop).
_SLUR_ROOTS = re.compile(r"nigg|n1gg|nigga|faggot|fagot|faggit|retard|wetback")
# Roots that make an entry moderate profanity (caution).
_MILD_ROOTS = re.compile(r"shit|bitch|asshole|arsehole|dumbass|jackass|fatass|bullshit|goddam|wank|piss|douche|dickhead|bastard")
# Whole entries (after leet folding) by tier. Words in none of these are ignored.
_STOP_WORDS = {
    # slurs
    "nigger": SLUR, "niggers": SLUR, "nigga": SLUR, "niggas": SLUR, "niggaz": SLUR, "niggah": SLUR,
    "nig": SLUR, "niglet": SLUR, "fag": SLUR, "fags": SLUR, "fagg": SLUR, "faggs": SLUR,
    "faggot": SLUR, "faggots": SLUR, "fagot": SLUR, "fagots": SLUR, "dyke": SLUR, "dykes": SLUR,
    "tranny": SLUR, "trannies": SLUR, "shemale": SLUR, "retard": SLUR, "retards": SLUR,
    "retarded": SLUR, "tard": SLUR, "tards": SLUR, "rtard": SLUR, "reetard": SLUR, "libtard": SLUR,
    "spic": SLUR, "spick": SLUR, "spik": SLUR, "spics": SLUR, "chink": SLUR, "chinks": SLUR,
    "gook": SLUR, "gooks": SLUR, "kike": SLUR, "kikes": SLUR, "kyke": SLUR, "wetback": SLUR,
    "wetbacks": SLUR, "beaner": SLUR, "beaners": SLUR, "raghead": SLUR, "towelhead": SLUR,
    "paki": SLUR, "pakis": SLUR, "wop": SLUR, "wops": SLUR, "polack": SLUR, "injun": SLUR,
    "wigger": SLUR, "sandnigger": SLUR, "zipperhead": SLUR, "heeb": SLUR, "japs": SLUR,
    "slut": SLUR, "sluts": SLUR, "whore": SLUR, "whores": SLUR,
    # strong profanity (roots above catch the families; these have no root)
    "twat": STRONG, "twats": STRONG, "cunts": STRONG, "motherfucker": STRONG,
}
_CAUTION_WORDS = {
    "shit": MILD, "shits": MILD, "shitty": MILD, "shite": MILD, "bullshit": MILD, "damn": MILD,
    "damned": MILD, "damnit": MILD, "dammit": MILD, "goddamn": MILD, "goddammit": MILD,
    "goddamnit": MILD, "godamn": MILD, "godamnit": MILD, "ass": MILD, "asses": MILD,
    "asshole": MILD, "assholes": MILD, "arse": MILD, "arsehole": MILD, "dumbass": MILD,
    "jackass": MILD, "badass": MILD, "smartass": MILD, "bitch": MILD, "bitches": MILD,
    "bitchy": MILD, "bitching": MILD, "bitchin": MILD, "crap": MILD, "crappy": MILD, "piss": MILD,
    "pissed": MILD, "pissing": MILD, "bastard": MILD, "bastards": MILD, "dick": MILD,
    "dicks": MILD, "dickhead": MILD, "douche": MILD, "douchebag": MILD, "prick": MILD,
    "pricks": MILD, "bollocks": MILD, "wanker": MILD, "wank": MILD, "tosser": MILD, "bellend": MILD,
    "turd": MILD, "skank": MILD, "coon": SLUR, "jap": SLUR, "honky": SLUR,
    "kraut": SLUR, "homo": SLUR, "wtf": MILD, "stfu": MILD, "gtfo": MILD, "omfg": MILD, "ffs": MILD,
    # vulgar sexual slang: never fit for a school message, but not a slur
    "blowjob": VULGAR, "blowjobs": VULGAR, "handjob": VULGAR, "rimjob": VULGAR, "dildo": VULGAR,
    "dildos": VULGAR, "cum": VULGAR, "cumming": VULGAR, "cumshot": VULGAR, "jizz": VULGAR,
    "jizm": VULGAR, "jism": VULGAR, "boner": VULGAR, "horny": VULGAR, "tits": VULGAR,
    "titty": VULGAR, "titties": VULGAR, "boobs": VULGAR, "boob": VULGAR, "porn": VULGAR,
    "porno": VULGAR, "pussy": VULGAR, "pussies": VULGAR, "cock": VULGAR, "cocks": VULGAR,
    "nudes": VULGAR, "milf": VULGAR, "nutsack": VULGAR, "ballsack": VULGAR, "scrotum": None,
    "queef": VULGAR, "smegma": VULGAR, "butthole": VULGAR, "buttplug": VULGAR,
    "cocksucker": STRONG,
}
#: Entries of the package list that look rude but are ordinary words here (Scunthorpe problem
#: and topics a school legitimately discusses). Listed so that root rules cannot promote them.
_IGNORED = frozenset(
    """
    niggle niggles niggling niggled snigger sniggers sniggering scunthorpe cockpit cocktail
    cockatoo cockroach cockerel shiitake hancock peacock woodcock dickens dickinson dickson
    retardant retardants retardation ritard ritardando therapist grape grapes spicy spice
    spicket pakistan pakistani japan japanese analysis analyst assess assessment assassin
    bass brass class classic glass grass mass passion assume assist assign cassette embassy
    cumulative cumbersome cucumber document circumstance scum scuttle shitake hello shell
    hellenic seashell therapist title titanic titillate titmouse tittle homogeneous homonym
    homophone homework homer homo sapiens
    """.split()
)

_LEET = str.maketrans({"@": "a", "4": "a", "$": "s", "5": "s", "0": "o", "3": "e", "!": "i",
                       "|": "i", "+": "t", "7": "t", "8": "b", "9": "g", FILLER: None})
_TOKEN = re.compile(r"[a-z0-9@$!*+|\x00]*[a-z][a-z0-9@$!*+|\x00]*|[@$][a-z0-9@$!*+|]+")
_RUN3 = re.compile(r"(.)\1{2,}")
_RUNS = re.compile(r"(.)\1+")
_SPACED_STRONG = re.compile(
    r"(?<![a-z0-9])(?:f[\s._\-*]u[\s._\-*]c[\s._\-*]k|c[\s._\-*]u[\s._\-*]n[\s._\-*]t|"
    r"s[\s._\-*]h[\s._\-*][i1!][\s._\-*]t|f[\s._\-]{1,2}c[\s._\-]{1,2}k)(?![a-z0-9])"
)
_HELL = r"h[e3](?:ll|11|1l|l1)"
#: (trigger words, regex, group holding the span, tier). Run only around their trigger words.
_PHRASES: tuple[tuple[frozenset[str], re.Pattern[str], str, tuple[Severity, str]], ...] = tuple(
    (frozenset(triggers.split()), re.compile(rx), group, tier)
    for triggers, rx, group, tier in (
        ("hell h3ll he11 he1l hel1", r"\b(?:what|who|where|why|how)\s+the\s+(?P<w>" + _HELL + r")\b", "w", (Severity.CAUTION, MILD)),
        ("hell h3ll he11 he1l hel1", r"\b(?P<w>" + _HELL + r")\s+(?:no|yes|yeah|nah)\b", "w", (Severity.CAUTION, MILD)),
        ("hell h3ll he11 he1l hel1", r"\bgo\s+to\s+(?P<w>" + _HELL + r")\b", "w", (Severity.CAUTION, MILD)),
        ("hell h3ll he11 he1l hel1", r"\bbloody\s+(?P<w>" + _HELL + r")\b", "w", (Severity.CAUTION, MILD)),
        ("hell h3ll he11 he1l hel1", r"\b(?P<w>" + _HELL + r")\s+of\s+a\b", "w", (Severity.CAUTION, MILD)),
        ("hell h3ll he11 he1l hel1", r"\bthe\s+(?P<w>" + _HELL + r")\s+(?:out|up|away|with|is|are|did|do|does)\b", "w", (Severity.CAUTION, MILD)),
        ("hell h3ll he11 he1l hel1", r"\bto\s+(?P<w>" + _HELL + r")\s+with\b", "w", (Severity.CAUTION, MILD)),
        ("screw", r"\b(?P<w>screw)\s+(?:you|u|him|her|them|this|that|it)\b", "w", (Severity.CAUTION, MILD)),
        ("bitch", r"\bson\s+of\s+a\s+(?P<w>bitch)\b", "w", (Severity.CAUTION, MILD)),
        ("blow job", r"\b(?P<w>blow\s+job)s?\b", "w", (Severity.CAUTION, VULGAR)),
        ("bull", r"\b(?P<w>bull\s+shit)\b", "w", (Severity.CAUTION, MILD)),
        ("mother", r"\b(?P<w>mother\s+fuck(?:er|ers|ing|in)?)\b", "w", (Severity.STOP, STRONG)),
        ("jerk", r"\b(?P<w>jerk\s+off)\b", "w", (Severity.CAUTION, VULGAR)),
        ("suck", r"\b(?P<w>suck\s+my\s+(?:dick|balls|cock))\b", "w", (Severity.CAUTION, VULGAR)),
        ("kiss", r"\b(?P<w>kiss\s+my\s+(?:ass|arse))\b", "w", (Severity.CAUTION, MILD)),
    )
)
#: Single letters that spaced spellings are made of ("f u c k", "s.h.i.t", "c-u-n-t").
_SPACED_NEEDS = (frozenset("f c k".split()), frozenset("c u n t".split()), frozenset("s h t".split()))
#: Where leetspeak, masking or invisible characters sit next to letters.
_LEETISH = re.compile(r"[@$*\x00](?:(?<=[a-z].)|(?=[a-z]))|[!|+](?=[a-z])|[013457](?<=[a-z].)")
_STRETCH = re.compile(r"([a-z])\1\1")
#: No profanity is longer than this, even stretched; longer tokens are not looked up.
_MAX_TOKEN = 40
_INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u00ad\x00\u180e\u200e\u200f"
_SEPARATED = re.compile(r"[.\-_*" + _INVISIBLES + r"](?<=[^\W\d_].)(?=[^\W\d_])")
_CLEAN_SEPARATORS = re.compile(r"[" + _INVISIBLES + r"]|(?<=[^\W\d_])[.\-_](?=[^\W\d_])")
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$!*+|\x00")


def _classify(word: str) -> tuple[Severity, str] | None:
    if word in _IGNORED:
        return None
    if word in _STOP_WORDS:
        return Severity.STOP, _STOP_WORDS[word]
    if word in _CAUTION_WORDS:
        detail = _CAUTION_WORDS[word]
        if detail is None:
            return None
        return (Severity.STOP if detail == STRONG else Severity.CAUTION), detail
    if _STRONG_ROOTS.search(word):
        return Severity.STOP, STRONG
    if _SLUR_ROOTS.search(word):
        return Severity.STOP, SLUR
    if _MILD_ROOTS.search(word):
        return Severity.CAUTION, MILD
    return None


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, tuple[Severity, str]], dict[str, tuple[Severity, str]]]:
    """(exact word -> tier, run-collapsed word -> tier) from the package list and our own sets."""
    entries: set[str] = set(_STOP_WORDS) | {w for w, d in _CAUTION_WORDS.items() if d}
    try:
        # Locate the package's word list without importing better_profanity (slow, unused here).
        spec = importlib.util.find_spec("better_profanity")
        folder = Path(next(iter(spec.submodule_search_locations)))  # type: ignore[union-attr]
        listing = (folder / "profanity_wordlist.txt").read_text("utf-8")
        entries |= {line.strip().lower() for line in listing.splitlines() if line.strip()}
    except (OSError, ImportError, AttributeError, TypeError, StopIteration):  # a source of words, not a must
        pass
    exact: dict[str, tuple[Severity, str]] = {}
    for entry in entries:
        if " " in entry or "-" in entry or "_" in entry or "." in entry:
            continue  # phrases and separated spellings are handled by the phrase regexes
        word = entry.translate(_LEET) if not entry.isalpha() else entry
        tier = _classify(word)
        if tier is not None:
            exact[word] = tier
    collapsed: dict[str, tuple[Severity, str]] = {}
    for word, tier in exact.items():
        key = _RUNS.sub(r"\1", word)
        # Keep the strongest tier when two words collapse together.
        if key not in collapsed or tier[0].rank > collapsed[key][0].rank:
            collapsed[key] = tier
    return exact, collapsed


def _lookup(token: str) -> tuple[Severity, str] | None:
    exact, collapsed = _lexicon()
    if token in _IGNORED:
        return None
    hit = exact.get(token)
    if hit is not None:
        return hit
    if _RUN3.search(token):  # stretched: fuuuuck, shiiiit, asssss
        key = _RUNS.sub(r"\1", token)
        if key in _IGNORED:
            return None
        return collapsed.get(key)
    return None


def _variants(token: str) -> list[str]:
    """Readings of a token with leetspeak/masking undone ("sh!t", "a$$", "f*ck", "he11")."""
    base = token.replace(FILLER, "")
    if base.isalpha():
        return [base]
    folded = base.translate(_LEET)
    out = [folded]
    if "1" in folded:
        out = [folded.replace("1", "i"), folded.replace("1", "l")]
    return out




@lru_cache(maxsize=4096)
def _tier_of(token: str) -> tuple[tuple[Severity, str] | None, str]:
    """(tier or None, the plain reading of the token). Cached: drafts repeat their words."""
    if "*" in token:
        return _masked_lookup(token), token.strip("*")
    for variant in _variants(token):
        tier = _lookup(variant)
        if tier is not None:
            return tier, _variants(token)[0]
    return None, token


def _masked_lookup(token: str) -> tuple[Severity, str] | None:
    """A token with '*' standing for letters: f*ck, sh*t, c**t, a**hole."""
    stripped = token.strip("*")
    if "*" not in stripped or not re.search(r"[a-z]", stripped):
        return None
    folded = stripped.translate(_LEET)
    pattern = re.compile("^" + "".join("[a-z]" if ch == "*" else re.escape(ch) for ch in folded) + "$")
    exact, _ = _lexicon()
    best: tuple[Severity, str] | None = None
    # Only the strong and mild core words are worth a masked match: "b*g" must not find "bag".
    for word in _MASK_TARGETS:
        if len(word) == len(folded) and pattern.match(word):
            tier = exact.get(word)
            if tier and (best is None or tier[0].rank > best[0].rank):
                best = tier
    return best


_MASK_TARGETS = (
    "fuck", "fucking", "fucker", "fucked", "motherfucker", "cunt", "shit", "shitty", "bullshit",
    "bitch", "asshole", "damn", "dick", "piss", "bastard", "nigger", "nigga", "faggot", "crap",
    "twat", "whore", "slut", "cock", "pussy", "ass", "retard",
)


def _looks_like_name(doc: Document, start: int, end: int) -> bool:
    """"Dick Smith", "Mr. Dick": a capitalised word mid-sentence, or before another capital."""
    original = doc.text[start:end]
    if not original[:1].isupper() or original.isupper():
        return False
    if re.search(r"\b(?:mr|mrs|ms|dr|miss|uncle|aunt|coach)\.?\s+$", doc.norm[max(0, start - 8):start]):
        return True
    sentence_start, _ = doc.sentence_bounds(start)
    before = doc.text[sentence_start:start].strip()
    if before and not before.endswith((":", '"', "'")):
        return True
    return bool(re.match(r"\s+[A-Z][a-z]", doc.text[end:end + 3]))


_NAME_WORDS = frozenset({"dick", "cock", "dyke", "coon"})  # names that are also slang ("Van Dyke")
#: Words that are innocent unless used as an insult ("a pin prick", "prick your finger").
_INSULT_ONLY = frozenset({"prick", "pricks"})
_INSULT_BEFORE = re.compile(r"(?:\byou|\bsuch\s+a|\bwhat\s+a|\btotal|\blittle|\bbig|\bcomplete|\bthat|\bthis|\bhe's\s+a|\bshe's\s+a|\bis\s+a|\bbe\s+a)\s+$")
#: Innocent continuations: (word, regex on the text right after it).
_INNOCENT_AFTER: dict[str, re.Pattern[str]] = {
    # "magna cum laude"; "his cum file / folder / record": a student's cumulative file
    "cum": re.compile(r"\s+(?:laude|files?|folders?|records?|cards?|jackets?)\b"),
    "cock": re.compile(r"-?a-?doodle"),
    "cocks": re.compile(r"-?a-?doodle"),
    "homo": re.compile(r"\s+(?:sapiens|erectus|habilis|neanderthalensis|naledi|floresiensis|heidelbergensis|genus)"),
    "chink": re.compile(r"\s+in\s+(?:\w+\s+){0,2}arm"),
    "chinks": re.compile(r"\s+in\s+(?:\w+\s+){0,2}arm"),
    "dick": re.compile(r"\s*(?:'s\s+)?sporting"),
    "dicks": re.compile(r"\s*(?:'s\s+)?sporting"),
    "spic": re.compile(r"\s*(?:and|&|-and-|n)\s*span"),
    "pussy": re.compile(r"\s*-?\s*willows?"),
    "ass": re.compile(r"\.\s*(?:principal|supt|superintendent|prof|dir|director|coach)"),
}
_INNOCENT_BEFORE: dict[str, re.Pattern[str]] = {
    "coon": re.compile(r"maine\s+$"),
}


def _token_starts(doc: Document) -> list[int]:
    """Starts of the tokens worth a look: lexicon words, stretched words, leet/masked tokens."""
    norm = doc.norm
    present = words(doc)
    exact, _ = _lexicon()
    positions: list[int] = []
    for word in present & exact.keys():
        positions.extend(occurrences(doc, word))
    # Stretched words ("fuuuck"): searched in the joined set of distinct words, one per word.
    stretched = " ".join(w for w in present if len(w) <= _MAX_TOKEN)
    match = _STRETCH.search(stretched)
    while match is not None:
        left = stretched.rfind(" ", 0, match.start()) + 1
        right = stretched.find(" ", match.end())
        right = right if right != -1 else len(stretched)
        positions.extend(occurrences(doc, stretched[left:right]))
        match = _STRETCH.search(stretched, right)
    for match in _LEETISH.finditer(norm):
        positions.append(match.start())
    # Separators and invisible characters inside a word, found in the original text so that
    # this works whatever the normalised copy does with them ("s.h.i.t", "sh\u200bit").
    text = doc.text
    for match in _SEPARATED.finditer(text):
        position = match.start()
        if norm[position] != text[position]:  # only where normalisation rewrote the character
            positions.append(position)
    starts = set()
    for position in positions:
        start = position
        floor = max(0, position - _MAX_TOKEN)
        while start > floor and norm[start - 1] in _TOKEN_CHARS:
            start -= 1
        starts.add(start)
    return sorted(starts)


def profanity(doc: Document) -> list[Hit]:
    norm = doc.norm
    hits: list[Hit] = []
    last_end = -1
    for token_start in _token_starts(doc):
        if token_start < last_end:
            continue
        match = _TOKEN.match(norm, token_start)
        if match is None:
            continue
        last_end = match.end()
        raw = match.group()
        token = raw.strip("!.*+|")  # "shit!" and "*damn*" keep their word; "sh!t" keeps its '!'
        if len(token) < 2 or len(token) > _MAX_TOKEN:
            continue
        start = match.start() + raw.index(token)
        end = start + len(token)
        original = doc.text[start:end].lower()
        if len(original) == len(token) and original != token:
            # Read the word from the original: "s.h.i.t" and "sh\u200bit" are "shit".
            token = _CLEAN_SEPARATORS.sub("", original).replace(FILLER, "")
        tier, word = _tier_of(token)
        if tier is None:
            continue
        if word in _NAME_WORDS and _looks_like_name(doc, start, end):
            continue
        after = _INNOCENT_AFTER.get(word)
        if after is not None and after.match(norm, end):
            continue
        before = _INNOCENT_BEFORE.get(word)
        if before is not None and before.search(norm[max(0, start - 20):start]):
            continue
        if word in _INSULT_ONLY and not _INSULT_BEFORE.search(norm[max(0, start - 20):start]):
            continue
        severity, detail = tier
        hits.append(Hit(start, end, detail, severity))
    present = words(doc)
    if any(needed <= present for needed in _SPACED_NEEDS):
        for match in _SPACED_STRONG.finditer(norm):
            detail = MILD if match.group()[0] == "s" else STRONG
            severity = Severity.CAUTION if detail == MILD else Severity.STOP
            hits.append(Hit(match.start(), match.end(), detail, severity))
    for triggers, regex, group, (severity, detail) in _PHRASES:
        if present & triggers:
            for match in matches_near(doc, triggers, regex, reach=40):
                hits.append(Hit(match.start(group), match.end(group), detail, severity))
    # One hit per span: phrase hits may cover a token hit ("son of a bitch" and "bitch").
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    merged: list[Hit] = []
    for hit in hits:
        if merged and hit.start < merged[-1].end:
            if hit.severity and merged[-1].severity and hit.severity.rank > merged[-1].severity.rank:
                merged[-1] = Hit(merged[-1].start, max(merged[-1].end, hit.end), hit.detail, hit.severity)
            continue
        merged.append(hit)
    return merged
