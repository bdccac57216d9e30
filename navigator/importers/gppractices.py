"""GP practices of the Manchester sub-ICB (manchester_gp_practices_2025-05.csv, from NHS
England's Organisation Data Service epraccur; lon/lat from the ONS postcode file).

Ids are `nhsods-<ODS code>`, so a re-import updates in place. The source has no opening
hours, and none are invented: the schedule says "usually open weekdays, call to check", and
the answer gives the practice's telephone number. Contains public sector information from NHS
England's Organisation Data Service (OGL v3.0).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from navigator.core.directory.profiles import Organisation, ServiceProfile
from navigator.importers.base import (
    IMPORT_REVIEWER,
    ImportReport,
    Record,
    clean,
    format_uk_phone,
    import_rows,
    parse_point,
    parse_postcode,
)
from navigator.paths import DIRECTORY_DIR

SOURCE = "nhsods"
REQUIRED = ("ods_code", "name", "address", "postcode", "telephone", "lat", "lon", "ward_code")
HOURS_TEXT = "usually open weekdays, call to check"
DESCRIPTION = (
    "NHS GP practice. Call to book an appointment or ask for advice; it registers patients "
    "who live in its practice area."
)
ELIGIBILITY_TEXT = "Registered patients; if you have a GP, contact your own practice."


def import_gp_practices(
    conn: sqlite3.Connection, path: str | Path, *, now: datetime, directory: Path = DIRECTORY_DIR
) -> ImportReport:
    return import_rows(
        conn, path, source=SOURCE, required=REQUIRED, make=_record, now=now, directory=directory
    )


def _record(row, line, where, locator, report, now) -> Record:
    ods = (row["ods_code"] or "").strip().upper()
    if not ods.isalnum():
        raise ValueError(f"{where}: ODS code {ods!r} is not a code")
    name = clean(row["name"])
    if not name:
        raise ValueError(f"{where}: name is empty")
    postcode = parse_postcode(row["postcode"], where)
    lat, lon = parse_point(row, where)
    if lat is None:
        lat, lon = locator.point_of_postcode(postcode)
    phone = format_uk_phone(row["telephone"])
    if phone is None and clean(row["telephone"]):
        report.warnings.append(f"{where}: telephone {row['telephone']!r} is not a UK number")
    ward_code = clean(row["ward_code"])
    if ward_code not in locator.geography.ward_neighbourhood:
        ward_code = None  # place it by its point instead
    service_id = f"{SOURCE}-{ods}"
    service = ServiceProfile(
        id=service_id,
        organisation=service_id,
        name=name,
        type="gp_practice",
        description=DESCRIPTION,
        dispositions=("gp",),
        eligibility="residents",
        eligibility_text=ELIGIBILITY_TEXT,
        access=("phone", "appointment"),
        schedule={"weekly": [], "text": HOURS_TEXT},
        coverage=locator.coverage(
            ward_code=ward_code,
            lat=lat,
            lon=lon,
            postcode=postcode,
            where=where,
            warnings=report.warnings,
        ),
        address=clean(row["address"]),
        postcode=postcode,
        lat=lat,
        lon=lon,
        phone=phone,
        cost="free",
        last_reviewed=now.date(),
        reviewed_by=IMPORT_REVIEWER,
        source=SOURCE,
    )
    return Record(line, Organisation(service_id, name, source=SOURCE), service)
