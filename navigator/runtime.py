"""The composition root: builds a core Navigator over a database connection.

The CLI, the web app and the benchmarks all call `build_navigator`; nothing in core/ knows
where its candidates or postcodes come from.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Mapping
from functools import lru_cache
from zoneinfo import ZoneInfo

from navigator import migrations
from navigator.core.conversation.navigate import Navigator
from navigator.core.directory import search as directory
from navigator.core.models import Disposition
from navigator.core.places.gazetteer import find_place_in_message, load_gazetteer
from navigator.core.places.matches import PlaceMatch
from navigator.core.places.neighbourhoods import load_neighbourhoods
from navigator.core.places.postcodes import PostcodeFact
from navigator.core.triage.pipeline import load_knowledge
from navigator.db import connect, transaction
from navigator.paths import CONTENT_DIR, DIRECTORY_DIR
from navigator.service import directory as directory_service
from navigator.settings import read as read_setting

LONDON = ZoneInfo("Europe/London")
NO_PLACE_CANDIDATE_LIMIT = 400  # without a place, rank a bounded city-wide sample
SEARCH_CANDIDATE_LIMIT = 300  # rows the SQL pre-ranking hands to the exact ranking
CANDIDATES_PER_TYPE_NEAREST_FIRST = 2 * directory.TIME_CHECKS_PER_TYPE  # margin for filters
STALE_AFTER = dt.timedelta(days=directory.STALE_AFTER_DAYS)
# The ONS file lists 23,932 city postcodes: a table holding this many is the whole list, so a
# postcode missing from it is outside the city (data/README.md), not merely unknown.
COMPLETE_CITY_POSTCODES = 20_000
GO_NOW_DISPOSITIONS = frozenset(
    {Disposition.PHARMACY, Disposition.SELF_CARE, Disposition.URGENT_CARE, Disposition.DENTAL}
)


def now_london() -> dt.datetime:
    return dt.datetime.now(LONDON)


def prepare_database(
    conn: sqlite3.Connection, now: dt.datetime | None = None, *, demo_mode: bool = False
) -> None:
    """Schema up to date, and the embedded default directory present in an empty database
    (its invented demo entries only on a demo deployment)."""
    from navigator.importers.embedded import import_embedded

    migrations.migrate(conn)
    if directory_service.count_services(conn) == 0:
        with transaction(conn):
            services = DIRECTORY_DIR / "services"
            import_embedded(conn, services, now=now or now_london(), include_demo=demo_mode)


def initialise(settings: Mapping) -> None:
    """Ready the configured database: `navigator init` and `serve`, wsgi.py and the tests'
    fixtures call this; create_app never does (it only builds the app)."""
    conn = connect(settings["NAVIGATOR_DATABASE"])
    try:
        prepare_database(conn, demo_mode=settings["NAVIGATOR_DEMO_MODE"])
    finally:
        conn.close()


@lru_cache(maxsize=1)
def _centroids() -> dict[str, tuple[float, float]]:
    """Neighbourhood and ward centroids (mean of ward centroids) from neighbourhoods.yaml."""
    data = load_neighbourhoods()
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
    return load_knowledge(str(CONTENT_DIR), read_setting("NAVIGATOR_MODELS_DIR"))


def build_navigator(
    conn: sqlite3.Connection, public_url: str = "", *, demo_mode: bool = False
) -> Navigator:
    """A navigator over this connection. demo_mode=False (every real deployment): invented
    demo entries never reach a resident; True: they may, and every answer says so."""
    gazetteer = load_gazetteer(str(DIRECTORY_DIR))  # indexed once, before the first message
    complete: list[bool] = []  # asked at most once per navigator, on the first miss

    def lookup(postcode: str) -> PostcodeFact | None:
        record = directory_service.lookup_postcode(conn, postcode)
        if record is not None:
            return PostcodeFact(record.ward_code, record.la_code)
        if not complete:
            complete.append(directory_service.count_city_postcodes(conn) >= COMPLETE_CITY_POSTCODES)
        return PostcodeFact(listed=False) if complete[0] else None

    def find_place(text: str) -> PlaceMatch:
        return find_place_in_message(text, postcode_lookup=lookup, gazetteer=gazetteer)

    def locate(place: PlaceMatch) -> tuple[float, float] | None:
        """The resident's own postcode point; else the sector's or district's centroid of
        city postcodes; else the ward or neighbourhood centroid."""
        if place.kind == "postcode" and place.postcode:
            record = directory_service.lookup_postcode(conn, place.postcode)
            if record and record.lat is not None:
                return record.lat, record.lon
        if place.postcode and place.kind in ("postcode", "sector", "district"):
            outward, _, inward = place.postcode.partition(" ")
            sector = f"{outward} {inward[:1]}"
            point = gazetteer.point_of(sector if inward else outward)
            if point is None and place.kind == "district":
                point = gazetteer.point_of(outward)
            if point is not None:
                return point
        return centroid_of(place)

    def search_in(query: directory.SearchQuery) -> directory.SearchOutcome:
        everywhere = not (query.neighbourhoods or query.areas)
        nbs, areas = (query.neighbourhoods, query.areas)
        if everywhere:
            nbs, areas = _all_places()
        found = directory_service.candidate_summaries(
            conn,
            types=query.types,
            neighbourhoods=nbs,
            areas=areas,
            limit=_candidate_limit(query, everywhere),
            origin=query.origin,
            stale_before=query.now.date() - STALE_AFTER,
            include_demo=query.include_demo,
        )
        return directory.search(query, found, lambda ids: directory_service.get_services(conn, ids))

    def search(query: directory.SearchQuery) -> directory.SearchOutcome:
        """Where the answer is "go now" (a pharmacy, urgent care, a dentist), the resident's
        neighbourhood(s) and those next to them, nearest first: an open pharmacy over the
        boundary beats a closed one at home. Otherwise the resident's own neighbourhood(s)."""
        if query.neighbourhoods and query.disposition in GO_NOW_DISPOSITIONS:
            reach = _within_reach(query.neighbourhoods)
            query = dataclasses.replace(query, neighbourhoods=reach, areas=_areas_of(reach))
        return search_in(query)

    return Navigator(
        knowledge=knowledge(),
        find_place=find_place,
        search=search,
        locate=locate,
        public_url=public_url.rstrip("/"),
        demo_mode=demo_mode,
        no_listing=_no_listing(),
    )


def _candidate_limit(query: directory.SearchQuery, everywhere: bool) -> int:
    """Rows the SQL pre-ranking hands on. Nearest first (an origin), the exact ranking
    time-checks only TIME_CHECKS_PER_TYPE of each type, so a few times that per type will do."""
    limit = NO_PLACE_CANDIDATE_LIMIT if everywhere else SEARCH_CANDIDATE_LIMIT
    if query.origin is not None:
        per_type = CANDIDATES_PER_TYPE_NEAREST_FIRST * max(1, len(query.types))
        limit = min(limit, per_type)
    return limit


@lru_cache(maxsize=1)
def _next_to() -> dict[str, tuple[str, ...]]:
    """directory/neighbours.csv (derived from the ward boundaries by its script)."""
    with (DIRECTORY_DIR / "neighbours.csv").open(newline="", encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {r["neighbourhood"]: tuple(filter(None, r["next_to"].split("|"))) for r in rows}


@lru_cache(maxsize=64)
def _within_reach(neighbourhoods: tuple[str, ...]) -> tuple[str, ...]:
    """The neighbourhoods given, then every neighbourhood next to one of them."""
    nearby = [n for nb in neighbourhoods for n in _next_to().get(nb, ())]
    return tuple(dict.fromkeys((*neighbourhoods, *nearby)))


def _areas_of(neighbourhoods: tuple[str, ...]) -> tuple[str, ...]:
    area = _area_of()
    return tuple(dict.fromkeys(area[n] for n in neighbourhoods if n in area))


@lru_cache(maxsize=1)
def _area_of() -> dict[str, str]:
    data = load_neighbourhoods()
    return {n["id"]: n["area"] for n in data["neighbourhoods"]}


@lru_cache(maxsize=1)
def _no_listing() -> dict:
    import yaml

    return yaml.safe_load((DIRECTORY_DIR / "no_listing.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _all_places() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = load_neighbourhoods()
    return (tuple(n["id"] for n in data["neighbourhoods"]), tuple(a["id"] for a in data["areas"]))


def warm_caches() -> None:
    """Load the knowledge, gazetteer and place tables now, not in a resident's first request
    (a cold worker took 0.8 s alone and 6 s with 16 threads loading at once). wsgi.py calls
    it; with gunicorn's preload_app the workers inherit the loaded tables."""
    from navigator.core.places.gazetteer import load_gazetteer

    knowledge()
    load_gazetteer(str(DIRECTORY_DIR))
    _centroids()
    _all_places()
