"""End-to-end fixtures: the real app as a process on its own Xvfb, with a real tray host.

Each test gets isolated XDG config/data/state/cache/runtime directories under tmp_path (the
grammar engine directory may be shared through TAP_ASSISTANT_ENGINE_DIR, so a real installed
engine is found). The app's state is read through its single-instance socket (`status`), which
carries verdicts, counts and rule ids, never text.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from tests.support import shared_engine_dir, shared_model_dir



def pytest_collection_modifyitems(config, items) -> None:  # noqa: ANN001 - pytest hook
    for item in items:
        if "tests/e2e/" in item.nodeid:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)

REPO = Path(__file__).resolve().parents[2]


SHARED_ENGINE_DIR = shared_engine_dir()
SHARED_MODEL_DIR = shared_model_dir()
REQUIRED_TOOLS = ("Xvfb", "openbox", "trayer", "xclip", "xdotool", "xwininfo", "import")


def _require_tools() -> None:
    missing = [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"e2e tools missing: {', '.join(missing)} (scripts/setup.sh installs them)")


@dataclass
class XSession:
    display: str
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        env = os.environ.copy()
        env["DISPLAY"] = self.display
        env.pop("WAYLAND_DISPLAY", None)
        env.pop("QT_QPA_PLATFORM", None)
        return env

    def run(self, *args: str, input: str | None = None, timeout: float = 10) -> str:
        done = subprocess.run(
            list(args), input=input.encode() if input is not None else None, env=self.env,
            capture_output=True, timeout=timeout, check=False,
        )
        return done.stdout.decode("utf-8", "replace")

    def set_selection(self, text: str, selection: str = "clipboard") -> subprocess.Popen:
        owner = subprocess.Popen(
            ["xclip", "-quiet", "-selection", selection, "-i"], stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=self.env,
        )
        assert owner.stdin is not None
        owner.stdin.write(text.encode("utf-8"))
        owner.stdin.close()
        self.processes.append(owner)
        return owner

    def get_selection(self, selection: str = "clipboard") -> str:
        return self.run("xclip", "-o", "-selection", selection)

    def screenshot(self, path: Path) -> Path:
        self.run("import", "-window", "root", str(path), timeout=30)
        return path

    def tray_children(self) -> list[str]:
        """Window lines embedded in trayer's panel (the tray icons)."""
        tree = self.run("xwininfo", "-root", "-tree").splitlines()
        lines, inside, depth = [], False, 0
        for line in tree:
            stripped = line.lstrip()
            indent = len(line) - len(stripped)
            if '"panel": ("panel" "trayer")' in line:
                inside, depth = True, indent
                continue
            if inside:
                if indent <= depth or not stripped.startswith("0x"):
                    if stripped.startswith("0x"):
                        inside = False
                    continue
                lines.append(stripped)
        return lines

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture(scope="session")
def x_session(tmp_path_factory) -> Iterator[XSession]:
    _require_tools()
    logs = tmp_path_factory.mktemp("xsession")
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE, stderr=(logs / "xvfb.log").open("wb"),
    )
    assert xvfb.stdout is not None
    number = xvfb.stdout.readline().decode().strip()  # -displayfd picks a free display for us
    assert number.isdigit(), "Xvfb did not report a display number"
    session = XSession(f":{number}", [xvfb])
    session.processes.append(
        subprocess.Popen(["openbox"], env=session.env, stdout=subprocess.DEVNULL, stderr=(logs / "openbox.log").open("wb"))
    )
    time.sleep(0.5)
    session.processes.append(
        subprocess.Popen(
            ["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "160",
             "--height", "32", "--transparent", "false", "--SetDockType", "true"],
            env=session.env, stdout=subprocess.DEVNULL, stderr=(logs / "trayer.log").open("wb"),
        )
    )
    deadline = time.monotonic() + 10
    while '"panel": ("panel" "trayer")' not in session.run("xwininfo", "-root", "-tree"):
        assert time.monotonic() < deadline, "trayer did not start"
        time.sleep(0.1)
    yield session
    session.close()


def wait_for(predicate: Callable[[], Any], timeout: float = 20, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


class AppProcess:
    """The real `python -m tap_assistant run`, with its own XDG dirs."""

    def __init__(self, x: XSession, root: Path, settings: dict[str, Any]) -> None:
        self.x = x
        self.root = root
        self.dirs = {name: root / "xdg" / name for name in ("config", "data", "state", "cache", "runtime")}
        for path in self.dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        self.dirs["runtime"].chmod(0o700)
        # The first-run welcome has been seen: these tests are about everything after it.
        from tap_assistant import APP_NAME

        welcomed = self.dirs["data"] / APP_NAME / "welcome-shown"
        welcomed.parent.mkdir(parents=True, exist_ok=True)
        welcomed.write_text("1\n", encoding="utf-8")
        settings_file = self.dirs["config"] / "tap-assistant" / "settings.toml"
        settings_file.parent.mkdir(parents=True, exist_ok=True)
        lines = ["[settings]"] + [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
        settings_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        env = x.env
        env.update(
            XDG_CONFIG_HOME=str(self.dirs["config"]),
            XDG_DATA_HOME=str(self.dirs["data"]),
            XDG_STATE_HOME=str(self.dirs["state"]),
            XDG_CACHE_HOME=str(self.dirs["cache"]),
            XDG_RUNTIME_DIR=str(self.dirs["runtime"]),
            PYTHONUNBUFFERED="1",
        )
        if SHARED_ENGINE_DIR:
            env["TAP_ASSISTANT_ENGINE_DIR"] = SHARED_ENGINE_DIR
        if SHARED_MODEL_DIR:
            env["TAP_ASSISTANT_MODEL_DIR"] = SHARED_MODEL_DIR
        self.env = env
        self.stdout = (root / "app.stdout").open("wb")
        self.stderr = (root / "app.stderr").open("wb")
        self.process: subprocess.Popen | None = None
        self.started = 0.0
        # Ask the app's own code where its socket lives (a short fallback path is used when the
        # runtime dir is too deep for AF_UNIX, as pytest's tmp dirs can be).
        self.socket_path = Path(
            subprocess.run(
                [sys.executable, "-c", "from tap_assistant.gui.instance import server_name; print(server_name())"],
                cwd=REPO, env=env, capture_output=True, text=True, check=True, timeout=60,
            ).stdout.strip()
        )

    def start(self, *args: str) -> "AppProcess":
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tap_assistant", "run", *args], cwd=REPO, env=self.env,
            stdout=self.stdout, stderr=self.stderr,
        )
        wait_for(self._socket_path, timeout=30, what="the app's instance socket")
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def _socket_path(self) -> Path | None:
        return self.socket_path if self.socket_path.exists() else None

    def command(self, command: str) -> dict[str, Any]:
        path = self._socket_path()
        assert path is not None, "the app is not listening"
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(10)
            client.connect(str(path))
            client.sendall(json.dumps({"v": 1, "command": command}).encode() + b"\n")
            reply = client.makefile("rb").readline()
        return json.loads(reply)

    def status(self) -> dict[str, Any]:
        return self.command("status")["status"]

    def wait_status(self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 20, what: str = "status") -> dict[str, Any]:
        holder: dict[str, Any] = {}

        def check() -> bool:
            holder["status"] = self.status()
            return predicate(holder["status"])

        try:
            wait_for(check, timeout, what)
        except AssertionError as error:
            raise AssertionError(f"{error}; last status: {holder.get('status')}") from None
        return holder["status"]

    def cli(self, *args: str, timeout: float = 30) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "tap_assistant", *args], cwd=REPO, env=self.env,
            capture_output=True, timeout=timeout, check=False,
        )

    def quit(self, timeout: float = 60) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            try:
                self.command("quit")
            except OSError:
                self.process.terminate()
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                self.quit(timeout=60)
            except Exception:  # noqa: BLE001 - last resort in teardown
                self.process.kill()
                self.process.wait(timeout=10)
        self.stdout.close()
        self.stderr.close()

    def log_text(self) -> str:
        return "\n".join(
            path.read_text(encoding="utf-8", errors="replace")
            for path in sorted(self.dirs["state"].rglob("*.log*"))
        )


@pytest.fixture
def launch_app(x_session: XSession, tmp_path: Path) -> Iterator[Callable[..., AppProcess]]:
    apps: list[AppProcess] = []

    def launch(settings: dict[str, Any] | None = None, *args: str) -> AppProcess:
        merged = {"grammar_enabled": False}
        merged.update(settings or {})
        app = AppProcess(x_session, tmp_path / f"app{len(apps)}", merged)
        apps.append(app)
        return app.start(*args)

    yield launch
    for app in apps:
        app.stop()
