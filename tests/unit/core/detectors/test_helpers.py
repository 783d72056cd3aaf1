"""The shared helpers: domains, approved channels, word sets, trigger windows, person references."""

from __future__ import annotations

import re

from tap_assistant.core.config import Settings
from tap_assistant.core.detectors._common import (
    clean_domains,
    domain_in,
    is_approved,
    matches_near,
    occurrences,
    trigger_set,
    words,
)
from tap_assistant.core.detectors._names import person_refs, word_window
from tap_assistant.core.document import Document


def test_clean_domains_accepts_the_forms_admins_type():
    assert clean_domains(["@District.org", "https://www.x.k12.us/path", " *.y.edu ", "", 42]) == (
        "district.org",
        "x.k12.us",
        "y.edu",
    )
    assert clean_domains([]) == () and clean_domains(None) == ()


def test_domain_in_matches_subdomains_but_not_lookalikes():
    assert domain_in("mail.district.org", ("district.org",))
    assert domain_in("district.org.", ("district.org",))
    assert not domain_in("evildistrict.org", ("district.org",))
    assert not domain_in("district.org.evil.com", ("district.org",))


def test_is_approved_by_domain_or_word():
    doc = Document("", Settings(district_domains=["d.org"], approved_channels=["schoology.com", "remind.com"]))
    assert is_approved(doc, "app.schoology.com")
    assert is_approved(doc, "www.d.org")
    assert is_approved(doc, "remind")
    assert not is_approved(doc, "instagram.com")


def test_words_are_computed_once_per_document():
    doc = Document("Hello hello WORLD 42", Settings())
    first = words(doc)
    assert first == {"hello", "world", "42"}
    assert words(doc) is first


def test_occurrences_are_whole_words():
    doc = Document("at bat at, cat at", Settings())
    assert occurrences(doc, "at") == [0, 7, 15]


def test_matches_near_only_runs_around_triggers():
    doc = Document("the IEP is due; no iep here? iep!", Settings())
    regex = re.compile(r"\biep\b")
    assert [m.start() for m in matches_near(doc, trigger_set("iep"), regex)] == [4, 19, 29]
    assert matches_near(doc, trigger_set("adhd"), regex) == []


def refs(text: str, relational: bool = True) -> list[tuple[str, str]]:
    doc = Document(text, Settings())
    return [(text[r.start:r.end], r.kind) for r in person_refs(doc, 0, len(text), relational)]


def test_person_refs_kinds():
    assert refs("I spoke with Ms. Garcia about it.") == [("Ms. Garcia", "title")]
    assert refs("I think Jordan needs help.") == [("Jordan", "name")]
    assert refs("Jordan needs help.") == [("Jordan", "name")]  # a common given name at a start
    assert refs("Kwame's folder is here.") == [("Kwame's", "name")]  # possessive at a start
    assert refs("Zephyrine needs help.") == []  # unknown capitalised word at a sentence start
    assert refs("Her son is new.") == [("Her son", "relational")]
    assert refs("Her son is new.", relational=False) == []


def test_person_refs_skip_non_names_greetings_signatures_and_institutions():
    assert refs("Please meet on Monday in Room 5 with the Special Education team.") == []
    assert refs("Hi Jordan, the forms are ready.") == []
    assert refs("Dear Ms. Lee:\nthe forms are ready.") == []
    assert refs("The forms are ready.\nThanks,\nMaria") == []
    assert refs("She goes to Lincoln Elementary now.") == []
    assert refs("The forms are ready for your son.") == []  # the recipient's own child: not flagged


def test_word_window_counts_words_and_stops_at_paragraphs():
    text = "a b c d e f g h i j k l IEP m n o p q r s t u v w x"
    doc = Document(text, Settings())
    start = text.index("IEP")
    lo, hi = word_window(doc, start, start + 3, 3)
    assert text[lo:hi] == "j k l IEP m n o"
    text = "Jordan came.\n\nThe IEP is due.\n\nMaria left."
    doc = Document(text, Settings())
    start = text.index("IEP")
    lo, hi = word_window(doc, start, start + 3, 10)
    assert text[lo:hi] == "The IEP is due."
