"""Opening hours: weekly sessions, bank holidays and dated exceptions -> open now / next open.

Mirrors the NHS 111 Directory of Services (DoS). The stored format is the `schedule` JSON of
directory/README.md ("Schedule"). Precedence for a calendar day, highest first:
dated exception > always open > bank holiday (England and Wales) > weekly sessions.

Decisions (each covered by tests/core/test_openinghours.py):
- Times are London wall-clock times ("HH:MM"); "24:00" is accepted as a closing time.
- A session whose closing time is not after its opening time runs past midnight
  (22:00-06:00; 09:00-09:00 is 24 hours). It belongs to the day it starts: that day's
  precedence level decides it, and it carries into the next morning even when the next
  day is a bank holiday or an exception day. To cut it short, give the start day an
  exception.
- Clock changes: a boundary is the first instant at which a London wall clock shows that
  time or later. On the spring-forward day (01:00-02:00 does not exist) any boundary in
  the gap falls at the moment the clocks jump (02:00 BST); on the fall-back day
  (01:00-02:00 happens twice) a boundary in the repeated hour is its first occurrence.
  Overnight sessions across a change are simply an hour shorter or longer.
- Touching sessions merge: 09:00-13:00 + 13:00-18:00 reads "closes 18:00".
- The next-open search looks ahead at most NEXT_OPEN_SEARCH_DAYS (core/directory/openstatus.py,
  which reads a schedule at an instant and says it to a resident).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
DAY_IDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MINUTES_PER_DAY = 24 * 60
SCHEDULE_KEYS = frozenset({"always_open", "weekly", "bank_holidays", "exceptions", "text"})

# Which precedence level decided a status (OpenStatus.reason).
REASON_EXCEPTION = "exception"
REASON_ALWAYS_OPEN = "always_open"
REASON_BANK_HOLIDAY = "bank_holiday"
REASON_WEEKLY = "weekly"
REASON_UNKNOWN = "unknown"


@dataclass(frozen=True)
class Session:
    """One opening; minutes past the start day's midnight. closes > 1440 runs past midnight."""

    opens: int
    closes: int

    @classmethod
    def parse(cls, opens: object, closes: object, where: str) -> Session:
        opens_minutes = _parse_time(opens, f"{where} opens", allow_24=False)
        closes_minutes = _parse_time(closes, f"{where} closes", allow_24=True)
        if closes_minutes <= opens_minutes:  # runs past midnight into the next day
            closes_minutes += MINUTES_PER_DAY
        return cls(opens_minutes, closes_minutes)

    def to_dict(self) -> dict[str, str]:
        return {"opens": _format_minutes(self.opens), "closes": _format_closes(self.closes)}


@dataclass(frozen=True)
class WeeklySession:
    day: str  # one of DAY_IDS
    session: Session


@dataclass(frozen=True)
class DatedException:
    date: dt.date
    sessions: tuple[Session, ...]  # () = closed all day
    note: str | None = None


@dataclass(frozen=True)
class Schedule:
    always_open: bool = False
    weekly: tuple[WeeklySession, ...] = ()
    bank_holidays: tuple[Session, ...] | None = None  # None = follow weekly; () = closed
    exceptions: tuple[DatedException, ...] = ()
    text: str | None = None
    # Precomputed once so status_at does no parsing or grouping per call.
    _by_weekday: tuple[tuple[Session, ...], ...] = field(init=False, repr=False, compare=False)
    _by_date: dict[dt.date, DatedException] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_weekday = tuple(
            tuple(sorted((w.session for w in self.weekly if w.day == day), key=_start))
            for day in DAY_IDS
        )
        object.__setattr__(self, "_by_weekday", by_weekday)
        object.__setattr__(self, "_by_date", {e.date: e for e in self.exceptions})

    @property
    def known(self) -> bool:
        """False when nothing but free text (or nothing at all) says when it opens."""
        return self.always_open or bool(self.weekly) or any(e.sessions for e in self.exceptions)

    @classmethod
    def from_dict(cls, data: object) -> Schedule:
        """Validate the stored JSON/YAML form; raises ValueError naming the bad field."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValueError(f"schedule must be a mapping, not {type(data).__name__}")
        unknown = set(data) - SCHEDULE_KEYS
        if unknown:
            raise ValueError(
                f"schedule has unknown keys {sorted(unknown)}; allowed: {sorted(SCHEDULE_KEYS)}"
            )
        always_open = data.get("always_open") or False
        if not isinstance(always_open, bool):
            raise ValueError("schedule always_open must be true or false")
        weekly = tuple(_parse_weekly(item, n) for n, item in enumerate(data.get("weekly") or []))
        bank = data.get("bank_holidays")
        bank_sessions = None if bank is None else _parse_sessions(bank, "bank_holidays")
        exceptions = tuple(
            _parse_exception(item, n) for n, item in enumerate(data.get("exceptions") or [])
        )
        dates = [e.date for e in exceptions]
        if len(dates) != len(set(dates)):
            raise ValueError("schedule exceptions list the same date twice")
        text = data.get("text")
        if text is not None and not isinstance(text, str):
            raise ValueError("schedule text must be a string or null")
        return cls(always_open, weekly, bank_sessions, exceptions, text or None)

    def to_dict(self) -> dict:
        """The canonical JSON-ready form (dates as ISO strings); from_dict reads it back."""
        return {
            "always_open": self.always_open,
            "weekly": [{"day": w.day, **w.session.to_dict()} for w in self.weekly],
            "bank_holidays": None
            if self.bank_holidays is None
            else [s.to_dict() for s in self.bank_holidays],
            "exceptions": [
                {
                    "date": e.date.isoformat(),
                    "sessions": [s.to_dict() for s in e.sessions],
                    "note": e.note,
                }
                for e in self.exceptions
            ],
            "text": self.text,
        }

    def sessions_on(self, day: dt.date) -> tuple[tuple[Session, ...], str, str | None]:
        """(sessions starting on `day`, precedence level that decided, note or holiday name)."""
        exception = self._by_date.get(day)
        if exception is not None:
            return exception.sessions, REASON_EXCEPTION, exception.note
        if self.always_open:
            return (Session(0, MINUTES_PER_DAY),), REASON_ALWAYS_OPEN, None
        holiday = bank_holiday_name(day)
        if holiday is not None and self.bank_holidays is not None:
            return self.bank_holidays, REASON_BANK_HOLIDAY, holiday
        return self._by_weekday[day.weekday()], REASON_WEEKLY, None


def _start(session: Session) -> int:
    return session.opens


def _parse_time(value: object, where: str, allow_24: bool) -> int:
    if not isinstance(value, str):
        raise ValueError(
            f"{where}: times must be quoted 'HH:MM' strings, got {value!r} "
            "(YAML reads an unquoted 10:00 as a number)"
        )
    hours_text, sep, minutes_text = value.strip().partition(":")
    if not (sep and hours_text.isdigit() and minutes_text.isdigit() and len(minutes_text) == 2):
        raise ValueError(f"{where}: {value!r} is not an HH:MM time")
    hours, minutes = int(hours_text), int(minutes_text)
    total = hours * 60 + minutes
    if minutes > 59 or total > MINUTES_PER_DAY or (total == MINUTES_PER_DAY and not allow_24):
        limit = "00:00-24:00" if allow_24 else "00:00-23:59"
        raise ValueError(f"{where}: {value!r} is not a time in {limit}")
    return total


def _format_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _format_closes(minutes: int) -> str:
    if minutes == MINUTES_PER_DAY:
        return "24:00"
    return _format_minutes(minutes % MINUTES_PER_DAY)


def _day_id(value: object, where: str) -> str:
    text = value.strip().lower() if isinstance(value, str) else ""
    if text in DAY_IDS:
        return text
    if text in DAY_NAMES:
        return DAY_IDS[DAY_NAMES.index(text)]
    raise ValueError(f"{where}: day {value!r} is not one of {', '.join(DAY_IDS)}")


def _parse_weekly(item: object, n: int) -> WeeklySession:
    where = f"weekly[{n}]"
    if not isinstance(item, dict):
        raise ValueError(f"{where} must be a mapping with day, opens, closes")
    day = _day_id(item.get("day"), where)
    return WeeklySession(day, Session.parse(item.get("opens"), item.get("closes"), where))


def _parse_sessions(items: object, where: str) -> tuple[Session, ...]:
    if not isinstance(items, list):
        raise ValueError(f"{where} must be a list of {{opens, closes}} sessions")
    sessions = []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise ValueError(f"{where}[{n}] must be a mapping with opens, closes")
        sessions.append(Session.parse(item.get("opens"), item.get("closes"), f"{where}[{n}]"))
    return tuple(sorted(sessions, key=_start))


def _parse_exception(item: object, n: int) -> DatedException:
    where = f"exceptions[{n}]"
    if not isinstance(item, dict):
        raise ValueError(f"{where} must be a mapping with date, sessions, note")
    raw_date = item.get("date")
    if isinstance(raw_date, dt.datetime) or not isinstance(raw_date, dt.date | str):
        raise ValueError(f"{where}: date must be YYYY-MM-DD, got {raw_date!r}")
    try:
        day = raw_date if isinstance(raw_date, dt.date) else dt.date.fromisoformat(raw_date)
    except ValueError:
        raise ValueError(f"{where}: date must be YYYY-MM-DD, got {raw_date!r}") from None
    note = item.get("note")
    if note is not None and not isinstance(note, str):
        raise ValueError(f"{where}: note must be a string")
    sessions = _parse_sessions(item.get("sessions") or [], f"{where}.sessions")
    return DatedException(day, sessions, note or None)


# ---- calendar helpers (cached: the holiday table and clock-change days are per year) ----


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> dict[dt.date, str]:
    """England's bank holidays as observed. An English bank holiday is never a Saturday or
    Sunday: when Christmas or Boxing Day falls on a weekend, `holidays` lists the day itself
    and its substitute ("(observed)"); only the substitute is the bank holiday (Sat 26 Dec
    2026 is an ordinary Saturday; Mon 28 Dec 2026 is the bank holiday)."""
    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day: name for day, name in found.items() if day.weekday() < 5}


def with_closed_day(schedule: Schedule, day: dt.date, note: str) -> Schedule:
    """The schedule with `day` closed, unless it already says what happens that day (a dated
    exception, or bank-holiday hours when the day is a bank holiday) or is open all hours."""
    if schedule.always_open or day in schedule._by_date:
        return schedule
    if schedule.bank_holidays is not None and bank_holiday_name(day) is not None:
        return schedule
    closed = DatedException(day, (), note)
    return Schedule(schedule.always_open, schedule.weekly, schedule.bank_holidays,
                    (*schedule.exceptions, closed), schedule.text)  # fmt: skip


def bank_holiday_name(day: dt.date) -> str | None:
    """England bank holiday name as observed ("Boxing Day (observed)"), or None."""
    return _bank_holidays(day.year).get(day)
