"""Nudge rows: the source of truth for follow-ups. The only SQL that moves them.

Each row goes pending -> sending -> sent | failed | cancelled, each step at most once. A
sweep claims rows with BEGIN IMMEDIATE and a conditional UPDATE ... RETURNING, so two sweeps
never hold the same row; a claim carries a lease, so a sweep killed mid-send leaves rows a
later sweep takes again. The raw phone number is cleared when a row leaves pending/sending.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from navigator.core.conversation import NudgePlan
from navigator.db import transaction

PENDING, SENDING, SENT, FAILED, CANCELLED = "pending", "sending", "sent", "failed", "cancelled"
PUBLIC_COLUMNS = (
    "id",
    "channel",
    "due_at",
    "status",
    "topic",
    "disposition",
    "neighbourhood",
    "attempts",
    "sent_at",
    "outcome",
    "got_help",
)  # never phone or key


def _ts(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def schedule(
    conn: sqlite3.Connection,
    plan: NudgePlan,
    *,
    key: str,
    channel: str,
    phone: str,
    now: dt.datetime,
) -> int:
    cursor = conn.execute(
        "INSERT INTO nudges (session_key, channel, phone, due_at, topic, disposition, "
        "neighbourhood, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            key,
            channel,
            phone,
            _ts(plan.due_at),
            plan.topic,
            plan.disposition,
            plan.neighbourhood,
            _ts(now),
        ),
    )
    return cursor.lastrowid


def cancel_for(conn: sqlite3.Connection, key: str, now: dt.datetime) -> int:
    """Cancel every unsent nudge to this key (an opt-out); an in-flight send then fails its
    conditional mark and is never recorded as sent."""
    return conn.execute(
        "UPDATE nudges SET status = 'cancelled', phone = NULL, lease_until = NULL, "
        "finished_at = ? WHERE session_key = ? AND status IN ('pending', 'sending')",
        (_ts(now), key),
    ).rowcount


def due(conn: sqlite3.Connection, now: dt.datetime) -> list[dict]:
    """Rows a sweep at `now` would claim (without phone numbers or keys)."""
    stamp = _ts(now)
    rows = conn.execute(
        f"SELECT {', '.join(PUBLIC_COLUMNS)} FROM nudges "  # noqa: S608 (fixed names)
        "WHERE (status = 'pending' AND due_at <= ?) OR (status = 'sending' AND lease_until <= ?) "
        "ORDER BY due_at, id",
        (stamp, stamp),
    )
    return [dict(r) for r in rows]


def claim(
    conn: sqlite3.Connection, now: dt.datetime, *, worker: str, lease: dt.timedelta, limit: int
) -> list[dict]:
    """Take up to `limit` due rows (or rows whose lease ran out) for this worker."""
    stamp = _ts(now)
    with transaction(conn, immediate=True):
        rows = conn.execute(
            """
            UPDATE nudges SET status = 'sending', attempts = attempts + 1, lease_until = ?,
                claimed_by = ?
            WHERE id IN (
                SELECT id FROM nudges
                WHERE (status = 'pending' AND due_at <= ?)
                   OR (status = 'sending' AND lease_until <= ?)
                ORDER BY due_at, id LIMIT ?)
              AND status IN ('pending', 'sending')
            RETURNING id, session_key, channel, phone, due_at, topic, disposition,
                neighbourhood, attempts
            """,
            (_ts(now + lease), worker, stamp, stamp, int(limit)),
        ).fetchall()
    return sorted((dict(r) for r in rows), key=lambda r: (r["due_at"], r["id"]))


def mark_sent(
    conn: sqlite3.Connection,
    nudge_id: int,
    *,
    worker: str,
    provider_id: str | None,
    now: dt.datetime,
) -> bool:
    return (
        conn.execute(
            "UPDATE nudges SET status = 'sent', phone = NULL, lease_until = NULL, sent_at = ?, "
            "finished_at = ?, provider_id = ? WHERE id = ? AND status = 'sending' AND claimed_by = ?",
            (_ts(now), _ts(now), provider_id, nudge_id, worker),
        ).rowcount
        == 1
    )


def mark_failed(conn: sqlite3.Connection, nudge_id: int, *, error: str, now: dt.datetime) -> bool:
    return (
        conn.execute(
            "UPDATE nudges SET status = 'failed', phone = NULL, lease_until = NULL, error = ?, "
            "finished_at = ? WHERE id = ? AND status = 'sending'",
            (error[:200], _ts(now), nudge_id),
        ).rowcount
        == 1
    )


def record_answer(conn: sqlite3.Connection, nudge_id: int, changes: dict) -> None:
    """A resident's reply to a sent nudge: outcome (better/same/worse) and/or got_help."""
    if "outcome" in changes:
        conn.execute("UPDATE nudges SET outcome = ? WHERE id = ?", (changes["outcome"], nudge_id))
    if "got_help" in changes:
        conn.execute(
            "UPDATE nudges SET got_help = ? WHERE id = ?",
            (int(bool(changes["got_help"])), nudge_id),
        )


def record_delivery(conn: sqlite3.Connection, provider_id: str, status: str) -> int:
    return conn.execute(
        "UPDATE nudges SET delivery_status = ? WHERE provider_id = ?", (status, provider_id)
    ).rowcount


def get(conn: sqlite3.Connection, nudge_id: int) -> dict | None:
    row = conn.execute("SELECT * FROM nudges WHERE id = ?", (nudge_id,)).fetchone()
    return dict(row) if row else None


def all_nudges(conn: sqlite3.Connection) -> list[dict]:
    return [dict(r) for r in conn.execute("SELECT * FROM nudges ORDER BY id")]
