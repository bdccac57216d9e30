"""Triage core throughput and latency on the development messages, on one core.

Run: make bench   (or: python benchmarks/triage_bench.py [--rounds N])
Prints messages/second and p50/p99 latency. Targets: >= 1,000 messages/s on one core, p99
< 5 ms (issue 2); with the model, >= 1,500 messages/s (issue 9). Knowledge loads the model
from models/ when it is there, as a server does. Nothing here touches the network, the
database or Flask.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from navigator.paths import CONTENT_DIR, REPO_ROOT

DEV_CASES = REPO_ROOT.parent / "shared" / "eval" / "dev.jsonl"
FALLBACK = [
    "sore throat for 3 days",
    "my dad has crushing chest pain going down his left arm",
    "ma bby has a temp n rash",
    "need a food bank near me",
    "toothache M22",
    "hi",
    "no chest pain just a tickly cough for 3 days",
    "im 30 weeks pregnant and bleeding heavily",
]


def messages() -> list[tuple[str, float | None]]:
    if DEV_CASES.exists():
        rows = [json.loads(line) for line in DEV_CASES.read_text().splitlines() if line.strip()]
        return [(r["text"], r.get("age")) for r in rows]
    return [(t, None) for t in FALLBACK]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    # Imported once pinned: numpy's BLAS starts its worker threads at import, one per core
    # the process may use, and a thread started before the pin could run on another core.
    from navigator.core.triage.pipeline import Knowledge, triage

    started = time.perf_counter()
    knowledge = Knowledge(CONTENT_DIR)
    load_s = time.perf_counter() - started
    cases = messages()
    for text, age in cases:  # warm caches (spelling corrections) as a running server would
        triage(text, knowledge, age_years=age)
    latencies = []
    begin = time.perf_counter()
    for _ in range(args.rounds):
        for text, age in cases:
            t0 = time.perf_counter()
            triage(text, knowledge, age_years=age)
            latencies.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - begin
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(
        f"triage: {len(latencies)} messages ({len(cases)} distinct) in {elapsed:.2f}s on one core"
    )
    print(
        f"throughput {len(latencies) / elapsed:,.0f} messages/s; p50 {p50:.3f} ms; p99 {p99:.3f} ms; "
        f"max {latencies[-1] * 1000:.3f} ms; knowledge load {load_s:.2f}s"
    )


if __name__ == "__main__":
    main()
