"""The desktop app from the command line: `tap-assistant [run]`, the instance flags, `review`.

Qt is imported only inside the functions below, so `tap-assistant check` and friends never
load it. With `--check-selection`, `--check-clipboard` or `--show-last` and an app already
running, the command is forwarded over the local socket and this process exits at once (the
fast path a desktop keyboard shortcut takes); without a running app, the app starts and then
performs the action.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from tap_assistant.commands.common import add_policy_option, load_config_for, read_input
from tap_assistant.core.model import Audience


def register(subparsers: argparse._SubParsersAction) -> None:
    run_parser = subparsers.add_parser("run", help="start the tray app (the default with no command)")
    for flag in ("check-selection", "check-clipboard", "show-last"):
        # Same as the top-level flags; separate names so argparse defaults cannot clobber those.
        run_parser.add_argument(f"--{flag}", dest=f"run_{flag.replace('-', '_')}", action="store_true",
                                help=f"after starting (or in the running app): {flag.replace('-', ' ')}")
    add_policy_option(run_parser)
    run_parser.set_defaults(func=run)

    review = subparsers.add_parser("review", help="open the front-page review for a file")
    review.add_argument("file", metavar="FILE", help="the draft to review ('-' for stdin)")
    review.add_argument(
        "--audience", choices=["auto", *(a.value for a in Audience)], help="who reads the draft; guessed when left out"
    )
    review.add_argument("--screenshot", metavar="PNG", type=Path, help="render the review to a PNG and exit")
    review.add_argument("--no-grammar", action="store_true", help="skip the grammar engine")
    review.add_argument("--theme", choices=["system", "light", "dark"], default="system",
                        help="colour theme of the window (screenshots of both themes)")
    add_policy_option(review)
    review.set_defaults(func=run_review)


def requested_action(args: argparse.Namespace) -> str | None:
    if getattr(args, "check_selection", False):
        return "check-selection"
    if getattr(args, "check_clipboard", False):
        return "check-clipboard"
    if getattr(args, "show_last", False):
        return "show-last"
    return None


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or os.environ.get(
        "QT_QPA_PLATFORM", ""
    ) in ("offscreen", "minimal")


def run_default(args: argparse.Namespace) -> int:
    """`tap-assistant` with no subcommand: forward to a running app, or start one."""
    started = time.time()
    action = requested_action(args)
    from tap_assistant.gui.instance import send_command

    reply = send_command(action or "activate", timeout_ms=1500)
    if reply is not None:
        if not reply.get("ok", False):
            print(f"tap-assistant: the running app refused the command: {reply.get('error', '?')}", file=sys.stderr)
            return 1
        if action is None:
            print("TAP Assistant is already running (see the tray).")
        return 0
    if not _has_display():
        print(
            "tap-assistant: no display found; the tray app needs a desktop session. "
            "Use `tap-assistant check FILE` to check a draft from the terminal.",
            file=sys.stderr,
        )
        return 3
    config = load_config_for(args)
    from tap_assistant.gui.application import run_tray_app

    return run_tray_app(config, initial_command=action, process_started=started)


def run(args: argparse.Namespace) -> int:
    for flag in ("check_selection", "check_clipboard", "show_last"):
        setattr(args, flag, getattr(args, flag, False) or getattr(args, f"run_{flag}", False))
    return run_default(args)


def run_review(args: argparse.Namespace) -> int:
    config = load_config_for(args)
    prepared = read_input(args.file)
    if args.screenshot is not None and not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a render needs no real screen
    elif not _has_display():
        print("tap-assistant: no display found; use --screenshot PNG or `tap-assistant check`.", file=sys.stderr)
        return 3
    from tap_assistant.gui.review_command import run_review as show_review

    audience = Audience(args.audience) if args.audience and args.audience != "auto" else None
    return show_review(config, prepared.text, audience, args.screenshot, grammar=not args.no_grammar,
                       theme=args.theme)
