"""STOP and START that arrive while the database is unavailable: journalled, then applied.

An opt-out must never be lost because SQLite was locked or down when it arrived. The SMS
webhook appends one JSON line per STOP/START it could not store (O_APPEND, under an
exclusive flock, fsync'd before the reply goes out), keyed by the pseudonym, never the
number. `replay` applies the lines in order once the database is writable: each entry id is
recorded in `journal_applied` in the same transaction that applies it, so an entry is
applied exactly once even if the process dies between the commit and truncating the file.
Replays run before every webhook turn (so a later message cannot be overtaken by an older
STOP), from /healthz, and from the scheduler's tick.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import sqlite3
from pathlib import Path

from navigator.db import FILE_MODE, transaction
from navigator.store import nudges as nudge_store
from navigator.store import sessions as session_store

log = logging.getLogger(__name__)
STOP, START = "stop", "start"


def path_for(settings: dict) -> Path:
    configured = settings["NAVIGATOR_OPTOUT_JOURNAL"]
    return Path(configured or f"{settings['NAVIGATOR_DATABASE']}.optout-journal")


def append(path: Path, entry_id: str, key: str, channel: str, action: str, now: dt.datetime):
    """Durably record one STOP/START before the webhook answers."""
    if action not in (STOP, START):
        raise ValueError(action)
    line = json.dumps(
        {"id": entry_id, "key": key, "channel": channel, "action": action, "at": now.isoformat()}
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)  # closing releases the lock


def pending(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False


def _entries(data: bytes) -> list[dict]:
    entries = []
    for raw in data.split(b"\n"):
        with contextlib.suppress(ValueError):
            if raw.strip():
                entries.append(json.loads(raw))
    return entries


def replay(conn: sqlite3.Connection, path: Path, now: dt.datetime) -> int:
    """Apply every journalled entry not applied before; returns how many were applied.
    Raises sqlite3.Error (and leaves the journal untouched) when the database is still down."""
    if not pending(path):
        return 0
    fd = os.open(path, os.O_RDWR)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return 0  # another process is replaying it now
        data = b""
        while chunk := os.read(fd, 65536):
            data += chunk
        applied = 0
        with transaction(conn, immediate=True):
            for entry in _entries(data):
                applied += _apply(conn, entry, now)
        os.ftruncate(fd, 0)
        os.fsync(fd)
    finally:
        os.close(fd)
    if applied:
        log.info("applied %s journalled opt-out changes", applied)
    return applied


def _apply(conn: sqlite3.Connection, entry: dict, now: dt.datetime) -> int:
    if not session_store.mark_journal_applied(conn, str(entry["id"]), now):
        return 0
    key, channel = entry["key"], entry.get("channel") or "sms"
    if entry["action"] == STOP:
        session_store.set_opted_out(conn, key, channel, now)
        nudge_store.cancel_for(conn, key, now)
    else:
        session = session_store.load(conn, key, channel)
        session.opted_out = False
        session_store.save(conn, session, now)
    return 1


def replay_quietly(conn: sqlite3.Connection, path: Path, now: dt.datetime) -> int:
    """replay(), logging instead of raising: for callers that go on regardless."""
    try:
        return replay(conn, path, now)
    except (sqlite3.Error, OSError):
        log.warning("opt-out journal not replayed yet: database unavailable")
        return 0
