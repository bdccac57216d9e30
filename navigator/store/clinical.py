"""The only SQL for clinical governance and monitoring: content decisions, the clinical audit
trail, clinical review cases and the incident log (schema: migrations/clinical.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3

from navigator.core.clinical.reviews import Decision
from navigator.db import transaction
from navigator.store.users import utc_text

CASE_FIELDS = (
    "kind", "hour", "channel", "topic", "disposition", "rules_disposition", "rule",
    "category", "text", "text_basis",
)  # fmt: skip
INCIDENT_SEVERITIES = ("minor", "significant", "considerable", "major", "catastrophic")
MAX_NOTE_CHARS = 2000


# --- content decisions and the audit trail ---------------------------------------------------


def audit(
    conn: sqlite3.Connection, *, actor_id, actor: str, action: str, subject: str,
    detail: str | None, now: dt.datetime,
) -> None:  # fmt: skip
    conn.execute(
        "INSERT INTO clinical_audit (at, actor_id, actor, action, subject, detail)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (utc_text(now), actor_id, actor, action, subject, (detail or "")[:MAX_NOTE_CHARS]),
    )


def record_decision(
    conn: sqlite3.Connection, decision: Decision, *, reviewer_id: int | None, now: dt.datetime
) -> int:
    """One clinical reviewer's decision and its audit row, together or not at all."""
    with transaction(conn, immediate=True):
        cursor = conn.execute(
            "INSERT INTO content_decisions (content_id, status, sha256, text, reviewer_id,"
            " reviewer, decided_at, due, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (decision.content_id, decision.status, decision.sha256, decision.text, reviewer_id,
             decision.reviewer, decision.decided_at, decision.due.isoformat(),
             (decision.note or "")[:MAX_NOTE_CHARS] or None),
        )  # fmt: skip
        audit(
            conn, actor_id=reviewer_id, actor=decision.reviewer, action=decision.status,
            subject=decision.content_id, now=now,
            detail=f"sha256 {decision.sha256[:12]}; due {decision.due}; {decision.note or ''}",
        )  # fmt: skip
    return cursor.lastrowid


def _decision(row: sqlite3.Row) -> Decision:
    return Decision(
        content_id=row["content_id"], status=row["status"], sha256=row["sha256"],
        text=row["text"], reviewer=row["reviewer"], decided_at=row["decided_at"],
        due=dt.date.fromisoformat(row["due"]), note=row["note"],
    )  # fmt: skip


def latest_decisions(conn: sqlite3.Connection) -> dict[str, Decision]:
    """The latest decision for each content item."""
    rows = conn.execute(
        "SELECT d.* FROM content_decisions d JOIN (SELECT content_id, MAX(id) AS id"
        " FROM content_decisions GROUP BY content_id) last ON last.id = d.id"
    ).fetchall()
    return {r["content_id"]: _decision(r) for r in rows}


def decisions_for(conn: sqlite3.Connection, content_id: str) -> list[Decision]:
    rows = conn.execute(
        "SELECT * FROM content_decisions WHERE content_id = ? ORDER BY id DESC", (content_id,)
    ).fetchall()
    return [_decision(r) for r in rows]


def audit_trail(conn: sqlite3.Connection, limit: int = 500) -> list[dict]:
    rows = conn.execute("SELECT * FROM clinical_audit ORDER BY id DESC LIMIT ?", (limit,))
    return [dict(r) for r in rows]


# --- clinical review cases ------------------------------------------------------------------


def record_cases(conn: sqlite3.Connection, cases: list[dict]) -> None:
    """The caller holds the transaction (a conversation turn's)."""
    conn.executemany(
        f"INSERT INTO clinical_cases ({', '.join(CASE_FIELDS)})"  # noqa: S608 (fixed names)
        f" VALUES ({', '.join('?' * len(CASE_FIELDS))})",
        [tuple(c.get(f) for f in CASE_FIELDS) for c in cases],
    )


def cases_between(conn: sqlite3.Connection, first_hour: str, end_hour: str) -> list[dict]:
    rows = conn.execute(
        "SELECT * FROM clinical_cases WHERE hour >= ? AND hour < ? ORDER BY hour, id",
        (first_hour, end_hour),
    )
    return [dict(r) for r in rows]


def open_cases(conn: sqlite3.Connection, kind: str | None = None, limit: int = 200) -> list[dict]:
    rows = conn.execute(
        "SELECT * FROM clinical_cases WHERE status = 'open' AND (? IS NULL OR kind = ?)"
        " ORDER BY hour DESC, id DESC LIMIT ?",
        (kind, kind, limit),
    )
    return [dict(r) for r in rows]


def review_case(
    conn: sqlite3.Connection, case_id: int, *, actor_id: int, actor: str, note: str,
    withdraw_text: bool, incident_id: int | None, now: dt.datetime,
) -> bool:  # fmt: skip
    """Mark a case reviewed (optionally dropping its text and linking an incident), audited."""
    with transaction(conn, immediate=True):
        cursor = conn.execute(
            "UPDATE clinical_cases SET status = 'reviewed', reviewed_by = ?, reviewed_at = ?,"
            " review_note = ?, incident_id = ?,"
            " text = CASE WHEN ? THEN NULL ELSE text END,"
            " text_basis = CASE WHEN ? THEN 'withdrawn' ELSE text_basis END"
            " WHERE id = ? AND status = 'open'",
            (actor, utc_text(now), note[:MAX_NOTE_CHARS], incident_id, int(withdraw_text),
             int(withdraw_text), case_id),
        )  # fmt: skip
        if cursor.rowcount != 1:
            return False
        audit(conn, actor_id=actor_id, actor=actor, action="case_reviewed",
              subject=f"case:{case_id}", detail=note, now=now)  # fmt: skip
    return True


def failed_nudges_between(conn: sqlite3.Connection, first: str, end: str) -> int:
    """Follow-up texts that failed to send or were not delivered, created in [first, end)."""
    row = conn.execute(
        "SELECT COUNT(*) FROM nudges WHERE created_at >= ? AND created_at < ?"
        " AND (status = 'failed' OR delivery_status IN ('failed', 'undelivered'))",
        (first, end),
    ).fetchone()
    return row[0]


# --- incident log ---------------------------------------------------------------------------


def open_incident(
    conn: sqlite3.Connection, *, actor_id: int, actor: str, title: str, description: str,
    severity: str, hazard_id: str | None, now: dt.datetime,
) -> int:  # fmt: skip
    if severity not in INCIDENT_SEVERITIES:
        raise ValueError(f"severity must be one of {', '.join(INCIDENT_SEVERITIES)}")
    if not title.strip() or not description.strip():
        raise ValueError("an incident needs a title and a description")
    with transaction(conn, immediate=True):
        cursor = conn.execute(
            "INSERT INTO incidents (opened_at, opened_by, title, description, severity,"
            " hazard_id) VALUES (?, ?, ?, ?, ?, ?)",
            (utc_text(now), actor, title.strip()[:200], description.strip()[:MAX_NOTE_CHARS],
             severity, hazard_id or None),
        )  # fmt: skip
        audit(conn, actor_id=actor_id, actor=actor, action="incident_opened",
              subject=f"incident:{cursor.lastrowid}", detail=title, now=now)  # fmt: skip
    return cursor.lastrowid


def close_incident(
    conn: sqlite3.Connection, incident_id: int, *, actor_id: int, actor: str, outcome: str,
    now: dt.datetime,
) -> bool:  # fmt: skip
    with transaction(conn, immediate=True):
        cursor = conn.execute(
            "UPDATE incidents SET status = 'closed', closed_at = ?, closed_by = ?, outcome = ?"
            " WHERE id = ? AND status = 'open'",
            (utc_text(now), actor, outcome[:MAX_NOTE_CHARS], incident_id),
        )
        if cursor.rowcount != 1:
            return False
        audit(conn, actor_id=actor_id, actor=actor, action="incident_closed",
              subject=f"incident:{incident_id}", detail=outcome, now=now)  # fmt: skip
    return True


def incidents(conn: sqlite3.Connection) -> list[dict]:
    rows = conn.execute("SELECT * FROM incidents ORDER BY status DESC, id DESC")
    return [dict(r) for r in rows]
