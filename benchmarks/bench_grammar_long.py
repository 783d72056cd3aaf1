"""Long-input grammar benchmark (issue 9, item 2), against the real LanguageTool engine.

Inputs (each run gets fresh wording, so LanguageTool's sentence cache cannot help):
  doc_5000      a 5,000-word school document in paragraphs, with a few real errors
  prose_200k    200,000 characters of the same kind of prose
  runon_200k    200,000 characters with no sentence end at all (one huge "sentence")
  emoji_200k    200,000 characters (code points) of prose with emoji, more UTF-16 units than
                the engine's 201,000 limit
  wedge_replay  the measured wedge: two other clients post runon_200k to the engine at once
                (raw /v2/check, as the old client did); then our small checks

For each input: time to the first grammar finding, total time, findings and status. After each
200k input also: how long until a small check answers again ("recovery"), and how many Java
engines of this benchmark are alive then. Each 200k input gets a fresh engine so one cannot
wedge the next; the 5,000-word runs share one.

`GrammarEngine.check` streams findings per chunk through `on_findings` when it supports it;
otherwise (the code before issue 9) the first finding arrives with the whole result.

Run: .venv/bin/python benchmarks/bench_grammar_long.py [--runs 3] [--long-runs 1] [--only doc_5000,...]
Needs the engine installed (`tap-assistant engine install`). Prints medians; no assertions.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import psutil  # noqa: E402
from bench_grammar import make_draft  # noqa: E402

from tap_assistant.core.config import Configuration  # noqa: E402
from tap_assistant.core.model import GrammarStatus  # noqa: E402
from tap_assistant.engine.service import EngineState, GrammarEngine  # noqa: E402

LONG = 200_000
SMALL_TEXT = "The student did not recieve the {n} worksheets."
WORDS = "the student will bring a note home to parents about field trip on friday and we ask that".split()
EMOJI = ["😀", "👍🏽", "🎉", "📚", "✏️", "🍎", "👩‍🏫", "🚌"]


def doc_5000(seed: int) -> str:
    return make_draft(seed, words=5000)


def prose_200k(seed: int) -> str:
    text = make_draft(seed, words=38_000)
    while len(text) < LONG:
        text += "\n\n" + make_draft(seed + 7919, words=2000)
    return text[:LONG]


def runon_200k(seed: int) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < LONG:
        word = rng.choice(WORDS) + str(rng.randint(0, 9) if rng.random() < 0.1 else "")
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[:LONG]


def emoji_200k(seed: int) -> str:
    rng = random.Random(seed)
    words = prose_200k(seed).split(" ")
    out = []
    for word in words:
        out.append(word)
        if rng.random() < 0.5:
            out.append(rng.choice(EMOJI))
    return " ".join(out)[:LONG]


INPUTS = {
    "doc_5000": doc_5000,
    "prose_200k": prose_200k,
    "runon_200k": runon_200k,
    "emoji_200k": emoji_200k,
    "wedge_replay": runon_200k,
}


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


CHUNK_UNITS: int | None = None  # --chunk-units


def new_engine(tmp: Path) -> GrammarEngine:
    engine = GrammarEngine(Configuration(), runtime_root=tmp / "run", log_file=tmp / "engine.log")
    if CHUNK_UNITS is not None:
        engine.chunk_units = CHUNK_UNITS
    engine.start()
    if engine.state is not EngineState.READY:
        raise SystemExit(f"engine not ready: {engine.state.value}: {engine.detail}")
    return engine


def our_javas(tmp: Path) -> int:
    """Java engines whose command line points into this benchmark's run folder."""
    count = 0
    marker = str(tmp / "run")
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = proc.info.get("cmdline") or []
        if any(marker in part for part in cmdline) and any("HTTPServer" in part for part in cmdline):
            count += 1
    return count


def timed_check(engine: GrammarEngine, text: str) -> dict:
    streams = "on_findings" in inspect.signature(engine.check).parameters
    first: list[float] = []
    lock = threading.Lock()
    started = time.perf_counter()

    def on_findings(findings: object) -> None:
        with lock:
            if findings and not first:
                first.append(time.perf_counter() - started)

    result = engine.check(text, on_findings=on_findings) if streams else engine.check(text)
    total = time.perf_counter() - started
    if not first and result.findings:
        first.append(total)
    return {
        "first_finding_s": round(first[0], 2) if first else None,
        "total_s": round(total, 2),
        "findings": len(result.findings),
        "status": result.status.value,
        "detail": result.detail[:160],
    }


def replay_wedge(engine: GrammarEngine, text: str) -> dict:
    """Two raw 200k posts at once from other clients; returns what they got (status codes)."""
    import requests

    codes: list[str] = []

    def post(n: int) -> None:
        try:
            response = requests.post(engine.url + "v2/check", data={"language": "en-US", "text": text + f" {n}"},
                                     timeout=40, proxies={"http": "", "https": ""})
            codes.append(str(response.status_code))
        except requests.RequestException as error:
            codes.append(type(error).__name__)

    posters = [threading.Thread(target=post, args=(n,), daemon=True) for n in range(2)]
    for thread in posters:
        thread.start()
    time.sleep(1.0)  # both requests are with the engine now
    return {"posters": posters, "codes": codes}


def recovery(engine: GrammarEngine, limit: float) -> float | None:
    """Seconds until a small, uncached check answers `checked` again (None: not within `limit`)."""
    started = time.perf_counter()
    n = 0
    while time.perf_counter() - started < limit:
        n += 1
        result = engine.check(SMALL_TEXT.format(n=random.randint(10, 10**6)))
        if result.status is GrammarStatus.CHECKED:
            return round(time.perf_counter() - started, 2)
        time.sleep(0.5)
    return None


def median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 2) if values else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of the 5,000-word document")
    parser.add_argument("--long-runs", type=int, default=1, help="runs of each 200k input (a fresh engine each)")
    parser.add_argument("--probe-seconds", type=float, default=120.0, help="longest wait for a small check after a 200k input")
    parser.add_argument("--only", default=",".join(INPUTS), help="comma-separated input names")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--chunk-units", type=int, help="request size in UTF-16 units (default: the engine's)")
    args = parser.parse_args()
    global CHUNK_UNITS
    CHUNK_UNITS = args.chunk_units
    names = [n for n in args.only.split(",") if n]

    print(f"cpus: {os.cpu_count()}; load average: {os.getloadavg()[0]:.2f}", flush=True)
    for name in names:
        sample = INPUTS[name](0)
        print(f"{name}: {len(sample):,} code points, {utf16_units(sample):,} UTF-16 units, ~{len(sample.split()):,} words")
    figures: dict[str, dict] = {}
    tmp = Path(tempfile.mkdtemp(prefix="bench-grammar-long-"))
    for name in names:
        runs = args.runs if name == "doc_5000" else args.long_runs
        rows: list[dict] = []
        engine = new_engine(tmp) if name == "doc_5000" else None
        try:
            for run in range(runs):
                if name != "doc_5000":
                    engine = new_engine(tmp)
                assert engine is not None
                replay = None
                if name == "wedge_replay":
                    replay = replay_wedge(engine, INPUTS[name](100 + run))
                    row = {"first_finding_s": None, "total_s": None, "findings": 0, "status": "replayed"}
                else:
                    row = timed_check(engine, INPUTS[name](100 + run))
                if name != "doc_5000":
                    row["small_check_recovery_s"] = recovery(engine, args.probe_seconds)
                    row["java_processes_after"] = our_javas(tmp)
                    if replay is not None:
                        for thread in replay["posters"]:
                            thread.join(45)
                        row["replayed_posts_got"] = replay["codes"]
                    engine.stop()
                print(f"  {name} run {run + 1}: {json.dumps(row)}", flush=True)
                rows.append(row)
        finally:
            if engine is not None:
                engine.stop()
        summary = {
            "runs": runs,
            "first_finding_median_s": median([r["first_finding_s"] for r in rows]),
            "total_median_s": median([r["total_s"] for r in rows]),
            "findings_median": median([r["findings"] for r in rows]),
            "statuses": sorted({r["status"] for r in rows}),
        }
        if name != "doc_5000":
            recoveries = [r["small_check_recovery_s"] for r in rows]
            summary["small_check_recovery_median_s"] = median(recoveries)
            summary["recovered_runs"] = sum(1 for r in recoveries if r is not None)
            summary["java_processes_after"] = max(r["java_processes_after"] for r in rows)
        figures[name] = summary
    print("\nmedians:")
    for name, summary in figures.items():
        line = (f"  {name:11s} first finding {summary['first_finding_median_s']} s, total {summary['total_median_s']} s, "
                f"findings {summary['findings_median']}, status {'/'.join(summary['statuses'])}")
        if "small_check_recovery_median_s" in summary:
            line += (f"; small check answers again after {summary['small_check_recovery_median_s']} s "
                     f"({summary['recovered_runs']}/{summary['runs']} within {args.probe_seconds:.0f} s), "
                     f"java processes after: {summary['java_processes_after']}")
        print(line)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
