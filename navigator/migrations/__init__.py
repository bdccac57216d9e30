"""The schema, as named and ordered steps applied once each (sqlite_utils Migrations).

Rules for new steps: append, never edit or reorder an applied one; plain SQL types (TEXT,
INTEGER, REAL) and plain indexes only, so the same steps port to PostgreSQL. Dates are ISO
8601 TEXT ('2026-11-24'), timestamps ISO 8601 UTC TEXT, booleans INTEGER 0/1, lists and the
opening schedule JSON TEXT. Ages are days (NHS DoS convention).

Each module holds named steps (functions) for one part of the schema; they register on one
Migrations object (registry.py) in the order imported below, which is the order a fresh
database applies them: directory, accounts, conversations, additions, clinical.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

from navigator.migrations.registry import migrations

# Importing a module registers its steps: this order is the order a fresh database applies
# them (and the order `applied()` lists them), so it is kept as written, not sorted.
# isort: off
from navigator.migrations import directory  # noqa: F401, E402
from navigator.migrations import accounts  # noqa: F401, E402
from navigator.migrations import conversations  # noqa: F401, E402
from navigator.migrations import additions  # noqa: F401, E402
from navigator.migrations import clinical  # noqa: F401, E402
# isort: on


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
