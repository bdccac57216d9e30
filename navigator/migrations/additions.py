"""Steps added after the first tables: coverage search, ORUK ids, reliability (outbox calls,
journal, health beats). Appended in the order they were written; never reordered."""

from __future__ import annotations

import sqlite_utils

from navigator.migrations.registry import migrations, run_script


@migrations(name="0004_coverage_search")
def add_type_to_coverage(db: sqlite_utils.Database) -> None:
    """The search index: coverage rows carry their service's type, so a search for a type in
    a neighbourhood is one index range, not a scan of every service of that type."""
    run_script(
        db,
        """
        ALTER TABLE service_coverage ADD COLUMN type TEXT;
        UPDATE service_coverage SET type = (
            SELECT s.type FROM services s WHERE s.id = service_coverage.service_id
        );
        CREATE INDEX service_coverage_search ON service_coverage (type, level, code, service_id)
        """,
    )


@migrations(name="0005_oruk_ids")
def add_oruk_ids(db: sqlite_utils.Database) -> None:
    """Each service's and organisation's published ORUK UUID (uuid5 of the id,
    core/directory/oruk_ids.py), indexed so a UUID in a link or a filter resolves to our id."""
    from navigator.core.directory.oruk_ids import organization_uuid, service_uuid

    for table, derive in (("services", service_uuid), ("organisations", organization_uuid)):
        db.execute(f"ALTER TABLE {table} ADD COLUMN oruk_id TEXT")
        for (local_id,) in db.execute(f"SELECT id FROM {table}").fetchall():  # noqa: S608
            db.execute(f"UPDATE {table} SET oruk_id = ? WHERE id = ?", (derive(local_id), local_id))  # noqa: S608
        db.execute(f"CREATE INDEX {table}_oruk_id ON {table} (oruk_id)")


@migrations(name="0300_reliability")
def add_reliability(db: sqlite_utils.Database) -> None:
    """Server-side session revocation, exactly-once nudges and opt-out journal replays, a
    health heartbeat, and a count of provider calls the outbox would otherwise hide."""
    run_script(
        db,
        """
        ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE nudges ADD COLUMN send_started_at TEXT;
        ALTER TABLE sms_outbox ADD COLUMN provider_calls INTEGER NOT NULL DEFAULT 1;
        CREATE TABLE journal_applied (entry_id TEXT PRIMARY KEY, applied_at TEXT NOT NULL);
        CREATE TABLE health_beats (id INTEGER PRIMARY KEY, at TEXT NOT NULL)
        """,
    )
