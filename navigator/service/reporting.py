"""Application service for staff reporting: the anonymised usage events of a period (the
staff dashboard, its CSV exports and the monitoring pages read them)."""

from __future__ import annotations

import sqlite3

from navigator.store import events as event_store


def events_between(conn: sqlite3.Connection, first: str, end: str) -> list[dict]:
    """Usage events whose hour ("YYYY-MM-DDTHH:00") is in [first, end)."""
    return [e for e in event_store.all_events(conn) if first <= e["hour"] < end]


__all__ = ["events_between"]
