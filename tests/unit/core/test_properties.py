"""Property-based: arbitrary Unicode never breaks the checker and every span is exact."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tap_assistant.core.checker import build_checker
from tap_assistant.core.config import Configuration, Settings

CHECKER = build_checker(Configuration(settings=Settings(district_domains=["district.example.org"], student_id_pattern=r"\b\d{8}\b")))

# Mix arbitrary code points with the words and characters the rules look for, so that
# generated drafts actually exercise the matchers, not only the no-match path.
RISKY_WORDS = st.sampled_from(
    ["text me", "love you", "between us", "friend me on snapchat", "536-22-8726", "@gmail.com", "!!!",
     "HATE THIS JOB", "😘", "🎉🎉🎉", "> quoted", "On Mon wrote:\n", "\r\n", "\x00", "\u200b", "שלום", "ﷺ", "l0ve u"]
)
DRAFTS = st.lists(st.one_of(st.text(max_size=40), RISKY_WORDS), max_size=25).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=DRAFTS, audience=st.sampled_from(["student", "parent", "colleague", "public"]))
def test_checker_never_raises_and_spans_are_exact(text, audience):
    report = CHECKER.check(text, audience)
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(report.text)
        assert report.text[finding.start : finding.end] == finding.text
    assert report.verdict.value in {"pass", "caution", "stop"}
    assert report.headline
    report.to_json()
