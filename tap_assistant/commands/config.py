"""`tap-assistant config show [--format json]`: every effective setting and where it came from."""

from __future__ import annotations

import argparse
import json
import sys

from tap_assistant.commands.common import add_policy_option, load_config_for
from tap_assistant.core.config import SETTING_NAMES, Configuration, toml_value


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("config", help="show the effective settings")
    actions = parser.add_subparsers(dest="config_command", required=True)
    show = actions.add_parser(
        "show", help="print every setting, its value and where it came from (default, policy, registry, profile, user)"
    )
    show.add_argument("--format", choices=("text", "json"), default="text")
    add_policy_option(show)
    show.set_defaults(func=run_show)


def effective_settings(config: Configuration) -> dict[str, dict[str, object]]:
    """{KEY: {"value": ..., "source": ..., "locked": ...}} for every setting, in file order."""
    return {
        name: {
            "value": getattr(config.settings, name),
            "source": config.source_of(name),
            "locked": config.is_locked(name),
        }
        for name in SETTING_NAMES
    }


def run_show(args: argparse.Namespace) -> int:
    config = load_config_for(args)
    settings = effective_settings(config)
    if args.format == "json":
        json.dump({"settings": settings}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    width = max(len(name) for name in settings)
    for name, entry in settings.items():
        where = str(entry["source"]) + (", locked" if entry["locked"] else "")
        print(f"{name:<{width}} = {toml_value(entry['value'])}    ({where})")
    if config.user_path is not None:
        print(f"\nUser settings: {config.user_path}")
    if config.policy_path is not None:
        print(f"District policy: {config.policy_path}")
    return 0
