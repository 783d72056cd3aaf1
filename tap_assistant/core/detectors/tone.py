"""Tone and register detectors: shouting, "!!!", textspeak, emoji runs."""

from __future__ import annotations

import re

from tap_assistant.core.detectors.base import Hit
from tap_assistant.core.document import Document

# Three or more shouted words in a row ("I HATE THEIR GUTS"); short acronyms and a single
# emphasised word ("CLOSED") are normal in announcements.
_CAPS_WORD = r"[A-Z][A-Z'’]+"
_CAPS_RUN = re.compile(rf"\b{_CAPS_WORD}(?:[\s,;:!?.\-]+(?:{_CAPS_WORD}|I)\b){{2,}}")
_MIN_CAPS_LETTERS = 10
# A capitalised label that opens a line and ends in a colon or a dash is a heading or a sender
# tag ("DISTRICT ALERT: ...", "BELL SCHEDULE CHANGE - ..."), not shouting; so is a short
# capitalised line on its own above a blank line ("FROM THE PRINCIPAL'S DESK" over a newsletter).
_LABEL_END = re.compile(r"[ \t]*(?::|\s[-–—|])")
_LABEL_MAX_WORDS = 5
_HEADING_LINE_END = re.compile(r"[ \t*#]*\n[ \t]*\n")
# A flyer's heading may wear emoji either side ("🎉 SPIRIT WEEK 🎉", "FREE SUMMER MEALS FOR KIDS 🍎");
# a shouted line about me or you with an emoji is still shouting ("I AM SO DONE 😡").
_EMOJI_DECORATION = r"(?:[^\x00-\x7f\w\s][ \t]*)*"
_DECORATED_HEADING_END = re.compile(rf"[ \t*#]*{_EMOJI_DECORATION}\n[ \t]*\n")
_ME = r"I|ME|MY"
_ME_OR_YOU = _ME + r"|YOU|YOUR"
_PERSONAL_WORDS = re.compile(rf"\b(?:{_ME_OR_YOU}|WE|US)\b")
_ME_OR_YOU_WORDS = re.compile(rf"\b(?:{_ME_OR_YOU})\b")
_ME_WORDS = re.compile(rf"\b(?:{_ME})\b")
_YOU_WORD = re.compile(r"\bYOU\b")
#: A title may speak for the school ("HOW WE CHOOSE READING BOOKS") when a long body follows it.
_INSTITUTIONAL_BODY_WORDS = 60
_WORD = re.compile(r"\S+")
# A whole capitalised line standing alone, blank lines (or the top of the draft) around it, is a
# title however it is punctuated ("EIGHTH GRADE WASHINGTON, D.C. TRIP: UPDATE", "TRAVEL CANCELLED
# SATURDAY, JAN. 18"), unless it is about me or you or ends like a sentence ("... LATER!"); "we"
# or "us" is a school speaking only over a long notice ("HOW WE FIND GIFTED LEARNERS" over a page).
_TITLE_MAX_WORDS = 8
_BLANK_LINE_BEFORE = re.compile(r"\n[ \t]*\n$")
#: Someone else's words in caps, read off a shirt, a sign or a label: "a hoodie that says ...".
_PRINTED_BEFORE = re.compile(
    r"\b(?:that|which|it)\s+(?:says|said|reads|read)\s*:?\s*[\"“']?$|\b(?:labell?ed|printed|stamped|marked)\s*:?\s*[\"“']?$"
)
#: A course, a program or a form whose name is written in capitals: "the annual CDC HEADS UP course".
_PROGRAM_NOUN_AFTER = re.compile(
    r"[ \t]+(?:course|courses|program|programs|training|curriculum|module|app|form|forms|campaign|initiative|"
    r"certificate|certification|test|assessment|kit|toolkit|grant|award|challenge)\b"
)
#: A subtitle or a tagline in ordinary case after a title at the top of a notice: "..., Spring
#: Edition", ": March 2025", "NEW TO KESSLER RIDGE? Join us!".
_SUBTITLE = re.compile(r"[ \t]*[,:|\-–—?!][ \t]*[^\n]{1,40}")
_ONLY_SPACE = re.compile(r"\s*")


def all_caps(document: Document) -> list[Hit]:
    hits = []
    for match in _CAPS_RUN.finditer(document.text):
        words = re.findall(r"[A-Z'’]+", match.group())
        if sum(len(w) for w in words) < _MIN_CAPS_LETTERS:
            continue
        if all(len(w) <= 4 for w in words):  # strings of acronyms: "IEP, BIP, FBA"
            continue
        if _is_line_label(document.text, match, len(words)):
            continue
        if _PRINTED_BEFORE.search(document.text, max(0, match.start() - 30), match.start()):
            continue  # words printed on a thing or read off it: "a hoodie that says PHYSICS IS PHUN"
        if _PROGRAM_NOUN_AFTER.match(document.text, match.end()):
            continue  # a program's name in its own capitals: "the CDC HEADS UP course"
        hits.append(Hit(match.start(), match.end()))
    return hits


def _is_line_label(text: str, match: re.Match[str], words: int) -> bool:
    line_start = text.rfind("\n", 0, match.start()) + 1
    lead = text[line_start : match.start()].strip(" \t*#>-•")
    if _is_title_line(text, line_start, match.end()):
        return True
    if words > _LABEL_MAX_WORDS:
        return False
    if not lead and (_LABEL_END.match(text, match.end()) or _HEADING_LINE_END.match(text, match.end())):
        return True
    decorated = not re.sub(_EMOJI_DECORATION, "", lead).strip()
    return decorated and not _PERSONAL_WORDS.search(match.group()) and bool(_DECORATED_HEADING_END.match(text, match.end()))


def _is_title_line(text: str, line_start: int, inside: int) -> bool:
    line_end = text.find("\n", inside)
    if line_end < 0:
        return False  # a title has a body under it
    line = text[line_start:line_end].strip(" \t*#")
    # Nothing above it, or a blank line: looked at in place, the draft is never copied.
    top = bool(_ONLY_SPACE.fullmatch(text, 0, line_start))
    if top and _SUBTITLE.fullmatch(text, inside, line_end) and _long_body_after(text, line_end):
        line = text[line_start:inside].strip(" \t*#")  # "SPRING NEWSLETTER, March 2025": the title is the caps
    if any(ch.islower() for ch in line) or _ME_WORDS.search(line) or line.endswith((".", "?")):
        return False
    if len(line.split()) > _TITLE_MAX_WORDS:
        return False
    long_body = _long_body_after(text, line_end)
    # The first line of a long notice is its title, even with "your" or a "!" and no blank line
    # under it ("FINANCIAL AID NIGHT" over the details, "UNDERSTANDING YOUR CHILD'S SCORE REPORT").
    if top and long_body and not _YOU_WORD.search(line):
        return True
    if _ME_OR_YOU_WORDS.search(line) or line.endswith("!"):
        return False
    if _PERSONAL_WORDS.search(line) and not long_body:
        return False
    if not _HEADING_LINE_END.match(text, line_end):
        return False
    return top or bool(_BLANK_LINE_BEFORE.search(text, max(0, line_start - 40), line_start))


def _long_body_after(text: str, start: int) -> bool:
    """At least `_INSTITUTIONAL_BODY_WORDS` words after `start`, counted in place (the draft is not copied)."""
    words = _WORD.finditer(text, start)
    return sum(1 for _ in zip(range(_INSTITUTIONAL_BODY_WORDS), words)) == _INSTITUTIONAL_BODY_WORDS


_BANG_RUN = re.compile(r"(?:[!?]\s*){3,}")


def exclamation_run(document: Document) -> list[Hit]:
    return [Hit(m.start(), m.end()) for m in _BANG_RUN.finditer(document.text) if m.group().count("!") >= 2 and len(m.group().strip()) >= 3]


# Textspeak: a draft counts as textspeak when several such tokens appear, so one "btw" among
# colleagues is fine but "Hey u- Wat up? U bak" is not.
_TEXTSPEAK_TOKENS = {
    "u", "ur", "r", "ya", "wat", "wut", "bak", "gona", "gonna", "wanna", "gotta", "lol", "lmao",
    "lmfao", "rofl", "omg", "omfg", "idk", "tbh", "smh", "brb", "ttyl", "thx", "thnx", "pls",
    "plz", "b4", "2nite", "2day", "2moro", "2morrow", "l8r", "l8", "gr8", "2gethr", "2gether",
    "cuz", "coz", "bc", "k", "kk", "ya'll", "yall", "stil", "no1", "some1", "any1", "nvm",
    "imo", "imho", "fyi", "xoxo", "sup", "wassup", "whatcha", "dunno", "ain't", "nah", "yep",
    "yeah", "luv", "bruh", "fam", "lit", "sus", "bet", "cya", "kinda", "sorta", "wit",
    "da", "dat", "dis", "tho", "thru", "b", "c", "n", "y", "ne1", "2",
    # Current slang (2020s): "ngl", "fr", "lowkey", "no cap" (see _SLANG_PHRASE).
    "ngl", "fr", "frfr", "lowkey", "highkey", "deadass", "istg", "iykyk", "bussin", "rizz",
    "slay", "bestie", "periodt", "fyp", "sksksk", "finna", "tryna",
}
_TEXTSPEAK_STRONG = {
    "u", "ur", "wat", "wut", "bak", "gona", "lol", "lmao", "lmfao", "rofl", "omg", "omfg", "idk",
    "smh", "brb", "ttyl", "thx", "thnx", "plz", "b4", "2nite", "2day", "2moro", "l8r", "gr8",
    "2gethr", "2gether", "cuz", "coz", "stil", "no1", "sup", "wassup", "luv", "bruh", "cya",
    "dat", "dis", "ne1", "ngl", "frfr", "lowkey", "deadass", "istg", "iykyk", "bussin", "rizz",
    "periodt", "sksksk", "finna", "tryna",
}
#: Slang of more than one word; each counts as a strong token.
_SLANG_PHRASE = re.compile(r"\b(?:no cap|hits different)\b")
_WORD = re.compile(r"[\w']+")
_MIN_STRONG = 2


def textspeak(document: Document) -> list[Hit]:
    hits = []
    strong = 0
    for match in _WORD.finditer(document.norm):
        token = match.group().strip("'")
        if token in _TEXTSPEAK_TOKENS:
            if token in {"b", "c", "n", "y", "r", "k", "2"} and not _single_letter_is_textspeak(document, match):
                continue
            if token in _TEXTSPEAK_STRONG:
                strong += 1
            hits.append(Hit(match.start(), match.end()))
    for match in _SLANG_PHRASE.finditer(document.norm):
        strong += 1
        hits.append(Hit(match.start(), match.end()))
    if strong < _MIN_STRONG:
        return []
    return sorted(hits, key=lambda h: h.start)


def _single_letter_is_textspeak(document: Document, match: re.Match[str]) -> bool:
    # "Plan B", "grade C", "part 2", "vitamin D" stay; "if ur gona b in" does not.
    before = document.norm[max(0, match.start() - 12) : match.start()]
    if re.search(r"(?:plan|grade|part|option|step|section|room|vitamin|level|version|page|chapter|team|group|table|row|period|a|an|the|to)\W*$", before):
        return False
    original = document.text[match.start() : match.end()]
    return original.islower() or original == "2"


_EMOJI = (
    "\U0001F300-\U0001FAFF\U00002600-\U000027BF\U0001F000-\U0001F2FF\U0001F900-\U0001F9FF"
    "\u2764\u2665\U0001F3FB-\U0001F3FF\u200d\ufe0f"
)
_EMOJI_RUN = re.compile(f"(?:[{_EMOJI}]\\s*){{3,}}")


def emoji_run(document: Document) -> list[Hit]:
    hits = []
    for match in _EMOJI_RUN.finditer(document.text):
        run = match.group()
        # One emoji as seen: a joined sequence ("🏃‍♀️", runner + ZWJ + female sign) counts once.
        visible = [
            ch for i, ch in enumerate(run)
            if ch not in "\u200d\ufe0f" and not ch.isspace() and not "\U0001F3FB" <= ch <= "\U0001F3FF"
            and not (i and run[i - 1] == "\u200d")
        ]
        if len(visible) >= 3:
            hits.append(Hit(match.start(), match.end().__index__() - (len(match.group()) - len(match.group().rstrip()))))
    return hits


_KISS_EMOJI = re.compile("[\U0001F618\U0001F617\U0001F619\U0001F61A\U0001F48B\U0001F60D\U0001F970\u2764\U0001F495\U0001F496\U0001F497\U0001F498\U0001F49E\U0001F609\U0001F60F]")


def affectionate_emoji(document: Document) -> list[Hit]:
    """Kisses, hearts, heart-eyes and winks: over-familiar from staff to a student."""
    return [Hit(m.start(), m.end()) for m in _KISS_EMOJI.finditer(document.text)]
