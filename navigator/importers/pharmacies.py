"""NHSBSA Consolidated Pharmaceutical List (manchester_pharmacies.csv): one service a pharmacy.

Ids are `nhsbsa-<ODS code>`, so a re-import updates in place. Hours are real (per weekday,
`HH:MM-HH:MM` sessions or CLOSED) and read by core.hourstext. The ward code in the file puts
the pharmacy in its neighbourhood. Contains NHS Business Services Authority data (OGL v3.0).
"""

from __future__ import annotations

from navigator.core.directory.hourstext import parse_nhsbsa_day, schedule_from_nhsbsa_row
from navigator.core.directory.profiles import Organisation
from navigator.importers.base import Record, clean
from navigator.importers.records import CsvImporter, ImportRow
from navigator.store.services import get_service

SOURCE = "nhsbsa"
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
REQUIRED = (
    "pharmacy_name", "address", "postcode", "organisation_data_service_code", "ward_code",
    "ward_name", *(f"opening_hours_{day}" for day in DAYS),
)  # fmt: skip
DESCRIPTION = (
    "Community pharmacy: advice on minor illnesses, medicines and Pharmacy First "
    "treatment for some common conditions, without an appointment."
)


def _record(row: ImportRow) -> Record:
    ods = row["organisation_data_service_code"].strip().upper()
    if not ods.isalnum():
        raise ValueError(f"{row.where}: ODS code {ods!r} is not a code")
    name = row.name("pharmacy_name")
    # The NHSBSA format is strict: an unreadable cell means the file is not what we think it
    # is, so the whole import stops (hourstext alone would degrade the row to "call to check").
    for day in DAYS:
        try:
            parse_nhsbsa_day(row[f"opening_hours_{day}"])
        except ValueError as exc:
            raise ValueError(f"{row.where}: opening_hours_{day}: {exc}") from None
    schedule = schedule_from_nhsbsa_row(row.values)
    geography = row.locator.geography
    ward_code = clean(row["ward_code"])
    if ward_code not in geography.ward_neighbourhood:
        ward_code = geography.ward_names.get((clean(row["ward_name"]) or "").lower())
    postcode = row.postcode()
    service_id = f"{SOURCE}-{ods}"
    # The pharmacy's own coordinates (manchester_pharmacy_coordinates.csv) outlive a
    # re-import of this list while it stays at the same postcode; else its postcode's point.
    stored = get_service(row.locator.conn, service_id)
    if stored is not None and stored.postcode == postcode and stored.lat is not None:
        lat, lon = stored.lat, stored.lon
    else:
        lat, lon = row.locator.point_of_postcode(postcode)
    service = row.service(
        postcode=postcode,
        lat=lat,
        lon=lon,
        ward_code=ward_code,
        placed_by_point=False,  # the ward, else the postcode, places a pharmacy
        id=service_id,
        organisation=service_id,
        name=name,
        type="pharmacy",
        description=DESCRIPTION,
        dispositions=("pharmacy", "self_care"),
        access=("walk_in",),
        schedule=schedule,
        address=clean(row["address"]),
        cost="free",
    )
    return row.record(Organisation(service_id, name, source=SOURCE), service)


import_pharmacies = CsvImporter(SOURCE, REQUIRED, _record)
