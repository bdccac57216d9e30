"""The labelled corpus messages nearest to a message: the reasons the second opinion quotes,
and the safeguarding raise's check that a labelled disclosure is among them.

An exact search reads every example vector for each query (37,000 x 256 floats, 38 MB): it
is memory-bound at about 3 ms, and it pushes the rest of triage out of the processor's cache.
So the search is done in two steps. A projection onto the examples' 64 principal axes
(computed when the model loads, from the vectors themselves) picks the likeliest candidates
from a quarter of the memory, and the candidates are ranked by their exact cosine, which is
the similarity quoted. `benchmarks/neighbours_check.py` measures how often the three found
are the exact three (the model card quotes it); when they are not, they are the next nearest.
The safeguarding raise's check for a disclosure among the nearest is a decision, not a
reason, so it asks for an exact search.
"""

from __future__ import annotations

import numpy as np

PROJECTED_DIMENSIONS = 64
CANDIDATES = 1024  # re-ranked exactly; on fresh messages the exact three are almost always in
SAMPLE_STRIDE = 16


class ExampleIndex:
    """Unit-length example vectors (float32) and their labelled rows, searched by cosine."""

    def __init__(self, vectors: np.ndarray, rows: list[dict]):
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.rows = rows
        self._projection: np.ndarray | None = None
        self._projected: np.ndarray | None = None
        if len(self.vectors) > 4 * CANDIDATES and self.vectors.shape[1] > PROJECTED_DIMENSIONS:
            # principal axes from the 256 x 256 Gram matrix (eigh sorts ascending)
            gram = (self.vectors.T @ self.vectors).astype(np.float64)
            axes = np.linalg.eigh(gram)[1][:, ::-1][:, :PROJECTED_DIMENSIONS]
            self._projection = np.ascontiguousarray(axes, dtype=np.float32)
            self._projected = np.ascontiguousarray(self.vectors @ self._projection)

    def __len__(self) -> int:
        return len(self.rows)

    def nearest(self, vector: np.ndarray, k: int = 3, exact: bool = False) -> list[dict]:
        """The k rows most like `vector`, each with its exact cosine as "similarity"."""
        candidates = self._candidates(vector) if not exact else None
        pool = self.vectors if candidates is None else self.vectors[candidates]
        scores = pool @ vector
        top = top_k(-scores, k)
        found = top if candidates is None else candidates[top]
        return [
            {**self.rows[i], "similarity": round(float(s), 2)}
            for i, s in zip(found.tolist(), scores[top].tolist(), strict=True)
        ]

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
