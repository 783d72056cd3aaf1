"""District regular expressions run in linear time (RE2); patterns RE2 refuses are named."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tap_assistant.core.checker import build_checker
from tap_assistant.core.config import Configuration, Settings, load_configuration
from tap_assistant.core.district_regex import DistrictRegexError, compile_district_regex
from tap_assistant.core.rulepack import load_rule_pack
from tap_assistant.resources import default_rule_pack_dir

REDOS = "(a+)+$"
# Python's `re` needs about 2**len seconds-ish on this: 40 letters would never return.
HOSTILE = "Yaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaay! " * 20


def test_the_catastrophic_pattern_is_linear_on_re2():
    pattern = compile_district_regex(REDOS)
    started = time.perf_counter()
    assert pattern.search("Y" + "a" * 100_000 + "y!") is None
    assert time.perf_counter() - started < 1.0


def test_spans_are_code_points_like_re():
    pattern = compile_district_regex(r"\bMV\d{7}\b", ignore_case=True)
    text = "😀 é mv1234567 and MV7654321"
    assert [(m.start(), m.end()) for m in pattern.finditer(text)] == [(4, 13), (18, 27)]


@pytest.mark.parametrize("pattern", [r"(?<=id )\d+", r"(\d)\1", r"\d+(?!x)"])
def test_what_re2_cannot_take_is_refused_in_plain_words(pattern):
    with pytest.raises(DistrictRegexError, match="RE2"):
        compile_district_regex(pattern)


def test_a_redos_student_id_pattern_answers_in_under_a_second():
    config = Configuration(settings=Settings(student_id_pattern=REDOS))
    checker = build_checker(config)
    started = time.perf_counter()
    report = checker.check(HOSTILE, "student")
    assert time.perf_counter() - started < 1.0
    assert report.verdict is not None


def test_a_redos_regex_in_an_added_rule_answers_in_under_a_second(tmp_path: Path):
    policy = tmp_path / "policy.toml"
    policy.write_text(
        """
[[rules.add]]
id = "P2.district-aaah"
pillar = "professional"
severity = "caution"
message = "Too many a's."
why = "District style."
headline = "Aaah"
regex = "(a+)+$"
bad = ["aaa", "aaaa"]
good = ["b", "bb"]
""",
        encoding="utf-8",
    )
    config = load_configuration(policy, tmp_path / "none.toml", extra_policies=[])
    checker = build_checker(config)
    started = time.perf_counter()
    report = checker.check(HOSTILE.strip().rstrip("y!") + "aaa", "student")
    assert time.perf_counter() - started < 1.0
    assert "P2.district-aaah" in {f.rule for f in report.findings}


def test_refused_patterns_are_reported_with_file_line_and_key(tmp_path: Path):
    policy = tmp_path / "policy.toml"
    policy.write_text(
        """[settings]
district_name = "Maple Valley"
student_id_pattern = "(?<=ID )\\\\d{7}"

[[rules.add]]
id = "T1.district-lookbehind"
pillar = "transparent"
severity = "caution"
message = "m"
why = "w"
headline = "h"
regex = "(?<!district )chat"
bad = ["chat now", "chat later"]
good = ["b", "bb"]
""",
        encoding="utf-8",
    )
    config = load_configuration(policy, tmp_path / "none.toml", extra_policies=[])
    by_key = {p.key: p for p in config.problems}
    problem = by_key["student_id_pattern"]
    assert problem.path == str(policy) and problem.line == 3 and "RE2" in problem.message
    assert config.settings.district_name == "Maple Valley"  # everything else still loads
    pack = load_rule_pack(default_rule_pack_dir(), config)
    added = [p for p in pack.problems if p.key == "T1.district-lookbehind"]
    assert len(added) == 1
    assert added[0].path == str(policy) and added[0].line == 6 and "RE2" in added[0].message
    assert pack.by_id("T1.district-lookbehind") is None and pack.by_id("T3.texting-student") is not None
