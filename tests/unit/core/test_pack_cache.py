import copy
import pickle

import pytest

from tap_assistant.core import pack_cache
from tap_assistant.core.document import Document
from tap_assistant.core.model import Audience, Severity
from tap_assistant.core.patterns import compile_patterns
from tap_assistant.core.rulepack import load_rule_pack

RULE = """
[[rule]]
id = "P2.word"
pillar = "professional"
severity = "caution"
message = "m"
why = "w"
headline = "h"
patterns = ["{word}"]
"""


def make_pack(tmp_path, word):
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    (pack / "rules.toml").write_text(RULE.format(word=word), encoding="utf-8")
    return pack


def test_cache_is_used_and_invalidated_by_edits(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(pack_cache.DISABLE_VARIABLE, raising=False)
    pack_dir = make_pack(tmp_path, "whatever")
    first = load_rule_pack(pack_dir)
    cached_files = list(pack_cache.cache_dir().glob("rulepack-*.pickle"))
    assert len(cached_files) == 1
    second = load_rule_pack(pack_dir)
    assert [r.id for r in second.rules] == [r.id for r in first.rules]
    assert second.find(Document("whatever you say"), Audience.STUDENT)

    make_pack(tmp_path, "nonsense")  # an edit: new digest, old cache file replaced
    third = load_rule_pack(pack_dir)
    assert third.find(Document("that is nonsense"), Audience.STUDENT)
    assert not third.find(Document("whatever you say"), Audience.STUDENT)
    assert len(list(pack_cache.cache_dir().glob("rulepack-*.pickle"))) == 1


def test_corrupt_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(pack_cache.DISABLE_VARIABLE, raising=False)
    pack_dir = make_pack(tmp_path, "whatever")
    load_rule_pack(pack_dir)
    (cache_file,) = pack_cache.cache_dir().glob("rulepack-*.pickle")
    cache_file.write_bytes(b"not a pickle")
    pack = load_rule_pack(pack_dir)
    assert [r.id for r in pack.rules] == ["P2.word"]
    assert cache_file.read_bytes() != b"not a pickle"


def test_problems_survive_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pack_dir = make_pack(tmp_path, "(broken")
    for _ in range(2):
        pack = load_rule_pack(pack_dir)
        assert pack.rules == [] and "never closed" in pack.problems[0].message


PACK_RULE = RULE + """bad = ["whatever you say", "well, whatever"]
good = ["what ever", "hello"]
"""


def make_tested_pack(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    (pack / "rules.toml").write_text(PACK_RULE.format(word="whatever"), encoding="utf-8")
    return pack


class _Planted:
    """A pickle that would run a command when loaded by a plain unpickler."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        import os

        return (os.system, (f"touch {self.marker}",))


def _cache_file(pack_dir):
    files = sorted(pack_dir.glob("*.toml"))
    return pack_cache.cache_dir() / f"rulepack-{pack_cache.pack_digest(files)}.pickle"


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(pack_cache.DISABLE_VARIABLE, raising=False)


def test_a_planted_cache_cannot_run_code(tmp_path, private_cache):
    pack_dir = make_tested_pack(tmp_path)
    marker = tmp_path / "pwned"
    target = _cache_file(pack_dir)
    target.parent.mkdir(parents=True, mode=0o700)
    target.write_bytes(pickle.dumps(_Planted(marker)))
    target.chmod(0o600)
    pack = load_rule_pack(pack_dir)
    assert not marker.exists()
    assert [r.id for r in pack.rules] == ["P2.word"]
    assert pack.find(Document("whatever you say"), Audience.STUDENT)
    # Rebuilt silently: the planted file is gone, replaced by a good cache.
    assert b"system" not in target.read_bytes()


def test_a_planted_cache_of_real_rules_that_weakens_one_is_refused(tmp_path, private_cache):
    pack_dir = make_tested_pack(tmp_path)
    rules, problems = load_rule_pack(pack_dir).rules, []
    target = _cache_file(pack_dir)
    for weaken in (
        lambda rule: setattr(rule, "severity", Severity.INFO),
        lambda rule: setattr(rule, "patterns", compile_patterns(["zzz"])),
    ):
        weakened = copy.deepcopy(rules)
        weaken(weakened[0])
        target.write_bytes(pickle.dumps((weakened, problems)))
        target.chmod(0o600)
        pack = load_rule_pack(pack_dir)
        findings = pack.find(Document("whatever you say"), Audience.STUDENT)
        assert findings and findings[0].severity is Severity.CAUTION


def test_a_malformed_or_foreign_cache_is_rebuilt_without_a_traceback(tmp_path, private_cache):
    pack_dir = make_tested_pack(tmp_path)
    load_rule_pack(pack_dir)
    target = _cache_file(pack_dir)
    good = target.read_bytes()
    for planted in (good[: len(good) // 2], b"\x80\x05garbage", pickle.dumps({"rules": 1}), pickle.dumps(([1, 2], []))):
        target.write_bytes(planted)
        pack = load_rule_pack(pack_dir)
        assert [r.id for r in pack.rules] == ["P2.word"]
    # Writable by others (or another user's file): not read, whatever it holds.
    weakened = copy.deepcopy(load_rule_pack(pack_dir).rules)
    weakened[0].severity = Severity.INFO
    target.write_bytes(pickle.dumps((weakened, [])))
    target.chmod(0o666)
    assert not pack_cache._safe_to_read(target, target.stat())
