"""Every shared city postcode resolves to its own ward's neighbourhood; postcodes in Salford
and Trafford are told they are outside the city, with their council, and get no Manchester
local services (issue 11)."""

from __future__ import annotations

import csv
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from navigator.core.conversation.navigate import NavigateRequest
from navigator.core.places.neighbourhoods import load_neighbourhoods
from navigator.paths import SHARED_DATA_DIR

NOW = dt.datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("Europe/London"))

WARD_NEIGHBOURHOOD = {w["code"]: w["neighbourhood"] for w in load_neighbourhoods()["wards"]}
# Real Salford postcodes in districts and sectors with no city postcode: the University of
# Salford (M5 4WT), Salford Royal (M6 8HD), Broughton (M7 2), Chapel Street (M3 6, M3 7),
# Eccles (M30 0), MediaCityUK (M50 2).
SALFORD = ("M5 4WT", "M6 8HD", "M7 2BQ", "M3 6AF", "M3 7BB", "M30 0TE", "M50 2EQ")


def _rows(name: str) -> list[dict]:
    with (SHARED_DATA_DIR / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_every_city_postcode_resolves_to_its_wards_neighbourhood(navigator_off):
    rows = _rows("onspd_format_manchester_2025-05.csv")
    assert len(rows) == 23_932
    wrong = [
        r["postcode"]
        for r in rows
        if navigator_off.find_place(r["postcode"]).neighbourhood
        != WARD_NEIGHBOURHOOD[r["ward_code"]]
    ]
    share = 1 - len(wrong) / len(rows)
    print(f"{len(rows) - len(wrong)}/{len(rows)} postcodes to their ward's neighbourhood")
    assert share >= 0.995, wrong[:20]


def test_trafford_postcodes_are_outside_with_their_council(navigator_off):
    rows = _rows("onspd_format_sample_trafford.csv")
    for row in rows:
        place = navigator_off.find_place(row["postcode"])
        assert place.outside_manchester and not place.neighbourhoods, row["postcode"]
        assert place.council == "Trafford Council", row["postcode"]


@pytest.mark.parametrize("postcode", SALFORD)
def test_salford_postcodes_are_outside_with_their_council(navigator_off, postcode):
    place = navigator_off.find_place(postcode)
    assert place.outside_manchester and not place.neighbourhoods
    assert place.council == "Salford City Council"


@pytest.mark.parametrize("postcode", ["M16 0RA", "M15 4AB", SALFORD[0], SALFORD[3]])
def test_an_outside_resident_gets_national_routes_not_manchester_services(navigator_off, postcode):
    result = navigator_off.navigate(NavigateRequest("sore throat", postcode=postcode), NOW)
    answer = result.to_json()
    assert answer["outside_manchester"] and answer["neighbourhood"] is None
    assert "outside Manchester" in result.reply and "Council" in result.reply
    for service in answer["services"]:  # 111 and the like only: nothing local to the city
        assert service["address"] is None, service


def test_a_sector_spanning_neighbourhoods_searches_them_all(navigator_off):
    place = navigator_off.find_place("M4 5")
    assert len(place.neighbourhoods) >= 2  # Ancoats and the city centre share M4 5


def test_distance_is_measured_from_the_residents_own_postcode(navigator_off):
    result = navigator_off.navigate(NavigateRequest("need a pharmacy", postcode="M14 5AL"), NOW)
    first = result.to_json()["services"][0]
    # A & A Pharmacy is at M14 5AL itself (manchester_pharmacy_coordinates.csv)
    assert first["distance_km"] is not None and first["distance_km"] < 0.3, first
