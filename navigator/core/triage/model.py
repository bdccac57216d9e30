"""The learned second opinion: a linear model over hashed character and word n-grams plus a
sentence embedding, trained from `corpus/` by `navigator train` (models/README.md is its card).

It never lowers an answer: the pipeline asks it only whether a message the rules placed low
looks like an emergency, a safeguarding disclosure or a same-day clinical need, or whether a
message the rules answered with support, nothing or home care needs a clinical answer above
it, and says why (the score and the nearest labelled examples). Features are computed here,
with numpy only, so training and triage read a message the same way.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from navigator.core.models import Disposition
from navigator.core.triage.language import fold
from navigator.core.triage.neighbours import ExampleIndex
from navigator.core.triage.scope import scope_words

# How a message becomes features. A model trained with other features would read every
# message wrongly, so loading refuses it (retrain with `navigator train`).
FEATURES = ", ".join(
    ["char 2-5", "word 1-2", "clause-scoped words (neg, past, story, q)", "wordllama 256"]
)
HASH_BITS = 18  # 262,144 buckets: few collisions for a corpus of this size
CHAR_NGRAMS = (2, 3, 4, 5)
_BUCKET_MASK = np.uint64((1 << HASH_BITS) - 1)
_PRIME = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_WORD = re.compile(r"\w+", re.UNICODE)
SEGMENT_SPLIT = re.compile(r"(?<=[.!?\n])\s+|\s+(?:but|and then|also|anyway)\s+")
LONG_MESSAGE_CHARS = 160  # longer messages are also scored a stretch at a time
MAX_SEGMENTS = 12

EMERGENCY = tuple(d for d in Disposition if d.is_emergency)


# Greater Manchester postcode districts and sectors ("m14", "m14 5", "sk8 3ab").
_POSTCODE = re.compile(r"\b(?:m|sk|ol|wa|bl|wn)\d{1,2}[a-z]?(?: ?\d[a-z]{2}|\s+\d\b)?\b")
PLACE_TOKEN = "placename"  # noqa: S105 (a word, not a secret)


def normalise(text: str, masked_words: frozenset[str] = frozenset()) -> str:
    """Case, width and accents folded the same way for training and triage; postcodes and
    Manchester place names become one token, so where someone lives never counts as a sign."""
    text = _POSTCODE.sub(PLACE_TOKEN, fold(text))
    if masked_words:
        text = " ".join(PLACE_TOKEN if w.strip(".,!?") in masked_words else w for w in text.split())
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


def scope_buckets(text: str) -> np.ndarray:
    """Hashed clause-scoped marked words (scope.py)."""
    marked = scope_words(text)
    if not marked:
        return np.zeros(0, dtype=np.uint64)
    ids = np.array([zlib.crc32(w.encode("utf-8")) for w in marked], dtype=np.uint64)
    return _mix(ids, 103)


def sparse_features(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(bucket indices, values): each distinct n-gram once, the vector of unit length."""
    buckets = np.concatenate([char_buckets(text), word_buckets(text), scope_buckets(text)])
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
        # a triage embeds the same text for its scores and again for the neighbours' search
        self.embed = lru_cache(maxsize=64)(self._embed)

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

    def _embed(self, text: str) -> np.ndarray:
        """The unit-length mean of the text's token vectors (callers must not change it)."""
        ids = self.tokenizer.encode(text, add_special_tokens=False).ids
        if not ids:
            return np.zeros(self.dim, dtype=np.float32)
        vector = self.table[np.clip(ids, 0, len(self.table) - 1)].mean(axis=0)
        norm = float(np.linalg.norm(vector))
        return (vector / norm).astype(np.float32) if norm else vector.astype(np.float32)


# "crisis" is a mental-health emergency (suicidal intent, self-harm, psychosis): its own head
# because its words (a note, a plan, "better off without me") differ from a body in trouble,
# and a head of its own reads them with far fewer false alarms than a lower emergency bar.
HEADS = ("emergency", "safeguarding", "clinical_today", "crisis")
# The dispositions whose probability backs each head: a head raises only when the
# disposition model agrees (their geometric mean is what meets the threshold).
HEAD_CLASSES = {
    "emergency": tuple(d.value for d in EMERGENCY),
    "safeguarding": ("safeguarding",),
    "clinical_today": (*(d.value for d in EMERGENCY), "nhs_111", "urgent_care"),
    "crisis": tuple(d.value for d in EMERGENCY),
}


@dataclass(frozen=True)
class Opinion:
    """What the model thinks of one message: a probability for each disposition, and the
    yes/no heads the pipeline acts on (emergency, safeguarding, a clinician today, crisis)."""

    probabilities: dict[Disposition, float]
    heads: dict[str, float]  # the highest of the whole message and each stretch of a long one
    segment: str  # the stretch of text that scored highest for an emergency
    whole: dict[str, float]  # the heads for the whole message read at once

    @property
    def emergency(self) -> float:
        return self.heads["emergency"]

    @property
    def safeguarding(self) -> float:
        return self.heads["safeguarding"]

    @property
    def clinical_today(self) -> float:
        return self.heads["clinical_today"]

    def most_likely(self, among) -> Disposition:
        return max(among, key=lambda d: self.probabilities.get(d, 0.0))

    def clinical_need(self, answer: Disposition) -> tuple[Disposition, float] | None:
        """The model's best answer and its probability when that answer is a non-emergency
        clinical one more urgent than `answer` (a raise the heads do not cover)."""
        best = max(self.probabilities, key=lambda d: self.probabilities[d], default=None)
        if best is None or best not in CLINICAL_NEED_ANSWERS or best.acuity <= answer.acuity:
            return None
        return best, self.probabilities[best]


# The answers the disposition model may raise a low answer to on its own (emergencies and
# safeguarding are the heads' decisions), and the low answers it may raise, by group.
CLINICAL_NEED_ANSWERS = (
    Disposition.SELF_CARE, Disposition.PHARMACY, Disposition.GP, Disposition.DENTAL,
    Disposition.URGENT_CARE, Disposition.NHS_111,
)  # fmt: skip
CLINICAL_NEED_FROM = {
    "support_or_nothing": (Disposition.COMMUNITY, Disposition.UNCLEAR),
    "home_care": (Disposition.SELF_CARE, Disposition.PHARMACY),
}


@dataclass(frozen=True)
class Thresholds:
    emergency: float
    safeguarding: float
    clinical_today: float
    crisis: float = 1.0  # a model trained without the crisis head never raises by it


@dataclass(frozen=True)
class VoteGate:
    """A head raises when its score reaches `factor` x its bar and at least `vote` of the
    nearest labelled messages (similarity-weighted) are ones it should raise."""

    factor: float = 1.0
    vote: float = 0.0


NO_GATE = VoteGate()


def is_long(text: str) -> bool:
    return len(normalise(text)) > LONG_MESSAGE_CHARS


class TriageModel:
    """Loaded from models/triage_model.safetensors and models/triage_model.json."""

    def __init__(self, weights: dict[str, np.ndarray], meta: dict, embedder=None):
        self.classes = tuple(Disposition(c) for c in meta["classes"])
        self.sparse_coef = weights["sparse_coef"].astype(np.float32)  # (buckets, classes)
        self.dense_coef = weights["dense_coef"].astype(np.float32)  # (dim, classes)
        self.bias = weights["bias"].astype(np.float32)
        self.head_sparse = weights["head_sparse_coef"].astype(np.float32)
        self.head_dense = weights["head_dense_coef"].astype(np.float32)
        self.head_bias = weights["head_bias"].astype(np.float32)
        self.dense_scale = float(meta.get("dense_scale", 1.0))
        self.thresholds = Thresholds(**meta["thresholds"])
        # messages read a stretch at a time have their own (higher) thresholds
        self.long_thresholds = Thresholds(**(meta.get("long_thresholds") or meta["thresholds"]))
        # messages in another language, which the rules barely read, have their own (lower)
        self.other_language_thresholds = Thresholds(
            **(meta.get("other_language_thresholds") or meta["thresholds"])
        )
        # the disposition model's own bar for raising a low answer, by the answer it raises
        # (none in an older model: it never raises that way)
        self.clinical_need_thresholds = {
            Disposition(answer): float(bar)
            for group, bar in (meta.get("clinical_need_thresholds") or {}).items()
            for answer in (a.value for a in CLINICAL_NEED_FROM[group])
        }
        self.masked_words = frozenset(meta.get("masked_words") or ())
        # The neighbours' vote each head's raise must also pass, by reading ("short", "long",
        # "other"): {head: (share of its bar the score must reach, share of neighbours)}.
        # An older model has none: its heads raise on their score alone.
        self.vote_k = int(meta.get("vote_k") or 0)
        self.vote_gates = {
            reading: {head: VoteGate(**gate) for head, gate in gates.items()}
            for reading, gates in (meta.get("vote_gates") or {}).items()
        }
        self._columns = {c.value: i for i, c in enumerate(self.classes)}
        self.heads = tuple(meta.get("heads") or HEADS[:3])  # the order of the head weights
        self.version = str(meta.get("version", ""))
        self.embedder = embedder
        self.examples = meta.get("examples_file")
        self.example_index: ExampleIndex | None = None  # set by load, from the examples file
        # one two-step search a text, remembered for the few texts one triage asks about
        self._ranked = lru_cache(maxsize=16)(self._search)

    @classmethod
    def load(cls, directory: Path) -> TriageModel | None:
        directory = Path(directory)
        weights_path = directory / "triage_model.safetensors"
        meta_path = directory / "triage_model.json"
        if not (weights_path.exists() and meta_path.exists()):
            return None
        from safetensors.numpy import load_file

        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("features") != FEATURES:
            raise ValueError(
                f"{meta_path}: trained with features {meta.get('features')!r}, this code reads "
                f"{FEATURES!r}; retrain with `navigator train`"
            )
        embedder = SentenceEmbedder.from_package() if meta.get("dense_dim") else None
        if meta.get("dense_dim") and embedder is None:
            return None  # trained with embeddings that are not installed: rules alone
        weights = load_file(str(weights_path))
        model = cls(weights, meta, embedder)
        examples = directory / "triage_examples.jsonl"
        if examples.exists():
            rows = [json.loads(line) for line in examples.read_text(encoding="utf-8").splitlines()]
            vectors = weights.get("example_vectors")  # float16 on disk, float32 once in memory
            if vectors is not None and rows:
                quotable = np.array(
                    [Disposition(r["disposition"]).acuity >= Disposition.SELF_CARE.acuity
                     for r in rows]
                )  # fmt: skip
                positive = weights.get("example_positive")
                clusters = None
                if "example_cluster" in weights and "cluster_centres" in weights:
                    clusters = weights["example_cluster"], weights["cluster_centres"]
                model.example_index = ExampleIndex(vectors, rows, positive, quotable, clusters)
        return model

    def dense(self, text: str) -> np.ndarray | None:
        return self.embedder.embed(text) if self.embedder is not None else None

    def _scores(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(disposition probabilities, head probabilities) for one normalised text."""
        index, values = sparse_features(text)
        logits = self.bias + values @ self.sparse_coef[index]
        heads = self.head_bias + values @ self.head_sparse[index]
        vector = self.dense(text)
        if vector is not None:
            scaled = vector * self.dense_scale
            logits = logits + scaled @ self.dense_coef
            heads = heads + scaled @ self.head_dense
        exp = np.exp(logits - logits.max())
        return exp / exp.sum(), 1 / (1 + np.exp(-heads))

    def _agreed(self, probabilities: np.ndarray, heads: np.ndarray) -> np.ndarray:
        mass = np.array(
            [sum(probabilities[self._columns[c]] for c in HEAD_CLASSES[h] if c in self._columns)
             for h in self.heads]
        )  # fmt: skip
        return np.sqrt(heads * mass)

    def opinion(self, text: str) -> Opinion:
        """The whole message, and for a long one each stretch of it: an emergency buried in
        the middle of a long story is scored on its own words (each head keeps its highest)."""
        clean = normalise(text, self.masked_words)
        probabilities, heads = self._scores(clean)
        agreed, best_segment = self._agreed(probabilities, heads), clean
        whole = self._named(agreed)
        if len(clean) > LONG_MESSAGE_CHARS:
            for segment in _segments(clean):
                segment_agreed = self._agreed(*self._scores(segment))
                if segment_agreed[0] > agreed[0]:
                    best_segment = segment
                agreed = np.maximum(agreed, segment_agreed)
        by_class = dict(zip(self.classes, probabilities.tolist(), strict=True))
        return Opinion(by_class, self._named(agreed), best_segment, whole)

    def _named(self, agreed: np.ndarray) -> dict[str, float]:
        """Every head by name; a head this model was trained without reads 0."""
        return dict.fromkeys(HEADS, 0.0) | dict(zip(self.heads, agreed.tolist(), strict=True))

    def vote_gate(self, reading: str, head: str) -> VoteGate:
        return self.vote_gates.get(reading, {}).get(head, NO_GATE)

    def vote(self, text: str) -> dict[str, float]:
        """Each head's neighbours' vote for the whole message (empty without votes)."""
        if self.example_index is None or self.embedder is None or not self.vote_k:
            return {}
        found, scores = self._ranked(normalise(text, self.masked_words))
        shares = self.example_index.vote(found[: self.vote_k], scores[: self.vote_k])
        return {} if shares is None else dict(zip(self.heads, shares.tolist(), strict=True))

    def nearest_examples(self, text: str, k: int = 3, exact: bool = False) -> list[dict]:
        """The labelled corpus messages most like this one (cosine of the embeddings) that
        may be quoted: from the search the vote made when it is the same text."""
        if self.example_index is None or self.embedder is None:
            return []
        clean = normalise(text, self.masked_words)
        if not exact:
            found, scores = self._ranked(clean)
            quoted = self.example_index.quotable_among(found, scores, k)
            if len(quoted) == k:
                return quoted
        return self.example_index.nearest(self.embedder.embed(clean), k, exact=exact)

    def _search(self, clean: str) -> tuple[np.ndarray, np.ndarray]:
        """(rows, cosines) nearest first; the vote reads the whole message, and a raise's
        reasons usually the same text, so `_ranked` remembers it."""
        assert self.example_index is not None and self.embedder is not None
        return self.example_index.ranked(self.embedder.embed(clean), max(SEARCH_DEPTH, self.vote_k))


# How many of the nearest rows one search keeps: enough for the vote's 15 and three quotable
# ones after the support and unclear messages among them are passed over.
SEARCH_DEPTH = 48


def _segments(text: str) -> list[str]:
    parts = [p.strip() for p in SEGMENT_SPLIT.split(text) if p and len(p.strip()) > 12]
    windows = []
    for i in range(len(parts)):  # a stretch and the next: "he collapsed. not breathing"
        windows.append(parts[i])
        if i + 1 < len(parts):
            windows.append(f"{parts[i]} {parts[i + 1]}")
    return windows[:MAX_SEGMENTS]
