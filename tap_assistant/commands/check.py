"""`tap-assistant check`: check a draft from a file, stdin or the clipboard, print text or JSON."""

from __future__ import annotations

import argparse
import json
import sys

from tap_assistant.commands import EXIT_NOTHING_TO_CHECK, UsageError
from tap_assistant.commands.clipboard_input import read_clipboard
from tap_assistant.commands.common import (
    add_policy_option,
    add_semantic_option,
    build_checker_for,
    load_config_for,
    read_input,
)
from tap_assistant.commands.report_text import render_report
from tap_assistant.core.checker import AUTO_AUDIENCE
from tap_assistant.core.config import Configuration
from tap_assistant.core.model import Audience, GrammarResult, GrammarStatus, Report
from tap_assistant.core.textutil import is_blank

EXIT_STATUS_HELP = f"""\
exit status:
  0  pass        1  caution        2  stop
  3  unusable input or configuration (one line on standard error)
  {EXIT_NOTHING_TO_CHECK}  nothing to check: the draft is empty or only spaces
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check a draft (file or '-' for stdin)",
        epilog=EXIT_STATUS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", default=None, metavar="FILE|-", help="the draft; '-' (the default) reads standard input")
    parser.add_argument(
        "--clipboard",
        action="store_true",
        help="check the text on the clipboard instead (read only, never changed); no tray app needed",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--audience",
        choices=[AUTO_AUDIENCE, *(a.value for a in Audience)],
        default=AUTO_AUDIENCE,
        help="who reads the draft; 'auto' (the default) guesses it from the greeting and content, "
        "falling back to the default_audience setting",
    )
    parser.add_argument("--no-grammar", action="store_true", help="skip the grammar engine")
    add_semantic_option(parser)
    add_policy_option(parser)
    parser.set_defaults(func=run)


def check_grammar(text: str, config: Configuration, enabled: bool) -> GrammarResult:
    """Grammar through the engine package, or a clear status when it cannot run."""
    if not enabled:
        return GrammarResult(GrammarStatus.DISABLED, "grammar checking was turned off")
    try:
        from tap_assistant.engine.oneshot import check_grammar_once
    except ImportError:
        return GrammarResult(GrammarStatus.UNAVAILABLE, "the grammar engine is not part of this build")
    return check_grammar_once(text, config)


def exit_status(report: Report) -> int:
    return report.verdict.exit_status


def run(args: argparse.Namespace) -> int:
    config = load_config_for(args)
    if args.clipboard and args.file is not None:
        raise UsageError("give either FILE or --clipboard, not both")
    prepared = read_clipboard() if args.clipboard else read_input(args.file or "-")
    if is_blank(prepared.text):
        # An empty draft is not a clean one: a script must not read "pass" from it.
        where = "the clipboard holds no text" if args.clipboard else "the draft is empty"
        print(f"tap-assistant: nothing to check: {where}", file=sys.stderr)
        return EXIT_NOTHING_TO_CHECK
    known_problems = len(config.problems)
    checker = build_checker_for(args, config)
    for problem in config.problems[known_problems:]:  # the policy's rules: disable, severity, add
        print(f"tap-assistant: warning: {problem}", file=sys.stderr)
    report = checker.check(prepared.text, args.audience)
    report.notices[:0] = prepared.notices
    grammar_on = not args.no_grammar and config.settings.grammar_enabled
    report = report.with_grammar(check_grammar(report.text, config, grammar_on))
    if args.format == "json":
        json.dump(report.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_report(report, colour=sys.stdout.isatty()))
    return exit_status(report)
