"""Pharmacy coordinates (manchester_pharmacy_coordinates.csv: ODS code, name, postcode, lon,
lat; NHS Business Services Authority via Trafford Data Lab), joined to the pharmacies already
imported from the NHSBSA list by ODS code (`nhsbsa-<ODS>`).

Only lat/lon change; a pharmacy not imported yet is skipped with a warning (import the
pharmacy list first: `import all` runs them in that order). Re-importing the pharmacy list
keeps these coordinates while the pharmacy's postcode is unchanged.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import datetime
from pathlib import Path

from navigator.importers.base import (
    ImportReport,
    Record,
    import_rows,
    parse_point,
    parse_postcode,
)
from navigator.importers.pharmacies import SOURCE as PHARMACY_SOURCE
from navigator.paths import DIRECTORY_DIR
from navigator.store.services import get_service

SOURCE = "nhsbsa-coordinates"
REQUIRED = ("ods_code", "postcode", "lon", "lat")


def import_pharmacy_coordinates(
    conn: sqlite3.Connection, path: str | Path, *, now: datetime, directory: Path = DIRECTORY_DIR
) -> ImportReport:
    def make(row, line, where, locator, report, now) -> Record | None:
        ods = (row["ods_code"] or "").strip().upper()
        if not ods.isalnum():
            raise ValueError(f"{where}: ODS code {ods!r} is not a code")
        lat, lon = parse_point(row, where)
        postcode = parse_postcode(row["postcode"], where)
        current = get_service(conn, f"{PHARMACY_SOURCE}-{ods}")
        if current is None:
            report.warnings.append(f"{where}: no pharmacy {ods} imported yet; skipped")
            return None
        if lat is None:
            report.warnings.append(f"{where}: {ods} has no coordinates; kept as it was")
            return None
        if postcode and current.postcode and postcode != current.postcode:
            report.warnings.append(
                f"{where}: {ods} postcode {postcode} differs from the pharmacy list's "
                f"{current.postcode}; coordinates used anyway"
            )
        return Record(line, None, dataclasses.replace(current, lat=lat, lon=lon))

    return import_rows(
        conn, path, source=SOURCE, required=REQUIRED, make=make, now=now, directory=directory
    )
