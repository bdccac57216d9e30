"""The labelled corpus (corpus/) and the frozen evaluation sets (evaluation/), read the same way.

Corpus batches use the corpus line format (corpus/LABELLING.md); spent evaluation sets moved
into corpus/spent/ keep the scorer's format. Both become `Example`s. Exact and near-duplicates
(the same words once case, punctuation and spacing are folded) are kept once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from navigator.core.models import Disposition
from navigator.core.triage.language import fold as fold_case_and_accents

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
NEAR_DUPLICATE_SCORE = 95  # rapidfuzz ratio on folded text: the same message re-typed


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    disposition: Disposition
    accept: tuple[str, ...]
    kind: str
    label_class: str
    lang: str
    source: str  # the file it came from, relative to the corpus folder


def fold(text: str) -> str:
    """Case, accents, punctuation and spacing folded: the key for duplicate checks."""
    return " ".join(_PUNCT.sub(" ", fold_case_and_accents(text)).split())


def read_examples(path: Path, root: Path) -> list[Example]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            rows.append(_example(raw, str(path.relative_to(root))))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: {exc}") from exc
    return rows


def _example(raw: dict, source: str) -> Example:
    expect = raw.get("expect") or {}
    disposition = Disposition(raw.get("disposition") or expect["disposition"])
    accept = tuple(raw.get("accept") or expect.get("accept") or (disposition.value,))
    for name in accept:
        Disposition(name)  # every accepted answer is a real disposition
    return Example(
        id=str(raw["id"]),
        text=str(raw["text"]),
        disposition=disposition,
        accept=accept,
        kind=str(raw.get("kind") or expect.get("kind") or ""),
        label_class=str(
            raw.get("class") or expect.get("class") or expect.get("red_flag") or ""
        ),
        lang=str(raw.get("lang") or expect.get("lang") or "en"),
        source=source,
    )


def load_corpus(corpus_dir: Path) -> list[Example]:
    """Every batch and spent set, sorted by file name, exact duplicates dropped."""
    corpus_dir = Path(corpus_dir)
    examples: list[Example] = []
    for path in sorted(corpus_dir.glob("**/*.jsonl")):
        examples.extend(read_examples(path, corpus_dir))
    return without_duplicates(examples)


def load_evaluation(evaluation_dir: Path) -> list[Example]:
    evaluation_dir = Path(evaluation_dir)
    examples: list[Example] = []
    for path in sorted(evaluation_dir.glob("*.jsonl")):
        examples.extend(read_examples(path, evaluation_dir))
    return examples


def without_duplicates(examples: list[Example]) -> list[Example]:
    """The first of each group of messages that fold to the same text, or that are near
    copies of one another (rapidfuzz ratio >= 95 between folded texts of similar length)."""
    from rapidfuzz import fuzz, process

    kept: list[Example] = []
    seen: set[str] = set()
    for example in examples:
        key = fold(example.text)
        if key and key not in seen:
            seen.add(key)
            kept.append(example)
    keys = [fold(e.text) for e in kept]
    drop: set[int] = set()
    by_length = sorted(range(len(keys)), key=lambda i: (len(keys[i]), i))
    for position, i in enumerate(by_length):
        if i in drop:
            continue
        window = []  # only texts within 10% of this length can reach the score
        for j in by_length[position + 1 :]:
            if len(keys[j]) > len(keys[i]) * 1.1 + 2:
                break
            if j not in drop:
                window.append(j)
        if not window:
            continue
        matches = process.extract(
            keys[i],
            [keys[j] for j in window],
            scorer=fuzz.ratio,
            score_cutoff=NEAR_DUPLICATE_SCORE,
            limit=None,
        )
        for _, _, offset in matches:
            later = window[offset]
            drop.add(max(i, later))
    return [e for n, e in enumerate(kept) if n not in drop]


def overlaps(texts: list[str], frozen: list[str]) -> list[tuple[str, str, float]]:
    """Pairs (text, frozen line, score) that are the same message or a near copy."""
    from rapidfuzz import fuzz, process

    frozen_keys = {fold(t): t for t in frozen if fold(t)}
    keys = list(frozen_keys)
    found = []
    for text in texts:
        key = fold(text)
        if not key:
            continue
        if key in frozen_keys:
            found.append((text, frozen_keys[key], 100.0))
            continue
        best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE_SCORE)
        if best is not None:
            found.append((text, frozen_keys[best[0]], float(best[1])))
    return found
