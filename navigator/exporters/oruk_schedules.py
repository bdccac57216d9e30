"""Opening hours as ORUK / HSDS 3.0 schedules, in the standard's own terms.

- Weekly hours: one WEEKLY schedule per distinct (opens, closes) with every day it applies
  to. HSDS reads a time without an offset as UTC, so every time carries the UTC offset in
  force; as London's offset changes twice a year, the weekly schedules are given for each
  stretch of one offset (valid_from / valid_to) over the next WINDOW_DAYS days. A feed is
  read fresh (the API builds it per request; re-export a file at least yearly).
- Bank holidays and dated exceptions (closures, special hours) in that window: a schedule
  valid for that one date, with its sessions (or none: closed) and a plain-words
  description and notes saying it replaces the weekly hours. HSDS has no "closed" flag nor
  precedence between schedules; the notes say it in words a consumer can show.
- Hours we only have as text (dentists, libraries, parks, jobcentres...): a schedule with
  that text as its description and no times.
The exact rules (bank-holiday sessions, past exceptions) also travel in the documented
`x_navigator_exceptions` extension, so our own export round-trips exactly.
"""

from __future__ import annotations

import datetime as dt

from navigator.core.directory.openinghours import (
    DAY_IDS,
    LONDON,
    REASON_BANK_HOLIDAY,
    REASON_EXCEPTION,
    Schedule,
    Session,
)
from navigator.core.directory.oruk_ids import child_uuid

WINDOW_DAYS = 366
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_TO_BYDAY = dict(zip(DAY_IDS, BYDAY, strict=True))
BYDAY_TO_DAY = {v: k for k, v in DAY_TO_BYDAY.items()}
TIMEZONE_NOTE = (
    "Times are UK local time (Europe/London), written with the UTC offset in force between "
    "valid_from and valid_to."
)
DATED_NOTE = "On this date these hours replace the weekly hours."
CLOSED_NOTE = "Closed all day on this date; the weekly hours do not apply."
TEXT_NOTE = "Opening hours as the service publishes them; not available as times."


def offset_windows(today: dt.date, days: int = WINDOW_DAYS) -> list[tuple[dt.date, dt.date, str]]:
    """(first day, last day, "+01:00" or "Z") for each stretch of one London UTC offset."""
    windows: list[tuple[dt.date, dt.date, str]] = []
    for n in range(days):
        day = today + dt.timedelta(days=n)
        offset = _offset_text(dt.datetime.combine(day, dt.time(12), LONDON).utcoffset())
        if windows and windows[-1][2] == offset:
            windows[-1] = (windows[-1][0], day, offset)
        else:
            windows.append((day, day, offset))
    return windows


def hsds_schedules(service_uuid: str, schedule: Schedule, today: dt.date) -> list[dict]:
    base = {"service_id": service_uuid}
    out: list[dict] = []
    groups = _weekly_groups(schedule)
    windows = offset_windows(today)
    for first, last, offset in windows if groups else ():
        for (opens, closes), days in groups:
            out.append({
                **base, "freq": "WEEKLY", "byday": ",".join(DAY_TO_BYDAY[d] for d in days),
                "opens_at": opens + offset, "closes_at": closes + offset,
                "valid_from": first.isoformat(), "valid_to": last.isoformat(),
                "description": _describe(days, opens, closes, schedule.always_open),
                "notes": _notes(schedule.text),
            })  # fmt: skip
    if not groups and schedule.text:
        out.append({**base, "description": schedule.text, "notes": TEXT_NOTE})
    if windows:
        out += _dated(base, schedule, windows)
    for n, item in enumerate(out):
        item["id"] = child_uuid("schedule", service_uuid, n)
    return [{"id": s.pop("id"), **s} for s in out]


def _weekly_groups(schedule: Schedule) -> list[tuple[tuple[str, str], list[str]]]:
    if schedule.always_open:
        return [(("00:00", "23:59"), list(DAY_IDS))]
    groups: dict[tuple[str, str], list[str]] = {}
    for weekly in schedule.weekly:
        times = weekly.session.to_dict()
        groups.setdefault((times["opens"], times["closes"]), []).append(weekly.day)
    return sorted(groups.items())


def _dated(base: dict, schedule: Schedule, windows) -> list[dict]:
    """Bank holidays and exceptions inside the window, one schedule per session (or one
    saying closed), each valid for its one date."""
    out = []
    offsets = {}
    for first, last, offset in windows:
        day = first
        while day <= last:
            offsets[day] = offset
            day += dt.timedelta(days=1)
    for day, offset in offsets.items():
        sessions, reason, note = schedule.sessions_on(day)
        if reason not in (REASON_EXCEPTION, REASON_BANK_HOLIDAY):
            continue
        what = f"{note} (bank holiday)" if reason == REASON_BANK_HOLIDAY else (note or "")
        when = f"{day:%A} {day.day} {day:%B %Y}"
        dated = {**base, "valid_from": day.isoformat(), "valid_to": day.isoformat(),
                 "dtstart": day.isoformat(), "freq": "WEEKLY",
                 "byday": BYDAY[day.weekday()]}  # fmt: skip
        if not sessions:
            out.append({**dated, "description": _join(f"Closed on {when}", what),
                        "notes": CLOSED_NOTE})  # fmt: skip
        for session in sessions:
            opens, closes = _times(session)
            out.append({**dated, "opens_at": opens + offset, "closes_at": closes + offset,
                        "description": _join(f"Open {opens}-{closes} on {when}", what),
                        "notes": f"{DATED_NOTE} {TIMEZONE_NOTE}"})  # fmt: skip
    return out


def _times(session: Session) -> tuple[str, str]:
    times = session.to_dict()
    return times["opens"], times["closes"]


def _describe(days: list[str], opens: str, closes: str, always_open: bool) -> str:
    if always_open:
        return "Open 24 hours, every day"
    names = ", ".join(d.capitalize() for d in days)
    return f"{names} {opens}-{closes}"


def _notes(text: str | None) -> str:
    return f"{TIMEZONE_NOTE} As published: {text}" if text else TIMEZONE_NOTE


def _join(first: str, second: str) -> str:
    return f"{first}: {second}" if second else first


def _offset_text(offset: dt.timedelta | None) -> str:
    minutes = int((offset or dt.timedelta()).total_seconds() // 60)
    if minutes == 0:
        return "Z"
    sign = "+" if minutes > 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
