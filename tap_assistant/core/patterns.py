"""The phrase-pattern language of the rule pack, matched word by word.

A compliance officer writes phrases, not regexes:

    text me                      words; case, punctuation between words, stretched letters
                                 ("meeeee"), look-alike characters (l0ve), spelled-out letters
                                 (l.o.v.e, invisible characters) and inflection
                                 (text/texts/texted/texting) are all handled
    (cell|mobile) number         alternatives; a group may hold several words
    my (personal)? email         a group followed by ? is optional
    keep ... between us          ... skips up to four words
    flirt*                       * after a word: any ending (flirty, flirting, flirtatious)
    =ok                          = before a word: exactly this word, no inflection
    don't                        contractions match "don't", "dont" and "do not"

A draft is split into words once (`Document.words`), each word reduced to canonical forms
(look-alikes mapped back to letters, apostrophes and separators dropped, repeated letters
collapsed: "Teeext" -> "text"). A pattern word is a set of accepted canonical forms, so matching
is set membership, and a rule is tried only at words that can start one of its phrases. Words
must follow each other with at most a little punctuation between them, as in "love. you".

The `regex` key of a rule is a plain regular expression over the lower-cased draft, for the
rare case the phrase language cannot express.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Union

from tap_assistant.core.district_regex import DistrictRegexError, compile_district_regex

if TYPE_CHECKING:
    from tap_assistant.core.document import Document


class PatternError(ValueError):
    pass


# --- Canonical forms ---------------------------------------------------------------------------

_UNLEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "i", "8": "b", "9": "g"}
)
_UNLEET_L = str.maketrans({"1": "l", "|": "l"})
_DROP = re.compile(r"[.\-_*'\x00]")
_REPEATS = re.compile(r"(.)\1+")
_HAS_REPEAT = re.compile(r"(.)\1")
_LOOKALIKE = re.compile(r"[0134579@$!|8]")


def collapse(word: str) -> str:
    return _REPEATS.sub(r"\1", word)


#: Marks a form that was collapsed from doubled letters. A pattern word whose own spelling has a
#: double letter ("weed", "booze") matches only drafts words that had one too ("weeed", "weed"),
#: never a plain word that collapses to the same letters ("Wed", "boze"). The form also names
#: which letters were doubled (after `DOUBLED`), so "wedding" (d) is not "weeding" (e).
STRETCHED = "\x01"
DOUBLED = "\x02"


def _stretched(form: str, spelled: str) -> str:
    """The stretched form of `form`, collapsed from `spelled`, with its doubled letters."""
    doubled = "".join(sorted({match.group(1) for match in _HAS_REPEAT.finditer(spelled)}))
    return STRETCHED + form + DOUBLED + doubled


def _bare(form: str) -> str:
    return form.lstrip(STRETCHED).split(DOUBLED, 1)[0]


def canonical_forms(word: str) -> frozenset[str]:
    """Canonical forms of one word of a draft (two when "1" or "|" could be "i" or "l")."""
    if word.isalpha() and not _HAS_REPEAT.search(word):
        return frozenset((word,))
    forms = _canonical_forms(word)
    spelled = _DROP.sub("", word).translate(_UNLEET)
    if _HAS_REPEAT.search(spelled):
        forms |= {_stretched(form, spelled) for form in forms}
    return forms


def _canonical_forms(word: str) -> frozenset[str]:
    stripped = _DROP.sub("", word)
    if not any(ch.isalpha() for ch in stripped):
        return frozenset((stripped,)) if stripped else frozenset()  # a number: "2024"
    if not _LOOKALIKE.search(stripped.strip("!")):
        # Digits in a number ("2024", "3:30") are not look-alike letters.
        return frozenset(f for f in (collapse(stripped.rstrip("!")),) if f)
    forms = {collapse(stripped.translate(_UNLEET))}
    if "1" in stripped or "|" in stripped:
        forms.add(collapse(stripped.translate(_UNLEET_L).translate(_UNLEET)))
    return frozenset(form for form in forms if form)


_SUFFIXES = ("s", "es", "ed", "d", "ing", "in", "er", "ers")


def _inflections(word: str) -> set[str]:
    forms = {word}
    if len(word) <= 2 or not word.isalpha():
        return forms
    forms |= {word + suffix for suffix in _SUFFIXES}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word[:-1] + "in"}
    if word.endswith("y") and len(word) > 3:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    return forms


# --- Pattern syntax tree -------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    forms: frozenset[str]
    prefix: str = ""  # non-empty for "word*": any canonical form starting with it

    def accepts(self, forms: frozenset[str]) -> bool:
        if self.prefix:
            return any(form.startswith(self.prefix) for form in forms)
        return not self.forms.isdisjoint(forms)


@dataclass(frozen=True)
class Group:
    alternatives: tuple["Sequence", ...]
    optional: bool = False


@dataclass(frozen=True)
class Gap:
    max_words: int = 4


Item = Union[Word, Group, Gap]
Sequence = tuple[Item, ...]

_CONTRACTIONS = {"n't": "not", "'re": "are", "'m": "am", "'ll": "will", "'ve": "have", "'d": "would", "'s": "is"}
_IRREGULAR_NOT = {"can't": ("can",), "won't": ("will",), "shan't": ("shall",), "ain't": ("is", "am", "are")}


def _word(token: str) -> Item:
    exact = token.startswith("=")
    token = token.lstrip("=")
    is_prefix = token.endswith("*")
    token = token.rstrip("*")
    if not token:
        raise PatternError("empty word")
    if "-" in token.strip("-"):
        return Group((tuple(_word(part) for part in token.split("-") if part),))
    if token in _IRREGULAR_NOT:
        expansions = tuple((Word(frozenset(canonical_forms(base))), Word(frozenset({"not"}))) for base in _IRREGULAR_NOT[token])
        expansions += ((Word(canonical_forms("cannot")),),) if token == "can't" else ()
        return Group(((Word(canonical_forms(token)),),) + expansions)
    for suffix, expansion in _CONTRACTIONS.items():
        if token.endswith(suffix) and len(token) > len(suffix):
            base = token[: -len(suffix)]
            short = Word(canonical_forms(token))
            long = (Word(canonical_forms(base)), Word(frozenset({expansion})))
            return Group(((short,), long))
    forms = canonical_forms(token)
    if is_prefix:
        return Word(frozenset(), prefix=min(forms, key=len))
    if exact:
        return Word(forms)
    return Word(frozenset(_pattern_form(f) for form in forms for f in _inflections(_literal(form, token))))


def _literal(form: str, token: str) -> str:
    """The pattern word as written when its canonical form was collapsed ("weed" -> "weed")."""
    return token if token.isalpha() and collapse(token) == _bare(form) else _bare(form)


def _pattern_form(inflection: str) -> str:
    collapsed = collapse(inflection)
    return collapsed if collapsed == inflection else _stretched(collapsed, inflection)


def _tokenize(pattern: str) -> list[str]:
    return re.findall(r"\.\.\.|\(|\)\??|\||[^\s()|]+", pattern)


def _parse_sequence(tokens: list[str], position: int) -> tuple[list[Item], int]:
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
            items.append(_simplify(Group(tuple(alternatives), optional=closing == ")?")))
        elif token == "...":
            items.append(Gap())
        else:
            items.append(_word(token))
        position += 1
    return items, position


def _simplify(group: Group) -> Item:
    """(kids|students|children) is one word with three forms: much faster to match."""
    singles = [alt[0] for alt in group.alternatives if len(alt) == 1 and isinstance(alt[0], Word) and not alt[0].prefix]
    if len(singles) < 2:
        return group
    merged = Word(frozenset().union(*(word.forms for word in singles)))
    rest = tuple(alt for alt in group.alternatives if not (len(alt) == 1 and isinstance(alt[0], Word) and not alt[0].prefix))
    if not rest and not group.optional:
        return merged
    # Keep the order of preference simple: the merged words first, then the longer alternatives.
    return Group(((merged,),) + rest, optional=group.optional)


def _parse_group(tokens: list[str], position: int) -> tuple[list[Sequence], int]:
    alternatives: list[Sequence] = []
    while True:
        items, position = _parse_sequence(tokens, position)
        if not items:
            raise PatternError("an alternative in a group is empty")
        alternatives.append(tuple(items))
        if position < len(tokens) and tokens[position] == "|":
            position += 1
            continue
        return alternatives, position


def parse_phrase(pattern: str) -> Sequence:
    tokens = _tokenize(pattern.strip().lower())
    if not tokens:
        raise PatternError("empty pattern")
    items, position = _parse_sequence(tokens, 0)
    if position != len(tokens):
        raise PatternError(f"unexpected {tokens[position]!r}")
    if not items or all(isinstance(i, Gap) or (isinstance(i, Group) and i.optional) for i in items):
        raise PatternError("a pattern needs at least one required word")
    if isinstance(items[0], Gap):
        raise PatternError("a pattern cannot start with '...'")
    return tuple(items)


# --- First words (where a phrase can start) --------------------------------------------------------


def _first_words(sequence: Sequence) -> list[Word]:
    firsts: list[Word] = []
    for item in sequence:
        if isinstance(item, Word):
            firsts.append(item)
            return firsts
        if isinstance(item, Group):
            for alternative in item.alternatives:
                firsts.extend(_first_words(alternative))
            if not item.optional:
                return firsts
    return firsts


# --- Matching --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftWord:
    start: int
    end: int
    forms: frozenset[str]
    #: True when the text between the previous word and this one is short punctuation/space only.
    joined: bool


_WORD_RE = re.compile(r"[\w@$!|][\w@$!|'*]*")
_MAX_SEPARATOR = 6
#: A phrase never runs across a paragraph or into a new sentence: "track down anything
#: missing.\n\nYou don't need ..." is not "missing you". (Short punctuation inside a sentence,
#: "love... you", "l.o.v.e u", still joins.)
_SENTENCE_BREAK = re.compile(r"\n[ \t]*\n|[.!?][\"'”’)]*\s+[A-Z]")
#: ... but a title or an initial before the full stop does not end a sentence ("Mr. Ford's class").
_ABBREVIATIONS = frozenset("mr mrs ms mx dr prof st jr sr vs etc no am pm".split())


def _abbreviation(word: str) -> bool:
    return len(word) == 1 or word in _ABBREVIATIONS


def split_words(text: str, cased: str | None = None) -> list[DraftWord]:
    """The words of `text` (a draft's pattern text); `cased`, the same text before lower-casing,
    tells where a new sentence starts (a capital after a full stop)."""
    cased = text if cased is None or len(cased) != len(text) else cased
    words: list[DraftWord] = []
    previous_end, previous_raw = None, ""
    for match in _WORD_RE.finditer(text):
        raw = match.group().rstrip("'!|")
        start, end = match.start(), match.start() + len(raw)
        forms = canonical_forms(raw)
        if not forms:
            continue
        joined = (
            previous_end is not None
            and start - previous_end <= _MAX_SEPARATOR
            and not (_SENTENCE_BREAK.search(cased, previous_end, start + 1) and not _abbreviation(previous_raw))
        )
        words.append(DraftWord(start, end, forms, joined))
        previous_end, previous_raw = end, raw.lower()
    return words


#: Adverbs a writer may slip between the words of a phrase without changing its meaning:
#: "we should totally go get drinks", "I just sent you a request". Up to two are stepped over.
FILLERS = frozenset(
    form
    for word in (
        "just really totally so actually definitely maybe quickly also even still literally seriously "
        "probably honestly simply already ever def lowkey kinda"
    ).split()
    for form in canonical_forms(word)  # as a draft word is indexed: "totally" -> "totaly"
)
_MAX_FILLERS = 2


def _skip_fillers(item: Word, words: list[DraftWord], position: int) -> int:
    """Position of the first word at or after `position` that is not a filler `item` rejects."""
    skipped = 0
    while (
        skipped < _MAX_FILLERS
        and position + 1 < len(words)
        and words[position].joined
        and words[position + 1].joined
        and not FILLERS.isdisjoint(words[position].forms)
        and not item.accepts(words[position].forms)
    ):
        position += 1
        skipped += 1
    return position


def _match_sequence(sequence: Sequence, item_index: int, words: list[DraftWord], position: int, first: bool) -> int | None:
    """Index just past the last word matched, or None. Regex-like: first alternative wins."""
    if item_index == len(sequence):
        return position
    item = sequence[item_index]
    if isinstance(item, Word):
        if not first and position < len(words):
            position = _skip_fillers(item, words, position)
        if position >= len(words) or not (first or words[position].joined) or not item.accepts(words[position].forms):
            return None
        return _match_sequence(sequence, item_index + 1, words, position + 1, False)
    if isinstance(item, Gap):
        for skip in range(item.max_words + 1):
            if position + skip > len(words):
                break
            if skip and not words[position + skip - 1].joined:
                break
            end = _match_sequence(sequence, item_index + 1, words, position + skip, first and skip == 0)
            if end is not None:
                return end
        return None
    for alternative in item.alternatives:
        end = _match_sequence(alternative + sequence[item_index + 1 :], 0, words, position, first)
        if end is not None:
            return end
    if item.optional:
        return _match_sequence(sequence, item_index + 1, words, position, first)
    return None


_MAX_FLAT_VARIANTS = 256


def _flatten(sequence: Sequence) -> list[tuple[Word | Gap, ...]] | None:
    """Every way through the groups, in order of preference; None when there are too many."""
    variants: list[tuple[Word | Gap, ...]] = [()]
    for item in sequence:
        if isinstance(item, Group):
            options: list[tuple[Word | Gap, ...]] = []
            for alternative in item.alternatives:
                flat = _flatten(alternative)
                if flat is None:
                    return None
                options.extend(flat)
            if item.optional:
                options.append(())
            variants = [v + o for v in variants for o in options]
        else:
            variants = [v + (item,) for v in variants]
        if len(variants) > _MAX_FLAT_VARIANTS:
            return None
    return variants


def _match_flat(items: tuple[Word | Gap, ...], start: int, words: list[DraftWord], position: int) -> int | None:
    for offset in range(start, len(items)):
        item = items[offset]
        if isinstance(item, Gap):
            for skip in range(item.max_words + 1):
                if position + skip > len(words) or (skip and not words[position + skip - 1].joined):
                    break
                end = _match_flat(items, offset + 1, words, position + skip)
                if end is not None:
                    return end
            return None
        if offset and position < len(words):
            position = _skip_fillers(item, words, position)
        if position >= len(words) or (offset and not words[position].joined) or not item.accepts(words[position].forms):
            return None
        position += 1
    return position


class WordIndex:
    """Which draft words (by index) carry each canonical form; built once per Document."""

    def __init__(self, words: list[DraftWord]) -> None:
        self.words = words
        self.by_form: dict[str, list[int]] = {}
        for index, word in enumerate(words):
            for form in word.forms:
                self.by_form.setdefault(form, []).append(index)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


class CompiledPatterns:
    """A rule's phrases (matched word by word) and raw regexes (compiled on first use)."""

    #: Class default, so packs pickled before the attribute existed still load.
    district: bool = False

    def __init__(
        self,
        phrases: tuple[Sequence, ...],
        sources: tuple[str, ...],
        raw_source: str | None = None,
        district: bool = False,
    ) -> None:
        self.phrases = phrases
        self.sources = sources
        self.raw_source = raw_source
        #: A district's own regexes run on RE2 (linear time); the pack's own on `re`.
        self.district = district
        # Phrases are flattened into plain word sequences (one per way through their groups)
        # when that stays small, which makes matching a simple loop.
        self.variants: list[tuple[Word | Gap, ...] | Sequence] = []
        self.flat: list[bool] = []
        for phrase in phrases:
            flat = _flatten(phrase)
            if flat is None:
                self.variants.append(phrase)
                self.flat.append(False)
            else:
                self.variants.extend(v for v in flat if v)
                self.flat.extend(True for v in flat if v)
        # The forms the second word must have, when that is a plain word (for fast rejection).
        self.second_words: list[frozenset[str] | None] = [
            v[1].forms if flat and len(v) > 1 and isinstance(v[1], Word) and not v[1].prefix else None
            for v, flat in zip(self.variants, self.flat)
        ]
        # Which variants can start at a word with a given canonical form.
        self.starts_by_form: dict[str, set[int]] = {}
        self.starts_by_prefix: list[tuple[str, int]] = []
        for number, variant in enumerate(self.variants):
            for word in _first_words(variant):
                if word.prefix:
                    self.starts_by_prefix.append((word.prefix, number))
                for form in word.forms:
                    self.starts_by_form.setdefault(form, set()).add(number)

    def __getstate__(self) -> dict[str, Any]:
        # The compiled regex is rebuilt on first use; a cache holds only plain data.
        state = dict(self.__dict__)
        state.pop("raw", None)
        return state

    @cached_property
    def raw(self) -> Any:
        if not self.raw_source:
            return None
        if self.district:
            return compile_district_regex(self.raw_source)
        return re.compile(self.raw_source)

    @property
    def empty(self) -> bool:
        return not self.phrases and not self.raw_source

    def _candidates(self, index: WordIndex) -> dict[int, set[int]]:
        """Draft word position -> numbers of the phrases that may start there."""
        candidates: dict[int, set[int]] = {}
        by_form = index.by_form
        starts = self.starts_by_form
        if len(by_form) < len(starts):
            pairs = ((form, starts.get(form)) for form in by_form)
        else:
            pairs = ((form, numbers) for form, numbers in starts.items())
        for form, numbers in pairs:
            if numbers is None:
                continue
            for position in by_form.get(form, ()):
                candidates.setdefault(position, set()).update(numbers)
        for prefix, number in self.starts_by_prefix:
            for form, positions in by_form.items():
                if form.startswith(prefix):
                    for position in positions:
                        candidates.setdefault(position, set()).add(number)
        return candidates

    def _phrase_spans(self, index: WordIndex) -> list[Span]:
        words = index.words
        spans: list[Span] = []
        next_free = 0
        candidates = self._candidates(index)
        for position in sorted(candidates):
            if position < next_free:
                continue
            following = words[position + 1] if position + 1 < len(words) else None
            for number in sorted(candidates[position]):
                variant = self.variants[number]
                second = self.second_words[number]
                if second is not None and (
                    following is None
                    or not following.joined
                    or (second.isdisjoint(following.forms) and FILLERS.isdisjoint(following.forms))
                ):
                    continue  # cheap rejection on the second word, the common case
                if self.flat[number]:
                    end = _match_flat(variant, 0, words, position)
                else:
                    end = _match_sequence(variant, 0, words, position, True)
                if end is not None and end > position:
                    spans.append(Span(words[position].start, words[end - 1].end))
                    next_free = end
                    break
        return spans

    def find(self, document: "Document") -> list[Span]:
        """Non-overlapping matches in the document, in order (memoised per document)."""
        key = ("patterns", id(self))
        if key not in document.memo:
            document.memo[key] = self._find(document)
        return document.memo[key]

    def _find(self, document: "Document") -> list[Span]:
        spans = self._phrase_spans(document.word_index) if self.phrases else []
        if self.raw_source:
            spans.extend(Span(m.start(), m.end()) for m in self.raw.finditer(document.norm) if m.end() > m.start())
            spans.sort(key=lambda s: (s.start, -s.end))
        return spans

    def covers(self, document: "Document", start: int, end: int) -> bool:
        """True when a phrase or regex match spans all of text[start:end] (e.g. one finding)."""
        return any(span.start <= start and span.end >= end for span in self.find(document))

    def occurs_between(self, document: "Document", start: int, end: int) -> bool:
        """True when a phrase or regex matches within text[start:end] (e.g. one sentence)."""
        for span in self.find(document):
            if span.start >= start and span.end <= end:
                return True
        return False


def compile_patterns(
    phrases: list[str], raw_regexes: list[str] | None = None, district: bool = False
) -> CompiledPatterns:
    """Parse phrases and check raw regexes. `district`: the regexes come from a district's
    policy and will run on RE2 (see district_regex.py); one it cannot take raises PatternError."""
    parsed: list[Sequence] = []
    for phrase in phrases:
        try:
            parsed.append(parse_phrase(phrase))
        except PatternError as error:
            raise PatternError(f"pattern {phrase!r}: {error}") from None
    raw_parts = []
    for raw in raw_regexes or []:
        try:
            if district:
                compile_district_regex(raw)
            else:
                re.compile(raw)
        except re.error as error:
            raise PatternError(f"regex {raw!r}: {error}") from None
        except DistrictRegexError as error:
            raise PatternError(f"regex {raw!r} {error}") from None
        raw_parts.append(f"(?:{raw})")
    return CompiledPatterns(
        tuple(parsed), tuple(phrases) + tuple(raw_regexes or []), "|".join(raw_parts) or None, district
    )
