"""Jobcentre Plus offices (manchester_jobcentres.csv, DWP via Trafford Data Lab).

Type `employment_support`. Jobcentres also handle Universal Credit and other benefit claims:
a benefits topic should list `employment_support` among its service_types (see the report).
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
    import_rows,
    parse_point,
    parse_postcode,
    slug,
)
from navigator.paths import DIRECTORY_DIR

SOURCE = "jobcentres"
REQUIRED = ("name", "address", "postcode", "lon", "lat")
DWP = Organisation(
    "dwp", "Department for Work and Pensions (Jobcentre Plus)",
    website="https://www.gov.uk/contact-jobcentre-plus", phone="0800 169 0190", source=SOURCE,
)  # fmt: skip
DESCRIPTION = (
    "Jobcentre Plus: help finding work, and claims for Universal Credit and other benefits. "
    "Most visits are by appointment: call the Jobcentre Plus line first."
)


def import_jobcentres(
    conn: sqlite3.Connection, path: str | Path, *, now: datetime, directory: Path = DIRECTORY_DIR
) -> ImportReport:
    return import_rows(
        conn, path, source=SOURCE, required=REQUIRED, make=_record, now=now, directory=directory
    )


def _record(row, line, where, locator, report, now) -> Record:
    place = clean(row["name"])
    if not place:
        raise ValueError(f"{where}: name is empty")
    postcode = parse_postcode(row["postcode"], where)
    lat, lon = parse_point(row, where)
    service = ServiceProfile(
        id=f"{SOURCE}-{slug(place, postcode)}",
        organisation=DWP.id,
        name=f"{place} Jobcentre",
        type="employment_support",
        description=DESCRIPTION,
        dispositions=("community",),
        access=("phone", "appointment"),
        schedule={"weekly": [], "text": "call to check"},
        coverage=locator.coverage(
            lat=lat, lon=lon, postcode=postcode, where=where, warnings=report.warnings
        ),
        address=clean(row["address"]),
        postcode=postcode,
        lat=lat,
        lon=lon,
        phone=DWP.phone,
        website=DWP.website,
        cost="free",
        last_reviewed=now.date(),
        reviewed_by=IMPORT_REVIEWER,
        source=SOURCE,
    )
    return Record(line, DWP, service)
