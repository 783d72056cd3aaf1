"""Subcommands of `tap-assistant`, one module each, each with `register(subparsers)`."""

from __future__ import annotations

import importlib
from types import ModuleType


#: Exit status when the draft is empty or holds only spaces (see README, "Exit status").
EXIT_NOTHING_TO_CHECK = 4


class UsageError(Exception):
    """Unusable input or configuration: printed as one line, exit status 3."""


_MODULE_NAMES = ("check", "rules", "evaluate", "engine", "model", "config", "app")


def COMMAND_MODULES() -> list[ModuleType]:  # noqa: N802 - reads like the constant it stands for
    modules = []
    for name in _MODULE_NAMES:
        try:
            modules.append(importlib.import_module(f"tap_assistant.commands.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"tap_assistant.commands.{name}":
                raise
    return modules
