"""Application service for the clinical risk management file: the content's review state,
approving an item, and the safety report. The CLI and the staff pages call these."""

from __future__ import annotations

import datetime as dt
import sqlite3

from navigator.core.clinical import hazards as hz
from navigator.core.clinical import reviews
from navigator.core.clinical.figures import load_first_contact
from navigator.core.clinical.inventory import load_inventory
from navigator.core.clinical.report import evidence_markdown, full_report
from navigator.core.models import Disposition
from navigator.paths import CONTENT_DIR, REPO_ROOT
from navigator.settings import SETTINGS
from navigator.store import clinical as clinical_store
from navigator.store.users import utc_text

DOCS_DIR = REPO_ROOT / "docs" / "clinical-safety"
HAZARD_LOG = DOCS_DIR / "hazard_log.yaml"
SAFETY_CASE = DOCS_DIR / "safety-case-report.md"
REVIEWS_FILE = CONTENT_DIR / "reviews.yaml"
EVALUATION_README = REPO_ROOT / "evaluation" / "README.md"


class StaleApproval(ValueError):
    """The content changed between the reviewer reading it and deciding."""


def content_states(conn: sqlite3.Connection | None) -> list[reviews.ContentState]:
    decisions = clinical_store.latest_decisions(conn) if conn is not None else {}
    return reviews.states(
        load_inventory(CONTENT_DIR), reviews.load_reviews(REVIEWS_FILE), decisions
    )


def state_of(conn: sqlite3.Connection, content_id: str) -> reviews.ContentState | None:
    item = load_inventory(CONTENT_DIR).get(content_id)
    if item is None:
        return None
    record = reviews.load_reviews(REVIEWS_FILE).get(content_id)
    history = clinical_store.decisions_for(conn, content_id)
    return reviews.state_of(item, record, history[0] if history else None)


def decisions_for(conn: sqlite3.Connection, content_id: str) -> list[reviews.Decision]:
    """Every decision on one item, newest first."""
    return clinical_store.decisions_for(conn, content_id)


def audit_trail(conn: sqlite3.Connection) -> list[dict]:
    """The latest review and incident actions, newest first."""
    return clinical_store.audit_trail(conn)


def decide(
    conn: sqlite3.Connection, content_id: str, *, status: str, seen_sha256: str,
    reviewer_id: int, reviewer: str, note: str, now: dt.datetime, review_months: int,
) -> reviews.Decision:  # fmt: skip
    """Record a clinical reviewer's decision on exactly the text they saw."""
    if status not in reviews.DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(reviews.DECISIONS)}")
    item = load_inventory(CONTENT_DIR).get(content_id)
    if item is None:
        raise KeyError(content_id)
    if item.sha256 != seen_sha256:
        raise StaleApproval("the content changed since you opened it: read it again")
    decision = reviews.Decision(
        content_id=content_id, status=status, sha256=item.sha256, text=item.text,
        reviewer=reviewer, decided_at=utc_text(now),
        due=reviews.due_after(now.date(), review_months), note=note.strip() or None,
    )  # fmt: skip
    clinical_store.record_decision(conn, decision, reviewer_id=reviewer_id, now=now)
    return decision


def catalogue() -> hz.Catalogue:
    return hz.Catalogue(
        content=load_inventory(CONTENT_DIR),
        dispositions={d.value for d in Disposition},
        settings={s.name for s in SETTINGS},
        eval_figures=load_first_contact(EVALUATION_README).by_set(),
        repo_root=REPO_ROOT,
    )


def safety_report(conn: sqlite3.Connection | None, today: dt.date) -> str:
    """The full safety case report in Markdown: claims and arguments with generated evidence."""
    log = hz.load_hazard_log(HAZARD_LOG)
    source = "content/reviews.yaml" + (" and this database's decisions" if conn else "")
    evidence = evidence_markdown(
        log, catalogue(), content_states(conn), load_first_contact(EVALUATION_README),
        today=today, decisions_source=source,
    )  # fmt: skip
    return full_report(SAFETY_CASE.read_text(encoding="utf-8"), evidence)


def report_html(markdown_text: str) -> str:
    import markdown

    return markdown.markdown(markdown_text, extensions=["tables"])


def unapproved_ids(conn: sqlite3.Connection | None) -> list[str]:
    return [s.item.id for s in reviews.unapproved(content_states(conn))]


def record_answer_report(
    conn: sqlite3.Connection, *, text: str, consented: bool, topic: str | None,
    disposition: str | None, channel: str, now: dt.datetime,
) -> None:  # fmt: skip
    """A resident's report that the advice was wrong: an anonymised event and a review case;
    their words kept, scrubbed, only with consent or when identifier-free."""
    from navigator.core.clinical import monitoring
    from navigator.db import transaction
    from navigator.paths import DIRECTORY_DIR
    from navigator.store import events as event_store

    kept, basis = monitoring.case_text(text, consented, monitoring.known_words(str(DIRECTORY_DIR)))
    hour = now.strftime("%Y-%m-%dT%H:00")
    with transaction(conn, immediate=True):
        event_store.record(conn, [{"kind": "answer_wrong", "hour": hour, "channel": channel,
                                   "topic": topic, "disposition": disposition}])  # fmt: skip
        clinical_store.record_cases(conn, [{
            "kind": monitoring.ANSWER_WRONG, "hour": hour, "channel": channel, "topic": topic,
            "disposition": disposition, "text": kept, "text_basis": basis,
        }])  # fmt: skip


def approved_only_refusal(settings: dict, connect) -> str | None:
    """Why a deployment set to serve approved content only must not start, or None."""
    if not settings["NAVIGATOR_SERVE_APPROVED_ONLY"]:
        return None
    conn = connect(settings)
    try:
        waiting = unapproved_ids(conn)
    finally:
        conn.close()
    if not waiting:
        return None
    return (
        f"NAVIGATOR_SERVE_APPROVED_ONLY is on and {len(waiting)} content items are not approved "
        f"(first: {', '.join(waiting[:5])}); approve them at /staff/clinical/"
    )


__all__ = [
    "approved_only_refusal",
    "audit_trail",
    "StaleApproval",
    "content_states",
    "decide",
    "decisions_for",
    "report_html",
    "safety_report",
    "state_of",
    "unapproved_ids",
]
