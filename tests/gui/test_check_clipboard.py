"""`tap-assistant check --clipboard` against the real X clipboard (Xvfb; xclip owns the text, as
another application would). The command runs as its own process, without the tray app."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def run_check(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tap_assistant", "check", "--clipboard", "--no-grammar", "--no-semantic", *args],
        capture_output=True,
        env=env if env is not None else os.environ.copy(),
        timeout=120,
    )


def test_checks_the_clipboard_text_and_leaves_the_clipboard_alone(xsel) -> None:  # noqa: ANN001
    draft = "Hi Sam, text me tonight and keep this between us. 😀 שלום"
    xsel.set(draft)
    result = run_check("--format", "json", "--audience", "student")
    assert result.returncode == 2, result.stderr
    report = json.loads(result.stdout)
    rules = {f["rule"] for f in report["findings"]}
    assert {"T3.texting-student", "T6.secrecy"} <= rules
    finding = next(f for f in report["findings"] if f["rule"] == "T3.texting-student")
    assert draft[finding["start"]:finding["end"]].lower() == "text me"
    assert xsel.get() == draft  # read, never written


def test_the_primary_selection_is_not_what_is_read(xsel) -> None:  # noqa: ANN001
    xsel.set("See you in class on Monday.")
    xsel.set("Text me tonight.", selection="primary")
    result = run_check("--format", "json")
    assert result.returncode == 0, result.stderr
    assert xsel.get("primary") == "Text me tonight."


@pytest.mark.parametrize("text", ["", "  \n\t "])
def test_an_empty_clipboard_is_nothing_to_check(xsel, text: str) -> None:  # noqa: ANN001
    xsel.set(text)
    result = run_check()
    assert result.returncode == 4
    assert "nothing to check" in result.stderr.decode() and result.stdout == b""


def test_without_a_clipboard_the_error_is_clear(xsel) -> None:  # noqa: ANN001
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = run_check(env=env)
    err = result.stderr.decode()
    assert result.returncode == 3
    assert "no clipboard is available" in err and "Traceback" not in err and err.count("\n") == 1


def test_a_file_and_clipboard_together_are_refused() -> None:
    result = run_check("-")
    assert result.returncode == 3 and "either FILE or --clipboard" in result.stderr.decode()
