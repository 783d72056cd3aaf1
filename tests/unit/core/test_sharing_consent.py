"""A draft that says the family agreed to what it shares."""

from __future__ import annotations

import pytest

from tap_assistant.core.document import Document
from tap_assistant.core.sharing_consent import states_consent_to_share


@pytest.mark.parametrize(
    "text",
    [
        "With his mom's permission, I'm letting the team know Theo broke his wrist.",
        "Her parents signed a release of information so I can talk with her therapist.",
        "Ana said it was okay to loop you in about the move.",
        "The family gave me permission to share that they are in a shelter for now.",
        "His dad asked me to let you know he'll be picking Luis up early all week.",
    ],
)
def test_consent_to_share_is_read(text):
    assert states_consent_to_share(Document(text))


@pytest.mark.parametrize(
    "text",
    [
        "Between us, Theo's parents are splitting up.",
        "Permission slips for the zoo are due Friday.",
        "Please share the agenda with your team before Monday.",
    ],
)
def test_no_consent_is_read_where_none_is_given(text):
    assert not states_consent_to_share(Document(text))
