"""Directory search latency over a synthetic directory of 100,000 services across the city.

Run: make bench   (or: python benchmarks/search_bench.py [--services N] [--searches N])
Builds a temporary SQLite database (real schema, real store code), spreads services over the
12 neighbourhoods, 3 areas and the city with varied opening hours, then times the full
search path the webhook uses: store.candidates (SQL, indexed) + core.directory.search
(filters, opening hours, ranking). Target (issue 3): p99 under 20 ms per search.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from navigator import migrations
from navigator.core.directory.profiles import Coverage, ServiceProfile
from navigator.core.directory.search import SearchQuery
from navigator.core.models import Disposition
from navigator.core.places.neighbourhoods import load_neighbourhoods
from navigator.db import connect, transaction
from navigator.runtime import _all_places, _centroids, build_navigator
from navigator.store.services import upsert_service

LONDON = ZoneInfo("Europe/London")
TYPES = [
    "pharmacy",
    "food_bank",
    "debt_advice",
    "social_group",
    "befriending",
    "warm_space",
    "physical_activity",
    "carers_support",
    "housing_advice",
    "stop_smoking",
    "dentist",
    "gp_practice",
    "library",
    "parent_support",
    "talking_therapies",
]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
QUERIES = [  # (disposition, topic types)
    (Disposition.PHARMACY, ("pharmacy",)),
    (Disposition.COMMUNITY, ("food_bank",)),
    (Disposition.COMMUNITY, ("debt_advice", "benefits_advice")),
    (Disposition.COMMUNITY, ("social_group", "befriending")),
    (Disposition.DENTAL, ("dentist",)),
    (Disposition.COMMUNITY, ("warm_space", "library", "social_group")),
    (Disposition.GP, ("gp_practice",)),
    (Disposition.SELF_CARE, ("pharmacy",)),
]


def synthetic_profile(i: int, rng: random.Random, nbs, areas, points) -> ServiceProfile:
    level = rng.choices(["neighbourhood", "area", "city"], weights=[85, 12, 3])[0]
    nb = rng.choice(nbs)
    coverage = {
        "neighbourhood": Coverage("neighbourhood", (nb,)),
        "area": Coverage("area", (rng.choice(areas),)),
        "city": Coverage("city", ()),
    }[level]
    lat, lon = points[nb]
    opens = rng.choice(["08:00", "09:00", "10:00", "13:00"])
    closes = rng.choice(["12:30", "17:00", "18:30", "22:00"])
    if closes <= opens:
        closes = "20:00"
    weekly = [{"day": d, "opens": opens, "closes": closes} for d in DAYS if rng.random() < 0.7]
    kind = rng.choice(TYPES)
    return ServiceProfile.from_dict(
        {
            "id": f"synthetic-{i}",
            "name": f"Synthetic {kind} {i}",
            "type": kind,
            "dispositions": ["community", "pharmacy", "self_care", "dental", "gp"],
            "schedule": {"weekly": weekly} if weekly else {"weekly": [], "text": "call"},
            "coverage": coverage.to_dict(),
            "lat": lat + rng.uniform(-0.02, 0.02),
            "lon": lon + rng.uniform(-0.03, 0.03),
            "status": "active",
            "last_reviewed": dt.date(2026, 11, 1) - dt.timedelta(days=rng.randint(0, 300)),
            "source": "synthetic",
        }
    )


def build(path: Path, count: int, rng: random.Random) -> float:
    conn = connect(path)
    migrations.migrate(conn)
    nbs, areas = _all_places()
    points = _centroids()
    started = time.perf_counter()
    now = dt.datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)
    with transaction(conn):
        for i in range(count):
            upsert_service(conn, synthetic_profile(i, rng, nbs, areas, points), now=now)
    conn.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=2_000)
    args = parser.parse_args()
    rng = random.Random(20261124)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        build_s = build(path, args.services, rng)
        conn = connect(path)
        nbs, _ = _all_places()
        area_of = {}

        geo = load_neighbourhoods()
        area_of = {n["id"]: n["area"] for n in geo["neighbourhoods"]}
        points = _centroids()
        search_services = build_navigator(conn).search
        latencies, results = [], []
        for _ in range(args.searches):
            nb = rng.choice(nbs)
            disposition, topic_types = rng.choice(QUERIES)
            when = dt.datetime(2026, 11, 23, tzinfo=LONDON) + dt.timedelta(
                minutes=rng.randint(0, 7 * 24 * 60)
            )
            query = SearchQuery(
                disposition=disposition,
                now=when,
                topic_types=topic_types,
                neighbourhoods=(nb,),
                areas=(area_of[nb],),
                origin=points[nb],
            )
            t0 = time.perf_counter()
            outcome = search_services(query)  # the same path the webhook takes
            latencies.append(time.perf_counter() - t0)
            results.append(len(outcome.results))
        latencies.sort()
        p50 = statistics.median(latencies) * 1000
        p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
        print(f"directory: {args.services:,} synthetic services built in {build_s:.1f}s")
        print(
            f"search: {args.searches:,} searches; p50 {p50:.2f} ms; p99 {p99:.2f} ms; "
            f"max {latencies[-1] * 1000:.2f} ms; mean results {statistics.mean(results):.2f}"
        )


if __name__ == "__main__":
    main()
