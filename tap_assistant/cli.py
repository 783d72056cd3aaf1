"""`tap-assistant` entry point.

Subcommands live in `tap_assistant.commands`, one module each; this module only wires them up.
Nothing on the command-line path imports Qt unless a GUI command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from tap_assistant import __version__
from tap_assistant.commands import COMMAND_MODULES, UsageError

#: Exit status for unusable input or configuration (see README, "Exit status").
EXIT_UNUSABLE = 3

#: Flags handed to the running tray app (or starting it); see tap_assistant.commands.app.
INSTANCE_FLAGS = ("--check-selection", "--check-clipboard", "--show-last")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2, which means "stop" for us
        self.print_usage(sys.stderr)
        print(f"tap-assistant: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_UNUSABLE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tap-assistant",
        description="Check drafts against the district TAP test (Transparent, Accessible, Professional).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    helps = {
        "--check-selection": "check the selected text in the running tray app (starting it if needed); "
        "bind a desktop shortcut to this",
        "--check-clipboard": "check the clipboard's text in the running tray app (starting it if needed)",
        "--show-last": "show the last review of the running tray app",
    }
    for flag in INSTANCE_FLAGS:
        parser.add_argument(flag, action="store_true", help=helps[flag])
    subparsers = parser.add_subparsers(dest="command", parser_class=_Parser)
    for module in COMMAND_MODULES():
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from tap_assistant.commands import app  # the tray app; imports Qt only when it runs

        return app.run_default(args)
    try:
        return int(args.func(args) or 0)
    except UsageError as error:
        print(f"tap-assistant: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
