"""How well each language's vocabulary (content/rules/languages/) reads the corpus batches, with
the rules and no model: emergency recall and false alarms (non-emergencies sent to 999/A&E).

    python benchmarks/vocabulary_bench.py [ur ar ...] [--misses N]

For vocabulary writers. Spent evaluation sets are left out: they may train the model, never tune
a vocabulary. A first-contact figure comes only from a fresh evaluation set (evaluation/).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from navigator.core.triage.pipeline import Knowledge, triage  # noqa: E402
from navigator.learning.corpus import load_corpus  # noqa: E402
from navigator.paths import CONTENT_DIR, CORPUS_DIR  # noqa: E402

LANGUAGES = ("ur", "ar", "pl", "zh", "bn", "pa", "so", "ro", "ku", "fa", "pt", "hi")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="*", default=list(LANGUAGES))
    parser.add_argument("--misses", type=int, default=0, help="show this many misses and false alarms")
    args = parser.parse_args()
    knowledge = Knowledge(CONTENT_DIR, models_dir=Path("/nonexistent-models"))
    examples = [
        e for e in load_corpus(CORPUS_DIR)
        if e.lang in args.languages and e.source.startswith("batches")
    ]  # fmt: skip
    counts: dict[str, Counter] = defaultdict(Counter)
    shown: dict[str, list] = defaultdict(list)
    for example in examples:
        result = triage(example.text, knowledge)
        row = counts[example.lang]
        if example.disposition.is_emergency:
            row["emergencies"] += 1
            row["caught"] += result.disposition.is_emergency
            if not result.disposition.is_emergency:
                shown[example.lang].append(("MISS", example.text, result.rule))
        else:
            row["others"] += 1
            row["false_alarms"] += result.disposition.is_emergency
            if result.disposition.is_emergency:
                shown[example.lang].append(("FALSE", example.text, result.rule))
    for lang in args.languages:
        row = counts[lang]
        print(
            f"{lang}: emergency recall {row['caught']}/{row['emergencies']}"
            f" = {row['caught'] / max(1, row['emergencies']):.2f};"
            f" false alarms {row['false_alarms']}/{row['others']}"
            f" = {row['false_alarms'] / max(1, row['others']):.2f}"
        )
        for kind, text, rule in random.Random(0).sample(
            shown[lang], min(args.misses, len(shown[lang]))
        ):
            print(f"  {kind} [{rule}] {text}")


if __name__ == "__main__":
    main()
