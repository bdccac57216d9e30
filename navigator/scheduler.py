"""The one scheduler: an APScheduler 3 interval job that sends due nudges from the table.

APScheduler only ticks; the nudge table is the truth. Each tick claims due rows (a
conditional UPDATE under BEGIN IMMEDIATE, with a lease), sends each through the configured
Sender, and marks it sent, so even two sweeps at once never send a row twice, and a sweep
killed mid-batch leaves rows the next one takes again. Runs inside `navigator serve` or alone
as `navigator scheduler`; never inside gunicorn workers (wsgi.py does not start it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from navigator.channels.sender import Sender, build_sender
from navigator.core import conversation, nudges
from navigator.db import connect, transaction
from navigator.store import nudges as nudge_store
from navigator.store import sessions as session_store

log = logging.getLogger(__name__)
MAX_SEND_ATTEMPTS = 5  # after this many claims without a send, the nudge is failed


@dataclass
class SweepReport:
    sent: int = 0
    failed: int = 0
    cancelled: int = 0
    errors: int = 0
    outside_window: bool = False


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def window_from(settings: dict) -> nudges.DaytimeWindow:
    return nudges.DaytimeWindow.parse(
        settings.get("NAVIGATOR_NUDGE_DAY_START") or "09:00",
        settings.get("NAVIGATOR_NUDGE_DAY_END") or "20:00",
        settings.get("NAVIGATOR_TIMEZONE") or "Europe/London",
    )


def sweep(
    conn,
    sender: Sender,
    clock: Callable[[], dt.datetime],
    *,
    window: nudges.DaytimeWindow = nudges.DEFAULT_WINDOW,
    lease: dt.timedelta = dt.timedelta(minutes=5),
    batch: int = 50,
    worker: str | None = None,
) -> SweepReport:
    """Send every nudge due at clock(), but only inside the daytime window."""
    worker = worker or worker_id()
    report = SweepReport()
    while True:
        if not window.contains(clock()):
            report.outside_window = True
            return report
        rows = nudge_store.claim(conn, clock(), worker=worker, lease=lease, limit=batch)
        if not rows:
            return report
        for row in rows:
            if not window.contains(clock()):  # the day ended mid-batch: the lease brings them back
                report.outside_window = True
                return report
            _send_one(conn, sender, row, clock, worker, report)


def _send_one(conn, sender: Sender, row: dict, clock, worker: str, report: SweepReport) -> None:
    now = clock()
    if row["attempts"] > MAX_SEND_ATTEMPTS or not row["phone"]:
        nudge_store.mark_failed(conn, row["id"], error="too many attempts", now=now)
        report.failed += 1
        return
    if session_store.is_opted_out(conn, row["session_key"]):
        nudge_store.cancel_for(conn, row["session_key"], now)
        report.cancelled += 1
        return
    try:
        provider_id = sender.send(row["phone"], nudges.NUDGE_TEXT, key=f"nudge:{row['id']}")
    except Exception:  # left in 'sending': the lease runs out and a later sweep retries
        log.exception("nudge %s not sent (attempt %s)", row["id"], row["attempts"])
        report.errors += 1
        return
    now = clock()
    with transaction(conn, immediate=True):
        if not nudge_store.mark_sent(
            conn, row["id"], worker=worker, provider_id=provider_id, now=now
        ):
            return  # cancelled meanwhile, or the lease passed to another sweep
        session = session_store.load(conn, row["session_key"], row["channel"])
        neighbourhoods = [row["neighbourhood"]] if row["neighbourhood"] else []
        session = conversation.after_nudge_sent(
            session, row["id"], row["topic"], row["disposition"] or "", neighbourhoods, now
        )
        session_store.save(conn, session, now)
    report.sent += 1


def sweep_once(settings: dict, clock: Callable[[], dt.datetime]) -> SweepReport:
    """One sweep with its own connection and the configured sender (a scheduler tick)."""
    conn = connect(settings["NAVIGATOR_DATABASE"])
    try:
        return sweep(
            conn,
            build_sender(settings, conn),
            clock,
            window=window_from(settings),
            lease=dt.timedelta(seconds=float(settings.get("NAVIGATOR_NUDGE_LEASE_SECONDS") or 300)),
            batch=int(settings.get("NAVIGATOR_NUDGE_BATCH") or 50),
        )
    finally:
        conn.close()


def _tick(settings: dict) -> None:
    from navigator.runtime import now_london

    try:
        report = sweep_once(settings, now_london)
        if report.sent or report.failed or report.errors:
            log.info("nudge sweep: %s", report)
    except Exception:  # a bad tick must not stop the scheduler; the next tick retries
        log.exception("nudge sweep failed")


def _add_job(scheduler, settings: dict) -> None:
    interval = float(settings.get("NAVIGATOR_SCHEDULER_INTERVAL_SECONDS") or 60)
    scheduler.add_job(
        _tick,
        "interval",
        args=[settings],
        seconds=interval,
        id="nudge-sweep",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
        next_run_time=dt.datetime.now(dt.UTC),
    )


def start_background(settings: dict):
    """The embedded scheduler for `navigator serve` (one process, one scheduler)."""
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone="UTC")
    _add_job(scheduler, settings)
    scheduler.start()
    return scheduler


def run_blocking(settings: dict) -> None:
    """`navigator scheduler`: the sweep alone, in the foreground, until stopped."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    scheduler = BlockingScheduler(timezone="UTC")
    _add_job(scheduler, settings)
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        scheduler.start()
