"""Open Referral UK: our export re-imports to the same profiles; foreign HSDS maps sensibly."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import UTC, date, datetime

import pytest

from navigator.core.directory.oruk_ids import organization_uuid, service_uuid
from navigator.core.directory.oruk_query import ServiceQuery
from navigator.core.directory.oruk_taxonomy import load_taxonomies
from navigator.core.directory.profiles import Coverage, Organisation, ServiceProfile
from navigator.db import connect
from navigator.exporters.oruk import export_directory, service_to_hsds
from navigator.exporters.oruk_schedules import TEXT_NOTE
from navigator.importers import import_all
from navigator.importers.oruk import import_oruk
from navigator.migrations import migrate
from navigator.paths import DIRECTORY_DIR, SHARED_DATA_DIR
from navigator.store.oruk import find_service_id, search_services
from navigator.store.services import (
    get_organisation,
    get_service,
    upsert_organisation,
    upsert_service,
)

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
TODAY = NOW.date()
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


def _store(conn, *profiles):
    upsert_organisation(conn, ORG, now=NOW)
    for profile in profiles or PROFILES:
        upsert_service(conn, profile, now=NOW)


def test_round_trip_through_hsds_json(conn, tmp_path):
    _store(conn)
    exported = export_directory(conn, include_demo=True, today=TODAY)
    path = tmp_path / "directory_oruk.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    other = fresh(tmp_path, "b.sqlite3")
    report = import_oruk(other, path, now=NOW)
    assert (report.rows_read, report.created, report.skipped) == (3, 3, 0)
    for profile in PROFILES:
        assert get_service(other, profile.id) == get_service(conn, profile.id)
    assert get_organisation(other, "mft") == ORG
    assert export_directory(other, include_demo=True, today=TODAY) == exported
    assert import_oruk(other, path, now=NOW).unchanged == 3


def test_demo_entries_stay_out_of_the_export_unless_demo_mode(conn):
    _store(conn)
    assert "Gorton Hub" not in {s["name"] for s in export_directory(conn, today=TODAY)}
    shown = export_directory(conn, include_demo=True, today=TODAY)
    assert "Gorton Hub" in {s["name"] for s in shown}


def test_ids_are_stable_uuids_and_terms_are_distinct(conn):
    _store(conn)
    item = service_to_hsds(get_service(conn, "mri-ed"), ORG, today=TODAY)
    assert item["id"] == service_uuid("mri-ed") == str(uuid.UUID(item["id"]))
    assert item["organization_id"] == item["organization"]["id"] == organization_uuid("mft")
    assert find_service_id(conn, item["id"]) == find_service_id(conn, "mri-ed") == "mri-ed"
    terms = [a["taxonomy_term"] for a in item["attributes"]]
    assert {t["taxonomy"] for t in terms} == {"navigator-service-type", "navigator-disposition"}
    assert all(t["description"] and t["name"] for t in terms)
    vocabulary = load_taxonomies(str(DIRECTORY_DIR))
    type_term = vocabulary.term("navigator-service-type", "pharmacy")
    level_term = vocabulary.term("navigator-disposition", "pharmacy")
    assert type_term.id != level_term.id


def _walk(value):
    if isinstance(value, dict):
        for key, child in value.items():
            if not key.startswith("x_navigator"):
                yield key, child
                yield from _walk(child)
    elif isinstance(value, list):
        for child in value:
            yield from _walk(child)


def test_empty_fields_are_left_out_and_required_ones_filled(conn):
    _store(conn)
    exported = export_directory(conn, include_demo=True, today=TODAY)
    empties = [k for item in exported for k, v in _walk(item) if v in (None, "", [], {})]
    assert empties == []
    org = exported[0]["organization"]
    assert org["description"] == f"{ORG.name}: no description has been provided."


def test_assured_date_only_from_a_real_review(conn):
    imported = dataclasses.replace(PROFILES[0], id="imported", reviewed_by="importer")
    _store(conn, PROFILES[0], PROFILES[1], imported)
    by_id = {s["x_navigator"]["id"]: s for s in export_directory(conn, include_demo=True,
                                                                  today=TODAY)}  # fmt: skip
    assert by_id["mri-ed"]["assured_date"] == "2026-11-24"  # reviewed by the team
    assert "assured_date" not in by_id["imported"]  # the date an importer ran
    assert "assured_date" not in by_id["gorton-hub"]  # demo data is never assured


def test_schedules_carry_offsets_and_dated_closures(conn):
    _store(conn)
    item = service_to_hsds(get_service(conn, "gorton-hub"), ORG, today=TODAY)
    weekly = [s for s in item["schedules"] if s.get("valid_from") != s.get("valid_to")]
    winter = next(s for s in weekly if s["byday"] == "MO,WE" and s["valid_from"] == "2026-11-24")
    assert (winter["opens_at"], winter["closes_at"]) == ("09:00Z", "13:00Z")
    summer = next(s for s in weekly if s["byday"] == "MO,WE" and s["valid_from"] == "2027-03-28")
    assert (summer["opens_at"], summer["valid_to"]) == ("09:00+01:00", "2027-10-30")
    christmas = [s for s in item["schedules"] if s.get("valid_from") == "2026-12-25"]
    assert len(christmas) == 1 and "opens_at" not in christmas[0]
    assert "Closed" in christmas[0]["description"] and "Closed all day" in christmas[0]["notes"]
    # Boxing Day 2026 is a Saturday: the bank holiday is Monday 28 December (10:00-14:00).
    boxing = [s for s in item["schedules"] if s.get("valid_from") == "2026-12-28"]
    assert [(s["opens_at"], s["closes_at"]) for s in boxing] == [("10:00Z", "14:00Z")]
    assert "bank holiday" in boxing[0]["description"]
    text_only = service_to_hsds(get_service(conn, "south-line"), None, today=TODAY)
    assert text_only["schedules"] == [
        {"id": text_only["schedules"][0]["id"], "service_id": text_only["id"],
         "description": "call to check", "notes": TEXT_NOTE}]  # fmt: skip


def test_a_text_number_is_typed_as_text(conn):
    shout = dataclasses.replace(PROFILES[0], id="shout", phone="85258", accessibility=())
    _store(conn, shout)
    phone = service_to_hsds(get_service(conn, "shout"), ORG, today=TODAY)["phones"][0]
    assert (phone["number"], phone["type"]) == ("85258", "text")


def test_page_size_is_the_items_returned(conn):
    _store(conn)
    query = ServiceQuery(page=2, per_page=2)
    page = search_services(conn, query, include_demo=True)
    assert (page.total_items, page.total_pages, len(page.items)) == (3, 2, 1)


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


def _feed(tmp_path, name, *items):
    path = tmp_path / name
    path.write_text(json.dumps({"total_items": len(items), "contents": list(items)}), "utf-8")
    return path


def test_another_feeds_times_dates_and_provenance_are_read(conn, tmp_path):
    item = {
        "id": "6c0a3c6e-6a55-4d8b-9a3e-0f6e1f3c2b10", "name": "Moss Side Food Club",
        "status": "active", "assured_date": "2026-10-01",
        "attributes": [{"taxonomy_term": {"id": "t", "name": "Food bank"}}],
        "service_at_locations": [{"location": {"latitude": 53.4597, "longitude": -2.2470,
                                               "addresses": [{"address_1": "1 Some St",
                                                              "postal_code": "M14 4PX"}]}}],
        "schedules": [
            {"freq": "WEEKLY", "byday": "TU", "opens_at": "09:00+01:00", "closes_at": "12:00+01:00",
             "valid_from": "2027-04-01", "valid_to": "2027-10-30"},
            {"freq": "WEEKLY", "byday": "TU", "opens_at": "09:00Z", "closes_at": "12:00Z",
             "valid_from": "2026-11-01", "valid_to": "2027-03-27"},
            {"valid_from": "2026-12-29", "valid_to": "2026-12-29", "description": "Closed for stocktake"},
        ],
    }  # fmt: skip
    report = import_oruk(conn, _feed(tmp_path, "south_directory.json", item), now=NOW)
    assert report.created == 1
    service = get_service(conn, item["id"])
    assert service.source == "oruk:south-directory"
    assert service.schedule["weekly"] == [{"day": "tue", "opens": "09:00", "closes": "12:00"}]
    assert service.schedule["exceptions"] == [
        {"date": "2026-12-29", "sessions": [], "note": "Closed for stocktake"}]  # fmt: skip
    assert (service.last_reviewed, service.reviewed_by) == (date(2026, 10, 1), "source")
    exported = service_to_hsds(service, None, today=TODAY)
    assert exported["id"] == item["id"] and exported["assured_date"] == "2026-10-01"


def test_duplicates_from_another_feed_are_matched_not_doubled(conn, tmp_path):
    ours = ServiceProfile(
        id="foodbanks-levenshulme", name="Levenshulme Food Bank", type="food_bank",
        dispositions=("community",), postcode="M19 3AB", lat=53.444, lon=-2.19,
        phone="0161 555 0101", source="foodbanks", coverage=Coverage("city"),
    )  # fmt: skip
    upsert_service(conn, ours, now=NOW)
    location = {"location": {"addresses": [{"address_1": "Church Hall", "postal_code": "M19 3AB"}]}}
    same = {"id": "a5b1e2f0-1111-4c2d-8e9f-000000000001", "name": "Levenshulme Foodbank",
            "status": "active", "service_at_locations": [location],
            "attributes": [{"taxonomy_term": {"name": "Food bank"}}]}  # fmt: skip
    same_phone = {**same, "id": "a5b1e2f0-1111-4c2d-8e9f-000000000002", "name": "L.F.B. Tuesdays",
                  "phones": [{"number": "+44 161 555 0101"}]}  # fmt: skip
    other = {**same, "id": "a5b1e2f0-1111-4c2d-8e9f-000000000003", "name": "Levenshulme Library"}
    path = _feed(tmp_path, "other.json", same, same_phone, other)
    report = import_oruk(conn, path, now=NOW)
    assert (report.created, report.matched) == (1, 2)
    assert "foodbanks-levenshulme" in report.warnings[0]
    again = import_oruk(conn, path, now=NOW)
    assert (again.created, again.unchanged, again.matched) == (0, 1, 2)
    assert get_service(conn, other["id"]).source == "oruk:other"


def test_cli_imports_one_oruk_file(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from navigator.cli import cli

    monkeypatch.setenv("NAVIGATOR_DATABASE", str(tmp_path / "cli.sqlite3"))
    item = {"id": "b7c1e2f0-2222-4c2d-8e9f-000000000001", "name": "Hulme Warm Space",
            "status": "active", "attributes": [{"taxonomy_term": {"name": "Warm space"}}]}  # fmt: skip
    result = CliRunner().invoke(cli, ["import", "oruk", str(_feed(tmp_path, "x.json", item))])
    assert result.exit_code == 0, result.output
    assert "1 created" in result.output
    bad = CliRunner().invoke(cli, ["import", "nope", str(tmp_path)])
    assert bad.exit_code != 0 and "oruk" in bad.output and "Traceback" not in bad.output
