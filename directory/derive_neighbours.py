"""Derive directory/neighbours.csv: which neighbourhoods touch which (share a ward boundary).

Run from the repository root:  .venv/bin/python directory/derive_neighbours.py [DATA_DIR]
(DATA_DIR defaults to ../shared/data, or NAVIGATOR_SHARED_DATA). Deterministic.

Two wards touch when a boundary vertex of one lies within TOUCH_METRES of a boundary vertex
of the other in manchester_wards_2023.geojson (generalised boundaries: shared edges carry
shared or near vertices). Two neighbourhoods touch when any of their wards do. The navigator
searches a resident's neighbourhood first and, when nothing suitable is open there, the
neighbourhoods next to it ("within reach").
"""

from __future__ import annotations

import csv
import math
import os
import sys
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))


from navigator.core.places.neighbourhoods import load_neighbourhoods  # noqa: E402
from navigator.importers.wards import read_wards  # noqa: E402

ATTRIBUTION = (
    "Derived by directory/derive_neighbours.py from ../shared/data/manchester_wards_2023.geojson "
    "(ONS Open Geography Portal, 2023 wards).",
    "Contains public sector information licensed under the Open Government Licence v3.0.",
    "Contains National Statistics data (c) Crown copyright and database right.",
)
COLUMNS = ("neighbourhood", "next_to")
TOUCH_METRES = 60.0
CELL_DEGREES = 0.001  # grid cell for the vertex index (about 110 m north-south)


def _vertices(ward) -> list[tuple[float, float]]:
    polygons = ward.coordinates if ward.geometry_type == "MultiPolygon" else [ward.coordinates]
    return [(pt[1], pt[0]) for poly in polygons for ring in poly for pt in ring]


def _metres(a, b) -> float:
    dlat = (a[0] - b[0]) * 111_320
    dlon = (a[1] - b[1]) * 111_320 * math.cos(math.radians(a[0]))
    return math.hypot(dlat, dlon)


def touching_wards(wards) -> set[tuple[str, str]]:
    grid: dict[tuple[int, int], list[tuple[str, tuple[float, float]]]] = defaultdict(list)
    for ward in wards:
        for point in _vertices(ward):
            cell = (int(point[0] // CELL_DEGREES), int(point[1] // CELL_DEGREES))
            grid[cell].append((ward.code, point))
    pairs = set()
    for (row, col), items in grid.items():
        near = [i for dr in (-1, 0, 1) for dc in (-1, 0, 1) for i in grid.get((row + dr, col + dc), ())]
        for code, point in items:
            for other, other_point in near:
                if other != code and (code, other) not in pairs:
                    if _metres(point, other_point) <= TOUCH_METRES:
                        pairs.add((code, other))
                        pairs.add((other, code))
    return pairs


def derive(data_dir: Path) -> list[list[str]]:
    geography = load_neighbourhoods(REPO_ROOT / "directory")
    ward_nb = {w["code"]: w["neighbourhood"] for w in geography["wards"]}
    wards = read_wards(data_dir / "manchester_wards_2023.geojson")
    touching: dict[str, set[str]] = defaultdict(set)
    for a, b in touching_wards(wards):
        if ward_nb[a] != ward_nb[b]:
            touching[ward_nb[a]].add(ward_nb[b])
    order = [n["id"] for n in geography["neighbourhoods"]]
    return [[nb, "|".join(sorted(touching[nb], key=order.index))] for nb in order]


def write(rows: list[list[str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        for line in ATTRIBUTION:
            fh.write(f"# {line}\n")
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    default = os.environ.get("NAVIGATOR_SHARED_DATA") or REPO_ROOT.parent / "shared" / "data"
    rows = derive(Path(argv[1]) if len(argv) > 1 else Path(default))
    out = REPO_ROOT / "directory" / "neighbours.csv"
    write(rows, out)
    print(f"wrote {len(rows)} rows to {out.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
