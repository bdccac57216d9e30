"""The labelled corpus messages nearest to a message: the neighbours' vote beside each of
the second opinion's heads, the reasons a raise quotes, and the safeguarding raise's check
that a labelled disclosure is among them.

An exact search reads every example vector for each query (48,000 x 256 floats, 49 MB): it
is memory-bound at about 3 ms, and it pushes the rest of triage out of the processor's cache.
Since round 28, when every message the model reads near a head's bar asks for a vote, the
search reads only the examples of the 32 clusters (of 1,024, k-means fitted by `navigator
train`) whose centres are nearest, each a contiguous block, and ranks them by their exact
cosine, which is the similarity quoted. A model without clusters (trained before round 28)
is searched in two steps instead: a projection onto the examples' 64 principal axes picks
about 1,024 candidates, ranked the same way. `benchmarks/neighbours_check.py` measures how
often the three found are the exact three and how far the vote is from an exact search's
(the model card quotes both); when they differ, they are the next nearest.

The vote (`vote`): for each of the model's heads, the similarity-weighted share of the 15
nearest labelled messages that the head should raise. A head raises only when its neighbours
agree (stages.py; the bars are fitted out of fold, with this same clustered search since
round 30, in navigator/learning/votes.py). Every corpus message votes, support and unclear
ones too; only those at self-care or above are quoted as reasons. One search serves the
vote, the reasons and the disclosure check of the same text (model.py remembers it).
"""

from __future__ import annotations

import numpy as np

PROBED_CLUSTERS = 32  # of the 1,024 trained clusters (about 47 examples each): ~1,500 read
PROJECTED_DIMENSIONS = 64
CANDIDATES = 1024  # (models without clusters) re-ranked exactly
SAMPLE_STRIDE = 16


class ExampleIndex:
    """Unit-length example vectors (float32) and their labelled rows, searched by cosine."""

    def __init__(
        self,
        vectors: np.ndarray,
        rows: list[dict],
        positive: np.ndarray | None = None,
        quotable: np.ndarray | None = None,
        clusters: tuple[np.ndarray, np.ndarray] | None = None,
    ):
        """`clusters`: (each row's cluster, the cluster centres), trained with the model;
        without them (an older model) the search projects onto principal axes instead."""
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.rows = rows
        # (rows, heads) 0/1: which heads each example should raise; None in an older model
        self.positive = None if positive is None else np.asarray(positive, dtype=np.float32)
        # the rows that may be quoted as a reason (all of them when not given)
        self.unquotable = None if quotable is None else ~np.asarray(quotable, dtype=bool)
        self._projection: np.ndarray | None = None
        self._projected: np.ndarray | None = None
        self._clusters = _Clusters(self.vectors, *clusters) if clusters is not None else None
        large = len(self.vectors) > 4 * CANDIDATES
        if self._clusters is None and large and self.vectors.shape[1] > PROJECTED_DIMENSIONS:
            # principal axes from the 256 x 256 Gram matrix (eigh sorts ascending)
            gram = (self.vectors.T @ self.vectors).astype(np.float64)
            axes = np.linalg.eigh(gram)[1][:, ::-1][:, :PROJECTED_DIMENSIONS]
            self._projection = np.ascontiguousarray(axes, dtype=np.float32)
            self._projected = np.ascontiguousarray(self.vectors @ self._projection)

    def __len__(self) -> int:
        return len(self.rows)

    def nearest(self, vector: np.ndarray, k: int = 3, exact: bool = False) -> list[dict]:
        """The k quotable rows most like `vector`, each with its exact cosine as "similarity"."""
        candidates, scores = self._scored(vector) if not exact else (None, self.vectors @ vector)
        if self.unquotable is not None:
            hidden = self.unquotable if candidates is None else self.unquotable[candidates]
            scores = np.where(hidden, -np.inf, scores)
        top = top_k(-scores, k)
        found = top if candidates is None else candidates[top]
        return self.quote(found, scores[top])

    def ranked(self, vector: np.ndarray, depth: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, exact cosines) of the `depth` rows most like `vector`, quotable or not,
        nearest first: one search that both the vote and the quotes can read."""
        candidates, scores = self._scored(vector)
        top = top_k(-scores, depth)
        return (top if candidates is None else candidates[top]), scores[top]

    def quotable_among(self, found: np.ndarray, scores: np.ndarray, k: int) -> list[dict]:
        """The first k quotable rows of a ranked list (fewer if it holds fewer)."""
        if self.unquotable is not None:
            keep = ~self.unquotable[found]
            found, scores = found[keep], scores[keep]
        return self.quote(found[:k], scores[:k])

    def quote(self, found: np.ndarray, scores: np.ndarray) -> list[dict]:
        return [
            {**self.rows[i], "similarity": round(float(s), 2)}
            for i, s in zip(found.tolist(), scores.tolist(), strict=True)
        ]

    def vote(self, found: np.ndarray, scores: np.ndarray) -> np.ndarray | None:
        """Per head, the share of these ranked rows (weighted by their cosine, never below
        0) that the head should raise; None when the model has no votes."""
        if self.positive is None or not len(found):
            return None
        weight = np.maximum(scores, 0)
        total = float(weight.sum())
        if total <= 0:
            return np.zeros(self.positive.shape[1], dtype=np.float32)
        return (weight @ self.positive[found]) / total

    def _scored(self, vector: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        """(candidate rows, their exact cosines); None for the rows when all were read."""
        if self._clusters is not None:
            return self._clusters.scored(vector)
        candidates = self._candidates(vector)
        pool = self.vectors if candidates is None else self.vectors[candidates]
        return candidates, pool @ vector

    def _candidates(self, vector: np.ndarray) -> np.ndarray | None:
        if self._projection is None or self._projected is None:
            return None
        approximate = self._projected @ (vector @ self._projection)
        # About CANDIDATES of them: those above the cut that keeps that share of every 16th
        # score (a partition of all 38,000 costs four times the product). In index order, so
        # that ties keep the order an exact search gives them.
        sample = approximate[::SAMPLE_STRIDE]
        keep = len(sample) - CANDIDATES // SAMPLE_STRIDE
        found = np.flatnonzero(approximate >= np.partition(sample, keep)[keep])
        if len(found) < CANDIDATES // 4:  # a skewed sample: take exactly the top ones
            found = np.sort(np.argpartition(-approximate, CANDIDATES)[:CANDIDATES])
        return found


def top_k(values: np.ndarray, k: int) -> np.ndarray:
    """np.argsort(values, kind="stable")[:k] without sorting them all: only the values up to
    the k-th smallest are sorted, ties kept in index order."""
    if 0 < k < len(values):
        kth = np.partition(values, k - 1)[k - 1]
        if not np.isnan(kth):
            within = np.flatnonzero(values <= kth)
            return within[np.argsort(values[within], kind="stable")][:k]
    return np.argsort(values, kind="stable")[:k]


class _Clusters:
    """An inverted file: the examples grouped by the cluster `navigator train` gave each, so
    that a search reads only the few clusters whose centres are nearest, each a contiguous
    block of vectors (a projection over every example read 12 MB a search and pushed the
    rest of triage out of the processor's cache)."""

    def __init__(self, vectors: np.ndarray, assigned: np.ndarray, centres: np.ndarray):
        assigned = np.asarray(assigned)
        self.centres = np.ascontiguousarray(centres, dtype=np.float32)
        self.order = np.argsort(assigned, kind="stable")  # rows, cluster by cluster
        self.grouped = np.ascontiguousarray(vectors[self.order])
        self.starts = np.searchsorted(assigned[self.order], np.arange(len(centres) + 1))

    def scored(self, vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows, exact cosines) of the PROBED_CLUSTERS clusters nearest to `vector`, in
        index order, so that ties keep the order an exact search gives them."""
        probed = top_k(-(self.centres @ vector), PROBED_CLUSTERS)
        spans = [(self.starts[c], self.starts[c + 1]) for c in probed.tolist()]
        rows = np.concatenate([self.order[a:b] for a, b in spans])
        scores = np.concatenate([self.grouped[a:b] @ vector for a, b in spans])
        in_order = np.argsort(rows, kind="stable")
        return rows[in_order], scores[in_order]
