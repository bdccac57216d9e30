"""Retention: delete conversation data older than the configured number of days.

Conversations (and expired ones, via sessions.purge_expired), seen message ids, finished
nudges and the SMS outbox go; anonymised usage events stay (they identify no one). Opted-out
keys survive without their content, so an opt-out is never forgotten.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from navigator.store import sessions as session_store

FINISHED_NUDGES = ("sent", "failed", "cancelled")


def purge_older_than(conn: sqlite3.Connection, now: dt.datetime, days: float) -> dict[str, int]:
    """Rows removed per table; the caller holds the transaction."""
    cutoff = (now - dt.timedelta(days=days)).astimezone(dt.UTC).isoformat(timespec="seconds")
    removed = {"expired_conversations": session_store.purge_expired(conn, now)}
    conn.execute(
        "UPDATE conversations SET data = json_object('key', key, 'channel', channel) "
        "WHERE opted_out = 1 AND updated_at < ?",
        (cutoff,),
    )
    removed["conversations"] = conn.execute(
        "DELETE FROM conversations WHERE opted_out = 0 AND updated_at < ?", (cutoff,)
    ).rowcount
    removed["inbound_messages"] = conn.execute(
        "DELETE FROM inbound_messages WHERE created_at < ?", (cutoff,)
    ).rowcount
    marks = ", ".join("?" * len(FINISHED_NUDGES))
    removed["nudges"] = conn.execute(
        f"DELETE FROM nudges WHERE status IN ({marks}) AND created_at < ?",  # noqa: S608
        (*FINISHED_NUDGES, cutoff),
    ).rowcount
    removed["sms_outbox"] = conn.execute(
        "DELETE FROM sms_outbox WHERE created_at < ?", (cutoff,)
    ).rowcount
    return removed
