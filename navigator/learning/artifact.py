"""Writing the trained model: weights and example vectors (safetensors, no pickle), the
messages quoted as reasons (JSON lines) and the card's figures (JSON)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from navigator.core.triage import model as triage_model
from navigator.learning.corpus import Example


def weights(dispositions, heads: dict, dense: bool) -> dict[str, np.ndarray]:
    sparse, rest = _split(dispositions.coef_.T, dense, len(dispositions.classes_))
    head_coef = np.stack([h.coef_[0] for h in heads.values()], axis=1)
    head_sparse, head_rest = _split(head_coef, dense, len(heads))
    return {
        "sparse_coef": sparse,
        "dense_coef": rest,
        "bias": dispositions.intercept_.astype(np.float32),
        "head_sparse_coef": head_sparse,
        "head_dense_coef": head_rest,
        "head_bias": np.array([h.intercept_[0] for h in heads.values()], np.float32),
    }


def corpus_hash(examples: list[Example]) -> str:
    digest = hashlib.sha256()
    for e in examples:
        digest.update(f"{e.id}\t{e.text}\t{e.disposition.value}\n".encode())
    return digest.hexdigest()


def _split(coef: np.ndarray, dense: bool, width: int):
    buckets = 1 << triage_model.HASH_BITS
    sparse = coef[:buckets].astype(np.float16)
    rest = coef[buckets:].astype(np.float32) if dense else np.zeros((0, width), np.float32)
    return sparse, rest


CLUSTERS = 1024  # about 47 examples each: a search reads the 32 nearest (neighbours.py)


def clusters(vectors: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(each example's cluster, the unit-length centres): k-means, seeded, on the vectors
    as they are stored (float16), so the search groups exactly what it reads."""
    from sklearn.cluster import KMeans

    stored = vectors.astype(np.float16).astype(np.float32)
    fitted = KMeans(n_clusters=CLUSTERS, n_init=1, max_iter=50, random_state=seed).fit(stored)
    centres = fitted.cluster_centers_.astype(np.float32)
    centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-9)
    return fitted.labels_.astype(np.int32), centres


def save(
    out_dir: Path, dispositions, heads: dict, examples, dense_vectors, positive: np.ndarray,
    clustering: tuple[np.ndarray, np.ndarray] | None,
) -> dict:
    """Weights, and every corpus message with its vector and the heads it should raise (all
    of them vote; the model quotes those at self-care or above). Returns the card's sizes."""
    from safetensors.numpy import save_file

    dense = dense_vectors is not None
    if dense and clustering is None:  # triage searches the example vectors by cluster
        raise ValueError("a model with example vectors needs their clusters")
    out_dir.mkdir(parents=True, exist_ok=True)
    tensors = weights(dispositions, heads, dense)
    if dense:
        tensors["example_vectors"] = dense_vectors.astype(np.float16)
        tensors["example_positive"] = positive.astype(np.uint8)
        tensors["example_cluster"], tensors["cluster_centres"] = clustering
    save_file(tensors, str(out_dir / "triage_model.safetensors"))
    with (out_dir / "triage_examples.jsonl").open("w", encoding="utf-8") as out:
        for e in examples:
            row = {"id": e.id, "text": e.text, "disposition": e.disposition.value}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {
        "features": triage_model.FEATURES,
        "classes": [str(c) for c in dispositions.classes_],
        "heads": list(heads),
        "hash_bits": triage_model.HASH_BITS,
        "dense_dim": int(dense_vectors.shape[1]) if dense else 0,
        "corpus_size": len(examples),
        "corpus_sha256": corpus_hash(examples),
        "by_disposition": _counts(e.disposition.value for e in examples),
        "by_language": _counts(e.lang for e in examples),
    }


def write_meta(out_dir: Path, meta: dict) -> None:
    (out_dir / "triage_model.json").write_text(
        json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def _counts(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return dict(sorted(counts.items()))
