"""Jobcentre Plus offices (manchester_jobcentres.csv, DWP via Trafford Data Lab).

Type `employment_support`. Jobcentres also handle Universal Credit and other benefit claims:
a benefits topic should list `employment_support` among its service_types (see the report).
"""

from __future__ import annotations

from navigator.core.directory.profiles import Organisation
from navigator.importers.base import Record, clean, slug
from navigator.importers.records import CsvImporter, ImportRow

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


def _record(row: ImportRow) -> Record:
    place = row.name()
    postcode = row.postcode()
    lat, lon = row.point()
    service = row.service(
        postcode=postcode,
        lat=lat,
        lon=lon,
        id=f"{SOURCE}-{slug(place, postcode)}",
        organisation=DWP.id,
        name=f"{place} Jobcentre",
        type="employment_support",
        description=DESCRIPTION,
        dispositions=("community",),
        access=("phone", "appointment"),
        schedule={"weekly": [], "text": "call to check"},
        address=clean(row["address"]),
        phone=DWP.phone,
        website=DWP.website,
        cost="free",
    )
    return row.record(DWP, service)


import_jobcentres = CsvImporter(SOURCE, REQUIRED, _record)
