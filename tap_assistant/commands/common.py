"""Helpers shared by the subcommands: configuration loading and input reading."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tap_assistant.commands import UsageError
from tap_assistant.core.config import Configuration, load_configuration
from tap_assistant.core.textutil import PreparedText, decode_input, looks_binary

if TYPE_CHECKING:
    from tap_assistant.core.checker import TapChecker

#: Refuse to even read more than this from a file or stdin (the checker caps far lower).
MAX_INPUT_BYTES = 64 * 1024 * 1024


def add_policy_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--policy",
        metavar="FILE",
        type=Path,
        help="a district policy file to test: applied over the machine-wide policy, whose locks still hold",
    )


def load_config_for(args: argparse.Namespace) -> Configuration:
    """Load configuration; print each problem as a warning. An explicit --policy must be usable."""
    policy: Path | None = getattr(args, "policy", None)
    if policy is not None and not policy.is_file():
        raise UsageError(f"policy file {policy} does not exist")
    config = load_configuration(test_policy_path=policy)
    for problem in config.problems:
        print(f"tap-assistant: warning: {problem}", file=sys.stderr)
    if config.policy_fallback:
        # Loud on purpose: the district's policy is not what IT last wrote.
        print(f"tap-assistant: WARNING: {config.policy_fallback}", file=sys.stderr)
    if policy is not None and any(
        p.path == str(policy) and "not valid TOML" in p.message for p in config.problems
    ):
        raise UsageError(f"policy file {policy} is not valid TOML; fix it or leave out --policy")
    return config


def add_semantic_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-semantic",
        action="store_true",
        help="skip the meaning check (the local sentence model); phrase rules and detectors still run",
    )


def build_checker_for(args: argparse.Namespace, config: Configuration) -> "TapChecker":
    """The rule checker, with the meaning check unless --no-semantic or the settings turn it off."""
    from tap_assistant.core.checker import build_checker
    from tap_assistant.core.model import SemanticResult, SemanticStatus

    checker = build_checker(config)
    if getattr(args, "no_semantic", False):
        return checker.with_meaning(None, SemanticResult(SemanticStatus.DISABLED, "--no-semantic was given"))
    from tap_assistant.semantic import attach_semantic

    return attach_semantic(checker, config.settings)


def read_input(source: str | None) -> PreparedText:
    """Read a draft from a file path or '-' (stdin) as text; binary content is refused."""
    try:
        if source in (None, "-"):
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
            name = "standard input"
        else:
            path = Path(source)
            if path.is_dir():
                raise UsageError(f"{source} is a folder, not a text file")
            with path.open("rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
            name = source
    except FileNotFoundError as error:
        raise UsageError(f"{source}: no such file") from error
    except PermissionError as error:
        raise UsageError(f"{source}: permission denied") from error
    except OSError as error:
        raise UsageError(f"{source}: cannot be read ({error.strerror or error})") from error
    if len(data) > MAX_INPUT_BYTES:
        raise UsageError(f"{name} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB; not a draft")
    if looks_binary(data):
        raise UsageError(f"{name} looks like a binary file (an image or a program?), not a text draft")
    return decode_input(data)
