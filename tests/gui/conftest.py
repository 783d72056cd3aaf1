"""Fixtures for the pytest-qt tests of the desktop app.

They run against a real X server: pytest-xvfb starts Xvfb for the session, so the clipboard,
PRIMARY selection and window mapping are the real X11 ones. The TAP checker is the real one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest

pytest.importorskip("PySide6")


def pytest_collection_modifyitems(config, items) -> None:  # noqa: ANN001 - pytest hook
    for item in items:
        if "tests/gui/" in item.nodeid:
            item.add_marker(pytest.mark.gui)

from tap_assistant.core.checker import TapChecker, build_checker  # noqa: E402
from tap_assistant.core.config import Configuration, load_configuration  # noqa: E402
from tests.support import shared_engine_dir, shared_model_dir  # noqa: E402
from tests.gui.keyboard_fake import fake_os  # noqa: E402,F401 - the fixture, shared by hotkey tests


#: Found before the XDG dirs are isolated, so the real installed engine is still used.
SHARED_ENGINE_DIR = shared_engine_dir()
SHARED_MODEL_DIR = shared_model_dir()


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may read or write the real user's settings, logs or runtime files."""
    if SHARED_ENGINE_DIR:
        monkeypatch.setenv("TAP_ASSISTANT_ENGINE_DIR", SHARED_ENGINE_DIR)
    if SHARED_MODEL_DIR:
        monkeypatch.setenv("TAP_ASSISTANT_MODEL_DIR", SHARED_MODEL_DIR)
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / "xdg" / var.lower()))
    runtime = tmp_path / "xdg" / "run"
    runtime.mkdir(parents=True)
    runtime.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    # The first-run welcome has been seen (tests/gui/test_welcome.py shows it on purpose).
    from tap_assistant.gui.welcome import mark_welcomed

    mark_welcomed()


@pytest.fixture(scope="session")
def checker() -> TapChecker:
    config = load_configuration(policy_path=Path("/nonexistent/policy.toml"), user_path=Path("/nonexistent/settings.toml"))
    return build_checker(config)


@pytest.fixture
def config(tmp_path: Path) -> Configuration:
    return load_configuration(policy_path=tmp_path / "policy.toml", user_path=tmp_path / "settings.toml")


@pytest.fixture
def runner(qapp, checker):  # noqa: ANN001 - pytest-qt fixture
    from tap_assistant.gui.workers import CheckerHolder, CheckRunner

    holder = CheckerHolder()
    holder.set(checker)
    return CheckRunner(holder, grammar=None)


@pytest.fixture
def review(qtbot, config, runner):  # noqa: ANN001
    from tap_assistant.gui.review.window import ReviewWindow

    window = ReviewWindow(config, runner)
    qtbot.addWidget(window)
    return window


class XSelection:
    """Puts text on the real X CLIPBOARD/PRIMARY from another X client (xclip), as apps do."""

    def __init__(self) -> None:
        self._owners: list[subprocess.Popen] = []
        self.xclip = shutil.which("xclip")

    def set(self, text: str, selection: str = "clipboard") -> None:
        assert self.xclip, "xclip is required (scripts/setup.sh installs it)"
        # -quiet keeps xclip in the foreground so this fixture can end it by its own PID.
        owner = subprocess.Popen(
            [self.xclip, "-quiet", "-selection", selection, "-i"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert owner.stdin is not None
        owner.stdin.write(text.encode("utf-8"))
        owner.stdin.close()
        self._owners.append(owner)

    def get(self, selection: str = "clipboard") -> str:
        """Read as another X client would. Keeps Qt's event loop turning meanwhile: when this
        test process owns the selection, xclip asks *us* for the data."""
        from PySide6.QtCore import QCoreApplication

        assert self.xclip
        reader = subprocess.Popen(
            [self.xclip, "-o", "-selection", selection], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 5
        while reader.poll() is None and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.005)
        if reader.poll() is None:
            reader.kill()
            raise AssertionError(f"xclip -o -selection {selection} did not answer")
        assert reader.stdout is not None
        return reader.stdout.read().decode("utf-8", "replace")

    def close(self) -> None:
        for owner in self._owners:
            if owner.poll() is None:
                owner.terminate()
                try:
                    owner.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    owner.kill()


@pytest.fixture
def xsel(qapp) -> Iterator[XSelection]:  # noqa: ANN001
    if not os.environ.get("DISPLAY"):
        pytest.skip("needs an X display (pytest-xvfb provides one)")
    helper = XSelection()
    yield helper
    helper.close()
