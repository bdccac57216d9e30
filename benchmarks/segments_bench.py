"""SMS segments per reply, and the two safety lines every reply must keep.

Run: make bench   (or: python benchmarks/segments_bench.py [--dev PATH])
Over the development messages (each a first message through `Navigator.navigate`, as
`navigator navigate --jsonl` answers them) and over 20 scripted conversations (every reply
the engine sends), prints mean and max segments per reply, the share of non-emergency
answers that keep the safety net, and the share of emergency replies with 999 in their
first segment. Targets (issue 10): mean <= 2.2, max 3, both shares 100%. Exits 1 if missed.
The dev set is ../shared/eval/dev.jsonl (NAVIGATOR_SHARED overrides ../shared).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from navigator.core.conversation import replies
from navigator.core.conversation.conversation import SMS, Deps, Inbound, Session, handle
from navigator.core.conversation.navigate import NavigateRequest
from navigator.core.models import Disposition
from navigator.db import connect
from navigator.paths import REPO_ROOT
from navigator.runtime import build_navigator, prepare_database

NOW = dt.datetime(2026, 12, 9, 13, 0, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday
SHARED = Path(os.environ.get("NAVIGATOR_SHARED") or REPO_ROOT.parent / "shared")
TARGET_MEAN, TARGET_MAX = 2.2, 3

CONVERSATIONS: list[list[str]] = [
    [
        "my dad has crushing chest pain and he's sweating and grey",
        "what do i do while i wait for the ambulance",
        "ok thanks",
    ],
    ["my 2 year old has a temperature of 38.5 since this morning", "M40 7", "yes please"],
    ["temperature", "M14 5", "no thanks"],
    ["M14 5RG", "crushing chest pain and sweating", "how long will they be"],
    ["my toddler has a fever", "he is drinking ok and has wet nappies, a bit sleepy", "y"],
    ["i think i have a uti", "31", "no temperature, not pregnant, no back pain", "go on"],
    ["i need a food bank", "do i need a referral?", "sure"],
    ["I feel lonely", "M14 5", "yes please"],
    ["run out of my blood pressure tablets, GP shut till monday", "M14 5", "ok"],
    ["sore throat", "4", "Gorton", "no"],
    ["toothache for 3 days", "Longsight"],
    ["my mum has fallen and cant get up", "she is breathing, what do i do"],
    ["i want to end it all", "i am on my own"],
    ["headache", "SW1A 1AA"],
    ["I need help with my gas bill", "M13 9", "yes"],
    ["my baby is 6 weeks old and has a temperature of 38.2"],
    ["earache", "my son, he's 7", "Gorton", "no thanks"],
    ["hi", "cough for 2 weeks", "I am 58", "M20 3"],
    ["my face is drooping on one side", "is it ok to give him aspirin"],
    ["bad back after lifting", "Wythenshawe", "STOP"],
]


def first_segment(text: str) -> str:
    """What the first SMS of a (possibly split) message shows."""
    if replies.segments(text) <= 1:
        return text
    gsm = replies.is_gsm7(text)
    per_part = replies.GSM7_PART if gsm else replies.UCS2_PART
    out, units = [], 0
    for ch in text:
        cost = (2 if ch in "^{}\\[~]|€" else 1) if gsm else (2 if ord(ch) > 0xFFFF else 1)
        if units + cost > per_part:
            break
        out.append(ch)
        units += cost
    return "".join(out)


class Tally:
    def __init__(self, name: str) -> None:
        self.name, self.sizes, self.answer_sizes = name, [], []
        self.answers = self.with_net = self.emergencies = self.with_999 = 0
        self.misses: list[str] = []

    def add(self, text: str, disposition: Disposition | None, emergency: bool) -> None:
        self.sizes.append(replies.segments(text))
        if emergency:
            self.emergencies += 1
            if "999" in first_segment(text):
                self.with_999 += 1
            else:
                self.misses.append(f"no 999 in the first segment: {text[:80]!r}")
        elif disposition is not None and disposition is not Disposition.UNCLEAR:
            self.answers += 1
            self.answer_sizes.append(replies.segments(text))
            if replies.fold(replies.SAFETY_NET) in text:
                self.with_net += 1
            else:
                self.misses.append(f"no safety net ({disposition.value}): {text[:80]!r}")

    def report(self) -> bool:
        mean, top = statistics.fmean(self.sizes), max(self.sizes)
        net = 100 * self.with_net / self.answers if self.answers else 100.0
        e999 = 100 * self.with_999 / self.emergencies if self.emergencies else 100.0
        print(
            f"{self.name}: {len(self.sizes)} replies, segments mean {mean:.2f} max {top}; "
            f"safety net in {net:.1f}% of {self.answers} non-emergency answers; "
            f"999 in the first segment of {e999:.1f}% of {self.emergencies} emergency replies"
        )
        if self.answer_sizes:
            print(
                f"  full answers only: mean {statistics.fmean(self.answer_sizes):.2f} "
                f"max {max(self.answer_sizes)}"
            )
        for miss in self.misses[:10]:
            print("  ", miss)
        return mean <= TARGET_MEAN and top <= TARGET_MAX and not self.misses


def dev_set(navigator, path: Path) -> Tally:
    tally = Tally(f"dev set ({path.name})")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        result = navigator.navigate(NavigateRequest.from_json(row), NOW)
        tally.add(result.reply, result.disposition, result.disposition.is_emergency)
    return tally


def scripted(navigator) -> Tally:
    tally = Tally(f"scripted conversations ({len(CONVERSATIONS)})")
    deps = Deps(navigator=navigator)
    for n, lines in enumerate(CONVERSATIONS):
        session, now = Session(f"bench:{n}", SMS), NOW
        for text in lines:
            out = handle(Inbound(SMS, session.key, text, phone="+447700900123"), session, now, deps)
            session, now = out.session, now + dt.timedelta(minutes=2)
            answered = [e for e in out.events if e["kind"] == "answer"]
            for i, reply in enumerate(out.replies):
                disposition = (
                    Disposition(answered[0]["disposition"]) if answered and i == 0 else None
                )
                tally.add(reply.text, disposition, reply.emergency)
    return tally


def by_language(navigator) -> None:
    """Mean and max segments per reply for each language of the multilingual corpus batch
    (other scripts cost 70 characters a segment), and the share whose first segment says 999
    for the emergencies."""
    from navigator.paths import CORPUS_DIR

    path = CORPUS_DIR / "batches" / "c4.jsonl"
    if not path.exists():
        return
    sizes: dict[str, list[int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        result = navigator.navigate(NavigateRequest(text=row["text"]), NOW)
        sizes.setdefault(row["lang"], []).append(replies.segments(result.reply))
    print("segments per reply by language (corpus batch c4):")
    for lang, values in sorted(sizes.items()):
        print(f"  {lang}: {len(values)} replies, mean {statistics.fmean(values):.2f}, max {max(values)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", type=Path, default=SHARED / "eval" / "dev.jsonl")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "bench.sqlite3")
        prepare_database(conn)
        navigator = build_navigator(conn, "https://nav.example")
        tallies = [scripted(navigator)]
        if args.dev.exists():
            tallies.insert(0, dev_set(navigator, args.dev))
        else:
            print(f"dev set not found at {args.dev}: scripted conversations only")
        ok = all([t.report() for t in tallies])
        by_language(navigator)
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
