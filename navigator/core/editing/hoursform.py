"""The opening-hours editor: form text <-> the schedule JSON, and the daily switch.

One text box per weekday ("09:00-13:00, 14:00-18:00"), a bank-holiday choice, and dated
exceptions one a line ("2026-12-25 closed Christmas Day", "2026-12-24 10:00-14:00 Christmas
Eve"). The "closed today / full today" switch is a dated exception for today carrying a
marker note: it expires by itself at midnight because dated exceptions only apply on their
date. Errors say what to type instead; core/editing/validation.py uses these for the whole
profile form.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from navigator.core.directory.openinghours import DAY_IDS, Schedule
from navigator.core.directory.profiles import canonical_schedule

DAY_LABELS = dict(
    zip(
        DAY_IDS,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)
# Dated-exception notes that mark the daily switch (not an edit of the opening hours).
TODAY_SWITCH_NOTES = {"closed": "unexpected closure", "full": "full today"}
BANK_HOLIDAY_CHOICES = ("weekly", "closed", "hours")
MIDNIGHT = "24:00"
TIME_PATTERN = re.compile(r"^(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm)?$", re.IGNORECASE)
EXCEPTION_DATE_PATTERN = re.compile(r"^\s*(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})\s*(.*)$")


def parse_time(text: str, where: str) -> str:
    match = TIME_PATTERN.match(text.strip())
    hours, minutes = (int(match.group(1)), int(match.group(2) or 0)) if match else (99, 0)
    suffix = (match.group(3) or "").lower() if match else ""
    if suffix == "pm" and hours < 12:
        hours += 12
    elif suffix == "am" and hours == 12:
        hours = 0
    if not match or hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise ValueError(f"{where}: {text.strip()!r} is not a time; write times like 09:30")
    return f"{hours:02d}:{minutes:02d}"


def parse_sessions(text: str, where: str) -> list[dict]:
    """'09:00-13:00, 14:00-18:00' -> sessions; blank or 'closed' -> none."""
    text = (text or "").strip()
    if not text or text.lower() == "closed":
        return []
    sessions = []
    for part in re.split(r"[,;]", text):
        pieces = re.split(r"\s*(?:-|–|to)\s*", part.strip())
        if len(pieces) != 2 or not all(pieces):
            raise ValueError(
                f"{where}: {part.strip()!r} is not a session; write 09:00-13:00, and separate "
                "several sessions with commas (09:00-13:00, 14:00-18:00)"
            )
        opens, closes = parse_time(pieces[0], where), parse_time(pieces[1], where)
        if opens == MIDNIGHT:
            raise ValueError(f"{where}: a session cannot open at 24:00; use 00:00")
        # People write midnight as 23:59, as NHSBSA does (hourstext.py): a one-minute gap
        # would make a service open all night "closing soon" from 23:30, and not offered.
        closes = MIDNIGHT if closes == "23:59" else closes
        sessions.append({"opens": opens, "closes": closes})
    return sessions


def parse_exception_line(line: str, where: str) -> dict:
    match = EXCEPTION_DATE_PATTERN.match(line)
    if not match:
        raise ValueError(
            f"{where}: start each line with a date, like '2026-12-25 closed Christmas Day' or "
            "'2026-12-24 10:00-14:00 Christmas Eve'"
        )
    date_text, rest = match.groups()
    try:
        if "/" in date_text:
            day = dt.datetime.strptime(date_text, "%d/%m/%Y").date()
        else:
            day = dt.date.fromisoformat(date_text)
    except ValueError:
        raise ValueError(f"{where}: {date_text!r} is not a real date") from None
    if rest.lower().startswith("closed"):
        return {"date": day.isoformat(), "sessions": [], "note": rest[6:].strip() or None}
    tokens = re.match(r"^((?:[\d:.apm]+\s*(?:-|–|to)\s*[\d:.apm]+\s*[,;]?\s*)+)(.*)$", rest, re.I)
    if not tokens:
        raise ValueError(
            f"{where}: after the date write 'closed' or the hours (10:00-14:00), then a note"
        )
    sessions = parse_sessions(tokens.group(1).strip().rstrip(",;"), where)
    return {"date": day.isoformat(), "sessions": sessions, "note": tokens.group(2).strip() or None}


# --- schedules --------------------------------------------------------------------------------


def schedule_from_form(form: Mapping[str, object]) -> tuple[dict, dict[str, str]]:
    errors: dict[str, str] = {}
    weekly = []
    for day in DAY_IDS:
        try:
            for s in parse_sessions(str(form.get(f"hours_{day}") or ""), DAY_LABELS[day]):
                weekly.append({"day": day, **s})
        except ValueError as exc:
            errors[f"hours_{day}"] = str(exc)
    choice = str(form.get("bank_holidays") or "weekly")
    bank_holidays = None
    if choice not in BANK_HOLIDAY_CHOICES:
        errors["bank_holidays"] = "choose how bank holidays work"
    elif choice == "closed":
        bank_holidays = []
    elif choice == "hours":
        try:
            hours_text = str(form.get("bank_holiday_hours") or "")
            bank_holidays = parse_sessions(hours_text, "Bank holidays")
        except ValueError as exc:
            errors["bank_holiday_hours"] = str(exc)
        if bank_holidays == [] and "bank_holiday_hours" not in errors:
            errors["bank_holiday_hours"] = "give the bank-holiday hours, or choose 'closed'"
    exceptions = []
    lines = str(form.get("exceptions") or "").splitlines()
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                exceptions.append(parse_exception_line(line, f"Special dates, line {number}"))
            except ValueError as exc:
                errors.setdefault("exceptions", str(exc))
    schedule = {
        "always_open": bool(form.get("always_open")),
        "weekly": weekly,
        "bank_holidays": bank_holidays,
        "exceptions": exceptions,
        "text": str(form.get("hours_text") or "").strip() or None,
    }
    if not errors:
        try:
            schedule = canonical_schedule(schedule)
        except ValueError as exc:
            errors["exceptions"] = str(exc)
    return schedule, errors


def _sessions_text(sessions: list[dict]) -> str:
    return ", ".join(f"{s['opens']}-{s['closes']}" for s in sessions)


def schedule_to_form(schedule: dict) -> dict[str, str]:
    schedule = without_today_switches(schedule or {})
    form = {
        f"hours_{d}": _sessions_text([s for s in schedule.get("weekly") or [] if s["day"] == d])
        for d in DAY_IDS
    }
    bank = schedule.get("bank_holidays")
    form["bank_holidays"] = "weekly" if bank is None else ("closed" if not bank else "hours")
    form["bank_holiday_hours"] = _sessions_text(bank or [])
    form["exceptions"] = "\n".join(
        f"{e['date']} {_sessions_text(e['sessions']) or 'closed'} {e.get('note') or ''}".strip()
        for e in schedule.get("exceptions") or []
    )
    form["always_open"] = "1" if schedule.get("always_open") else ""
    form["hours_text"] = schedule.get("text") or ""
    return form


def schedule_lines(schedule: dict) -> list[str]:
    """Short human lines for diffs and history."""
    lines = ["Open 24 hours"] if schedule.get("always_open") else []
    for day in DAY_IDS:
        text = _sessions_text([s for s in schedule.get("weekly") or [] if s["day"] == day])
        if text:
            lines.append(f"{day.title()}: {text}")
    bank = schedule.get("bank_holidays")
    if bank is not None:
        lines.append(f"Bank holidays: {_sessions_text(bank) or 'closed'}")
    for e in schedule.get("exceptions") or []:
        note = f" ({e['note']})" if e.get("note") else ""
        lines.append(f"{e['date']}: {_sessions_text(e['sessions']) or 'closed'}{note}")
    if schedule.get("text"):
        lines.append(f"Note: {schedule['text']}")
    return lines


def is_today_switch(exception: dict) -> bool:
    return not exception.get("sessions") and exception.get("note") in TODAY_SWITCH_NOTES.values()


def without_today_switches(schedule: dict) -> dict:
    if not schedule:
        return schedule
    kept = [e for e in schedule.get("exceptions") or [] if not is_today_switch(e)]
    return {**schedule, "exceptions": kept}


def today_switch(schedule: dict, today: dt.date) -> str | None:
    """'closed' or 'full' when the switch is on for `today`, else None."""
    for exception in schedule.get("exceptions") or []:
        if exception.get("date") == today.isoformat() and is_today_switch(exception):
            return next(k for k, v in TODAY_SWITCH_NOTES.items() if v == exception["note"])
    return None


def set_today_switch(schedule: dict, today: dt.date, kind: str | None) -> dict:
    """Turn the switch on ('closed' / 'full') or off (None). Old switches are dropped; an
    ordinary exception for today is replaced while the switch is on (the switch wins)."""
    if kind is not None and kind not in TODAY_SWITCH_NOTES:
        raise ValueError(f"switch must be one of {', '.join(TODAY_SWITCH_NOTES)}")
    plain = without_today_switches(schedule or {})
    exceptions = list(plain.get("exceptions") or [])
    if kind is not None:
        exceptions = [e for e in exceptions if e["date"] != today.isoformat()]
        exceptions.append(
            {"date": today.isoformat(), "sessions": [], "note": TODAY_SWITCH_NOTES[kind]}
        )
    return canonical_schedule({**Schedule.from_dict(plain).to_dict(), "exceptions": exceptions})
