"""Application service for follow-up nudges: the sweep that sends due nudges from the table
(the scheduler ticks it; `navigator nudges send-due` runs it once), retention, and the
operator's list of due nudges.

Each sweep:
1. records as `missed` nudges an outage kept past NAVIGATOR_NUDGE_MAX_LATE_HOURS;
2. reconciles rows a crash left in `sending` by asking the provider whether it accepted
   them (found: sent; not found: sent again, counted as another attempt), so the provider
   is never called twice for one nudge while the sender can answer;
3. claims due rows (conditional UPDATE under BEGIN IMMEDIATE, with a lease) and, for each,
   commits `sending` (attempts + 1) before calling the provider, then marks it sent.
Only inside the daytime window: a nudge that fell due overnight or in an outage goes at the
next daytime sweep, unless it is by then too late.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from navigator.core.conversation import conversation, nudges
from navigator.db import transaction
from navigator.store import nudges as nudge_store
from navigator.store import sessions as session_store

log = logging.getLogger(__name__)


class Sender(Protocol):  # channels/sender.py's Sender: the outbox or Twilio, injected
    def send(self, to: str, body: str, *, key: str | None = None) -> str | None: ...


MAX_SEND_ATTEMPTS = 5  # provider calls per nudge; after this many without success: failed


@dataclass
class SweepReport:
    sent: int = 0
    failed: int = 0
    cancelled: int = 0
    missed: int = 0
    reconciled: int = 0
    errors: int = 0
    outside_window: bool = False


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def sweep(
    conn,
    sender: Sender,
    clock: Callable[[], dt.datetime],
    *,
    window: nudges.DaytimeWindow = nudges.DEFAULT_WINDOW,
    lease: dt.timedelta = dt.timedelta(minutes=5),
    batch: int = 50,
    worker: str | None = None,
    max_late: dt.timedelta = dt.timedelta(hours=24),
) -> SweepReport:
    """Send every nudge due at clock(), but only inside the daytime window."""
    worker = worker or worker_id()
    report = SweepReport()
    with transaction(conn, immediate=True):
        report.missed = nudge_store.mark_missed(conn, clock(), max_late)
    while True:
        if not window.contains(clock()):
            report.outside_window = True
            return report
        doubtful = nudge_store.claim_in_doubt(
            conn, clock(), worker=worker, lease=lease, limit=batch
        )
        for row in doubtful:
            _reconcile(conn, sender, row, clock, worker, lease, report)
        rows = nudge_store.claim(conn, clock(), worker=worker, lease=lease, limit=batch)
        if not rows and not doubtful:
            return report
        for row in rows:
            if not window.contains(clock()):  # the day ended mid-batch: the lease brings them back
                report.outside_window = True
                return report
            _send_one(conn, sender, row, clock, worker, lease, report)


def _give_up(conn, row: dict, clock, worker: str, report: SweepReport) -> bool:
    """Finish a row without (another) provider call when it must not be sent. True if so."""
    if session_store.is_opted_out(conn, row["session_key"]):
        error = "opted out before it was sent"
        nudge_store.mark_failed(conn, row["id"], error=error, now=clock(), status="cancelled",
                                worker=worker)  # fmt: skip
        report.cancelled += 1
        return True
    if row["attempts"] >= MAX_SEND_ATTEMPTS or not row["phone"]:
        error = f"not accepted by the provider after {row['attempts']} attempts"
        nudge_store.mark_failed(conn, row["id"], error=error, now=clock(), worker=worker)
        report.failed += 1
        return True
    return False


def _reconcile(conn, sender, row: dict, clock, worker: str, lease, report: SweepReport) -> None:
    """A row a crash left in `sending`: ask the provider before doing anything else."""
    find = getattr(sender, "find", None)
    found = None
    if find is not None and row["phone"]:
        try:
            since = row["send_started_at"] and dt.datetime.fromisoformat(row["send_started_at"])
            found = find(row["phone"], nudges.NUDGE_TEXT, key=f"nudge:{row['id']}", since=since)
        except Exception:  # the provider cannot say: ask again after the lease, never guess
            log.exception("nudge %s: provider could not be asked; left in doubt", row["id"])
            report.errors += 1
            return
    if found:
        _finish_sent(conn, row, found, clock, worker, report)
        report.reconciled += 1
        return
    if _give_up(conn, row, clock, worker, report):
        return
    if nudge_store.begin_send(conn, row["id"], worker=worker, now=clock(), lease=lease, retry=True):
        _call_provider(conn, sender, row, clock, worker, report)


def _send_one(conn, sender, row: dict, clock, worker: str, lease, report: SweepReport) -> None:
    if _give_up(conn, row, clock, worker, report):
        return
    if nudge_store.begin_send(conn, row["id"], worker=worker, now=clock(), lease=lease):
        _call_provider(conn, sender, row, clock, worker, report)


def _call_provider(conn, sender, row: dict, clock, worker: str, report: SweepReport) -> None:
    try:
        provider_id = sender.send(row["phone"], nudges.NUDGE_TEXT, key=f"nudge:{row['id']}")
    except Exception:  # left in 'sending': after the lease it is reconciled, then retried
        log.exception("nudge %s not sent (attempt %s)", row["id"], row["attempts"] + 1)
        report.errors += 1
        return
    _finish_sent(conn, row, provider_id, clock, worker, report)


def _finish_sent(conn, row: dict, provider_id, clock, worker: str, report: SweepReport) -> None:
    now = clock()
    with transaction(conn, immediate=True):
        if not nudge_store.mark_sent(
            conn, row["id"], worker=worker, provider_id=provider_id, now=now
        ):
            return  # the lease passed to another sweep, which records it
        session = session_store.load(conn, row["session_key"], row["channel"])
        neighbourhoods = [row["neighbourhood"]] if row["neighbourhood"] else []
        session = conversation.after_nudge_sent(
            session, row["id"], row["topic"], row["disposition"] or "", neighbourhoods, now
        )
        session_store.save(conn, session, now)
    report.sent += 1


def due(conn, now: dt.datetime) -> list[dict]:
    """Nudges due to be sent at `now` (no phone numbers)."""
    return nudge_store.due(conn, now)


__all__ = ["MAX_SEND_ATTEMPTS", "SweepReport", "due", "sweep"]
