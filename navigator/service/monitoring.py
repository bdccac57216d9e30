"""Application service for post-market clinical monitoring (the staff monitoring pages):
what happened in a period, review cases, and incidents. Every review and incident action
is one statement with its audit row (store/clinical.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3

from navigator.service.reporting import events_between
from navigator.store.clinical import (
    INCIDENT_SEVERITIES,
    cases_between,
    close_incident,
    failed_nudges_between,
    incidents,
    open_cases,
    open_incident,
    review_case,
)
from navigator.store.users import utc_text


def period_records(
    conn: sqlite3.Connection, start: dt.datetime, end: dt.datetime
) -> tuple[list[dict], list[dict], int]:
    """Usage events, review cases and failed nudges from `start` to `end` (whole hours)."""
    first, last = start.strftime("%Y-%m-%dT%H:00"), end.strftime("%Y-%m-%dT%H:00")
    events = events_between(conn, first, last)
    cases = cases_between(conn, first, last)
    failed = failed_nudges_between(conn, utc_text(start), utc_text(end))
    return events, cases, failed


__all__ = [
    "INCIDENT_SEVERITIES",
    "close_incident",
    "incidents",
    "open_cases",
    "open_incident",
    "period_records",
    "review_case",
]
