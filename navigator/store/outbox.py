"""The SMS outbox table: what the `outbox` backend "sends", for tests and operators to read."""

from __future__ import annotations

import datetime as dt
import sqlite3


def add(
    conn: sqlite3.Connection, to_number: str, body: str, dedupe_key: str | None, now: dt.datetime
) -> int:
    """One message; a repeated dedupe_key (a nudge retried after a crash) adds no message but
    counts the call in provider_calls, so a test can see a double send the dedupe hid.
    Returns the outbox row id."""
    conn.execute(
        "INSERT INTO sms_outbox (to_number, body, dedupe_key, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (dedupe_key) DO UPDATE SET provider_calls = provider_calls + 1",
        (to_number, body, dedupe_key, now.astimezone(dt.UTC).isoformat(timespec="seconds")),
    )
    if dedupe_key is None:
        return conn.execute("SELECT last_insert_rowid()").fetchone()[0]
    row = conn.execute("SELECT id FROM sms_outbox WHERE dedupe_key = ?", (dedupe_key,)).fetchone()
    return row["id"]


def find(conn: sqlite3.Connection, dedupe_key: str) -> int | None:
    """The outbox row already holding this key (the provider's "was it sent?")."""
    row = conn.execute("SELECT id FROM sms_outbox WHERE dedupe_key = ?", (dedupe_key,)).fetchone()
    return row["id"] if row else None


def messages(conn: sqlite3.Connection, to_number: str | None = None) -> list[dict]:
    sql = "SELECT id, to_number, body, dedupe_key, created_at, provider_calls FROM sms_outbox"
    params: tuple = ()
    if to_number is not None:
        sql += " WHERE to_number = ?"
        params = (to_number,)
    return [dict(r) for r in conn.execute(sql + " ORDER BY id", params)]
