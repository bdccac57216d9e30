"""Public libraries (manchester_libraries.csv, Trafford Data Lab).

One service a library, type `library`. Libraries double as free warm spaces, but that is a
routing fact, not a second directory entry: a warm-space topic should list `library` among
its service_types (see the report). No hours in the file: "call to check".
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
    import_rows,
    parse_point,
    parse_postcode,
    slug,
    website,
)
from navigator.paths import DIRECTORY_DIR

SOURCE = "libraries"
REQUIRED = ("name", "address", "postcode", "type", "email", "website", "lon", "lat")
COUNCIL = Organisation(
    "manchester-city-council", "Manchester City Council", website="https://www.manchester.gov.uk",
    source=SOURCE,
)  # fmt: skip
DESCRIPTION = (
    "Public library: free to visit, with books, free computers and wifi, and a warm place "
    "to sit during opening hours."
)


def import_libraries(
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
    community_run = "community" in (row.get("type") or "").lower()
    org = Organisation(f"{SOURCE}-{slug(name)}", name, source=SOURCE) if community_run else COUNCIL
    service = ServiceProfile(
        id=f"{SOURCE}-{slug(name, postcode)}",
        organisation=org.id,
        name=name,
        type="library",
        description=DESCRIPTION + (" Community run." if community_run else ""),
        dispositions=("community",),
        access=("walk_in",),
        schedule={"weekly": [], "text": "call to check"},
        coverage=locator.coverage(
            lat=lat, lon=lon, postcode=postcode, where=where, warnings=report.warnings
        ),
        address=clean(row["address"]),
        postcode=postcode,
        lat=lat,
        lon=lon,
        email=first_email(row["email"]),
        website=website(row["website"]),
        cost="free",
        last_reviewed=now.date(),
        reviewed_by=IMPORT_REVIEWER,
        source=SOURCE,
    )
    return Record(line, org, service)
