"""The schema, as named and ordered steps applied once each (sqlite_utils Migrations).

Rules for new steps: append, never edit or reorder an applied one; plain SQL types (TEXT,
INTEGER, REAL) and plain indexes only, so the same steps port to PostgreSQL. Dates are ISO
8601 TEXT ('2026-11-24'), timestamps ISO 8601 UTC TEXT, booleans INTEGER 0/1, lists and the
opening schedule JSON TEXT. Ages are days (NHS DoS convention).
"""

from __future__ import annotations

import sqlite3

import sqlite_utils
from sqlite_utils import Migrations

MIGRATION_SET = "navigator"
migrations = Migrations(MIGRATION_SET)


def _run(db: sqlite_utils.Database, script: str) -> None:
    # executescript would COMMIT the migration's transaction; run statement by statement.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations(name="0001_directory")
def create_directory(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        CREATE TABLE organisations (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            description TEXT,
            website TEXT,
            phone TEXT,
            email TEXT,
            trusted INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL DEFAULT 'manual',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE services (
            id TEXT PRIMARY KEY,
            organisation_id TEXT REFERENCES organisations(id),
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            description TEXT,
            age_min_days REAL,
            age_max_days REAL,
            sex TEXT NOT NULL DEFAULT 'any',
            eligibility TEXT NOT NULL DEFAULT 'open_to_all',
            eligibility_text TEXT,
            access TEXT NOT NULL DEFAULT '[]',
            schedule TEXT NOT NULL DEFAULT '{}',
            coverage_level TEXT NOT NULL,
            address TEXT,
            postcode TEXT,
            lat REAL,
            lon REAL,
            phone TEXT,
            email TEXT,
            website TEXT,
            languages TEXT NOT NULL DEFAULT '[]',
            accessibility TEXT NOT NULL DEFAULT '[]',
            cost TEXT,
            status TEXT NOT NULL DEFAULT 'active',
            alert TEXT,
            last_reviewed TEXT,
            reviewed_by TEXT,
            next_review_due TEXT,
            demo INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL DEFAULT 'manual',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX services_type_status ON services (type, status);
        CREATE INDEX services_status ON services (status);
        CREATE INDEX services_organisation ON services (organisation_id);
        CREATE INDEX services_lat_lon ON services (lat, lon);
        CREATE INDEX services_next_review_due ON services (next_review_due);
        CREATE INDEX services_source ON services (source);
        CREATE TABLE service_dispositions (
            service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
            disposition TEXT NOT NULL,
            PRIMARY KEY (service_id, disposition)
        );
        CREATE INDEX service_dispositions_by_disposition
            ON service_dispositions (disposition, service_id);
        CREATE TABLE service_needs (
            service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
            need TEXT NOT NULL,
            PRIMARY KEY (service_id, need)
        );
        CREATE INDEX service_needs_by_need ON service_needs (need, service_id);
        CREATE TABLE service_coverage (
            service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
            level TEXT NOT NULL,
            code TEXT NOT NULL,
            PRIMARY KEY (service_id, level, code)
        );
        CREATE INDEX service_coverage_by_code ON service_coverage (level, code, service_id);
        """,
    )


@migrations(name="0002_places")
def create_places(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        CREATE TABLE wards (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            neighbourhood TEXT,
            lat REAL,
            lon REAL,
            geometry TEXT
        );
        CREATE TABLE postcodes (
            postcode TEXT PRIMARY KEY,
            ward_code TEXT,
            neighbourhood TEXT,
            la_code TEXT,
            lat REAL,
            lon REAL
        );
        CREATE INDEX postcodes_ward ON postcodes (ward_code)
        """,
    )


@migrations(name="0003_import_runs")
def create_import_runs(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        CREATE TABLE import_runs (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            file TEXT NOT NULL,
            started TEXT NOT NULL,
            finished TEXT,
            rows INTEGER NOT NULL DEFAULT 0,
            created INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            error TEXT
        );
        CREATE INDEX import_runs_source ON import_runs (source, started)
        """,
    )


@migrations(name="0200_accounts")
def create_accounts(db: sqlite_utils.Database) -> None:
    # Passwords only as argon2id hashes; invitation tokens only as SHA-256 digests.
    _run(
        db,
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            password_hash TEXT,
            role TEXT NOT NULL,
            organisation_id TEXT REFERENCES organisations(id),
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            last_login_at TEXT
        );
        CREATE INDEX users_organisation ON users (organisation_id);
        CREATE TABLE invitations (
            token_hash TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT
        );
        CREATE TABLE login_failures (
            id INTEGER PRIMARY KEY,
            key_hash TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX login_failures_key_at ON login_failures (key_hash, at)
        """,
    )


@migrations(name="0201_edits")
def create_edits(db: sqlite_utils.Database) -> None:
    # audit_log has no foreign key to services: a service's history outlives the service.
    _run(
        db,
        """
        CREATE TABLE edits (
            id INTEGER PRIMARY KEY,
            service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
            organisation_id TEXT,
            status TEXT NOT NULL,
            before_json TEXT NOT NULL,
            after_json TEXT NOT NULL,
            submitted_by INTEGER REFERENCES users(id),
            submitted_at TEXT NOT NULL,
            decided_by INTEGER REFERENCES users(id),
            decided_at TEXT,
            reason TEXT
        );
        CREATE INDEX edits_status ON edits (status, submitted_at);
        CREATE INDEX edits_service ON edits (service_id, submitted_at);
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            service_id TEXT NOT NULL,
            edit_id INTEGER,
            action TEXT NOT NULL,
            actor_id INTEGER,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            before_json TEXT,
            after_json TEXT,
            note TEXT
        );
        CREATE INDEX audit_log_service ON audit_log (service_id, at)
        """,
    )


@migrations(name="0202_reports_and_email")
def create_reports_and_email(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        CREATE TABLE service_reports (
            id INTEGER PRIMARY KEY,
            service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
            reason TEXT NOT NULL,
            channel TEXT NOT NULL,
            created_at TEXT NOT NULL,
            resolved_at TEXT,
            resolved_by INTEGER REFERENCES users(id),
            resolution TEXT
        );
        CREATE INDEX service_reports_open ON service_reports (resolved_at, created_at);
        CREATE INDEX service_reports_service ON service_reports (service_id);
        CREATE TABLE email_outbox (
            id INTEGER PRIMARY KEY,
            to_address TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL,
            sent_at TEXT
        )
        """,
    )


@migrations(name="0100_conversations")
def create_conversations(db: sqlite_utils.Database) -> None:
    # Keyed by a pseudonym or a web session id, never a phone number. `data` holds the
    # session (the need only until answered; web transcripts only until expires_at).
    _run(
        db,
        """
        CREATE TABLE conversations (
            key TEXT PRIMARY KEY,
            channel TEXT NOT NULL,
            data TEXT NOT NULL,
            opted_out INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            expires_at TEXT
        );
        CREATE INDEX conversations_expires ON conversations (expires_at);
        CREATE TABLE inbound_messages (
            message_sid TEXT PRIMARY KEY,
            replies TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX inbound_messages_created ON inbound_messages (created_at)
        """,
    )


@migrations(name="0101_nudges")
def create_nudges(db: sqlite_utils.Database) -> None:
    # status: pending -> sending -> sent | failed | cancelled, each step once. `phone` is
    # the raw number, kept only while the nudge is pending or being sent, then NULL.
    _run(
        db,
        """
        CREATE TABLE nudges (
            id INTEGER PRIMARY KEY,
            session_key TEXT NOT NULL,
            channel TEXT NOT NULL,
            phone TEXT,
            due_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            topic TEXT,
            disposition TEXT,
            neighbourhood TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            lease_until TEXT,
            claimed_by TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT,
            finished_at TEXT,
            provider_id TEXT,
            delivery_status TEXT,
            outcome TEXT,
            got_help INTEGER,
            error TEXT
        );
        CREATE INDEX nudges_status_due ON nudges (status, due_at);
        CREATE INDEX nudges_session ON nudges (session_key, status);
        CREATE INDEX nudges_provider ON nudges (provider_id);
        CREATE TABLE sms_outbox (
            id INTEGER PRIMARY KEY,
            to_number TEXT NOT NULL,
            body TEXT NOT NULL,
            dedupe_key TEXT UNIQUE,
            created_at TEXT NOT NULL
        )
        """,
    )


@migrations(name="0102_usage_events")
def create_usage_events(db: sqlite_utils.Database) -> None:
    # Anonymised by construction: no phone, no pseudonym, no free text; the hour only.
    _run(
        db,
        """
        CREATE TABLE usage_events (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            hour TEXT NOT NULL,
            channel TEXT NOT NULL,
            neighbourhood TEXT,
            outside_manchester INTEGER NOT NULL DEFAULT 0,
            topic TEXT,
            disposition TEXT,
            service_types TEXT NOT NULL DEFAULT '[]',
            red_flag TEXT,
            unmet_need INTEGER,
            nudge_outcome TEXT,
            got_help INTEGER
        );
        CREATE INDEX usage_events_hour ON usage_events (hour, kind)
        """,
    )


@migrations(name="0004_coverage_search")
def add_type_to_coverage(db: sqlite_utils.Database) -> None:
    """The search index: coverage rows carry their service's type, so a search for a type in
    a neighbourhood is one index range, not a scan of every service of that type."""
    _run(
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
    _run(
        db,
        """
        ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE nudges ADD COLUMN send_started_at TEXT;
        ALTER TABLE sms_outbox ADD COLUMN provider_calls INTEGER NOT NULL DEFAULT 1;
        CREATE TABLE journal_applied (entry_id TEXT PRIMARY KEY, applied_at TEXT NOT NULL);
        CREATE TABLE health_beats (id INTEGER PRIMARY KEY, at TEXT NOT NULL)
        """,
    )


def migrate(db: sqlite_utils.Database | sqlite3.Connection) -> list[str]:
    """Apply every pending step in order; returns the names applied (empty when up to date)."""
    if isinstance(db, sqlite3.Connection):
        db = sqlite_utils.Database(db)
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending


def applied(db: sqlite_utils.Database | sqlite3.Connection) -> list[str]:
    if isinstance(db, sqlite3.Connection):
        db = sqlite_utils.Database(db)
    return [m.name for m in migrations.applied(db)]


def pending_names(db: sqlite_utils.Database | sqlite3.Connection) -> list[str]:
    if isinstance(db, sqlite3.Connection):
        db = sqlite_utils.Database(db)
    return [m.name for m in migrations.pending(db)]


from navigator.store import clinical_schema  # noqa: E402,F401 - registers 0300 after the rest
