"""Nudge rows: the source of truth for follow-ups. The only SQL that moves them.

pending -> claimed -> sending -> sent | failed, or cancelled (opt-out) or missed (an outage
outlasted NAVIGATOR_NUDGE_MAX_LATE_HOURS). A sweep claims rows with BEGIN IMMEDIATE and a
conditional UPDATE ... RETURNING, so two sweeps never hold the same row; a claim carries a
lease, so a sweep killed before sending leaves rows a later sweep takes again. Just before
the provider is called the row becomes `sending` (committed, attempts + 1): a row found in
`sending` after its lease is "in doubt" (the process died around the call) and is
reconciled by asking the provider, never by calling it again blindly. The raw phone number
is cleared when a row finishes.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from navigator.core.conversation.conversation import NudgePlan
from navigator.db import transaction

PENDING, CLAIMED, SENDING = "pending", "claimed", "sending"
SENT, FAILED, CANCELLED, MISSED = "sent", "failed", "cancelled", "missed"
FINISHED = (SENT, FAILED, CANCELLED, MISSED)
ROW_COLUMNS = (
    "id, session_key, channel, phone, due_at, topic, disposition, neighbourhood, attempts, "
    "send_started_at"
)
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
    """Cancel every nudge to this key not yet handed to the provider (an opt-out). One in
    `sending` may already be with the provider: its sweep records what happened, and a
    reconciliation that finds it was never sent cancels it then."""
    return conn.execute(
        "UPDATE nudges SET status = 'cancelled', phone = NULL, lease_until = NULL, "
        "finished_at = ? WHERE session_key = ? AND status IN ('pending', 'claimed')",
        (_ts(now), key),
    ).rowcount


def due(conn: sqlite3.Connection, now: dt.datetime) -> list[dict]:
    """Rows a sweep at `now` would claim or reconcile (without phone numbers or keys)."""
    stamp = _ts(now)
    rows = conn.execute(
        f"SELECT {', '.join(PUBLIC_COLUMNS)} FROM nudges "  # noqa: S608 (fixed names)
        "WHERE (status = 'pending' AND due_at <= ?) "
        "OR (status IN ('claimed', 'sending') AND lease_until <= ?) ORDER BY due_at, id",
        (stamp, stamp),
    )
    return [dict(r) for r in rows]


def mark_missed(conn: sqlite3.Connection, now: dt.datetime, max_late: dt.timedelta) -> int:
    """Rows never handed to the provider and now too late to be useful: recorded as missed,
    with the reason, instead of arriving days after the resident's worry."""
    cutoff, stamp = _ts(now - max_late), _ts(now)
    return conn.execute(
        "UPDATE nudges SET status = 'missed', phone = NULL, lease_until = NULL, finished_at = ?, "
        "error = 'not sent by ' || ? || ': due ' || due_at || ', the scheduler or database was "
        "unavailable' WHERE due_at < ? AND (status = 'pending' OR "
        "(status = 'claimed' AND lease_until <= ?))",
        (stamp, stamp, cutoff, stamp),
    ).rowcount


def claim(
    conn: sqlite3.Connection, now: dt.datetime, *, worker: str, lease: dt.timedelta, limit: int
) -> list[dict]:
    """Take up to `limit` due rows (or claims whose lease ran out) for this worker. Nothing
    has been sent for these rows, so taking them again is always safe."""
    stamp = _ts(now)
    with transaction(conn, immediate=True):
        rows = conn.execute(
            f"""
            UPDATE nudges SET status = 'claimed', lease_until = ?, claimed_by = ?
            WHERE id IN (
                SELECT id FROM nudges
                WHERE (status = 'pending' AND due_at <= ?)
                   OR (status = 'claimed' AND lease_until <= ?)
                ORDER BY due_at, id LIMIT ?)
              AND status IN ('pending', 'claimed')
            RETURNING {ROW_COLUMNS}
            """,  # noqa: S608 (fixed names)
            (_ts(now + lease), worker, stamp, stamp, int(limit)),
        ).fetchall()
    return sorted((dict(r) for r in rows), key=lambda r: (r["due_at"], r["id"]))


def claim_in_doubt(
    conn: sqlite3.Connection, now: dt.datetime, *, worker: str, lease: dt.timedelta, limit: int
) -> list[dict]:
    """Rows left in `sending` past their lease (the sender died around the provider call),
    taken by this worker to reconcile."""
    stamp = _ts(now)
    with transaction(conn, immediate=True):
        rows = conn.execute(
            f"""
            UPDATE nudges SET lease_until = ?, claimed_by = ?
            WHERE id IN (SELECT id FROM nudges WHERE status = 'sending' AND lease_until <= ?
                         ORDER BY due_at, id LIMIT ?)
              AND status = 'sending'
            RETURNING {ROW_COLUMNS}
            """,  # noqa: S608 (fixed names)
            (_ts(now + lease), worker, stamp, int(limit)),
        ).fetchall()
    return sorted((dict(r) for r in rows), key=lambda r: (r["due_at"], r["id"]))


def begin_send(
    conn: sqlite3.Connection,
    nudge_id: int,
    *,
    worker: str,
    now: dt.datetime,
    lease: dt.timedelta,
    retry: bool = False,
) -> bool:
    """Durably record that the provider is about to be called (attempts + 1), before the
    call. False if the row is no longer this worker's to send."""
    state = SENDING if retry else CLAIMED
    return (
        conn.execute(
            "UPDATE nudges SET status = 'sending', attempts = attempts + 1, send_started_at = ?, "
            "lease_until = ? WHERE id = ? AND status = ? AND claimed_by = ?",
            (_ts(now), _ts(now + lease), nudge_id, state, worker),
        ).rowcount
        == 1
    )


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


def mark_failed(
    conn: sqlite3.Connection,
    nudge_id: int,
    *,
    error: str,
    now: dt.datetime,
    status: str = FAILED,
    worker: str | None = None,
) -> bool:
    """Finish a row this worker holds without a send: failed (or cancelled, by opt-out)."""
    return (
        conn.execute(
            "UPDATE nudges SET status = ?, phone = NULL, lease_until = NULL, error = ?, "
            "finished_at = ? WHERE id = ? AND status IN ('claimed', 'sending') "
            "AND (? IS NULL OR claimed_by = ?)",
            (status, error[:200], _ts(now), nudge_id, worker, worker),
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
