"""The SQL behind the Open Referral UK API and export: filtered service pages, UUID
lookups, organisations with published services, and candidates for duplicate matching.

Demo entries are left out unless the caller passes include_demo (demo mode). Defunct
(closed) services are left out of lists; they are still in the export and by id.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence

from navigator.core.directory.oruk_query import ServiceQuery
from navigator.core.directory.oruk_taxonomy import DISPOSITION_TAXONOMY, TYPE_TAXONOMY
from navigator.core.directory.profiles import Organisation, ServiceProfile
from navigator.core.places.geo import haversine_km
from navigator.store.search import SearchPage
from navigator.store.servicerows import KM_PER_DEGREE_LAT, escape_like, read_profiles
from navigator.store.services import get_organisation, get_services

DAYS_PER_YEAR = 365.25
# A weekly session as (day, opens, closes), closes past midnight pushed after "24:00" so
# "closes at or before end_time" never picks an overnight session.
_SESSION_SQL = (
    "EXISTS (SELECT 1 FROM json_each(s.schedule, '$.weekly') w"
    " WHERE (:day IS NULL OR json_extract(w.value, '$.day') = :day)"
    " AND (:start IS NULL OR json_extract(w.value, '$.opens') >= :start)"
    " AND (:end IS NULL OR (json_extract(w.value, '$.closes') > json_extract(w.value, '$.opens')"
    " AND json_extract(w.value, '$.closes') <= :end)))"
    " OR (json_extract(s.schedule, '$.always_open') = 1 AND (:start IS NULL OR :start = '00:00')"
    " AND (:end IS NULL OR :end >= '24:00'))"
)


_LOCATED_SQL = "(s.address IS NOT NULL OR s.postcode IS NOT NULL OR s.lat IS NOT NULL)"


def located_service_ids(conn: sqlite3.Connection, *, include_demo: bool = False) -> list[str]:
    sql = f"SELECT s.id FROM services s WHERE {_LOCATED_SQL} AND (? OR s.demo = 0)"  # noqa: S608
    return [row[0] for row in conn.execute(sql, (int(include_demo),))]


def find_service_id(conn: sqlite3.Connection, ref: str) -> str | None:
    """Our id for a service UUID or for one of our ids (today's slugs keep resolving)."""
    row = conn.execute(
        "SELECT id FROM services WHERE id = ? OR oruk_id = ? ORDER BY id = ? DESC LIMIT 1",
        (ref, ref.lower(), ref),
    ).fetchone()
    return row[0] if row else None


def find_organisation_id(conn: sqlite3.Connection, ref: str) -> str | None:
    row = conn.execute(
        "SELECT id FROM organisations WHERE id = ? OR oruk_id = ? ORDER BY id = ? DESC LIMIT 1",
        (ref, ref.lower(), ref),
    ).fetchone()
    return row[0] if row else None


def last_modified(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    """When each service's record last changed (updated_at, as stored)."""
    found: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        batch = list(ids[start : start + 500])
        marks = ", ".join("?" for _ in batch)
        sql = f"SELECT id, updated_at FROM services WHERE id IN ({marks})"  # noqa: S608
        found.update({r["id"]: r["updated_at"] for r in conn.execute(sql, batch)})
    return found


def search_services(
    conn: sqlite3.Connection,
    query: ServiceQuery,
    *,
    point: tuple[float, float] | None = None,
    include_demo: bool = False,
    located: bool = False,
) -> SearchPage:
    """One page of services meeting every filter (core/directory/oruk_query.py says what each means);
    with a point (the postcode's), those within query.proximity_m, nearest first."""
    where, params = _filters(query, include_demo)
    if located:  # /service_at_locations: only services with a location
        where.append(_LOCATED_SQL)
    named = {"day": query.day, "start": query.start_time, "end": query.end_time}
    if any(v is not None for v in named.values()):
        where.append(f"({_SESSION_SQL})")
    if point is not None and query.proximity_m is not None:
        lat, lon = point
        radius_km = query.proximity_m / 1000
        dlat = radius_km / KM_PER_DEGREE_LAT
        dlon = radius_km / (KM_PER_DEGREE_LAT * max(0.01, math.cos(math.radians(lat))))
        where.append("s.lat BETWEEN :lat_lo AND :lat_hi AND s.lon BETWEEN :lon_lo AND :lon_hi")
        params.update(lat_lo=lat - dlat, lat_hi=lat + dlat, lon_lo=lon - dlon, lon_hi=lon + dlon)
    params.update(named)
    clause = " AND ".join(where) or "1"
    page, per_page = query.page, query.per_page
    if point is None:
        total = conn.execute(f"SELECT COUNT(*) FROM services s WHERE {clause}", params)  # noqa: S608
        rows = conn.execute(
            f"SELECT s.* FROM services s WHERE {clause} ORDER BY s.name, s.id"  # noqa: S608
            " LIMIT :limit OFFSET :offset",
            {**params, "limit": per_page, "offset": (page - 1) * per_page},
        ).fetchall()
        return _page(read_profiles(conn, rows), {}, total.fetchone()[0], page, per_page)
    sql = f"SELECT s.id, s.lat, s.lon, s.name FROM services s WHERE {clause}"  # noqa: S608
    located = conn.execute(sql, params).fetchall()
    lat, lon = point
    distances = {r["id"]: haversine_km(lat, lon, r["lat"], r["lon"])
                 for r in located if r["lat"] is not None}  # fmt: skip
    limit_km = (query.proximity_m or math.inf) / 1000
    ids = sorted((i for i, km in distances.items() if km <= limit_km),
                 key=lambda i: (distances[i], i))  # fmt: skip
    chosen = ids[(page - 1) * per_page : page * per_page]
    shown = {i: round(distances[i], 3) for i in chosen}
    return _page(get_services(conn, chosen), shown, len(ids), page, per_page)


def _filters(query: ServiceQuery, include_demo: bool) -> tuple[list[str], dict]:
    where = ["s.status != 'closed'"]
    params: dict = {}
    if not include_demo:
        where.append("s.demo = 0")
    if query.search:
        params["text"] = "%" + escape_like(query.search.lower()) + "%"
        where.append(
            "(LOWER(s.name) LIKE :text ESCAPE '\\' OR LOWER(COALESCE(s.description, ''))"
            " LIKE :text ESCAPE '\\' OR REPLACE(s.type, '_', ' ') LIKE :text ESCAPE '\\')"
        )
    term = query.term
    if term is not None and term.taxonomy_key == TYPE_TAXONOMY:
        where.append("s.type = :term_code")
        params["term_code"] = term.code
    elif term is not None and term.taxonomy_key == DISPOSITION_TAXONOMY:
        where.append("EXISTS (SELECT 1 FROM service_dispositions d WHERE d.service_id = s.id"
                     " AND d.disposition = :term_code)")  # fmt: skip
        params["term_code"] = term.code
    if query.taxonomy is not None and query.taxonomy.key == DISPOSITION_TAXONOMY:
        where.append("EXISTS (SELECT 1 FROM service_dispositions d WHERE d.service_id = s.id)")
    if query.organization_id:
        where.append("s.organisation_id IN (SELECT o.id FROM organisations o"
                     " WHERE o.id = :org OR o.oruk_id = LOWER(:org))")  # fmt: skip
        params["org"] = query.organization_id
    if query.minimum_age is not None:
        where.append(f"ROUND(COALESCE(s.age_min_days, 0) / {DAYS_PER_YEAR}, 2) >= :min_age")
        params["min_age"] = query.minimum_age
    if query.maximum_age is not None:
        where.append(f"s.age_max_days IS NOT NULL AND ROUND(s.age_max_days / {DAYS_PER_YEAR}, 2)"
                     " <= :max_age")  # fmt: skip
        params["max_age"] = query.maximum_age
    if query.modified_after:
        where.append("julianday(s.updated_at) >= julianday(:modified_after)")
        params["modified_after"] = query.modified_after
    return where, params


def _page(items, distances, total, page, per_page) -> SearchPage:
    total_pages = max(1, math.ceil(total / per_page))
    return SearchPage(items, distances, total, total_pages, page, per_page)


def organisations_page(
    conn: sqlite3.Connection, page: int, per_page: int, *, include_demo: bool = False
) -> tuple[list[Organisation], int]:
    """Organisations with at least one published service, by name; and how many there are."""
    where = "EXISTS (SELECT 1 FROM services s WHERE s.organisation_id = o.id AND (? OR s.demo = 0))"
    demo = int(include_demo)
    total = conn.execute(f"SELECT COUNT(*) FROM organisations o WHERE {where}", (demo,))  # noqa: S608
    rows = conn.execute(
        f"SELECT o.id FROM organisations o WHERE {where} ORDER BY o.name, o.id"  # noqa: S608
        " LIMIT ? OFFSET ?",
        (demo, per_page, (page - 1) * per_page),
    ).fetchall()
    found = [get_organisation(conn, r[0]) for r in rows]
    return [o for o in found if o is not None], total.fetchone()[0]


def organisation_services(
    conn: sqlite3.Connection, organisation_id: str, *, include_demo: bool = False
) -> list[ServiceProfile]:
    rows = conn.execute(
        "SELECT * FROM services WHERE organisation_id = ? AND (? OR demo = 0) ORDER BY name, id",
        (organisation_id, int(include_demo)),
    ).fetchall()
    return read_profiles(conn, rows)


def services_near(
    conn: sqlite3.Connection, *, postcode: str | None, lat: float | None, lon: float | None,
    radius_m: float, exclude_source: str | None = None,
) -> list[ServiceProfile]:  # fmt: skip
    """Services at the same postcode or within radius_m of the point: the candidates an
    importer compares a newcomer with before adding it (duplicate matching)."""
    clauses, params = [], []
    if postcode:
        clauses.append("REPLACE(UPPER(postcode), ' ', '') = ?")
        params.append(postcode.replace(" ", "").upper())
    if lat is not None and lon is not None:
        dlat = radius_m / 1000 / KM_PER_DEGREE_LAT
        dlon = dlat / max(0.01, math.cos(math.radians(lat)))
        clauses.append("(lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?)")
        params += [lat - dlat, lat + dlat, lon - dlon, lon + dlon]
    if not clauses:
        return []
    sql = f"SELECT * FROM services WHERE ({' OR '.join(clauses)})"  # noqa: S608
    if exclude_source is not None:
        sql += " AND source != ?"
        params.append(exclude_source)
    return read_profiles(conn, conn.execute(sql, params).fetchall())
