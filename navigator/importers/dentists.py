"""NHS dental practices (manchester_dentists.csv, via Trafford Data Lab).

No opening hours in the file: the schedule says "call to check". Telephone numbers lost their
leading 0 (and some became exponents) when the publisher's tool read them as numbers; they
are repaired, and left out with a warning when they are not a whole UK number.
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
    slug,
    website,
)
from navigator.paths import DIRECTORY_DIR

SOURCE = "dentists"
REQUIRED = ("name", "address", "postcode", "telephone", "website", "lon", "lat")
HOURS_UNKNOWN = {"weekly": [], "text": "call to check"}
DESCRIPTION = "Dental practice. Call to ask whether it is taking NHS patients."


def import_dentists(
    conn: sqlite3.Connection, path: str | Path, *, now: datetime, directory: Path = DIRECTORY_DIR
) -> ImportReport:
    return import_rows(
        conn, path, source=SOURCE, required=REQUIRED, make=_record, now=now, directory=directory
    )


def _record(row, line, where, locator, report, now) -> Record:
    name = clean(row["name"])
    if not name:
        raise ValueError(f"{where}: name is empty")
    postcode = parse_postcode(row["postcode"], where)
    lat, lon = parse_point(row, where)
    phone = format_uk_phone(row["telephone"])
    if phone is None and clean(row["telephone"]):
        report.warnings.append(f"{where}: telephone {row['telephone']!r} is not a UK number")
    service_id = f"{SOURCE}-{slug(name, postcode)}"
    service = ServiceProfile(
        id=service_id,
        organisation=service_id,
        name=name,
        type="dentist",
        description=DESCRIPTION,
        dispositions=("dental",),
        access=("phone", "appointment"),
        schedule=dict(HOURS_UNKNOWN),
        coverage=locator.coverage(
            lat=lat, lon=lon, postcode=postcode, where=where, warnings=report.warnings
        ),
        address=clean(row["address"]),
        postcode=postcode,
        lat=lat,
        lon=lon,
        phone=phone,
        website=website(row["website"]),
        last_reviewed=now.date(),
        reviewed_by=IMPORT_REVIEWER,
        source=SOURCE,
    )
    return Record(line, Organisation(service_id, name, source=SOURCE), service)
