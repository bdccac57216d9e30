"""Open Referral UK / HSDS 3.0 JSON -> service profiles (`navigator import oruk FILE`).

Accepts a list of service objects, one service object, or an ORUK API page
({"contents": [...], "total_items": ...}, as another feed's GET /services returns). Our own
export (exporters/oruk.py) carries `x_navigator` and `x_navigator_exceptions` and
round-trips exactly; anyone else's HSDS is mapped from the standard fields: taxonomy terms
that are SPEC type ids give the type (services with none are skipped with a warning),
WEEKLY schedules give weekly sessions (times with a UTC offset are turned into UK local
time; one-date schedules become dated exceptions; anything else is kept as text),
service_areas naming a SPEC neighbourhood or area (by id or name) give coverage, else the
location's point or postcode does, else city-wide.

Merging another directory: its services keep their own ids (UUIDs) and say where they came
from (source "oruk:<file name>"); the feed's assured_date counts as a review by the source.
A newcomer that is already in our directory (same or very similar name, or the same phone,
at the same postcode or within DUPLICATE_RADIUS_M) is matched, not added twice: ours stays.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from datetime import datetime
from pathlib import Path

from rapidfuzz import fuzz, utils

from navigator.core.directory.openinghours import LONDON
from navigator.core.directory.profiles import Coverage, Organisation, ServiceProfile
from navigator.core.models import DAYS_PER_YEAR, ServiceType
from navigator.exporters.oruk import BYDAY_TO_DAY, HSDS_TO_STATUS, TYPE_VOCABULARY
from navigator.importers.base import (
    IMPORT_REVIEWER,
    ImportReport,
    Locator,
    Record,
    load_geography,
    slug,
    store_records,
)
from navigator.paths import DIRECTORY_DIR
from navigator.store.oruk import services_near
from navigator.store.services import get_service

SOURCE = "oruk"
TYPE_IDS = {t.value for t in ServiceType}
# Dispositions a service type accepts when the feed does not say (foreign HSDS).
DEFAULT_DISPOSITIONS = {
    "pharmacy": ("pharmacy", "self_care"),
    "gp_practice": ("gp",),
    "urgent_treatment_centre": ("urgent_care",),
    "emergency_department": ("a_and_e", "emergency_999"),
    "dentist": ("dental",),
    "nhs_111": ("nhs_111",),
    "mental_health_crisis_line": ("mental_health_crisis",),
    "sexual_health": ("gp", "pharmacy"),
}
TIME_PATTERN = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")
SOURCE_REVIEWER = "source"  # reviewed_by when the feed's own assured_date is kept
DUPLICATE_RADIUS_M = 150
DUPLICATE_NAME_SCORE = 85  # rapidfuzz token_sort_ratio, 0-100


def import_oruk(
    conn: sqlite3.Connection, path: str | Path, *, now: datetime, directory: Path = DIRECTORY_DIR
) -> ImportReport:
    path = Path(path)
    report = ImportReport(SOURCE, path.name)

    def build() -> list[Record]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path.name} line {exc.lineno}: not valid JSON ({exc.msg})") from None
        locator = Locator(conn, load_geography(directory), directory)
        feed = f"{SOURCE}:{slug(path.stem)}"
        records = []
        for number, item in enumerate(service_items(data, path.name), start=1):
            report.rows_read += 1
            where = f"{path.name} service {number} ({item.get('id')!r})"
            try:
                record = record_from_hsds(item, number, where, locator, report, now, feed)
            except (ValueError, TypeError, KeyError) as exc:
                raise ValueError(f"{where}: {exc}") from None
            if record is None:
                report.skipped += 1
                continue
            ours = None if item.get("x_navigator") else duplicate_of(conn, record.service)
            if ours is not None:
                report.matched += 1
                report.warnings.append(f"{where}: already in the directory as {ours}; kept ours")
                continue
            records.append(record)
        return records

    return store_records(conn, report, build, now=now)


def service_items(data, file_name: str = "input") -> list[dict]:
    """The service objects in any of the three accepted shapes."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        items = data["contents"]
    elif isinstance(data, dict) and "id" in data and "name" in data:
        items = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise ValueError(f"{file_name}: expected a list of HSDS services or an API page")
    if not all(isinstance(item, dict) for item in items):
        raise ValueError(f"{file_name}: every service must be a JSON object")
    return items


def duplicate_of(conn: sqlite3.Connection, newcomer: ServiceProfile) -> str | None:
    """The id of a service from another source that is this newcomer, or None."""
    if get_service(conn, newcomer.id) is not None:
        return None  # the same feed again: an update, not a duplicate
    near = services_near(conn, postcode=newcomer.postcode, lat=newcomer.lat, lon=newcomer.lon,
                         radius_m=DUPLICATE_RADIUS_M, exclude_source=newcomer.source)  # fmt: skip
    phone = _digits(newcomer.phone)
    for candidate in near:
        if _same_name(newcomer.name, candidate.name) or (
            phone and phone == _digits(candidate.phone)
        ):
            return candidate.id
    return None


def _same_name(a: str, b: str) -> bool:
    """Word order and spacing aside ("Food Bank" = "Foodbank"), nearly the same name."""
    words = fuzz.token_sort_ratio(a, b, processor=utils.default_process,
                                  score_cutoff=DUPLICATE_NAME_SCORE)  # fmt: skip
    squashed = fuzz.ratio(utils.default_process(a).replace(" ", ""),
                          utils.default_process(b).replace(" ", ""),
                          score_cutoff=DUPLICATE_NAME_SCORE)  # fmt: skip
    return bool(words or squashed)


def _digits(phone: str | None) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return "0" + digits[2:] if digits.startswith("44") else digits


def record_from_hsds(item: dict, number, where, locator, report, now, feed=SOURCE):
    ext = item.get("x_navigator") or {}
    org = _organisation(item.get("organization"), item.get("organization_id"), feed)
    service_type = ext.get("type") or _type_from_terms(item)
    if service_type is None:
        report.warnings.append(f"{where}: no SPEC service type among its taxonomy terms; skipped")
        return None
    location = _first_location(item)
    address = location.get("address") or {}
    lat, lon = _number(location.get("latitude")), _number(location.get("longitude"))
    postcode = (address.get("postal_code") or "").strip().upper() or None
    coverage = (
        Coverage.from_dict(ext["coverage"]) if ext.get("coverage")
        else _coverage(item, locator, lat, lon, postcode, where, report)
    )  # fmt: skip
    phones = item.get("phones") or []
    status = item.get("status") or "active"
    if status not in HSDS_TO_STATUS:
        raise ValueError(f"status {status!r} is not an HSDS service status")
    service_id = str(ext.get("id") or item.get("id") or "")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", service_id):
        service_id = f"{SOURCE}-{slug(service_id or item.get('name'))}"
    assured = item.get("assured_date") or None
    data = {
        "id": service_id,
        "organisation": org.id if org else None,
        "name": item.get("name"),
        "type": service_type,
        "description": item.get("description"),
        "dispositions": ext.get("dispositions", list(DEFAULT_DISPOSITIONS.get(service_type,
                                                                             ("community",)))),
        "needs": ext.get("needs", []),
        "age_min_days": ext["age_min_days"] if "age_min_days" in ext
        else _days(item.get("minimum_age")),
        "age_max_days": ext["age_max_days"] if "age_max_days" in ext
        else _days(item.get("maximum_age")),
        "sex": ext.get("sex", "any"),
        "eligibility": ext.get("eligibility", "open_to_all"),
        "eligibility_text": item.get("eligibility_description"),
        "access": ext.get("access", []),
        "schedule": _schedule(item),
        "coverage": coverage.to_dict(),
        "address": ext["address"] if "address" in ext else address.get("address_1") or None,
        "postcode": ext.get("postcode", postcode),
        "lat": lat,
        "lon": lon,
        "phone": phones[0].get("number") if phones else None,
        "email": item.get("email"),
        "website": item.get("url"),
        "languages": [lang.get("code") or lang.get("name") for lang in item.get("languages") or []],
        "accessibility": ext.get("accessibility",
                                 [a.get("description") for a in location.get("accessibility", [])
                                  if a.get("description")]),
        "cost": item.get("fees_description"),
        "status": HSDS_TO_STATUS[status],
        "alert": item.get("alert"),
        # Ours: the review as recorded. Another feed's: its own assured_date is a review by
        # the source; without one, the data is as of this import (never published as assured).
        "last_reviewed": ext["last_reviewed"] if "last_reviewed" in ext
        else assured or (None if ext else now.date()),
        "reviewed_by": ext.get("reviewed_by", SOURCE_REVIEWER if assured else IMPORT_REVIEWER),
        "next_review_due": ext.get("next_review_due"),
        "demo": ext.get("demo", False),
        "source": ext.get("source", feed),
    }  # fmt: skip
    return Record(number, org, ServiceProfile.from_dict(data))


def _organisation(data: dict | None, org_id: str | None, feed: str) -> Organisation | None:
    if not data:
        return None
    ext = data.get("x_navigator") or {}
    generated = set(ext.get("generated") or ())  # filled in by our exporter, not given
    phones = data.get("phones") or []
    return Organisation(
        id=str(ext.get("id") or data.get("id") or org_id or f"{SOURCE}-{slug(data.get('name'))}"),
        name=data.get("name") or "Unnamed organisation",
        description=None if "description" in generated else data.get("description"),
        website=data.get("website") or data.get("url"),
        phone=phones[0].get("number") if phones else None,
        email=data.get("email"),
        trusted=bool(ext.get("trusted", False)),
        source=ext.get("source", feed),
    )


def _type_from_terms(item: dict) -> str | None:
    terms = [a.get("taxonomy_term") or {"id": a.get("taxonomy_term_id")}
             for a in item.get("attributes") or []]  # fmt: skip
    terms += item.get("taxonomy_terms") or []  # older ORUK feeds list terms directly
    ranked = sorted(terms, key=lambda t: TYPE_VOCABULARY not in (t.get("vocabulary"),
                                                                 t.get("taxonomy")))  # fmt: skip
    for term in ranked:
        for key in ("code", "term", "id", "name"):
            value = str(term.get(key) or "").strip().lower().replace(" ", "_")
            if value in TYPE_IDS:
                return value
    return None


def _first_location(item: dict) -> dict:
    for link in item.get("service_at_locations") or []:
        location = link.get("location") or {}
        addresses = location.get("addresses") or location.get("physical_addresses") or []
        return {**location, "address": addresses[0] if addresses else {}}
    return {}


def _coverage(item, locator, lat, lon, postcode, where, report) -> Coverage:
    geography = locator.geography
    names = {**{slug(n): n for n in geography.neighbourhood_ids}, **geography.neighbourhood_names}
    areas = {slug(a): a for a in geography.area_ids}
    hoods, found_areas = [], []
    for area in item.get("service_areas") or []:
        key = slug(area.get("name") or area.get("service_area")).replace("-and-", "-")
        if key in ("manchester", "city-of-manchester"):
            return Coverage("city")
        if key in names:
            hoods.append(names[key])
        elif key in areas or key.removesuffix("-manchester") in areas:
            found_areas.append(areas.get(key) or areas[key.removesuffix("-manchester")])
    if hoods:
        return Coverage("neighbourhood", tuple(hoods))
    if found_areas:
        return Coverage("area", tuple(found_areas))
    return locator.coverage(lat=lat, lon=lon, postcode=postcode, where=where,
                            warnings=report.warnings)  # fmt: skip


def _schedule(item: dict) -> dict:
    """Weekly sessions (deduplicated across UTC-offset windows), one-date schedules as dated
    exceptions, free text kept; our own extension, when present, gives the exact rules."""
    ext = item.get("x_navigator_exceptions")
    weekly: list[dict] = []
    dated: dict[str, dict] = {}
    texts: list[str] = []
    for entry in item.get("schedules") or []:
        day_from = _date_text(entry.get("valid_from") or entry.get("dtstart"))
        one_day = day_from is not None and _date_text(entry.get("valid_to")) == day_from
        on = dt.date.fromisoformat(day_from) if day_from else None
        opens, closes = _time(entry.get("opens_at"), on), _time(entry.get("closes_at"), on)
        if one_day:
            exception = dated.setdefault(day_from, {"date": day_from, "sessions": [],
                                                    "note": entry.get("description")})  # fmt: skip
            if opens and closes:
                exception["sessions"].append({"opens": opens, "closes": closes})
            continue
        days = [d.strip().upper() for d in (entry.get("byday") or "").split(",") if d.strip()]
        freq = str(entry.get("freq") or "WEEKLY").upper()
        weekly_entry = freq == "WEEKLY" and entry.get("interval") in (None, 1, "1")
        if weekly_entry and opens and closes and days and all(d in BYDAY_TO_DAY for d in days):
            for d in days:
                session = {"day": BYDAY_TO_DAY[d], "opens": opens, "closes": closes}
                if session not in weekly:
                    weekly.append(session)
        elif entry.get("description") and entry["description"] not in texts:
            texts.append(entry["description"])
    text = (item.get("x_navigator") or {}).get("schedule_text", " ".join(texts) or None)
    if ext is not None:  # ours: the exact rules behind the dated schedules
        always_open = bool(ext.get("always_open", False))
        bank_holidays, exceptions = ext.get("bank_holidays"), ext.get("exceptions") or []
    else:
        always_open, bank_holidays, exceptions = False, None, list(dated.values())
    return {
        "always_open": always_open,
        "weekly": [] if always_open else weekly,
        "bank_holidays": bank_holidays,
        "exceptions": exceptions,
        "text": text,
    }


def _date_text(value) -> str | None:
    text = str(value or "").strip()[:10]
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _time(value, on: dt.date | None = None) -> str | None:
    """"HH:MM" UK local time. A time with a UTC offset ("09:00+01:00", "08:00Z") is read as
    that instant on `on` (the schedule's first valid day; today when it has none)."""
    match = TIME_PATTERN.match(str(value or "").strip())
    if not match:
        return None
    hours, minutes, offset = int(match.group(1)), int(match.group(2)), match.group(3)
    if hours > 24 or minutes > 59:
        return None
    if offset is None or hours == 24:
        return f"{hours:02d}:{minutes:02d}"
    sign = -1 if offset.startswith("-") else 1
    digits = offset.replace(":", "")[1:] if offset != "Z" else "0000"
    zone = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    day = on or dt.datetime.now(LONDON).date()
    local = dt.datetime.combine(day, dt.time(hours, minutes), zone).astimezone(LONDON)
    return f"{local.hour:02d}:{local.minute:02d}"


def _number(value) -> float | None:
    try:
        return None if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return None


def _days(years) -> float | None:
    value = _number(years)
    return None if value is None else round(value * DAYS_PER_YEAR, 2)
