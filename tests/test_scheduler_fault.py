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

from navigator.core.conversation.conversation import NudgePlan
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


# --- the issue-14 fault test: many kills, a slow provider, a short lease, several runs -------

MANY_NUDGES = 300
KILLS = 10
RUNS = 5


def _count(conn, sql: str) -> int:
    return conn.execute(sql).fetchone()[0]


def _many_kills_run(db_path, seed: int) -> dict:
    import random

    rng = random.Random(seed)
    conn = connect(db_path)
    prepare_database(conn)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    for i in range(MANY_NUDGES):
        nudge_store.schedule(
            conn,
            NudgePlan(past, "cough", "self_care", None),
            key=f"p1:{seed}:{i}",
            channel="sms",
            phone=f"+4477009{i:05d}",
            now=past,
        )
    env = {**_env(db_path), "NAVIGATOR_OUTBOX_DELAY_MS": "20", "NAVIGATOR_NUDGE_BATCH": "10"}
    calls = lambda: _count(conn, "SELECT COALESCE(SUM(provider_calls), 0) FROM sms_outbox")  # noqa: E731
    for _ in range(KILLS):
        process = subprocess.Popen(
            [sys.executable, "-m", "navigator.cli", "scheduler"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        before = calls()
        try:
            _wait_for(lambda b=before: calls() >= b + rng.randint(1, 25), process)
            time.sleep(rng.uniform(0, 0.02))  # land anywhere in a send (before/after the call)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
    last = _start(db_path)
    last_env_ok = last  # the last run uses the 60 ms delay of _env: still slow
    try:
        done = "SELECT COUNT(*) FROM nudges WHERE status NOT IN ('sent', 'failed', 'cancelled')"
        _wait_for(lambda: _count(conn, done) == 0, last_env_ok)
    finally:
        last.send_signal(signal.SIGKILL)
        last.wait(timeout=10)
    rows = {f"nudge:{r['id']}": r for r in nudge_store.all_nudges(conn)}
    outbox_rows = {m["dedupe_key"]: m for m in outbox.messages(conn)}
    result = {
        "lost": sum(1 for k in rows if k not in outbox_rows),
        "double": sum(m["provider_calls"] - 1 for m in outbox_rows.values()),
        "wrongly_marked": sum(
            1 for k, r in rows.items() if (r["status"] == "sent") != (k in outbox_rows)
        ),
        "attempts_over_one": sum(1 for r in rows.values() if r["attempts"] > 1),
        "statuses": sorted({r["status"] for r in rows.values()}),
    }
    conn.close()
    return result


@pytest.mark.fault
@pytest.mark.parametrize("seed", range(RUNS))
def test_many_sigkills_with_a_slow_provider_lose_nothing_and_send_nothing_twice(tmp_path, seed):
    result = _many_kills_run(tmp_path / f"run{seed}.sqlite3", seed)
    print(f"run {seed}: {result}")
    assert result["lost"] == 0, result
    assert result["double"] == 0, result
    assert result["wrongly_marked"] == 0, result
    assert result["statuses"] == ["sent"], result
