"""Small helpers shared by the detectors: context windows, domain matching, settings access.

All matching runs on `doc.norm` (same length as `doc.text`, lower-cased, folded), so every
offset found there is an exact offset into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from tap_assistant.core.document import Document


def window_before(doc: Document, index: int, chars: int) -> str:
    """Normalised text in the `chars` characters before `index`."""
    return doc.norm[max(0, index - chars):index]


def window_after(doc: Document, index: int, chars: int) -> str:
    return doc.norm[index:index + chars]


def clean_domains(domains: Iterable[str]) -> tuple[str, ...]:
    """District domains as lower-case bare hosts ("@x.org", "https://x.org/" -> "x.org")."""
    try:
        return _clean_domains(tuple(domains or ()))
    except TypeError:  # unhashable entries: a broken setting, cleaned below without the cache
        return _clean_domains.__wrapped__(tuple(domains or ()))


@lru_cache(maxsize=64)
def _clean_domains(domains: tuple) -> tuple[str, ...]:
    cleaned = []
    for domain in domains:
        if not isinstance(domain, str):
            continue
        value = domain.strip().lower()
        value = re.sub(r"^[a-z]+://", "", value)
        value = value.lstrip("@*.").split("/")[0].strip()
        if value.startswith("www."):
            value = value[4:]
        if value:
            cleaned.append(value)
    return tuple(cleaned)


def domain_in(domain: str, domains: Iterable[str]) -> bool:
    """True when `domain` is one of `domains` or a subdomain of one."""
    domain = domain.lower().rstrip(".")
    for candidate in domains:
        if domain == candidate or domain.endswith("." + candidate):
            return True
    return False


@dataclass(frozen=True)
class Approvals:
    """The district's domains and approved channels, cleaned once per document."""

    districts: tuple[str, ...]
    channels: tuple[str, ...]  # whole sites: "schoology.com"
    channel_words: frozenset[str]  # "schoology"
    pages: tuple[str, ...]  # single pages: "instagram.com/springfieldschools"
    page_names: frozenset[str]  # "springfieldschools"


_APPROVALS_KEY = "_tap_detector_approvals"


def approvals(doc: Document) -> Approvals:
    cache = getattr(doc, "__dict__", None)
    settings = doc.settings
    if cache is not None:
        cached = cache.get(_APPROVALS_KEY)
        if cached is not None and cached[0] is settings:
            return cached[1]
    raw = _setting_tuple(settings, "approved_channels")
    channels = clean_domains(entry for entry in raw if not _page_of(entry))
    pages = tuple(page for page in (_page_of(entry) for entry in raw) if page)
    result = Approvals(
        districts=clean_domains(_setting_tuple(settings, "district_domains")),
        channels=channels,
        channel_words=frozenset(c.split(".")[0] for c in channels if len(c.split(".")[0]) >= 3),
        pages=pages,
        page_names=frozenset(page.split("/")[-1].lstrip("@") for page in pages),
    )
    if cache is not None:
        cache[_APPROVALS_KEY] = (settings, result)
    return result


def district_domains(doc: Document) -> tuple[str, ...]:
    return approvals(doc).districts


def approved_channels(doc: Document) -> tuple[str, ...]:
    """Approved channels given as whole sites ("schoology.com"), not as one page of a site."""
    return approvals(doc).channels


def approved_pages(doc: Document) -> tuple[str, ...]:
    """Approved channels given as pages ("instagram.com/springfieldschools"): "host/path" forms.

    Approving one page of a platform must not approve the whole platform.
    """
    return approvals(doc).pages


def _setting_tuple(settings: object, name: str) -> tuple:
    value = getattr(settings, name, ()) or ()
    return tuple(value) if isinstance(value, (list, tuple)) else ()


def _page_of(entry: object) -> str:
    if not isinstance(entry, str):
        return ""
    value = re.sub(r"^[a-z]+://", "", entry.strip().lower())
    value = re.sub(r"^(?:www|m|mobile)\.", "", value).rstrip("/")
    host, _, path = value.partition("/")
    return f"{host}/{path}" if host and path else ""


def url_key(url: str) -> str:
    """A link as "host/path" for comparing with approved pages."""
    value = re.sub(r"^[a-z]+://", "", url.lower())
    return re.sub(r"^(?:www|m|mobile|web)\.", "", value).rstrip("/")


def is_approved_page(doc: Document, url: str) -> bool:
    pages = approvals(doc).pages
    if not pages:
        return False
    key = url_key(url)
    return any(key == page or key.startswith(page + "/") or key.startswith(page + "?") for page in pages)


def is_approved_handle(doc: Document, handle: str) -> bool:
    """"@springfieldschools" when a page of that name is approved on some platform."""
    return handle.lstrip("@").lower() in approvals(doc).page_names


def is_approved(doc: Document, domain_or_word: str) -> bool:
    """True for a district domain, an approved channel's domain, or an approved channel's word."""
    value = domain_or_word.lower().strip().rstrip(".")
    if value.startswith("www."):
        value = value[4:]
    allowed = approvals(doc)
    if domain_in(value, allowed.districts) or domain_in(value, allowed.channels):
        return True
    return value.split(".")[0] in allowed.channel_words


# --------------------------------------------------------------------------- speed helpers
#
# Detectors must stay far below a millisecond each on a 5,000-word draft. A regex that begins
# with a word boundary or an alternation is tried at every position of the text, which costs
# about a millisecond per pass; a set of the document's words costs one pass, shared by all
# detectors. So detectors first ask whether any of their trigger words occur at all, then run
# their full patterns only in small windows around the occurrences.

_WORDS_KEY = "_tap_detector_words"
_WORD_RE = re.compile(r"[a-z0-9]+")


def words(doc: Document) -> frozenset[str]:
    """The set of ASCII letter/digit runs in doc.norm (computed once per document)."""
    cache = getattr(doc, "__dict__", None)
    if cache is None:  # a Document without an instance dict: compute, don't cache
        return frozenset(_WORD_RE.findall(doc.norm))
    cached = cache.get(_WORDS_KEY)
    if cached is None or cached[0] is not doc.norm:
        cached = (doc.norm, frozenset(_WORD_RE.findall(doc.norm)))
        cache[_WORDS_KEY] = cached
    return cached[1]


@lru_cache(maxsize=512)
def _literal(word: str) -> re.Pattern[str]:
    # The literal comes first so that the regex engine can use its fast literal search.
    escaped = re.escape(word)
    return re.compile(escaped + r"(?<![a-z0-9]" + escaped + r")(?![a-z0-9])")


def occurrences(doc: Document, word: str) -> list[int]:
    """Start offsets of `word` as a whole letter/digit run in doc.norm."""
    return [m.start() for m in _literal(word).finditer(doc.norm)]


def matches_near(doc: Document, triggers: frozenset[str], regex: re.Pattern[str], reach: int = 60) -> list[re.Match[str]]:
    """Matches of `regex` (on doc.norm) that contain an occurrence of one of `triggers`.

    Equivalent to filtering `regex.finditer(doc.norm)` for matches containing a trigger word,
    provided every match of `regex` contains one and is shorter than `reach` on either side.
    """
    present = words(doc) & triggers
    if not present:
        return []
    norm = doc.norm
    size = len(norm)
    found: dict[tuple[int, int], re.Match[str]] = {}
    for word in present:
        for position in occurrences(doc, word):
            lo = max(0, position - reach)
            hi = min(size, position + len(word) + reach)
            for match in regex.finditer(norm, lo, hi):
                if match.end() == hi and hi < size:
                    # The window cut the match short: redo it on the whole text.
                    full = regex.match(norm, match.start())
                    if full is None:
                        continue
                    match = full
                if match.start() <= position and position + len(word) <= match.end():
                    found.setdefault(match.span(), match)
    # A window that starts inside a longer match can yield a shorter one: keep the longest.
    result: list[re.Match[str]] = []
    for span in sorted(found, key=lambda sp: (sp[0], -sp[1])):
        if result and span[0] < result[-1].end():
            continue
        result.append(found[span])
    return result


def trigger_set(spec: str) -> frozenset[str]:
    return frozenset(spec.split())
