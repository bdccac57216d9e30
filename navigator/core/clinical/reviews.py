"""Content governance: the review status of every content item, the review queue, diffs.

Two sources, kept apart from the content files themselves:
- content/reviews.yaml (in the repository): the manufacturer's record for each content id:
  status, reviewer, date reviewed, date due, and for anything beyond draft the SHA-256 of
  the text that was reviewed. Today every item is honestly `draft`.
- the `content_decisions` table (in a deployment's database): each clinical reviewer's
  decision (clinically reviewed / approved) with the hash and the full text they saw, so a
  later change shows as a diff against exactly what was approved.

An item is only as reviewed as its current text: when the text's hash differs from the last
decision's, the item is `draft` again (changed since approval) whatever was decided before.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

import yaml

from navigator.core.clinical.inventory import ContentItem

DRAFT, REVIEWED, APPROVED = "draft", "clinically_reviewed", "approved"
STATUSES = (DRAFT, REVIEWED, APPROVED)
STATUS_LABELS = {DRAFT: "Draft", REVIEWED: "Clinically reviewed", APPROVED: "Approved"}
DECISIONS = (REVIEWED, APPROVED)  # what a clinical reviewer can record
DEFAULT_REVIEW_MONTHS = 12  # an approval is due again after this (NAVIGATOR_CONTENT_REVIEW_MONTHS)
DIFF_CONTEXT_LINES = 3
# What the runtime would serve for each item when only approved content may be served.
SERVE_CURRENT = "serve as it is (approved)"
SERVE_APPROVED_TEXT = "serve the last approved text (the file has changed since)"
KEEP_SAFETY_NET = "keep serving (a safety rule: withdrawing it would lower the level of care)"
WITHHOLD = "withhold (never approved: the fallback routes to a GP or 111 instead)"


@dataclass(frozen=True)
class ReviewRecord:
    """One entry of content/reviews.yaml."""

    status: str
    reviewer: str | None
    reviewed: dt.date | None
    due: dt.date | None
    sha256: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Decision:
    """One row of the content_decisions table."""

    content_id: str
    status: str
    sha256: str
    text: str
    reviewer: str
    decided_at: str  # UTC ISO
    due: dt.date
    note: str | None = None


@dataclass(frozen=True)
class ContentState:
    item: ContentItem
    status: str
    reviewer: str | None
    reviewed: str | None
    due: dt.date | None
    changed: bool  # reviewed or approved once, but the text is different now
    approved_text: str | None  # the text of the last decision, for the diff
    source: str  # "reviews.yaml", "database" or "none"

    def is_due(self, today: dt.date) -> bool:
        return self.due is None or self.due <= today

    def in_queue(self, today: dt.date) -> bool:
        return self.status != APPROVED or self.is_due(today)

    @property
    def label(self) -> str:
        label = STATUS_LABELS[self.status]
        return f"{label} (changed since last decision)" if self.changed else label


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def load_reviews(path: Path) -> dict[str, ReviewRecord]:
    """content/reviews.yaml by content id; raises ValueError on an unknown status."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    records = {}
    for content_id, entry in (data.get("items") or {}).items():
        entry = entry or {}
        status = entry.get("status", DRAFT)
        if status not in STATUSES:
            raise ValueError(f"{content_id}: status {status!r} is not one of {STATUSES}")
        records[content_id] = ReviewRecord(
            status=status,
            reviewer=entry.get("reviewer"),
            reviewed=_date(entry.get("reviewed")),
            due=_date(entry.get("due")),
            sha256=entry.get("sha256"),
            note=entry.get("note"),
        )
    return records


def state_of(
    item: ContentItem, record: ReviewRecord | None, decision: Decision | None
) -> ContentState:
    """The effective status: the latest decision if any, else reviews.yaml, else draft."""
    if decision is not None:
        same = decision.sha256 == item.sha256
        return ContentState(
            item,
            decision.status if same else DRAFT,
            decision.reviewer,
            decision.decided_at[:10],
            decision.due if same else (record.due if record else None),
            changed=not same,
            approved_text=decision.text,
            source="database",
        )
    if record is None:
        return ContentState(item, DRAFT, None, None, None, False, None, "none")
    stale = record.status != DRAFT and record.sha256 != item.sha256
    return ContentState(
        item,
        DRAFT if stale else record.status,
        record.reviewer,
        record.reviewed.isoformat() if record.reviewed else None,
        record.due,
        changed=stale,
        approved_text=None,
        source="reviews.yaml",
    )


def states(
    items: dict[str, ContentItem],
    records: dict[str, ReviewRecord],
    decisions: dict[str, Decision],
) -> list[ContentState]:
    return [state_of(i, records.get(i.id), decisions.get(i.id)) for i in items.values()]


def review_queue(all_states: list[ContentState], today: dt.date) -> list[ContentState]:
    """Not approved, or due: safety rules first, then changed ones, then by due date."""
    due = [s for s in all_states if s.in_queue(today)]
    return sorted(
        due,
        key=lambda s: (
            not s.item.is_safety_rule,
            not s.changed,
            s.due or dt.date.min,
            s.item.id,
        ),
    )


def diff_lines(old: str | None, new: str) -> list[tuple[str, str]]:
    """(kind, line) pairs: kind is "add", "remove", "context" or "hunk". Everything is an
    addition when nothing was approved before."""
    before = (old or "").splitlines()
    after = new.splitlines()
    out = []
    for line in difflib.unified_diff(before, after, lineterm="", n=DIFF_CONTEXT_LINES):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            out.append(("hunk", line))
        elif line.startswith("+"):
            out.append(("add", line[1:]))
        elif line.startswith("-"):
            out.append(("remove", line[1:]))
        else:
            out.append(("context", line[1:]))
    return out


def due_after(decided: dt.date, months: int = DEFAULT_REVIEW_MONTHS) -> dt.date:
    month = decided.month - 1 + months
    year, month = decided.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(decided.day, 28))


def serving_plan(all_states: list[ContentState]) -> dict[str, str]:
    """What a deployment set to serve approved content only would do with each item.

    Not wired into triage (issue 13): this is the check the runtime filter would use.
    Safety rules are never withdrawn, because a missing red flag lowers the level of care;
    a deployment with unapproved safety rules should not go live at all.
    """
    plan = {}
    for s in all_states:
        if s.status == APPROVED:
            plan[s.item.id] = SERVE_CURRENT
        elif s.changed and s.approved_text is not None:
            plan[s.item.id] = SERVE_APPROVED_TEXT
        elif s.item.is_safety_rule:
            plan[s.item.id] = KEEP_SAFETY_NET
        else:
            plan[s.item.id] = WITHHOLD
    return plan


def unapproved(all_states: list[ContentState]) -> list[ContentState]:
    return [s for s in all_states if s.status != APPROVED]


__all__ = [
    "APPROVED",
    "DECISIONS",
    "DRAFT",
    "REVIEWED",
    "STATUSES",
    "ContentState",
    "Decision",
    "ReviewRecord",
    "diff_lines",
    "due_after",
    "load_reviews",
    "review_queue",
    "serving_plan",
    "state_of",
    "states",
    "unapproved",
]
