"""Admin form -> service profile dict, with messages that say what to type instead.

Pure (no Flask): the form arrives as a mapping of field name -> text (or list of texts for
the multi-choice fields in MULTI_FIELDS). profile_from_form returns the new profile dict (the
ServiceProfile.to_dict shape) or a message per bad field; form_from_profile fills the form.

The opening-hours editor is one text box per weekday ("09:00-13:00, 14:00-18:00"), a
bank-holiday choice, and dated exceptions one a line ("2026-12-25 closed Christmas Day",
"2026-12-24 10:00-14:00 Christmas Eve"). The "closed today / full today" switch is a dated
exception for today carrying a marker note: it expires by itself at midnight because dated
exceptions only apply on their date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import phonenumbers

from navigator.core.directory.openinghours import DAY_IDS, Schedule
from navigator.core.directory.profiles import (
    ACCESS_ROUTES,
    ELIGIBILITIES,
    SEXES,
    STATUSES,
    ServiceProfile,
    canonical_schedule,
)
from navigator.core.models import Disposition, ServiceType

DAY_LABELS = dict(
    zip(
        DAY_IDS,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)
MULTI_FIELDS = ("dispositions", "access", "coverage_codes")
DAYS_PER_YEAR = 365.25  # NHS DoS convention for ages held in days
DAYS_PER_MONTH = 30.4375
MAX_NAME_CHARS = 200
MAX_TEXT_CHARS = 2000
MAX_ALERT_CHARS = 300
# Dated-exception notes that mark the daily switch (not an edit of the opening hours).
TODAY_SWITCH_NOTES = {"closed": "unexpected closure", "full": "full today"}
BANK_HOLIDAY_CHOICES = ("weekly", "closed", "hours")
# Outward code + inward code (ONS format); validity beyond shape is the postcode table's job.
POSTCODE_PATTERN = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
DISTRICT_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
TIME_PATTERN = re.compile(r"^(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm)?$", re.IGNORECASE)
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
EXCEPTION_DATE_PATTERN = re.compile(r"^\s*(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})\s*(.*)$")


class FormResult:
    """Either a profile dict (ok) or errors: field name -> message for the person editing."""

    def __init__(self, profile: dict | None, errors: dict[str, str]):
        self.profile = profile
        self.errors = errors

    @property
    def ok(self) -> bool:
        return not self.errors


# --- single fields ----------------------------------------------------------------------------


def normalise_postcode(text: str) -> str:
    compact = re.sub(r"\s+", "", (text or "").upper())
    if DISTRICT_PATTERN.match(compact):  # a postcode district alone ("M4"), as demo entries use
        return compact
    match = POSTCODE_PATTERN.match(compact)
    if not match:
        raise ValueError(
            f"{text!r} does not look like a UK postcode: write it like M13 0LN "
            "(letters and numbers; the letter O and the number 0 are easy to mix up)"
        )
    return f"{match.group(1)} {match.group(2)}"


def normalise_phone(text: str) -> str:
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number) or number.country_code != 44:
        raise ValueError(
            f"{text!r} is not a valid UK phone number: give the full number with its area "
            "code, like 0161 234 5678 or 07911 123456"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


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
        if opens == "24:00":
            raise ValueError(f"{where}: a session cannot open at 24:00; use 00:00")
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


def _age_days(text: str, where: str) -> float | None:
    text = (text or "").strip().lower()
    if not text:
        return None
    match = re.match(r"^(\d+(?:\.\d+)?)\s*(y|yr|yrs|years?|m|months?)?$", text)
    if not match:
        raise ValueError(f"{where}: write an age in years (16) or months (6 months)")
    number = float(match.group(1))
    months = (match.group(2) or "y").startswith("m")
    if number > (1500 if months else 125):
        raise ValueError(f"{where}: {text!r} is older than anyone we serve")
    return round(number * (DAYS_PER_MONTH if months else DAYS_PER_YEAR), 4)


def _age_text(days: float | None) -> str:
    if days is None:
        return ""
    years = days / DAYS_PER_YEAR
    if abs(years - round(years)) < 1e-6:
        return str(round(years))
    return f"{round(days / DAYS_PER_MONTH)} months"


def _list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in (p.strip() for p in re.split(r"[,\n]", value)) if v]
    return [str(v).strip() for v in value if str(v).strip()]


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


def _is_switch(exception: dict) -> bool:
    return not exception.get("sessions") and exception.get("note") in TODAY_SWITCH_NOTES.values()


def without_today_switches(schedule: dict) -> dict:
    if not schedule:
        return schedule
    kept = [e for e in schedule.get("exceptions") or [] if not _is_switch(e)]
    return {**schedule, "exceptions": kept}


def today_switch(schedule: dict, today: dt.date) -> str | None:
    """'closed' or 'full' when the switch is on for `today`, else None."""
    for exception in schedule.get("exceptions") or []:
        if exception.get("date") == today.isoformat() and _is_switch(exception):
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


# --- whole profile ----------------------------------------------------------------------------


def form_from_profile(profile: dict) -> dict[str, object]:
    coverage = profile.get("coverage") or {"level": "city"}
    form: dict[str, object] = {
        key: profile.get(key) or ""
        for key in (
            "name",
            "type",
            "description",
            "sex",
            "eligibility",
            "eligibility_text",
            "address",
            "postcode",
            "phone",
            "email",
            "website",
            "cost",
            "status",
            "alert",
        )
    }
    form.update(
        needs=", ".join(profile.get("needs") or []),
        languages=", ".join(profile.get("languages") or []),
        accessibility=", ".join(profile.get("accessibility") or []),
        dispositions=list(profile.get("dispositions") or []),
        access=list(profile.get("access") or []),
        age_min=_age_text(profile.get("age_min_days")),
        age_max=_age_text(profile.get("age_max_days")),
        coverage_level=coverage.get("level", "city"),
        coverage_codes=list(coverage.get("neighbourhoods") or coverage.get("areas") or []),
    )
    form.update(schedule_to_form(profile.get("schedule") or {}))
    return form


def profile_from_form(
    form: Mapping[str, object],
    current: dict,
    *,
    topic_ids=(),
    neighbourhood_ids=(),
    area_ids=(),
) -> FormResult:
    """The edited profile (identity, place and review fields kept from `current`)."""
    errors: dict[str, str] = {}
    text = {k: str(form.get(k) or "").strip() for k in form if k not in MULTI_FIELDS}
    out = dict(current)

    def field(name: str, check):
        try:
            out[name] = check(text.get(name, ""))
        except ValueError as exc:
            errors[name] = str(exc)

    field("name", lambda v: _required(v, "Give the service a name", MAX_NAME_CHARS))
    field("type", lambda v: _choice(v, [t.value for t in ServiceType], "service type"))
    field("description", lambda v: _optional(v, MAX_TEXT_CHARS))
    field("eligibility_text", lambda v: _optional(v, MAX_TEXT_CHARS))
    field("address", lambda v: _optional(v, MAX_NAME_CHARS))
    field("cost", lambda v: _optional(v, MAX_NAME_CHARS))
    field("alert", lambda v: _optional(v, MAX_ALERT_CHARS))
    field("sex", lambda v: _choice(v or "any", SEXES, "sex"))
    field("eligibility", lambda v: _choice(v or "open_to_all", ELIGIBILITIES, "who can use it"))
    field("status", lambda v: _choice(v or "active", STATUSES, "status"))
    field("postcode", lambda v: normalise_postcode(v) if v else None)
    field("phone", lambda v: normalise_phone(v) if v else None)
    field("email", _email)
    field("website", _website)
    for name, label in (("age_min", "Youngest age"), ("age_max", "Oldest age")):
        try:
            out[f"{name}_days"] = _age_days(text.get(name, ""), label)
        except ValueError as exc:
            errors[name] = str(exc)
    youngest, oldest = out.get("age_min_days"), out.get("age_max_days")
    both_read = not errors.keys() & {"age_min", "age_max"}
    if both_read and youngest is not None and oldest is not None and oldest < youngest:
        errors["age_max"] = "The oldest age is below the youngest age"
    out["languages"] = _list(text.get("languages"))
    out["accessibility"] = _list(text.get("accessibility"))
    field("needs", lambda v: _known(_list(v), topic_ids, "topic"))
    field(
        "dispositions",
        lambda _: _known(
            _list(form.get("dispositions")),
            [d.value for d in Disposition if d.value != "unclear"],
            "level of care",
        ),
    )
    field("access", lambda _: _known(_list(form.get("access")), ACCESS_ROUTES, "way in"))
    _coverage(form, text, out, errors, neighbourhood_ids, area_ids)
    schedule, schedule_errors = schedule_from_form(form)
    errors.update(schedule_errors)
    if not schedule_errors:
        # Keep today's closed/full switch: the editor form does not show it.
        switches = [
            e for e in (current.get("schedule") or {}).get("exceptions") or [] if _is_switch(e)
        ]
        schedule["exceptions"] = schedule["exceptions"] + switches
        out["schedule"] = canonical_schedule(schedule)
    if errors:
        return FormResult(None, errors)
    try:
        return FormResult(ServiceProfile.from_dict(out).to_dict(), {})
    except ValueError as exc:
        return FormResult(None, {"form": str(exc)})


def _coverage(form, text, out, errors, neighbourhood_ids, area_ids) -> None:
    level = text.get("coverage_level") or "city"
    codes = _list(form.get("coverage_codes"))
    if level == "city":
        out["coverage"] = {"level": "city"}
        return
    known = neighbourhood_ids if level == "neighbourhood" else area_ids
    if level not in ("area", "neighbourhood"):
        errors["coverage_level"] = "choose the whole city, some areas or some neighbourhoods"
    elif not codes:
        errors["coverage_codes"] = f"tick at least one {level}, or choose the whole city"
    elif known and [c for c in codes if c not in known]:
        unknown = ", ".join(c for c in codes if c not in known)
        errors["coverage_codes"] = f"{unknown}: not a {level} of Manchester"
    else:
        key = "areas" if level == "area" else "neighbourhoods"
        out["coverage"] = {"level": level, key: codes}


def _required(value: str, message: str, limit: int) -> str:
    if not value:
        raise ValueError(message)
    return _optional(value, limit)


def _optional(value: str, limit: int) -> str | None:
    if len(value) > limit:
        raise ValueError(f"keep this under {limit} characters (it has {len(value)})")
    return value or None


def _choice(value: str, allowed, what: str) -> str:
    if value not in allowed:
        raise ValueError(f"choose a {what} from the list")
    return value


def _known(values: list[str], allowed, what: str) -> list[str]:
    allowed = list(allowed)
    bad = [v for v in values if (allowed and v not in allowed) or not SLUG_PATTERN.match(v)]
    if bad:
        hint = f"; known: {', '.join(sorted(allowed)[:40])}" if allowed else ""
        raise ValueError(f"not a known {what}: {', '.join(bad)}{hint}")
    return values


def _email(value: str) -> str | None:
    if value and not EMAIL_PATTERN.match(value):
        raise ValueError(f"{value!r} is not an email address (like info@example.org)")
    return value or None


def _website(value: str) -> str | None:
    if not value:
        return None
    if not re.match(r"^https?://", value, re.I):
        value = "https://" + value
    if not re.match(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$", value, re.I):
        raise ValueError(f"{value!r} is not a web address (like https://example.org)")
    return value
