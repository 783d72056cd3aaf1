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
from dataclasses import dataclass

from tap_assistant.core.document import FILLER


class PatternError(ValueError):
    pass


# Look-alike characters people use to dodge filters (and that a letter may be stretched into).
_LEET = {
    "a": "a4@", "b": "b8", "e": "e3", "g": "g9", "i": "i1!|", "l": "l1|", "o": "o0", "s": "s5$",
    "t": "t7+", "z": "z2",
}
_VOWEL_MASK = "*"
# Between the letters of one word: an invisible filler or a single obfuscating dot/star/dash.
_INTRA = f"(?:[{FILLER}]|[.*_\\-](?=\\w))?"
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
        return f"[{re.escape(chars)}]+"
    if ch in "'":
        return "'?"
    if ch == "-":
        return r"[\-\s]?"
    return re.escape(ch) + "+"


def _spelled(word: str) -> str:
    """A word's letters with stretching, look-alikes and invisible fillers allowed."""
    return _INTRA.join(_letter(ch) for ch in word)


def _inflected(word: str) -> str:
    if len(word) <= 2 or not word.isalpha():
        return _spelled(word)
    if word.endswith("e"):
        stem = _spelled(word[:-1])
        return f"{stem}(?:{_INTRA}[e3*]+(?:s|d|r|rs)?|ing|in')"
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
    tokens = re.findall(r"\.\.\.|\(|\)\??|\||[^\s()|]+", pattern)
    return tokens


Item = tuple[str, str]  # (regex, kind) with kind "word", "optional" or "gap"


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
            group = "(?:" + "|".join(alternatives) + ")"
            items.append((group, "optional" if closing == ")?" else "word"))
            position += 1
        elif token == "...":
            items.append(("", "gap"))
            position += 1
        else:
            items.append((_word_regex(token), "word"))
            position += 1
    return items, position


def _parse_group(tokens: list[str], position: int) -> tuple[list[str], int]:
    alternatives = []
    while True:
        items, position = _parse_sequence(tokens, position)
        if not items:
            raise PatternError("an alternative in a group is empty")
        alternatives.append(_join(items))
        if position < len(tokens) and tokens[position] == "|":
            position += 1
            continue
        return alternatives, position


def _join(items: list[Item]) -> str:
    """Join words with separators; an optional group carries its separator inside the option."""
    out = ""
    first = True
    for regex, kind in items:
        if kind == "gap":
            out += _GAP
        elif kind == "optional":
            out += f"(?:{regex}{_INTER})?" if first else f"(?:{_INTER}{regex})?"
        else:
            out += regex if first else _INTER + regex
            first = False
    return out


def compile_phrase(pattern: str) -> str:
    """Regex source for one phrase pattern (raises PatternError on a malformed one)."""
    tokens = _tokenize(pattern.strip().lower())
    if not tokens:
        raise PatternError("empty pattern")
    items, position = _parse_sequence(tokens, 0)
    if position != len(tokens):
        raise PatternError(f"unexpected {tokens[position]!r}")
    if not items:
        raise PatternError("empty pattern")
    return _WORD_START + _join(items) + _WORD_END


@dataclass(frozen=True)
class CompiledPatterns:
    regex: re.Pattern[str] | None
    sources: tuple[str, ...]

    def finditer(self, norm: str):
        if self.regex is None:
            return iter(())
        return self.regex.finditer(norm)


def compile_patterns(phrases: list[str], raw_regexes: list[str] | None = None) -> CompiledPatterns:
    parts: list[str] = []
    for phrase in phrases:
        try:
            parts.append(compile_phrase(phrase))
        except PatternError as error:
            raise PatternError(f"pattern {phrase!r}: {error}") from None
    for raw in raw_regexes or []:
        try:
            re.compile(raw)
        except re.error as error:
            raise PatternError(f"regex {raw!r}: {error}") from None
        parts.append(f"(?:{raw})")
    if not parts:
        return CompiledPatterns(None, ())
    return CompiledPatterns(re.compile("|".join(parts)), tuple(phrases) + tuple(raw_regexes or []))
