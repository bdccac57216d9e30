"""Weigh the second opinion's false-alarm budgets before retraining: score the corpus out of
fold once (as `navigator train` does, about 8 minutes on 2 cores), then replay the raise
logic for each budget tried and print, for English and other-language corpus messages,
emergency recall, emergencies sent to a GP or lower, and look-alikes and everyday needs sent
too high. Thresholds are fitted on the same out-of-fold scores, so the figures compare
budgets with each other; first contact on a fresh round is what predicts residents.

Run: python benchmarks/head_budgets.py [--scores /tmp/oof.npz] [--try 0.03,0.03,0.05 ...]
(each --try is emergency,crisis,clinical_today; long and other-language budgets keep
train.py's ratios to the short one). Chose the crisis head's 3% budget in session 7.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from navigator.core.models import Disposition
from navigator.core.triage import model as triage_model
from navigator.learning import train
from navigator.learning.corpus import load_corpus
from navigator.paths import REPO_ROOT


def score_out_of_fold(examples) -> dict[str, np.ndarray]:
    from sklearn.model_selection import StratifiedKFold

    embedder = triage_model.SentenceEmbedder.from_package()
    masked = train.place_words()
    x = train._stack(train.featurise([e.text for e in examples], embedder, masked))
    labels = np.array([e.disposition.value for e in examples])
    settled = {h: train.head_labels(examples, h) for h in train.HEAD_LEVEL}
    scores = {
        f"{k}_{h}": np.zeros(len(examples)) for k in ("heads", "whole") for h in train.HEAD_LEVEL
    }
    folds = StratifiedKFold(n_splits=train.FOLDS, shuffle=True, random_state=train.SEED)
    for fit_rows, held_rows in folds.split(labels, labels):
        scorer = train._scorer(x, labels, fit_rows, settled, embedder, masked)
        for i in held_rows:
            opinion = scorer.opinion(examples[i].text)
            for h in train.HEAD_LEVEL:
                scores[f"heads_{h}"][i], scores[f"whole_{h}"][i] = (
                    opinion.heads[h],
                    opinion.whole[h],
                )
    rules = train.rule_answers(examples)
    scores["rules"] = np.array([a.acuity for a in rules])
    return scores


def cached_scores(path: Path, examples) -> dict[str, np.ndarray]:
    """The out-of-fold scores saved at `path`, or scored now (and saved) when there are none
    yet or they are of another corpus."""
    scores = dict(np.load(path)) if path.exists() else {}
    if len(scores.get("rules", ())) != len(examples):
        scores = score_out_of_fold(examples)
        np.savez(path, **scores)
    return scores


def replay(examples, scores, budgets: tuple[float, float, float]) -> dict[str, str]:
    rules = scores["rules"]
    long = np.array([triage_model.is_long(e.text) for e in examples])
    other = np.array([e.lang != "en" for e in examples])
    final = rules.copy()
    raised_emergency = np.zeros(len(examples), dtype=bool)
    for head, budget in zip(("emergency", "crisis", "clinical_today"), budgets, strict=True):
        settled, positive = train.head_labels(examples, head)
        heads, whole = scores[f"heads_{head}"], scores[f"whole_{head}"]
        # long and other-language budgets keep train.py's ratios to the short one
        scale = budget / train.FALSE_ALARM_BUDGET[head]
        long_budget = {head: scale * train.LONG_FALSE_ALARM_BUDGET[head]}
        other_budget = {head: scale * train.OTHER_LANGUAGE_FALSE_ALARM_BUDGET[head]}
        bar, _ = train.threshold_for(heads, positive, settled & ~long, rules, head, {head: budget})
        long_bar, _ = train.threshold_for(
            heads, positive, settled & long, rules, head, long_budget, already=whole >= bar
        )
        other_bar, _ = train.threshold_for(
            heads, positive, settled & other, rules, head, other_budget
        )
        other_bar = min(other_bar, bar, long_bar)
        raised = np.where(
            other,
            heads >= other_bar,
            np.where(long, (whole >= bar) | (heads >= long_bar), heads >= bar),
        )
        if head == "clinical_today":
            final = np.where(
                (final < Disposition.NHS_111.acuity) & raised, Disposition.NHS_111.acuity, final
            )
        else:
            raised_emergency |= raised
    final = np.where(
        (final < Disposition.A_AND_E.acuity) & raised_emergency, Disposition.A_AND_E.acuity, final
    )
    lowest = np.array([min(Disposition(a).acuity for a in e.accept) for e in examples])
    highest = np.array([max(Disposition(a).acuity for a in e.accept) for e in examples])
    kind = np.array([e.kind for e in examples])
    out = {}
    for name, rows in (("english", ~other), ("other languages", other)):
        emergency = rows & (kind == "emergency") & (lowest >= Disposition.A_AND_E.acuity)
        lookalike, everyday = rows & (kind == "lookalike"), rows & (kind == "everyday")
        out[name] = (
            f"recall {np.mean(final[emergency] >= Disposition.A_AND_E.acuity):.4f}, "
            f"to a GP or lower {int((final[emergency] <= Disposition.GP.acuity).sum())} of {int(emergency.sum())}, "
            f"look-alikes too high {np.mean(final[lookalike] > highest[lookalike]):.3f}, "
            f"everyday too high {np.mean(final[everyday] > highest[everyday]):.3f}"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scores", type=Path, default=Path("/tmp/head_budget_scores.npz"))
    parser.add_argument("--try", dest="tries", action="append", default=[])
    args = parser.parse_args()
    examples = load_corpus(REPO_ROOT / "corpus")
    scores = cached_scores(args.scores, examples)
    tries = args.tries or [
        ",".join(
            str(v)
            for v in (
                train.FALSE_ALARM_BUDGET[h] for h in ("emergency", "crisis", "clinical_today")
            )
        )
    ]
    for text in tries:
        budgets = tuple(float(v) for v in text.split(","))
        for name, line in replay(examples, scores, budgets).items():  # type: ignore[arg-type]
            print(f"{text} {name}: {line}")


if __name__ == "__main__":
    main()
