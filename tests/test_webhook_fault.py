"""Fault test (issue 14): a 30 s write lock on the database while 20 signed SMS arrive at
once, against the real deployment (`gunicorn wsgi:app` with the repository's
gunicorn.conf.py). Every SMS is answered within 3 s; the STOP among them is journalled and
applied once after the lock is released; /healthz is 503 during the lock and 200 after."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from twilio.request_validator import RequestValidator

from navigator.core.conversation.conversation import NudgePlan
from navigator.core.privacy import pseudonym
from navigator.db import connect
from navigator.runtime import prepare_database
from navigator.store import nudges as nudge_store

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TOKEN = "fault-test-token-0123456789abcdef"
PSEUDONYM_KEY = "fault-test-pseudonym-key-0123456789"
LOCK_SECONDS = 30
CONCURRENT_SMS = 20
ANSWER_WITHIN_SECONDS = 3.0
STOP_PHONE = "+447700900500"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        status = conn.getresponse().status
    finally:
        conn.close()
    return status, time.perf_counter() - started


def _sms(port: int, phone: str, body: str, sid: str) -> tuple[int, str, float]:
    params = {"From": phone, "To": "+447700900999", "Body": body, "MessageSid": sid}
    url = f"http://127.0.0.1:{port}/sms/inbound"
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(url, params),
    }
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("POST", "/sms/inbound", urllib.parse.urlencode(params), headers)
        response = conn.getresponse()
        status, text = response.status, response.read().decode()
    finally:
        conn.close()
    return status, text, time.perf_counter() - started


@pytest.fixture
def server(tmp_path):
    db_path = tmp_path / "navigator.sqlite3"
    conn = connect(db_path)
    prepare_database(conn)
    conn.close()
    port = _free_port()
    env = {
        **os.environ,
        "NAVIGATOR_DATABASE": str(db_path),
        "TWILIO_AUTH_TOKEN": TOKEN,
        "NAVIGATOR_PSEUDONYM_KEY": PSEUDONYM_KEY,
        "NAVIGATOR_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "NAVIGATOR_SMS_BACKEND": "outbox",
    }
    process = subprocess.Popen(
        [BIN / "gunicorn", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            if _get(port, "/livez")[0] == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("gunicorn did not start")
        time.sleep(0.1)
    try:
        yield port, db_path
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.fault
def test_a_30s_write_lock_never_silences_residents_and_loses_no_stop(server):
    port, db_path = server
    key = pseudonym(STOP_PHONE, PSEUDONYM_KEY)
    setup = connect(db_path)
    due = nudge_store.schedule(
        setup,
        NudgePlan(dt.datetime(2030, 1, 1, 10, tzinfo=dt.UTC), "cough", "self_care", None),
        key=key,
        channel="sms",
        phone=STOP_PHONE,
        now=dt.datetime.now(dt.UTC),
    )
    setup.close()
    # No warm-up requests: wsgi.py loads the knowledge before the workers fork.
    assert _get(port, "/healthz")[0] == 200

    lock = sqlite3.connect(db_path, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    lock.execute("INSERT OR REPLACE INTO health_beats (id, at) VALUES (2, 'lock')")
    locked_at = time.monotonic()
    results: list[tuple[str, int, str, float]] = []
    barrier = threading.Barrier(CONCURRENT_SMS)

    def resident(n: int) -> None:
        phone, body = (STOP_PHONE, "STOP") if n == 0 else (f"+44770091{n:04d}", "sore throat")
        barrier.wait()
        status, text, took = _sms(port, phone, body, f"SMfault{n:027d}")
        results.append((body, status, text, took))

    try:
        threads = [threading.Thread(target=resident, args=(n,)) for n in range(CONCURRENT_SMS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        during = [_get(port, "/healthz")]
        time.sleep(max(0.0, LOCK_SECONDS - 2 - (time.monotonic() - locked_at)))
        during.append(_get(port, "/healthz"))
        assert time.monotonic() - locked_at < LOCK_SECONDS
    finally:
        lock.execute("ROLLBACK")
        lock.close()

    slowest = max(r[3] for r in results)
    print(sorted(round(r[3], 2) for r in results))
    print(f"\n20 SMS under a write lock: slowest {slowest:.2f}s; healthz during {during}")
    assert len(results) == CONCURRENT_SMS
    assert all(status == 200 for _, status, _, _ in results)
    assert slowest < ANSWER_WITHIN_SECONDS
    assert all("999" in text for body, _, text, _ in results if body != "STOP")
    assert any("no more texts" in text for body, _, text, _ in results if body == "STOP")
    assert all(status == 503 for status, _ in during)

    healthy_at = time.monotonic()
    while _get(port, "/healthz")[0] != 200:
        assert time.monotonic() - healthy_at < 10
        time.sleep(0.2)
    check = connect(db_path)
    try:
        opted = check.execute("SELECT opted_out FROM conversations WHERE key = ?", (key,))
        assert opted.fetchone()["opted_out"] == 1
        assert nudge_store.get(check, due)["status"] == "cancelled"
        applied = check.execute("SELECT COUNT(*) FROM journal_applied").fetchone()[0]
        assert applied == 1
    finally:
        check.close()
    assert Path(f"{db_path}.optout-journal").stat().st_size == 0
    assert _get(port, "/readyz")[0] == 200
    print(json.dumps({"slowest_s": round(slowest, 2), "healthz_during": during}))
