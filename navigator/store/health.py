"""The health probe's write: one heartbeat row, so /healthz proves the database takes writes."""

from __future__ import annotations

import datetime as dt
import sqlite3

from navigator.db import transaction


def beat(conn: sqlite3.Connection, now: dt.datetime) -> None:
    """Raises sqlite3.Error when the database cannot be written (locked, read-only, full)."""
    with transaction(conn, immediate=True):
        conn.execute(
            "INSERT OR REPLACE INTO health_beats (id, at) VALUES (1, ?)",
            (now.astimezone(dt.UTC).isoformat(timespec="seconds"),),
        )
