"""Service profiles as Open Referral UK / HSDS 3.0 JSON (also backs the read-only API).

Each service is the HSDS "service" object with nested organization, service_at_locations
(location, address, accessibility), phones, schedules (freq WEEKLY, byday, opens_at,
closes_at), service_areas, languages and attributes -> taxonomy_term.

Two documented extension fields carry what HSDS cannot express, so our own export
round-trips exactly through importers/oruk.py:
- `x_navigator_exceptions`: {"always_open": bool, "bank_holidays": null | [{opens, closes}],
  "exceptions": [{date, sessions: [{opens, closes}], note}]}. HSDS schedules cannot express
  bank holidays (an open issue in the standard), nor dated closures without RRULE tricks.
- `x_navigator`: profile fields with no HSDS home: dispositions, needs, sex, eligibility,
  access, ages in days (HSDS minimum_age/maximum_age are years), coverage level and codes,
  accessibility codes, reviewed_by, next_review_due, demo, source, schedule text.
Consumers that do not know these fields can ignore them (HSDS allows extra properties).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from navigator.core.models import DAYS_PER_YEAR
from navigator.core.openinghours import Schedule
from navigator.core.profiles import Organisation, ServiceProfile

HSDS_VERSION = "3.0"
STATUS_TO_HSDS = {"active": "active", "temporarily_closed": "temporarily closed",
                  "closed": "defunct"}  # fmt: skip
HSDS_TO_STATUS = {"active": "active", "temporarily closed": "temporarily_closed",
                  "inactive": "temporarily_closed", "defunct": "closed"}  # fmt: skip
DAY_TO_BYDAY = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA",
                "sun": "SU"}  # fmt: skip
BYDAY_TO_DAY = {v: k for k, v in DAY_TO_BYDAY.items()}
TYPE_VOCABULARY = "navigator-service-type"  # SPEC section 4 taxonomy ids
DISPOSITION_VOCABULARY = "navigator-disposition"


def service_to_hsds(profile: ServiceProfile, organisation: Organisation | None) -> dict:
    """One HSDS 3.0 service object."""
    schedule = Schedule.from_dict(profile.schedule)
    canonical = schedule.to_dict()
    out: dict = {
        "id": profile.id,
        "organization_id": profile.organisation,
        "name": profile.name,
        "description": profile.description,
        "url": profile.website,
        "email": profile.email,
        "status": STATUS_TO_HSDS[profile.status],
        "alert": profile.alert,
        "eligibility_description": profile.eligibility_text,
        "minimum_age": _years(profile.age_min_days),
        "maximum_age": _years(profile.age_max_days),
        "fees_description": profile.cost,
        "assured_date": profile.last_reviewed.isoformat() if profile.last_reviewed else None,
        "organization": _organisation(organisation),
        "phones": [{"id": f"{profile.id}-phone", "number": profile.phone}] if profile.phone
        else [],
        "schedules": _schedules(profile.id, schedule),
        "service_areas": [
            {"id": f"{profile.id}-area-{i}", "service_id": profile.id, "name": code,
             "description": level}
            for i, (level, code) in enumerate(profile.coverage.rows())
        ],
        "service_at_locations": _locations(profile),
        "languages": [
            {"id": f"{profile.id}-lang-{code}", "service_id": profile.id, "code": code}
            for code in profile.languages
        ],
        "attributes": _attributes(profile),
        "x_navigator_exceptions": {
            "always_open": schedule.always_open,
            "bank_holidays": canonical["bank_holidays"],
            "exceptions": canonical["exceptions"],
        },
        "x_navigator": {
            "type": profile.type,
            "dispositions": list(profile.dispositions),
            "needs": list(profile.needs),
            "sex": profile.sex,
            "eligibility": profile.eligibility,
            "access": list(profile.access),
            "age_min_days": profile.age_min_days,
            "age_max_days": profile.age_max_days,
            "coverage": profile.coverage.to_dict(),
            "accessibility": list(profile.accessibility),
            "address": profile.address,
            "reviewed_by": profile.reviewed_by,
            "next_review_due": profile.next_review_due.isoformat()
            if profile.next_review_due
            else None,
            "demo": profile.demo,
            "source": profile.source,
            "schedule_text": schedule.text,
        },
    }  # fmt: skip
    return out


def export_services(
    profiles: Iterable[ServiceProfile], organisations: dict[str, Organisation]
) -> list[dict]:
    return [service_to_hsds(p, organisations.get(p.organisation or "")) for p in profiles]


def paginated(page, organisations: dict[str, Organisation]) -> dict:
    """The ORUK API list response for a store.search.SearchPage."""
    contents = export_services(page.items, organisations)
    for item in contents:
        if item["id"] in page.distances_km:
            item["x_navigator_distance_m"] = round(page.distances_km[item["id"]] * 1000)
    return {
        "total_items": page.total_items,
        "total_pages": page.total_pages,
        "page_number": page.page_number,
        "size": page.size,
        "first_page": page.first_page,
        "last_page": page.last_page,
        "empty": page.empty,
        "contents": contents,
    }


def export_directory(conn: sqlite3.Connection) -> list[dict]:
    """Every service in the database, by id, as HSDS service objects."""
    from navigator.store.services import all_service_ids, get_organisation, get_services

    ids = all_service_ids(conn)
    profiles = get_services(conn, ids)
    org_ids = {p.organisation for p in profiles if p.organisation}
    organisations = {i: o for i in org_ids if (o := get_organisation(conn, i)) is not None}
    return export_services(profiles, organisations)


def write_oruk_json(conn: sqlite3.Connection, path: str | Path) -> int:
    """Write the whole directory to a JSON file; returns the number of services."""
    services = export_directory(conn)
    Path(path).write_text(json.dumps(services, indent=2, ensure_ascii=False), encoding="utf-8")
    return len(services)


def _years(days: float | None) -> float | None:
    return None if days is None else round(days / DAYS_PER_YEAR, 2)


def _organisation(org: Organisation | None) -> dict | None:
    if org is None:
        return None
    return {
        "id": org.id, "name": org.name, "description": org.description, "website": org.website,
        "email": org.email,
        "phones": [{"id": f"{org.id}-phone", "number": org.phone}] if org.phone else [],
        "x_navigator": {"trusted": org.trusted, "source": org.source},
    }  # fmt: skip


def _schedules(service_id: str, schedule: Schedule) -> list[dict]:
    """One WEEKLY schedule per distinct (opens, closes), with every day it applies to."""
    if schedule.always_open:
        return [{"id": f"{service_id}-sched-0", "service_id": service_id, "freq": "WEEKLY",
                 "byday": ",".join(DAY_TO_BYDAY.values()), "opens_at": "00:00",
                 "closes_at": "23:59", "description": "Open 24 hours"}]  # fmt: skip
    groups: dict[tuple[str, str], list[str]] = {}
    for weekly in schedule.weekly:
        times = weekly.session.to_dict()
        groups.setdefault((times["opens"], times["closes"]), []).append(weekly.day)
    out = []
    for n, ((opens, closes), days) in enumerate(sorted(groups.items())):
        out.append({
            "id": f"{service_id}-sched-{n}", "service_id": service_id, "freq": "WEEKLY",
            "byday": ",".join(DAY_TO_BYDAY[d] for d in days), "opens_at": opens,
            "closes_at": closes, "description": schedule.text,
        })  # fmt: skip
    if not out and schedule.text:
        out.append({"id": f"{service_id}-sched-0", "service_id": service_id,
                    "description": schedule.text})  # fmt: skip
    return out


def _locations(profile: ServiceProfile) -> list[dict]:
    if not (profile.address or profile.postcode or profile.lat is not None):
        return []
    location_id = f"{profile.id}-loc"
    return [{
        "id": f"{profile.id}-sal",
        "service_id": profile.id,
        "location_id": location_id,
        "location": {
            "id": location_id,
            "location_type": "physical",
            "name": profile.name,
            "latitude": profile.lat,
            "longitude": profile.lon,
            "addresses": [{
                "id": f"{location_id}-addr", "location_id": location_id,
                "address_1": profile.address or "", "city": "Manchester",
                "state_province": "Greater Manchester", "postal_code": profile.postcode or "",
                "country": "GB", "address_type": "physical",
            }],
            "accessibility": [
                {"id": f"{location_id}-access-{a}", "location_id": location_id,
                 "description": a}
                for a in profile.accessibility
            ],
        },
    }]  # fmt: skip


def _attributes(profile: ServiceProfile) -> list[dict]:
    terms = [(TYPE_VOCABULARY, profile.type)]
    terms += [(DISPOSITION_VOCABULARY, d) for d in profile.dispositions]
    return [
        {
            "id": f"{profile.id}-attr-{vocabulary}-{code}",
            "link_id": profile.id,
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": code,
            "taxonomy_term": {"id": code, "code": code, "name": code.replace("_", " "),
                              "vocabulary": vocabulary},
        }
        for vocabulary, code in terms
    ]  # fmt: skip
