"""The directory's tables: organisations, services and their child rows, places, import runs."""

from __future__ import annotations

import sqlite_utils

from navigator.migrations.registry import migrations, run_script


@migrations(name="0001_directory")
def create_directory(db: sqlite_utils.Database) -> None:
    run_script(
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
    run_script(
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
    run_script(
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
