"""Small helpers shared by the detectors: context windows, domain matching, settings access.

All matching runs on `doc.norm` (same length as `doc.text`, lower-cased, folded), so every
offset found there is an exact offset into the original text.
"""

from __future__ import annotations

import re
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
    cleaned = []
    for domain in domains or ():
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


def district_domains(doc: Document) -> tuple[str, ...]:
    return clean_domains(getattr(doc.settings, "district_domains", ()) or ())


def approved_channels(doc: Document) -> tuple[str, ...]:
    return clean_domains(getattr(doc.settings, "approved_channels", ()) or ())


@lru_cache(maxsize=64)
def _channel_words(channels: tuple[str, ...]) -> tuple[str, ...]:
    """"schoology.com" -> "schoology": the word a user would type for the channel."""
    words = []
    for channel in channels:
        head = channel.split(".")[0]
        if len(head) >= 3:
            words.append(head)
    return tuple(words)


def is_approved(doc: Document, domain_or_word: str) -> bool:
    """True for a district domain, an approved channel's domain, or an approved channel's word."""
    value = domain_or_word.lower().strip().rstrip(".")
    if value.startswith("www."):
        value = value[4:]
    channels = approved_channels(doc)
    if domain_in(value, district_domains(doc)) or domain_in(value, channels):
        return True
    head = value.split(".")[0]
    return head in _channel_words(channels)
