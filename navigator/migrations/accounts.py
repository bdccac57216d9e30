"""Accounts and review: users, sessions, edits awaiting review, resident reports, the email outbox."""

from __future__ import annotations

import sqlite_utils

from navigator.migrations.registry import migrations, run_script


@migrations(name="0200_accounts")
def create_accounts(db: sqlite_utils.Database) -> None:
    # Passwords only as argon2id hashes; invitation tokens only as SHA-256 digests.
    run_script(
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
    run_script(
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
    run_script(
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
