from dataclasses import replace

import pytest

from tap_assistant.core.checker import build_checker, merge_meaning
from tap_assistant.core.config import Configuration, Settings
from tap_assistant.core.model import Audience, Finding, GrammarResult, GrammarStatus, Pillar, Severity, Source, Verdict
from tap_assistant.core.textutil import MAX_CHECK_CHARS, codepoint_offset, utf16_offset, utf16_span


@pytest.fixture(scope="module")
def checker():
    config = Configuration(settings=Settings(district_name="Maple Valley SD", district_domains=["maplevalley.org"]))
    return build_checker(config)


def rules_of(report):
    return {f.rule for f in report.findings}


def test_clean_draft_passes_with_positive_headline(checker):
    report = checker.check("Hi Sam, the field trip form is due Friday. Thank you!", "student")
    assert report.verdict is Verdict.PASS
    assert report.findings == []
    assert "Maple Valley SD" in report.headline


def test_pillar_and_overall_verdicts_follow_the_worst_finding(checker):
    report = checker.check("Text me tonight, and keep this between us.", "student")
    assert report.pillar_verdict(Pillar.TRANSPARENT) is Verdict.STOP
    assert report.pillar_verdict(Pillar.ACCESSIBLE) is Verdict.PASS
    assert report.verdict is Verdict.STOP
    assert "Secrets" in report.headline or "Cell" in report.headline


def test_district_address_passes_and_personal_address_stops(checker):
    assert checker.check("Email me at j.doe@maplevalley.org", "parent").verdict is Verdict.PASS
    report = checker.check("Email me at jdoe77@gmail.com", "parent")
    assert "T2.personal-email-address" in rules_of(report)
    assert report.verdict is Verdict.STOP


def test_audience_changes_severity(checker):
    text = "Text me if the bus is late."
    assert checker.check(text, Audience.STUDENT).verdict is Verdict.STOP
    assert checker.check(text, Audience.PARENT).verdict is Verdict.PASS  # allowed, shown as info
    assert "T3.texting-student" in rules_of(checker.check(text, Audience.PARENT))


def test_negation_and_instruction_are_not_acts(checker):
    assert checker.check("Never accept friend requests from students.", "colleague").verdict is Verdict.PASS
    assert "T4.social-connection" not in rules_of(checker.check("Please do not friend me on Facebook.", "student"))
    assert "T4.social-connection" in rules_of(checker.check("Friend me on Facebook!", "student"))
    # "don't forget" and "don't hesitate" are invitations, not negations
    assert "T3.texting-student" in rules_of(checker.check("Don't hesitate to text me.", "student"))


def test_quoted_text_skips_tone_but_not_identifiers(checker):
    text = (
        "Thank you for your note; I will follow up tomorrow.\n\n"
        "On Mon, Jan 6, 2025, Pat Parent wrote:\n"
        "> This school is run by IDIOTS AND MORONS!!!\n"
        "> My SSN is 536-22-8726 if you need it."
    )
    report = checker.check(text, "parent")
    rules = rules_of(report)
    assert not rules & {"P2.shouting", "P2.exclamations", "P2.demeaning-labels"}
    assert "A4.ssn" in rules


def test_spans_are_exact_after_emoji_and_rtl(checker):
    text = "שלום 👋🏽 friend me on snapchat 😘 please"
    report = checker.check(text, "student")
    assert report.findings
    for finding in report.findings:
        assert text[finding.start : finding.end] == finding.text


@pytest.mark.parametrize(
    "text, audience, rule",
    [
        # Paraphrases written for the tests: none is in the eval set.
        ("Hit me up on WhatsApp instead of school email.", "parent", "T1.off-channel-move"),
        ("Ping me on Signal when you get a minute.", "parent", "T1.off-channel-move"),
        ("Follow my insta for team pics!", "student", "T4.social-connection"),
        ("Shoot me a text on my personal cell when you land.", "student", "T3.texting-student"),
        ("Go ahead and add me on insta, my handle is below.", "student", "T4.social-connection"),
        ("Want to squad up in Fortnite tonight?", "student", "T5.gaming-invitation"),
        ("This stays just between you and me, ok?", "student", "T6.secrecy"),
        ("Do not tell your parents we talked.", "student", "T6.secrecy"),
        ("Others would not understand what we have.", "student", "T6.secrecy"),
        ("Sometimes my private instagram account is the only place I can be honest.", "public", "T1.hidden-account"),
        ("Honestly fed up with these teenagers today.", "public", "A1.venting"),
        ("Ugh, I want to strangle a few students.", "public", "P2.violent-language"),
        ("Laziest student I have ever taught.", "parent", "P2.demeaning-labels"),
        ("Could you ask your dimwit daughter to return the library books?", "parent", "P2.demeaning-labels"),
        ("Honestly he's an absolute numbskull in lab.", "colleague", "P2.demeaning-labels"),
        ("He's every bit as lazy as his older brother.", "parent", "P2.sibling-comparison"),
        ("What is wrong with your son?", "parent", "P2.hostile"),
        ("That's simply not true.", "parent", "P2.contradiction"),
        ("Love ya, kiddo!", "student", "P3.affection"),
        ("Can't stop thinking about you.", "student", "P3.affection"),
        ("u coming 2day? lol idk", "student", "P4.textspeak"),
        ("I was so drunk at the staff party, lol.", "public", "P6.substances"),
        ("Are you seeing anyone these days?", "student", "P6.romance-and-sex"),
        ("I posted photos of my students on my Facebook page.", "public", "A5.student-images"),
    ],
)
def test_rules_generalise_to_paraphrases(checker, text, audience, rule):
    report = checker.check(text, audience)
    assert rule in rules_of(report)
    assert report.verdict is not Verdict.PASS


@pytest.mark.parametrize(
    "text, audience",
    [
        ("Please text the front office if the bus is late.", "parent"),
        ("Our class will play against Lincoln in the final on Friday.", "parent"),
        ("I love how hard you worked on this essay.", "student"),
        ("Please keep your password secret and never tell anyone.", "student"),
        ("The kindergarten class loved the farm animals.", "parent"),
        ("Let's move the meeting to Thursday.", "colleague"),
        ("Follow me to the gym after lunch.", "student"),
        ("In the text you will find three examples of irony.", "student"),
        ("We will discuss the IEP process at the staff meeting.", "colleague"),
        ("All schools are CLOSED today due to snow. Stay safe!", "public"),
        ("I felt like an idiot when the projector died mid-lesson.", "colleague"),
    ],
)
def test_ordinary_school_messages_pass(checker, text, audience):
    report = checker.check(text, audience)
    assert report.verdict is Verdict.PASS, [(f.rule, f.text) for f in report.findings]


def test_long_text_is_capped_with_notice(checker):
    text = "All good here. " * (MAX_CHECK_CHARS // 10)
    report = checker.check(text, "student")
    assert len(report.text) == MAX_CHECK_CHARS
    assert [n.code for n in report.notices] == ["truncated"]


def test_with_grammar_merges_and_json_shape(checker):
    report = checker.check("Text me.", "student")
    from tap_assistant.core.model import Finding, Severity

    grammar_finding = Finding(
        rule="UPPERCASE_SENTENCE_START", pillar=Pillar.PROFESSIONAL, severity=Severity.CAUTION,
        start=0, end=4, text="Text", message="m", why="w", source=Source.GRAMMAR,
    )
    merged = report.with_grammar(GrammarResult(GrammarStatus.CHECKED, "", (grammar_finding,)))
    data = merged.to_json()
    assert set(data) >= {"verdict", "pillars", "findings", "grammar", "headline"}
    assert data["grammar"] == {"status": "checked", "detail": ""}
    assert {f["source"] for f in data["findings"]} == {"tap", "grammar"}
    assert set(data["findings"][0]) >= {"rule", "pillar", "severity", "start", "end", "text", "message", "why", "suggestions", "source"}


def test_utf16_conversion_round_trips():
    text = "a😀b👍🏽c"
    assert utf16_offset(text, 1) == 1
    assert utf16_offset(text, 2) == 3
    assert utf16_span(text, 3, len(text)) == (4, 9)
    for index in range(len(text) + 1):
        assert codepoint_offset(text, utf16_offset(text, index)) == index


def test_a_parents_address_in_the_quoted_header_is_not_the_authors(checker):
    text = "Thanks, I will call you tomorrow.\n\nOn Tue, Mar 4, 2025, Pat Lee <pat.lee77@gmail.com> wrote:\n> Can we talk?"
    report = checker.check(text, "parent")
    assert "T2.personal-email-address" not in rules_of(report)
    assert report.verdict is Verdict.PASS


def test_warm_up_loads_every_detector_and_changes_no_result(checker):
    from tap_assistant.core.detectors.registry import DETECTORS

    before = checker.check("Text me tonight.", "student").to_json()
    checker.warm_up()
    assert {rule.detector for rule in checker.pack.rules if rule.detector} <= set(DETECTORS)
    assert checker.check("Text me tonight.", "student").to_json() == before


def test_headline_takes_grammar_into_account() -> None:
    from tap_assistant.core.headline import build_headline
    from tap_assistant.core.model import Audience, Finding, Pillar, Report, Severity, Source

    typo = Finding(rule="MORFOLOGIK_RULE_EN_US", pillar=Pillar.PROFESSIONAL, severity=Severity.CAUTION, start=0,
                   end=5, text="feild", message="m", why="w", source=Source.GRAMMAR)
    style = Finding(rule="STYLE", pillar=Pillar.PROFESSIONAL, severity=Severity.INFO, start=0, end=5,
                    text="feild", message="m", why="w", source=Source.GRAMMAR)
    with_typo = Report(text="feild trip", audience=Audience.PARENT, findings=[typo])
    only_style = Report(text="feild trip", audience=Audience.PARENT, findings=[style])
    assert "Spelling and Grammar" in build_headline(with_typo, "Maple Valley")
    assert "Professionally" in build_headline(only_style, "Maple Valley")  # a style note is no mistake


def test_a_rule_card_that_absorbs_a_meaning_finding_keeps_the_stronger_severity() -> None:
    def finding(source: Source, severity: Severity, start: int, end: int, clause: str = "P2") -> Finding:
        return Finding("r", Pillar.PROFESSIONAL, severity, start, end, "x", "m", "w", source=source, clause=clause)

    rule = finding(Source.TAP, Severity.CAUTION, 0, 10)
    stronger = finding(Source.SEMANTIC, Severity.STOP, 5, 20)
    merged = merge_meaning([rule], [stronger])
    assert [(f.source, f.severity) for f in merged] == [(Source.TAP, Severity.STOP)]
    # a note raised says why: the meaning check read more than the rule's words
    note = finding(Source.TAP, Severity.INFO, 0, 10)
    raised = merge_meaning([note], [replace(stronger, title="a disclosure about a student")])
    assert [(f.source, f.severity) for f in raised] == [(Source.TAP, Severity.STOP)]
    assert "reads this sentence as \"a disclosure about a student\"" in raised[0].message
    weaker = finding(Source.SEMANTIC, Severity.INFO, 5, 20)
    assert merge_meaning([note], [weaker])[0].message == "m"
    assert [(f.source, f.severity) for f in merge_meaning([rule], [weaker])] == [(Source.TAP, Severity.CAUTION)]
    other_clause = finding(Source.SEMANTIC, Severity.STOP, 5, 20, clause="T6")
    assert len(merge_meaning([rule], [other_clause])) == 2
    apart = finding(Source.SEMANTIC, Severity.STOP, 10, 20)
    assert [f.severity for f in merge_meaning([rule], [apart])] == [Severity.CAUTION, Severity.STOP]


def test_a_keyword_finding_becomes_a_note_only_where_the_meaning_check_reads_nothing() -> None:
    from tap_assistant.core.checker import MEANING_READS_NOTHING, confirm_by_meaning
    from tap_assistant.core.document import Document

    class ReadsQuietAt:
        """A stand-in meaning check, quiet at the offsets it is given (a unit test of the merge only)."""

        def __init__(self, quiet_offsets: set[int]) -> None:
            self.quiet_offsets = quiet_offsets
            self.asked: list[int] = []

        def find(self, document, audience):
            return []

        def quiet_near(self, document, offsets):
            self.asked.extend(offsets)
            return [offset in self.quiet_offsets for offset in offsets]

    def finding(rule: str, severity: Severity, start: int, source: Source = Source.TAP) -> Finding:
        return Finding(rule, Pillar.ACCESSIBLE, severity, start, start + 3, "x", "m.", "w", source=source)

    keyword = finding("A3.personnel", Severity.STOP, 0)
    elsewhere = finding("A3.personnel", Severity.CAUTION, 40)
    trust = finding("T6.secrecy", Severity.STOP, 0)
    already_note = finding("A3.personnel", Severity.INFO, 0)
    meaning_own = finding("A3.personnel", Severity.STOP, 0, Source.SEMANTIC)
    meaning = ReadsQuietAt({0})
    result = confirm_by_meaning(
        [keyword, elsewhere, trust, already_note, meaning_own], frozenset({"A3.personnel"}), meaning, Document("x" * 50)
    )
    assert [f.severity for f in result] == [Severity.INFO, Severity.CAUTION, Severity.STOP, Severity.INFO, Severity.STOP]
    assert result[0].message == "m." + MEANING_READS_NOTHING
    assert meaning.asked == [0, 40]  # only the confirmable rule findings above a note are asked about
    assert confirm_by_meaning([trust], frozenset({"A3.personnel"}), ReadsQuietAt(set()), Document("x")) == [trust]


def test_a_meaning_check_that_fails_while_confirming_leaves_the_whole_rule_result() -> None:
    from tap_assistant.core.config import Configuration, Settings
    from tap_assistant.core.model import SemanticResult, SemanticStatus

    class FailsToConfirm:
        def find(self, document, audience):
            return [Finding("meaning.personnel", Pillar.ACCESSIBLE, Severity.STOP, 0, 5, "x", "m", "w",
                            source=Source.SEMANTIC, clause="A3")]

        def quiet_near(self, document, offsets):
            raise MemoryError("no room")

    text = "Ms. Green is on medical leave for her surgery."
    rules_only = build_checker(Configuration(settings=Settings())).check(text, Audience.PARENT)
    checker = build_checker(Configuration(settings=Settings())).with_meaning(
        FailsToConfirm(), SemanticResult(SemanticStatus.CHECKED, "test")
    )
    report = checker.check(text, Audience.PARENT)
    assert report.semantic.status is SemanticStatus.UNAVAILABLE
    assert [(f.rule, f.severity) for f in report.findings] == [(f.rule, f.severity) for f in rules_only.findings]
    assert rules_only.findings and all(f.source is Source.TAP for f in report.findings)
