"""Backups under write load (issue 14): 20 taken while another connection keeps writing all
pass integrity_check and restore; `navigator backup` and `navigator restore` end to end."""

from __future__ import annotations

import json
import os
import stat
import threading

from click.testing import CliRunner

from navigator.cli import cli
from navigator.db import connect
from navigator.runtime import prepare_database
from navigator.store import backup as backup_store
from navigator.store import events as event_store

BACKUPS = 20


def _event(n: int) -> dict:
    return {"kind": "answer", "hour": f"2026-11-24T{n % 24:02d}", "channel": "sms"}


def test_twenty_backups_under_write_load_all_check_and_restore(db_path, tmp_path):
    conn = connect(db_path)
    prepare_database(conn)
    conn.close()
    stop = threading.Event()
    written = []

    def writer():
        own = connect(db_path)
        n = 0
        while not stop.is_set():
            with own:  # small transactions, as the webhook makes them
                event_store.record(own, [_event(n), _event(n + 1)])
            n += 2
            written.append(n)
        own.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        counts = []
        for i in range(BACKUPS):
            target = tmp_path / f"backup-{i:02d}.sqlite3"
            report = backup_store.backup(db_path, target)
            assert report["integrity"] == "ok"
            assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
            copy = connect(target)
            counts.append(copy.execute("SELECT COUNT(*) FROM usage_events").fetchone()[0])
            copy.close()
    finally:
        stop.set()
        thread.join()
    assert written and len(set(counts)) > 1  # the writes really ran during the backups
    for i, expected in enumerate(counts):
        restored = tmp_path / f"restored-{i:02d}.sqlite3"
        report = backup_store.restore(tmp_path / f"backup-{i:02d}.sqlite3", restored)
        assert report["integrity"] == "ok"
        check = connect(restored)
        assert check.execute("SELECT COUNT(*) FROM usage_events").fetchone()[0] == expected
        check.close()


def test_backup_and_restore_commands(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("NAVIGATOR_DATABASE", str(db_path))
    runner = CliRunner()
    conn = connect(db_path)
    prepare_database(conn)
    with conn:
        event_store.record(conn, [_event(1)])
    conn.close()
    target = tmp_path / "nightly.sqlite3"
    result = runner.invoke(cli, ["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["integrity"] == "ok"
    conn = connect(db_path)
    with conn:
        event_store.record(conn, [_event(2), _event(3)])  # written after the backup
    conn.close()
    assert runner.invoke(cli, ["restore", str(target)], input="n\n").exit_code != 0
    result = runner.invoke(cli, ["restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    conn = connect(db_path)
    assert conn.execute("SELECT COUNT(*) FROM usage_events").fetchone()[0] == 1
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_damaged_backup_is_refused_and_restores_nothing(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("NAVIGATOR_DATABASE", str(db_path))
    conn = connect(db_path)
    prepare_database(conn)
    conn.close()
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8192)
    result = CliRunner().invoke(cli, ["restore", "--yes", str(damaged)])
    assert result.exit_code != 0 and "nothing restored" in result.output
    assert backup_store.integrity(db_path) == "ok"
