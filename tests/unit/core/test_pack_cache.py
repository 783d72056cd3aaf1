from tap_assistant.core import pack_cache
from tap_assistant.core.document import Document
from tap_assistant.core.model import Audience
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
