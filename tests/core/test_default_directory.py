"""The embedded default directory (directory/services/*.yaml) is well formed and complete.

Reads the YAML directly with PyYAML, so it checks the data itself, whatever loads it later.
"""

from __future__ import annotations

import importlib.util
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from navigator.core.models import Disposition, ServiceType

SERVICES_DIR = Path(__file__).resolve().parents[2] / "directory" / "services"

# SPEC section 3, ids verbatim: neighbourhood id -> area
NEIGHBOURHOOD_AREAS = {
    "cheetham-crumpsall": "north",
    "blackley-harpurhey-charlestown": "north",
    "miles-platting-newton-heath-moston-city-centre": "north",
    "ancoats-clayton-bradford": "north",
    "ardwick-longsight": "central",
    "chorlton-whalley-range-fallowfield": "central",
    "gorton-levenshulme": "central",
    "moss-side-hulme-rusholme": "central",
    "wythenshawe-baguley-sharston-woodhouse-park": "south",
    "wythenshawe-brooklands-northenden": "south",
    "old-moat-withington": "south",
    "didsbury-burnage-chorlton-park": "south",
}
AREAS = {"north", "central", "south"}
DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
ACCESS = {"walk_in", "phone", "online", "self_referral", "referral_needed", "appointment"}
ELIGIBILITY = {"open_to_all", "residents", "gp_registered", "referral"}
STATUSES = {"active", "temporarily_closed", "closed"}
SEXES = {"any", "female", "male"}
# Greater Manchester and a margin: catches swapped or sign-flipped coordinates.
LAT_RANGE_DEG = (53.30, 53.60)
LON_RANGE_DEG = (-2.40, -2.05)
# Types covered by the NHS and national files; demo_community.yaml covers all the others.
NOT_IN_DEMO_COMMUNITY = {"emergency_department", "nhs_111", "urgent_treatment_centre", "safeguarding"}
# Everyday community types that need an entry in every neighbourhood, not only every area.
NEIGHBOURHOOD_TYPES = {
    "food_bank",
    "debt_advice",
    "social_group",
    "befriending",
    "carers_support",
    "warm_space",
    "physical_activity",
    "parent_support",
    "stop_smoking",
    "housing_advice",
    "talking_therapies",
}
STALE_AFTER_DAYS = 183  # SPEC 5.2: not reviewed for 6 months


def load(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


FILES = sorted(SERVICES_DIR.glob("*.yaml"))
DOCUMENTS = {path.name: load(path) for path in FILES}
SERVICES = [(name, s) for name, doc in DOCUMENTS.items() for s in doc["services"]]
SERVICE_IDS = [s["id"] for _, s in SERVICES]
ORGANISATIONS = [o for doc in DOCUMENTS.values() for o in doc["organisations"]]


def service_ids(file_name: str | None = None) -> list[str]:
    return [s["id"] for name, s in SERVICES if file_name in (None, name)]


def test_the_three_files_exist_and_hold_services():
    assert {"nhs_urgent_emergency.yaml", "national_routes.yaml", "demo_community.yaml"} <= set(
        DOCUMENTS
    )
    for name, doc in DOCUMENTS.items():
        assert doc["services"], name
        assert doc["organisations"], name


def test_ids_are_unique_across_all_files():
    ids = service_ids()
    assert len(ids) == len(set(ids))
    org_ids = [o["id"] for o in ORGANISATIONS]
    assert len(org_ids) == len(set(org_ids))


def test_every_organisation_reference_exists():
    known = {o["id"] for o in ORGANISATIONS}
    missing = {s["id"]: s["organisation"] for _, s in SERVICES if s["organisation"] not in known}
    assert missing == {}


@pytest.mark.parametrize("name,service", SERVICES, ids=SERVICE_IDS)
def test_service_fields_use_the_shared_vocabulary(name, service):
    ServiceType(service["type"])  # raises on a type outside the SPEC taxonomy
    assert service["dispositions"], "a service must accept at least one disposition"
    for disposition in service["dispositions"]:
        assert Disposition(disposition) is not Disposition.UNCLEAR
    assert set(service["access"]) <= ACCESS
    assert service["eligibility"] in ELIGIBILITY
    assert service["status"] in STATUSES
    assert service["sex"] in SEXES
    assert isinstance(service["last_reviewed"], date)
    assert service["needs"] == [] or all(isinstance(n, str) for n in service["needs"])
    assert service["cost"] == "free"
    assert service["languages"] and all(
        re.fullmatch(r"[a-z]{2,3}", c) for c in service["languages"]
    )


@pytest.mark.parametrize("name,service", SERVICES, ids=SERVICE_IDS)
def test_coverage_names_real_neighbourhoods_and_areas(name, service):
    coverage = service["coverage"]
    if coverage["level"] == "city":
        assert set(coverage) == {"level"}
    elif coverage["level"] == "area":
        assert coverage["areas"] and set(coverage["areas"]) <= AREAS
    else:
        assert coverage["level"] == "neighbourhood"
        assert coverage["neighbourhoods"]
        assert set(coverage["neighbourhoods"]) <= set(NEIGHBOURHOOD_AREAS)


def assert_session(session: dict, with_day: bool) -> None:
    assert ("day" in session) is with_day
    if with_day:
        assert session["day"] in DAYS
    assert HH_MM.match(session["opens"]), session
    assert HH_MM.match(session["closes"]), session


@pytest.mark.parametrize("name,service", SERVICES, ids=SERVICE_IDS)
def test_schedule_days_and_times_are_well_formed(name, service):
    schedule = service["schedule"]
    assert isinstance(schedule["always_open"], bool)
    for session in schedule.get("weekly") or []:
        assert_session(session, with_day=True)
    bank_holidays = schedule.get("bank_holidays")
    assert bank_holidays is None or isinstance(bank_holidays, list)
    for session in bank_holidays or []:
        assert_session(session, with_day=False)
    for exception in schedule.get("exceptions") or []:
        assert isinstance(exception["date"], date)
        for session in exception["sessions"]:
            assert_session(session, with_day=False)
    has_hours = schedule["always_open"] or schedule.get("weekly")
    assert has_hours or schedule.get("text"), "no hours at all: give weekly sessions or text"


@pytest.mark.parametrize("name,service", SERVICES, ids=SERVICE_IDS)
def test_located_services_are_in_greater_manchester(name, service):
    if service["lat"] is None:
        assert service["coverage"]["level"] == "city", "only city-wide routes may lack a place"
        return
    assert LAT_RANGE_DEG[0] < service["lat"] < LAT_RANGE_DEG[1]
    assert LON_RANGE_DEG[0] < service["lon"] < LON_RANGE_DEG[1]


def test_demo_entries_are_marked_and_carry_no_phone():
    demo = [s for _, s in SERVICES if s["demo"]]
    assert demo
    for service in demo:
        assert service["name"].startswith("Demo"), service["id"]
        assert service["phone"] is None, service["id"]
        assert service["alert"], service["id"]
    assert all(s["demo"] is True for s in DOCUMENTS["demo_community.yaml"]["services"])
    assert not any(s["demo"] for s in DOCUMENTS["national_routes.yaml"]["services"])


def test_real_entries_never_look_like_demo_entries():
    for _, service in SERVICES:
        if not service["demo"]:
            assert service["demo"] is False
            assert not service["name"].startswith("Demo"), service["id"]


def areas_covered(service: dict) -> set[str]:
    coverage = service["coverage"]
    if coverage["level"] == "city":
        return set(AREAS)
    if coverage["level"] == "area":
        return set(coverage["areas"])
    return {NEIGHBOURHOOD_AREAS[n] for n in coverage["neighbourhoods"]}


def test_every_service_type_has_an_active_entry_in_every_area():
    covered = {(t, a) for t in ServiceType for a in AREAS}
    for _, service in SERVICES:
        if service["status"] == "active":
            covered -= {(service["type"], a) for a in areas_covered(service)}
    assert covered == set(), "types with an area nobody covers"


def test_demo_community_covers_its_types_in_every_area_at_area_level():
    by_type_area = {
        (s["type"], area)
        for s in DOCUMENTS["demo_community.yaml"]["services"]
        if s["coverage"]["level"] == "area"
        for area in s["coverage"]["areas"]
    }
    for service_type in set(ServiceType) - NOT_IN_DEMO_COMMUNITY:
        for area in AREAS:
            assert (service_type.value, area) in by_type_area


def test_everyday_community_types_have_an_entry_in_every_neighbourhood():
    found = {
        (s["type"], n)
        for s in DOCUMENTS["demo_community.yaml"]["services"]
        if s["coverage"]["level"] == "neighbourhood"
        for n in s["coverage"]["neighbourhoods"]
    }
    missing = {(t, n) for t in NEIGHBOURHOOD_TYPES for n in NEIGHBOURHOOD_AREAS} - found
    assert missing == set()


def test_demo_data_exercises_staleness_closures_and_varied_hours():
    demo = DOCUMENTS["demo_community.yaml"]["services"]
    reference = max(s["last_reviewed"] for s in demo)
    ages_days = [(reference - s["last_reviewed"]).days for s in demo]
    assert any(age > STALE_AFTER_DAYS for age in ages_days)
    assert sum(age <= STALE_AFTER_DAYS for age in ages_days) > len(demo) / 2
    assert max(ages_days) <= 8 * 31
    assert 1 <= sum(s["status"] == "temporarily_closed" for s in demo) <= 3
    schedules = [s["schedule"] for s in demo]
    assert any(sch["text"] and not sch["weekly"] for sch in schedules)
    assert any(len({x["day"] for x in sch["weekly"]}) < len(sch["weekly"]) for sch in schedules)
    assert any(x["day"] == "sat" for sch in schedules for x in sch["weekly"])
    assert any(x["closes"] >= "19:00" for sch in schedules for x in sch["weekly"])


def test_emergency_departments_are_always_open_and_take_999_and_a_and_e():
    for _, service in SERVICES:
        if service["type"] == "emergency_department" and not service["demo"]:
            assert service["schedule"]["always_open"] is True
            assert "emergency_999" in service["dispositions"]


def test_crisis_routes_carry_the_national_numbers():
    phones = {s["id"]: s["phone"] for s in DOCUMENTS["national_routes.yaml"]["services"]}
    assert set(phones.values()) >= {"999", "111", "116 123", "85258", "0808 2000 247", "0800 1111"}


def test_generated_file_matches_its_generator():
    spec = importlib.util.spec_from_file_location(
        "generate_demo", SERVICES_DIR / "generate_demo.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    on_disk = (SERVICES_DIR / "demo_community.yaml").read_text(encoding="utf-8")
    assert module.render() == on_disk, "run directory/services/generate_demo.py"
