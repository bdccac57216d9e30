"""The only SQL for resident reports that a service was wrong or closed.

A report is a reason code, a channel and a time: never the resident's words or number
(privacy, SPEC 5.5). Reports wait in the owner's and staff's queues until one of them
resolves it (fixing the entry is a normal edit).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass

from navigator.db import transaction
from navigator.store.users import utc_text

# NHS DoS "referral declined" reasons (../shared/NOTES.md) plus what residents tell us most.
REASONS = {
    "closed": "It was closed",
    "wrong_hours": "The opening hours were wrong",
    "wrong_details": "The address, phone or website was wrong",
    "full": "It was full",
    "no_appointments": "No appointments",
    "not_eligible": "I was not eligible",
    "could_not_contact": "Could not contact them",
    "transport": "Could not get there",
    "not_appropriate": "Not the right service",
    "other": "Something else",
}
CHANNELS = ("sms", "web", "staff")
REASON_PATTERN = re.compile(r"^[a-z_]{1,40}$")


@dataclass(frozen=True)
class Report:
    id: int
    service_id: str
    service_name: str | None
    organisation_id: str | None
    reason: str
    channel: str
    created_at: str
    resolved_at: str | None
    resolution: str | None

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.reason, self.reason)


def record_report(
    conn: sqlite3.Connection, service_id: str, reason: str, channel: str, now: dt.datetime
) -> int | None:
    """Queue a report; returns its id, or None when the service id is unknown.

    An unknown reason code is stored as 'other' (free text is never kept here).
    """
    reason = (reason or "").strip().lower()
    if reason not in REASONS or not REASON_PATTERN.match(reason):
        reason = "other"
    if channel not in CHANNELS:
        raise ValueError(f"channel {channel!r} is not one of {', '.join(CHANNELS)}")
    if conn.execute("SELECT 1 FROM services WHERE id = ?", (service_id,)).fetchone() is None:
        return None
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO service_reports (service_id, reason, channel, created_at)"
            " VALUES (?, ?, ?, ?)",
            (service_id, reason, channel, utc_text(now)),
        )
    return cursor.lastrowid


def open_reports(conn: sqlite3.Connection, *, organisation_id: str | None = None) -> list[Report]:
    """Unresolved reports, oldest first; one organisation's only when given."""
    sql = (
        "SELECT r.*, s.name AS service_name, s.organisation_id FROM service_reports r"
        " JOIN services s ON s.id = r.service_id WHERE r.resolved_at IS NULL"
        " AND (? IS NULL OR s.organisation_id = ?) ORDER BY r.created_at, r.id"
    )
    rows = conn.execute(sql, (organisation_id, organisation_id)).fetchall()
    return [_report(r) for r in rows]


def get_report(conn: sqlite3.Connection, report_id: int) -> Report | None:
    row = conn.execute(
        "SELECT r.*, s.name AS service_name, s.organisation_id FROM service_reports r"
        " LEFT JOIN services s ON s.id = r.service_id WHERE r.id = ?",
        (report_id,),
    ).fetchone()
    return None if row is None else _report(row)


def resolve_report(
    conn: sqlite3.Connection, report_id: int, *, user_id: int, resolution: str, now: dt.datetime
) -> bool:
    with transaction(conn):
        cursor = conn.execute(
            "UPDATE service_reports SET resolved_at = ?, resolved_by = ?, resolution = ?"
            " WHERE id = ? AND resolved_at IS NULL",
            (utc_text(now), user_id, (resolution or "resolved")[:300], report_id),
        )
    return cursor.rowcount == 1


def _report(row: sqlite3.Row) -> Report:
    return Report(
        id=row["id"],
        service_id=row["service_id"],
        service_name=row["service_name"],
        organisation_id=row["organisation_id"],
        reason=row["reason"],
        channel=row["channel"],
        created_at=row["created_at"],
        resolved_at=row["resolved_at"],
        resolution=row["resolution"],
    )
