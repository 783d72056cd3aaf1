"""`tap-assistant` app commands: the CLI path stays free of Qt; no display is a clear error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _run(code_or_args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *code_or_args], cwd=REPO, env=env or os.environ.copy(),
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_building_the_cli_does_not_import_qt() -> None:
    done = _run([
        "-c",
        "import sys; from tap_assistant.cli import build_parser; build_parser(); "
        "import tap_assistant.commands.app; "
        "print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'keyboard'))])",
    ])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_without_a_display_the_app_explains_and_exits_3(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["XDG_RUNTIME_DIR"] = str(tmp_path)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    done = _run(["-m", "tap_assistant", "--check-selection"], env)
    assert done.returncode == 3
    assert "no display" in done.stderr and "tap-assistant check" in done.stderr


def test_review_screenshot_works_without_a_display(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    png = tmp_path / "shot.png"
    done = _run(["-m", "tap_assistant", "review", "resources/samples/draft-to-student.txt", "--audience", "parent",
                 "--no-grammar", "--screenshot", str(png)], env)
    assert done.returncode == 0, done.stderr
    assert png.read_bytes().startswith(b"\x89PNG")
    assert done.stderr.strip() == "", done.stderr  # no Qt chatter on a clean render
