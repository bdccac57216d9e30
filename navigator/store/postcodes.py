"""The only SQL for places: the postcodes (ONSPD) and wards (ONS boundaries) tables."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from navigator.core.places.geo import Ward
from navigator.db import transaction

POSTCODE_BATCH_ROWS = 5000  # rows per executemany: bounded memory on a 2.7M-row ONSPD file


@dataclass(frozen=True)
class PostcodeRecord:
    postcode: str
    ward_code: str | None
    neighbourhood: str | None  # None outside Manchester
    la_code: str | None
    lat: float | None
    lon: float | None


def compact_postcode(postcode: str) -> str:
    """'m14 5aa' / 'M145AA' -> 'M14 5AA' (the stored form): outward, space, inward."""
    squashed = "".join(postcode.split()).upper()
    return f"{squashed[:-3]} {squashed[-3:]}" if len(squashed) > 3 else squashed


def upsert_postcodes(
    conn: sqlite3.Connection, rows: Iterable, ward_neighbourhoods: Mapping[str, str]
) -> tuple[int, int]:
    """Store ONSPD rows (objects with postcode, ward_code, la_code, lat, lon); returns
    (created, updated). The neighbourhood comes from the ward; None outside the city."""
    before = conn.execute("SELECT COUNT(*) FROM postcodes").fetchone()[0]
    total = 0
    batch: list[tuple] = []
    sql = (
        "INSERT INTO postcodes (postcode, ward_code, neighbourhood, la_code, lat, lon)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (postcode) DO UPDATE SET"
        " ward_code = excluded.ward_code, neighbourhood = excluded.neighbourhood,"
        " la_code = excluded.la_code, lat = excluded.lat, lon = excluded.lon"
    )
    with transaction(conn):
        for row in rows:
            ward = row.ward_code or None
            batch.append((compact_postcode(row.postcode), ward, ward_neighbourhoods.get(ward or ""),
                          row.la_code, row.lat, row.lon))  # fmt: skip
            if len(batch) >= POSTCODE_BATCH_ROWS:
                conn.executemany(sql, batch)
                total += len(batch)
                batch.clear()
        conn.executemany(sql, batch)
        total += len(batch)
    after = conn.execute("SELECT COUNT(*) FROM postcodes").fetchone()[0]
    created = after - before
    return created, total - created


def lookup_postcode(conn: sqlite3.Connection, postcode: str) -> PostcodeRecord | None:
    row = conn.execute(
        "SELECT * FROM postcodes WHERE postcode = ?", (compact_postcode(postcode),)
    ).fetchone()
    if row is None:
        return None
    return PostcodeRecord(row["postcode"], row["ward_code"], row["neighbourhood"],
                          row["la_code"], row["lat"], row["lon"])  # fmt: skip


def lookup_ward(conn: sqlite3.Connection, postcode: str) -> str | None:
    """The ward code of a full postcode, or None when the postcode is not in the table."""
    found = lookup_postcode(conn, postcode)
    return found.ward_code if found else None


def count_postcodes(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COUNT(*) FROM postcodes").fetchone()[0]


def count_city_postcodes(conn: sqlite3.Connection) -> int:
    """Postcodes placed in a city neighbourhood (the whole ONS city file holds 23,932)."""
    sql = "SELECT COUNT(*) FROM postcodes WHERE neighbourhood IS NOT NULL"
    return conn.execute(sql).fetchone()[0]


def upsert_wards(
    conn: sqlite3.Connection, wards: Iterable[Ward], ward_neighbourhoods: Mapping[str, str]
) -> tuple[int, int]:
    """Store wards with their boundary as GeoJSON geometry; returns (created, updated)."""
    before = conn.execute("SELECT COUNT(*) FROM wards").fetchone()[0]
    rows = [
        (w.code, w.name, ward_neighbourhoods.get(w.code), w.lat, w.lon,
         json.dumps({"type": w.geometry_type, "coordinates": w.coordinates}))
        for w in wards
    ]  # fmt: skip
    with transaction(conn):
        conn.executemany(
            "INSERT INTO wards (code, name, neighbourhood, lat, lon, geometry)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
            " neighbourhood = excluded.neighbourhood, lat = excluded.lat, lon = excluded.lon,"
            " geometry = excluded.geometry",
            rows,
        )
    created = conn.execute("SELECT COUNT(*) FROM wards").fetchone()[0] - before
    return created, len(rows) - created


def list_wards(conn: sqlite3.Connection) -> list[Ward]:
    """Every stored ward with its boundary, by code (ready for geo.ward_for_point)."""
    wards = []
    for row in conn.execute("SELECT * FROM wards ORDER BY code"):
        geometry = json.loads(row["geometry"]) if row["geometry"] else {}
        wards.append(
            Ward(row["code"], row["name"], row["lat"], row["lon"],
                 geometry.get("type", "Polygon"), geometry.get("coordinates") or ())
        )  # fmt: skip
    return wards


def ward_neighbourhoods(conn: sqlite3.Connection) -> dict[str, str]:
    """Stored ward code -> neighbourhood id (wards outside the city left out)."""
    rows = conn.execute("SELECT code, neighbourhood FROM wards WHERE neighbourhood IS NOT NULL")
    return {row["code"]: row["neighbourhood"] for row in rows}
