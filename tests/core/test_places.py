"""The place layer: postcodes, sectors, districts, wards and place names -> neighbourhood ids."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import time
from pathlib import Path

import pytest

from navigator.core.places.gazetteer import (
    build_gazetteer,
    find_place_in_message,
    load_gazetteer,
    resolve,
)
from navigator.core.places.neighbourhoods import load_neighbourhoods
from navigator.core.places.postcodes import normalise_postcode
from navigator.paths import DIRECTORY_DIR, SHARED_DATA_DIR

CHEETHAM = "cheetham-crumpsall"
BLACKLEY = "blackley-harpurhey-charlestown"
CITY = "miles-platting-newton-heath-moston-city-centre"
ANCOATS = "ancoats-clayton-bradford"
ARDWICK = "ardwick-longsight"
CHORLTON = "chorlton-whalley-range-fallowfield"
GORTON = "gorton-levenshulme"
MOSS_SIDE = "moss-side-hulme-rusholme"
WYTH_SOUTH = "wythenshawe-baguley-sharston-woodhouse-park"
WYTH_NORTH = "wythenshawe-brooklands-northenden"
WITHINGTON = "old-moat-withington"
DIDSBURY = "didsbury-burnage-chorlton-park"
SPEC_IDS = {
    CHEETHAM,
    BLACKLEY,
    CITY,
    ANCOATS,
    ARDWICK,
    CHORLTON,
    GORTON,
    MOSS_SIDE,
    WYTH_SOUTH,
    WYTH_NORTH,
    WITHINGTON,
    DIDSBURY,
}
WYTHENSHAWE = {WYTH_SOUTH, WYTH_NORTH}
GEOJSON = SHARED_DATA_DIR / "manchester_wards_2023.geojson"
needs_shared_data = pytest.mark.skipif(not GEOJSON.exists(), reason="../shared/data missing")


def geography() -> dict:
    return load_neighbourhoods()


# -- the geography file -------------------------------------------------------------------------
def test_geography_has_spec_neighbourhoods_areas_and_32_wards():
    geo = geography()
    assert {a["id"] for a in geo["areas"]} == {"north", "central", "south"}
    assert {n["id"] for n in geo["neighbourhoods"]} == SPEC_IDS
    assert len(geo["wards"]) == 32
    listed = [code for n in geo["neighbourhoods"] for code in n["wards"]]
    assert sorted(listed) == sorted(w["code"] for w in geo["wards"])  # each ward exactly once
    nb_of = {code: n["id"] for n in geo["neighbourhoods"] for code in n["wards"]}
    assert all(nb_of[w["code"]] == w["neighbourhood"] for w in geo["wards"])
    assert all(2 <= len(n["wards"]) <= 4 for n in geo["neighbourhoods"])


@needs_shared_data
def test_geography_matches_the_ward_geojson():
    features = json.loads(GEOJSON.read_text())["features"]
    real = {f["properties"]["area_code"]: f["properties"]["area_name"] for f in features}
    ours = {w["code"]: w["name"] for w in geography()["wards"]}
    assert ours == real


# -- SPEC and evaluation examples -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wythenshaw", WYTHENSHAWE),
        ("wythenshawe", WYTHENSHAWE),
        ("wyth", WYTHENSHAWE),
        ("levvy", {GORTON}),
        ("levy", {GORTON}),
        ("Levenshulme", {GORTON}),
        ("chorlton", {CHORLTON}),
        ("chorlton cum hardy", {CHORLTON}),
        ("Chorlton-cum-Hardy", {CHORLTON}),
        ("Chorlton Park", {DIDSBURY}),
        ("moss side", {MOSS_SIDE}),
        ("curry mile", {MOSS_SIDE}),
        ("west didsbury", {DIDSBURY}),
        ("Cheetham Hill", {CHEETHAM}),
        ("new islington", {ANCOATS}),
        ("northern quarter", {CITY}),
        ("peel hall", {WYTH_SOUTH}),
        ("Northenden", {WYTH_NORTH}),
        ("ladybarn", {WITHINGTON}),
        ("Gorton & Abbey Hey", {GORTON}),
        ("Moss Side, Hulme and Rusholme", {MOSS_SIDE}),
    ],
)
def test_spec_place_names(text, expected):
    match = resolve(text)
    assert set(match.neighbourhoods) == expected
    assert not match.outside_manchester


@pytest.mark.parametrize(
    ("text", "kind", "accept"),
    [
        ("M14 5", "sector", {MOSS_SIDE}),
        ("M14", "district", {MOSS_SIDE}),
        ("m14 5aa", "sector", {MOSS_SIDE}),
        ("M145AA", "sector", {MOSS_SIDE}),
        ("M8 9PQ", "sector", {CHEETHAM}),
        ("M21 7", "sector", {CHORLTON, DIDSBURY}),
        ("M40 7AB", "sector", {CITY, BLACKLEY}),
        ("M11 3DS", "sector", {ANCOATS}),
        ("M20 4BX", "sector", {WITHINGTON, DIDSBURY}),
        ("M22", "district", WYTHENSHAWE),
        ("m22", "district", WYTHENSHAWE),
        ("M90 1QX", "sector", {WYTH_SOUTH}),
        ("M90", "district", {WYTH_SOUTH}),
    ],
)
def test_postcodes_resolve_to_the_expected_first_neighbourhood(text, kind, accept):
    match = resolve(text)
    assert match.kind == kind
    assert match.neighbourhood in accept
    assert match.areas and not match.outside_manchester


@pytest.mark.parametrize(
    ("message", "accept"),
    [
        ("sore throat, im in Gorton", {GORTON}),
        ("food bank in wythenshawe?", WYTHENSHAWE),
        ("M8 9PQ need a pharmacy open now", {CHEETHAM}),
        ("twisted ankle, M21 7", {CHORLTON, DIDSBURY}),
        ("lonely, live in Harpurhey", {BLACKLEY}),
        ("earache, levenshulme", {GORTON}),
        ("where can I get help with debt in moss side", {MOSS_SIDE}),
        ("toothache M22", WYTHENSHAWE),
        ("carers group in didsbury", {DIDSBURY}),
        ("chest infection? coughing green stuff 10 days, Longsight", {ARDWICK}),
        ("im in harpurhay", {BLACKLEY}),  # misspelt: fuzzy
        ("any food banks in levenshulm", {GORTON}),
        ("live in whythenshaw", WYTHENSHAWE),
        ("near fallowfeild", {CHORLTON}),
        ("wally range", {CHORLTON}),  # one word exact, one misspelt
        ("im in chorltn", {CHORLTON}),
    ],
)
def test_places_found_inside_free_text(message, accept):
    assert find_place_in_message(message).neighbourhood in accept


@pytest.mark.parametrize(
    "text",
    [
        "SK8 1AA",
        "M33 7",
        "OL1",
        "LS1 4AP",
        "M6 5FX",
        "BL1",
        "i live in salford",
        "im in Stockport town centre",
        "in the city center of leeds",
    ],
)
def test_outside_manchester(text):
    match = resolve(text)
    assert match.outside_manchester and match.kind == "outside"
    assert match.neighbourhoods == ()


@pytest.mark.parametrize(
    "message",
    [
        "my head hurts",
        "i feel sick",
        "i have a cold",
        "my son gordon has a rash",  # Gordon is not Gorton
        "im longsighted and my eyes hurt",  # not Longsight
        "cheers m8",  # text-speak for mate, not the M8 district
        "stuck on the M60 with a migraine",  # a motorway
        "taking B12 and vitamin D3",
        "E45 cream for eczema",
        "i need an MRI scan",
        "anchorites and anecdotes",  # not_places words
        "my home is cold",
        "he has a black eye",  # not Blackley
        "manchester city council website",
        "i went to the village shop",
        "",
    ],
)
def test_no_false_positives(message):
    match = find_place_in_message(message)
    assert match.neighbourhoods == () and not match.outside_manchester, match


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fallowfield", [CHORLTON, WITHINGTON]),
        ("collyhurst", [BLACKLEY, CITY]),
        ("alexandra park", [CHORLTON, MOSS_SIDE]),
        ("wythenshawe", [WYTH_SOUTH, WYTH_NORTH]),
    ],
)
def test_places_spanning_two_neighbourhoods_return_both_in_order(text, expected):
    assert list(resolve(text).neighbourhoods) == expected


def test_area_names_cover_every_neighbourhood_in_the_area():
    match = find_place_in_message("any befriending groups in south manchester")
    assert match.kind == "area" and match.areas == ("south",)
    assert set(match.neighbourhoods) == {WYTH_SOUTH, WYTH_NORTH, WITHINGTON, DIDSBURY}


def test_generic_name_loses_to_a_named_place():
    assert find_place_in_message("i work in town but live in gorton").neighbourhood == GORTON
    assert find_place_in_message("im in town").neighbourhood == CITY


# -- postcode lookup injection ---------------------------------------------------------------
def test_full_postcode_uses_the_injected_lookup_first():
    seen = []

    def lookup(postcode):
        seen.append(postcode)
        return "E05011369"  # Levenshulme ward

    match = find_place_in_message("need a dentist m14 5aa", postcode_lookup=lookup)
    assert seen == ["M14 5AA"]
    assert match.kind == "postcode" and match.neighbourhoods == (GORTON,)
    assert match.wards == ("E05011369",) and match.postcode == "M14 5AA"


def test_lookup_miss_falls_back_to_sector_then_district():
    assert resolve("M14 5ZZ", postcode_lookup=lambda pc: None).kind == "sector"
    district = resolve("M12 1ZZ", postcode_lookup=lambda pc: None)  # no city postcode in M12 1
    assert district.kind == "district" and district.neighbourhood == ARDWICK


def test_lookup_returning_a_ward_outside_the_city_is_outside():
    match = resolve("M15 4AB", postcode_lookup=lambda pc: "E05015247")  # a Trafford ward
    assert match.outside_manchester and match.kind == "outside"


def test_lookup_is_not_asked_about_sectors_or_other_areas():
    def lookup(postcode):
        raise AssertionError(postcode)

    assert resolve("M14 5", postcode_lookup=lookup).kind == "sector"
    assert resolve("SK4 1AA", postcode_lookup=lookup).outside_manchester


def test_shared_sector_with_trafford_evidence_is_partly_outside():
    match = resolve("M16 9")
    assert match.partly_outside and not match.outside_manchester
    assert match.kind == "sector" and match.neighbourhood == CHORLTON


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("m145aa", "M14 5AA"),
        (" M1  1AE ", "M1 1AE"),
        ("ec1a1bb", "EC1A 1BB"),
        ("M14", None),
        ("X2 3HR", None),
        ("M14 5A", None),
        ("", None),
    ],
)
def test_normalise_postcode(raw, expected):
    assert normalise_postcode(raw) == expected


# -- data integrity ----------------------------------------------------------------------------
def postcode_rows() -> list[dict]:
    lines = (DIRECTORY_DIR / "postcodes.csv").read_text().splitlines()
    assert lines[0].startswith("#") and any("Open Government Licence" in ln for ln in lines)
    return list(csv.DictReader(ln for ln in lines if not ln.startswith("#")))


def test_postcode_table_uses_known_ids_and_marks_outside_districts():
    rows = postcode_rows()
    wards = {w["code"] for w in geography()["wards"]}
    for row in rows:
        assert set(filter(None, row["neighbourhoods"].split("|"))) <= SPEC_IDS
        assert set(filter(None, row["wards"].split("|"))) <= wards
        assert row["in_manchester"] in {"yes", "partial", "no"}
        assert row["in_manchester"] != "yes" or row["neighbourhoods"]
    districts = {r["code"]: r for r in rows if r["kind"] == "district"}
    for code in (
        "M1",
        "M2",
        "M4",
        "M8",
        "M9",
        "M11",
        "M12",
        "M13",
        "M14",
        "M18",
        "M19",
        "M20",
        "M21",
        "M22",
        "M23",
        "M40",
        "M90",
    ):
        assert districts[code]["in_manchester"] == "yes", code
    for code in ("M5", "M6", "M7", "M17", "M24", "M33", "M35", "M41", "M50"):
        assert districts[code]["in_manchester"] == "no", code
    assert districts["M16"]["in_manchester"] == "partial"


def test_unknown_neighbourhood_id_in_places_is_rejected():
    geo = geography()
    with pytest.raises(ValueError, match="unknown neighbourhood"):
        build_gazetteer(geo, {"places": [{"names": ["x"], "neighbourhoods": ["nowhere"]}]}, [])


@needs_shared_data
def test_committed_postcode_table_matches_its_derivation():
    spec = importlib.util.spec_from_file_location("derive", DIRECTORY_DIR / "derive_postcodes.py")
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    rows = derive.derive(SHARED_DATA_DIR)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([derive.COLUMNS, *rows])
    committed = [
        ln
        for ln in (DIRECTORY_DIR / "postcodes.csv").read_text().splitlines(True)
        if not ln.startswith("#")
    ]
    assert buffer.getvalue() == "".join(committed)


@pytest.mark.skipif(not Path("/usr/share/dict/british-english").exists(), reason="no wbritish")
def test_no_english_word_fuzzy_matches_a_place():
    from navigator.core.places.placewords import audit_words

    words = Path("/usr/share/dict/british-english").read_text().split()
    assert audit_words(words) == []


def test_typical_message_resolves_well_under_budget():
    load_gazetteer()  # loading is once per process, not per message
    messages = ["my dad has a bad cough and a temperature since tuesday, we live near here"] * 500
    start = time.perf_counter()
    for message in messages:
        find_place_in_message(message)
    per_message_ms = (time.perf_counter() - start) * 1000 / len(messages)
    assert per_message_ms < 1.0  # target 0.2 ms; a wide margin keeps slow CI green
