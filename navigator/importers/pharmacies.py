"""NHSBSA Consolidated Pharmaceutical List (manchester_pharmacies.csv): one service a pharmacy.

Ids are `nhsbsa-<ODS code>`, so a re-import updates in place. Hours are real (per weekday,
`HH:MM-HH:MM` sessions or CLOSED) and read by core.hourstext. The ward code in the file puts
the pharmacy in its neighbourhood. Contains NHS Business Services Authority data (OGL v3.0).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from navigator.core.directory.hourstext import parse_nhsbsa_day, schedule_from_nhsbsa_row
from navigator.core.directory.profiles import Organisation, ServiceProfile
from navigator.importers.base import (
    IMPORT_REVIEWER,
    ImportReport,
    Record,
    clean,
    import_rows,
    parse_postcode,
)
from navigator.paths import DIRECTORY_DIR
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


def import_pharmacies(
    conn: sqlite3.Connection, path: str | Path, *, now: datetime, directory: Path = DIRECTORY_DIR
) -> ImportReport:
    return import_rows(
        conn, path, source=SOURCE, required=REQUIRED, make=_record, now=now, directory=directory
    )


def _record(row, line, where, locator, report, now) -> Record:
    ods = row["organisation_data_service_code"].strip().upper()
    if not ods.isalnum():
        raise ValueError(f"{where}: ODS code {ods!r} is not a code")
    name = clean(row["pharmacy_name"])
    if not name:
        raise ValueError(f"{where}: pharmacy_name is empty")
    # The NHSBSA format is strict: an unreadable cell means the file is not what we think it
    # is, so the whole import stops (hourstext alone would degrade the row to "call to check").
    for day in DAYS:
        try:
            parse_nhsbsa_day(row[f"opening_hours_{day}"])
        except ValueError as exc:
            raise ValueError(f"{where}: opening_hours_{day}: {exc}") from None
    schedule = schedule_from_nhsbsa_row(row)
    ward_code = clean(row["ward_code"])
    if ward_code not in locator.geography.ward_neighbourhood:
        ward_code = locator.geography.ward_names.get((clean(row["ward_name"]) or "").lower())
    postcode = parse_postcode(row["postcode"], where)
    service_id = f"{SOURCE}-{ods}"
    # The pharmacy's own coordinates (manchester_pharmacy_coordinates.csv) outlive a
    # re-import of this list while it stays at the same postcode; else its postcode's point.
    stored = get_service(locator.conn, service_id)
    if stored is not None and stored.postcode == postcode and stored.lat is not None:
        lat, lon = stored.lat, stored.lon
    else:
        lat, lon = locator.point_of_postcode(postcode)
    service = ServiceProfile(
        id=service_id,
        organisation=service_id,
        name=name,
        type="pharmacy",
        description=DESCRIPTION,
        dispositions=("pharmacy", "self_care"),
        access=("walk_in",),
        schedule=schedule,
        coverage=locator.coverage(
            ward_code=ward_code, postcode=postcode, where=where, warnings=report.warnings
        ),
        address=clean(row["address"]),
        postcode=postcode,
        lat=lat,
        lon=lon,
        cost="free",
        last_reviewed=now.date(),
        reviewed_by=IMPORT_REVIEWER,
        source=SOURCE,
    )
    return Record(line, Organisation(service_id, name, source=SOURCE), service)
