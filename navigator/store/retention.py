"""Retention: delete conversation data older than the configured number of days.

Conversations (and expired ones, via sessions.purge_expired), finished nudges and the SMS
outbox go; anonymised usage events stay (they identify no one). Opted-out keys survive
without their content, so an opt-out is never forgotten. Seen Twilio message ids lose the
replies stored with them but the ids themselves (no personal data) stay for
`message_id_days` (30 by default) whatever `days` says, so a captured webhook replayed after
a purge is still recognised and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from navigator.store import sessions as session_store

FINISHED_NUDGES = ("sent", "failed", "cancelled", "missed")
MESSAGE_ID_DAYS = 30


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def purge_older_than(
    conn: sqlite3.Connection,
    now: dt.datetime,
    days: float,
    *,
    message_id_days: float = MESSAGE_ID_DAYS,
) -> dict[str, int]:
    """Rows removed per table; the caller holds the transaction."""
    cutoff = _stamp(now - dt.timedelta(days=days))
    keep_ids = dt.timedelta(days=max(days, message_id_days))
    removed = {"expired_conversations": session_store.purge_expired(conn, now, keep_ids)}
    conn.execute(
        "UPDATE conversations SET data = json_object('key', key, 'channel', channel) "
        "WHERE opted_out = 1 AND updated_at < ?",
        (cutoff,),
    )
    removed["conversations"] = conn.execute(
        "DELETE FROM conversations WHERE opted_out = 0 AND updated_at < ?", (cutoff,)
    ).rowcount
    conn.execute(
        "UPDATE inbound_messages SET replies = '[]' WHERE created_at < ? AND replies != '[]'",
        (cutoff,),
    )
    removed["inbound_messages"] = conn.execute(
        "DELETE FROM inbound_messages WHERE created_at < ?", (_stamp(now - keep_ids),)
    ).rowcount
    conn.execute("DELETE FROM journal_applied WHERE applied_at < ?", (_stamp(now - keep_ids),))
    marks = ", ".join("?" * len(FINISHED_NUDGES))
    removed["nudges"] = conn.execute(
        f"DELETE FROM nudges WHERE status IN ({marks}) AND created_at < ?",  # noqa: S608
        (*FINISHED_NUDGES, cutoff),
    ).rowcount
    removed["sms_outbox"] = conn.execute(
        "DELETE FROM sms_outbox WHERE created_at < ?", (cutoff,)
    ).rowcount
    return removed
