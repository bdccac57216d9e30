"""Open now, closing soon, next open: a Schedule read at an instant, and said to a resident.

The rules (precedence, overnight sessions, clock changes) are in core/directory/openinghours.py's
docstring; this module applies them at a moment in time (covered by
tests/core/test_openinghours.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from navigator.core.conversation import wording
from navigator.core.directory.openinghours import (
    LONDON,
    MINUTES_PER_DAY,
    REASON_ALWAYS_OPEN,
    REASON_EXCEPTION,
    REASON_UNKNOWN,
    REASON_WEEKLY,
    UTC,
    Schedule,
)

NEXT_OPEN_SEARCH_DAYS = 14
CLOSING_SOON_MINUTES = 30  # DoS: not offered when closing within 30 minutes of the search
TEXT_HOURS_MAX_CHARS = 80  # free-text hours quoted to a resident, cut to keep SMS short
TEXT_HOURS_SAY_HOW = ("call", "ring", "phone", "website", "online")  # no "call to check" added


@dataclass(frozen=True)
class OpenStatus:
    """closes_at / next_opens_at are Europe/London datetimes for display. Compare or subtract
    them after .astimezone(datetime.UTC): Python does wall-clock arithmetic between two
    datetimes sharing a zone, and == is always False for a repeated (fall-back) hour."""

    open_now: bool
    closes_at: dt.datetime | None  # London time; None when open with no close in sight
    next_opens_at: dt.datetime | None  # London time; only set when closed
    known: bool
    always_open: bool  # open with no closing time within the look-ahead
    reason: str  # REASON_*: the precedence level that decided
    note: str | None = None  # the deciding day's exception note or bank holiday name
    closed_today: bool = False  # closed now and no session starts today


@lru_cache(maxsize=64)
def _clock_change_days(year: int) -> frozenset[dt.date]:
    """Days whose local midnight offset differs from the next day's (a DST change)."""
    changes = set()
    day = dt.date(year, 1, 1)
    offset = dt.datetime(year, 1, 1, tzinfo=LONDON).utcoffset()
    while day.year == year:
        next_day = day + dt.timedelta(days=1)
        next_offset = dt.datetime.combine(next_day, dt.time(), LONDON).utcoffset()
        if next_offset != offset:
            changes.add(day)
        day, offset = next_day, next_offset
    return frozenset(changes)


def wall_clock_instant(day: dt.date, minutes: int) -> dt.datetime:
    """The first UTC instant at which a London clock shows `minutes` past `day`'s midnight."""
    day += dt.timedelta(days=minutes // MINUTES_PER_DAY)
    minutes %= MINUTES_PER_DAY
    naive = dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)
    first = naive.replace(tzinfo=LONDON)  # fold=0: the first occurrence of a repeated time
    if day not in _clock_change_days(day.year):
        return first.astimezone(UTC)
    instant = first.astimezone(UTC)
    if instant.astimezone(LONDON).replace(tzinfo=None) == naive:
        return instant
    # In the spring-forward gap: step back to the last wall minute that exists; the clock
    # jumps one minute after it.
    earlier = naive
    while True:
        earlier -= dt.timedelta(minutes=1)
        candidate = earlier.replace(tzinfo=LONDON).astimezone(UTC)
        if candidate.astimezone(LONDON).replace(tzinfo=None) == earlier:
            return candidate + dt.timedelta(minutes=1)


def _intervals(
    schedule: Schedule, day: dt.date
) -> tuple[list[tuple[dt.datetime, dt.datetime]], str, str | None]:
    sessions, reason, note = schedule.sessions_on(day)
    spans = [
        (wall_clock_instant(day, s.opens), wall_clock_instant(day, s.closes)) for s in sessions
    ]
    return spans, reason, note


def status_at(schedule: Schedule, now: dt.datetime) -> OpenStatus:
    """Open now? Until when? If closed, when next (within NEXT_OPEN_SEARCH_DAYS)?"""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("status_at needs a timezone-aware datetime")
    now_utc = now.astimezone(UTC)
    today = now_utc.astimezone(LONDON).date()
    if schedule.always_open and not schedule.exceptions:  # the common 24/7 case, no search
        return OpenStatus(True, None, None, True, True, REASON_ALWAYS_OPEN)
    if not schedule.known:
        _, today_reason, today_note = schedule.sessions_on(today)
        reason = REASON_EXCEPTION if today_reason == REASON_EXCEPTION else REASON_UNKNOWN
        return OpenStatus(False, None, None, False, False, reason, today_note)
    open_until: dt.datetime | None = None
    # what decided open_until, set with it (read only when open_until is set)
    open_reason: str = REASON_WEEKLY
    open_note: str | None = None
    next_open: dt.datetime | None = None
    today_reason, today_note, today_empty = REASON_WEEKLY, None, False
    # Yesterday first: its overnight sessions may still be running. Sessions last at most
    # 24 hours, so nothing earlier can reach today.
    for offset in range(-1, NEXT_OPEN_SEARCH_DAYS + 1):
        day = today + dt.timedelta(days=offset)
        spans, reason, note = _intervals(schedule, day)
        if offset == 0:
            today_reason, today_note, today_empty = reason, note, not spans
        for opens, closes in spans:  # sorted by opening within a day; days ascend
            if open_until is not None:
                if opens <= open_until:  # touching or overlapping: one continuous opening
                    open_until = max(open_until, closes)
            elif opens <= now_utc < closes:
                open_until, open_reason, open_note = closes, reason, note
            elif opens > now_utc and next_open is None:
                next_open = opens
        if offset < 0:
            continue
        next_midnight = wall_clock_instant(day + dt.timedelta(days=1), 0)
        if open_until is not None and open_until < next_midnight:
            break
        if open_until is None and next_open is not None:
            break
    else:
        if open_until is not None:  # open through the whole look-ahead
            return OpenStatus(True, None, None, True, True, open_reason, open_note)
    if open_until is not None:
        return OpenStatus(
            True, open_until.astimezone(LONDON), None, True, False, open_reason, open_note
        )
    next_local = next_open.astimezone(LONDON) if next_open else None
    return OpenStatus(False, None, next_local, True, False, today_reason, today_note, today_empty)


def open_for_a_while(schedule: Schedule, now: dt.datetime, minutes: int = CLOSING_SOON_MINUTES):
    """Cheap first look for ranking: True when a session of yesterday or today runs from
    before `now` to at least `minutes` after it; False when no session covers `now`; None
    when only the full status_at can tell (hours unknown or always open, or open but closing
    within `minutes`, where a touching session may carry it on)."""
    if schedule.always_open or not schedule.known:
        return None
    now_utc = now.astimezone(UTC)
    today = now_utc.astimezone(LONDON).date()
    covered = False
    for day in (today - dt.timedelta(days=1), today):
        for opens, closes in _intervals(schedule, day)[0]:
            if opens <= now_utc < closes:
                if closes - now_utc >= dt.timedelta(minutes=minutes):
                    return True
                covered = True
    return None if covered else False


def is_available(
    schedule: Schedule,
    now: dt.datetime,
    window_minutes: int,
    min_remaining_minutes: int = CLOSING_SOON_MINUTES,
    when_unknown: bool = True,
) -> bool:
    """DoS time check: offer a service that is open now with at least `min_remaining_minutes`
    left, or that opens (or reopens after closing soon) within `window_minutes` of `now`.

    Hours known only as text return `when_unknown` (default True: the reply says "call to
    check", and hiding every food bank with free-text hours would be worse).
    """
    status = status_at(schedule, now)
    if not status.known:
        return when_unknown
    # UTC throughout: arithmetic between two Europe/London datetimes is wall-clock
    # arithmetic in Python and would be an hour out across a clock change.
    now_utc = now.astimezone(UTC)
    window_end = now_utc + dt.timedelta(minutes=window_minutes)
    if status.open_now:
        if status.closes_at is None:
            return True
        closes_utc = status.closes_at.astimezone(UTC)
        if closes_utc - now_utc >= dt.timedelta(minutes=min_remaining_minutes):
            return True
        status = status_at(schedule, closes_utc)  # closing soon: does it reopen in time?
    return status.next_opens_at is not None and status.next_opens_at.astimezone(UTC) <= window_end


def _clock(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M")


def _when(moment: dt.datetime, today: dt.date, closing: bool = False) -> str:
    """'18:00', 'tomorrow 09:00', 'Mon 09:00', or 'Mon 12 Jan 09:00' beyond a week.

    A closing time of 00:00 reads 'midnight' and is named after the day it ends.
    """
    if closing and (moment.hour, moment.minute) == (0, 0):
        moment -= dt.timedelta(minutes=1)
        clock = wording.text("hours.midnight")
    else:
        clock = _clock(moment)
    days_ahead = (moment.date() - today).days
    if days_ahead == 0:
        return clock
    if days_ahead == 1:
        return wording.text("hours.tomorrow", time=clock)
    day = wording.words("hours.day_names")[moment.weekday()]
    if days_ahead < 7:
        return f"{day} {clock}"
    return f"{day} {moment.day} {wording.words('hours.month_names')[moment.month - 1]} {clock}"


def _closure_reason(note: str) -> str:
    """Notes are often written "Closed Christmas Day": don't say "closed" twice."""
    return re.sub(r"(?i)^closed\W*", "", note).strip() or note


def describe(status: OpenStatus, now: dt.datetime, text: str | None = None) -> str:
    """Resident wording. Exactly one of:
    'open 24 hours' | 'open now, closes 18:00' (or 'closes midnight', 'closes tomorrow 02:00',
    'closes Mon 18:00') | 'opens today 14:00' | 'opens tomorrow 09:00' | 'opens Mon 09:00' |
    'opens Mon 12 Jan 09:00', optionally prefixed 'closed today (Christmas Day), ' |
    'not open in the next 14 days: call to check' | 'hours not known: call to check' | the
    schedule's own `text` when its hours are known only as text ("usually open weekdays,
    call to check"; "Open Tuesday mornings, term time only: call to check").
    """
    if not status.known:
        if status.reason == REASON_EXCEPTION and status.note:  # a dated closure today
            return wording.text("hours.closed_today", reason=_closure_reason(status.note))
        if text:
            text = " ".join(text.split()).rstrip(".")
            if len(text) > TEXT_HOURS_MAX_CHARS:
                text = text[: TEXT_HOURS_MAX_CHARS - 3].rsplit(" ", 1)[0] + "..."
            says_how = any(word in text.lower() for word in TEXT_HOURS_SAY_HOW)
            return text if says_how else wording.text("hours.text_call_to_check", hours=text)
        return wording.text("hours.not_known")
    today = now.astimezone(LONDON).date()
    if status.open_now:
        if status.closes_at is None:
            return wording.text("hours.open_24_hours")
        return wording.text("hours.open_closes", when=_when(status.closes_at, today, closing=True))
    prefix = ""
    if status.closed_today and status.note:
        prefix = wording.text("hours.closed_today", reason=_closure_reason(status.note)) + ", "
    if status.next_opens_at is None:
        return prefix + wording.text("hours.not_open_soon", days=NEXT_OPEN_SEARCH_DAYS)
    when = _when(status.next_opens_at, today)
    if status.next_opens_at.date() == today:
        when = wording.text("hours.today", time=when)
    return prefix + wording.text("hours.opens", when=when)
