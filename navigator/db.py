"""Opening the SQLite database: one place that sets the pragmas every connection needs.

Connections run in autocommit mode (isolation_level=None): nothing is implicitly held open,
and a unit of work that must be all-or-nothing says so with `transaction(conn)`. That is what
lets an importer write nothing when its file is bad, and lets the nudge claimer use
`BEGIN IMMEDIATE`. Nothing here knows about Flask: the app wires these into its request cycle.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

BUSY_TIMEOUT_MS = 5000  # wait this long for another writer before "database is locked"
FILE_MODE = 0o600  # conversations and phone numbers: readable by the service's user only


def create_private(path: Path) -> None:
    """Create the file 0600 if it is missing (SQLite gives -wal and -shm the same mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))


def connect(path: str | Path, *, busy_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    """A connection with WAL, foreign keys, a busy timeout and sqlite3.Row rows.

    `busy_ms`: how long to wait for another writer's lock; the SMS webhook passes a short
    one, so a resident gets the static reply in time instead of a silent phone."""
    path_text = str(path)
    if path_text != ":memory:" and not path_text.startswith("file:"):
        create_private(Path(path_text))
    conn = sqlite3.connect(
        path_text,
        timeout=busy_ms / 1000,
        isolation_level=None,
        check_same_thread=False,  # Flask may hand a request's connection across threads
        uri=path_text.startswith("file:"),
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    if path_text != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; fsync at checkpoints
    return conn


def open_database(path: str | Path | sqlite3.Connection) -> sqlite_utils.Database:
    """A sqlite_utils Database over a connection made by connect() (or the one given)."""
    conn = path if isinstance(path, sqlite3.Connection) else connect(path)
    return sqlite_utils.Database(conn)


def connection_of(db: sqlite3.Connection | sqlite_utils.Database) -> sqlite3.Connection:
    """Accept either shape, so callers holding a sqlite_utils Database can use the store."""
    return db.conn if isinstance(db, sqlite_utils.Database) else db


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection, *, immediate: bool = False) -> Iterator[None]:
    """All-or-nothing: BEGIN/COMMIT, or a SAVEPOINT when already inside a transaction.

    `immediate=True` takes the write lock at once (use it for read-then-write claims).
    """
    if conn.in_transaction:
        name = f"sp_{secrets.token_hex(8)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
            conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
