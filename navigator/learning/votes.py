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
so out of fold the gate can only lower false alarms at the same recall.
"""

from __future__ import annotations

import numpy as np

VOTE_K = 15  # neighbours that vote (benchmarks/knn_vote_check.py tried 15)
# the shares of a head's bar tried, highest first: a lower one asks for more votes at run time
GATE_FACTORS = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3)
MIN_GAIN = 2  # a lower factor must spare at least this many more false alarms to be chosen
_CHUNK = 2000


def out_of_fold_votes(
    vectors: np.ndarray, positive: np.ndarray, splits, k: int = VOTE_K
) -> np.ndarray:
    """(rows, heads): each message's vote from its k nearest messages in the other folds,
    searched exactly (triage's search is the two-step one in neighbours.py)."""
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
