"""Open Referral UK: our export re-imports to the same profiles; foreign HSDS maps sensibly."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from navigator.core.profiles import Coverage, Organisation, ServiceProfile
from navigator.db import connect
from navigator.exporters.oruk import export_directory, paginated, service_to_hsds
from navigator.importers import import_all
from navigator.importers.oruk import import_oruk
from navigator.migrations import migrate
from navigator.paths import SHARED_DATA_DIR
from navigator.store.search import search_text
from navigator.store.services import (
    get_organisation,
    get_service,
    upsert_organisation,
    upsert_service,
)

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
ORG = Organisation("mft", "Manchester University NHS Foundation Trust", website="https://mft.nhs.uk",
                   trusted=True)  # fmt: skip
PROFILES = [
    ServiceProfile(
        id="mri-ed", organisation="mft", name="MRI Emergency Department",
        type="emergency_department", dispositions=("a_and_e", "emergency_999"),
        age_min_days=5844.0, access=("walk_in",), schedule={"always_open": True},
        coverage=Coverage("city"), address="Oxford Road, Manchester", postcode="M13 9WL",
        lat=53.4627, lon=-2.2264, languages=("en",), accessibility=("step_free",), cost="free",
        last_reviewed=date(2026, 11, 24), reviewed_by="navigator-team", source="embedded",
    ),
    ServiceProfile(
        id="gorton-hub", organisation="mft", name="Gorton Hub", type="social_group",
        dispositions=("community",), needs=("loneliness",), sex="female", eligibility="residents",
        eligibility_text="Women living in Gorton", access=("self_referral", "phone"),
        schedule={
            "weekly": [{"day": "mon", "opens": "09:00", "closes": "13:00"},
                       {"day": "mon", "opens": "14:00", "closes": "18:00"},
                       {"day": "fri", "opens": "22:00", "closes": "06:00"},
                       {"day": "wed", "opens": "09:00", "closes": "13:00"}],
            "bank_holidays": [{"opens": "10:00", "closes": "14:00"}],
            "exceptions": [{"date": "2026-12-25", "sessions": [], "note": "Closed Christmas Day"}],
        },
        coverage=Coverage("neighbourhood", ("gorton-levenshulme", "ardwick-longsight")),
        phone="0161 000 0000", email="hub@example.org", status="temporarily_closed",
        alert="Closed for repairs", last_reviewed=date(2026, 6, 1), demo=True, source="demo",
    ),
    ServiceProfile(
        id="south-line", organisation=None, name="South Line", type="befriending",
        dispositions=("community",), age_max_days=6574.5,
        schedule={"weekly": [], "text": "call to check"}, coverage=Coverage("area", ("south",)),
    ),
]  # fmt: skip


@pytest.fixture
def conn(tmp_path):
    connection = connect(tmp_path / "a.sqlite3")
    migrate(connection)
    yield connection
    connection.close()


def fresh(tmp_path, name):
    connection = connect(tmp_path / name)
    migrate(connection)
    return connection


def test_round_trip_through_hsds_json(conn, tmp_path):
    upsert_organisation(conn, ORG, now=NOW)
    for profile in PROFILES:
        upsert_service(conn, profile, now=NOW)
    exported = export_directory(conn)
    path = tmp_path / "directory_oruk.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    other = fresh(tmp_path, "b.sqlite3")
    report = import_oruk(other, path, now=NOW)
    assert (report.rows_read, report.created, report.skipped) == (3, 3, 0)
    for profile in PROFILES:
        assert get_service(other, profile.id) == get_service(conn, profile.id)
    assert get_organisation(other, "mft") == ORG
    assert import_oruk(other, path, now=NOW).unchanged == 3


def test_export_shape_is_hsds(conn):
    upsert_organisation(conn, ORG, now=NOW)
    upsert_service(conn, PROFILES[1], now=NOW)
    item = service_to_hsds(get_service(conn, "gorton-hub"), ORG)
    assert item["status"] == "temporarily closed"
    assert item["organization"]["name"] == ORG.name
    assert {"byday": "MO,WE", "opens_at": "09:00", "closes_at": "13:00"}.items() <= next(
        s for s in item["schedules"] if s["opens_at"] == "09:00").items()  # fmt: skip
    assert [a["name"] for a in item["service_areas"]] == ["ardwick-longsight",
                                                          "gorton-levenshulme"]  # fmt: skip
    term = item["attributes"][0]["taxonomy_term"]
    assert (term["code"], term["vocabulary"]) == ("social_group", "navigator-service-type")
    assert item["x_navigator_exceptions"]["exceptions"][0]["date"] == "2026-12-25"
    assert item["x_navigator_exceptions"]["bank_holidays"] == [{"opens": "10:00",
                                                                "closes": "14:00"}]  # fmt: skip


def test_paginated_api_shape(conn):
    upsert_organisation(conn, ORG, now=NOW)
    for profile in PROFILES:
        upsert_service(conn, profile, now=NOW)
    body = paginated(search_text(conn, per_page=2), {"mft": ORG})
    assert {k: body[k] for k in ("total_items", "total_pages", "page_number", "size",
                                 "first_page", "last_page", "empty")} == {
        "total_items": 3, "total_pages": 2, "page_number": 1, "size": 2, "first_page": True,
        "last_page": False, "empty": False}  # fmt: skip
    assert len(body["contents"]) == 2


def test_foreign_hsds_page_is_mapped(conn, tmp_path):
    page = {
        "total_items": 2, "page_number": 1,
        "contents": [
            {"id": "ac148810-d857-441c-9679-408f346de14b", "name": "Levenshulme Food Club",
             "status": "active", "minimum_age": 18,
             "organization": {"id": "org-1", "name": "Food Club CIC"},
             "attributes": [{"taxonomy_term": {"id": "t1", "name": "Food bank"}}],
             "schedules": [{"freq": "WEEKLY", "byday": "TU,TH", "opens_at": "10:00:00",
                            "closes_at": "12:30:00"},
                           {"freq": "MONTHLY", "byday": "1SA", "opens_at": "10:00",
                            "closes_at": "12:00", "description": "First Saturday 10-12"}],
             "service_areas": [{"name": "Gorton and Levenshulme"}],
             "phones": [{"number": "0161 123 4567"}]},
            {"id": "x2", "name": "Mystery", "status": "active",
             "attributes": [{"taxonomy_term": {"id": "abc", "name": "Something else"}}]},
        ],
    }  # fmt: skip
    path = tmp_path / "feed_oruk.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    report = import_oruk(conn, path, now=NOW)
    assert (report.created, report.skipped) == (1, 1)
    service = get_service(conn, "ac148810-d857-441c-9679-408f346de14b")
    assert service.type == "food_bank" and service.dispositions == ("community",)
    assert service.coverage == Coverage("neighbourhood", ("gorton-levenshulme",))
    assert service.age_min_days == 6574.5
    assert service.schedule["weekly"] == [
        {"day": "tue", "opens": "10:00", "closes": "12:30"},
        {"day": "thu", "opens": "10:00", "closes": "12:30"}]  # fmt: skip
    assert service.schedule["text"] == "First Saturday 10-12"
    assert service.organisation == "org-1"


def test_malformed_json_names_the_line(conn, tmp_path):
    path = tmp_path / "bad_oruk.json"
    path.write_text('[\n{"id": "a",\n "name": }\n]', encoding="utf-8")
    with pytest.raises(ValueError, match="bad_oruk.json line 3"):
        import_oruk(conn, path, now=NOW)


@pytest.mark.shared_data
@pytest.mark.skipif(not SHARED_DATA_DIR.exists(), reason="no ../shared/data")
def test_whole_real_directory_round_trips(conn, tmp_path):
    import_all(conn, SHARED_DATA_DIR, now=NOW)
    exported = export_directory(conn)
    path = tmp_path / "all_oruk.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    other = fresh(tmp_path, "b.sqlite3")
    report = import_oruk(other, path, now=NOW)
    assert report.created == len(exported) > 300
    assert export_directory(other) == exported
