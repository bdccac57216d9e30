"""Green Flag award parks (manchester_green_flag_parks.csv, Keep Britain Tidy via Trafford
Data Lab). Type `green_space`; open access (no hours in the file). The file has no postcode:
the point places the park, and the contact phone is the manager's office.
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
    first_email,
    first_phone,
    import_rows,
    parse_point,
    slug,
    website,
)
from navigator.paths import DIRECTORY_DIR

SOURCE = "parks"
REQUIRED = ("name", "managed", "telephone", "email", "website", "lon", "lat")


def import_parks(
    conn: sqlite3.Connection, path: str | Path, *, now: datetime, directory: Path = DIRECTORY_DIR
) -> ImportReport:
    return import_rows(
        conn, path, source=SOURCE, required=REQUIRED, make=_record, now=now, directory=directory
    )


def _record(row, line, where, locator, report, now) -> Record:
    name = clean(row["name"])
    if not name:
        raise ValueError(f"{where}: name is empty")
    lat, lon = parse_point(row, where)
    if lat is None:
        raise ValueError(f"{where}: lon/lat are required (the file has no postcode)")
    manager = clean(row["managed"]) or "Unknown manager"
    org = Organisation(f"{SOURCE}-{slug(manager)}", manager, source=SOURCE)
    service = ServiceProfile(
        id=f"{SOURCE}-{slug(name)}",
        organisation=org.id,
        name=name,
        type="green_space",
        description="Green Flag award park or green space: free to visit.",
        dispositions=("community",),
        access=("walk_in",),
        schedule={"weekly": [], "text": "open access; gates may close at dusk"},
        coverage=locator.coverage(lat=lat, lon=lon, where=where, warnings=report.warnings),
        lat=lat,
        lon=lon,
        phone=first_phone(row["telephone"]),
        email=first_email(row["email"]),
        website=website(row["website"]),
        cost="free",
        last_reviewed=now.date(),
        reviewed_by=IMPORT_REVIEWER,
        source=SOURCE,
    )
    return Record(line, org, service)
