"""Reader for the ONS ward boundaries GeoJSON (manchester_wards_2023.geojson layout).

Each feature has properties area_code (E05...), area_name, lon, lat (the centroid) and a
Polygon or MultiPolygon geometry. Source: ONS Open Geography Portal (Open Government Licence
v3.0; contains National Statistics data (c) Crown copyright and database right).

A pure reader: it returns validated wards; storing them is the store layer's job.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from navigator.core.places.geo import Ward

WARD_CODE_PATTERN = re.compile(r"^[EWSN]\d{8}$")  # GSS codes: E05011350
POLYGON_TYPES = ("Polygon", "MultiPolygon")


def _number(value, what: str, where: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: {what} {value!r} is not a number") from None


def _centroid_of(coordinates, geometry_type: str) -> tuple[float, float]:
    """Mean of the outer ring vertices: good enough when a feature carries no centroid."""
    polygons = coordinates if geometry_type == "MultiPolygon" else [coordinates]
    points = [pt for poly in polygons for pt in poly[0]]
    return (sum(p[1] for p in points) / len(points), sum(p[0] for p in points) / len(points))


def _check_rings(coordinates, geometry_type: str, where: str) -> None:
    polygons = coordinates if geometry_type == "MultiPolygon" else [coordinates]
    if not polygons:
        raise ValueError(f"{where}: empty geometry")
    for poly in polygons:
        if not poly or any(len(ring) < 4 for ring in poly):
            raise ValueError(f"{where}: a polygon ring has fewer than 4 positions")
        for ring in poly:
            for pt in ring:
                if len(pt) < 2 or not all(isinstance(c, int | float) for c in pt[:2]):
                    raise ValueError(f"{where}: position {pt!r} is not [lon, lat]")


def read_wards(path: str | Path) -> list[Ward]:
    """All wards in the file; ValueError names the feature number and ward on bad input."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path.name} line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError(f"{path.name}: not a GeoJSON FeatureCollection")
    wards: list[Ward] = []
    for number, feature in enumerate(data.get("features") or [], start=1):
        where = f"{path.name} feature {number}"
        props = feature.get("properties") or {}
        code = str(props.get("area_code") or props.get("WD23CD") or "").strip()
        name = str(props.get("area_name") or props.get("WD23NM") or "").strip()
        where = f"{where} ({code or name or 'no code'})"
        if not WARD_CODE_PATTERN.match(code):
            raise ValueError(f"{where}: ward code {code!r} is not a GSS code")
        if not name:
            raise ValueError(f"{where}: ward name is empty")
        geometry = feature.get("geometry") or {}
        geometry_type = geometry.get("type")
        if geometry_type not in POLYGON_TYPES:
            raise ValueError(f"{where}: geometry type {geometry_type!r} is not a polygon")
        coordinates = geometry.get("coordinates")
        _check_rings(coordinates, geometry_type, where)
        if props.get("lat") is not None and props.get("lon") is not None:
            lat = _number(props["lat"], "lat", where)
            lon = _number(props["lon"], "lon", where)
        else:
            lat, lon = _centroid_of(coordinates, geometry_type)
        wards.append(Ward(code, name, lat, lon, geometry_type, coordinates))
    if not wards:
        raise ValueError(f"{path.name}: no ward features")
    return wards
