"""Desktop app benchmark (DESIGN.md section 7):

1. selection captured -> review visible with TAP findings (300-word draft; budget p95 <= 150 ms),
   in-process with the real app object on a real X server: PRIMARY holds the draft, the capture
   starts, and the clock stops when the review window is exposed with the findings rendered;
2. app start -> tray icon (budget <= 1.5 s): `python -m tap_assistant run` as a process, until
   its icon is embedded in a real tray host (trayer), seen from outside with xwininfo;
   then click on a highlight -> its popover exposed (budget <= 50 ms);
3. idle RSS of the GUI process (budget <= 150 MB), after start and after showing a review.

Grammar is off for these figures (the engine is a separate Java process with its own budget).
Starts its own Xvfb + openbox + trayer; needs the tools scripts/setup.sh installs.
Run: .venv/bin/python benchmarks/bench_gui.py [--runs N]   (prints medians and p95; no assertions)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import draft  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def summary(name: str, values: list[float], unit: str, budget: float | None = None) -> str:
    p95 = percentile(values, 0.95)
    verdict = "" if budget is None else ("  within budget" if p95 <= budget else "  OVER BUDGET")
    return (
        f"{name}: median {statistics.median(values):.1f} {unit}, p95 {p95:.1f} {unit}, "
        f"min {min(values):.1f}, max {max(values):.1f} (n={len(values)})"
        + (f"; budget p95 <= {budget:g} {unit}{verdict}" if budget is not None else "")
    )


class XServer:
    def __init__(self, workdir: Path) -> None:
        self.procs: list[subprocess.Popen] = []
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        assert xvfb.stdout is not None
        self.display = ":" + xvfb.stdout.readline().decode().strip()
        self.procs.append(xvfb)
        self.env = dict(os.environ, DISPLAY=self.display)
        self.env.pop("WAYLAND_DISPLAY", None)
        self.env.pop("QT_QPA_PLATFORM", None)
        self.procs.append(subprocess.Popen(["openbox"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(0.5)
        self.procs.append(
            subprocess.Popen(
                ["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "160",
                 "--height", "32", "--transparent", "false"],
                env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )
        self.panel = ""
        deadline = time.monotonic() + 10
        while not self.panel and time.monotonic() < deadline:
            for line in self.xwininfo("-root", "-tree").splitlines():
                if '"panel": ("panel" "trayer")' in line:
                    self.panel = line.split()[0]
            time.sleep(0.05)
        assert self.panel, "trayer did not start"

    def xwininfo(self, *args: str) -> str:
        return subprocess.run(["xwininfo", *args], env=self.env, capture_output=True, text=True, check=False).stdout

    def tray_icons(self) -> int:
        return sum(1 for line in self.xwininfo("-id", self.panel, "-tree").splitlines() if "TAP Assistant" in line)

    def close(self) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()


def isolated_env(base: dict[str, str], root: Path) -> dict[str, str]:
    env = dict(base)
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        path = root / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[f"XDG_{name}_HOME"] = str(path)
    runtime = root / "run"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    settings = root / "config" / "tap-assistant" / "settings.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("[settings]\ngrammar_enabled = false\n", encoding="utf-8")
    welcomed = root / "data" / "tap-assistant" / "welcome-shown"  # no first-run welcome in the figures
    welcomed.parent.mkdir(parents=True, exist_ok=True)
    welcomed.write_text("1\n", encoding="utf-8")
    return env


def bench_start_to_tray(x: XServer, workdir: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    import psutil

    start_ms, rss_idle, rss_review = [], [], []
    for run in range(runs):
        env = isolated_env(x.env, workdir / f"start{run}")
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "tap_assistant", "run"], cwd=REPO, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while x.tray_icons() == 0:
            if time.perf_counter() - started > 30:
                raise RuntimeError("no tray icon after 30 s")
            time.sleep(0.005)
        start_ms.append((time.perf_counter() - started) * 1000)
        time.sleep(5)  # rules loaded, review window pre-built, nothing happening
        rss_idle.append(psutil.Process(proc.pid).memory_info().rss / 2**20)
        # One review shown and closed, then idle again: the realistic resting state.
        primary = subprocess.Popen(["xclip", "-quiet", "-selection", "primary", "-i"], env=x.env,
                                   stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert primary.stdin is not None
        primary.stdin.write(draft(300).encode())
        primary.stdin.close()
        subprocess.run([sys.executable, "-m", "tap_assistant", "--check-selection"], cwd=REPO, env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(3)
        rss_review.append(psutil.Process(proc.pid).memory_info().rss / 2**20)
        subprocess.run([sys.executable, "-m", "tap_assistant", "--show-last"], cwd=REPO, env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        proc.terminate()
        proc.wait(timeout=30)
        primary.terminate()
        primary.wait(timeout=5)
    return start_ms, rss_idle, rss_review


def bench_popover(qapp, review, runs: int) -> list[float]:  # noqa: ANN001 - Qt objects
    """Click on a highlight -> its popover exposed (budget 50 ms), in the review just shown."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    review.bring_to_front()
    findings = [f for f in review.visible_report.findings if f.end > f.start]
    samples: list[float] = []
    for run in range(runs + 3):
        review.popover.close()
        for _ in range(10):
            qapp.processEvents()
            time.sleep(0.002)
        finding = findings[run % len(findings)]
        review.article.focus_finding(finding, move_caret=True)  # scrolls it into view
        cursor = QTextCursor(review.article.cursor_for(finding))
        cursor.setPosition(cursor.selectionStart() + max(0, (cursor.selectionEnd() - cursor.selectionStart()) // 2))
        rect = review.article.cursorRect(cursor)
        qapp.processEvents()
        started = time.perf_counter()
        QTest.mouseClick(review.article.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(max(1, rect.x() - 1), rect.center().y()))
        while True:
            handle = review.popover.windowHandle()
            if review.popover.isVisible() and handle is not None and handle.isExposed():
                break
            if time.perf_counter() - started > 5:
                raise RuntimeError("popover did not appear")
            qapp.processEvents()
            time.sleep(0.0005)
        if run >= 3:
            samples.append((time.perf_counter() - started) * 1000)
    review.popover.close()
    return samples


popover_samples: list[float] = []


def bench_capture_to_review(x: XServer, workdir: Path, runs: int) -> list[float]:
    """In-process: the real TapApp, capture from PRIMARY, until the review is exposed."""
    os.environ.update(isolated_env(x.env, workdir / "inproc"))
    from PySide6.QtGui import QClipboard

    from tap_assistant.core.config import load_configuration
    from tap_assistant.gui.application import TapApp, create_qapplication

    qapp = create_qapplication()
    config = load_configuration()
    app = TapApp(qapp, config)
    app.start()
    deadline = time.monotonic() + 60
    while not app.checker.ready and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.01)
    clipboard = qapp.clipboard()
    samples: list[float] = []
    presented: list[float] = []
    for run in range(runs + 3):  # the first three warm up caches and the window
        text = draft(300, seed=100 + run)
        owner = subprocess.Popen(["xclip", "-quiet", "-selection", "primary", "-i"], env=x.env,
                                 stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert owner.stdin is not None
        owner.stdin.write(text.encode())
        owner.stdin.close()
        while clipboard.text(QClipboard.Mode.Selection) != text:
            qapp.processEvents()
            time.sleep(0.002)
        review = app._ensure_review()
        if review.isVisible():
            review.hide()
            for _ in range(20):
                qapp.processEvents()
                time.sleep(0.005)
        presented.clear()
        review.presented.connect(presented.append)
        started = time.perf_counter()
        app.check_selection()
        while True:
            qapp.processEvents()
            handle = review.windowHandle()
            if presented and handle is not None and handle.isExposed() and review.visible_report is not None:
                break
            if time.perf_counter() - started > 10:
                raise RuntimeError("review did not appear")
            time.sleep(0.0005)
        elapsed = (time.perf_counter() - started) * 1000
        review.presented.disconnect(presented.append)
        assert review.visible_report.findings, "the 300-word draft should have findings"
        if run >= 3:
            samples.append(elapsed)
        owner.terminate()
        owner.wait(timeout=5)
    popover_samples.extend(bench_popover(qapp, app._ensure_review(), runs))
    app.shutdown()
    # Tear Qt objects down in order while the QApplication still exists (avoids a crash in
    # PySide6's interpreter-exit garbage collection).
    review = app.review
    if review is not None:
        review.close()
        review.deleteLater()
    app.deleteLater()
    qapp.processEvents()
    del app, review
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="capture-to-review repetitions")
    parser.add_argument("--start-runs", type=int, default=5, help="app start repetitions")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    for tool in ("Xvfb", "openbox", "trayer", "xclip", "xwininfo"):
        if shutil.which(tool) is None:
            print(f"missing {tool}; run scripts/setup.sh", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory(prefix="tap-bench-gui-") as tmp:
        workdir = Path(tmp)
        x = XServer(workdir)
        try:
            start_ms, rss_idle, rss_review = bench_start_to_tray(x, workdir, args.start_runs)
            capture_ms = bench_capture_to_review(x, workdir, args.runs)
        finally:
            x.close()
    lines = [
        summary("selection captured -> review visible with TAP findings (300 words)", capture_ms, "ms", 150),
        summary("click on a highlight -> popover visible", popover_samples, "ms", 50),
        summary("app start -> tray icon in trayer", start_ms, "ms", 1500),
        summary("GUI process idle RSS after start", rss_idle, "MB", 150),
        summary("GUI process idle RSS after one review", rss_review, "MB", 150),
    ]
    print("\n".join(lines))
    if args.json:
        print(json.dumps({"capture_ms": capture_ms, "popover_ms": popover_samples, "start_ms": start_ms, "rss_idle_mb": rss_idle, "rss_review_mb": rss_review}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
