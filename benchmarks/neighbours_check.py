"""How often the two-step nearest-example search (navigator/core/triage/neighbours.py) finds
the same three examples as an exact search (the examples quoted in a raise's reasons), with
the time of each search. The safeguarding raise's check for a labelled disclosure among the
nearest is a decision, so it searches exactly and is not measured here.

Run: python benchmarks/neighbours_check.py [messages.jsonl ...]
Queries are the development messages and any JSON Lines files named (a "text" field each),
best ones the model was not trained on, so that no query finds itself.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from navigator.paths import CONTENT_DIR, SHARED_DIR


def texts(paths: list[Path]) -> list[str]:
    found = []
    for path in [SHARED_DIR / "eval" / "dev.jsonl", *paths]:
        if path.exists():
            rows = path.read_text(encoding="utf-8").splitlines()
            found += [json.loads(line)["text"] for line in rows if line.strip()]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from navigator.core.triage.pipeline import Knowledge

    model = Knowledge(CONTENT_DIR).model
    if model is None or model.example_index is None:
        raise SystemExit("no model with examples in models/: run `navigator train`")
    queries = texts(args.files)
    same = 0
    timing = {False: 0.0, True: 0.0}
    for text in queries:
        found = {}
        for exact in (False, True):
            started = time.perf_counter()
            found[exact] = model.nearest_examples(text, exact=exact)
            timing[exact] += time.perf_counter() - started
        same += [e["text"] for e in found[False]] == [e["text"] for e in found[True]]
    n = len(queries)
    print(f"{n} queries against {len(model.example_index):,} examples")
    print(f"same three examples as the exact search: {same} ({same / n:.1%})")
    print(
        f"per search: two-step {timing[False] / n * 1000:.2f} ms, "
        f"exact {timing[True] / n * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
