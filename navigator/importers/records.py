"""Building a record from one CSV row: the part every CSV importer shares.

A CsvImporter is one format's `import_<name>(conn, path, *, now)`: it reads the file through
the format's `make(row)`; `row` is an ImportRow, which reads the cells every format has (a
name, a postcode, a point, a telephone number) and makes the service profile with what every
imported service carries: its place in the city, the importer as reviewer as of the import,
and the source.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from navigator.core.directory.profiles import Organisation, ServiceProfile
from navigator.importers.base import (
    IMPORT_REVIEWER,
    ImportReport,
    Locator,
    Record,
    clean,
    format_uk_phone,
    load_geography,
    parse_point,
    parse_postcode,
    read_csv,
    store_records,
)
from navigator.paths import DIRECTORY_DIR


@dataclass(frozen=True)
class ImportRow:
    """One row of a CSV file with what making its record needs."""

    values: dict[str, str]
    line: int
    where: str  # "<file> line N", the start of every error and warning about the row
    locator: Locator
    report: ImportReport
    now: datetime
    source: str

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def get(self, column: str) -> str | None:
        return self.values.get(column)

    def warn(self, message: str) -> None:
        self.report.warnings.append(f"{self.where}: {message}")

    def name(self, column: str = "name") -> str:
        """The cleaned text of a column that may not be empty (a row without it stops the
        import)."""
        name = clean(self.values[column])
        if not name:
            raise ValueError(f"{self.where}: {column} is empty")
        return name

    def postcode(self, column: str = "postcode") -> str | None:
        return parse_postcode(self.values[column], self.where)

    def point(self) -> tuple[float | None, float | None]:
        """lat, lon from the row's own columns (both or neither)."""
        return parse_point(self.values, self.where)

    def phone(self, column: str = "telephone") -> str | None:
        """A UK number; left out with a warning when the cell holds something else."""
        phone = format_uk_phone(self.values[column])
        if phone is None and clean(self.values[column]):
            self.warn(f"{column} {self.values[column]!r} is not a UK number")
        return phone

    def service(
        self,
        *,
        postcode: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
        ward_code: str | None = None,
        placed_by_point: bool = True,
        **fields,
    ) -> ServiceProfile:
        """The service profile, in its neighbourhood (by ward, then point, then postcode;
        city-wide with a warning when none places it), reviewed by the importer today.
        placed_by_point=False: lat/lon are stored but do not choose the neighbourhood."""
        coverage = self.locator.coverage(
            ward_code=ward_code,
            lat=lat if placed_by_point else None,
            lon=lon if placed_by_point else None,
            postcode=postcode,
            where=self.where,
            warnings=self.report.warnings,
        )
        return ServiceProfile(
            coverage=coverage,
            postcode=postcode,
            lat=lat,
            lon=lon,
            last_reviewed=self.now.date(),
            reviewed_by=IMPORT_REVIEWER,
            source=self.source,
            **fields,
        )

    def record(self, organisation: Organisation | None, service: ServiceProfile) -> Record:
        return Record(self.line, organisation, service)


RecordMaker = Callable[[ImportRow], "Record | None"]


@dataclass(frozen=True)
class CsvImporter:
    """One CSV format: the source its services are marked with, the columns it must have,
    and `make(row)`, which returns a Record, or None to skip the row (it then adds a warning
    saying why). Called as `import_<name>(conn, path, *, now)`."""

    source: str
    required: tuple[str, ...]
    make: RecordMaker

    def __call__(
        self,
        conn: sqlite3.Connection,
        path: str | Path,
        *,
        now: datetime,
        directory: Path = DIRECTORY_DIR,
    ) -> ImportReport:
        """Read every row through `make`, then store all or nothing."""
        path = Path(path)
        report = ImportReport(self.source, path.name)

        def build() -> list[Record]:
            locator = Locator(conn, load_geography(directory), directory)
            records = []
            for line, values in read_csv(path, self.required):
                report.rows_read += 1
                where = f"{path.name} line {line}"
                row = ImportRow(values, line, where, locator, report, now, self.source)
                record = self.make(row)
                if record is None:
                    report.skipped += 1
                else:
                    records.append(record)
            return records

        return store_records(conn, report, build, now=now)
