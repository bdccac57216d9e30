"""Plain geometry for a city-sized area: distances and which ward a point falls in.

Coordinates are WGS84 degrees. GeoJSON rings are [lon, lat] pairs; every public function here
takes (lat, lon) in that order, as people say them, and converts at the boundary.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius


@dataclass(frozen=True)
class Ward:
    """A ward with its centroid and its boundary as GeoJSON geometry coordinates."""

    code: str
    name: str
    lat: float
    lon: float
    geometry_type: str = "Polygon"  # "Polygon" | "MultiPolygon"
    coordinates: tuple = field(default=(), repr=False, compare=False)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def point_in_ring(lat: float, lon: float, ring: Sequence[Sequence[float]]) -> bool:
    """Ray casting (even-odd rule) against one closed or open ring of [lon, lat] pairs."""
    inside = False
    n = len(ring)
    if n < 3:
        return False
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        # The edge straddles the horizontal line through the point...
        if (yi > lat) != (yj > lat):
            # ...and crosses it to the east of the point.
            x_cross = (xj - xi) * (lat - yi) / (yj - yi) + xi
            if lon < x_cross:
                inside = not inside
        j = i
    return inside


def point_in_polygon(lat: float, lon: float, polygon: Sequence) -> bool:
    """One GeoJSON Polygon's coordinates: an outer ring then holes."""
    if not polygon or not point_in_ring(lat, lon, polygon[0]):
        return False
    return not any(point_in_ring(lat, lon, hole) for hole in polygon[1:])


def point_in_geometry(lat: float, lon: float, geometry_type: str, coordinates: Sequence) -> bool:
    """Polygon or MultiPolygon coordinates, as in a GeoJSON geometry object."""
    if geometry_type == "Polygon":
        return point_in_polygon(lat, lon, coordinates)
    if geometry_type == "MultiPolygon":
        return any(point_in_polygon(lat, lon, poly) for poly in coordinates)
    raise ValueError(f"unsupported geometry type {geometry_type!r}")


def _bbox(geometry_type: str, coordinates: Sequence) -> tuple[float, float, float, float]:
    polygons = coordinates if geometry_type == "MultiPolygon" else [coordinates]
    lons = [pt[0] for poly in polygons for pt in poly[0]]
    lats = [pt[1] for poly in polygons for pt in poly[0]]
    return min(lats), min(lons), max(lats), max(lons)


def ward_containing(lat: float, lon: float, wards: Iterable[Ward]) -> Ward | None:
    """The ward whose boundary contains the point, or None when it is in none of them."""
    for ward in wards:
        if not ward.coordinates:
            continue
        min_lat, min_lon, max_lat, max_lon = _bbox(ward.geometry_type, ward.coordinates)
        if not (min_lat <= lat <= max_lat and min_lon <= lon <= max_lon):
            continue
        if point_in_geometry(lat, lon, ward.geometry_type, ward.coordinates):
            return ward
    return None


def nearest_ward(lat: float, lon: float, wards: Iterable[Ward]) -> Ward | None:
    """The ward with the nearest centroid (a fallback for points on or just off a boundary)."""
    return min(wards, key=lambda w: haversine_km(lat, lon, w.lat, w.lon), default=None)


def ward_for_point(
    lat: float, lon: float, wards: Sequence[Ward], max_fallback_km: float | None = None
) -> Ward | None:
    """The containing ward; else the nearest centroid within max_fallback_km (None = any)."""
    found = ward_containing(lat, lon, wards)
    if found is not None:
        return found
    near = nearest_ward(lat, lon, wards)
    if near is None:
        return None
    if max_fallback_km is not None and haversine_km(lat, lon, near.lat, near.lon) > max_fallback_km:
        return None
    return near
