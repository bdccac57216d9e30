"""The only SQL for organisations and services. Returns core dataclasses (ServiceProfile).

Writes wrap themselves in db.transaction (a savepoint inside a caller's transaction), so an
importer can make a whole file one all-or-nothing unit. Reads fetch services in one query
and their child rows (dispositions, needs, coverage) in one batched query: no N+1.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from navigator.core.directory.oruk_ids import organization_uuid
from navigator.core.directory.profiles import (
    CITY_CODE,
    Coverage,
    Organisation,
    ServiceProfile,
    add_months,
)
from navigator.core.directory.search import Candidate
from navigator.db import transaction
from navigator.store.servicerows import (
    date_or_none,
    id_batches,
    read_profiles,
    replace_children,
    row_values,
    sql_marks,
    stored_form,
)


def _timestamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")


# --- organisations ---------------------------------------------------------------------------


def upsert_organisation(conn: sqlite3.Connection, org: Organisation, *, now: datetime) -> str:
    """Insert or update by id; returns 'created', 'updated' or 'unchanged'."""
    existing = get_organisation(conn, org.id)
    if existing == org:
        return "unchanged"
    values = (org.name, org.description, org.website, org.phone, org.email, int(org.trusted),
              org.source, organization_uuid(org.id), _timestamp(now))  # fmt: skip
    with transaction(conn):
        if existing is None:
            conn.execute(
                "INSERT INTO organisations (name, description, website, phone, email, trusted,"
                " source, oruk_id, updated_at, id, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, org.id, _timestamp(now)),
            )
            return "created"
        conn.execute(
            "UPDATE organisations SET name = ?, description = ?, website = ?, phone = ?,"
            " email = ?, trusted = ?, source = ?, oruk_id = ?, updated_at = ? WHERE id = ?",
            (*values, org.id),
        )
    return "updated"


def get_organisation(conn: sqlite3.Connection, org_id: str) -> Organisation | None:
    row = conn.execute("SELECT * FROM organisations WHERE id = ?", (org_id,)).fetchone()
    if row is None:
        return None
    return Organisation(
        id=row["id"], name=row["name"], description=row["description"],
        website=row["website"], phone=row["phone"], email=row["email"],
        trusted=bool(row["trusted"]), source=row["source"],
    )  # fmt: skip


# --- services: writes ------------------------------------------------------------------------


def upsert_service(conn: sqlite3.Connection, profile: ServiceProfile, *, now: datetime) -> str:
    """Insert or update in place by id, keeping child rows in sync.

    Returns 'created', 'updated' or 'unchanged' (nothing written, updated_at kept).
    """
    profile.validate()
    profile = stored_form(profile)
    existing = get_service(conn, profile.id)
    if existing == profile:
        return "unchanged"
    row = row_values(profile)
    row["updated_at"] = _timestamp(now)
    with transaction(conn):
        if existing is None:
            row["id"] = profile.id
            row["created_at"] = _timestamp(now)
            columns = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            conn.execute(f"INSERT INTO services ({columns}) VALUES ({marks})", list(row.values()))  # noqa: S608
        else:
            assignments = ", ".join(f"{column} = ?" for column in row)
            conn.execute(
                f"UPDATE services SET {assignments} WHERE id = ?",  # noqa: S608
                [*row.values(), profile.id],
            )
        replace_children(conn, profile)
    return "created" if existing is None else "updated"


def set_status(
    conn: sqlite3.Connection, service_id: str, status: str, *, alert: str | None, now: datetime
) -> bool:
    """Change status and alert only (e.g. a confirmed 'closed' report); True if it existed."""
    current = get_service(conn, service_id)
    if current is None:
        return False
    upsert_service(conn, dataclasses.replace(current, status=status, alert=alert), now=now)
    return True


# --- services: reads -------------------------------------------------------------------------


def get_service(conn: sqlite3.Connection, service_id: str) -> ServiceProfile | None:
    rows = conn.execute("SELECT * FROM services WHERE id = ?", (service_id,)).fetchall()
    found = read_profiles(conn, rows)
    return found[0] if found else None


def get_services(conn: sqlite3.Connection, service_ids: Sequence[str]) -> list[ServiceProfile]:
    """Several by id, in the order asked (unknown ids left out)."""
    rows: list[sqlite3.Row] = []
    for batch in id_batches(list(dict.fromkeys(service_ids))):
        marks = ", ".join("?" for _ in batch)
        rows += conn.execute(f"SELECT * FROM services WHERE id IN ({marks})", batch).fetchall()  # noqa: S608
    by_id = {p.id: p for p in read_profiles(conn, rows)}
    return [by_id[i] for i in service_ids if i in by_id]


def all_service_ids(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT id FROM services ORDER BY id")]


def count_services(conn: sqlite3.Connection, *, source: str | None = None) -> int:
    if source is None:
        return conn.execute("SELECT COUNT(*) FROM services").fetchone()[0]
    sql = "SELECT COUNT(*) FROM services WHERE source = ?"
    return conn.execute(sql, (source,)).fetchone()[0]


def list_services(
    conn: sqlite3.Connection,
    *,
    organisation_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[ServiceProfile]:
    """Admin listings: by name, optionally one organisation's services only."""
    where, params = ("", [])
    if organisation_id:
        where, params = "WHERE organisation_id = ?", [organisation_id]
    rows = conn.execute(
        f"SELECT * FROM services {where} ORDER BY name, id LIMIT ? OFFSET ?",  # noqa: S608
        [*params, limit, offset],
    ).fetchall()
    return read_profiles(conn, rows)


def _candidate_filter(
    *,
    types: Iterable[str] | None,
    dispositions: Iterable[str] | None,
    neighbourhoods: Iterable[str],
    areas: Iterable[str],
    include_inactive: bool,
) -> tuple[str, list] | None:
    """The WHERE clause both candidate queries share; None when nothing can match."""
    clauses: list[str] = []
    params: list = []
    if not include_inactive:
        clauses.append("s.status = 'active'")
    if types is not None:
        types = list(types)
        if not types:
            return None
        clauses.append(f"s.type IN ({sql_marks(types)})")
        params += types
    if dispositions is not None:
        dispositions = list(dispositions)
        if not dispositions:
            return None
        clauses.append(
            "EXISTS (SELECT 1 FROM service_dispositions d WHERE d.service_id = s.id"  # noqa: S608
            f" AND d.disposition IN ({sql_marks(dispositions)}))"
        )
        params += dispositions
    coverage = ["(c.level = 'city' AND c.code = ?)"]
    params_coverage: list = [CITY_CODE]
    for level, codes in (("area", list(areas)), ("neighbourhood", list(neighbourhoods))):
        if codes:
            coverage.append(f"(c.level = '{level}' AND c.code IN ({sql_marks(codes)}))")
            params_coverage += codes
    clauses.append(
        "EXISTS (SELECT 1 FROM service_coverage c WHERE c.service_id = s.id"  # noqa: S608
        f" AND ({' OR '.join(coverage)}))"
    )
    params += params_coverage
    return " AND ".join(clauses), params


def candidates(
    conn: sqlite3.Connection,
    *,
    types: Iterable[str] | None = None,
    dispositions: Iterable[str] | None = None,
    neighbourhoods: Iterable[str] = (),
    areas: Iterable[str] = (),
    include_inactive: bool = False,
    limit: int | None = None,
) -> list[ServiceProfile]:
    """Services that may serve a resident: the cheap DoS filters, done by indexes.

    Coverage matches when the service is city-wide, or covers one of `areas`, or one of
    `neighbourhoods` (the caller passes the resident's neighbourhoods and their areas).
    None for types/dispositions means "any". Ranking is core/directory/search.py's job.
    """
    found = _candidate_filter(
        types=types,
        dispositions=dispositions,
        neighbourhoods=neighbourhoods,
        areas=areas,
        include_inactive=include_inactive,
    )
    if found is None:
        return []
    where, params = found
    sql = f"SELECT s.* FROM services s WHERE {where} ORDER BY s.id"  # noqa: S608
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return read_profiles(conn, conn.execute(sql, params).fetchall())


def candidate_summaries(
    conn: sqlite3.Connection,
    *,
    types: Iterable[str],
    neighbourhoods: Iterable[str] = (),
    areas: Iterable[str] = (),
    limit: int | None = None,
    origin: tuple[float, float] | None = None,
    stale_before: date | None = None,
    include_demo: bool = True,
) -> list[Candidate]:
    """The candidates for a search as light rows (no schedule, no text, no child rows), read
    through the (type, level, code) coverage index: what ranking needs, so a search over a
    large directory builds full profiles only for the few it time-checks."""
    types = list(types)
    if not types:
        return []
    coverage = ["(c.level = 'city' AND c.code = ?)"]
    params: list = [*types, CITY_CODE]
    for level, codes in (("area", list(areas)), ("neighbourhood", list(neighbourhoods))):
        if codes:
            coverage.append(f"(c.level = '{level}' AND c.code IN ({sql_marks(codes)}))")
            params += codes
    sql = (
        "SELECT DISTINCT s.id, s.name, s.type, s.status, s.coverage_level, s.lat, s.lon,"  # noqa: S608
        " s.last_reviewed, s.demo, s.source, s.age_min_days, s.age_max_days, s.sex"
        " FROM service_coverage c JOIN services s ON s.id = c.service_id"
        f" WHERE c.type IN ({sql_marks(types)}) AND ({' OR '.join(coverage)})"
    )
    if not include_demo:
        sql += " AND s.demo = 0"
    # Rough ranking in SQL (type rank, stale last, verified first, nearest) so only the best
    # few hundred rows reach Python; core/directory/search.py ranks those exactly.
    rank = " ".join(f"WHEN ? THEN {i}" for i in range(len(types)))
    sql += (
        f" ORDER BY CASE s.type {rank} ELSE {len(types)} END,"
        " (s.last_reviewed IS NOT NULL AND s.last_reviewed < ?), s.demo"
    )
    params += [*types, (stale_before or date.min).isoformat()]
    if origin is not None:
        lat, lon = origin  # squared degrees, longitude scaled for Manchester's latitude
        sql += (
            ", CASE WHEN s.lat IS NULL THEN 1 ELSE 0 END,"
            " (s.lat - ?) * (s.lat - ?) + (s.lon - ?) * (s.lon - ?) * 0.36"
        )
        params += [lat, lat, lon, lon]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return [
        Candidate(
            id=r["id"],
            name=r["name"],
            type=r["type"],
            status=r["status"],
            coverage=Coverage(r["coverage_level"], ()),
            lat=r["lat"],
            lon=r["lon"],
            last_reviewed=date_or_none(r["last_reviewed"]),
            demo=bool(r["demo"]),
            source=r["source"],
            age_min_days=r["age_min_days"],
            age_max_days=r["age_max_days"],
            sex=r["sex"],
        )
        for r in conn.execute(sql, params)
    ]


def stale_services(
    conn: sqlite3.Connection, now: datetime | date, months: int = 6
) -> list[ServiceProfile]:
    """Open or paused services never reviewed, or last reviewed more than `months` ago."""
    today = now.date() if isinstance(now, datetime) else now
    cutoff = add_months(today, -months).isoformat()
    rows = conn.execute(
        "SELECT * FROM services WHERE status != 'closed'"
        " AND (last_reviewed IS NULL OR last_reviewed < ?) ORDER BY last_reviewed, id",
        (cutoff,),
    ).fetchall()
    return read_profiles(conn, rows)
