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
    return 0 if not failures and not pack.problems else 1


def run_list(args: argparse.Namespace) -> int:
    pack = load_rule_pack(_pack_dir(args))
    for rule in pack.rules:
        audiences = ",".join(sorted(a.value for a in rule.audiences))
        print(f"{rule.id:32} {rule.pillar.value:12} {rule.severity.value:8} {audiences:33} {rule.title}")
    return 0
