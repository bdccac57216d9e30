"""Application service for post-market clinical monitoring (the staff monitoring pages):
what happened in a period, review cases, and incidents. Every review and incident action
is one statement with its audit row (store/clinical.py); a case review that also opens an
incident is one write transaction (review_case)."""

from __future__ import annotations

import datetime as dt
import sqlite3

from navigator.db import transaction
from navigator.service.reporting import events_between
from navigator.store.clinical import (
    INCIDENT_SEVERITIES,
    cases_between,
    close_incident,
    failed_nudges_between,
    incidents,
    open_cases,
    open_incident,
)
from navigator.store.clinical import review_case as _review_case
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


class _AlreadyReviewed(Exception):
    """Rolls back an incident opened for a case someone else reviewed first."""


def review_case(
    conn: sqlite3.Connection, case_id: int, *, actor_id: int, actor: str, note: str,
    withdraw_text: bool, now: dt.datetime, incident: tuple[str, str] | None = None,
) -> tuple[bool, int | None]:  # fmt: skip
    """Mark a case reviewed, first opening an incident (title, description) linked to it when
    asked: all or nothing, so no incident is left without its case, nor a case pointing at
    no incident. A case already reviewed opens nothing. Returns (done, incident id)."""
    try:
        with transaction(conn, immediate=True):
            incident_id = None
            if incident is not None:
                incident_id = open_incident(
                    conn, actor_id=actor_id, actor=actor, title=incident[0],
                    description=incident[1], severity="considerable", hazard_id=None, now=now,
                )  # fmt: skip
            if not _review_case(conn, case_id, actor_id=actor_id, actor=actor, note=note,
                                withdraw_text=withdraw_text, incident_id=incident_id,
                                now=now):  # fmt: skip
                raise _AlreadyReviewed
    except _AlreadyReviewed:
        return False, None
    return True, incident_id


__all__ = [
    "INCIDENT_SEVERITIES",
    "close_incident",
    "incidents",
    "open_cases",
    "open_incident",
    "period_records",
    "review_case",
]
