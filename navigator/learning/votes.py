"""The neighbours' vote beside each head, and the bars it must pass, fitted out of fold.

A head's logistic score is one reading of a message; the labelled messages most like it are
another. Out of fold on the corpus, most of a head's false alarms are messages whose nearest
labelled neighbours did not need raising (a first-aid course, a question about signs, a pet),
while the messages it rightly raises have neighbours that did (benchmarks/knn_vote_check.py).
So a head raises only when its score reaches a share of its bar (`factor`) AND at least a
share of its neighbours (`vote`) should be raised by it.

The pair is chosen per head and per reading (short English, long English, other languages)
on the messages the rules alone left below the head's level: among all pairs that miss no
more of the messages the head should raise than the head alone at its bar, the one raising
the fewest that it must not. The head alone (factor 1, vote 0) is always one of the pairs,
so out of fold the gate can only lower false alarms at the same recall. Since round 30 the
out-of-fold votes come from the same clustered search triage runs (the bars were fitted on
exact votes before, and a vote near its bar could fall either side at run time).
"""

from __future__ import annotations

import numpy as np

from navigator.core.triage.neighbours import PROBED_CLUSTERS

VOTE_K = 15  # neighbours that vote (benchmarks/knn_vote_check.py tried 15)
# the shares of a head's bar tried, highest first: a lower one asks for more votes at run time.
# None below 0.6 (session 20): at 0.5 the crisis head's short gate (vote 0.072, one neighbour in
# fifteen) sent "can't sleep at night" to the crisis line; out of fold it spared a few more
# false alarms, but a head at half its bar is not a reading of its own, and every search it
# asks for costs the one-core throughput the issue sets
GATE_FACTORS = (1.0, 0.9, 0.8, 0.7, 0.6)
MIN_GAIN = 2  # a lower factor must spare at least this many more false alarms to be chosen
_CHUNK = 2000


def out_of_fold_votes(
    vectors: np.ndarray, positive: np.ndarray, splits, k: int = VOTE_K, clusters=None
) -> np.ndarray:
    """(rows, heads): each message's vote from its k nearest messages in the other folds.
    With `clusters` (each row's cluster, the centres), searched as triage searches: the
    stored float16 vectors of the PROBED_CLUSTERS clusters nearest (neighbours.py), so the
    bars are fitted on the votes that run; without them, exactly."""
    if clusters is not None:
        return _clustered_votes(vectors, positive, splits, k, *clusters)
    votes = np.zeros(positive.shape, dtype=np.float64)
    for fit_rows, held_rows in splits:
        pool, hits = vectors[fit_rows], positive[fit_rows].astype(np.float64)
        for start in range(0, len(held_rows), _CHUNK):
            rows = held_rows[start : start + _CHUNK]
            similarity = vectors[rows] @ pool.T
            nearest = np.argpartition(-similarity, k, axis=1)[:, :k]
            weight = np.maximum(np.take_along_axis(similarity, nearest, axis=1), 0)
            total = np.maximum(weight.sum(1, keepdims=True), 1e-9)
            votes[rows] = np.einsum("rk,rkh->rh", weight, hits[nearest]) / total
    return votes


def fit_gate(readings, votes: np.ndarray, wanted: np.ndarray, unwanted: np.ndarray) -> dict:
    """The (factor, vote) pair for one head and one reading, with its out-of-fold figures.
    `readings`: (scores, bar) pairs, any of which raises; `wanted`/`unwanted`: the open
    messages the head should and must not raise."""

    def passing(factor: float) -> np.ndarray:
        found = np.zeros(len(votes), dtype=bool)
        for scores, bar in readings:
            found |= scores >= bar * factor
        return found

    alone = passing(1.0)
    missed = int((wanted & ~alone).sum())
    best = {"factor": 1.0, "vote": 0.0, "wrong": int((alone & unwanted).sum()), "missed": missed}
    before = dict(best)
    if not wanted.any():
        return {**best, "wrong_alone": before["wrong"]}
    for factor in GATE_FACTORS:
        passes = passing(factor)
        spare = missed - int((wanted & ~passes).sum())  # misses the vote may still cause
        if spare < 0:
            continue
        ranked = np.sort(votes[wanted & passes])
        if spare >= len(ranked):
            continue  # the vote could veto every wanted raise: no bar to read from it
        bar = float(np.floor(ranked[spare] * 1e4) / 1e4)  # rounded down, never above
        raised = passes & (votes >= bar)
        wrong = int((raised & unwanted).sum())
        # a vote must spare at least one false alarm; a lower factor (more searches) MIN_GAIN
        if wrong <= best["wrong"] - (MIN_GAIN if factor < best["factor"] else 1):
            best = {"factor": factor, "vote": bar, "wrong": wrong,
                    "missed": int((wanted & ~raised).sum())}  # fmt: skip
    return {**best, "wrong_alone": before["wrong"]}


def _clustered_votes(vectors, positive, splits, k, assigned, centres) -> np.ndarray:
    """The clustered search of neighbours.py, out of fold: each held message reads only the
    other folds' examples in its PROBED_CLUSTERS nearest clusters."""
    stored = vectors.astype(np.float16).astype(np.float32)
    hits = positive.astype(np.float64)
    members = [np.flatnonzero(assigned == c) for c in range(len(centres))]
    votes = np.zeros(positive.shape, dtype=np.float64)
    for fit_rows, held_rows in splits:
        in_pool = np.zeros(len(vectors), dtype=bool)
        in_pool[fit_rows] = True
        pooled = [m[in_pool[m]] for m in members]
        for start in range(0, len(held_rows), _CHUNK):
            rows = held_rows[start : start + _CHUNK]
            near = _nearest_clusters(vectors[rows] @ centres.T)
            for row, probed in zip(rows, near, strict=True):
                candidates = np.concatenate([pooled[c] for c in probed])
                similarity = stored[candidates] @ vectors[row]
                top = np.argsort(-similarity, kind="stable")[:k]
                weight = np.maximum(similarity[top], 0)
                total = max(float(weight.sum()), 1e-9)
                votes[row] = weight @ hits[candidates[top]] / total
    return votes


def _nearest_clusters(similarity: np.ndarray) -> np.ndarray:
    """Each row's PROBED_CLUSTERS most similar clusters (all of them when there are fewer)."""
    if similarity.shape[1] <= PROBED_CLUSTERS:
        return np.tile(np.arange(similarity.shape[1]), (len(similarity), 1))
    return np.argpartition(-similarity, PROBED_CLUSTERS - 1, axis=1)[:, :PROBED_CLUSTERS]
