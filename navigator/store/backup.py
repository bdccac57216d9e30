"""Backups that are consistent under load: SQLite's online backup API, never a file copy.

Copying the live database file and its WAL while the service writes gives a torn copy (12
of 20 hot copies failed integrity_check in issue 14). `backup` reads one consistent
snapshot through a read transaction (WAL lets writers go on meanwhile), writes it to a
temporary file created 0600 beside the target, checks it with `PRAGMA integrity_check`,
fsyncs it and only then renames it into place. `restore` checks the backup the same way
first, then copies it into the live database through the same API (writers wait for it).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from navigator.db import FILE_MODE, connect, create_private


class BackupError(RuntimeError):
    """The backup or the file to restore is not a sound SQLite database."""


def integrity(path: str | Path) -> str:
    """'ok', or SQLite's first complaint about the file."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()


def _copy(source: sqlite3.Connection, target_path: Path) -> None:
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)  # all pages in one step: one snapshot, never restarted
        target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal
    finally:
        target.close()


def backup(database: str | Path, target: str | Path) -> dict:
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} is a folder: name the backup file")
    temporary = target.with_name(f".{target.name}.partial")
    temporary.unlink(missing_ok=True)
    create_private(temporary)
    source = connect(database)
    try:
        _copy(source, temporary)
    finally:
        source.close()
    verdict = integrity(temporary)
    if verdict != "ok":
        temporary.unlink(missing_ok=True)
        raise BackupError(f"the backup failed integrity_check: {verdict}")
    fd = os.open(temporary, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(temporary, FILE_MODE)
    os.replace(temporary, target)
    return {"backup": str(target), "bytes": target.stat().st_size, "integrity": verdict}


def restore(backup_file: str | Path, database: str | Path) -> dict:
    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise BackupError(f"no backup at {backup_file}")
    verdict = integrity(backup_file)
    if verdict != "ok":
        raise BackupError(f"{backup_file} failed integrity_check, nothing restored: {verdict}")
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    target = connect(database)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return {
        "restored": str(backup_file),
        "database": str(database),
        "integrity": integrity(database),
    }
