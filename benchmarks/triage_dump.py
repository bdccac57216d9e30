"""Every triage outcome on the corpus batches and the development set, one JSON line each.

Run: python benchmarks/triage_dump.py OUT.jsonl
Used to prove a speed change changes no outcome: dump before, dump after, diff the files.
Dumps the disposition, the deciding rule, why, the red flags and topics, the model's
opinion, the facts, the frames and the trace: everything TriageResult carries.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from navigator.core.triage.pipeline import Knowledge, TriageResult, triage
from navigator.paths import CONTENT_DIR, REPO_ROOT

SOURCES = (
    *sorted((REPO_ROOT / "corpus" / "batches").glob("*.jsonl")),
    REPO_ROOT.parent / "shared" / "eval" / "dev.jsonl",
)


def outcome(result: TriageResult) -> dict:
    frames = result.frames
    return {
        "disposition": result.disposition.value,
        "rule": result.rule,
        "why": result.why,
        "explanation": result.explanation,
        "language": result.language,
        "red_flags": [[h.rule_id, h.disposition.value, h.matched] for h in result.red_flags],
        "topics": [
            [m.topic.id, m.score, list(m.terms), m.disposition.value, m.why, m.strong]
            for m in result.topics
        ],
        "topic_ids": sorted(result.topic_ids),
        "opinion": None
        if result.opinion is None
        else {
            "probabilities": {d.value: p for d, p in result.opinion.probabilities.items()},
            "heads": result.opinion.heads,
            "segment": result.opinion.segment,
        },
        "facts": repr(result.facts),
        "tokens": result.message.tokens,
        "frames": None
        if frames is None
        else [frames.history, frames.idiom, frames.talk_about, frames.hypothetical, frames.pet_only],
        "trace": result.trace,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    knowledge = Knowledge(CONTENT_DIR)
    count = 0
    with args.out.open("w", encoding="utf-8") as out:
        for source in SOURCES:
            if not source.exists():
                print(f"missing {source}", file=sys.stderr)
                continue
            for line in source.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                row = json.loads(line)
                result = triage(row["text"], knowledge, age_years=row.get("age"))
                record = {"source": source.name, "id": row.get("id"), **outcome(result)}
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
    print(f"{count} messages dumped to {args.out}")


if __name__ == "__main__":
    main()
