"""Application service for organisation members keeping their own entries true (SPEC 5.3):
a change goes live at once for staff and trusted organisations, otherwise it waits for
review; "still accurate" and "closed/full today" are live at once; resident reports on
their services are dealt with here. Who may touch which service is web/editor.py's check."""

from __future__ import annotations

import datetime as dt
import sqlite3

from navigator.core.directory.profiles import ServiceProfile
from navigator.db import transaction
from navigator.store import edits as edit_store
from navigator.store import reports as report_store
from navigator.store import services as service_store
from navigator.store.edits import edits_of_organisation, history
from navigator.store.postcodes import lookup_postcode
from navigator.store.reports import get_report, open_reports, resolve_report


def save_edit(
    conn: sqlite3.Connection, service: ServiceProfile, before: dict, after: dict, *,
    actor_id: int, actor: str, is_staff: bool, now: dt.datetime, stamp: dict,
) -> bool:  # fmt: skip
    """Store an editor's change: applied (True) for staff or a trusted organisation, else
    submitted for review (False). One write transaction holds the trust check and the write,
    so a change of trust in between cannot send a change the wrong way."""
    with transaction(conn, immediate=True):
        organisation = service_store.get_organisation(conn, service.organisation or "")
        if is_staff or (organisation and organisation.trusted):
            edit_store.apply_change(conn, before=before, after=after, action=edit_store.APPLIED,
                                    actor_id=actor_id, actor=actor, now=now,
                                    stamp=stamp)  # fmt: skip
            return True
        edit_store.submit_edit(conn, before=before, after=after, user_id=actor_id, actor=actor,
                               now=now)  # fmt: skip
        return False


def locate(conn: sqlite3.Connection, before: dict, after: dict) -> None:
    """A changed postcode brings its point with it (before comparing the two)."""
    if after.get("postcode") != before.get("postcode") and after.get("postcode"):
        found = lookup_postcode(conn, after["postcode"])
        if found is not None and found.lat is not None:
            after["lat"], after["lon"] = found.lat, found.lon


def verify(conn: sqlite3.Connection, current: dict, *, actor_id: int, actor: str,
           now: dt.datetime, stamp: dict) -> None:  # fmt: skip
    """'Still accurate': the review date resets, nothing else changes."""
    edit_store.apply_change(conn, before=current, after=current, action=edit_store.VERIFIED,
                            actor_id=actor_id, actor=actor, now=now, stamp=stamp)  # fmt: skip


def switch_today(conn: sqlite3.Connection, current: dict, schedule: dict, kind: str, *,
                 actor_id: int, actor: str, now: dt.datetime) -> None:  # fmt: skip
    """Closed today / full today / open again: live at once, as today's dated exception."""
    edit_store.apply_change(conn, before=current, after=current, action=edit_store.SWITCHED,
                            actor_id=actor_id, actor=actor, now=now,
                            stamp={"schedule": schedule}, note=kind)  # fmt: skip


def record_report(conn: sqlite3.Connection, service_id: str, reason: str, channel: str,
                  now: dt.datetime) -> None:  # fmt: skip
    """A resident says a service was wrong or closed."""
    report_store.record_report(conn, service_id, reason, channel, now)


REPORT_REASONS = report_store.REASONS

__all__ = [
    "REPORT_REASONS",
    "edits_of_organisation",
    "get_report",
    "history",
    "locate",
    "open_reports",
    "record_report",
    "resolve_report",
    "save_edit",
    "switch_today",
    "verify",
]
