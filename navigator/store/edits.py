"""The only SQL for proposed changes, review decisions and the audit log.

An organisation's change is a pending `edits` row (before = the live profile when it was
made, after = the proposal); residents never see it: only approve_edit or apply_change
write the live `services` row, and both write an audit row with before and after in the
same transaction. Rejections and submissions are audited too, so a service's history shows
who proposed what, who decided, when, and why.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass

from navigator.core.directory.profiles import ServiceProfile
from navigator.core.editing.diffs import merge_changes
from navigator.db import transaction
from navigator.store.services import get_service, upsert_service
from navigator.store.users import utc_text

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
# audit_log.action values
SUBMITTED = "submitted"
APPLIED = "applied"  # a trusted organisation's or staff member's change, live at once
VERIFIED = "verified"  # "still accurate"
SWITCHED = "today_switch"  # closed today / full today / open again
REMINDED = "reminder_sent"


@dataclass(frozen=True)
class Edit:
    id: int
    service_id: str
    organisation_id: str | None
    status: str
    before: dict
    after: dict
    submitted_by: int | None
    submitted_by_email: str | None
    submitted_at: str
    decided_by: int | None
    decided_at: str | None
    reason: str | None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    service_id: str
    edit_id: int | None
    action: str
    actor_id: int | None
    actor: str
    at: str
    before: dict | None
    after: dict | None
    note: str | None


class EditConflict(ValueError):
    """The live entry changed the same field another way since the edit was made."""


def _json(value: dict | None) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, default=str)


def record_audit(
    conn: sqlite3.Connection,
    *,
    service_id: str,
    action: str,
    actor_id: int | None,
    actor: str,
    now: dt.datetime,
    before: dict | None = None,
    after: dict | None = None,
    edit_id: int | None = None,
    note: str | None = None,
) -> int:
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO audit_log (service_id, edit_id, action, actor_id, actor, at,"
            " before_json, after_json, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                service_id,
                edit_id,
                action,
                actor_id,
                actor,
                utc_text(now),
                _json(before),
                _json(after),
                note,
            ),
        )
    return cursor.lastrowid


def submit_edit(
    conn: sqlite3.Connection,
    *,
    before: dict,
    after: dict,
    user_id: int,
    actor: str,
    now: dt.datetime,
) -> int:
    """Queue a change for staff review; the live entry is not touched."""
    ServiceProfile.from_dict(after)  # never queue what could not go live
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO edits (service_id, organisation_id, status, before_json, after_json,"
            " submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                before["id"],
                before.get("organisation"),
                PENDING,
                _json(before),
                _json(after),
                user_id,
                utc_text(now),
            ),
        )
        edit_id = cursor.lastrowid
        record_audit(
            conn,
            service_id=before["id"],
            action=SUBMITTED,
            actor_id=user_id,
            actor=actor,
            now=now,
            before=before,
            after=after,
            edit_id=edit_id,
        )
    return edit_id


def apply_change(
    conn: sqlite3.Connection,
    *,
    before: dict,
    after: dict,
    action: str,
    actor_id: int | None,
    actor: str,
    now: dt.datetime,
    edit_id: int | None = None,
    note: str | None = None,
    stamp: dict | None = None,
) -> ServiceProfile:
    """Make `after` live (merged onto the current entry) and audit it, all or nothing.

    `stamp` (e.g. last_reviewed, reviewed_by) is set after the merge: an edit by the
    organisation counts as a review of the whole entry.
    """
    with transaction(conn, immediate=True):
        current = get_service(conn, before["id"])
        if current is None:
            raise EditConflict(f"service {before['id']!r} no longer exists")
        merged, conflicts = merge_changes(current.to_dict(), before, after)
        if conflicts:
            raise EditConflict(
                "changed since this edit was made: "
                + ", ".join(conflicts)
                + ". Ask the editor to make the change again."
            )
        profile = ServiceProfile.from_dict({**merged, **(stamp or {})})
        upsert_service(conn, profile, now=now)
        live = get_service(conn, profile.id)
        record_audit(
            conn,
            service_id=profile.id,
            action=action,
            actor_id=actor_id,
            actor=actor,
            now=now,
            before=current.to_dict(),
            after=live.to_dict(),
            edit_id=edit_id,
            note=note,
        )
    return live


def get_edit(conn: sqlite3.Connection, edit_id: int) -> Edit | None:
    rows = _edit_rows(conn, "WHERE e.id = ?", (edit_id,))
    return rows[0] if rows else None


def pending_edits(conn: sqlite3.Connection) -> list[Edit]:
    return _edit_rows(conn, "WHERE e.status = ? ORDER BY e.submitted_at, e.id", (PENDING,))


def edits_of_organisation(conn: sqlite3.Connection, organisation_id: str, limit: int = 50):
    return _edit_rows(
        conn,
        "WHERE e.organisation_id = ? ORDER BY e.submitted_at DESC, e.id DESC LIMIT ?",
        (organisation_id, limit),
    )


def approve_edit(
    conn: sqlite3.Connection,
    edit_id: int,
    *,
    reviewer_id: int,
    reviewer: str,
    now: dt.datetime,
    stamp: dict | None = None,
) -> ServiceProfile:
    """Staff approval: the change goes live and the audit row records before and after."""
    with transaction(conn, immediate=True):
        edit = _claim(conn, edit_id, APPROVED, reviewer_id, None, now)
        return apply_change(
            conn,
            before=edit.before,
            after=edit.after,
            action=APPROVED,
            actor_id=reviewer_id,
            actor=reviewer,
            now=now,
            edit_id=edit_id,
            stamp=stamp,
        )


def reject_edit(
    conn: sqlite3.Connection,
    edit_id: int,
    *,
    reviewer_id: int,
    reviewer: str,
    reason: str,
    now: dt.datetime,
) -> Edit:
    if not (reason or "").strip():
        raise ValueError("give the editor a reason for the rejection")
    with transaction(conn, immediate=True):
        edit = _claim(conn, edit_id, REJECTED, reviewer_id, reason.strip(), now)
        record_audit(
            conn,
            service_id=edit.service_id,
            action=REJECTED,
            actor_id=reviewer_id,
            actor=reviewer,
            now=now,
            before=edit.before,
            after=edit.after,
            edit_id=edit_id,
            note=reason.strip(),
        )
    return get_edit(conn, edit_id)


def _claim(conn, edit_id, status, reviewer_id, reason, now) -> Edit:
    """Decide a pending edit exactly once (a second click, or a second reviewer, fails)."""
    row = conn.execute(
        "UPDATE edits SET status = ?, decided_by = ?, decided_at = ?, reason = ?"
        " WHERE id = ? AND status = ? RETURNING id",
        (status, reviewer_id, utc_text(now), reason, edit_id, PENDING),
    ).fetchone()
    if row is None:
        raise EditConflict("this change has already been decided or does not exist")
    return get_edit(conn, edit_id)


def _edit_rows(conn: sqlite3.Connection, where: str, params: tuple) -> list[Edit]:
    rows = conn.execute(
        "SELECT e.*, u.email AS submitted_by_email FROM edits e"  # noqa: S608
        f" LEFT JOIN users u ON u.id = e.submitted_by {where}",
        params,
    ).fetchall()
    return [
        Edit(
            id=r["id"],
            service_id=r["service_id"],
            organisation_id=r["organisation_id"],
            status=r["status"],
            before=json.loads(r["before_json"]),
            after=json.loads(r["after_json"]),
            submitted_by=r["submitted_by"],
            submitted_by_email=r["submitted_by_email"],
            submitted_at=r["submitted_at"],
            decided_by=r["decided_by"],
            decided_at=r["decided_at"],
            reason=r["reason"],
        )
        for r in rows
    ]


def history(conn: sqlite3.Connection, service_id: str, limit: int = 200) -> list[AuditEntry]:
    """A service's audit trail, newest first."""
    rows = conn.execute(
        "SELECT * FROM audit_log WHERE service_id = ? ORDER BY at DESC, id DESC LIMIT ?",
        (service_id, limit),
    ).fetchall()
    return [
        AuditEntry(
            id=r["id"],
            service_id=r["service_id"],
            edit_id=r["edit_id"],
            action=r["action"],
            actor_id=r["actor_id"],
            actor=r["actor"],
            at=r["at"],
            before=json.loads(r["before_json"]) if r["before_json"] else None,
            after=json.loads(r["after_json"]) if r["after_json"] else None,
            note=r["note"],
        )
        for r in rows
    ]
