"""A database with every ../shared/data file imported (NAVIGATOR_SHARED_DATA), built once.

The embedded directory goes in with its demo entries, as on a database that once ran in demo
mode: the tests then prove demo mode, not an empty table, keeps them from residents.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from navigator.paths import SHARED_DATA_DIR

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 24, 10, 30, tzinfo=LONDON)


@pytest.fixture(scope="session")
def imported_db(tmp_path_factory) -> Path:
    if not (SHARED_DATA_DIR / "onspd_format_manchester_2025-05.csv").exists():
        pytest.skip("../shared/data (NAVIGATOR_SHARED_DATA) is not available")
    from navigator import importers
    from navigator.db import connect
    from navigator.runtime import prepare_database

    path = tmp_path_factory.mktemp("shared") / "navigator.sqlite3"
    conn = connect(str(path))
    try:
        prepare_database(conn, NOW, demo_mode=True)
        importers.import_all(conn, SHARED_DATA_DIR, now=NOW, include_demo=True)
    finally:
        conn.close()
    return path


@pytest.fixture(scope="session")
def navigator_off(imported_db):
    """A real-deployment navigator (demo mode off) over the imported database."""
    from navigator.db import connect
    from navigator.runtime import build_navigator

    return build_navigator(connect(str(imported_db)), "https://example.org")
