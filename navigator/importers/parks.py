"""Green Flag award parks (manchester_green_flag_parks.csv, Keep Britain Tidy via Trafford
Data Lab). Type `green_space`; open access (no hours in the file). The file has no postcode:
the point places the park, and the contact phone is the manager's office.
"""

from __future__ import annotations

from navigator.core.directory.profiles import Organisation
from navigator.importers.base import (
    Record,
    clean,
    first_email,
    first_phone,
    slug,
    website,
)
from navigator.importers.records import CsvImporter, ImportRow

SOURCE = "parks"
REQUIRED = ("name", "managed", "telephone", "email", "website", "lon", "lat")


def _record(row: ImportRow) -> Record:
    name = row.name()
    lat, lon = row.point()
    if lat is None:
        raise ValueError(f"{row.where}: lon/lat are required (the file has no postcode)")
    manager = clean(row["managed"]) or "Unknown manager"
    org = Organisation(f"{SOURCE}-{slug(manager)}", manager, source=SOURCE)
    service = row.service(
        lat=lat,
        lon=lon,
        id=f"{SOURCE}-{slug(name)}",
        organisation=org.id,
        name=name,
        type="green_space",
        description="Green Flag award park or green space: free to visit.",
        dispositions=("community",),
        access=("walk_in",),
        schedule={"weekly": [], "text": "open access; gates may close at dusk"},
        phone=first_phone(row["telephone"]),
        email=first_email(row["email"]),
        website=website(row["website"]),
        cost="free",
    )
    return row.record(org, service)


import_parks = CsvImporter(SOURCE, REQUIRED, _record)
