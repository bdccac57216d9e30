"""Rate-limit counters shared by every web process on one machine: a `limits` storage over
its own small SQLite file (never the main database, so a locked main database does not
stall the limiter, and the limiter never stalls a resident's turn).

Use it as NAVIGATOR_RATELIMIT_STORAGE=navigator+sqlite:///var/lib/navigator/limits.sqlite3.
Fixed windows only (Flask-Limiter's default strategy). Each increment is one atomic UPSERT.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from limits.storage import Storage

SCHEME = "navigator+sqlite"
BUSY_MS = 200  # a limiter that cannot answer quickly is skipped (swallowed), not waited for


class SQLiteStorage(Storage):
    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = urlsplit(uri or "").path or ":memory:"
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, "
                "value INTEGER NOT NULL, expires REAL NOT NULL)"
            )
            self._local.conn = conn
        return conn

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        row = (
            self._conn()
            .execute(
                "INSERT INTO counters (key, value, expires) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET "
                "value = CASE WHEN expires <= ? THEN excluded.value ELSE value + excluded.value END, "
                "expires = CASE WHEN expires <= ? THEN excluded.expires ELSE expires END "
                "RETURNING value",
                (key, amount, now + expiry, now, now),
            )
            .fetchone()
        )
        return int(row[0])

    def get(self, key: str) -> int:
        row = (
            self._conn()
            .execute("SELECT value FROM counters WHERE key = ? AND expires > ?", (key, time.time()))
            .fetchone()
        )
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._conn().execute("SELECT expires FROM counters WHERE key = ?", (key,)).fetchone()
        return float(row[0]) if row else time.time()

    def check(self) -> bool:
        try:
            self._conn().execute("SELECT 1")
            return True
        except sqlite3.Error:
            return False

    def reset(self) -> int | None:
        return self._conn().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self._conn().execute("DELETE FROM counters WHERE key = ?", (key,))

    def prune(self) -> int:
        return (
            self._conn().execute("DELETE FROM counters WHERE expires <= ?", (time.time(),)).rowcount
        )
