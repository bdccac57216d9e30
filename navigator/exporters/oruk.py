"""Service profiles as Open Referral UK 3.0 (the UK profile of HSDS 3.0) JSON.

Checked against the ORUK schemas (tests/test_oruk_conformance.py): every id and link is a
UUID (core/directory/oruk_ids.py: uuid5 of our slug, so a slug keeps resolving through a lookup),
empty fields are left out rather than sent as null, required fields are filled honestly
(an organisation with no description says so in words), taxonomy terms carry their
taxonomy and description (core/directory/oruk_taxonomy.py), schedules carry UTC offsets and dated
closures (exporters/oruk_schedules.py). Demo entries are left out unless demo mode is on.

`assured_date` is given only for a real review: an edit or confirmation by the service's
organisation or staff, or a date the source itself stated (embedded files, another ORUK
feed's own assured_date). Rows an importer stamped with the import date get none.

Two documented extension fields carry what HSDS cannot express, so our own export
round-trips exactly through importers/oruk.py (HSDS allows extra properties; consumers
that do not know them ignore them; they keep their nulls, as null means something there):
- `x_navigator_exceptions`: {"always_open", "bank_holidays": null | [{opens, closes}],
  "exceptions": [{date, sessions, note}]}: the rules behind the dated schedules.
- `x_navigator`: our own id and the profile fields with no HSDS home (dispositions, needs,
  sex, eligibility, access, ages in days, coverage, accessibility codes, review, source).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from navigator.core.directory.openinghours import LONDON, Schedule
from navigator.core.directory.oruk_ids import child_uuid, organization_uuid, service_uuid
from navigator.core.directory.oruk_taxonomy import (
    DISPOSITION_TAXONOMY,
    TYPE_TAXONOMY,
    Taxonomies,
    load_taxonomies,
)
from navigator.core.directory.profiles import Organisation, ServiceProfile
from navigator.core.models import DAYS_PER_YEAR
from navigator.exporters.oruk_schedules import BYDAY_TO_DAY, DAY_TO_BYDAY, hsds_schedules
from navigator.paths import DIRECTORY_DIR

HSDS_VERSION = "3.0"
STATUS_TO_HSDS = {"active": "active", "temporarily_closed": "temporarily closed",
                  "closed": "defunct"}  # fmt: skip
HSDS_TO_STATUS = {"active": "active", "temporarily closed": "temporarily_closed",
                  "inactive": "temporarily_closed", "defunct": "closed"}  # fmt: skip
TYPE_VOCABULARY = TYPE_TAXONOMY  # kept for importers written against the old name
# reviewed_by values that are not a review: the import date of a publisher's file, demo data.
NOT_A_REVIEW = frozenset({"importer", "demo-data"})
SMS_SHORT_CODE_DIGITS = 5  # UK SMS short codes (Shout's 85258) are five digits
__all__ = ["BYDAY_TO_DAY", "DAY_TO_BYDAY", "HSDS_TO_STATUS", "HSDS_VERSION", "TYPE_VOCABULARY"]


def today_london() -> dt.date:
    return dt.datetime.now(LONDON).date()


def taxonomies() -> Taxonomies:
    return load_taxonomies(str(DIRECTORY_DIR))


def service_to_hsds(
    profile: ServiceProfile,
    organisation: Organisation | None,
    *,
    today: dt.date | None = None,
    last_modified: str | None = None,
) -> dict:
    """One fully nested ORUK service object."""
    today = today or today_london()
    sid = service_uuid(profile.id)
    schedule = Schedule.from_dict(profile.schedule)
    canonical = schedule.to_dict()
    out = _service_fields(profile, organisation, last_modified)
    out.update({
        "organization": organisation_to_hsds(organisation) if organisation else None,
        "phones": _phones(sid, "service_id", profile.phone, profile.accessibility),
        "schedules": hsds_schedules(sid, schedule, today),
        "service_areas": [
            {"id": child_uuid("service_area", sid, code), "service_id": sid, "name": code,
             "description": level}
            for level, code in profile.coverage.rows()
        ],
        "service_at_locations": _locations(profile, sid),
        "languages": [
            {"id": child_uuid("language", sid, code), "service_id": sid, "code": code}
            for code in profile.languages
        ],
        "attributes": _attributes(profile, sid),
    })  # fmt: skip
    out = prune(out)
    out["x_navigator_exceptions"] = {
        "always_open": schedule.always_open,
        "bank_holidays": canonical["bank_holidays"],
        "exceptions": canonical["exceptions"],
    }
    out["x_navigator"] = _extension(profile, schedule)
    return out


def service_summary(profile: ServiceProfile, organisation: Organisation | None,
                    last_modified: str | None = None) -> dict:  # fmt: skip
    """The one-to-one fields of a service (ORUK service_list), for nesting in other lists."""
    out = _service_fields(profile, organisation, last_modified)
    out["organization"] = organisation_to_hsds(organisation) if organisation else None
    return prune(out)


def _service_fields(profile, organisation, last_modified) -> dict:
    return {
        "id": service_uuid(profile.id),
        "organization_id": organization_uuid(organisation.id) if organisation else None,
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
        "assured_date": assured_date(profile),
        "last_modified": last_modified,
    }


def assured_date(profile: ServiceProfile) -> str | None:
    """The date of a real review, or None (never the date an importer ran)."""
    if profile.demo or profile.last_reviewed is None:
        return None
    if (profile.reviewed_by or "importer") in NOT_A_REVIEW:
        return None
    return profile.last_reviewed.isoformat()


def organisation_to_hsds(org: Organisation) -> dict:
    oid = organization_uuid(org.id)
    generated = [] if org.description else ["description"]
    out = prune({
        "id": oid, "name": org.name,
        # ORUK requires a description; when the organisation gave none, say so plainly.
        "description": org.description or f"{org.name}: no description has been provided.",
        "website": org.website, "email": org.email,
        "phones": _phones(oid, "organization_id", org.phone, ()),
    })  # fmt: skip
    out["x_navigator"] = {"id": org.id, "trusted": org.trusted, "source": org.source,
                          "generated": generated}  # fmt: skip
    return out


organization_to_hsds = organisation_to_hsds


def export_services(
    profiles: Iterable[ServiceProfile],
    organisations: dict[str, Organisation],
    *,
    today: dt.date | None = None,
    include_demo: bool = False,
) -> list[dict]:
    today = today or today_london()
    return [
        service_to_hsds(p, organisations.get(p.organisation or ""), today=today)
        for p in profiles
        if include_demo or not p.demo
    ]


def export_directory(
    conn: sqlite3.Connection, *, include_demo: bool = False, today: dt.date | None = None
) -> list[dict]:
    """Every service in the database (demo entries only in demo mode), by id."""
    from navigator.store.services import all_service_ids, get_organisation, get_services

    profiles = get_services(conn, all_service_ids(conn))
    org_ids = {p.organisation for p in profiles if p.organisation}
    organisations = {i: o for i in org_ids if (o := get_organisation(conn, i)) is not None}
    return export_services(profiles, organisations, today=today, include_demo=include_demo)


def write_oruk_json(
    conn: sqlite3.Connection, path: str | Path, *, include_demo: bool = False,
    today: dt.date | None = None,
) -> int:  # fmt: skip
    """Write the whole directory to a JSON file; returns the number of services."""
    services = export_directory(conn, include_demo=include_demo, today=today)
    Path(path).write_text(json.dumps(services, indent=2, ensure_ascii=False), encoding="utf-8")
    return len(services)


def prune(value):
    """Leave out empty fields: None, "", [] and {} (recursively); False and 0 stay."""
    if isinstance(value, dict):
        pruned = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [item for item in (prune(v) for v in value) if item not in (None, "", [], {})]
    return value


def _years(days: float | None) -> float | None:
    return None if days is None else round(days / DAYS_PER_YEAR, 2)


def _phones(parent: str, link: str, number: str | None, accessibility) -> list[dict]:
    if not number:
        return []
    digits = number.replace(" ", "")
    text_only = "text_only" in accessibility or (
        digits.isdigit() and len(digits) == SMS_SHORT_CODE_DIGITS
    )
    phone = {"id": child_uuid("phone", parent, 0), link: parent, "number": number,
             "type": "text" if text_only else "voice"}  # fmt: skip
    if text_only:
        phone["description"] = "A text (SMS) number, not a phone line."
    return [phone]


def _locations(profile: ServiceProfile, sid: str) -> list[dict]:
    if not (profile.address or profile.postcode or profile.lat is not None):
        return []
    location_id = child_uuid("location", sid, 0)
    addresses = []
    if profile.address and profile.postcode:  # every part of an ORUK address is required
        addresses.append({
            "id": child_uuid("address", location_id, 0), "location_id": location_id,
            "address_1": profile.address, "city": "Manchester",
            "state_province": "Greater Manchester", "postal_code": profile.postcode,
            "country": "GB", "address_type": "physical",
        })  # fmt: skip
    return [{
        "id": child_uuid("service_at_location", sid, 0),
        "service_id": sid,
        "location_id": location_id,
        "location": {
            "id": location_id, "location_type": "physical", "name": profile.name,
            "latitude": profile.lat, "longitude": profile.lon, "addresses": addresses,
            "accessibility": [
                {"id": child_uuid("accessibility", location_id, a), "location_id": location_id,
                 "description": a.replace("_", " ")}
                for a in profile.accessibility
            ],
        },
    }]  # fmt: skip


def _attributes(profile: ServiceProfile, sid: str) -> list[dict]:
    vocabulary = taxonomies()
    keys = [(TYPE_TAXONOMY, profile.type)]
    keys += [(DISPOSITION_TAXONOMY, d) for d in profile.dispositions]
    terms = [t for key, code in keys if (t := vocabulary.term(key, code)) is not None]
    return [
        {"id": child_uuid("attribute", sid, term.id), "link_id": sid, "link_type": "service",
         "link_entity": "service", "taxonomy_term_id": term.id,
         "taxonomy_term": term.to_hsds()}
        for term in terms
    ]  # fmt: skip


def _extension(profile: ServiceProfile, schedule: Schedule) -> dict:
    return {
        "id": profile.id,
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
        "postcode": profile.postcode,
        "last_reviewed": profile.last_reviewed.isoformat() if profile.last_reviewed else None,
        "reviewed_by": profile.reviewed_by,
        "next_review_due": profile.next_review_due.isoformat() if profile.next_review_due else None,
        "demo": profile.demo,
        "source": profile.source,
        "schedule_text": schedule.text,
    }
