"""Reader for the ONS Postcode Directory in the column layout Trafford Data Lab publishes.

Columns (header required, order free, extra columns ignored):
postcode, ward_code, ward_name, msoa_code, msoa_hcl_name, lsoa_code, lsoa_name, locality,
la_code, la_name, lon, lat. Source: ONS Postcode Directory (Open Government Licence v3.0;
contains National Statistics data (c) Crown copyright and database right).

A pure reader: it yields validated rows; storing them is the store layer's job.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from navigator.core.places.postcodes import normalise_postcode

REQUIRED_COLUMNS = ("postcode", "ward_code", "la_code", "lon", "lat")
OPTIONAL_COLUMNS = ("ward_name", "lsoa_code", "msoa_code", "la_name")
MISSING_VALUES = {"", "NA", "N/A", "NULL"}
# Britain plus a margin: a coordinate outside this box is a swapped or garbled column.
LAT_RANGE_DEGREES = (49.0, 61.5)
LON_RANGE_DEGREES = (-9.0, 2.5)


@dataclass(frozen=True)
class PostcodeRow:
    postcode: str  # normalised "M14 5AA"
    ward_code: str
    la_code: str
    lat: float | None  # None where ONSPD has no grid reference (terminated or new postcodes)
    lon: float | None
    ward_name: str | None = None
    lsoa_code: str | None = None
    msoa_code: str | None = None
    la_name: str | None = None


def _coordinate(raw: str, name: str, bounds: tuple[float, float], where: str) -> float | None:
    raw = raw.strip()
    if raw in MISSING_VALUES:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{where}: {name} {raw!r} is not a number") from None
    if math.isnan(value) or not bounds[0] <= value <= bounds[1]:
        raise ValueError(f"{where}: {name} {raw!r} is outside Great Britain")
    return value


def _optional(row: dict, column: str) -> str | None:
    value = (row.get(column) or "").strip()
    return None if value in MISSING_VALUES else value


def read_onspd(path: str | Path) -> Iterator[PostcodeRow]:
    """Yield one PostcodeRow per data line; raise ValueError naming the file line on bad input."""
    path = Path(path)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise ValueError(
                f"{path.name} line 1: not an ONS postcode directory file, missing column(s) "
                f"{', '.join(missing)}"
            )
        reader.fieldnames = header
        for row in reader:
            where = f"{path.name} line {reader.line_num}"
            if None in row:  # more cells than header columns
                raise ValueError(f"{where}: more values than header columns")
            raw_postcode = (row.get("postcode") or "").strip()
            postcode = normalise_postcode(raw_postcode)
            if postcode is None:
                raise ValueError(f"{where}: {raw_postcode!r} is not a full UK postcode")
            ward_code = (row.get("ward_code") or "").strip()
            la_code = (row.get("la_code") or "").strip()
            if not la_code or la_code in MISSING_VALUES:
                raise ValueError(f"{where}: la_code is empty")
            yield PostcodeRow(
                postcode=postcode,
                ward_code=ward_code if ward_code not in MISSING_VALUES else "",
                la_code=la_code,
                lat=_coordinate(row.get("lat") or "", "lat", LAT_RANGE_DEGREES, where),
                lon=_coordinate(row.get("lon") or "", "lon", LON_RANGE_DEGREES, where),
                ward_name=_optional(row, "ward_name"),
                lsoa_code=_optional(row, "lsoa_code"),
                msoa_code=_optional(row, "msoa_code"),
                la_name=_optional(row, "la_name"),
            )
