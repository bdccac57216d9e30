"""A directory entry as plain data: organisations and service profiles (directory/README.md).

from_dict accepts the README's YAML shape (what importers produce and services/*.yaml hold);
to_dict gives it back, so a profile round-trips through YAML, JSON and the database. Every
problem raises ValueError naming the service and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date

from navigator.core.directory.openinghours import Schedule
from navigator.core.models import Disposition, ServiceType

SEXES = ("any", "female", "male")
ELIGIBILITIES = ("open_to_all", "residents", "gp_registered", "referral")
ACCESS_ROUTES = ("walk_in", "phone", "online", "self_referral", "referral_needed", "appointment")
STATUSES = ("active", "temporarily_closed", "closed")
COVERAGE_LEVELS = ("city", "area", "neighbourhood")
CITY_CODE = "manchester"  # the one code a city-level coverage row carries
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # nhsbsa-FRL97: ODS codes keep case
# A reference to a topic id or a place id: lower-case slug.
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Coverage:
    """Where a service is delivered: the whole city, some areas, or some neighbourhoods."""

    level: str = "city"
    codes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict | None, where: str = "coverage") -> Coverage:
        data = data or {"level": "city"}
        level = data.get("level")
        if level not in COVERAGE_LEVELS:
            raise ValueError(f"{where}: level {level!r} is not one of {', '.join(COVERAGE_LEVELS)}")
        if level == "city":
            return cls("city", ())
        key = "areas" if level == "area" else "neighbourhoods"
        codes = tuple(_str_list(data.get(key), f"{where}.{key}"))
        if not codes:
            raise ValueError(f"{where}: level {level} needs a non-empty {key} list")
        return cls(level, codes)

    def to_dict(self) -> dict:
        if self.level == "city":
            return {"level": "city"}
        key = "areas" if self.level == "area" else "neighbourhoods"
        return {"level": self.level, key: list(self.codes)}

    def rows(self) -> list[tuple[str, str]]:
        """(level, code) pairs as stored in service_coverage."""
        if self.level == "city":
            return [("city", CITY_CODE)]
        return [(self.level, code) for code in self.codes]


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    description: str | None = None
    website: str | None = None
    phone: str | None = None
    email: str | None = None
    trusted: bool = False
    source: str = "manual"

    @classmethod
    def from_dict(cls, data: dict) -> Organisation:
        where = f"organisation {data.get('id')!r}"
        _check_id(data.get("id"), where)
        if not str(data.get("name") or "").strip():
            raise ValueError(f"{where}: name is required")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {', '.join(unknown)}")
        values = dict(data)
        values["trusted"] = bool(values.get("trusted", False))
        return cls(**values)

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class ServiceProfile:
    id: str
    name: str
    type: str
    organisation: str | None = None
    description: str | None = None
    dispositions: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()  # topic ids; () = any need its type meets
    age_min_days: float | None = None
    age_max_days: float | None = None
    sex: str = "any"
    eligibility: str = "open_to_all"
    eligibility_text: str | None = None
    access: tuple[str, ...] = ()
    schedule: dict = field(default_factory=dict, compare=True, hash=False)
    coverage: Coverage = field(default_factory=Coverage)
    address: str | None = None
    postcode: str | None = None
    lat: float | None = None
    lon: float | None = None
    phone: str | None = None
    email: str | None = None  # not in the README example: the only contact some entries have
    website: str | None = None
    languages: tuple[str, ...] = ()
    accessibility: tuple[str, ...] = ()
    cost: str | None = None
    status: str = "active"
    alert: str | None = None
    last_reviewed: date | None = None
    reviewed_by: str | None = None
    next_review_due: date | None = None
    demo: bool = False
    source: str = "manual"

    @classmethod
    def from_dict(cls, data: dict) -> ServiceProfile:
        where = f"service {data.get('id')!r}"
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {', '.join(unknown)}")
        values = {k: v for k, v in data.items() if v is not None or k in ("schedule",)}
        for name in ("dispositions", "needs", "access", "languages", "accessibility"):
            values[name] = tuple(_str_list(data.get(name), f"{where}: {name}"))
        values["coverage"] = Coverage.from_dict(data.get("coverage"), f"{where}: coverage")
        values["schedule"] = canonical_schedule(_plain(dict(data.get("schedule") or {})), where)
        for name in ("last_reviewed", "next_review_due"):
            values[name] = _date(data.get(name), f"{where}: {name}")
        for name in ("age_min_days", "age_max_days", "lat", "lon"):
            values[name] = _number(data.get(name), f"{where}: {name}")
        values["demo"] = bool(data.get("demo", False))
        if data.get("phone") is not None:
            values["phone"] = str(data["phone"])
        profile = cls(**values)
        profile.validate()
        return profile

    def validate(self) -> None:
        where = f"service {self.id!r}"
        _check_id(self.id, where)
        if not (self.name or "").strip():
            raise ValueError(f"{where}: name is required")
        _one_of(self.type, [t.value for t in ServiceType], f"{where}: type")
        for d in self.dispositions:
            _one_of(
                d,
                [x.value for x in Disposition if x != Disposition.UNCLEAR],
                f"{where}: disposition",
            )
        for need in self.needs:
            if not CODE_PATTERN.match(need):
                raise ValueError(f"{where}: need {need!r} is not a topic id")
        _one_of(self.sex, SEXES, f"{where}: sex")
        _one_of(self.eligibility, ELIGIBILITIES, f"{where}: eligibility")
        for route in self.access:
            _one_of(route, ACCESS_ROUTES, f"{where}: access")
        _one_of(self.status, STATUSES, f"{where}: status")
        for code in self.coverage.codes:
            if not CODE_PATTERN.match(code):
                raise ValueError(f"{where}: coverage code {code!r} is not a place id")
        if self.age_min_days is not None and self.age_min_days < 0:
            raise ValueError(f"{where}: age_min_days must be >= 0")
        if (
            self.age_min_days is not None
            and self.age_max_days is not None
            and self.age_max_days < self.age_min_days
        ):
            raise ValueError(f"{where}: age_max_days is below age_min_days")
        if (self.lat is None) != (self.lon is None):
            raise ValueError(f"{where}: give both lat and lon, or neither")
        if (
            self.lat is not None
            and self.lon is not None
            and not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180)
        ):
            raise ValueError(f"{where}: lat/lon out of range")
        _check_schedule(self.schedule, where)

    def check_places(self, neighbourhood_ids, area_ids) -> None:
        """Coverage codes must be real SPEC place ids (the caller loads them from the yaml)."""
        known = set(area_ids) if self.coverage.level == "area" else set(neighbourhood_ids)
        unknown = [c for c in self.coverage.codes if c not in known]
        if unknown:
            raise ValueError(
                f"service {self.id!r}: unknown {self.coverage.level} id(s) {', '.join(unknown)}"
            )

    def to_dict(self) -> dict:
        out: dict = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Coverage):
                value = value.to_dict()
            elif isinstance(value, date):
                value = value.isoformat()
            out[f.name] = value
        return out


def _check_id(value, where: str) -> None:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise ValueError(f"{where}: id must be a slug (letters, digits, '-', '_', '.')")


def _one_of(value, allowed, where: str) -> None:
    if value not in allowed:
        raise ValueError(f"{where} {value!r} is not one of: {', '.join(allowed)}")


def _str_list(value, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValueError(f"{where} must be a list")
    if not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{where} must hold non-empty strings")
    return list(value)


def _date(value, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"{where} {value!r} is not a YYYY-MM-DD date") from None


def _number(value, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{where} {value!r} is not a number")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where} {value!r} is not a number") from None


def _plain(value):
    """YAML reads 2026-12-25 as a date: keep schedules JSON-plain so they round-trip equal."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _check_schedule(schedule: dict, where: str) -> None:
    if not isinstance(schedule, dict):
        raise ValueError(f"{where}: schedule must be a mapping")
    canonical_schedule(schedule, where)


DAY_ORDER = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def canonical_schedule(schedule: dict, where: str = "schedule") -> dict:
    """The one stored form of a schedule: every key present, weekly sessions in day then
    time order, dates as strings. Two schedules that mean the same compare equal."""
    try:
        canonical = Schedule.from_dict(schedule).to_dict()
    except (ValueError, TypeError, KeyError) as exc:
        raise ValueError(f"{where}: schedule: {exc}") from None
    canonical["weekly"].sort(key=lambda s: (DAY_ORDER.index(s["day"]), s["opens"], s["closes"]))
    return canonical


REVIEW_INTERVAL_MONTHS = 6  # SPEC 5.2: entries not reviewed for 6 months are stale


def add_months(day: date, months: int) -> date:
    """Calendar months, clamping the day (31 Aug + 6 months = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate_day))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def review_due(profile: ServiceProfile) -> date | None:
    """The explicit next_review_due, else last_reviewed + REVIEW_INTERVAL_MONTHS."""
    if profile.next_review_due is not None:
        return profile.next_review_due
    if profile.last_reviewed is None:
        return None
    return add_months(profile.last_reviewed, REVIEW_INTERVAL_MONTHS)
