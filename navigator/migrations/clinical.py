"""Schema for the clinical risk management file's tables (issue 13), as one named step
registered on the one Migrations object (navigator/migrations/registry.py), applied last.

- content_decisions: every clinical reviewer's decision on a content item, with the SHA-256
  and the full text they saw (the base of the next diff). Append-only.
- clinical_audit: who did what and when (decisions, case reviews, incidents). Append-only.
- clinical_cases: answers queued for clinical review: anonymised fields, and scrubbed text
  only when consented or identifier-free.
- incidents: the clinical incident log.
"""

from __future__ import annotations

import sqlite_utils

from navigator.migrations.registry import migrations, run_script


@migrations(name="0300_clinical_safety")
def create_clinical_safety(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE content_decisions (
            id INTEGER PRIMARY KEY,
            content_id TEXT NOT NULL,
            status TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            text TEXT NOT NULL,
            reviewer_id INTEGER REFERENCES users(id),
            reviewer TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            due TEXT NOT NULL,
            note TEXT
        );
        CREATE INDEX content_decisions_item ON content_decisions (content_id, id);
        CREATE TABLE clinical_audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor_id INTEGER,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            detail TEXT
        );
        CREATE INDEX clinical_audit_at ON clinical_audit (at);
        CREATE TABLE clinical_cases (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            hour TEXT NOT NULL,
            channel TEXT,
            topic TEXT,
            disposition TEXT,
            rules_disposition TEXT,
            rule TEXT,
            category TEXT,
            text TEXT,
            text_basis TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            reviewed_by TEXT,
            reviewed_at TEXT,
            review_note TEXT,
            incident_id INTEGER
        );
        CREATE INDEX clinical_cases_open ON clinical_cases (status, kind, hour);
        CREATE INDEX clinical_cases_hour ON clinical_cases (hour);
        CREATE TABLE incidents (
            id INTEGER PRIMARY KEY,
            opened_at TEXT NOT NULL,
            opened_by TEXT NOT NULL,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            severity TEXT NOT NULL,
            hazard_id TEXT,
            status TEXT NOT NULL DEFAULT 'open',
            closed_at TEXT,
            closed_by TEXT,
            outcome TEXT
        )
        """,
    )
