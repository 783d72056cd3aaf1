"""The phrase-pattern language of the rule pack, compiled to regular expressions.

A compliance officer writes phrases, not regexes:

    text me                      words; case, punctuation between words, stretched letters
                                 ("meeeee"), simple obfuscation (l0ve, f*ck, l.o.v.e) and
                                 inflection (text/texts/texted/texting) are all handled
    (cell|mobile) number         alternatives; a group may hold several words
    my (personal)? email         a group followed by ? is optional
    keep ... between us          ... skips up to four words
    flirt*                       * after a word: any ending (flirty, flirting, flirtatious)
    =ok                          = before a word: exactly this word, no inflection
    don't                        contractions match "don't", "dont" and "do not"

Patterns run on `Document.norm`, a same-length lower-cased copy of the draft, so offsets of a
match are offsets into the original text.
"""

from __future__ import annotations

import re
from functools import cached_property



class PatternError(ValueError):
    pass


# Look-alike characters people use to dodge filters (and that a letter may be stretched into).
_LEET = {
    "a": "a4@", "b": "b8", "e": "e3", "g": "g9", "i": "i1!|", "l": "l1|", "o": "o0", "s": "s5$",
    "t": "t7+", "z": "z2",
}
_VOWEL_MASK = "*"
# Between two words: spaces and punctuation, a little of it.
_INTER = r"[\W_]{1,6}"
_GAP = r"(?:[\W_]{1,6}[\w'\-]+){0,4}?"
_WORD_START = r"(?<![\w'])"
_WORD_END = r"(?![\w])"

_CONTRACTIONS = {
    "n't": " not",
    "'re": " are",
    "'m": " am",
    "'ll": " will",
    "'ve": " have",
    "'d": " would",
    "'s": " is",
}
_IRREGULAR_NOT = {"can't": ["can not", "cannot"], "won't": ["will not"], "shan't": ["shall not"], "ain't": ["is not", "am not", "are not"]}


def _letter(ch: str) -> str:
    if ch.isalpha():
        chars = _LEET.get(ch, ch)
        if ch in "aeiou":
            chars += _VOWEL_MASK
        return f"[{re.escape(chars)}]+" if len(chars) > 1 else f"{re.escape(ch)}+"
    if ch in "'":
        return "'?"
    if ch == "-":
        return r"[\-\s]?"
    return re.escape(ch) + "+"


def _spelled(word: str) -> str:
    """A word's letters with stretching, look-alikes and invisible fillers allowed."""
    return "".join(_letter(ch) for ch in word)


def _inflected(word: str) -> str:
    if len(word) <= 2 or not word.isalpha():
        return _spelled(word)
    if word.endswith("e"):
        stem = _spelled(word[:-1])
        return f"{stem}(?:[e3*]+(?:s|d|r|rs)?|ing|in')"
    if word.endswith("y") and len(word) > 3:
        return f"{_spelled(word)}(?:s|ed)?|{_spelled(word[:-1])}(?:ies|ied)"
    return f"{_spelled(word)}(?:s|es|ed|d|ing|in'|er|ers|'s)?"


def _word_regex(token: str) -> str:
    exact = token.startswith("=")
    token = token.lstrip("=")
    prefix = token.endswith("*")
    token = token.rstrip("*")
    if not token:
        raise PatternError("empty word")
    if token in _IRREGULAR_NOT:
        expansions = [_phrase_regex_plain(e) for e in _IRREGULAR_NOT[token]]
        return "(?:" + "|".join([_spelled(token)] + expansions) + ")"
    for suffix, expansion in _CONTRACTIONS.items():
        if token.endswith(suffix) and len(token) > len(suffix):
            base = token[: -len(suffix)]
            short = _spelled(base) + "'?" + _spelled(suffix.lstrip("'"))
            long = _spelled(base) + _INTER + _spelled(expansion.strip())
            return f"(?:{short}|{long})"
    if prefix:
        return _spelled(token) + r"[\w']*"
    if exact:
        return _spelled(token)
    return f"(?:{_inflected(token)})"


def _phrase_regex_plain(phrase: str) -> str:
    return _INTER.join(_spelled(word) for word in phrase.split())


def _tokenize(pattern: str) -> list[str]:
    return re.findall(r"\.\.\.|\(|\)\??|\||[^\s()|]+", pattern)


# --- Trigger words ---------------------------------------------------------------------------
# Running every rule's regex at every position of a long document is slow, so each phrase also
# yields the canonical forms its first word can take ("trigger" stems). A draft's words are put
# in the same canonical form once (Document.word_index); a rule's regex is then tried only where
# one of its triggers starts a word. Canonical form: look-alikes mapped back to letters,
# separators and apostrophes dropped, repeated letters collapsed ("Teeext" -> "text").

_UNLEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "i", "8": "b", "9": "g", "2": "z"})
_UNLEET_L = str.maketrans({"1": "l", "|": "l"})
_DROP = re.compile(r"[.\-_*'\x00]")
_REPEATS = re.compile(r"(.)\1+")
_HAS_REPEAT = re.compile(r"(.)\1")
#: Longest trigger stem kept; longer words are cut to this many characters.
TRIGGER_LENGTH = 5


def canonical_forms(word: str) -> set[str]:
    """Canonical forms of a word of the draft (two when "1" or "|" could be "i" or "l")."""
    stripped = _DROP.sub("", word)
    forms = {_REPEATS.sub(r"\1", stripped.translate(_UNLEET))}
    if "1" in stripped or "|" in stripped:
        forms.add(_REPEATS.sub(r"\1", stripped.translate(_UNLEET_L).translate(_UNLEET)))
    return {form for form in forms if form}


def _trigger_stems(token: str) -> set[str]:
    """Canonical stems a pattern word can start with in a draft."""
    token = token.lstrip("=").rstrip("*")
    words = {token}
    if token in _IRREGULAR_NOT:
        words |= {expansion.split()[0] for expansion in _IRREGULAR_NOT[token]}
    elif "'" in token:
        words.add(token[:-3] if token.endswith("n't") else token.split("'")[0])
    stems = set()
    for word in words:
        for form in canonical_forms(word):
            if len(form) > 3 and form[-1] in "ey":
                form = form[:-1]  # date -> dating, reply -> replies
            if form:
                stems.add(form[:TRIGGER_LENGTH])
    return stems


Item = tuple[str, str, "frozenset[str] | None"]  # (regex, kind, first-word stems) kind: word/optional/gap


def _parse_sequence(tokens: list[str], position: int) -> tuple[list[Item], int]:
    """Parse until ')' or '|'; return the items and the new position."""
    items: list[Item] = []
    while position < len(tokens):
        token = tokens[position]
        if token == "|" or token.startswith(")"):
            break
        if token == "(":
            alternatives, position = _parse_group(tokens, position + 1)
            closing = tokens[position] if position < len(tokens) else ""
            if not closing.startswith(")"):
                raise PatternError("a '(' is never closed")
            group = "(?:" + "|".join(regex for regex, _ in alternatives) + ")"
            firsts = [f for _, f in alternatives]
            merged = None if any(f is None for f in firsts) else frozenset().union(*firsts)
            items.append((group, "optional" if closing == ")?" else "word", merged))
            position += 1
        elif token == "...":
            items.append(("", "gap", None))
            position += 1
        else:
            items.append((_word_regex(token), "word", frozenset(_trigger_stems(token))))
            position += 1
    return items, position


def _parse_group(tokens: list[str], position: int) -> tuple[list[tuple[str, frozenset[str] | None]], int]:
    alternatives = []
    while True:
        items, position = _parse_sequence(tokens, position)
        if not items:
            raise PatternError("an alternative in a group is empty")
        alternatives.append((_join(items), _first_stems(items)))
        if position < len(tokens) and tokens[position] == "|":
            position += 1
            continue
        return alternatives, position


def _first_stems(items: list[Item]) -> frozenset[str] | None:
    """Stems the sequence's first matched word can have; None when unknown (a leading gap)."""
    stems: set[str] = set()
    for _, kind, firsts in items:
        if kind == "gap" or firsts is None:
            return None
        stems |= firsts
        if kind == "word":
            return frozenset(stems)
    return None  # only optional items: could match nothing at all


def _join(items: list[Item]) -> str:
    """Join words with separators; an optional group carries its separator inside the option."""
    out = ""
    first = True
    for regex, kind, _ in items:
        if kind == "gap":
            out += _GAP
        elif kind == "optional":
            out += f"(?:{regex}{_INTER})?" if first else f"(?:{_INTER}{regex})?"
        else:
            out += regex if first else _INTER + regex
            first = False
    return out


def _compile_phrase(pattern: str) -> tuple[str, frozenset[str] | None]:
    tokens = _tokenize(pattern.strip().lower())
    if not tokens:
        raise PatternError("empty pattern")
    items, position = _parse_sequence(tokens, 0)
    if position != len(tokens):
        raise PatternError(f"unexpected {tokens[position]!r}")
    if not items:
        raise PatternError("empty pattern")
    return _WORD_START + _join(items), _first_stems(items)


def compile_phrase(pattern: str) -> str:
    """Regex source for one phrase pattern (raises PatternError on a malformed one)."""
    return _compile_phrase(pattern)[0] + _WORD_END


class WordIndex:
    """Where each canonical word stem starts in a draft; built once per Document."""

    _WORD = re.compile(r"[\w@$!|*][\w@$!|*']*(?:[.\-_\x00][\w@$!|*']+)*")

    def __init__(self, norm: str) -> None:
        starts_by_word: dict[str, list[int]] = {}
        for match in self._WORD.finditer(norm):
            starts_by_word.setdefault(match.group(), []).append(match.start())
        starts_by_form: dict[str, list[int]] = {}
        for word, starts in starts_by_word.items():
            forms = (word,) if word.isalpha() and not _HAS_REPEAT.search(word) else canonical_forms(word)
            for form in forms:
                starts_by_form.setdefault(form, []).extend(starts)
        self.starts: dict[str, list[int]] = {}
        for form, starts in starts_by_form.items():
            for length in range(1, min(len(form), TRIGGER_LENGTH) + 1):
                self.starts.setdefault(form[:length], []).extend(starts)

    def candidates(self, stems: frozenset[str]) -> list[int]:
        found: set[int] = set()
        for stem in stems:
            found.update(self.starts.get(stem, ()))
        return sorted(found)


class CompiledPatterns:
    """Phrase patterns (tried where a trigger stem starts a word) plus raw regexes (full scan).

    Compiling the regexes is most of the cost of loading a pack, and a typical draft triggers
    only a few rules, so each regex is compiled on first use.
    """

    def __init__(
        self,
        phrase_source: str | None,
        sources: tuple[str, ...],
        triggers: frozenset[str] = frozenset(),
        raw_source: str | None = None,
    ) -> None:
        self.phrase_source = phrase_source
        self.sources = sources
        self.triggers = triggers
        self.raw_source = raw_source

    @cached_property
    def regex(self) -> re.Pattern[str] | None:
        return re.compile(self.phrase_source) if self.phrase_source else None

    @cached_property
    def raw(self) -> re.Pattern[str] | None:
        return re.compile(self.raw_source) if self.raw_source else None

    @property
    def empty(self) -> bool:
        return not self.phrase_source and not self.raw_source

    def compile_now(self) -> None:
        """Compile eagerly (for warming up a long-running app off the GUI thread)."""
        _ = self.regex, self.raw

    def finditer(self, norm: str, index: WordIndex | None = None):
        """Non-overlapping matches, in order. With a WordIndex only candidate starts are tried."""
        matches = []
        if self.phrase_source:
            if index is None:
                matches.extend(self.regex.finditer(norm))
            else:
                end = -1
                for start in index.candidates(self.triggers):
                    if start < end:
                        continue
                    match = self.regex.match(norm, start)
                    if match:
                        matches.append(match)
                        end = match.end()
        if self.raw_source:
            matches.extend(self.raw.finditer(norm))
            matches.sort(key=lambda m: m.start())
        return iter(matches)


def compile_patterns(phrases: list[str], raw_regexes: list[str] | None = None) -> CompiledPatterns:
    parts: list[str] = []
    triggers: set[str] = set()
    full_scan = False
    for phrase in phrases:
        try:
            regex, stems = _compile_phrase(phrase)
        except PatternError as error:
            raise PatternError(f"pattern {phrase!r}: {error}") from None
        parts.append(regex)
        if stems is None:
            full_scan = True
        else:
            triggers |= stems
    raw_parts = []
    for raw in raw_regexes or []:
        try:
            re.compile(raw)
        except re.error as error:
            raise PatternError(f"regex {raw!r}: {error}") from None
        raw_parts.append(f"(?:{raw})")
    phrase_source = "(?:" + "|".join(parts) + ")" + _WORD_END if parts else None
    raw_source = "|".join(raw_parts) if raw_parts else None
    if full_scan and phrase_source is not None:
        # A phrase whose first word is unknown: scan it like a raw regex.
        raw_source = "|".join([phrase_source] + raw_parts)
        phrase_source = None
    return CompiledPatterns(phrase_source, tuple(phrases) + tuple(raw_regexes or []), frozenset(triggers), raw_source)
