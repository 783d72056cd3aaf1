"""Meaning-check benchmark: model load, 300-word and 5,000-word drafts, whole `check` process,
memory, and the encoder's throughput against a bare numpy GEMM of the same shapes (its limit).

Run: .venv/bin/python benchmarks/bench_semantic.py   (prints medians and p95; no assertions)
Budgets (DESIGN.md section 7): 300 words p95 <= 120 ms; 5,000 words p95 <= 1.5 s; model load
<= 2 s; RSS growth <= 150 MB; whole `check` process on 300 words <= 1.5 s.

Drafts are made of acceptable sentences of the training corpus, a different draw for every run,
so the sentence cache (which makes a re-check after a fix cheap) does not flatter the figures;
the cached re-check is reported on its own line.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_tap import report, time_process  # noqa: E402

from tap_assistant.core.checker import build_checker  # noqa: E402
from tap_assistant.core.config import Configuration, Settings  # noqa: E402
from tap_assistant.semantic.encoder import MAX_THREADS, _length_batches  # noqa: E402
from tap_assistant.semantic.training import corpus_dir, load_corpus  # noqa: E402


def drafts(words: int, count: int, seed: int) -> list[str]:
    sentences = [item.text for item in load_corpus(corpus_dir("train")) if not item.concepts]
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        picked: list[str] = []
        while sum(len(s.split()) for s in picked) < words:
            picked.append(rng.choice(sentences))
        out.append(" ".join(picked))
    return out


def time_each(texts: list[str], check) -> list[float]:
    samples = []
    for text in texts:
        start = time.perf_counter()
        check(text, "parent")
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def gemm_limit(encoder, text: str, runs: int = 20) -> tuple[float, float]:
    """Milliseconds for the encoder on `text`'s sentences, and for its matrix products alone."""
    from tap_assistant.semantic.segments import split_units

    units = [u.text for u in split_units(text)]
    ids = encoder.token_ids(units)
    encode = []
    for _ in range(runs):
        start = time.perf_counter()
        encoder.sums_of_ids(ids)
        encode.append((time.perf_counter() - start) * 1000)
    rows = [len(ids[i]) * len(batch) for batch in _length_batches([len(r) for r in ids]) for i in batch[:1]]
    hidden = encoder.shape.hidden
    shapes = [(hidden, 3 * hidden), (hidden, hidden), (hidden, 4 * hidden), (4 * hidden, hidden)]
    inputs = {(r, k): np.random.default_rng(0).random((r, k), dtype=np.float32) for r in rows for k, _ in shapes}
    weights = {(k, n): np.random.default_rng(1).random((k, n), dtype=np.float32) for k, n in shapes}
    threads = MAX_THREADS

    def products(share: int) -> None:  # one thread's share of the rows, as the encoder deals them
        for r in rows:
            for k, n in shapes:
                for _layer in range(encoder.shape.layers):
                    inputs[(r, k)][share * r // threads : (share + 1) * r // threads] @ weights[(k, n)]

    gemm = []
    with ThreadPoolExecutor(threads) as pool:
        for _ in range(runs):
            start = time.perf_counter()
            list(pool.map(products, range(threads)))
            gemm.append((time.perf_counter() - start) * 1000)
    return statistics.median(encode), statistics.median(gemm)


def main() -> None:
    short = drafts(300, 40, seed=1)
    long = drafts(5000, 8, seed=2)
    process = psutil.Process()
    rss_before = process.memory_info().rss  # after the drafts are made: they are not the app's
    config = Configuration(settings=Settings(district_domains=["district.example.org"]))
    rules = build_checker(config)
    started = time.perf_counter()
    from tap_assistant.semantic import attach_semantic

    checker = attach_semantic(rules, config.settings, warm=True)
    load_ms = (time.perf_counter() - started) * 1000
    print(f"meaning check: {checker.meaning_status.status.value} ({checker.meaning_status.detail})")
    if checker.meaning is None:
        raise SystemExit("install the model first: tap-assistant model install")
    print(f"{'model load (files verified, encoder, heads)':44} {load_ms:8.0f} ms   budget 2000 ms: {'met' if load_ms <= 2000 else 'MISSED'}")

    report("check with meaning, 300 words (fresh)", time_each(short, checker.check), 120)
    report("same drafts, rules only", time_each(short[:20], rules.check))
    report("re-check of an unchanged draft (cached)", time_each([short[0]] * 20, checker.check))
    report("check with meaning, 5,000 words (fresh)", time_each(long, checker.check), 1500)
    rss_growth = (process.memory_info().rss - rss_before) / 1024 / 1024
    print(f"{'RSS growth: rules + model + checks':44} {rss_growth:8.0f} MB   budget 150 MB: {'met' if rss_growth <= 150 else 'MISSED'}")

    encode_ms, gemm_ms = gemm_limit(checker.meaning.encoder, short[1])
    print(f"{'encoder on a 300-word draft':44} median {encode_ms:8.2f} ms")
    print(f"{f'numpy GEMM, same shapes, {MAX_THREADS} threads (limit)':44} median {gemm_ms:8.2f} ms   ratio {encode_ms / gemm_ms:.2f}x")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.txt"
        path.write_text(short[2], encoding="utf-8")
        tap = str(Path(sys.executable).parent / "tap-assistant")
        whole = time_process([tap, "check", "--no-grammar", str(path)], 7)
        report("whole `check` process, 300 words", whole, 1500)
        without = time_process([tap, "check", "--no-grammar", "--no-semantic", str(path)], 7)
        report("whole `check --no-semantic` process", without)
        out = subprocess.run([tap, "check", "--no-grammar", "--format", "json", str(path)], capture_output=True, text=True)
        print(f"{'semantic status in that process':44} {json.loads(out.stdout)['semantic']['status']}")


if __name__ == "__main__":
    main()
