"""NHS dental practices (manchester_dentists.csv, via Trafford Data Lab).

No opening hours in the file: the schedule says "call to check". Telephone numbers lost their
leading 0 (and some became exponents) when the publisher's tool read them as numbers; they
are repaired, and left out with a warning when they are not a whole UK number.
"""

from __future__ import annotations

from navigator.core.directory.profiles import Organisation
from navigator.importers.base import Record, clean, slug, website
from navigator.importers.records import CsvImporter, ImportRow

SOURCE = "dentists"
REQUIRED = ("name", "address", "postcode", "telephone", "website", "lon", "lat")
HOURS_UNKNOWN = {"weekly": [], "text": "call to check"}
DESCRIPTION = "Dental practice. Call to ask whether it is taking NHS patients."


def _record(row: ImportRow) -> Record:
    name = row.name()
    postcode = row.postcode()
    lat, lon = row.point()
    phone = row.phone()
    service_id = f"{SOURCE}-{slug(name, postcode)}"
    service = row.service(
        postcode=postcode,
        lat=lat,
        lon=lon,
        id=service_id,
        organisation=service_id,
        name=name,
        type="dentist",
        description=DESCRIPTION,
        dispositions=("dental",),
        access=("phone", "appointment"),
        schedule=dict(HOURS_UNKNOWN),
        address=clean(row["address"]),
        phone=phone,
        website=website(row["website"]),
    )
    return row.record(Organisation(service_id, name, source=SOURCE), service)


import_dentists = CsvImporter(SOURCE, REQUIRED, _record)
