"""The embedded default directory: directory/services/*.yaml (format in directory/README.md).

Each file holds `organisations:` and `services:` lists. Everything is validated (profiles,
SPEC place ids, organisation references) before anything is written; one transaction.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import yaml

from navigator.core.directory.profiles import Organisation, ServiceProfile
from navigator.importers.base import ImportReport, Record, load_geography, store_records
from navigator.paths import DIRECTORY_DIR

SOURCE = "embedded"
# The C loader is ~10x faster on the demo directory; both are the safe loader.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def import_embedded(
    conn: sqlite3.Connection,
    services_dir: str | Path | None = None,
    *,
    now: datetime,
    directory: Path = DIRECTORY_DIR,
    include_demo: bool = True,
) -> ImportReport:
    """include_demo=False (a real deployment): the invented `demo: true` entries are left out
    (counted as skipped); entries already stored are kept, and search never shows them."""
    services_dir = Path(services_dir) if services_dir else directory / "services"
    report = ImportReport(SOURCE, f"{services_dir.name}/*.yaml")

    def build() -> list[Record]:
        records = read_embedded(services_dir, directory, report)
        if include_demo:
            return records
        real = [r for r in records if not r.service.demo]
        report.skipped += len(records) - len(real)
        return real

    return store_records(conn, report, build, now=now)


def read_embedded(
    services_dir: Path, directory: Path = DIRECTORY_DIR, report: ImportReport | None = None
) -> list[Record]:
    """Every (organisation, service) pair in the YAML files, validated; ValueError names the
    file and entry on the first problem."""
    geography = load_geography(directory)
    organisations: dict[str, Organisation] = {}
    pending: list[tuple[str, int, ServiceProfile]] = []
    for path in sorted(services_dir.glob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}  # noqa: S506
        except yaml.YAMLError as exc:
            raise ValueError(f"{path.name}: not valid YAML ({exc})") from None
        if not isinstance(data, dict):
            raise ValueError(f"{path.name}: expected organisations: and services: lists")
        for number, item in enumerate(data.get("organisations") or [], start=1):
            try:
                org = Organisation.from_dict(item)
            except (ValueError, TypeError) as exc:
                raise ValueError(f"{path.name} organisation {number}: {exc}") from None
            if org.id in organisations and organisations[org.id] != org:
                raise ValueError(f"{path.name}: organisation {org.id!r} defined twice, differently")
            organisations[org.id] = org
        for number, item in enumerate(data.get("services") or [], start=1):
            try:
                service = ServiceProfile.from_dict(item)
                service.check_places(geography.neighbourhood_ids, geography.area_ids)
            except (ValueError, TypeError) as exc:
                raise ValueError(f"{path.name} service {number}: {exc}") from None
            pending.append((path.name, number, service))
    records = []
    seen: dict[str, str] = {}
    for file_name, number, service in pending:
        if report is not None:
            report.rows_read += 1
        where = f"{file_name} service {number} ({service.id})"
        if service.id in seen:
            raise ValueError(f"{where}: id already used in {seen[service.id]}")
        seen[service.id] = file_name
        if service.organisation is not None and service.organisation not in organisations:
            raise ValueError(f"{where}: unknown organisation {service.organisation!r}")
        records.append(Record(number, organisations.get(service.organisation or ""), service))
    return records
