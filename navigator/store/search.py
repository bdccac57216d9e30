"""Text and proximity search for the Open Referral UK API (GET /api/oruk/services).

Split from store/services.py; reads profiles through store/servicerows.py.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass

from navigator.core.directory.profiles import ServiceProfile
from navigator.core.places.geo import haversine_km
from navigator.store.servicerows import KM_PER_DEGREE_LAT, escape_like, read_profiles
from navigator.store.services import get_services

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


@dataclass(frozen=True)
class SearchPage:
    """One page of results with the ORUK pagination fields."""

    items: list[ServiceProfile]
    distances_km: dict[str, float]  # service id -> km from the search point, when one was given
    total_items: int
    total_pages: int
    page_number: int
    size: int

    @property
    def first_page(self) -> bool:
        return self.page_number == 1

    @property
    def last_page(self) -> bool:
        return self.page_number >= self.total_pages

    @property
    def empty(self) -> bool:
        return not self.items


def search_text(
    conn: sqlite3.Connection,
    *,
    text: str | None = None,
    taxonomy_id: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    proximity_m: float | None = None,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    include_inactive: bool = False,
) -> SearchPage:
    """Text in name/description/type, type = taxonomy_id, within proximity_m of (lat, lon).

    With a point, results are nearest first (services without coordinates left out when a
    proximity is set, last otherwise); without one, by name. Postcode -> point is the
    caller's step (store.postcodes.lookup_postcode).
    """
    page = max(1, int(page))
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    clauses, params = [], []
    if not include_inactive:
        clauses.append("status != 'closed'")
    if taxonomy_id:
        clauses.append("type = ?")
        params.append(taxonomy_id)
    if text and text.strip():
        pattern = "%" + escape_like(text.strip().lower()) + "%"
        clauses.append(
            "(LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(description, '')) LIKE ? ESCAPE"
            " '\\' OR type LIKE ? ESCAPE '\\')"
        )
        params += [pattern, pattern, pattern]
    point = lat is not None and lon is not None
    if point and proximity_m is not None:
        radius_km = float(proximity_m) / 1000
        dlat = radius_km / KM_PER_DEGREE_LAT
        dlon = radius_km / (KM_PER_DEGREE_LAT * max(0.01, math.cos(math.radians(lat))))
        clauses.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
        params += [lat - dlat, lat + dlat, lon - dlon, lon + dlon]
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    if not point:
        total = conn.execute(f"SELECT COUNT(*) FROM services {where}", params).fetchone()[0]  # noqa: S608
        rows = conn.execute(
            f"SELECT * FROM services {where} ORDER BY name, id LIMIT ? OFFSET ?",  # noqa: S608
            [*params, per_page, (page - 1) * per_page],
        ).fetchall()
        return _page(read_profiles(conn, rows), {}, total, page, per_page)
    # With a point the bounding box has cut the set down; exact distances in Python.
    located = conn.execute(
        f"SELECT id, lat, lon, name FROM services {where}",  # noqa: S608
        params,
    ).fetchall()
    distances: dict[str, float] = {}
    for row in located:
        if row["lat"] is not None:
            distances[row["id"]] = haversine_km(lat, lon, row["lat"], row["lon"])
    ids = [r["id"] for r in located]
    if proximity_m is not None:
        ids = [i for i in ids if i in distances and distances[i] * 1000 <= float(proximity_m)]
    names = {r["id"]: r["name"] for r in located}
    ids.sort(key=lambda i: (distances.get(i, math.inf), names[i], i))
    chosen = ids[(page - 1) * per_page : page * per_page]
    shown = {i: round(distances[i], 3) for i in chosen if i in distances}
    return _page(get_services(conn, chosen), shown, len(ids), page, per_page)


def _page(items, distances, total, page, per_page) -> SearchPage:
    total_pages = max(1, math.ceil(total / per_page))
    return SearchPage(items, distances, total, total_pages, page, per_page)
