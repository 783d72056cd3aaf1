"""TAP check benchmark: 300-word draft and 5,000-word document, CLI import time, whole-process
`tap-assistant check --no-grammar` against `proselint check` on the same file.

Run: .venv/bin/python benchmarks/bench_tap.py   (prints medians and p95; no assertions)
Budgets (DESIGN.md section 7): 300 words p95 <= 10 ms; 5,000 words p95 <= 100 ms.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import draft  # noqa: E402

from tap_assistant.core.checker import build_checker  # noqa: E402
from tap_assistant.core.config import Configuration, Settings  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def time_calls(function, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(label: str, samples: list[float], budget: float | None = None) -> None:
    median = statistics.median(samples)
    p95 = percentile(samples, 0.95)
    verdict = "" if budget is None else f"  budget p95 {budget:g} ms: {'met' if p95 <= budget else 'MISSED'}"
    print(f"{label:44} median {median:8.2f} ms   p95 {p95:8.2f} ms   (n={len(samples)}){verdict}")


def time_process(command: list[str], runs: int, stdin_path: Path | None = None) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    checker = build_checker(Configuration(settings=Settings(district_domains=["district.example.org"])))
    short, long = draft(300), draft(5000)
    print(f"drafts: {len(short.split())} words / {len(short)} chars; {len(long.split())} words / {len(long)} chars")
    print(f"findings: {len(checker.check(short, 'student').findings)} (300 words), {len(checker.check(long, 'student').findings)} (5,000 words)")
    checker.check(short, "student")
    report("TAP check, 300-word draft", time_calls(lambda: checker.check(short, "student"), 300), 10)
    report("TAP check, 5,000-word document", time_calls(lambda: checker.check(long, "student"), 60), 100)

    python = sys.executable
    baseline = time_process([python, "-c", "pass"], 10)
    imports = time_process([python, "-c", "import tap_assistant.cli, tap_assistant.commands.check"], 10)
    print(f"{'CLI import time (over bare interpreter)':44} median {statistics.median(imports) - statistics.median(baseline):8.2f} ms")
    qt = subprocess.run(
        [python, "-c", "import sys, tap_assistant.cli; tap_assistant.cli.build_parser(); print(any(m.startswith('PySide6') for m in sys.modules))"],
        capture_output=True, text=True,
    ).stdout.strip()
    print(f"{'CLI path imports Qt':44} {qt}")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "document.txt"
        path.write_text(long, encoding="utf-8")
        tap = shutil.which("tap-assistant", path=str(Path(python).parent)) or "tap-assistant"
        ours = time_process([tap, "check", "--no-grammar", str(path)], 7)
        report("process: tap-assistant check --no-grammar", ours)
        proselint = shutil.which("proselint", path=str(Path(python).parent) + os.pathsep + os.environ.get("PATH", ""))
        if proselint:
            theirs = time_process([proselint, "check", str(path)], 7)
            report("process: proselint check", theirs)
            print(f"{'ratio ours / proselint (median)':44} {statistics.median(ours) / statistics.median(theirs):8.2f}")
        else:
            print("proselint not installed (pip install '.[bench]') - comparison skipped")


if __name__ == "__main__":
    main()
