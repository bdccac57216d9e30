"""Derive directory/postcodes.csv: postcode sector and district -> Manchester wards.

Run from the repository root:  .venv/bin/python directory/derive_postcodes.py [DATA_DIR]
(DATA_DIR defaults to ../shared/data, or NAVIGATOR_SHARED_DATA). Deterministic.

Evidence, per postcode sector ("M14 5") and district ("M14"):
- onspd_format_manchester_2025-05.csv: every postcode in the City of Manchester with its
  2023 ward (ONS NSPL, May 2025) and lon/lat: each sector's wards by postcode count, and the
  centroid of its postcodes (a resident who gives only a sector is measured from there);
- onspd_format_sample_trafford.csv: postcodes known to be in Trafford, so their sectors are
  only partly in Manchester;
- SHARED_DISTRICTS, MOSTLY_OUTSIDE, MANUAL_OUTSIDE below: districts the city shares with a
  neighbouring council, districts where the city holds only a handful of postcodes, and
  districts wholly outside (Royal Mail district maps; checked against the postcode file).

A full postcode is resolved from the imported postcode table, not from this file: this file
serves a sector or district given alone, and a full postcode when no table is imported.

Columns: kind (sector|district), code, wards (GSS codes, most postcodes first, each holding at
least MIN_SHARE of them, "|"-separated), neighbourhoods (SPEC ids, same rule and order: two
or more = the sector spans them), in_manchester (yes|partial|no), source (data|manual),
count (city postcodes behind the row), lat, lon (centroid of those postcodes).
"""

from __future__ import annotations

import csv
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))


from navigator.core.places.neighbourhoods import load_neighbourhoods  # noqa: E402
from navigator.core.places.postcodes import normalise_postcode  # noqa: E402

ATTRIBUTION = (
    "Derived by directory/derive_postcodes.py from ../shared/data (ONS postcode file for the "
    "City of Manchester, May 2025, with 2023 wards; ONSPD Trafford sample).",
    "Contains public sector information licensed under the Open Government Licence v3.0.",
    "Contains National Statistics data (c) Crown copyright and database right.",
    "Contains OS data (c) Crown copyright and database right 2025; Royal Mail data (c) Royal "
    "Mail copyright and database right 2025.",
)
COLUMNS = ("kind", "code", "wards", "neighbourhoods", "in_manchester", "source", "count", "lat",
           "lon")  # fmt: skip
CITY_FILE = "onspd_format_manchester_2025-05.csv"
TRAFFORD_FILE = "onspd_format_sample_trafford.csv"
MIN_SHARE = 0.10  # a ward or neighbourhood with fewer of a sector's postcodes is left out
NON_GEOGRAPHIC_DISTRICTS = {"M60", "M61", "M99"}  # PO boxes and bulk users: no place
# Districts the city shares with one neighbouring council (their sectors are "partial").
SHARED_DISTRICTS = {"M3", "M15", "M16"}
# Districts with a handful of city postcodes in another council's town (Salford's Broughton,
# Middleton, Prestwich, Sale, Failsworth, Droylsden): the district alone is outside.
MOSTLY_OUTSIDE = {"M7", "M24", "M25", "M33", "M35", "M43"}
# fmt: off
MANUAL_OUTSIDE = (
    "M5", "M6", "M17", "M26", "M27", "M28", "M29", "M30", "M31", "M32", "M34", "M38", "M41",
    "M44", "M45", "M46", "M50",
)
# fmt: on


def _district(postcode: str) -> str:
    return postcode.split(" ")[0]


def _sector(postcode: str) -> str:
    outward, inward = postcode.split(" ")
    return f"{outward} {inward[0]}"


def collect_evidence(data_dir: Path):
    """(code -> Counter of ward codes, code -> [lat sum, lon sum], codes seen outside)."""
    wards: dict[str, Counter] = defaultdict(Counter)
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    outside: Counter = Counter()
    with (data_dir / CITY_FILE).open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            postcode = normalise_postcode(row["postcode"])
            if postcode is None or _district(postcode) in NON_GEOGRAPHIC_DISTRICTS:
                continue
            for code in (_sector(postcode), _district(postcode)):
                wards[code][row["ward_code"]] += 1
                sums[code][0] += float(row["lat"])
                sums[code][1] += float(row["lon"])
    trafford = data_dir / TRAFFORD_FILE
    if trafford.exists():
        with trafford.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                postcode = normalise_postcode(row["postcode"])
                if postcode and row["la_code"] != "E08000003":
                    outside[_sector(postcode)] += 1
                    outside[_district(postcode)] += 1
    return wards, sums, outside


def _row(kind, code, counts: Counter, sums, ward_nb, in_manchester) -> list:
    total = sum(counts.values())
    wards = [w for w, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
             if n >= MIN_SHARE * total]  # fmt: skip
    by_nb: Counter = Counter()
    for ward, n in counts.items():
        by_nb[ward_nb[ward]] += n
    hoods = [h for h, n in sorted(by_nb.items(), key=lambda i: (-i[1], i[0]))
             if n >= MIN_SHARE * total]  # fmt: skip
    lat, lon = (round(sums[0] / total, 5), round(sums[1] / total, 5))
    return [kind, code, "|".join(wards), "|".join(hoods), in_manchester, "data", total, lat, lon]


def derive(data_dir: Path) -> list[list]:
    geography = load_neighbourhoods(REPO_ROOT / "directory")
    ward_nb = {w["code"]: w["neighbourhood"] for w in geography["wards"]}
    wards, sums, outside = collect_evidence(data_dir)
    rows = []
    sectors = sorted((c for c in wards if " " in c), key=_sort_key)
    for sector in sectors:
        shared = outside[sector] or _district(sector) in SHARED_DISTRICTS | MOSTLY_OUTSIDE
        status = "partial" if shared else "yes"
        rows.append(_row("sector", sector, wards[sector], sums[sector], ward_nb, status))
    for sector in sorted((c for c in outside if " " in c and c not in wards), key=_sort_key):
        rows.append(["sector", sector, "", "", "no", "data", 0, "", ""])
    districts = {c for c in wards if " " not in c} | set(MANUAL_OUTSIDE)
    for district in sorted(districts, key=_sort_key):
        if district in MANUAL_OUTSIDE or district in MOSTLY_OUTSIDE:
            count = sum(wards[district].values())
            rows.append(["district", district, "", "", "no", "manual", count, "", ""])
            continue
        shared = outside[district] or district in SHARED_DISTRICTS
        status = "partial" if shared else "yes"
        rows.append(_row("district", district, wards[district], sums[district], ward_nb, status))
    return rows


def _sort_key(code: str):
    """M2 before M14 before M40: postcode area, then district number, then sector."""
    area, number, rest = re.match(r"([A-Z]+)(\d+)(.*)", code).groups()
    return (area, int(number), rest)


def write(rows: list[list], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        for line in ATTRIBUTION:
            fh.write(f"# {line}\n")
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    default = os.environ.get("NAVIGATOR_SHARED_DATA") or REPO_ROOT.parent / "shared" / "data"
    data_dir = Path(argv[1]) if len(argv) > 1 else Path(default)
    rows = derive(data_dir)
    out = REPO_ROOT / "directory" / "postcodes.csv"
    write(rows, out)
    print(f"wrote {len(rows)} rows to {out.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
