"""Would a nearest-neighbour vote sharpen the second opinion's heads? The session-8
experiment behind the neighbours' vote that triage has used since round 28 (its bars are now
fitted by `navigator train`: navigator/learning/votes.py). It compares the mean of the
score and the vote, not the pair of bars triage uses.

For every corpus message, out of fold with train.py's folds, the vote of a head is the
similarity-weighted share of its K nearest labelled messages (sentence embeddings, the other
folds only) that the head should raise. The script compares, on English short messages the
rules alone left below the head's level:
- the logistic head alone, at train.py's false-alarm budget (what runs today);
- the mean of the head's score and the vote, at the threshold that misses no more of the
  messages the head should raise than the head alone does,
and prints how many messages that must not be raised each one raises (look-alikes and
everyday needs among them).

Run: python benchmarks/knn_vote_check.py [--k 15] [--scores /tmp/oof.npz]
The head scores come from benchmarks/head_budgets.py's out-of-fold cache (made if missing,
about 8 minutes on 2 cores); the votes take about a minute.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from navigator.core.triage import model as triage_model
from navigator.learning import train
from navigator.learning.corpus import load_corpus
from navigator.paths import REPO_ROOT


def votes(examples, k: int) -> dict[str, np.ndarray]:
    from sklearn.model_selection import StratifiedKFold

    embedder = triage_model.SentenceEmbedder.from_package()
    masked = train.place_words()
    vectors = np.stack(
        [embedder.embed(triage_model.normalise(e.text, masked)) for e in examples]
    ).astype(np.float32)
    positive = {h: train.head_labels(examples, h)[1] for h in train.HEAD_LEVEL}
    out = {h: np.zeros(len(examples)) for h in train.HEAD_LEVEL}
    labels = np.array([e.disposition.value for e in examples])
    folds = StratifiedKFold(n_splits=train.FOLDS, shuffle=True, random_state=train.SEED)
    for fit_rows, held_rows in folds.split(labels, labels):
        pool = vectors[fit_rows]
        for start in range(0, len(held_rows), 2000):
            rows = held_rows[start : start + 2000]
            similarity = vectors[rows] @ pool.T
            nearest = np.argpartition(-similarity, k, axis=1)[:, :k]
            weight = np.maximum(np.take_along_axis(similarity, nearest, axis=1), 0)
            for head in train.HEAD_LEVEL:
                hits = positive[head][fit_rows][nearest]
                out[head][rows] = (hits * weight).sum(1) / np.maximum(weight.sum(1), 1e-6)
    return out


def compare(examples, scores: dict, vote: dict) -> None:
    rules = scores["rules"]
    english_short = np.array(
        [e.lang == "en" and not triage_model.is_long(e.text) for e in examples]
    )
    kind = np.array([e.kind for e in examples])
    for head, level in train.HEAD_LEVEL.items():
        settled, positive = train.head_labels(examples, head)
        open_rows = settled & english_short & (rules < level)
        wanted, unwanted = open_rows & positive, open_rows & ~positive
        alone = scores[f"heads_{head}"]
        bar, _ = train.threshold_for(alone, positive, settled & english_short, rules, head)
        missed = int((wanted & (alone < bar)).sum())
        mixed = (alone + vote[head]) / 2
        ranked = np.sort(mixed[wanted])
        mixed_bar = ranked[missed] if missed < len(ranked) else 1.0
        for name, raised in (("head alone", alone >= bar), ("head + vote", mixed >= mixed_bar)):
            wrong = raised & unwanted
            print(
                f"{head:14} {name:11}: misses {int((wanted & ~raised).sum())} of "
                f"{int(wanted.sum())}, raises {int(wrong.sum())} of {int(unwanted.sum())} wrongly "
                f"(look-alikes {int((wrong & (kind == 'lookalike')).sum())}, "
                f"everyday {int((wrong & (kind == 'everyday')).sum())})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--k", type=int, default=15)
    parser.add_argument("--scores", type=Path, default=Path("/tmp/head_budget_scores.npz"))
    args = parser.parse_args()
    # a sibling script: Python puts this script's folder first on the import path
    from head_budgets import cached_scores

    examples = load_corpus(REPO_ROOT / "corpus")
    compare(examples, cached_scores(args.scores, examples), votes(examples, args.k))


if __name__ == "__main__":
    main()
