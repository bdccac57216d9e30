"""Application service for staff reviewing the directory (SPEC 5.3): the queue of pending
changes, approving or rejecting one, stale entries and reminders to their editors, which
organisations are trusted, and accounts."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

from navigator.core.directory.profiles import ServiceProfile
from navigator.db import transaction
from navigator.store import edits as edit_store
from navigator.store import organisations as org_store
from navigator.store import users as user_store
from navigator.store.edits import EditConflict, approve_edit, get_edit, pending_edits, reject_edit
from navigator.store.organisations import list_organisations, set_trusted
from navigator.store.services import stale_services


def stale_by_organisation(
    conn: sqlite3.Connection, today: dt.date
) -> dict[str, list[ServiceProfile]]:
    """Entries past their review date, by owning organisation (unowned ones left out)."""
    by_org: dict[str, list[ServiceProfile]] = {}
    for service in stale_services(conn, today):
        if service.organisation:
            by_org.setdefault(service.organisation, []).append(service)
    return by_org


def editors_of(conn: sqlite3.Connection, organisation_id: str) -> list[user_store.User]:
    return user_store.list_users(conn, organisation_id=organisation_id)


def send_reminders(
    conn: sqlite3.Connection, *, today: dt.date, subject: str,
    body_for: Callable[[list[ServiceProfile]], str], actor_id: int, actor: str, now: dt.datetime,
) -> int:  # fmt: skip
    """Remind every organisation's editors of their stale entries, all or nothing: one write
    transaction holds every email (the outbox: a later mailer sends them, so nothing leaves
    before the commit) and every audit row. Returns the number of emails queued."""
    sent = 0
    with transaction(conn, immediate=True):
        for org_id, services in stale_by_organisation(conn, today).items():
            editors = editors_of(conn, org_id)
            if editors:
                sent += queue_reminder(conn, editors, services, subject=subject,
                                       body=body_for(services), actor_id=actor_id, actor=actor,
                                       now=now)  # fmt: skip
    return sent


def queue_reminder(
    conn: sqlite3.Connection, editors: list[user_store.User], services: list[ServiceProfile],
    *, subject: str, body: str, actor_id: int, actor: str, now: dt.datetime,
) -> int:  # fmt: skip
    """Email each editor the reminder (outbox) and audit it on each service, in one write
    transaction (a savepoint inside send_reminders'); the count queued."""
    with transaction(conn, immediate=True):
        for editor in editors:
            org_store.queue_email(conn, editor.email, subject, body, now)
        for service in services:
            edit_store.record_audit(conn, service_id=service.id, action=edit_store.REMINDED,
                                    actor_id=actor_id, actor=actor, now=now)  # fmt: skip
    return len(editors)


__all__ = [
    "EditConflict",
    "approve_edit",
    "editors_of",
    "get_edit",
    "list_organisations",
    "pending_edits",
    "queue_reminder",
    "reject_edit",
    "send_reminders",
    "set_trusted",
    "stale_by_organisation",
    "stale_services",
]
