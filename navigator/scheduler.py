"""The one scheduler: an APScheduler 3 interval job that sends due nudges from the table.

APScheduler only ticks; the nudge table is the truth. Each tick applies any journalled
STOP/START (navigator/optout_journal.py) first, then sweeps (navigator/service/nudges.py:
missed, reconciled, claimed, sent; only inside the daytime window). A second, daily job
enforces retention.
Runs inside `navigator serve` or alone as `navigator scheduler`; never inside gunicorn
workers (wsgi.py does not start it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable

from navigator import optout_journal
from navigator.channels.sender import build_sender
from navigator.db import connect
from navigator.service.nudges import MAX_SEND_ATTEMPTS, SweepReport, sweep
from navigator.service.purge import retain_once
from navigator.settings import nudge_window

log = logging.getLogger(__name__)
RETENTION_INTERVAL_HOURS = 24
__all__ = ["MAX_SEND_ATTEMPTS", "SweepReport", "retain_once", "run_blocking",
           "start_background", "sweep", "sweep_once"]  # fmt: skip


def sweep_once(settings: dict, clock: Callable[[], dt.datetime]) -> SweepReport:
    """One sweep with its own connection and the configured sender (a scheduler tick)."""
    conn = connect(settings["NAVIGATOR_DATABASE"])
    try:
        optout_journal.replay_quietly(conn, optout_journal.path_for(settings), clock())
        return sweep(
            conn,
            build_sender(settings, conn),
            clock,
            window=nudge_window(settings),
            lease=dt.timedelta(seconds=settings["NAVIGATOR_NUDGE_LEASE_SECONDS"]),
            batch=settings["NAVIGATOR_NUDGE_BATCH"],
            max_late=dt.timedelta(hours=settings["NAVIGATOR_NUDGE_MAX_LATE_HOURS"]),
        )
    finally:
        conn.close()


def _retention_tick(settings: dict) -> None:
    from navigator.runtime import now_london

    try:
        removed = retain_once(settings, now_london())
        if removed:
            log.info("retention: %s", removed)
    except Exception:  # the next day's tick retries
        log.exception("retention failed")


def _tick(settings: dict) -> None:
    from navigator.runtime import now_london

    try:
        report = sweep_once(settings, now_london)
        if report.sent or report.failed or report.errors:
            log.info("nudge sweep: %s", report)
    except Exception:  # a bad tick must not stop the scheduler; the next tick retries
        log.exception("nudge sweep failed")


def _add_job(scheduler, settings: dict) -> None:
    interval = settings["NAVIGATOR_SCHEDULER_INTERVAL_SECONDS"]
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
    scheduler.add_job(
        _retention_tick,
        "interval",
        args=[settings],
        hours=RETENTION_INTERVAL_HOURS,
        id="retention",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
        next_run_time=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1),
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
