"""Monitoring after go-live (post-market surveillance): what the staff monitoring page counts,
and which answers become cases in the clinical review queue.

Counts are anonymised usage events and case rows; every table passes NHS England's
small-number rule with secondary suppression (core/reporting/disclosure.py) before anyone sees it.
Cases carry the hour, channel, topic, dispositions and rule, and the resident's words only
when scrubbed and either consented or identifier-free (scrub.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from navigator.core.clinical.scrub import scrub
from navigator.core.models import Disposition, most_urgent
from navigator.core.reporting import disclosure

EMERGENCY = "emergency"
MODEL_DISAGREEMENT = "model_disagreement"
ANSWER_WRONG = "answer_wrong"
UNANSWERED = "unanswered"
NUDGE_WORSE = "nudge_worse"
CASE_KINDS = {
    EMERGENCY: "Emergency answers",
    MODEL_DISAGREEMENT: "Second opinion raised the rules' answer",
    ANSWER_WRONG: "Resident said the advice was wrong",
    UNANSWERED: "Not understood or not answered",
    NUDGE_WORSE: 'Follow-up answered "worse"',
}
REVIEWED_DISPOSITIONS = frozenset(
    {"emergency_999", "a_and_e", "mental_health_crisis", "safeguarding"}
)
CONSENTED, IDENTIFIER_FREE, WITHHELD, NO_TEXT = (
    "consented", "identifier_free", "withheld", "no_text",
)  # fmt: skip
OTHER_EMERGENCY = "other"
SECOND_OPINION = "second_opinion"
SAFEGUARDING = "safeguarding"


def rules_answer(result) -> str:
    """What the rules alone said: the most urgent red flag, sign or matched topic (a triage
    result's disposition is the second opinion's when its rule starts with "model:")."""
    found = [h.disposition for h in result.red_flags] + [m.disposition for m in result.topics]
    return most_urgent(found).value if found else Disposition.UNCLEAR.value


@lru_cache(maxsize=4)
def known_words(directory_dir: str) -> frozenset[str]:
    """Ordinary English words and Manchester place words: not names when capitalised."""
    from spellchecker import SpellChecker

    words = set(SpellChecker().word_frequency.dictionary.keys())
    for name in ("places.yaml", "neighbourhoods.yaml"):
        path = Path(directory_dir) / name
        if path.is_file():
            words.update(w for w in path.read_text(encoding="utf-8").lower().split() if w.isalpha())
    return frozenset(words)


def case_text(text: str | None, consented: bool, words: frozenset[str]) -> tuple[str | None, str]:
    """(text to keep, basis): scrubbed text with consent or when nothing identifying was
    found; otherwise nothing."""
    if not text or not text.strip():
        return None, NO_TEXT
    result = scrub(text, words.__contains__)
    if consented:
        return result.text, CONSENTED
    if result.identifier_free:
        return result.text, IDENTIFIER_FREE
    return None, WITHHELD


def category_of_event(event: dict, categories: dict[str, str]) -> str:
    rule = event.get("rule") or ""
    if rule.startswith("model:"):
        return SECOND_OPINION
    if str(event.get("red_flag") or "").startswith("safeguarding:"):
        return SAFEGUARDING
    return categories.get(event.get("red_flag") or "", OTHER_EMERGENCY)


def cases_from_events(
    events: list[dict], said: str | None, categories: dict[str, str], words: frozenset[str]
) -> list[dict]:
    """The clinical review cases one turn's usage events call for (no consent asked in a
    conversation: text is kept only when identifier-free)."""
    cases = []
    for e in events:
        kinds = []
        if e.get("kind") == "answer":
            if e.get("disposition") in REVIEWED_DISPOSITIONS:
                kinds.append(EMERGENCY)
            if str(e.get("rule") or "").startswith("model:"):
                kinds.append(MODEL_DISAGREEMENT)
            if e.get("disposition") == Disposition.UNCLEAR.value:
                kinds.append(UNANSWERED)
        elif e.get("kind") == "nudge_reply" and e.get("nudge_outcome") == "worse":
            kinds.append(NUDGE_WORSE)
        for kind in kinds:
            text, basis = case_text(said if kind != NUDGE_WORSE else None, False, words)
            cases.append(
                {
                    "kind": kind,
                    "hour": e["hour"],
                    "channel": e.get("channel"),
                    "topic": e.get("topic"),
                    "disposition": e.get("disposition"),
                    "rules_disposition": e.get("rules_disposition"),
                    "rule": e.get("rule"),
                    "category": category_of_event(e, categories) if kind == EMERGENCY else None,
                    "text": text,
                    "text_basis": basis,
                }
            )
    return cases


@dataclass(frozen=True)
class CountTable:
    id: str
    title: str
    note: str
    rows: tuple[tuple[str, str], ...]  # (label, published text)
    total: str


def protected_table(table_id: str, title: str, note: str, counts: dict[str, int]) -> CountTable:
    """Rows and their total, published together under the small-number rule."""
    keys = {label: (table_id, label) for label in counts}
    total_key = (table_id, "__total__")
    shown = disclosure.protect(
        {**{keys[k]: v for k, v in counts.items()}, total_key: sum(counts.values())},
        [(total_key, tuple(keys.values()))],
    )
    rows = tuple((label, shown[keys[label]]) for label in counts)
    return CountTable(table_id, title, note, rows, shown[total_key])


def monitoring_tables(
    events: list[dict],
    cases: list[dict],
    failed_nudges: int,
    category_titles: dict[str, str],
    categories: dict[str, str],
) -> list[CountTable]:
    """The five monitoring views, each suppressed (true counts never leave this function)."""
    answers = [e for e in events if e.get("kind") == "answer"]
    emergencies = Counter(
        category_of_event(e, categories)
        for e in answers
        if e.get("disposition") in REVIEWED_DISPOSITIONS
    )
    labels = {**category_titles, SAFEGUARDING: "Safeguarding disclosures",
              OTHER_EMERGENCY: "Other (topic rule or alarm score)",
              SECOND_OPINION: "Raised by the second opinion"}  # fmt: skip
    by_case = Counter(c["kind"] for c in cases)
    disagreements = Counter(
        f"rules: {c.get('rules_disposition') or '?'} -> answer: {c.get('disposition')}"
        for c in cases
        if c["kind"] == MODEL_DISAGREEMENT
    )
    wrong = Counter(c.get("disposition") or "unknown" for c in cases if c["kind"] == ANSWER_WRONG)
    worse = Counter(
        e.get("disposition") or "unknown"
        for e in events
        if e.get("kind") == "nudge_reply" and e.get("nudge_outcome") == "worse"
    )
    unclear = sum(1 for e in answers if e.get("disposition") == Disposition.UNCLEAR.value)
    return [
        protected_table(
            "emergencies", "Emergency and safeguarding answers by category",
            "Answers sent to 999, A&E, a crisis line or the safeguarding route, by the "
            "hazard log's emergency category of the red flag or sign that decided them.",
            {labels.get(k, k): emergencies.get(k, 0) for k in (*category_titles, SAFEGUARDING,
                                                                 OTHER_EMERGENCY, SECOND_OPINION)},
        ),
        protected_table(
            "disagreements", "Second opinion and rules disagreed",
            "The learned second opinion raised the answer above what the rules said.",
            dict(sorted(disagreements.items())) or {"None recorded": 0},
        ),
        protected_table(
            "wrong", "Residents who said the health advice was wrong",
            "Reports from the \"was this advice wrong?\" form, by the answer given.",
            dict(sorted(wrong.items())) or {"None recorded": 0},
        ),
        protected_table(
            "unanswered", "Messages not understood or not answered",
            "Answers that could only ask for more, and follow-up texts that failed to send.",
            {"Not understood (asked to say more)": unclear,
             "Follow-up text failed to send": failed_nudges},
        ),
        protected_table(
            "worse", "Follow-ups answered \"worse\"",
            "By the level of care of the first answer.",
            dict(sorted(worse.items())) or {"None recorded": 0},
        ),
    ] + [_case_counts(by_case)]  # fmt: skip


def _case_counts(by_case: Counter) -> CountTable:
    return protected_table(
        "cases", "Cases waiting in the clinical review queue, by kind",
        "Open and reviewed cases in the period.",
        {label: by_case.get(kind, 0) for kind, label in CASE_KINDS.items()},
    )  # fmt: skip


def load_categories(hazard_log: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(category id -> title, red flag or sign rule id -> category id) from the hazard log.
    Rule ids as triage reports them: "cardiac_chest_pain", "life_threat:not_breathing"."""
    data = yaml.safe_load(Path(hazard_log).read_text(encoding="utf-8")) or {}
    titles, members = {}, {}
    for cat_id, cat in (data.get("emergency_categories") or {}).items():
        titles[cat_id] = cat.get("title", cat_id)
        for member in cat.get("members", []):
            members[member] = cat_id
            if member.startswith("red_flag:"):
                members[member.removeprefix("red_flag:")] = cat_id
    return titles, members


__all__ = [
    "CASE_KINDS",
    "CountTable",
    "case_text",
    "cases_from_events",
    "known_words",
    "load_categories",
    "monitoring_tables",
    "protected_table",
    "rules_answer",
]
