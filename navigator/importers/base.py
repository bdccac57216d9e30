"""What every importer shares: the report, CSV reading with line numbers, cleaning of the
publishers' placeholder values, UK phone formatting, stable ids, and placing a service in a
neighbourhood (ward polygons, ward centroids, or the derived postcode sector table).

The contract: parse and validate the whole file first (a bad row raises
ValueError("<file> line N: <what>")), then write every record in one transaction, then
record the run in import_runs. A failed import writes no services. CSV importers make their
records with importers.records.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from navigator.core.directory.profiles import Coverage, Organisation, ServiceProfile
from navigator.core.places.geo import Ward, ward_for_point
from navigator.core.places.neighbourhoods import load_neighbourhoods
from navigator.db import transaction
from navigator.paths import DIRECTORY_DIR
from navigator.store.postcodes import compact_postcode, list_wards, lookup_postcode
from navigator.store.services import upsert_organisation, upsert_service

# What the publishers write when a cell has no value.
PLACEHOLDERS = {"", "na", "n/a", "null", "none", "not known", "unknown", "-", "tbc"}
# A point further than this from every ward centroid is not placed by the centroid fallback.
CENTROID_FALLBACK_MAX_KM = 3.0
IMPORT_REVIEWER = "importer"  # reviewed_by for imported rows: the publisher's data, as of import
POSTCODE_PATTERN = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")


@dataclass
class ImportReport:
    source: str
    file: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)
    matched: int = 0  # already in the directory from another source: not added twice

    def summary(self) -> str:
        matched = f"{self.matched} matched existing, " if self.matched else ""
        return (
            f"{self.source} ({self.file}): {self.rows_read} rows, {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged, {self.skipped} skipped, "
            f"{matched}{len(self.warnings)} warning(s)"
        )


@dataclass(frozen=True)
class Record:
    """One parsed row, ready to store."""

    line: int
    organisation: Organisation | None  # None for a service with no organisation
    service: ServiceProfile


# --- reading ---------------------------------------------------------------------------------


def read_csv(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number where the record starts, row) after checking the header."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in required if c not in header]
        if missing:
            raise ValueError(f"{path.name} line 1: missing column(s) {', '.join(missing)}")
        reader.fieldnames = header
        next_start = 2
        for row in reader:
            start, next_start = next_start, reader.line_num + 1
            if None in row:
                raise ValueError(f"{path.name} line {start}: more values than header columns")
            if any(row.get(c) is None for c in required):
                raise ValueError(f"{path.name} line {start}: fewer values than header columns")
            yield start, {k: (v or "").strip() for k, v in row.items()}


def clean(value: str | None) -> str | None:
    """None for the publishers' placeholders ('NA', 'Not known'...), else trimmed text."""
    if value is None:
        return None
    text = " ".join(value.split())
    return None if text.lower() in PLACEHOLDERS else text


def slug(*parts: str | None) -> str:
    text = "-".join(p for p in parts if p)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def parse_postcode(raw: str | None, where: str) -> str | None:
    text = clean(raw)
    if text is None:
        return None
    postcode = compact_postcode(text)
    if not POSTCODE_PATTERN.match(postcode):
        raise ValueError(f"{where}: {raw!r} is not a UK postcode")
    return postcode


def parse_coordinate(raw: str | None, name: str, where: str) -> float | None:
    text = clean(raw)
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{where}: {name} {raw!r} is not a number") from None


def parse_point(row: dict, where: str) -> tuple[float | None, float | None]:
    lat = parse_coordinate(row.get("lat"), "lat", where)
    lon = parse_coordinate(row.get("lon"), "lon", where)
    if (lat is None) != (lon is None):
        raise ValueError(f"{where}: only one of lat/lon given")
    if lat is not None and not (49.0 <= lat <= 61.5 and -9.0 <= lon <= 2.5):
        raise ValueError(f"{where}: lat/lon {lat}, {lon} is outside Great Britain")
    return lat, lon


def website(raw: str | None) -> str | None:
    """The first address in the cell, with a scheme ('www.x.org' -> 'https://www.x.org')."""
    text = clean(raw)
    if text is None:
        return None
    first = re.split(r"\s+|&|,", text.replace("\n", " "))[0].strip()
    if not first or "." not in first:
        return None
    return first if re.match(r"^https?://", first, re.I) else f"https://{first}"


# --- UK phone numbers ------------------------------------------------------------------------


def format_uk_phone(raw: str | None) -> str | None:
    """A UK number in its usual spacing, or None when it is not a whole UK number.

    The dentists' CSV held numbers as numbers: the leading 0 is gone ('1618307300') and some
    are in exponent form ('1618341e3' = 1618341000). Both are repaired here.
    """
    text = clean(raw)
    if text is None:
        return None
    if re.fullmatch(r"\d+(\.\d+)?[eE][+]?\d+", text):
        text = str(int(float(text)))
    digits = re.sub(r"[^\d+]", "", text.replace("O", "0").replace("o", "0"))
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    if digits and not digits.startswith("0"):
        digits = "0" + digits
    if len(digits) != 11 or digits[1] not in "123578":
        return None
    if digits[1] == "2":  # 02x xxxx xxxx (London, Cardiff...)
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if digits[1] in "37" or digits.startswith("08"):  # 03xx, 07xxx, 08xx
        if digits[1] == "7":
            return f"{digits[:5]} {digits[5:]}"
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    if digits[2] == "1" or digits[3] == "1":  # 011x and 01x1 areas: 0161 830 7300
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return f"{digits[:5]} {digits[5:]}"  # 01xxx xxxxxx


def first_phone(raw: str | None) -> str | None:
    """The first phone number in a mixed contact cell ('0161 227 3477 / x@y.org')."""
    text = clean(raw)
    if text is None:
        return None
    for match in re.finditer(r"(\+44\s?|0|O)[\d\s]{9,13}", text):
        formatted = format_uk_phone(match.group(0))
        if formatted:
            return formatted
    return None


def first_email(raw: str | None) -> str | None:
    text = clean(raw) or ""
    match = re.search(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", text)
    return match.group(0) if match else None


# --- geography -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Geography:
    """SPEC section 3 ids from directory/neighbourhoods.yaml."""

    ward_neighbourhood: dict[str, str]
    neighbourhood_area: dict[str, str]
    ward_centroids: tuple[Ward, ...]
    ward_names: dict[str, str]  # lower-case ward name -> code
    neighbourhood_names: dict[str, str]  # slug of the name without "and" -> id

    @property
    def neighbourhood_ids(self) -> set[str]:
        return set(self.neighbourhood_area)

    @property
    def area_ids(self) -> set[str]:
        return set(self.neighbourhood_area.values())


def load_geography(directory: Path = DIRECTORY_DIR) -> Geography:
    data = load_neighbourhoods(directory)
    wards = data.get("wards") or []
    return Geography(
        ward_neighbourhood={w["code"]: w["neighbourhood"] for w in wards},
        neighbourhood_area={n["id"]: n["area"] for n in data["neighbourhoods"]},
        ward_centroids=tuple(Ward(w["code"], w["name"], w["lat"], w["lon"]) for w in wards),
        ward_names={w["name"].lower(): w["code"] for w in wards},
        neighbourhood_names={
            slug(n["name"]).replace("-and-", "-"): n["id"] for n in data["neighbourhoods"]
        },
    )


def load_sector_table(directory: Path = DIRECTORY_DIR) -> dict[str, list[str]]:
    """Derived postcodes.csv: sector or district code -> neighbourhood ids, best first."""
    path = directory / "postcodes.csv"
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        table = {}
        for row in csv.DictReader(lines):
            if row.get("in_manchester") == "no":
                continue
            hoods = [h for h in (row.get("neighbourhoods") or "").split("|") if h]
            if hoods:
                table[row["code"]] = hoods
    return table


class Locator:
    """Puts a service in a neighbourhood; built once per import (reads wards once)."""

    def __init__(self, conn: sqlite3.Connection, geography: Geography, directory: Path):
        self.conn = conn
        self.geography = geography
        stored = [w for w in list_wards(conn) if w.coordinates]
        self.wards = stored or list(geography.ward_centroids)
        self.by_polygon = bool(stored)
        self.sectors = load_sector_table(directory)

    def point_of_postcode(self, postcode: str | None) -> tuple[float | None, float | None]:
        """Coordinates from the imported ONS postcode directory, when it holds the postcode."""
        found = lookup_postcode(self.conn, postcode) if postcode else None
        if found is None or found.lat is None:
            return None, None
        return found.lat, found.lon

    def ward_of_point(self, lat: float, lon: float) -> str | None:
        ward = ward_for_point(lat, lon, self.wards, max_fallback_km=CENTROID_FALLBACK_MAX_KM)
        return ward.code if ward else None

    def neighbourhoods_of_postcode(self, postcode: str) -> list[str]:
        found = lookup_postcode(self.conn, postcode)
        if found and found.neighbourhood:
            return [found.neighbourhood]
        outward, inward = postcode.split(" ") if " " in postcode else (postcode, "")
        for code in (f"{outward} {inward[:1]}", outward):
            if code in self.sectors:
                return self.sectors[code][:1]  # most evidence first: one home, not a guess
        return []

    def coverage(
        self,
        *,
        ward_code: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
        postcode: str | None = None,
        where: str,
        warnings: list[str],
    ) -> Coverage:
        """The service's own neighbourhood; city level (with a warning) when unknown."""
        if ward_code is None and lat is not None and lon is not None:
            ward_code = self.ward_of_point(lat, lon)
        hood = self.geography.ward_neighbourhood.get(ward_code or "")
        if hood:
            return Coverage("neighbourhood", (hood,))
        if postcode:
            hoods = self.neighbourhoods_of_postcode(postcode)
            if hoods:
                return Coverage("neighbourhood", tuple(hoods))
        warnings.append(f"{where}: no neighbourhood found; coverage left city-wide")
        return Coverage("city")


# --- storing ---------------------------------------------------------------------------------


def store_records(
    conn: sqlite3.Connection,
    report: ImportReport,
    build: Callable[[], list[Record]],
    *,
    now: datetime,
) -> ImportReport:
    """Parse everything, then write it all in one transaction and log the run."""
    started = now.isoformat(timespec="seconds")
    try:
        records = build()
        seen: dict[str, int] = {}
        with transaction(conn):
            for record in records:
                if record.service.id in seen:
                    report.skipped += 1
                    report.warnings.append(
                        f"{report.file} line {record.line}: duplicate of line "
                        f"{seen[record.service.id]} ({record.service.name}); skipped"
                    )
                    continue
                seen[record.service.id] = record.line
                if record.organisation is not None:
                    upsert_organisation(conn, record.organisation, now=now)
                outcome = upsert_service(conn, record.service, now=now)
                setattr(report, outcome, getattr(report, outcome) + 1)
            log_run(conn, report, started=started, now=now)
    except Exception as exc:
        report.created = report.updated = report.unchanged = 0  # rolled back
        log_run(conn, report, started=started, now=now, error=str(exc))
        raise
    return report


def log_run(
    conn: sqlite3.Connection,
    report: ImportReport,
    *,
    started: str,
    now: datetime,
    error: str | None = None,
) -> None:
    conn.execute(
        "INSERT INTO import_runs (source, file, started, finished, rows, created, updated,"
        " skipped, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (report.source, report.file, started, now.isoformat(timespec="seconds"),
         report.rows_read, report.created, report.updated, report.skipped, error),
    )  # fmt: skip
