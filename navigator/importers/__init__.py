"""Importers: one module per real data format, and `import_all` for a directory of them.

Every importer is `import_<name>(conn, path, *, now) -> ImportReport`. Files are recognised
by name in the ../shared/data layout. Wards go first (they place the services), then ONS
postcodes, then the service files, then the embedded default directory. Each file is its own
transaction; the first bad file stops the run with its ValueError (files before it stay).
"""

from __future__ import annotations

import fnmatch
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from navigator.importers.base import ImportReport, load_geography, log_run
from navigator.importers.dentists import import_dentists
from navigator.importers.embedded import import_embedded
from navigator.importers.foodbanks import import_food_banks
from navigator.importers.gppractices import import_gp_practices
from navigator.importers.jobcentres import import_jobcentres
from navigator.importers.libraries import import_libraries
from navigator.importers.oruk import import_oruk
from navigator.importers.parks import import_parks
from navigator.importers.pharmacies import import_pharmacies
from navigator.importers.pharmacypoints import import_pharmacy_coordinates
from navigator.paths import DIRECTORY_DIR
from navigator.store.postcodes import upsert_postcodes, upsert_wards

Importer = Callable[..., ImportReport]


def import_wards(
    conn: sqlite3.Connection, path: str | Path, *, now: datetime, directory: Path = DIRECTORY_DIR
) -> ImportReport:
    """Ward boundaries GeoJSON -> wards table (with each ward's neighbourhood)."""
    from navigator.importers.wards import read_wards

    path = Path(path)
    report = ImportReport("wards", path.name)
    wards = read_wards(path)
    report.rows_read = len(wards)
    geography = load_geography(directory)
    unknown = [w.code for w in wards if w.code not in geography.ward_neighbourhood]
    if unknown:
        report.warnings.append(f"{path.name}: wards outside the 32 city wards: {unknown}")
    report.created, report.updated = upsert_wards(conn, wards, geography.ward_neighbourhood)
    log_run(conn, report, started=now.isoformat(timespec="seconds"), now=now)
    return report


def import_postcodes(
    conn: sqlite3.Connection, path: str | Path, *, now: datetime, directory: Path = DIRECTORY_DIR
) -> ImportReport:
    """ONS Postcode Directory CSV (Trafford Data Lab layout) -> postcodes table."""
    from navigator.importers.onspd import read_onspd

    path = Path(path)
    report = ImportReport("onspd", path.name)
    geography = load_geography(directory)

    def counted():  # streamed: a full ONSPD file has 2.7 million rows
        for row in read_onspd(path):
            report.rows_read += 1
            yield row

    # One transaction: a bad line (the reader raises) rolls back every row before it.
    report.created, report.updated = upsert_postcodes(conn, counted(), geography.ward_neighbourhood)
    log_run(conn, report, started=now.isoformat(timespec="seconds"), now=now)
    return report


# (file name pattern, importer), in the order import_all runs them.
IMPORTERS: tuple[tuple[str, Importer], ...] = (
    ("*wards*.geojson", import_wards),
    ("onspd*.csv", import_postcodes),
    ("*pharmacies*.csv", import_pharmacies),
    ("*pharmacy_coordinates*.csv", import_pharmacy_coordinates),  # after the pharmacy list
    ("*gp_practices*.csv", import_gp_practices),
    ("*dentists*.csv", import_dentists),
    ("*food_banks*.csv", import_food_banks),
    ("*libraries*.csv", import_libraries),
    ("*jobcentres*.csv", import_jobcentres),
    ("*parks*.csv", import_parks),
    ("*oruk*.json", import_oruk),
)


# `navigator import NAME FILE`: one file with one importer, by name ("-" and "_" alike).
IMPORTERS_BY_NAME: dict[str, Importer] = {
    "wards": import_wards,
    "postcodes": import_postcodes,
    "pharmacies": import_pharmacies,
    "pharmacy_coordinates": import_pharmacy_coordinates,
    "gp_practices": import_gp_practices,
    "dentists": import_dentists,
    "food_banks": import_food_banks,
    "libraries": import_libraries,
    "jobcentres": import_jobcentres,
    "parks": import_parks,
    "oruk": import_oruk,
}


def importer_named(name: str) -> Importer | None:
    return IMPORTERS_BY_NAME.get(name.strip().lower().replace("-", "_"))


def importer_for(path: str | Path) -> Importer | None:
    name = Path(path).name.lower()
    for pattern, importer in IMPORTERS:
        if fnmatch.fnmatch(name, pattern):
            return importer
    return None


def import_all(
    conn: sqlite3.Connection,
    data_dir: str | Path | None,
    *,
    now: datetime,
    directory: Path = DIRECTORY_DIR,
    include_embedded: bool = True,
    include_demo: bool = True,
) -> list[ImportReport]:
    """Import every recognised file in data_dir (wards first), then the embedded directory."""
    reports: list[ImportReport] = []
    files = sorted(Path(data_dir).iterdir()) if data_dir else []
    for pattern, importer in IMPORTERS:
        for path in files:
            if fnmatch.fnmatch(path.name.lower(), pattern):
                reports.append(importer(conn, path, now=now, directory=directory))
    if include_embedded and (directory / "services").is_dir():
        reports.append(
            import_embedded(conn, now=now, directory=directory, include_demo=include_demo)
        )
    return reports


__all__ = [
    "IMPORTERS",
    "IMPORTERS_BY_NAME",
    "ImportReport",
    "import_all",
    "import_dentists",
    "import_embedded",
    "import_food_banks",
    "import_gp_practices",
    "import_jobcentres",
    "import_libraries",
    "import_oruk",
    "import_parks",
    "import_pharmacies",
    "import_pharmacy_coordinates",
    "import_postcodes",
    "import_wards",
    "importer_for",
    "importer_named",
]
