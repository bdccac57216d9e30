"""Admin form -> service profile dict, with messages that say what to type instead.

Pure (no Flask): the form arrives as a mapping of field name -> text (or list of texts for
the multi-choice fields in MULTI_FIELDS). profile_from_form returns the new profile dict (the
ServiceProfile.to_dict shape) or a message per bad field; form_from_profile fills the form.

The opening-hours part of the form (weekday boxes, bank holidays, dated exceptions and the
"closed today / full today" switch) is core/editing/hoursform.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import phonenumbers

from navigator.core.directory.profiles import (
    ACCESS_ROUTES,
    ELIGIBILITIES,
    SEXES,
    STATUSES,
    ServiceProfile,
    canonical_schedule,
)
from navigator.core.editing.hoursform import is_today_switch, schedule_from_form, schedule_to_form
from navigator.core.models import Disposition, ServiceType

MULTI_FIELDS = ("dispositions", "access", "coverage_codes")
DAYS_PER_YEAR = 365.25  # NHS DoS convention for ages held in days
DAYS_PER_MONTH = 30.4375
MAX_NAME_CHARS = 200
MAX_TEXT_CHARS = 2000
MAX_ALERT_CHARS = 300
# Outward code + inward code (ONS format); validity beyond shape is the postcode table's job.
POSTCODE_PATTERN = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
DISTRICT_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


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
    """A form's list: one comma- or line-separated string, or the values of a multi-field."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in (p.strip() for p in re.split(r"[,\n]", value)) if v]
    values = value if isinstance(value, Iterable) else [value]
    return [str(v).strip() for v in values if str(v).strip()]


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
            e for e in (current.get("schedule") or {}).get("exceptions") or [] if is_today_switch(e)
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
    return _within(value, limit)


def _optional(value: str, limit: int) -> str | None:
    return _within(value, limit) or None


def _within(value: str, limit: int) -> str:
    if len(value) > limit:
        raise ValueError(f"keep this under {limit} characters (it has {len(value)})")
    return value


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
