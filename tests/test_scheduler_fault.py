"""Fault test: `navigator scheduler` killed with SIGKILL mid-batch, then restarted, sends
every due nudge exactly once (the outbox holds one message per nudge, none lost)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest

from navigator.core.conversation import NudgePlan
from navigator.db import connect
from navigator.runtime import prepare_database
from navigator.store import nudges as nudge_store
from navigator.store import outbox

DUE_NUDGES = 30
POLL_SECONDS = 0.05
DEADLINE_SECONDS = 40


def _env(db_path) -> dict:
    return {
        **os.environ,
        "NAVIGATOR_DATABASE": str(db_path),
        "NAVIGATOR_SMS_BACKEND": "outbox",
        "NAVIGATOR_OUTBOX_DELAY_MS": "60",  # a slow provider: the kill lands mid-batch
        "NAVIGATOR_SCHEDULER_INTERVAL_SECONDS": "1",
        "NAVIGATOR_NUDGE_LEASE_SECONDS": "1",
        "NAVIGATOR_NUDGE_BATCH": "5",
        "NAVIGATOR_NUDGE_DAY_START": "00:00",  # any hour: the test must not depend on the clock
        "NAVIGATOR_NUDGE_DAY_END": "23:59:59.999999",
    }


def _start(db_path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "navigator.cli", "scheduler"],
        env=_env(db_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for(condition, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"scheduler exited: {process.stderr.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            pytest.fail("timed out waiting for the scheduler")
        time.sleep(POLL_SECONDS)  # polling another process: there is no clock to inject


def test_sigkill_mid_batch_then_restart_sends_each_due_nudge_exactly_once(db_path):
    conn = connect(db_path)
    prepare_database(conn)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    ids = [
        nudge_store.schedule(
            conn,
            NudgePlan(past, "cough", "self_care", None),
            key=f"p1:{i}",
            channel="sms",
            phone=f"+4477009{i:05d}",
            now=past,
        )
        for i in range(DUE_NUDGES)
    ]
    sent = lambda: len(outbox.messages(conn))  # noqa: E731

    first = _start(db_path)
    try:
        _wait_for(lambda: sent() >= 8, first)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    statuses = [r["status"] for r in nudge_store.all_nudges(conn)]
    assert sent() < DUE_NUDGES and "pending" in statuses  # killed mid-batch

    second = _start(db_path)
    try:
        _wait_for(lambda: all(r["status"] == "sent" for r in nudge_store.all_nudges(conn)), second)
    finally:
        second.send_signal(signal.SIGKILL)
        second.wait(timeout=10)

    messages = outbox.messages(conn)
    assert sorted(m["dedupe_key"] for m in messages) == sorted(f"nudge:{i}" for i in ids)
    assert len(messages) == DUE_NUDGES
    rows = nudge_store.all_nudges(conn)
    assert all(r["phone"] is None and r["sent_at"] for r in rows)
    conn.close()
