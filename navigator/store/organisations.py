"""Organisations for the admin side (trust, listings) and the email outbox.

Creating and reading one organisation lives in store/services.py (upsert_organisation,
get_organisation), beside the services that belong to it; this module adds what accounts
and review need. The outbox is the default email backend: a reminder is a row here, which
a later mailer (or a test) reads.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from navigator.core.directory.profiles import Organisation
from navigator.db import transaction
from navigator.store.services import get_organisation
from navigator.store.users import utc_text


def list_organisations(conn: sqlite3.Connection, *, with_users_only: bool = False) -> list[dict]:
    """id, name, trusted and number of services, by name."""
    rows = conn.execute(
        "SELECT o.id, o.name, o.trusted, (SELECT COUNT(*) FROM services s"
        " WHERE s.organisation_id = o.id) AS services FROM organisations o"
        " WHERE ? = 0 OR EXISTS (SELECT 1 FROM users u WHERE u.organisation_id = o.id)"
        " ORDER BY o.name, o.id",
        (int(with_users_only),),
    ).fetchall()
    return [dict(r) | {"trusted": bool(r["trusted"])} for r in rows]


def set_trusted(
    conn: sqlite3.Connection, organisation_id: str, trusted: bool, now: dt.datetime
) -> Organisation | None:
    """Trusted organisations' changes go live without waiting for staff review."""
    with transaction(conn):
        cursor = conn.execute(
            "UPDATE organisations SET trusted = ?, updated_at = ? WHERE id = ?",
            (int(trusted), now.isoformat(timespec="seconds"), organisation_id),
        )
    return get_organisation(conn, organisation_id) if cursor.rowcount else None


def organisation_of_service(conn: sqlite3.Connection, service_id: str) -> str | None:
    row = conn.execute("SELECT organisation_id FROM services WHERE id = ?", (service_id,))
    found = row.fetchone()
    return None if found is None else found["organisation_id"]


# --- email outbox -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Email:
    id: int
    to_address: str
    subject: str
    body: str
    created_at: str
    sent_at: str | None


def queue_email(
    conn: sqlite3.Connection, to_address: str, subject: str, body: str, now: dt.datetime
) -> int:
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO email_outbox (to_address, subject, body, created_at) VALUES (?, ?, ?, ?)",
            (to_address, subject, body, utc_text(now)),
        )
    return cursor.lastrowid


def outbox_emails(conn: sqlite3.Connection, *, unsent_only: bool = False) -> list[Email]:
    sql = "SELECT * FROM email_outbox"
    if unsent_only:
        sql += " WHERE sent_at IS NULL"
    rows = conn.execute(sql + " ORDER BY id").fetchall()
    return [Email(**dict(r)) for r in rows]
