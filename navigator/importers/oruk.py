"""Open Referral UK / HSDS 3.0 JSON -> service profiles.

Accepts a list of service objects, one service object, or an ORUK API page
({"contents": [...], "total_items": ...}). Our own export (exporters/oruk.py) carries
`x_navigator` and `x_navigator_exceptions` and round-trips exactly; anyone else's HSDS is
mapped from the standard fields: taxonomy terms that are SPEC type ids give the type
(services with none are skipped with a warning), WEEKLY schedules give weekly sessions
(anything else is kept as text), service_areas naming a SPEC neighbourhood or area (by id or
name) give coverage, else the location's point or postcode does, else city-wide.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime
from pathlib import Path

from navigator.core.models import DAYS_PER_YEAR, ServiceType
from navigator.core.profiles import Coverage, Organisation, ServiceProfile
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
TIME_PATTERN = re.compile(r"^(\d{1,2}):(\d{2})")


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
        records = []
        for number, item in enumerate(service_items(data, path.name), start=1):
            report.rows_read += 1
            where = f"{path.name} service {number} ({item.get('id')!r})"
            try:
                record = record_from_hsds(item, number, where, locator, report, now)
            except (ValueError, TypeError, KeyError) as exc:
                raise ValueError(f"{where}: {exc}") from None
            if record is None:
                report.skipped += 1
            else:
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


def record_from_hsds(item: dict, number, where, locator, report, now) -> Record | None:
    ext = item.get("x_navigator") or {}
    org = _organisation(item.get("organization"), item.get("organization_id"))
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
    service_id = str(item.get("id") or "")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", service_id):
        service_id = f"{SOURCE}-{slug(service_id or item.get('name'))}"
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
        "postcode": postcode,
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
        # A foreign feed without an assured date counts as checked by this import.
        "last_reviewed": item.get("assured_date") or (None if ext else now.date()),
        "reviewed_by": ext.get("reviewed_by", IMPORT_REVIEWER),
        "next_review_due": ext.get("next_review_due"),
        "demo": ext.get("demo", False),
        "source": ext.get("source", SOURCE),
    }  # fmt: skip
    return Record(number, org, ServiceProfile.from_dict(data))


def _organisation(data: dict | None, org_id: str | None) -> Organisation | None:
    if not data:
        return None
    ext = data.get("x_navigator") or {}
    phones = data.get("phones") or []
    return Organisation(
        id=str(data.get("id") or org_id or f"{SOURCE}-{slug(data.get('name'))}"),
        name=data.get("name") or "Unnamed organisation",
        description=data.get("description"),
        website=data.get("website") or data.get("url"),
        phone=phones[0].get("number") if phones else None,
        email=data.get("email"),
        trusted=bool(ext.get("trusted", False)),
        source=ext.get("source", SOURCE),
    )


def _type_from_terms(item: dict) -> str | None:
    terms = [a.get("taxonomy_term") or {"id": a.get("taxonomy_term_id")}
             for a in item.get("attributes") or []]  # fmt: skip
    terms += item.get("taxonomy_terms") or []  # older ORUK feeds list terms directly
    ranked = sorted(terms, key=lambda t: t.get("vocabulary") != TYPE_VOCABULARY)
    for term in ranked:
        for key in ("code", "id", "name"):
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
    ext = item.get("x_navigator_exceptions") or {}
    weekly, texts = [], []
    for entry in item.get("schedules") or []:
        opens, closes = _time(entry.get("opens_at")), _time(entry.get("closes_at"))
        days = [d.strip().upper() for d in (entry.get("byday") or "").split(",") if d.strip()]
        freq = str(entry.get("freq") or "WEEKLY").upper()
        weekly_entry = freq == "WEEKLY" and entry.get("interval") in (None, 1, "1")
        if weekly_entry and opens and closes and days and all(d in BYDAY_TO_DAY for d in days):
            weekly += [{"day": BYDAY_TO_DAY[d], "opens": opens, "closes": closes} for d in days]
        if entry.get("description") and entry["description"] not in texts:
            texts.append(entry["description"])
    text = (item.get("x_navigator") or {}).get("schedule_text", " ".join(texts) or None)
    always_open = bool(ext.get("always_open", False))
    return {
        "always_open": always_open,
        "weekly": [] if always_open else weekly,
        "bank_holidays": ext.get("bank_holidays"),
        "exceptions": ext.get("exceptions") or [],
        "text": text,
    }


def _time(value) -> str | None:
    match = TIME_PATTERN.match(str(value or "").strip())
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None


def _number(value) -> float | None:
    try:
        return None if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return None


def _days(years) -> float | None:
    value = _number(years)
    return None if value is None else round(value * DAYS_PER_YEAR, 2)
