"""Conversation sessions and seen inbound message ids: the only SQL for either.

A session row is keyed by a pseudonym or a web session id. Expired sessions are restarted
by the core (an opt-out survives that); `purge_expired` deletes them for retention.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from navigator.core.conversation.conversation import Session
from navigator.core.privacy import scrub


def _stored(session: Session) -> dict:
    """The session as stored: phone numbers and emails never written into free text."""
    data = session.to_dict()
    if data.get("need"):
        data["need"] = scrub(data["need"])
    for entry in data.get("transcript") or []:
        if entry.get("who") == "resident":
            entry["text"] = scrub(entry.get("text", ""))
    return data


def _ts(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def load(conn: sqlite3.Connection, key: str, channel: str) -> Session:
    row = conn.execute("SELECT data, opted_out FROM conversations WHERE key = ?", (key,)).fetchone()
    if row is None:
        return Session(key, channel)
    session = Session.from_dict(json.loads(row["data"]))
    session.opted_out = bool(row["opted_out"])
    return session


def save(conn: sqlite3.Connection, session: Session, now: dt.datetime) -> None:
    conn.execute(
        """
        INSERT INTO conversations (key, channel, data, opted_out, updated_at, expires_at)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET channel = excluded.channel, data = excluded.data,
            opted_out = excluded.opted_out, updated_at = excluded.updated_at,
            expires_at = excluded.expires_at
        """,
        (
            session.key,
            session.channel,
            json.dumps(_stored(session), ensure_ascii=False),
            int(session.opted_out),
            _ts(now),
            session.expires_at,
        ),
    )


def set_opted_out(conn: sqlite3.Connection, key: str, channel: str, now: dt.datetime) -> None:
    session = load(conn, key, channel)
    session.opted_out = True
    save(conn, session, now)


def is_opted_out(conn: sqlite3.Connection, key: str) -> bool:
    row = conn.execute("SELECT opted_out FROM conversations WHERE key = ?", (key,)).fetchone()
    return bool(row and row["opted_out"])


def seen_replies(conn: sqlite3.Connection, message_sid: str) -> list[dict] | None:
    """The replies already given to this message id, or None if it is new."""
    row = conn.execute(
        "SELECT replies FROM inbound_messages WHERE message_sid = ?", (message_sid,)
    ).fetchone()
    return json.loads(row["replies"]) if row else None


def remember_replies(
    conn: sqlite3.Connection, message_sid: str, replies: list[dict], now: dt.datetime
) -> bool:
    """Record the replies for a message id; False if another request recorded it first."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO inbound_messages (message_sid, replies, created_at) "
        "VALUES (?, ?, ?)",
        (message_sid, json.dumps(replies, ensure_ascii=False), _ts(now)),
    )
    return cursor.rowcount == 1


def purge_expired(
    conn: sqlite3.Connection,
    now: dt.datetime,
    keep_message_ids: dt.timedelta = dt.timedelta(days=30),
) -> int:
    """Delete expired conversations (opt-outs are kept, without their content)."""
    stamp = _ts(now)
    conn.execute(
        "UPDATE conversations SET data = json_object('key', key, 'channel', channel) "
        "WHERE opted_out = 1 AND expires_at < ?",
        (stamp,),
    )
    deleted = conn.execute(
        "DELETE FROM conversations WHERE opted_out = 0 AND expires_at < ?", (stamp,)
    ).rowcount
    cutoff = _ts(now - keep_message_ids)
    conn.execute("DELETE FROM inbound_messages WHERE created_at < ?", (cutoff,))
    return deleted


def mark_journal_applied(conn: sqlite3.Connection, entry_id: str, now: dt.datetime) -> bool:
    """True the first time an opt-out journal entry is applied, False ever after."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO journal_applied (entry_id, applied_at) VALUES (?, ?)",
        (entry_id, _ts(now)),
    )
    return cursor.rowcount == 1
