"""The composition root: builds a core Navigator over a database connection.

The CLI, the web app and the benchmarks all call `build_navigator`; nothing in core/ knows
where its candidates or postcodes come from.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from functools import lru_cache
from zoneinfo import ZoneInfo

from navigator import migrations
from navigator.core import directory
from navigator.core.navigate import Navigator
from navigator.core.places import PlaceMatch, find_place_in_message, load_gazetteer
from navigator.core.triage.pipeline import load_knowledge
from navigator.db import transaction
from navigator.paths import CONTENT_DIR, DIRECTORY_DIR
from navigator.store import postcodes as postcode_store
from navigator.store import services as service_store

LONDON = ZoneInfo("Europe/London")
NO_PLACE_CANDIDATE_LIMIT = 400  # without a place, rank a bounded city-wide sample
SEARCH_CANDIDATE_LIMIT = 300  # rows the SQL pre-ranking hands to the exact ranking
STALE_AFTER = dt.timedelta(days=directory.STALE_AFTER_DAYS)


def now_london() -> dt.datetime:
    return dt.datetime.now(LONDON)


def prepare_database(conn: sqlite3.Connection, now: dt.datetime | None = None) -> None:
    """Schema up to date, and the embedded default directory present in an empty database."""
    from navigator.importers.embedded import import_embedded

    migrations.migrate(conn)
    if service_store.count_services(conn) == 0:
        with transaction(conn):
            import_embedded(conn, DIRECTORY_DIR / "services", now=now or now_london())


@lru_cache(maxsize=1)
def _centroids() -> dict[str, tuple[float, float]]:
    """Neighbourhood and ward centroids (mean of ward centroids) from neighbourhoods.yaml."""
    import yaml

    data = yaml.safe_load((DIRECTORY_DIR / "neighbourhoods.yaml").read_text(encoding="utf-8"))
    points: dict[str, tuple[float, float]] = {}
    by_nb: dict[str, list[tuple[float, float]]] = {}
    for ward in data["wards"]:
        point = (float(ward["lat"]), float(ward["lon"]))
        points[ward["code"]] = point
        by_nb.setdefault(ward["neighbourhood"], []).append(point)
    for nb, pts in by_nb.items():
        points[nb] = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
    return points


def centroid_of(place: PlaceMatch) -> tuple[float, float] | None:
    """The centre of the most specific ward or neighbourhood a place names."""
    centroids = _centroids()
    for code in (*place.wards, *place.neighbourhoods):
        if code in centroids:
            return centroids[code]
    return None


def knowledge():
    """Rules, topics and (unless NAVIGATOR_MODELS_DIR names a folder without one) the
    learned second opinion, loaded once per process."""
    return load_knowledge(str(CONTENT_DIR), os.environ.get("NAVIGATOR_MODELS_DIR") or None)


def build_navigator(conn: sqlite3.Connection, public_url: str = "") -> Navigator:
    gazetteer = load_gazetteer(str(DIRECTORY_DIR))  # indexed once, before the first message

    def find_place(text: str) -> PlaceMatch:
        return find_place_in_message(
            text,
            postcode_lookup=lambda pc: postcode_store.lookup_ward(conn, pc),
            gazetteer=gazetteer,
        )

    def locate(place: PlaceMatch) -> tuple[float, float] | None:
        if place.kind == "postcode" and place.postcode:
            record = postcode_store.lookup_postcode(conn, place.postcode)
            if record and record.lat is not None:
                return record.lat, record.lon
        return centroid_of(place)

    def search(query: directory.SearchQuery) -> directory.SearchOutcome:
        everywhere = not (query.neighbourhoods or query.areas)
        nbs, areas = (query.neighbourhoods, query.areas)
        if everywhere:
            nbs, areas = _all_places()
        found = service_store.candidate_summaries(
            conn,
            types=query.types,
            neighbourhoods=nbs,
            areas=areas,
            limit=NO_PLACE_CANDIDATE_LIMIT if everywhere else SEARCH_CANDIDATE_LIMIT,
            origin=query.origin,
            stale_before=query.now.date() - STALE_AFTER,
        )
        return directory.search(query, found, lambda ids: service_store.get_services(conn, ids))

    return Navigator(
        knowledge=knowledge(),
        find_place=find_place,
        search=search,
        locate=locate,
        public_url=public_url.rstrip("/"),
    )


@lru_cache(maxsize=1)
def _all_places() -> tuple[tuple[str, ...], tuple[str, ...]]:
    import yaml

    data = yaml.safe_load((DIRECTORY_DIR / "neighbourhoods.yaml").read_text(encoding="utf-8"))
    return (tuple(n["id"] for n in data["neighbourhoods"]), tuple(a["id"] for a in data["areas"]))


def warm_caches() -> None:
    """Load the knowledge, gazetteer and place tables now, not in a resident's first request
    (a cold worker took 0.8 s alone and 6 s with 16 threads loading at once). wsgi.py calls
    it; with gunicorn's preload_app the workers inherit the loaded tables."""
    from navigator.core.places import load_gazetteer

    knowledge()
    load_gazetteer(str(DIRECTORY_DIR))
    _centroids()
    _all_places()
