"""Public libraries (manchester_libraries.csv, Trafford Data Lab).

One service a library, type `library`. Libraries double as free warm spaces, but that is a
routing fact, not a second directory entry: a warm-space topic should list `library` among
its service_types (see the report). No hours in the file: "call to check".
"""

from __future__ import annotations

from navigator.core.directory.profiles import Organisation
from navigator.importers.base import Record, clean, first_email, slug, website
from navigator.importers.records import CsvImporter, ImportRow

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


def _record(row: ImportRow) -> Record:
    name = row.name()
    postcode = row.postcode()
    lat, lon = row.point()
    community_run = "community" in (row.get("type") or "").lower()
    org = Organisation(f"{SOURCE}-{slug(name)}", name, source=SOURCE) if community_run else COUNCIL
    service = row.service(
        postcode=postcode,
        lat=lat,
        lon=lon,
        id=f"{SOURCE}-{slug(name, postcode)}",
        organisation=org.id,
        name=name,
        type="library",
        description=DESCRIPTION + (" Community run." if community_run else ""),
        dispositions=("community",),
        access=("walk_in",),
        schedule={"weekly": [], "text": "call to check"},
        address=clean(row["address"]),
        email=first_email(row["email"]),
        website=website(row["website"]),
        cost="free",
    )
    return row.record(org, service)


import_libraries = CsvImporter(SOURCE, REQUIRED, _record)
