"""The ONS Postcode Directory and ward GeoJSON readers: the real formats and malformed files."""

from __future__ import annotations

import json

import pytest

from navigator.importers.onspd import PostcodeRow, read_onspd
from navigator.importers.wards import read_wards
from navigator.paths import SHARED_DATA_DIR

ONSPD_SAMPLE = SHARED_DATA_DIR / "onspd_format_sample_trafford.csv"
WARDS_GEOJSON = SHARED_DATA_DIR / "manchester_wards_2023.geojson"
HEADER = (
    "postcode,ward_code,ward_name,msoa_code,msoa_hcl_name,lsoa_code,lsoa_name,locality,"
    "la_code,la_name,lon,lat\n"
)
GOOD_LINE = (
    "M14 5AL,E05011372,Moss Side,E02001234,Moss Side,E01005555,Manchester 020A,Central,"
    "E08000003,Manchester,-2.22,53.455\n"
)
SQUARE = [[[-2.3, 53.4], [-2.2, 53.4], [-2.2, 53.5], [-2.3, 53.5], [-2.3, 53.4]]]


@pytest.mark.skipif(not ONSPD_SAMPLE.exists(), reason="../shared/data missing")
def test_reads_the_real_onspd_sample():
    rows = list(read_onspd(ONSPD_SAMPLE))
    assert len(rows) == 1000
    first = rows[0]
    assert first == PostcodeRow(
        postcode="M15 4AB",
        ward_code="E05015247",
        la_code="E08000009",
        lat=53.465578,
        lon=-2.26046,
        ward_name="Gorse Hill & Cornbrook",
        lsoa_code="E01034001",
        msoa_code="E02001259",
        la_name="Trafford",
    )
    assert all(r.la_code == "E08000009" and r.lat is not None for r in rows)


def write(tmp_path, text, name="onspd.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_reads_a_minimal_file_normalising_postcodes_and_missing_coordinates(tmp_path):
    no_space = GOOD_LINE.replace("M14 5AL", "m145al")
    no_grid = GOOD_LINE.replace("-2.22,53.455", "NA,")
    rows = list(read_onspd(write(tmp_path, HEADER + no_space + no_grid)))
    assert rows[0].postcode == "M14 5AL" and rows[0].lat == 53.455
    assert rows[1].lat is None and rows[1].lon is None


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        (GOOD_LINE.replace("M14 5AL", "NOTAPC"), r"line 3: 'NOTAPC' is not a full UK postcode"),
        (GOOD_LINE.replace("53.455", "north"), r"line 3: lat 'north' is not a number"),
        (GOOD_LINE.replace("-2.22,53.455", "53.455,-2.22"), r"line 3: lat '-2.22' is outside"),
        (GOOD_LINE.replace("E08000003,Manchester", ",Manchester"), r"line 3: la_code is empty"),
        (GOOD_LINE.rstrip("\n") + ",extra\n", r"line 3: more values than header columns"),
    ],
)
def test_malformed_row_names_its_line(tmp_path, bad_line, message):
    path = write(tmp_path, HEADER + GOOD_LINE + bad_line)
    with pytest.raises(ValueError, match=message):
        list(read_onspd(path))


def test_wrong_header_is_rejected(tmp_path):
    path = write(tmp_path, "pcd,ward,lat\nM14 5AL,E05011372,53.4\n")
    with pytest.raises(ValueError, match=r"line 1: .*missing column\(s\) postcode, ward_code"):
        list(read_onspd(path))


@pytest.mark.skipif(not WARDS_GEOJSON.exists(), reason="../shared/data missing")
def test_reads_the_real_ward_geojson():
    wards = read_wards(WARDS_GEOJSON)
    assert len(wards) == 32
    by_name = {w.name: w for w in wards}
    hulme = by_name["Hulme"]
    assert hulme.code == "E05011368" and hulme.geometry_type == "Polygon"
    assert (hulme.lat, hulme.lon) == (53.46678, -2.24547)


def feature(code="E05000001", name="Test", geometry=None, **props):
    return {
        "type": "Feature",
        "properties": {"area_code": code, "area_name": name, **props},
        "geometry": geometry or {"type": "Polygon", "coordinates": SQUARE},
    }


def write_geojson(tmp_path, *features):
    path = tmp_path / "wards.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}))
    return path


def test_ward_without_centroid_gets_one_and_multipolygons_are_kept(tmp_path):
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE]}
    wards = read_wards(write_geojson(tmp_path, feature(geometry=multi)))
    assert wards[0].geometry_type == "MultiPolygon"
    assert wards[0].lat == pytest.approx(53.44) and wards[0].lon == pytest.approx(-2.26)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (feature(code="W1"), r"feature 1 \(W1\): ward code 'W1' is not a GSS code"),
        (feature(name=""), r"feature 1 \(E05000001\): ward name is empty"),
        (feature(geometry={"type": "Point", "coordinates": [0, 0]}), "is not a polygon"),
        (feature(lat="north", lon="-2.2"), "lat 'north' is not a number"),
        (
            feature(geometry={"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}),
            "fewer than 4 positions",
        ),
    ],
)
def test_malformed_ward_feature_is_named(tmp_path, bad, message):
    with pytest.raises(ValueError, match=message):
        read_wards(write_geojson(tmp_path, bad))


def test_not_json_names_the_line(tmp_path):
    path = tmp_path / "wards.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [,]}')
    with pytest.raises(ValueError, match="line 2: not valid JSON"):
        read_wards(path)
