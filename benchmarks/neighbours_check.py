"""How often the clustered nearest-example search (navigator/core/triage/neighbours.py) finds
the same three quotable examples as an exact search (the reasons a raise quotes), how far the
neighbours' vote it gives is from the exact search's vote (the bars in triage_model.json are
fitted on the clustered search's votes since round 30; before, on exact votes), and the time
of each search.

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

import numpy as np

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
    from navigator.core.triage.model import normalise
    from navigator.core.triage.pipeline import Knowledge

    model = Knowledge(CONTENT_DIR).model
    if model is None or model.example_index is None or model.embedder is None:
        raise SystemExit("no model with examples in models/: run `navigator train`")
    index, k = model.example_index, max(model.vote_k, 1)
    queries = texts(args.files)
    same, gaps = 0, []
    timing = {False: 0.0, True: 0.0}
    for text in queries:
        found = {}
        for exact in (False, True):
            started = time.perf_counter()
            found[exact] = model.nearest_examples(text, exact=exact)
            timing[exact] += time.perf_counter() - started
        same += [e["text"] for e in found[False]] == [e["text"] for e in found[True]]
        vector = model.embedder.embed(normalise(text, model.masked_words))
        rows, scores = index.ranked(vector, k)
        everything = index.vectors @ vector
        nearest = np.argsort(-everything, kind="stable")[:k]
        clustered, exact_vote = index.vote(rows, scores), index.vote(nearest, everything[nearest])
        if clustered is not None and exact_vote is not None:
            gaps.append(float(np.abs(clustered - exact_vote).max()))
    n = len(queries)
    print(f"{n} queries against {len(index):,} examples")
    print(f"same three examples as the exact search: {same} ({same / n:.1%})")
    if gaps:
        print(
            f"vote (largest head) minus the exact search's vote: mean {np.mean(gaps):.3f}, "
            f"95th percentile {np.quantile(gaps, 0.95):.3f}, largest {max(gaps):.3f}"
        )
    print(
        f"per search: clustered {timing[False] / n * 1000:.2f} ms, "
        f"exact {timing[True] / n * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
