"""The rule pack: plain TOML rules, loaded, validated, and matched against a Document.

Each `resources/rules/*.toml` file holds `[[rule]]` tables (see resources/rules/README.md for
the format). A district policy can disable rules, change severities and add rules of its own.
A broken rule is reported with its file and id and left out; every other rule still loads.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tap_assistant.core import pack_cache
from tap_assistant.core.config import ConfigProblem, Configuration, Settings, toml_error_line
from tap_assistant.core.detectors import Hit, get_detector
from tap_assistant.core.document import Document
from tap_assistant.core.model import Audience, Finding, Pillar, Severity
from tap_assistant.core.patterns import CompiledPatterns, PatternError, compile_patterns
from tap_assistant.core.relation import RELATIONS, relation_near

ALL_AUDIENCES = frozenset(Audience)
_RULE_ID = re.compile(r"^[A-Z][0-9]+\.[a-z0-9][a-z0-9-]*$")
_OFF = "off"

_KNOWN_KEYS = {
    "id", "clause", "title", "pillar", "severity", "severity_by_audience", "audiences", "message",
    "why", "suggestions", "tips", "headline", "patterns", "regex", "detector", "quoted",
    "negation", "unless", "unless_covering", "requires", "bad", "good", "example_audience", "max_findings",
    "severity_by_relation", "reported", "confirm_by_meaning",
}
#: Readers outside the staff: for them, a relation (another student) can raise a severity.
_RELATION_AUDIENCES = frozenset({Audience.STUDENT, Audience.PARENT})

# Negation or instruction shortly before a match turns it into advice, not an act:
# "never accept friend requests from students", "please do not text me".
_NEGATION_CUE = re.compile(
    r"(?<![\w'])(?:never|not|don'?t|doesn'?t|didn'?t|shouldn'?t|mustn'?t|can'?t|cannot|won'?t|"
    r"wouldn'?t|avoid(?:ing)?|refrain(?:ing)? from|prohibit(?:ed|s)?|forbid(?:den|s)?|"
    r"no longer|instead of|rather than)(?![\w'])"
)
# ... unless the negated verb is one of these, which turn it back into an invitation.
_NOT_A_NEGATION = re.compile(
    r"^\W*(?:\w+\W+){0,1}(?:forget|hesitate|be afraid|be shy|wait|worry|mind)\b"
)
# A cue governs its own clause only: "Please don't use school email for this, just DM me" and
# "Never mind the school email, text me" invite the DM and the text. These start a new clause.
_CLAUSE_BREAK = re.compile(
    r"\b(?:but|instead|however|otherwise|rather|then)\b|(?:^|[,;:.!?(]\s*|\band\s+|\bso\s+)just\b|[;:()]|\s[-–—]+\s"
)
_NEGATION_WINDOW_WORDS = 7


def _clause_before(before: str) -> str:
    """The part of `before` (sentence text up to a match) in the match's own clause."""
    last_break = None
    for last_break in _CLAUSE_BREAK.finditer(before):
        pass
    if last_break is not None:
        before = before[last_break.end():]
    comma = before.rfind(",")
    if comma == -1:
        return before
    head = before[:comma]
    cues = list(_NEGATION_CUE.finditer(head))
    # "don't text, call or email me": one negated list of verbs, not a new clause.
    if cues and len(re.findall(r"[\w']+", head[cues[-1].end():])) <= 2:
        return before
    return before[comma + 1:]


@dataclass
class Rule:
    id: str
    clause: str
    pillar: Pillar
    severity: Severity
    message: str
    why: str
    headline: str
    title: str = ""
    audiences: frozenset[Audience] = ALL_AUDIENCES
    severity_by_audience: dict[Audience, Severity | None] = field(default_factory=dict)
    #: Whose child a hit is about (see core/relation.py) raises the severity for a student or
    #: parent reader: {"other_student": caution} flags a classmate's IEP even to a parent.
    severity_by_relation: dict[str, Severity] = field(default_factory=dict)
    suggestions: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()
    patterns: CompiledPatterns = field(default_factory=lambda: CompiledPatterns(None, ()))
    detector: str = ""
    skip_quoted: bool = False
    #: Leave someone else's words reported in quotation marks ('she told him to "shut up"').
    skip_reported: bool = False
    #: Words with many innocent uses ("sex offender registry", "disability services"): when the
    #: meaning check runs and reads nothing of concern near a finding, it is shown as a note.
    confirm_by_meaning: bool = False
    negation: bool = False
    unless: CompiledPatterns = field(default_factory=lambda: CompiledPatterns(None, ()))
    #: Exceptions that must cover the matched words themselves ("nude-tone tights" for "nude"),
    #: so that the rest of the sentence can still be flagged ("no nudity, just send a sexy pic").
    unless_covering: CompiledPatterns = field(default_factory=lambda: CompiledPatterns(None, ()))
    requires: CompiledPatterns = field(default_factory=lambda: CompiledPatterns(None, ()))
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()
    example_audience: Audience = Audience.STUDENT
    max_findings: int = 50
    source_file: str = ""

    def severity_for(self, audience: Audience) -> Severity | None:
        """None means the rule does not apply to this audience."""
        if audience not in self.audiences:
            return None
        if audience in self.severity_by_audience:
            return self.severity_by_audience[audience]
        return self.severity

    def _sentence_has(self, patterns: CompiledPatterns, document: Document, start: int) -> bool:
        sentence_start, sentence_end = document.sentence_bounds(start)
        return patterns.occurs_between(document, sentence_start, sentence_end)

    def _negated(self, document: Document, start: int) -> bool:
        before = _clause_before(document.sentence_before(start))
        words = re.findall(r"[\w']+", before)
        window_text = " ".join(words[-_NEGATION_WINDOW_WORDS:])
        for cue in _NEGATION_CUE.finditer(window_text):
            if not _NOT_A_NEGATION.match(window_text[cue.end():]):
                return True
        return False

    def hits(self, document: Document) -> list[Hit]:
        # A listed word that is part of a titled name is a name ("Coach Darling", "Ms. Honey Bush").
        hits = [
            Hit(span.start, span.end)
            for span in self.patterns.find(document)
            if not document.in_titled_name(span.start, span.end)
        ]
        if self.detector:
            hits.extend(get_detector(self.detector)(document))
        kept: list[Hit] = []
        for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
            if hit.end <= hit.start:
                continue
            if kept and hit.start < kept[-1].end:
                continue  # overlapping hits of one rule are one finding
            if (self.skip_quoted and document.is_quoted(hit.start)) or document.is_readers_own(hit.start):
                continue  # someone else's words, or the reader's own quoted back to them
            if self.skip_reported and document.is_reported_speech(hit.start):
                continue  # someone else's words reported in quotation marks
            if self.negation and self._negated(document, hit.start):
                continue
            if not self.unless.empty and self._sentence_has(self.unless, document, hit.start):
                continue
            if not self.unless_covering.empty and self.unless_covering.covers(document, hit.start, hit.end):
                continue
            if not self.requires.empty and not self._sentence_has(self.requires, document, hit.start):
                continue
            kept.append(hit)
            if len(kept) >= self.max_findings:
                break
        return kept

    def find(self, document: Document, audience: Audience) -> list[Finding]:
        severity = self.severity_for(audience)
        by_relation = self.severity_by_relation if audience in _RELATION_AUDIENCES else {}
        if severity is not None and all(raised.rank <= severity.rank for raised in by_relation.values()):
            by_relation = {}  # no relation could raise it: skip the look-up
        if severity is None and not by_relation:
            return []
        findings = []
        for hit in self.hits(document):
            hit_severity = severity
            about_other = ""
            if by_relation:
                relation = relation_near(document, hit.start, hit.end, student_reader=audience is Audience.STUDENT)
                raised = by_relation.get(relation)
                if raised is not None and (hit_severity is None or raised.rank > hit_severity.rank):
                    hit_severity = raised
                    about_other = " It seems to be about another student, not the reader's own child."
            if hit_severity is None:
                continue
            message = self.message
            if hit.detail:
                message = f"{message.rstrip('.')}: {hit.detail}."
            message += about_other
            findings.append(
                Finding(
                    rule=self.id,
                    pillar=self.pillar,
                    severity=hit.severity_by_audience.get(audience) or hit.severity or hit_severity,
                    start=hit.start,
                    end=hit.end,
                    text=document.text[hit.start : hit.end],
                    message=message,
                    why=self.why,
                    suggestions=self.suggestions,
                    tips=self.tips,
                    headline=self.headline,
                    clause=self.clause,
                    title=self.title,
                )
            )
        return findings


@dataclass
class RulePack:
    rules: list[Rule] = field(default_factory=list)
    problems: list[ConfigProblem] = field(default_factory=list)
    accepted_words: list[str] = field(default_factory=list)

    def find(self, document: Document, audience: Audience) -> list[Finding]:
        findings: list[Finding] = []
        for rule in self.rules:
            findings.extend(rule.find(document, audience))
        return findings

    @property
    def confirmed_by_meaning(self) -> frozenset[str]:
        """Ids of the rules whose findings the meaning check may turn into notes."""
        return frozenset(rule.id for rule in self.rules if rule.confirm_by_meaning)

    def by_id(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    @property
    def clauses(self) -> set[str]:
        return {rule.clause for rule in self.rules}


class RuleError(ValueError):
    pass


def _string_list(raw: dict[str, Any], key: str) -> list[str]:
    value = raw.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"'{key}' must be a list of strings")
    return value


def _severity(value: Any, key: str) -> Severity | None:
    if value == _OFF:
        return None
    try:
        return Severity(value)
    except ValueError:
        raise RuleError(f"'{key}' must be info, caution, stop (or off per audience), not {value!r}") from None


def _compile(raw: dict[str, Any], key: str) -> CompiledPatterns:
    try:
        return compile_patterns(_string_list(raw, key))
    except PatternError as error:
        raise RuleError(f"in '{key}': {error}") from None


def _reported(raw: dict[str, Any]) -> bool:
    value = raw.get("reported", "check")
    if value not in ("skip", "check"):
        raise RuleError("'reported' must be skip or check")
    return value == "skip"


def _confirm_by_meaning(raw: dict[str, Any]) -> bool:
    value = raw.get("confirm_by_meaning", False)
    if not isinstance(value, bool):
        raise RuleError("'confirm_by_meaning' must be true or false")
    return value


def parse_rule(raw: dict[str, Any], source_file: str = "", district: bool = False) -> Rule:
    """Build a Rule from one TOML table; raise RuleError saying what is wrong.

    `district`: the rule comes from a district's policy (`[[rules.add]]`), so its `regex` runs
    on RE2, in linear time (see district_regex.py)."""
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise RuleError(f"unknown key(s): {', '.join(sorted(unknown))}")
    for key in ("id", "pillar", "severity", "message", "why", "headline"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise RuleError(f"'{key}' is required and must be a non-empty string")
    rule_id = raw["id"]
    if not _RULE_ID.match(rule_id):
        raise RuleError(f"id {rule_id!r} must look like 'T2.personal-email' (clause, dot, lower-case name)")
    try:
        pillar = Pillar(raw["pillar"])
    except ValueError:
        raise RuleError(f"pillar {raw['pillar']!r} must be transparent, accessible or professional") from None
    severity = _severity(raw["severity"], "severity")
    if severity is None:
        raise RuleError("'severity' must be info, caution or stop")
    try:
        audiences = frozenset(Audience(a) for a in _string_list(raw, "audiences")) or ALL_AUDIENCES
        by_audience_raw = raw.get("severity_by_audience", {})
        if not isinstance(by_audience_raw, dict):
            raise RuleError("'severity_by_audience' must be a table")
        by_audience = {
            Audience(name): _severity(value, f"severity_by_audience.{name}")
            for name, value in by_audience_raw.items()
        }
        by_relation_raw = raw.get("severity_by_relation", {})
        if not isinstance(by_relation_raw, dict) or not set(by_relation_raw) <= set(RELATIONS):
            raise RuleError(f"'severity_by_relation' must be a table with keys {', '.join(RELATIONS)}")
        by_relation = {name: _severity(value, f"severity_by_relation.{name}") for name, value in by_relation_raw.items()}
        if None in by_relation.values():
            raise RuleError("'severity_by_relation' values must be info, caution or stop")
        example_audience = Audience(raw.get("example_audience", sorted(audiences, key=list(Audience).index)[0].value))
    except ValueError as error:
        if isinstance(error, RuleError):
            raise
        raise RuleError(f"unknown audience ({error}); use student, parent, colleague, public") from None
    patterns = _compile(raw, "patterns")
    regexes = _string_list(raw, "regex")
    if regexes:
        try:
            patterns = compile_patterns(_string_list(raw, "patterns"), regexes, district=district)
        except PatternError as error:
            raise RuleError(str(error)) from None
    detector = raw.get("detector", "")
    if detector:
        try:
            get_detector(detector)
        except KeyError as error:
            raise RuleError(str(error.args[0])) from None
    if patterns.empty and not detector:
        raise RuleError("needs 'patterns', 'regex' or a 'detector'")
    # Quoted earlier messages are not the author's words: only identifier and confidentiality
    # (accessible) rules look at them by default.
    quoted = raw.get("quoted", "check" if pillar is Pillar.ACCESSIBLE else "skip")
    if quoted not in ("skip", "check"):
        raise RuleError("'quoted' must be 'skip' or 'check'")
    bad, good = _string_list(raw, "bad"), _string_list(raw, "good")
    clause = raw.get("clause", rule_id.split(".")[0])
    return Rule(
        id=rule_id,
        clause=clause,
        title=raw.get("title", ""),
        pillar=pillar,
        severity=severity,
        severity_by_audience=by_audience,
        severity_by_relation=by_relation,
        audiences=audiences,
        message=raw["message"].strip(),
        why=raw["why"].strip(),
        headline=raw["headline"].strip(),
        suggestions=tuple(_string_list(raw, "suggestions")),
        tips=tuple(_string_list(raw, "tips")),
        patterns=patterns,
        detector=detector,
        skip_quoted=quoted == "skip",
        skip_reported=_reported(raw),
        confirm_by_meaning=_confirm_by_meaning(raw),
        negation=bool(raw.get("negation", False)),
        unless=_compile(raw, "unless"),
        unless_covering=_compile(raw, "unless_covering"),
        requires=_compile(raw, "requires"),
        bad=tuple(bad),
        good=tuple(good),
        example_audience=example_audience,
        max_findings=int(raw.get("max_findings", 50)),
        source_file=source_file,
    )


def _rule_line(source: str, rule_id: str) -> int | None:
    match = re.search(rf'^\s*id\s*=\s*"{re.escape(rule_id)}"', source, re.MULTILINE)
    return source.count("\n", 0, match.start()) + 1 if match else None


def _load_tables(
    tables: list[Any], path: str, source: str, problems: list[ConfigProblem], district: bool = False
) -> list[Rule]:
    rules = []
    for index, raw in enumerate(tables):
        rule_id = raw.get("id", f"rule #{index + 1}") if isinstance(raw, dict) else f"rule #{index + 1}"
        if not isinstance(raw, dict):
            problems.append(ConfigProblem(path, None, str(rule_id), "each rule must be a table"))
            continue
        try:
            rules.append(parse_rule(raw, path, district))
        except RuleError as error:
            problems.append(
                ConfigProblem(path, _rule_line(source, str(rule_id)), str(rule_id), f"rule left out: {error}")
            )
    return rules


def load_rule_files(pack_dir: Path, problems: list[ConfigProblem]) -> list[Rule]:
    files = sorted(pack_dir.glob("*.toml"))
    if not files:
        problems.append(ConfigProblem(str(pack_dir), None, "", "no rule files (*.toml) found"))
        return []

    def parse() -> tuple[list[Rule], list[ConfigProblem]]:
        found: list[ConfigProblem] = []
        return _parse_rule_files(files, found), found

    try:
        rules, found = pack_cache.cached(files, parse, lambda value: _cache_is_sound(value, files))
    except OSError as error:
        problems.append(ConfigProblem(str(pack_dir), None, "", f"cannot be read: {error}"))
        return []
    problems.extend(found)
    return rules


def _as_list(value: Any) -> list[Any]:
    return [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []


def _rule_matches_table(rule: Rule, table: dict[str, Any]) -> bool:
    """The parts of a cached rule that decide findings agree with its table in the rule file."""
    by_audience = table.get("severity_by_audience", {})
    expected_by_audience = {
        name: (None if value == _OFF else value) for name, value in by_audience.items()
    } if isinstance(by_audience, dict) else None
    return (
        rule.pillar.value == table.get("pillar")
        and rule.severity.value == table.get("severity")
        and rule.message == table.get("message")
        and rule.why == table.get("why")
        and rule.detector == table.get("detector", "")
        and rule.patterns.sources == tuple(_as_list(table.get("patterns", []))) + tuple(_as_list(table.get("regex", [])))
        and rule.unless.sources == tuple(_as_list(table.get("unless", [])))
        and rule.unless_covering.sources == tuple(_as_list(table.get("unless_covering", [])))
        and rule.requires.sources == tuple(_as_list(table.get("requires", [])))
        and {a.value for a in rule.audiences} == (set(_as_list(table.get("audiences", []))) or {a.value for a in Audience})
        and {a.value: (None if v is None else v.value) for a, v in rule.severity_by_audience.items()} == expected_by_audience
        and rule.max_findings == int(table.get("max_findings", 50))
        and rule.skip_quoted == ((table.get("quoted", "check" if rule.pillar is Pillar.ACCESSIBLE else "skip")) == "skip")
        and rule.negation == bool(table.get("negation", False))
        and rule.skip_reported == (table.get("reported", "check") == "skip")
        and rule.confirm_by_meaning == bool(table.get("confirm_by_meaning", False))
    )


def _cache_is_sound(value: Any, files: list[Path]) -> bool:
    """A cached (rules, problems) pair, checked against the rule files before it is used:
    only Rule and ConfigProblem objects; every rule the files define is there (or reported as
    left out) and agrees with its table; and every rule still flags its own bad examples and
    passes its good ones. A pack whose examples fail is never cached."""
    if not (isinstance(value, tuple) and len(value) == 2):
        return False
    rules, problems = value
    if not (isinstance(rules, list) and isinstance(problems, list)):
        return False
    if not all(type(rule) is Rule for rule in rules) or not all(type(p) is ConfigProblem for p in problems):
        return False
    tables: dict[str, dict[str, Any]] = {}
    count = 0
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for table in data.get("rule", []):
            count += 1
            if isinstance(table, dict) and isinstance(table.get("id"), str):
                tables.setdefault(table["id"], table)
    left_out = sum(1 for problem in problems if "rule left out" in problem.message or "must be a table" in problem.message)
    if len(rules) + left_out != count or len({rule.id for rule in rules}) != len(rules):
        return False
    for rule in rules:
        table = tables.get(rule.id)
        if table is None or not _rule_matches_table(rule, table):
            return False
    _count, failures = run_examples(RulePack(rules, [], []))
    return not failures


def _parse_rule_files(files: list[Path], problems: list[ConfigProblem]) -> list[Rule]:
    rules: list[Rule] = []
    for path in files:
        try:
            source = path.read_text(encoding="utf-8")
            data = tomllib.loads(source)
        except (OSError, UnicodeDecodeError) as error:
            problems.append(ConfigProblem(str(path), None, "", f"cannot be read: {error}"))
            continue
        except tomllib.TOMLDecodeError as error:
            problems.append(ConfigProblem(str(path), toml_error_line(error, source), "", f"is not valid TOML ({error})"))
            continue
        unknown = set(data) - {"rule", "pack"}
        for key in sorted(unknown):
            problems.append(ConfigProblem(str(path), None, key, "unknown top-level key, ignored"))
        rules.extend(_load_tables(data.get("rule", []), str(path), source, problems))
    return rules


def load_accepted_words(pack_dir: Path) -> list[str]:
    path = pack_dir / "accepted_words.txt"
    if not path.is_file():
        return []
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


def load_rule_pack(pack_dir: Path, config: Configuration | None = None) -> RulePack:
    """Load the pack, then apply the district's overrides (disable, severity, added rules)."""
    problems: list[ConfigProblem] = []
    rules = load_rule_files(pack_dir, problems)
    if config is not None:
        overrides = config.rules
        if overrides.added:
            source = ""
            try:
                source = Path(overrides.added_source).read_text(encoding="utf-8")
            except OSError:
                pass
            rules.extend(_load_tables(overrides.added, overrides.added_source, source, problems, district=True))
        known = {rule.id for rule in rules}
        for rule_id in sorted(overrides.disabled | set(overrides.severities)):
            if rule_id not in known:
                problems.append(
                    ConfigProblem(str(config.policy_path or ""), None, rule_id, "names a rule that does not exist")
                )
        rules = [rule for rule in rules if rule.id not in overrides.disabled]
        for rule in rules:
            if rule.id in overrides.severities:
                rule.severity = overrides.severities[rule.id]
                rule.severity_by_audience = {
                    audience: (None if value is None else rule.severity)
                    for audience, value in rule.severity_by_audience.items()
                }
    seen: set[str] = set()
    unique: list[Rule] = []
    for rule in rules:
        if rule.id in seen:
            problems.append(ConfigProblem(rule.source_file, None, rule.id, "duplicate rule id; the later one was left out"))
            continue
        seen.add(rule.id)
        unique.append(rule)
    return RulePack(unique, problems, load_accepted_words(pack_dir))


@dataclass(frozen=True)
class ExampleFailure:
    rule: str
    kind: str  # "bad" or "good"
    example: str
    found: tuple[str, ...]

    def __str__(self) -> str:
        if self.kind == "bad":
            return f"{self.rule}: bad example not flagged: {self.example!r}"
        return f"{self.rule}: good example flagged ({', '.join(self.found)}): {self.example!r}"


def run_examples(pack: RulePack, settings: Settings | None = None) -> tuple[int, list[ExampleFailure]]:
    """Run every rule's bad/good examples through that rule alone; return (count, failures).

    Examples are checked with a district domain set (district.example.org), so that a district
    address in a good example is recognised as one.
    """
    settings = settings or Settings(district_domains=["district.example.org"])
    failures: list[ExampleFailure] = []
    count = 0
    for rule in pack.rules:
        for kind, examples in (("bad", rule.bad), ("good", rule.good)):
            for example in examples:
                count += 1
                found = rule.find(Document(example, settings), rule.example_audience)
                flagged = [f for f in found if f.severity is not Severity.INFO or rule.severity is Severity.INFO]
                if kind == "bad" and not flagged:
                    failures.append(ExampleFailure(rule.id, kind, example, ()))
                if kind == "good" and flagged:
                    failures.append(ExampleFailure(rule.id, kind, example, tuple(f.text for f in flagged)))
    return count, failures
