"""The read-only Open Referral UK API: endpoints, one test per standard query parameter,
400s for what it does not support, CORS on every response, demo entries only in demo mode.

The app's database holds the embedded directory (11 real services, the rest demo) plus the
few services below, named "Test ..." so a `search=Test` narrows a list to them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from navigator.core.directory.oruk_ids import organization_uuid, service_uuid
from navigator.core.directory.oruk_taxonomy import load_taxonomies
from navigator.core.directory.profiles import Coverage, Organisation, ServiceProfile
from navigator.db import connect
from navigator.paths import DIRECTORY_DIR
from navigator.store.services import upsert_organisation, upsert_service

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)
TERMS = load_taxonomies(str(DIRECTORY_DIR))
ORG = Organisation("test-org", "Test Organisation", description="Runs the test services")


def _profile(id, type="food_bank", **values) -> ServiceProfile:
    base = {"name": f"Test {id}", "dispositions": ("community",), "coverage": Coverage("city"),
            "last_reviewed": dt.date(2026, 11, 1), "reviewed_by": "staff"}  # fmt: skip
    return ServiceProfile(id=id, type=type, **{**base, **values})


MORNING = {"weekly": [{"day": "mon", "opens": "09:00", "closes": "12:00"}]}
EVENING = {"weekly": [{"day": "tue", "opens": "17:00", "closes": "21:00"}]}
SERVICES = [
    _profile("morning-pantry", schedule=MORNING, organisation="test-org", postcode="M13 9WL",
             lat=53.4627, lon=-2.2264, address="1 Oxford Road"),  # fmt: skip
    _profile("evening-club", type="social_group", schedule=EVENING, age_min_days=65 * 365.25),
    _profile("teen-pharmacy", type="pharmacy", dispositions=("pharmacy", "self_care"),
             age_min_days=12 * 365.25, age_max_days=17 * 365.25),  # fmt: skip
    _profile("demo-pantry", demo=True, source="demo"),
]


@pytest.fixture
def seeded(app):
    conn = connect(app.config["NAVIGATOR_DATABASE"])
    upsert_organisation(conn, ORG, now=NOW)
    for profile in SERVICES:
        upsert_service(conn, profile, now=LATER if profile.id == "evening-club" else NOW)
    conn.close()
    return app.test_client()


def _ids(client, query: str) -> set[str]:
    response = client.get(f"/api/oruk/services?search=Test&per_page=200&{query}")
    assert response.status_code == 200, response.get_json()
    return {s["x_navigator"]["id"] for s in response.get_json()["contents"]}


def test_root_names_version_profile_and_a_working_openapi_description(client):
    body = client.get("/api/oruk/").get_json()
    assert body["version"] == "3.0" and body["profile"].startswith("https://")
    described = client.get(body["openapi_url"]).get_json()
    assert {"/", "/services", "/services/{id}", "/service_at_locations", "/taxonomies",
            "/taxonomy_terms", "/organizations"} <= set(described["paths"])  # fmt: skip


def test_every_response_carries_cors_star(client):
    for url in ("/api/oruk/", "/api/oruk/services?per_page=1", "/api/oruk/services/nope",
                "/api/oruk/services?bogus=1", "/api/oruk/taxonomies", "/api/oruk/nowhere"):
        response = client.get(url)
        assert response.headers["Access-Control-Allow-Origin"] == "*", url
    assert "Access-Control-Allow-Origin" not in client.get("/api/v1/health").headers


def test_page_envelope_size_is_the_items_returned(seeded):
    body = seeded.get("/api/oruk/services?search=Test&per_page=2&page=2").get_json()
    assert (body["total_items"], body["total_pages"], body["page_number"]) == (3, 2, 2)
    assert body["size"] == len(body["contents"]) == 1
    assert (body["first_page"], body["last_page"], body["empty"]) == (False, True, False)


def test_per_page(seeded):
    body = seeded.get("/api/oruk/services?search=Test&per_page=1").get_json()
    assert body["size"] == 1 and body["total_pages"] == 3


def test_page(seeded):
    names = [seeded.get(f"/api/oruk/services?search=Test&per_page=1&page={n}").get_json()
             ["contents"][0]["name"] for n in (1, 2, 3)]  # fmt: skip
    assert len(set(names)) == 3
    beyond = seeded.get("/api/oruk/services?search=Test&page=9").get_json()
    assert beyond["empty"] is True and beyond["size"] == 0


def test_search(seeded):
    body = seeded.get("/api/oruk/services?search=EVENING").get_json()
    assert [s["x_navigator"]["id"] for s in body["contents"]] == ["evening-club"]
    assert seeded.get("/api/oruk/services?search=a&search=b").status_code == 400


def test_taxonomy_term_id_tells_the_type_from_the_level_of_care(seeded):
    pharmacy_type = TERMS.term("navigator-service-type", "pharmacy").id
    self_care = TERMS.term("navigator-disposition", "self_care").id
    assert _ids(seeded, f"taxonomy_term_id={pharmacy_type}") == {"teen-pharmacy"}
    assert _ids(seeded, f"taxonomy_term_id={self_care}") == {"teen-pharmacy"}
    food = TERMS.term("navigator-service-type", "food_bank").id
    assert _ids(seeded, f"taxonomy_term_id={food}") == {"morning-pantry"}


def test_taxonomy_id(seeded, client):
    types = TERMS.taxonomy_by_id("navigator-service-type").id
    assert _ids(seeded, f"taxonomy_id={types}") == {"morning-pantry", "evening-club",
                                                    "teen-pharmacy"}  # fmt: skip
    assert client.get("/api/oruk/services?taxonomy_id=emergency_department").status_code == 400


def test_organization_id(seeded):
    assert _ids(seeded, f"organization_id={organization_uuid('test-org')}") == {"morning-pantry"}
    assert _ids(seeded, "organization_id=6f1c1f4e-0000-4000-8000-000000000000") == set()


def test_minimum_age(seeded):
    assert _ids(seeded, "minimum_age=12") == {"evening-club", "teen-pharmacy"}
    assert _ids(seeded, "minimum_age=18") == {"evening-club"}


def test_maximum_age(seeded):
    assert _ids(seeded, "maximum_age=17") == {"teen-pharmacy"}
    assert _ids(seeded, "maximum_age=16") == set()


def test_day(seeded):
    assert _ids(seeded, "day=MO") == {"morning-pantry"}
    assert _ids(seeded, "day=tuesday") == {"evening-club"}


def test_start_time(seeded):
    assert _ids(seeded, "start_time=12:00") == {"evening-club"}
    assert _ids(seeded, "day=MO&start_time=10:00") == set()  # one session must meet both


def test_end_time(seeded):
    assert _ids(seeded, "end_time=13:00") == {"morning-pantry"}


def test_modified_after(seeded):
    assert _ids(seeded, "modified_after=2026-11-27") == {"evening-club"}
    assert _ids(seeded, "modified_after=2026-11-24T09:00:00Z") >= {"morning-pantry"}


def test_postcode_and_proximity_on_service_at_locations(seeded):
    body = seeded.get(
        "/api/oruk/service_at_locations?postcode=M13%209WL&proximity=3000&per_page=100"
    ).get_json()
    names = [item["service"]["name"] for item in body["contents"]]
    assert names and "Test morning-pantry" in names
    distances = [item["x_navigator_distance_m"] for item in body["contents"]]
    assert distances == sorted(distances) and max(distances) <= 3000
    assert all(item["location"]["id"] == item["location_id"] for item in body["contents"])
    one = seeded.get(f"/api/oruk/service_at_locations/{body['contents'][0]['id']}")
    assert one.status_code == 200 and one.get_json()["service"]["schedules"]


def test_unknown_parameters_and_values_get_a_clear_400(client):
    for query in ("bogus=1", "text=cough", "page=zero", "per_page=100000", "day=someday",
                  "start_time=9am", "minimum_age=old", "modified_after=yesterday",
                  "taxonomy_term_id=pharmacy", "proximity=100", "postcode=LS1%204AP"):
        response = client.get(f"/api/oruk/services?{query}")
        assert response.status_code == 400, query
        assert response.get_json()["error"], query
    assert client.get("/api/oruk/taxonomies?search=x").status_code == 400


def test_one_service_by_uuid_or_by_todays_slug(client):
    by_slug = client.get("/api/oruk/services/mri-emergency-department").get_json()
    by_uuid = client.get(f"/api/oruk/services/{service_uuid('mri-emergency-department')}")
    assert by_uuid.get_json() == by_slug and by_slug["id"] == service_uuid(
        "mri-emergency-department"
    )
    assert client.get("/api/oruk/services/nope").status_code == 404


def test_demo_entries_only_in_demo_mode(seeded, db_path):
    assert "demo-pantry" not in _ids(seeded, "")
    assert seeded.get("/api/oruk/services/demo-pantry").status_code == 404
    every = seeded.get("/api/oruk/services?per_page=200").get_json()["contents"]
    assert not any(s["x_navigator"]["demo"] for s in every)
    from navigator import create_app

    demo = create_app({"NAVIGATOR_DATABASE": str(db_path), "NAVIGATOR_DEMO_MODE": "true"})
    assert demo.test_client().get("/api/oruk/services/demo-pantry").status_code == 200


def test_taxonomies_terms_and_organizations(seeded):
    taxonomies = seeded.get("/api/oruk/taxonomies").get_json()["contents"]
    assert {t["name"] for t in taxonomies} >= {"Manchester Self-Care Navigator service types"}
    one = seeded.get(f"/api/oruk/taxonomies/{taxonomies[0]['id']}").get_json()
    assert one["taxonomy_terms"] and all(t["description"] for t in one["taxonomy_terms"])
    terms = seeded.get(f"/api/oruk/taxonomy_terms?taxonomy_id={taxonomies[1]['id']}").get_json()
    assert terms["size"] == terms["total_items"] == len(TERMS.taxonomies[1].terms)
    term = seeded.get(f"/api/oruk/taxonomy_terms/{terms['contents'][0]['id']}").get_json()
    assert term == terms["contents"][0]
    orgs = seeded.get("/api/oruk/organizations?per_page=200").get_json()["contents"]
    assert "Test Organisation" in {o["name"] for o in orgs}
    org = seeded.get(f"/api/oruk/organizations/{organization_uuid('test-org')}").get_json()
    assert [s["name"] for s in org["services"]] == ["Test morning-pantry"]
