"""GP practices of the Manchester sub-ICB (manchester_gp_practices_2025-05.csv, from NHS
England's Organisation Data Service epraccur; lon/lat from the ONS postcode file).

Ids are `nhsods-<ODS code>`, so a re-import updates in place. The source has no opening
hours, and none are invented: the schedule says "usually open weekdays, call to check", and
the answer gives the practice's telephone number. Contains public sector information from NHS
England's Organisation Data Service (OGL v3.0).
"""

from __future__ import annotations

from navigator.core.directory.profiles import Organisation
from navigator.importers.base import Record, clean
from navigator.importers.records import CsvImporter, ImportRow

SOURCE = "nhsods"
REQUIRED = ("ods_code", "name", "address", "postcode", "telephone", "lat", "lon", "ward_code")
HOURS_TEXT = "usually open weekdays, call to check"
DESCRIPTION = (
    "NHS GP practice. Call to book an appointment or ask for advice; it registers patients "
    "who live in its practice area."
)
ELIGIBILITY_TEXT = "Registered patients; if you have a GP, contact your own practice."


def _record(row: ImportRow) -> Record:
    ods = (row["ods_code"] or "").strip().upper()
    if not ods.isalnum():
        raise ValueError(f"{row.where}: ODS code {ods!r} is not a code")
    name = row.name()
    postcode = row.postcode()
    lat, lon = row.point()
    if lat is None:
        lat, lon = row.locator.point_of_postcode(postcode)
    phone = row.phone()
    ward_code = clean(row["ward_code"])
    if ward_code not in row.locator.geography.ward_neighbourhood:
        ward_code = None  # place it by its point instead
    service_id = f"{SOURCE}-{ods}"
    service = row.service(
        postcode=postcode,
        lat=lat,
        lon=lon,
        ward_code=ward_code,
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
        address=clean(row["address"]),
        phone=phone,
        cost="free",
    )
    return row.record(Organisation(service_id, name, source=SOURCE), service)


import_gp_practices = CsvImporter(SOURCE, REQUIRED, _record)
