"""Quoted versus forwarded (issue 10, item 3): a block the writer forwards from their own
account, or a header naming the writer as the sender, holds the writer's words; a reply quoted
from someone else stays exempt from tone rules."""

from __future__ import annotations

import pytest

from tap_assistant.core.checker import build_checker
from tap_assistant.core.config import Configuration, Settings
from tap_assistant.core.document import Document

OWN_FORWARD = """Hi Maya,

Here is the reading list I mentioned.

Thanks,
Jen Park

---------- Forwarded message ---------
From: Jen Park <jpark.home@yahoo.com>
Date: Mon, Oct 6, 2025 at 8:14 PM
Subject: reading list
To: Jen Park <jpark@oakusd.example.org>

Reading list for the fall: The Giver, Holes, Wonder. Text me with questions.
"""

OTHERS_FORWARD = """Hi Ms. Lee,

Maya's mom sent me this; I will call her tomorrow.

Thanks,
Jen Park

---------- Forwarded message ---------
From: Dana Cole <dcole77@yahoo.com>
Date: Mon, Oct 6, 2025 at 8:14 PM
Subject: reading list
To: Jen Park <jpark@oakusd.example.org>

This reading list is stupid and the homework is crap. Text me if you agree.
"""

OWN_REPLY = """Sure, see you at 3.

Best,
Jen

On Mon, Oct 6, 2025 at 8:14 PM Jen Park <jpark.home@gmail.com> wrote:
> can u meet after school lol
"""

OTHERS_REPLY = """Sure, see you at 3.

Best,
Jen

On Mon, Oct 6, 2025 at 8:14 PM Sam Ortiz <sam.ortiz09@gmail.com> wrote:
> can u meet after school lol this class is crap
"""


@pytest.fixture(scope="module")
def checker():
    return build_checker(Configuration(settings=Settings(district_domains=["oakusd.example.org"])))


def rules(report):
    return {f.rule for f in report.counted_findings()}


def test_a_block_forwarded_from_the_writers_own_account_is_the_writers(checker):
    found = rules(checker.check(OWN_FORWARD, "student"))
    assert {"T2.personal-email-address", "T3.texting-student"} <= found
    text = OWN_FORWARD
    assert not Document(text).is_quoted(text.index("jpark.home"))


def test_a_header_naming_the_writer_with_a_personal_address_counts_as_the_writers(checker):
    found = rules(checker.check(OWN_REPLY, "student"))
    assert "T2.personal-email-address" in found
    assert "P4.textspeak" in found


def test_someone_elses_forwarded_or_quoted_words_stay_exempt_from_tone(checker):
    assert rules(checker.check(OTHERS_FORWARD, "colleague")) == set()
    assert rules(checker.check(OTHERS_REPLY, "student")) == set()
    assert Document(OTHERS_REPLY).is_quoted(OTHERS_REPLY.index("crap"))


def test_without_a_signature_a_forward_stays_quoted():
    text = "FYI\n\n---------- Forwarded message ---------\nFrom: Jen Park <jpark.home@yahoo.com>\nDate: Mon\nSubject: x\nTo: y\n\nhello"
    assert Document(text).is_quoted(text.index("hello"))


# A reply quotes the reader's own message back to them: what it says is no news to that reader.
READERS_OWN_REPLY = """Dear Mr. Okafor,

Thank you for meeting with me. Nia will stay in third period for now, and I will check in with her on Friday.

Sincerely,
Dana Whitfield
Assistant Principal

> On Tue, Mar 3, 2026, Femi Okafor wrote:
> Ms. Brandt should be fired, she has been on a warning all year.
"""


def test_the_readers_own_words_quoted_back_disclose_nothing(checker):
    doc = Document(READERS_OWN_REPLY)
    assert doc.is_readers_own(READERS_OWN_REPLY.index("fired"))
    assert "A3.personnel" not in rules(checker.check(READERS_OWN_REPLY, "parent"))


def test_someone_elses_quoted_words_still_disclose_what_they_hold(checker):
    forwarded = READERS_OWN_REPLY.replace("Dear Mr. Okafor", "Dear Mrs. Lin")
    assert not Document(forwarded).is_readers_own(forwarded.index("fired"))
    assert "A3.personnel" in rules(checker.check(forwarded, "parent"))
