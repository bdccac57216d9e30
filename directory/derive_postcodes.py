"""Derive directory/postcodes.csv: postcode sector and district -> Manchester wards.

Run from the repository root:  .venv/bin/python directory/derive_postcodes.py [DATA_DIR]
(DATA_DIR defaults to ../shared/data). Deterministic: same input, same file.

Evidence, per postcode sector ("M14 5") and district ("M14"):
- manchester_pharmacies.csv: each pharmacy's postcode with its ward code (NHSBSA);
- manchester_dentists.csv, manchester_libraries.csv, manchester_jobcentres.csv: postcode with
  lon/lat, placed in a ward by point-in-polygon against manchester_wards_2023.geojson;
- onspd_format_sample_trafford.csv: postcodes known to be in Trafford, so their sectors are
  only partly in Manchester;
- MANUAL_DISTRICTS below: districts known from local geography, so a district the data does
  not show (or shows thinly) still resolves, and MANUAL_OUTSIDE: districts outside the city.
Food banks and parks are not used: the first have no coordinates, the second no postcode.

Columns: kind (sector|district), code, wards (GSS codes, most evidence first, "|"-separated),
neighbourhoods (SPEC ids, same order), in_manchester (yes|partial|no), source
(data|manual|data+manual), count (data points behind the row).
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import yaml  # noqa: E402

from navigator.core.geo import ward_containing  # noqa: E402
from navigator.core.places import normalise_postcode  # noqa: E402
from navigator.importers.wards import read_wards  # noqa: E402

ATTRIBUTION = (
    "Derived by directory/derive_postcodes.py from ../shared/data (NHSBSA pharmacy list, NHS "
    "dentists, libraries, jobcentres, ONS ward boundaries 2023, ONSPD sample).",
    "Contains public sector information licensed under the Open Government Licence v3.0.",
    "Contains National Statistics data (c) Crown copyright and database right.",
    "Contains NHS Business Services Authority data.",
)
COLUMNS = ("kind", "code", "wards", "neighbourhoods", "in_manchester", "source", "count")
POINT_FILES = ("manchester_dentists.csv", "manchester_libraries.csv", "manchester_jobcentres.csv")
# Records whose coordinates contradict their address (checked by hand): left out.
EXCLUDED_RECORDS = {
    # St Peter's Square (Deansgate ward), but lon/lat fall in Chorlton.
    ("manchester_libraries.csv", "City Library"),
}
# PO-box and bulk-user districts: no place on the ground to resolve to.
NON_GEOGRAPHIC_DISTRICTS = {"M60", "M61", "M99"}

# Districts at least partly in the City of Manchester, from local geography (Royal Mail
# district maps and the ward list), wards roughly in order of how many residents they hold.
# "partial" where a known share of the district lies in Salford or Trafford.
MANUAL_DISTRICTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "M1": ("yes", ("Piccadilly", "Deansgate")),
    "M2": ("yes", ("Deansgate",)),
    "M3": ("partial", ("Deansgate",)),  # M3 5-7 are Salford
    "M4": ("yes", ("Piccadilly", "Ancoats & Beswick")),
    "M8": ("yes", ("Cheetham", "Crumpsall")),
    "M9": (
        "yes",
        ("Higher Blackley", "Charlestown", "Harpurhey", "Crumpsall", "Moston"),
    ),
    "M11": ("yes", ("Clayton & Openshaw", "Ancoats & Beswick")),
    "M12": ("yes", ("Longsight", "Ardwick", "Gorton & Abbey Hey")),
    "M13": ("yes", ("Ardwick", "Longsight", "Rusholme")),
    "M14": ("yes", ("Moss Side", "Rusholme", "Fallowfield", "Withington")),
    "M15": ("partial", ("Hulme", "Moss Side", "Deansgate")),  # Old Trafford, Cornbrook
    "M16": ("partial", ("Whalley Range", "Moss Side")),  # Old Trafford, Firswood
    "M18": ("yes", ("Gorton & Abbey Hey", "Longsight")),
    "M19": ("yes", ("Levenshulme", "Burnage")),
    "M20": ("yes", ("Withington", "Didsbury West", "Didsbury East", "Old Moat", "Burnage")),
    "M21": ("yes", ("Chorlton", "Chorlton Park")),
    "M22": ("yes", ("Sharston", "Woodhouse Park", "Northenden")),
    "M23": ("yes", ("Baguley", "Brooklands", "Northenden")),
    "M40": (
        "yes",
        ("Miles Platting & Newton Heath", "Moston", "Harpurhey", "Charlestown"),
    ),
    "M90": ("yes", ("Woodhouse Park",)),  # Manchester Airport
}
# M districts mostly outside the city (Salford, Trafford, Bury, Rochdale, Oldham, Tameside,
# Wigan). Whole postcode areas other than M (SK, OL, BL, WA, WN, ...) are outside by rule in
# navigator/core/places.py, so they need no rows.
# fmt: off
MANUAL_OUTSIDE = (
    "M5", "M6", "M7", "M17", "M24", "M25", "M26", "M27", "M28", "M29", "M30", "M31", "M32",
    "M33", "M34", "M35", "M38", "M41", "M43", "M44", "M45", "M46", "M50",
)
# fmt: on


def _district(postcode: str) -> str:
    return postcode.split(" ")[0]


def _sector(postcode: str) -> str:
    outward, inward = postcode.split(" ")
    return f"{outward} {inward[0]}"


def collect_evidence(data_dir: Path, ward_codes: dict[str, str]):
    """(sector -> Counter of ward codes, sectors seen outside Manchester)."""
    wards = read_wards(data_dir / "manchester_wards_2023.geojson")
    evidence: dict[str, Counter] = defaultdict(Counter)
    outside: Counter = Counter()

    def add(postcode_text: str, ward_code: str | None) -> None:
        postcode = normalise_postcode(postcode_text)
        if postcode is None or _district(postcode) in NON_GEOGRAPHIC_DISTRICTS:
            return
        if ward_code is None:
            outside[_sector(postcode)] += 1
        else:
            evidence[_sector(postcode)][ward_code] += 1

    with (data_dir / "manchester_pharmacies.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["ward_code"] in ward_codes:
                add(row["postcode"], row["ward_code"])
    for name in POINT_FILES:
        with (data_dir / name).open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if (name, row["name"]) in EXCLUDED_RECORDS:
                    continue
                try:
                    lat, lon = float(row["lat"]), float(row["lon"])
                except ValueError:
                    continue
                ward = ward_containing(lat, lon, wards)
                add(row["postcode"], ward.code if ward else None)
    onspd = data_dir / "onspd_format_sample_trafford.csv"
    if onspd.exists():
        with onspd.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["la_code"] != "E08000003":
                    add(row["postcode"], None)
    return evidence, outside


def _row(kind, code, counts: Counter, ward_nb, in_manchester, source, manual_order=()):
    order = {code: i for i, code in enumerate(manual_order)}
    wards = sorted(counts, key=lambda w: (-counts[w], order.get(w, 99), w))
    wards += [w for w in manual_order if w not in counts]
    nb_score: Counter = Counter()
    for w in wards:
        nb_score[ward_nb[w]] += counts.get(w, 0)
    neighbourhoods: list[str] = []
    for w in sorted(wards, key=lambda w: (-nb_score[ward_nb[w]], wards.index(w))):
        if ward_nb[w] not in neighbourhoods:
            neighbourhoods.append(ward_nb[w])
    total = sum(counts.values())
    return [kind, code, "|".join(wards), "|".join(neighbourhoods), in_manchester, source, total]


def derive(data_dir: Path) -> list[list]:
    geography = yaml.safe_load((REPO_ROOT / "directory" / "neighbourhoods.yaml").read_text())
    ward_nb = {w["code"]: w["neighbourhood"] for w in geography["wards"]}
    code_by_name = {w["name"]: w["code"] for w in geography["wards"]}
    evidence, outside = collect_evidence(data_dir, ward_nb)
    rows = []
    districts: dict[str, Counter] = defaultdict(Counter)
    district_outside: Counter = Counter()
    for sector in sorted(set(evidence) | set(outside), key=_sort_key):
        partial = "partial" if outside[sector] else "yes"
        districts[sector.split(" ")[0]].update(evidence[sector])
        district_outside[sector.split(" ")[0]] += outside[sector]
        if evidence[sector]:
            rows.append(_row("sector", sector, evidence[sector], ward_nb, partial, "data"))
        else:
            # Only outside evidence (a sample, not every postcode): in a district the city
            # shares, say "partial" with no wards so the resolver falls back to the district.
            shared = sector.split(" ")[0] in MANUAL_DISTRICTS
            status = "partial" if shared else "no"
            rows.append(["sector", sector, "", "", status, "data", outside[sector]])
    all_districts = set(districts) | set(MANUAL_DISTRICTS) | set(MANUAL_OUTSIDE)
    for district in sorted(all_districts, key=_sort_key):
        if district in MANUAL_OUTSIDE:
            rows.append(["district", district, "", "", "no", "manual", 0])
            continue
        manual_status, manual_names = MANUAL_DISTRICTS.get(district, ("", ()))
        manual_codes = tuple(code_by_name[n] for n in manual_names)
        counts = districts[district]
        status = "partial" if district_outside[district] or manual_status == "partial" else "yes"
        source = "+".join(s for s, on in (("data", counts), ("manual", manual_codes)) if on)
        rows.append(_row("district", district, counts, ward_nb, status, source, manual_codes))
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
    data_dir = Path(argv[1]) if len(argv) > 1 else REPO_ROOT.parent / "shared" / "data"
    rows = derive(data_dir)
    out = REPO_ROOT / "directory" / "postcodes.csv"
    write(rows, out)
    print(f"wrote {len(rows)} rows to {out.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
