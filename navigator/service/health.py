"""Application service for the health probes: can the service answer residents (the
database takes a write), and is its schema up to date. A healthy probe also applies the
opt-out journal, so STOPs received during an outage take effect soon after it ends."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from navigator import migrations, optout_journal
from navigator.store import health as health_store


def check(conn: sqlite3.Connection, journal: Path, now: dt.datetime, *, schema: bool) -> bool:
    """Write a heartbeat and replay the opt-out journal; True when (asked about the schema)
    a migration is pending. A database that is not writable raises sqlite3.Error."""
    health_store.beat(conn, now)
    optout_journal.replay_quietly(conn, journal, now)
    return bool(schema and migrations.pending_names(conn))


__all__ = ["check"]
