"""Retention (`navigator purge` now; the scheduler daily) and backups, each in one step:
a purge is one write transaction, a backup or restore one checked copy of the database."""

from __future__ import annotations

import datetime as dt
import sqlite3

from navigator.db import connect, transaction
from navigator.store import retention
from navigator.store.backup import BackupError, backup, restore


def purge_older_than(
    conn: sqlite3.Connection, now: dt.datetime, days: float, *, message_id_days: float
) -> dict[str, int]:
    """Delete conversations, finished nudges and outbox texts older than `days`, all or
    nothing (anonymised usage events are kept; message ids stay `message_id_days`)."""
    with transaction(conn, immediate=True):
        return retention.purge_older_than(conn, now, days, message_id_days=message_id_days)


def retain_once(settings: dict, now: dt.datetime) -> dict[str, int] | None:
    """Retention as configured (NAVIGATOR_RETENTION_DAYS; 0 switches it off)."""
    days = settings["NAVIGATOR_RETENTION_DAYS"]
    if days <= 0:
        return None
    keep_ids = settings["NAVIGATOR_MESSAGE_ID_DAYS"]
    conn = connect(settings["NAVIGATOR_DATABASE"])
    try:
        return purge_older_than(conn, now, days, message_id_days=keep_ids)
    finally:
        conn.close()


__all__ = ["BackupError", "backup", "purge_older_than", "restore", "retain_once"]
