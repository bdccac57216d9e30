"""The one Migrations object every step registers on, and the helper steps run SQL with."""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

MIGRATION_SET = "navigator"
migrations = Migrations(MIGRATION_SET)


def run_script(db: sqlite_utils.Database, script: str) -> None:
    # executescript would COMMIT the migration's transaction; run statement by statement.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)
