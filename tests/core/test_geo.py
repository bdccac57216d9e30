"""Distances and point-in-polygon on plain coordinates (and on the real wards when present)."""

from __future__ import annotations

import pytest

from navigator.core.places.geo import (
    Ward,
    haversine_km,
    point_in_geometry,
    point_in_polygon,
    ward_containing,
    ward_for_point,
)
from navigator.paths import SHARED_DATA_DIR

# A 2 x 2 degree square with a 1 x 1 hole in the middle, as GeoJSON [lon, lat] rings.
OUTER = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]
HOLE = [[0.5, 0.5], [1.5, 0.5], [1.5, 1.5], [0.5, 1.5], [0.5, 0.5]]
FAR_SQUARE = [[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]
GEOJSON = SHARED_DATA_DIR / "manchester_wards_2023.geojson"


def test_haversine_known_distances():
    assert haversine_km(53.4808, -2.2426, 53.4808, -2.2426) == 0
    # Manchester Piccadilly to London Euston: about 262 km as the crow flies.
    assert haversine_km(53.4774, -2.2309, 51.5282, -0.1337) == pytest.approx(262, abs=3)
    # One degree of latitude is about 111.2 km everywhere.
    assert haversine_km(53.0, -2.0, 54.0, -2.0) == pytest.approx(111.2, abs=0.2)


def test_polygon_with_hole():
    polygon = [OUTER, HOLE]
    assert point_in_polygon(0.25, 0.25, polygon)  # (lat, lon) inside the ring
    assert not point_in_polygon(1.0, 1.0, polygon)  # in the hole
    assert not point_in_polygon(3.0, 1.0, polygon)
    assert not point_in_polygon(1.0, -0.1, polygon)


def test_multipolygon_and_unknown_geometry():
    multi = [[OUTER], [FAR_SQUARE]]
    assert point_in_geometry(10.5, 10.5, "MultiPolygon", multi)
    assert point_in_geometry(1.0, 1.0, "MultiPolygon", multi)
    assert not point_in_geometry(5.0, 5.0, "MultiPolygon", multi)
    with pytest.raises(ValueError, match="unsupported"):
        point_in_geometry(1, 1, "Point", [1, 1])


def test_ward_for_point_falls_back_to_the_nearest_centroid():
    near = Ward("E05000001", "Square", 1.0, 1.0, "Polygon", (OUTER,))
    far = Ward("E05000002", "Far", 10.5, 10.5, "Polygon", (FAR_SQUARE,))
    wards = [near, far]
    assert ward_containing(0.5, 1.9, wards) is near
    assert ward_containing(5.0, 5.0, wards) is None
    assert ward_for_point(4.0, 4.0, wards) is near  # nearer to (1, 1) than to (10.5, 10.5)
    assert ward_for_point(4.0, 4.0, wards, max_fallback_km=10) is None
    assert ward_for_point(0, 0, []) is None


@pytest.mark.skipif(not GEOJSON.exists(), reason="../shared/data missing")
def test_real_wards_place_known_landmarks():
    from navigator.importers.wards import read_wards

    wards = read_wards(GEOJSON)
    assert ward_for_point(53.5124, -2.2357, wards).name == "Crumpsall"  # Abraham Moss Library
    assert ward_for_point(53.4461, -2.1930, wards).name == "Levenshulme"  # Arcadia library
    assert ward_for_point(53.3654, -2.2727, wards).name == "Woodhouse Park"  # the airport
    assert ward_containing(53.4242, -2.3250, wards) is None  # Sale, in Trafford
