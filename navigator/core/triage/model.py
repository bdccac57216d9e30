"""The learned second opinion: a linear model over hashed character and word n-grams plus a
sentence embedding, trained from `corpus/` by `navigator train` (models/README.md is its card).

It never lowers an answer: the pipeline asks it only whether a message the rules placed low
looks like an emergency, a safeguarding disclosure or a same-day clinical need, and says
why (the score and the nearest labelled examples). Features are computed here, with numpy
only, so training and triage read a message the same way.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from navigator.core.models import Disposition

HASH_BITS = 18  # 262,144 buckets: few collisions for a corpus of this size
CHAR_NGRAMS = (2, 3, 4, 5)
_BUCKET_MASK = np.uint64((1 << HASH_BITS) - 1)
_PRIME = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_WORD = re.compile(r"\w+", re.UNICODE)
SEGMENT_SPLIT = re.compile(r"(?<=[.!?\n])\s+|\s+(?:but|and then|also|anyway)\s+")
LONG_MESSAGE_CHARS = 160  # longer messages are also scored a stretch at a time
MAX_SEGMENTS = 12

EMERGENCY = (Disposition.EMERGENCY_999, Disposition.A_AND_E, Disposition.MENTAL_HEALTH_CRISIS)


def normalise(text: str) -> str:
    """Case, width and accents folded the same way for training and triage."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(text.split())


def _mix(values: np.ndarray, salt: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        mixed = (values ^ np.uint64(salt)) * _MIX
        return (mixed >> np.uint64(64 - HASH_BITS)) & _BUCKET_MASK


def char_buckets(text: str) -> np.ndarray:
    """Hashed character 2-5-grams of the padded text, vectorised (a rolling polynomial)."""
    codes = np.frombuffer(f" {text} ".encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    found = []
    rolling = codes.copy()
    with np.errstate(over="ignore"):
        for n in range(2, max(CHAR_NGRAMS) + 1):
            if len(codes) < n:
                break
            rolling = rolling[:-1] * _PRIME + codes[n - 1 :]
            if n in CHAR_NGRAMS:
                found.append(_mix(rolling, n))
    return np.concatenate(found) if found else np.zeros(0, dtype=np.uint64)


def word_buckets(text: str) -> np.ndarray:
    words = _WORD.findall(text)
    if not words:
        return np.zeros(0, dtype=np.uint64)
    ids = np.array([zlib.crc32(w.encode("utf-8")) for w in words], dtype=np.uint64)
    with np.errstate(over="ignore"):
        bigrams = ids[:-1] * _PRIME + ids[1:] if len(ids) > 1 else ids[:0]
    return np.concatenate([_mix(ids, 101), _mix(bigrams, 102)])


def sparse_features(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(bucket indices, values): each distinct n-gram once, the vector of unit length."""
    buckets = np.concatenate([char_buckets(text), word_buckets(text)])
    if not len(buckets):
        return buckets.astype(np.int64), np.zeros(0, dtype=np.float32)
    unique = np.unique(buckets).astype(np.int64)
    return unique, np.full(len(unique), 1 / np.sqrt(len(unique)), dtype=np.float32)


class SentenceEmbedder:
    """Mean-pooled static token embeddings shipped inside the wordllama wheel (256-d,
    safetensors + a tokenizers file), loaded from the package files: nothing is downloaded."""

    def __init__(self, weights_path: Path, tokenizer_path: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.table = np.ascontiguousarray(
            load_file(str(weights_path))["embedding.weight"], dtype=np.float32
        )
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.dim = self.table.shape[1]

    @classmethod
    def from_package(cls) -> SentenceEmbedder | None:
        import importlib.util

        spec = importlib.util.find_spec("wordllama")
        if spec is None or not spec.submodule_search_locations:
            return None
        root = Path(next(iter(spec.submodule_search_locations)))
        weights = root / "weights" / "l2_supercat_256.safetensors"
        tokenizer = root / "tokenizers" / "l2_supercat_tokenizer_config.json"
        if not (weights.exists() and tokenizer.exists()):
            return None
        return cls(weights, tokenizer)

    def embed(self, text: str) -> np.ndarray:
        ids = self.tokenizer.encode(text, add_special_tokens=False).ids
        if not ids:
            return np.zeros(self.dim, dtype=np.float32)
        vector = self.table[np.clip(ids, 0, len(self.table) - 1)].mean(axis=0)
        norm = float(np.linalg.norm(vector))
        return (vector / norm).astype(np.float32) if norm else vector.astype(np.float32)


@dataclass(frozen=True)
class Opinion:
    """What the model thinks of one message: probabilities by disposition, grouped."""

    probabilities: dict[Disposition, float]
    segment: str  # the stretch of text that scored highest for an emergency

    @property
    def emergency(self) -> float:
        return sum(self.probabilities.get(d, 0.0) for d in EMERGENCY)

    @property
    def safeguarding(self) -> float:
        return self.probabilities.get(Disposition.SAFEGUARDING, 0.0)

    @property
    def clinical_today(self) -> float:
        """Anything that needs a clinician today: emergencies, 111 and urgent care."""
        return (
            self.emergency
            + self.probabilities.get(Disposition.NHS_111, 0.0)
            + self.probabilities.get(Disposition.URGENT_CARE, 0.0)
        )

    def most_likely(self, among) -> Disposition:
        return max(among, key=lambda d: self.probabilities.get(d, 0.0))


@dataclass(frozen=True)
class Thresholds:
    emergency: float
    safeguarding: float
    clinical_today: float


class TriageModel:
    """Loaded from models/triage_model.safetensors and models/triage_model.json."""

    def __init__(self, weights: dict[str, np.ndarray], meta: dict, embedder=None):
        self.classes = tuple(Disposition(c) for c in meta["classes"])
        self.sparse_coef = weights["sparse_coef"].astype(np.float32)  # (buckets, classes)
        self.dense_coef = weights["dense_coef"].astype(np.float32)  # (dim, classes)
        self.bias = weights["bias"].astype(np.float32)
        self.dense_scale = float(meta.get("dense_scale", 1.0))
        self.thresholds = Thresholds(**meta["thresholds"])
        self.version = str(meta.get("version", ""))
        self.embedder = embedder
        self.examples = meta.get("examples_file")
        self._example_vectors = weights.get("example_vectors")
        self._example_rows: list[dict] = []

    @classmethod
    def load(cls, directory: Path) -> TriageModel | None:
        directory = Path(directory)
        weights_path = directory / "triage_model.safetensors"
        meta_path = directory / "triage_model.json"
        if not (weights_path.exists() and meta_path.exists()):
            return None
        from safetensors.numpy import load_file

        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        embedder = SentenceEmbedder.from_package() if meta.get("dense_dim") else None
        if meta.get("dense_dim") and embedder is None:
            return None  # trained with embeddings that are not installed: rules alone
        model = cls(load_file(str(weights_path)), meta, embedder)
        examples = directory / "triage_examples.jsonl"
        if examples.exists():
            model._example_rows = [
                json.loads(line) for line in examples.read_text(encoding="utf-8").splitlines()
            ]
        return model

    def dense(self, text: str) -> np.ndarray | None:
        return self.embedder.embed(text) if self.embedder is not None else None

    def _probabilities(self, text: str) -> np.ndarray:
        index, values = sparse_features(text)
        logits = self.bias + values @ self.sparse_coef[index]
        vector = self.dense(text)
        if vector is not None:
            logits = logits + (vector * self.dense_scale) @ self.dense_coef
        logits = logits - logits.max()
        exp = np.exp(logits)
        return exp / exp.sum()

    def opinion(self, text: str) -> Opinion:
        """The whole message, and for a long one each stretch of it: an emergency buried in
        the middle of a long story is scored on its own words."""
        clean = normalise(text)
        best = self._probabilities(clean)
        best_segment = clean
        if len(clean) > LONG_MESSAGE_CHARS:
            emergency = [self.classes.index(d) for d in EMERGENCY if d in self.classes]
            for segment in _segments(clean):
                probs = self._probabilities(segment)
                if probs[emergency].sum() > best[emergency].sum():
                    best, best_segment = probs, segment
        return Opinion(dict(zip(self.classes, best.tolist(), strict=True)), best_segment)

    def nearest_examples(self, text: str, k: int = 3) -> list[dict]:
        """The labelled corpus messages most like this one (cosine of the embeddings)."""
        if self._example_vectors is None or not self._example_rows or self.embedder is None:
            return []
        vector = self.embedder.embed(normalise(text))
        scores = self._example_vectors.astype(np.float32) @ vector
        top = np.argsort(-scores, kind="stable")[:k]
        return [{**self._example_rows[i], "similarity": round(float(scores[i]), 2)} for i in top]


def _segments(text: str) -> list[str]:
    parts = [p.strip() for p in SEGMENT_SPLIT.split(text) if p and len(p.strip()) > 12]
    windows = []
    for i in range(len(parts)):  # a stretch and the next: "he collapsed. not breathing"
        windows.append(parts[i])
        if i + 1 < len(parts):
            windows.append(f"{parts[i]} {parts[i + 1]}")
    return windows[:MAX_SEGMENTS]
