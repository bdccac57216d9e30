"""Conversations: sessions, nudges and the anonymised usage events staff summaries count."""

from __future__ import annotations

import sqlite_utils

from navigator.migrations.registry import migrations, run_script


@migrations(name="0100_conversations")
def create_conversations(db: sqlite_utils.Database) -> None:
    # Keyed by a pseudonym or a web session id, never a phone number. `data` holds the
    # session (the need only until answered; web transcripts only until expires_at).
    run_script(
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
    run_script(
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
    run_script(
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
