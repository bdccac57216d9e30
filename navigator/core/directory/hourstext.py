"""Opening hours as published -> the schedule dict of directory/README.md ("Schedule").

Two real formats (see ../shared/data/):
- NHSBSA pharmacy CSV cells, one per weekday: "09:00-22:30", "09:00-13:00,13:20-18:30",
  "CLOSED", "00:00-23:59" (the whole day).
- Food-bank free text: "Monday - Friday 8am - 4pm. Please ring.", "Mon, Wed & Fri 9.30-12.30".
  Parsed only when every part of the text is understood; otherwise None, and the caller keeps
  the text and says "call to check". Guessing wrong sends someone to a locked door.
"""

from __future__ import annotations

import re

from navigator.core.directory.openinghours import DAY_IDS, DAY_NAMES

NHSBSA_COLUMNS = tuple(f"opening_hours_{name}" for name in DAY_NAMES)
WHOLE_DAY = ("00:00", "24:00")
NHSBSA_CLOSED_WORDS = frozenset({"", "closed", "close"})
NHSBSA_24_HOURS = re.compile(r"^(open\s*)?24\s*(hours|hrs|hr|h)$")
NHSBSA_RANGE = re.compile(r"^(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})$")


def parse_nhsbsa_day(text: str | None) -> list[tuple[str, str]]:
    """One NHSBSA cell -> [(opens, closes)]; [] when closed. Raises ValueError if unreadable.

    NHSBSA writes midnight as 23:59, so a 23:59 close becomes 24:00 (no one-minute gap).
    """
    cell = (text or "").strip().lower()
    if cell in NHSBSA_CLOSED_WORDS:
        return []
    if NHSBSA_24_HOURS.match(cell):
        return [WHOLE_DAY]
    sessions = []
    for part in cell.split(","):
        match = NHSBSA_RANGE.match(part.strip())
        if not match:
            raise ValueError(f"unreadable pharmacy hours {text!r}")
        open_h, open_m, close_h, close_m = (int(g) for g in match.groups())
        if open_h > 23 or close_h > 24 or open_m > 59 or close_m > 59:
            raise ValueError(f"impossible time in pharmacy hours {text!r}")
        if (close_h, close_m) == (23, 59):
            close_h, close_m = 24, 0
        sessions.append((f"{open_h:02d}:{open_m:02d}", f"{close_h:02d}:{close_m:02d}"))
    return sessions


def schedule_from_nhsbsa_row(row: dict, bank_holidays_follow_weekly: bool = False) -> dict:
    """A pharmacy CSV row -> schedule dict.

    Open the whole day on all seven days -> always_open. NHSBSA gives no bank-holiday hours,
    so by default a pharmacy counts as closed on bank holidays (`bank_holidays: []`): saying
    "closed, opens Tue" is safer than sending someone to a shut door. Pass
    `bank_holidays_follow_weekly=True` when better information exists. An unreadable cell
    makes the whole schedule text-only ("call to check").
    """
    cells = [row.get(column) or "" for column in NHSBSA_COLUMNS]
    try:
        days = [parse_nhsbsa_day(cell) for cell in cells]
    except ValueError:
        text = "; ".join(f"{day.title()}: {cell}" for day, cell in zip(DAY_IDS, cells, strict=True))
        return _schedule(weekly=[], text=text)
    if all(sessions == [WHOLE_DAY] for sessions in days):
        return _schedule(always_open=True, bank_holidays=None)
    if not any(cells):
        return _schedule(weekly=[])  # no hours published: unknown, not "closed all week"
    weekly = [
        {"day": day, "opens": opens, "closes": closes}
        for day, sessions in zip(DAY_IDS, days, strict=True)
        for opens, closes in sessions
    ]
    return _schedule(weekly=weekly, bank_holidays=None if bank_holidays_follow_weekly else [])


def _schedule(always_open=False, weekly=(), bank_holidays=None, text=None) -> dict:
    return {
        "always_open": always_open,
        "weekly": list(weekly),
        "bank_holidays": bank_holidays,
        "exceptions": [],
        "text": text,
    }


# ---- free text (food banks and other community listings) ----

_DAY_WORDS = {
    "mon": ("mon", "monday"),
    "tue": ("tue", "tues", "tuesday"),
    "wed": ("wed", "weds", "wednesday"),
    "thu": ("thu", "thur", "thurs", "thursday"),
    "fri": ("fri", "friday"),
    "sat": ("sat", "saturday"),
    "sun": ("sun", "sunday"),
}
_DAY_BY_WORD = {w: d for d, words in _DAY_WORDS.items() for w in words}
_DAY_BY_WORD |= {f"{w}s": d for w, d in list(_DAY_BY_WORD.items()) if len(w) > 4}  # Tuesdays
_GROUPS = {"weekdays": DAY_IDS[:5], "weekends": DAY_IDS[5:], "weekend": DAY_IDS[5:],
           "daily": DAY_IDS, "every day": DAY_IDS, "everyday": DAY_IDS}  # fmt: skip
_DAY_ALTS = "|".join(sorted([*_DAY_BY_WORD, *_GROUPS], key=len, reverse=True))
DAY_TOKEN = re.compile(rf"(?:{_DAY_ALTS})\b")
DAY_RANGE_JOIN = re.compile(r"\s*(?:-|to)\s*")
DAY_LIST_JOIN = re.compile(r"\s*(?:,\s*and|,|&|and)\s*")
TIME_TOKEN = re.compile(r"(?:(12)\s*noon|(noon|midday)|(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?)\b")
TIME_RANGE_JOIN = re.compile(r"\s*(?:-|to)\s*")
CLAUSE_JOIN = re.compile(r"\s*(?:,\s*and|,|;|&|\+|and)?\s*")
PLEASE_CALL = re.compile(r"^(please\s+)?(ring|call|phone)(\s+(first|ahead|before\s+visiting))?$")
NO_BANK_HOLIDAYS = re.compile(r"^(not\s+open|closed)\s+(on\s+)?bank\s+holidays?$")
# "Open ...", "Food served ...", "Food bank: ...": a label before the days, nothing more.
LEADING_OPEN = re.compile(r"^(?:open|food\s+served|food\s*bank\s*[:-]?)\s+")
SENTENCE_BREAK = re.compile(r"\.(?:\s+|$)|\n+")
EARLIEST_OPENING_HOUR = 6  # a community venue listing "5 - 7" means evening, not dawn


def parse_free_text_hours(text: str | None) -> dict | None:
    """Free-text hours -> schedule dict (original kept in `text`), or None when unsure."""
    if not text:
        return None
    normal = text.replace("\xa0", " ").replace("\u2013", "-").replace("\u2014", "-").lower()
    sentences = [s.strip() for s in SENTENCE_BREAK.split(normal) if s.strip()]
    if not sentences:
        return None
    bank_holidays: list[dict] | None = None
    for extra in sentences[1:]:
        if NO_BANK_HOLIDAYS.match(extra):
            bank_holidays = []
        elif not PLEASE_CALL.match(extra):
            return None  # "except Thursdays", "term time only", another service...
    weekly = _parse_clauses(LEADING_OPEN.sub("", sentences[0]))
    if not weekly:
        return None
    weekly.sort(key=lambda s: (DAY_IDS.index(s["day"]), s["opens"]))
    return _schedule(weekly=weekly, bank_holidays=bank_holidays, text=text.strip())


def _after_join(text: str, position: int) -> int:
    """Where the words joining two clauses end (every part of CLAUSE_JOIN is optional, so it
    always matches, if only the empty string)."""
    join = CLAUSE_JOIN.match(text, position)
    return join.end() if join else position


def _parse_clauses(text: str) -> list[dict] | None:
    """'<days> <time range>[, <time range>] ...' repeated, consuming all of `text`."""
    position = 0
    weekly: list[dict] = []
    while position < len(text):
        if weekly:
            position = _after_join(text, position)
        days, position = _parse_days(text, position)
        if not days:
            return None
        position = _skip_spaces(text, position)
        ranges = []
        while True:
            found = _parse_time_range(text, position)
            if found is None:
                break
            opens, closes, position = found
            ranges.append((opens, closes))
            after = _after_join(text, position)
            if _parse_time_range(text, after) is None:
                break
            position = after
        if not ranges:
            return None
        weekly += [{"day": d, "opens": o, "closes": c} for d in days for o, c in ranges]
        position = _skip_spaces(text, position)
    return weekly


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] == " ":
        position += 1
    return position


def _day_group(word: str) -> tuple[str, ...]:
    return _GROUPS.get(word) or (_DAY_BY_WORD[word],)


def _parse_days(text: str, position: int) -> tuple[list[str], int]:
    """'mon - fri', 'mon, wed & fri', 'tuesdays and thursdays', 'weekdays' -> day ids."""
    days: list[str] = []
    while True:
        match = DAY_TOKEN.match(text, position)
        if not match:
            return days, position
        first = _day_group(match.group())
        position = match.end()
        join = DAY_RANGE_JOIN.match(text, position)
        last = DAY_TOKEN.match(text, join.end()) if join else None
        if last and len(first) == 1 and len(_day_group(last.group())) == 1:
            start, end = DAY_IDS.index(first[0]), DAY_IDS.index(_day_group(last.group())[0])
            if end < start:
                return [], position  # "Fri - Mon" wraps: not confident
            days += DAY_IDS[start : end + 1]
            position = last.end()
        else:
            days += first
        join = DAY_LIST_JOIN.match(text, position)
        if not (join and join.end() > position and DAY_TOKEN.match(text, join.end())):
            return days, position
        position = join.end()


def _parse_time_range(text: str, position: int) -> tuple[str, str, int] | None:
    start = TIME_TOKEN.match(text, position)
    if not start or start.end() == position:
        return None
    join = TIME_RANGE_JOIN.match(text, start.end())
    if join is None:
        return None
    end = TIME_TOKEN.match(text, join.end())
    if not end or end.end() == join.end():
        return None
    end_minutes = _minutes(end, None)
    start_minutes = _minutes(start, end)
    if start_minutes is None or end_minutes is None or end_minutes <= start_minutes:
        return None
    return _clock(start_minutes), _clock(end_minutes), end.end()


def _minutes(match: re.Match, end: re.Match | None) -> int | None:
    """Minutes past midnight. A start without am/pm borrows the end's when that fits."""
    if match.group(1) or match.group(2):
        return 12 * 60
    hours, minutes, suffix = int(match.group(3)), int(match.group(4) or 0), match.group(5)
    if minutes > 59 or (suffix and not 1 <= hours <= 12):
        return None
    if hours > 12:  # 24-hour clock: "13:30"
        return hours * 60 + minutes if hours <= 23 else None
    if suffix is None and end is not None and end.group(5):
        suffix = end.group(5)  # "12 - 2pm", "4.30 - 5.30pm"
        borrowed = _with_suffix(hours, suffix)
        end_hours = _with_suffix(int(end.group(3)), suffix)
        if borrowed > end_hours:  # "11 - 1pm": the start is morning
            suffix = "am"
    if suffix is None:
        suffix = "pm" if hours < EARLIEST_OPENING_HOUR or hours == 12 else "am"
    return _with_suffix(hours, suffix) * 60 + minutes


def _with_suffix(hours: int, suffix: str) -> int:
    if suffix == "am":
        return 0 if hours == 12 else hours
    return hours if hours == 12 else hours + 12


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
