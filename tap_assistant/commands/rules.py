"""`tap-assistant rules validate [PACK_DIR]`: load a pack, run every rule's examples."""

from __future__ import annotations

import argparse
from pathlib import Path

from tap_assistant.commands import UsageError
from tap_assistant.commands.common import add_policy_option, load_config_for
from tap_assistant.core.rulepack import load_rule_pack, run_examples
from tap_assistant.resources import default_rule_pack_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("rules", help="work with rule packs")
    actions = parser.add_subparsers(dest="rules_command", required=True)
    validate = actions.add_parser("validate", help="load a pack and run every rule's examples")
    validate.add_argument("pack_dir", nargs="?", type=Path, metavar="PACK_DIR")
    add_policy_option(validate)
    validate.set_defaults(func=run_validate)
    listing = actions.add_parser("list", help="list the rules of a pack")
    listing.add_argument("pack_dir", nargs="?", type=Path, metavar="PACK_DIR")
    listing.set_defaults(func=run_list)


def _pack_dir(args: argparse.Namespace) -> Path:
    pack_dir = args.pack_dir or default_rule_pack_dir()
    if not pack_dir.is_dir():
        raise UsageError(f"{pack_dir} is not a folder of rule files")
    return pack_dir


def run_validate(args: argparse.Namespace) -> int:
    pack_dir = _pack_dir(args)
    config = load_config_for(args) if args.policy else None
    pack = load_rule_pack(pack_dir, config)
    for problem in pack.problems:
        print(f"error: {problem}")
    count, failures = run_examples(pack)
    for failure in failures:
        print(f"fail: {failure}")
    print(
        f"{len(pack.rules)} rules, {count} examples: {count - len(failures)} passed, {len(failures)} failed;"
        f" {len(pack.problems)} problem(s) loading the pack"
    )
    meaning_failures = _validate_concepts(args)
    return 0 if not failures and not pack.problems and not meaning_failures else 1


def _validate_concepts(args: argparse.Namespace) -> int:
    """The meaning check's concept examples, when its model is installed; failures counted."""
    from tap_assistant.core.config import Settings
    from tap_assistant.semantic import load_semantic_checker
    from tap_assistant.semantic.concepts import ConceptError, shipped_concepts

    try:
        concepts = shipped_concepts()
    except ConceptError as error:
        print(f"error: {error}")
        return 1
    checker, status = load_semantic_checker(Settings())
    if checker is None:
        print(f"{len(concepts)} meaning concepts: examples not run ({status.detail})")
        return 0
    from tap_assistant.semantic.examples import run_concept_examples

    count, failures = run_concept_examples(checker, concepts)
    for failure in failures:
        print(f"fail: {failure}")
    print(f"{len(concepts)} meaning concepts, {count} examples: {count - len(failures)} passed, {len(failures)} failed")
    return len(failures)


def run_list(args: argparse.Namespace) -> int:
    pack = load_rule_pack(_pack_dir(args))
    for rule in pack.rules:
        audiences = ",".join(sorted(a.value for a in rule.audiences))
        print(f"{rule.id:32} {rule.pillar.value:12} {rule.severity.value:8} {audiences:33} {rule.title}")
    return 0
