"""`tap-assistant eval FILE.jsonl`: recall per pillar and false-alarm rate on labelled messages."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tap_assistant.commands import UsageError
from tap_assistant.commands.check import check_grammar
from tap_assistant.commands.common import add_policy_option, add_semantic_option, build_checker_for, load_config_for
from tap_assistant.core.evaluation import EvalFileError, LabelledMessage, load_labelled, read_jsonl, score
from tap_assistant.core.model import Audience, Pillar, Report


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("eval", help="score the checker on labelled messages (JSONL)")
    parser.add_argument("file", type=Path, metavar="FILE.jsonl")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--grammar",
        action="store_true",
        help="also run the grammar engine (off by default: the set measures the TAP rules)",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list every message's verdict and rules")
    parser.add_argument(
        "--corpus",
        action="store_true",
        help="FILE is in the meaning-check corpus format (resources/semantic/corpus/*/*.jsonl); "
        "also prints recall per concept",
    )
    add_semantic_option(parser)
    add_policy_option(parser)
    parser.set_defaults(func=run)


def load_corpus_messages(path: Path) -> list[LabelledMessage]:
    """Corpus items as labelled messages: pillars from the concepts, audience from the reader."""
    from tap_assistant.semantic.concepts import shipped_concepts

    pillars = {c.id: {c.pillar, *c.also_pillars} for c in shipped_concepts()}
    messages = []
    for number, raw in read_jsonl(path):
        try:
            concepts = list(raw["concepts"])
            messages.append(
                LabelledMessage(
                    id=str(raw.get("family") or f"line-{number}"),
                    text=str(raw["text"]),
                    violation=bool(concepts),
                    pillars=frozenset(p for c in concepts for p in pillars[c]),
                    audience=Audience(raw.get("reader", "student")),
                    concepts=tuple(concepts),
                )
            )
        except (ValueError, KeyError, TypeError) as error:
            raise EvalFileError(f"{path}:{number}: not a corpus item ({error})") from error
    return messages


def run(args: argparse.Namespace) -> int:
    config = load_config_for(args)
    try:
        messages = load_corpus_messages(args.file) if args.corpus else load_labelled(args.file)
    except EvalFileError as error:
        raise UsageError(str(error)) from error
    checker = build_checker_for(args, config)
    if checker.meaning is None and not args.no_semantic:
        print(f"tap-assistant: meaning check {checker.meaning_status.status.value}: {checker.meaning_status.detail}", file=sys.stderr)

    def check(text: str, audience: Audience) -> Report:
        report = checker.check(text, audience)
        if args.grammar:
            report = report.with_grammar(check_grammar(text, config, True))
        if args.verbose:
            rules = ", ".join(f"{f.rule}:{f.severity.value}" for f in report.findings) or "-"
            print(f"{report.verdict.value:8} {audience.value:9} {rules}", file=sys.stderr)
        return report

    result = score(messages, check)
    if args.format == "json":
        json.dump(result.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"messages: {len(messages)} ({result.violations} violations, {result.acceptable} acceptable)")
    print(f"recall: {result.recall:.3f} ({result.caught}/{result.violations})")
    for pillar in Pillar:
        total = result.pillar_total[pillar]
        print(f"  {pillar.value:13} {result.pillar_recall(pillar):.3f} ({result.pillar_caught[pillar]}/{total})")
    print(f"false-alarm rate: {result.false_alarm_rate:.3f} ({result.false_alarms}/{result.acceptable})")
    if result.concept_total:
        print("recall per concept (caught by any finding):")
        for concept, total in sorted(result.concept_total.items()):
            print(f"  {concept:26} {result.concept_caught[concept] / total:.3f} ({result.concept_caught[concept]}/{total})")
    if result.missed:
        print("missed: " + ", ".join(result.missed))
    if result.false_alarm_ids:
        print("false alarms: " + ", ".join(result.false_alarm_ids))
    return 0
