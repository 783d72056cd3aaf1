from pathlib import Path

import pytest

from tap_assistant.core.config import Configuration, RuleOverrides
from tap_assistant.core.document import Document
from tap_assistant.core.model import Audience, Severity
from tap_assistant.core.rulepack import load_rule_pack, run_examples
from tap_assistant.resources import default_rule_pack_dir

CATALOGUE = {f"T{i}" for i in range(1, 7)} | {f"A{i}" for i in range(1, 6)} | {f"P{i}" for i in (1, 2, 3, 4, 6)}
PACK = load_rule_pack(default_rule_pack_dir())


def test_shipped_pack_loads_without_problems():
    assert [str(p) for p in PACK.problems] == []


def test_every_clause_of_the_catalogue_is_covered():
    assert CATALOGUE <= PACK.clauses


@pytest.mark.parametrize("rule", PACK.rules, ids=lambda r: r.id)
def test_rule_is_complete(rule):
    assert len(rule.bad) >= 2 and len(rule.good) >= 2
    assert rule.message and rule.why and rule.headline
    assert f"clause {rule.clause}" in rule.why or f"clauses {rule.clause}" in rule.why or rule.clause in rule.why


def _example_cases():
    for rule in PACK.rules:
        for kind, examples in (("bad", rule.bad), ("good", rule.good)):
            for index, example in enumerate(examples):
                yield pytest.param(rule, kind, example, id=f"{rule.id}-{kind}-{index}")


@pytest.mark.parametrize("rule, kind, example", list(_example_cases()))
def test_rule_example(rule, kind, example):
    from tap_assistant.core.config import Settings

    document = Document(example, Settings(district_domains=["district.example.org"]))
    found = [f for f in rule.find(document, rule.example_audience)]
    if kind == "bad":
        assert found, f"{rule.id} missed its bad example"
        for finding in found:
            assert example[finding.start : finding.end] == finding.text
    else:
        assert [f.text for f in found if f.severity is not Severity.INFO or rule.severity is Severity.INFO] == []


def test_run_examples_reports_no_failures():
    count, failures = run_examples(PACK)
    assert count >= 4 * len(PACK.rules)
    assert [str(f) for f in failures] == []


def write_pack(tmp_path: Path, body: str) -> Path:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "rules.toml").write_text(body, encoding="utf-8")
    return pack


GOOD_RULE = """
[[rule]]
id = "T3.text-me"
pillar = "transparent"
severity = "stop"
message = "m"
why = "w (clause T3)"
headline = "h"
patterns = ["text me"]
bad = ["text me", "pls text me"]
good = ["hello", "bye"]
"""


def test_broken_rules_are_reported_and_the_rest_load(tmp_path):
    pack_dir = write_pack(
        tmp_path,
        GOOD_RULE
        + """
[[rule]]
id = "P1.bad-regex"
pillar = "professional"
severity = "caution"
message = "m"
why = "w"
headline = "h"
regex = ["(unclosed"]

[[rule]]
id = "P1.no-detector"
pillar = "professional"
severity = "caution"
message = "m"
why = "w"
headline = "h"
detector = "does_not_exist"

[[rule]]
id = "P1.bad-severity"
pillar = "professional"
severity = "severe"
message = "m"
why = "w"
headline = "h"
patterns = ["x"]
""",
    )
    pack = load_rule_pack(pack_dir)
    assert [r.id for r in pack.rules] == ["T3.text-me"]
    problems = {p.key: p for p in pack.problems}
    assert "regex" in problems["P1.bad-regex"].message
    assert problems["P1.bad-regex"].line is not None
    assert "does_not_exist" in problems["P1.no-detector"].message
    assert "severe" in problems["P1.bad-severity"].message


def test_invalid_toml_names_file_and_line(tmp_path):
    pack_dir = write_pack(tmp_path, 'id = "x"\n[[rule]\n')
    pack = load_rule_pack(pack_dir)
    assert pack.rules == []
    assert pack.problems[0].line == 2
    assert pack.problems[0].path.endswith("rules.toml")


def test_district_overrides_disable_change_and_add(tmp_path):
    pack_dir = write_pack(tmp_path, GOOD_RULE)
    config = Configuration(
        rules=RuleOverrides(
            disabled=set(),
            severities={"T3.text-me": Severity.CAUTION},
            added=[
                {
                    "id": "P2.district-word",
                    "pillar": "professional",
                    "severity": "stop",
                    "message": "m",
                    "why": "w",
                    "headline": "h",
                    "patterns": ["whatever"],
                }
            ],
        )
    )
    pack = load_rule_pack(pack_dir, config)
    assert pack.by_id("T3.text-me").severity is Severity.CAUTION
    findings = pack.find(Document("whatever, text me"), Audience.STUDENT)
    assert {f.rule for f in findings} == {"T3.text-me", "P2.district-word"}

    config.rules.disabled = {"T3.text-me", "X9.unknown"}
    pack = load_rule_pack(pack_dir, config)
    assert pack.by_id("T3.text-me") is None
    assert any(p.key == "X9.unknown" for p in pack.problems)


def test_first_word_index_finds_what_trying_every_word_finds():
    """Rules are tried only at words that can start a phrase; that must lose no match."""
    import sys

    from tap_assistant.core.patterns import Span, _match_sequence

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
    from corpus import RISKY, SENTENCES, draft

    texts = [draft(800, seed=s, risky_every=3) for s in range(3)] + RISKY + SENTENCES
    texts += [example for rule in PACK.rules for example in rule.bad + rule.good]
    for text in texts:
        document = Document(text)
        words = document.word_index.words
        for rule in PACK.rules:
            if not rule.patterns.phrases or rule.patterns.raw_source:
                continue
            brute: list[Span] = []
            position = 0
            while position < len(words):
                for phrase in rule.patterns.phrases:
                    end = _match_sequence(phrase, 0, words, position, True)
                    if end is not None and end > position:
                        brute.append(Span(words[position].start, words[end - 1].end))
                        position = end - 1
                        break
                position += 1
            assert rule.patterns.find(document) == brute, (rule.id, text[:60])


def test_an_exception_that_must_cover_the_match_leaves_the_rest_of_the_sentence_flagged(tmp_path):
    body = """
[[rule]]
id = "P6.nude"
pillar = "professional"
severity = "stop"
message = "m"
why = "w (clause P6)"
headline = "h"
patterns = ["(nude|sexy)"]
unless_covering = ["nude (tights|tone)"]
bad = ["send a nude", "you look sexy"]
good = ["wear nude tights", "hello"]
"""
    pack = load_rule_pack(write_pack(tmp_path, body))
    assert pack.problems == [] and len(pack.rules) == 1
    rule = pack.rules[0]
    assert rule.hits(Document("Wear nude tights on Saturday.")) == []
    text = "Wear nude tights on Saturday, you will look sexy."
    assert [text[h.start : h.end] for h in rule.hits(Document(text))] == ["sexy"]
    # A sentence-wide `unless` with the same words would have hidden "sexy" too.
    (tmp_path / "b").mkdir()
    sentence_wide = load_rule_pack(write_pack(tmp_path / "b", body.replace("unless_covering", "unless"))).rules[0]
    assert sentence_wide.hits(Document(text)) == []


def test_a_rule_that_skips_reported_words_leaves_them_and_checks_the_rest():
    from tap_assistant.core.document import Document
    from tap_assistant.core.rulepack import parse_rule

    raw = {
        "id": "P2.test-hostile", "pillar": "professional", "severity": "caution", "message": "m", "why": "w",
        "headline": "h", "patterns": ["shut up"], "reported": "skip",
    }
    rule = parse_rule(raw)
    assert rule.hits(Document('At recess Ava yelled "shut up" at a friend.')) == []
    assert len(rule.hits(Document("Honestly, shut up about the bus."))) == 1
    assert len(parse_rule(dict(raw, reported="check")).hits(Document('Ava yelled "shut up" at a friend.'))) == 1
    import pytest

    from tap_assistant.core.rulepack import RuleError

    with pytest.raises(RuleError, match="reported"):
        parse_rule(dict(raw, reported="sometimes"))


def test_confirm_by_meaning_is_a_true_or_false_key_and_the_pack_lists_its_rules():
    import pytest

    from tap_assistant.core.rulepack import RuleError, RulePack, parse_rule

    raw = {
        "id": "P6.test-romance", "pillar": "professional", "severity": "caution", "message": "m", "why": "w",
        "headline": "h", "patterns": ["sex"],
    }
    assert parse_rule(raw).confirm_by_meaning is False
    confirmed = parse_rule(dict(raw, confirm_by_meaning=True))
    assert confirmed.confirm_by_meaning is True
    with pytest.raises(RuleError, match="confirm_by_meaning"):
        parse_rule(dict(raw, confirm_by_meaning="yes"))
    pack = RulePack(rules=[parse_rule(dict(raw, id="P6.other")), confirmed])
    assert pack.confirmed_by_meaning == frozenset({"P6.test-romance"})
