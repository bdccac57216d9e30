"""`navigator train`: the second opinion learned from corpus/, seeded and reproducible.

Out-of-fold predictions (5 folds) choose the thresholds at which the model may raise an
answer, by a false-alarm budget on messages that must not be raised; the final model is
then fitted on the whole corpus. Artifacts: models/triage_model.safetensors (weights),
models/triage_model.json (classes, thresholds, figures, corpus hash),
models/triage_examples.jsonl (the labelled messages quoted when it explains itself).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from navigator.core.models import Disposition
from navigator.core.triage import model as triage_model
from navigator.learning.corpus import Example, load_corpus

SEED = 20261205
FOLDS = 5
REGULARISATION_C = 8.0
DENSE_SCALE = 1.0
VERSION = "2"


@dataclass
class Matrix:
    sparse: object  # scipy.sparse.csr_matrix
    dense: np.ndarray | None


def featurise(texts: list[str], embedder) -> Matrix:
    from scipy.sparse import csr_matrix

    indptr, indices, values = [0], [], []
    for text in texts:
        index, value = triage_model.sparse_features(triage_model.normalise(text))
        indices.append(index)
        values.append(value)
        indptr.append(indptr[-1] + len(index))
    sparse = csr_matrix(
        (np.concatenate(values), np.concatenate(indices), np.array(indptr)),
        shape=(len(texts), 1 << triage_model.HASH_BITS),
        dtype=np.float32,
    )
    dense = None
    if embedder is not None:
        dense = np.stack([embedder.embed(triage_model.normalise(t)) for t in texts])
    return Matrix(sparse, dense)


def _stack(matrix: Matrix, rows=None):
    from scipy.sparse import csr_matrix, hstack

    sparse = matrix.sparse if rows is None else matrix.sparse[rows]
    if matrix.dense is None:
        return sparse
    dense = matrix.dense if rows is None else matrix.dense[rows]
    return hstack([sparse, csr_matrix(dense * DENSE_SCALE)], format="csr")


def _fit(x, y):
    from sklearn.linear_model import LogisticRegression

    classifier = LogisticRegression(
        C=REGULARISATION_C,
        max_iter=500,
        tol=1e-3,
        class_weight="balanced",
        random_state=SEED,
    )
    return classifier.fit(x, y)


def _groups(probabilities: np.ndarray, classes: list[str]) -> dict[str, np.ndarray]:
    column = {c: i for i, c in enumerate(classes)}

    def total(names):
        return sum(probabilities[:, column[n]] for n in names if n in column)

    emergency = total([d.value for d in triage_model.EMERGENCY])
    return {
        "emergency": emergency,
        "safeguarding": total(["safeguarding"]),
        "clinical_today": emergency + total(["nhs_111", "urgent_care"]),
    }


MISS_COST = 10  # a missed emergency weighs as much as ten false alarms (under-triage is the harm)
SAFEGUARDING_MISS_COST = 6
CLINICAL_MISS_COST = 3
GRID = np.round(np.arange(0.10, 0.96, 0.01), 2)


def _cheapest(scores, needed, already, must_not, miss_cost: float) -> float:
    """The threshold with the least cost over the corpus, the rules' own answer counted:
    a message the rules already placed high enough can be neither missed nor raised."""
    best, best_cost = 0.5, None
    open_needed = needed & ~already
    open_must_not = must_not & ~already
    for t in GRID:
        raised = scores >= t
        cost = miss_cost * np.sum(open_needed & ~raised) + np.sum(open_must_not & raised)
        if best_cost is None or cost < best_cost:
            best, best_cost = float(t), cost
    return best


def rule_acuity(examples: list[Example]) -> np.ndarray:
    """What the rules alone answer for each corpus message (the model switched off)."""
    from navigator.core.triage.pipeline import Knowledge, triage
    from navigator.paths import CONTENT_DIR

    rules_only = Knowledge(CONTENT_DIR, models_dir=Path("/nonexistent-models"))
    return np.array([triage(e.text, rules_only).disposition.acuity for e in examples])


def choose_thresholds(examples: list[Example], oof: np.ndarray, classes: list[str], rules) -> dict:
    groups = _groups(oof, classes)
    accepted = [[Disposition(a) for a in e.accept] for e in examples]
    lowest = np.array([min(d.acuity for d in acc) for acc in accepted])
    highest = np.array([max(d.acuity for d in acc) for acc in accepted])
    emergency, safeguarding = Disposition.A_AND_E.acuity, Disposition.SAFEGUARDING.acuity
    today = Disposition.NHS_111.acuity
    thresholds = {
        "emergency": _cheapest(
            groups["emergency"], lowest >= emergency, rules >= emergency,
            highest < emergency, MISS_COST,
        ),
        "safeguarding": _cheapest(
            groups["safeguarding"], lowest == safeguarding, rules >= safeguarding,
            highest < safeguarding, SAFEGUARDING_MISS_COST,
        ),
        "clinical_today": _cheapest(
            groups["clinical_today"], lowest >= today, rules >= today,
            highest < today, CLINICAL_MISS_COST,
        ),
    }  # fmt: skip
    is_emergency = lowest >= emergency
    raised = groups["emergency"] >= thresholds["emergency"]
    combined = (rules >= emergency) | raised
    figures = {
        "oof_emergency_recall_rules_alone": float((rules >= emergency)[is_emergency].mean()),
        "oof_emergency_recall_with_model": float(combined[is_emergency].mean()),
        "oof_raised_to_emergency_wrongly": float((raised & (rules < emergency))[highest < emergency].mean()),
        "oof_accuracy_argmax": float(
            np.mean([classes[i] in e.accept for i, e in zip(oof.argmax(1), examples, strict=True)])
        ),
    }
    return {"thresholds": thresholds, "figures": figures}


def corpus_hash(examples: list[Example]) -> str:
    digest = hashlib.sha256()
    for e in examples:
        digest.update(f"{e.id}\t{e.text}\t{e.disposition.value}\n".encode())
    return digest.hexdigest()


def train(corpus_dir: Path, out_dir: Path, *, log=print) -> dict:
    from sklearn.model_selection import StratifiedKFold

    examples = load_corpus(corpus_dir)
    texts = [e.text for e in examples]
    labels = np.array([e.disposition.value for e in examples])
    log(f"corpus: {len(examples)} messages after removing duplicates")
    embedder = triage_model.SentenceEmbedder.from_package()
    matrix = featurise(texts, embedder)
    x = _stack(matrix)
    classes = sorted(set(labels))
    oof = np.zeros((len(examples), len(classes)))
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for n, (fit_rows, held_rows) in enumerate(folds.split(texts, labels), start=1):
        fold_model = _fit(x[fit_rows], labels[fit_rows])
        columns = [classes.index(c) for c in fold_model.classes_]
        oof[np.ix_(held_rows, columns)] = fold_model.predict_proba(x[held_rows])
        log(f"fold {n}/{FOLDS} done")
    chosen = choose_thresholds(examples, oof, classes, rule_acuity(examples))
    final = _fit(x, labels)
    meta = _save(out_dir, final, embedder, examples, matrix, chosen)
    log(json.dumps({"thresholds": meta["thresholds"], "figures": meta["figures"]}, indent=2))
    return meta


def _save(out_dir: Path, final, embedder, examples, matrix: Matrix, chosen: dict) -> dict:
    from safetensors.numpy import save_file

    out_dir.mkdir(parents=True, exist_ok=True)
    buckets = 1 << triage_model.HASH_BITS
    coef = final.coef_.T.astype(np.float32)  # (features, classes)
    quoted = [i for i, e in enumerate(examples) if e.disposition.acuity >= Disposition.NHS_111.acuity]
    weights = {
        "sparse_coef": coef[:buckets].astype(np.float16),
        "dense_coef": coef[buckets:].astype(np.float32)
        if matrix.dense is not None
        else np.zeros((0, len(final.classes_)), np.float32),
        "bias": final.intercept_.astype(np.float32),
    }
    if matrix.dense is not None:
        weights["example_vectors"] = matrix.dense[quoted].astype(np.float16)
    save_file(weights, str(out_dir / "triage_model.safetensors"))
    with (out_dir / "triage_examples.jsonl").open("w", encoding="utf-8") as out:
        for i in quoted:
            e = examples[i]
            row = {"id": e.id, "text": e.text, "disposition": e.disposition.value}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    meta = {
        "version": VERSION,
        "classes": [str(c) for c in final.classes_],
        "hash_bits": triage_model.HASH_BITS,
        "dense_dim": 0 if matrix.dense is None else int(matrix.dense.shape[1]),
        "dense_scale": DENSE_SCALE,
        "seed": SEED,
        "regularisation_c": REGULARISATION_C,
        "corpus_size": len(examples),
        "corpus_sha256": corpus_hash(examples),
        "by_disposition": _counts(e.disposition.value for e in examples),
        "by_language": _counts(e.lang for e in examples),
        **chosen,
    }
    (out_dir / "triage_model.json").write_text(
        json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return meta


def _counts(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return dict(sorted(counts.items()))
