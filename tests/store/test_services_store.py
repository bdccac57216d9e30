"""The services store against a real SQLite file: upserts, child rows, candidates, search."""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, date, datetime

import pytest

from navigator.core.directory.profiles import Coverage, Organisation, ServiceProfile, add_months
from navigator.core.places.geo import Ward
from navigator.db import connect, transaction
from navigator.migrations import applied, migrate
from navigator.store.postcodes import (
    list_wards,
    lookup_postcode,
    lookup_ward,
    upsert_postcodes,
    upsert_wards,
)
from navigator.store.search import search_text
from navigator.store.services import (
    candidates,
    count_services,
    get_service,
    stale_services,
    upsert_organisation,
    upsert_service,
)

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
WEEKDAYS = {"weekly": [{"day": "mon", "opens": "09:00", "closes": "17:00"}]}


@pytest.fixture
def conn(tmp_path):
    connection = connect(tmp_path / "sub" / "navigator.sqlite3")
    migrate(connection)
    upsert_organisation(connection, Organisation("org", "An organisation"), now=NOW)
    yield connection
    connection.close()


def make(service_id: str, **changes) -> ServiceProfile:
    values = dict(
        id=service_id, organisation="org", name=f"Service {service_id}", type="pharmacy",
        dispositions=("pharmacy",), schedule=WEEKDAYS,
        coverage=Coverage("neighbourhood", ("gorton-levenshulme",)),
        last_reviewed=date(2026, 11, 1),
    )  # fmt: skip
    values.update(changes)
    return ServiceProfile(**values)


def test_connect_sets_the_pragmas_and_creates_the_folder(tmp_path):
    connection = connect(tmp_path / "new" / "db.sqlite3")
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert connection.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert (tmp_path / "new" / "db.sqlite3").exists()


def test_migrate_is_idempotent(tmp_path):
    connection = connect(tmp_path / "db.sqlite3")
    first = migrate(connection)
    assert first == applied(connection) and "0001_directory" in first
    assert migrate(connection) == []


def test_upsert_updates_in_place_and_keeps_children_in_sync(conn):
    assert upsert_service(conn, make("a"), now=NOW) == "created"
    assert upsert_service(conn, make("a"), now=NOW) == "unchanged"
    moved = make("a", coverage=Coverage("area", ("south",)), dispositions=("self_care",))
    assert upsert_service(conn, moved, now=NOW) == "updated"
    assert count_services(conn) == 1
    stored = get_service(conn, "a")
    assert stored.coverage == Coverage("area", ("south",))
    assert stored.dispositions == ("self_care",)
    rows = conn.execute("SELECT level, code FROM service_coverage WHERE service_id = 'a'")
    assert [tuple(r) for r in rows] == [("area", "south")]
    assert stored.next_review_due == date(2027, 5, 1)  # last_reviewed + 6 months


def test_a_failed_transaction_writes_nothing(conn):
    with pytest.raises(RuntimeError), transaction(conn):
        upsert_service(conn, make("a"), now=NOW)
        raise RuntimeError("boom")
    assert count_services(conn) == 0


def test_candidates_filter_by_coverage_type_disposition_and_status(conn):
    for profile in (
        make("city", coverage=Coverage("city")),
        make("central", coverage=Coverage("area", ("central",))),
        make("gorton"),
        make("north-hood", coverage=Coverage("neighbourhood", ("cheetham-crumpsall",))),
        make("dentist", type="dentist", dispositions=("dental",)),
        make("closed", status="closed"),
    ):
        upsert_service(conn, profile, now=NOW)

    def ids(**kwargs):
        return [p.id for p in candidates(conn, **kwargs)]

    here = dict(neighbourhoods=["gorton-levenshulme"], areas=["central"])
    assert ids(types=["pharmacy"], **here) == ["central", "city", "gorton"]
    assert ids(types=["pharmacy"], neighbourhoods=["cheetham-crumpsall"], areas=["north"]) == [
        "city", "north-hood"]  # fmt: skip
    assert ids(types=["pharmacy"]) == ["city"]  # no place known: city-wide only
    assert ids(dispositions=["dental"], **here) == ["dentist"]
    assert "closed" in ids(include_inactive=True, **here)
    assert ids(types=[], **here) == []
    assert len(ids(limit=2, **here)) == 2


def test_stale_services_are_those_not_reviewed_for_six_months(conn):
    upsert_service(conn, make("fresh", last_reviewed=date(2026, 10, 1)), now=NOW)
    upsert_service(conn, make("old", last_reviewed=date(2026, 5, 23)), now=NOW)
    upsert_service(conn, make("never", last_reviewed=None), now=NOW)
    assert [p.id for p in stale_services(conn, NOW)] == ["never", "old"]
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_search_text_paginates_and_orders_by_distance(conn):
    points = {"near": (53.445, -2.19), "mid": (53.46, -2.20), "far": (53.40, -2.29)}
    for name, (lat, lon) in points.items():
        upsert_service(conn, make(name, name=f"{name} chemist", lat=lat, lon=lon), now=NOW)
    upsert_service(conn, make("food", type="food_bank", dispositions=("community",)), now=NOW)
    page = search_text(conn, text="CHEMIST", per_page=2)
    assert (page.total_items, page.total_pages, page.first_page, page.last_page) == (
        3,
        2,
        True,
        False,
    )
    near = search_text(conn, lat=53.444, lon=-2.19, proximity_m=3000)
    assert [p.id for p in near.items] == ["near", "mid"]
    assert near.distances_km["near"] < near.distances_km["mid"] < 3
    assert [p.id for p in search_text(conn, taxonomy_id="food_bank").items] == ["food"]
    assert search_text(conn, text="50%_").empty


def test_profile_validation_names_the_field():
    with pytest.raises(ValueError, match="type 'pharmcy'"):
        make("x", type="pharmcy").validate()
    with pytest.raises(ValueError, match="disposition"):
        make("x", dispositions=("urgent",)).validate()
    with pytest.raises(ValueError, match="needs a non-empty neighbourhoods"):
        ServiceProfile.from_dict({"id": "x", "name": "X", "type": "pharmacy",
                                  "coverage": {"level": "neighbourhood"}})  # fmt: skip
    with pytest.raises(ValueError, match="schedule"):
        make("x", schedule={"weekly": [{"day": "mon", "opens": "9am", "closes": "5pm"}]}).validate()
    with pytest.raises(ValueError, match="unknown field"):
        ServiceProfile.from_dict({"id": "x", "name": "X", "type": "pharmacy", "colour": "red"})


def test_profile_dict_round_trip():
    profile = make("x", age_min_days=5844.0, needs=("sore-throat",), languages=("en", "ur"))
    again = ServiceProfile.from_dict(profile.to_dict())
    assert dataclasses.replace(again, schedule=profile.schedule) == profile
    assert again.to_dict()["coverage"] == {
        "level": "neighbourhood",
        "neighbourhoods": ["gorton-levenshulme"],
    }


def test_postcodes_and_wards(conn):
    @dataclasses.dataclass
    class Row:
        postcode: str
        ward_code: str
        la_code: str
        lat: float
        lon: float

    rows = [Row("M14 5AL", "E05011372", "E08000003", 53.45, -2.22),
            Row("M32 0AA", "E05000001", "E08000009", 53.46, -2.30)]  # fmt: skip
    assert upsert_postcodes(conn, rows, {"E05011372": "moss-side-hulme-rusholme"}) == (2, 0)
    assert upsert_postcodes(conn, rows, {"E05011372": "moss-side-hulme-rusholme"}) == (0, 2)
    assert lookup_postcode(conn, "m145al").neighbourhood == "moss-side-hulme-rusholme"
    assert lookup_postcode(conn, "M32 0AA").neighbourhood is None
    assert lookup_ward(conn, "M14 5AL") == "E05011372" and lookup_ward(conn, "M1 1AA") is None
    square = [[[-2.3, 53.4], [-2.2, 53.4], [-2.2, 53.5], [-2.3, 53.5], [-2.3, 53.4]]]
    upsert_wards(conn, [Ward("E05011372", "Moss Side", 53.45, -2.25, "Polygon", square)],
                 {"E05011372": "moss-side-hulme-rusholme"})  # fmt: skip
    (ward,) = list_wards(conn)
    assert ward.coordinates == square and ward.name == "Moss Side"


def test_candidates_over_100000_services(conn):
    hoods = ["gorton-levenshulme", "ardwick-longsight", "cheetham-crumpsall", "old-moat-withington"]
    types = ["pharmacy", "food_bank", "dentist", "library", "gp_practice"]
    started = time.perf_counter()
    with transaction(conn):
        conn.executemany(
            "INSERT INTO services (id, organisation_id, name, type, coverage_level, status,"
            " created_at, updated_at) VALUES (?, 'org', ?, ?, 'neighbourhood', 'active', ?, ?)",
            [(f"s{i:06d}", f"Service {i}", types[i % 5], NOW.isoformat(), NOW.isoformat())
             for i in range(100_000)],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO service_coverage (service_id, level, code) VALUES (?, 'neighbourhood', ?)",
            [(f"s{i:06d}", hoods[(i // 5) % 4]) for i in range(100_000)],
        )
        conn.executemany(
            "INSERT INTO service_dispositions (service_id, disposition) VALUES (?, 'pharmacy')",
            [(f"s{i:06d}",) for i in range(0, 100_000, 5)],
        )
    conn.execute("ANALYZE")
    inserted = time.perf_counter() - started
    started = time.perf_counter()
    found = candidates(conn, types=["pharmacy"], dispositions=["pharmacy"],
                       neighbourhoods=["gorton-levenshulme"], areas=["central"])  # fmt: skip
    took = time.perf_counter() - started
    print(f"\n100,000 services inserted in {inserted:.2f}s; candidates() {took * 1000:.1f} ms "
          f"for {len(found)} results")  # fmt: skip
    assert len(found) == 5000  # every 5th is a pharmacy, a quarter of those in Gorton
    assert all(p.type == "pharmacy" and p.coverage.codes == ("gorton-levenshulme",)
               and p.dispositions == ("pharmacy",) for p in found)  # fmt: skip
