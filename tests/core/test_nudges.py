"""Nudges: the daytime window across both 2026 clock changes, reading replies, and the table
moving each row exactly once (claims, leases, two sweeps at once, time travel)."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest

from navigator.core.conversation import nudges
from navigator.core.conversation.conversation import NudgePlan
from navigator.core.conversation.nudges import DEFAULT_WINDOW, NudgeAnswer, due_time
from navigator.core.models import Disposition

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
SPRING_FORWARD = dt.date(2026, 3, 29)  # 01:00 GMT -> 02:00 BST
FALL_BACK = dt.date(2026, 10, 25)  # 02:00 BST -> 01:00 GMT


def _local(y, m, d, h, minute=0):
    return dt.datetime(y, m, d, h, minute, tzinfo=LONDON)


def _every(start: dt.datetime, end: dt.datetime, step: dt.timedelta):
    moment = start
    while moment < end:
        yield moment
        moment += step


def test_the_window_is_london_wall_clock_in_gmt_and_bst():
    assert DEFAULT_WINDOW.contains(dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC))  # 09:00 GMT
    assert not DEFAULT_WINDOW.contains(dt.datetime(2026, 7, 6, 19, 0, tzinfo=UTC))  # 20:00 BST
    assert DEFAULT_WINDOW.contains(dt.datetime(2026, 7, 6, 8, 0, tzinfo=UTC))  # 09:00 BST
    assert not DEFAULT_WINDOW.contains(dt.datetime(2026, 1, 5, 8, 59, tzinfo=UTC))


def test_an_evening_due_time_moves_to_the_next_morning_across_spring_forward():
    consented = _local(2026, 3, 27, 21)  # Friday 21:00 GMT
    due = due_time(consented, 48)  # Sunday 21:00 UTC is 22:00 BST: too late
    assert due == _local(2026, 3, 30, 9).astimezone(UTC)
    assert due.astimezone(LONDON).utcoffset() == dt.timedelta(hours=1)


def test_48_hours_are_real_hours_across_fall_back():
    consented = _local(2026, 10, 24, 12)  # 12:00 BST = 11:00 UTC
    assert due_time(consented, 48) == dt.datetime(2026, 10, 26, 11, tzinfo=UTC)  # 11:00 GMT


@pytest.mark.parametrize("day", [SPRING_FORWARD, FALL_BACK])
@pytest.mark.parametrize("hours", [2, 24, 48, 120])
def test_due_times_are_always_in_the_window_and_never_early(day, hours):
    start = dt.datetime.combine(day - dt.timedelta(days=6), dt.time(0), tzinfo=LONDON)
    for consented in _every(start, start + dt.timedelta(days=8), dt.timedelta(minutes=17)):
        due = due_time(consented, hours)
        assert DEFAULT_WINDOW.contains(due), (consented, due)
        assert due - consented >= dt.timedelta(hours=hours)
        assert due - consented < dt.timedelta(hours=hours + 14)  # at most one night's wait


@pytest.mark.parametrize(
    ("text", "answer", "rest"),
    [
        ("1", NudgeAnswer.BETTER, ""),
        ("Better thanks!", NudgeAnswer.BETTER, ""),
        ("2", NudgeAnswer.SAME, ""),
        ("about the same", NudgeAnswer.SAME, ""),
        ("3", NudgeAnswer.WORSE, ""),
        ("WORSE, cant breathe", NudgeAnswer.WORSE, "cant breathe"),
        ("12", None, "12"),
        ("hello", None, "hello"),
        ("not better", NudgeAnswer.SAME, ""),
    ],
)
def test_reading_nudge_replies(text, answer, rest):
    assert nudges.read_answer(text) == (answer, rest)


def test_escalation_never_lowers():
    for first in Disposition:
        assert nudges.escalate(first).acuity >= first.acuity
    assert nudges.escalate(Disposition.PHARMACY) is Disposition.NHS_111


# --- the table -------------------------------------------------------------------------


@pytest.fixture
def conn(db_path):
    from navigator import migrations
    from navigator.db import connect

    connection = connect(db_path)
    migrations.migrate(connection)
    yield connection
    connection.close()


class RecordingSender:
    """Counts every send attempt, so a double send cannot hide behind the outbox's dedupe."""

    def __init__(self, fail_for: set[int] = frozenset()):
        self.sent: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.fail_for = fail_for

    def send(self, to, body, *, key=None):
        if int(key.split(":")[1]) in self.fail_for:
            raise RuntimeError("provider down")
        with self.lock:
            self.sent.append((to, key))
        return f"rec:{key}"


def _schedule(conn, due: dt.datetime, key="p1:k", phone="+447700900123") -> int:
    from navigator.store import nudges as store

    plan = NudgePlan(due.astimezone(UTC), "sore-throat", "pharmacy", "gorton-levenshulme")
    return store.schedule(conn, plan, key=key, channel="sms", phone=phone, now=due)


def test_a_sweep_sends_due_nudges_once_and_forgets_the_number(conn):
    from navigator.scheduler import sweep
    from navigator.store import nudges as store

    at = _local(2026, 11, 24, 10, 30)
    ids = [_schedule(conn, at - dt.timedelta(minutes=i)) for i in range(5)]
    later = _schedule(conn, at + dt.timedelta(hours=1))
    sender = RecordingSender()
    assert sweep(conn, sender, lambda: at).sent == 5
    assert sweep(conn, sender, lambda: at).sent == 0
    assert sorted(int(k.split(":")[1]) for _, k in sender.sent) == ids
    rows = {r["id"]: r for r in store.all_nudges(conn)}
    assert all(rows[i]["status"] == "sent" and rows[i]["phone"] is None for i in ids)
    assert rows[later]["status"] == "pending" and rows[later]["phone"]


def test_outside_the_window_nothing_is_sent(conn):
    from navigator.scheduler import sweep

    _schedule(conn, _local(2026, 11, 24, 10))
    report = sweep(conn, RecordingSender(), lambda: _local(2026, 11, 24, 21))
    assert report.outside_window and report.sent == 0


def test_a_failed_send_is_retried_after_its_lease_then_given_up(conn):
    from navigator.scheduler import MAX_SEND_ATTEMPTS, sweep
    from navigator.store import nudges as store

    at = _local(2026, 11, 24, 10)
    nudge_id = _schedule(conn, at)
    sender = RecordingSender(fail_for={nudge_id})
    lease = dt.timedelta(minutes=5)
    for attempt in range(MAX_SEND_ATTEMPTS + 1):
        sweep(conn, sender, lambda a=attempt: at + a * 2 * lease, lease=lease)
    assert store.get(conn, nudge_id)["status"] == "failed"
    assert store.get(conn, nudge_id)["phone"] is None


def test_opting_out_cancels_pending_nudges_and_clears_the_number(conn):
    from navigator.scheduler import sweep
    from navigator.store import nudges as store

    at = _local(2026, 11, 24, 10)
    nudge_id = _schedule(conn, at)
    assert store.cancel_for(conn, "p1:k", at) == 1
    sender = RecordingSender()
    sweep(conn, sender, lambda: at)
    row = store.get(conn, nudge_id)
    assert row["status"] == "cancelled" and row["phone"] is None and not sender.sent


def test_two_sweeps_at_once_never_send_the_same_nudge(conn, db_path):
    from navigator.db import connect
    from navigator.scheduler import sweep

    at = _local(2026, 11, 24, 10)
    ids = [_schedule(conn, at, key=f"p1:{i}") for i in range(60)]
    sender = RecordingSender()
    barrier = threading.Barrier(2)

    def run():
        own = connect(db_path)
        barrier.wait()
        sweep(own, sender, lambda: at, batch=3)
        own.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(int(k.split(":")[1]) for _, k in sender.sent) == ids


@pytest.mark.parametrize("day", [SPRING_FORWARD, FALL_BACK])
def test_time_travel_across_the_clock_change_sends_only_in_daytime(conn, day):
    """Consents every 23 minutes for two days around the change; a sweep every 10 minutes
    for four days; every nudge is sent, each once, all between 09:00 and 20:00 London."""
    from navigator.channels.sender import OutboxSender
    from navigator.scheduler import sweep
    from navigator.store import nudges as store
    from navigator.store import outbox

    start = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(0), tzinfo=LONDON)
    for i, consented in enumerate(
        _every(start, start + dt.timedelta(days=2), dt.timedelta(minutes=23))
    ):
        _schedule(conn, due_time(consented, 24), key=f"p1:{i}", phone=f"+44770090{i:04d}")
    sender = OutboxSender(conn)
    for tick in _every(start, start + dt.timedelta(days=5), dt.timedelta(minutes=10)):
        sweep(conn, sender, lambda t=tick: t.astimezone(UTC))
    rows = store.all_nudges(conn)
    assert rows and all(r["status"] == "sent" for r in rows)
    for row in rows:
        sent_at = dt.datetime.fromisoformat(row["sent_at"])
        assert DEFAULT_WINDOW.contains(sent_at), row
        assert 9 <= sent_at.astimezone(LONDON).hour < 20
    assert len(outbox.messages(conn)) == len(rows)


def test_a_nudge_due_during_an_outage_goes_late_in_daytime_or_is_recorded_missed(conn):
    from navigator.scheduler import sweep
    from navigator.store import nudges as store

    due = _local(2026, 11, 24, 19, 50)
    late_ok = _schedule(conn, due, key="p1:a")
    too_late = _schedule(conn, due - dt.timedelta(hours=30), key="p1:b")
    sender = RecordingSender()
    report = sweep(conn, sender, lambda: _local(2026, 11, 24, 22))  # outage ends at night
    assert report.outside_window and not sender.sent
    report = sweep(conn, sender, lambda: _local(2026, 11, 25, 9, 5))  # next morning
    assert [k for _, k in sender.sent] == [f"nudge:{late_ok}"]
    missed = store.get(conn, too_late)
    assert missed["status"] == "missed" and missed["phone"] is None
    assert "unavailable" in missed["error"] and missed["due_at"] in missed["error"]


def test_attempts_count_provider_calls_not_claims(conn):
    from navigator.scheduler import sweep
    from navigator.store import nudges as store

    at = _local(2026, 11, 24, 10)
    nudge_id = _schedule(conn, at)
    lease = dt.timedelta(minutes=5)
    for n in range(3):  # claimed three times, killed before the provider call each time
        assert store.claim(conn, at + n * 2 * lease, worker=f"w{n}", lease=lease, limit=10)
    assert store.get(conn, nudge_id)["attempts"] == 0
    sweep(conn, RecordingSender(), lambda: at + 7 * lease, lease=lease)
    row = store.get(conn, nudge_id)
    assert row["status"] == "sent" and row["attempts"] == 1


def test_a_nudge_left_sending_by_a_crash_is_reconciled_not_sent_again(conn):
    from navigator.channels.sender import OutboxSender
    from navigator.scheduler import sweep
    from navigator.store import nudges as store
    from navigator.store import outbox

    at = _local(2026, 11, 24, 10)
    accepted, lost = _schedule(conn, at, key="p1:a"), _schedule(conn, at, key="p1:b")
    lease = dt.timedelta(minutes=5)
    store.claim(conn, at, worker="dead", lease=lease, limit=10)
    for nudge_id in (accepted, lost):  # the dead worker committed `sending` for both...
        assert store.begin_send(conn, nudge_id, worker="dead", now=at, lease=lease)
    sender = OutboxSender(conn)
    sender.send("+447700900123", "x", key=f"nudge:{accepted}")  # ...one reached the provider
    report = sweep(conn, sender, lambda: at + 2 * lease, lease=lease)
    assert report.reconciled == 1 and report.sent == 2
    calls = {m["dedupe_key"]: m["provider_calls"] for m in outbox.messages(conn)}
    assert calls == {f"nudge:{accepted}": 1, f"nudge:{lost}": 1}
    assert store.get(conn, accepted)["attempts"] == 1 and store.get(conn, lost)["attempts"] == 2


def test_the_scheduler_enforces_retention_by_default(conn, db_path, now):
    from navigator.scheduler import retain_once
    from navigator.settings import load_settings

    settings = load_settings(environ={"NAVIGATOR_DATABASE": str(db_path)})
    assert settings["NAVIGATOR_RETENTION_DAYS"] == 30
    assert retain_once(settings, now) is not None
    assert retain_once({**settings, "NAVIGATOR_RETENTION_DAYS": 0.0}, now) is None
