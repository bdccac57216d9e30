"""For a clinical review of the emergency-level rules: what each one catches and what it
raises wrongly, on the corpus batches in English, with the rules alone (no model).

    python benchmarks/rule_review.py [--rule ID --examples N]

For each red-flag rule, life-threat and safeguarding sign that sent a message to an emergency
answer: the emergencies it fired on (and those it alone caught), and the messages that accept no
emergency answer it fired on (and those it alone raised). A rule that alone catches few
emergencies and alone raises many look-alikes is the first to review. Spent evaluation sets are
left out: they may train the model, never tune a rule. Figures are in-sample (the rules were
written reading these batches); a first-contact figure comes only from a fresh set.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from navigator.core.models import Disposition  # noqa: E402
from navigator.core.triage.pipeline import Knowledge, triage  # noqa: E402
from navigator.learning.corpus import load_corpus  # noqa: E402
from navigator.paths import CONTENT_DIR, CORPUS_DIR  # noqa: E402


def emergency_rules(result) -> list[str]:
    """The rules and signs that gave this message an emergency answer, each named once."""
    return list(dict.fromkeys(h.rule_id for h in result.red_flags if h.disposition.is_emergency))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rule", help="show the messages this rule raised wrongly")
    parser.add_argument("--examples", type=int, default=10)
    args = parser.parse_args()
    knowledge = Knowledge(CONTENT_DIR, models_dir=Path("/nonexistent-models"))
    examples = [
        e for e in load_corpus(CORPUS_DIR) if e.lang == "en" and e.source.startswith("batches")
    ]
    caught, caught_alone, raised, raised_alone = Counter(), Counter(), Counter(), Counter()
    wrong: dict[str, list[str]] = defaultdict(list)
    for example in examples:
        fired = emergency_rules(triage(example.text, knowledge))
        if example.disposition.is_emergency:
            caught.update(fired)
            caught_alone.update(fired if len(fired) == 1 else ())
        elif not any(Disposition(a).is_emergency for a in example.accept):
            raised.update(fired)
            raised_alone.update(fired if len(fired) == 1 else ())
            for rule in fired:
                wrong[rule].append(f"{example.disposition.value}: {example.text[:140]}")
    print(f"{len(examples)} English corpus-batch messages, rules alone")
    print(f"{'rule':48s} {'caught':>7s} {'alone':>6s} {'raised':>7s} {'alone':>6s}")
    for rule in sorted(raised | caught, key=lambda r: (-raised_alone[r], caught_alone[r])):
        print(f"{rule:48s} {caught[rule]:7d} {caught_alone[rule]:6d} "
              f"{raised[rule]:7d} {raised_alone[rule]:6d}")  # fmt: skip
    if args.rule:
        print(f"\n{args.rule}: raised wrongly")
        for line in wrong[args.rule][: args.examples]:
            print("  ", line)


if __name__ == "__main__":
    main()
