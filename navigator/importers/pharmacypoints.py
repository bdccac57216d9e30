"""Pharmacy coordinates (manchester_pharmacy_coordinates.csv: ODS code, name, postcode, lon,
lat; NHS Business Services Authority via Trafford Data Lab), joined to the pharmacies already
imported from the NHSBSA list by ODS code (`nhsbsa-<ODS>`).

Only lat/lon change; a pharmacy not imported yet is skipped with a warning (import the
pharmacy list first: `import all` runs them in that order). Re-importing the pharmacy list
keeps these coordinates while the pharmacy's postcode is unchanged.
"""

from __future__ import annotations

import dataclasses

from navigator.importers.base import Record
from navigator.importers.pharmacies import SOURCE as PHARMACY_SOURCE
from navigator.importers.records import CsvImporter, ImportRow
from navigator.store.services import get_service

SOURCE = "nhsbsa-coordinates"
REQUIRED = ("ods_code", "postcode", "lon", "lat")


def _record(row: ImportRow) -> Record | None:
    ods = (row["ods_code"] or "").strip().upper()
    if not ods.isalnum():
        raise ValueError(f"{row.where}: ODS code {ods!r} is not a code")
    lat, lon = row.point()
    postcode = row.postcode()
    current = get_service(row.locator.conn, f"{PHARMACY_SOURCE}-{ods}")
    if current is None:
        row.warn(f"no pharmacy {ods} imported yet; skipped")
        return None
    if lat is None:
        row.warn(f"{ods} has no coordinates; kept as it was")
        return None
    if postcode and current.postcode and postcode != current.postcode:
        row.warn(
            f"{ods} postcode {postcode} differs from the pharmacy list's "
            f"{current.postcode}; coordinates used anyway"
        )
    return row.record(None, dataclasses.replace(current, lat=lat, lon=lon))


import_pharmacy_coordinates = CsvImporter(SOURCE, REQUIRED, _record)
