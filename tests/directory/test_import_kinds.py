"""`navigator import KIND FILE` works for every kind, with clear errors for an unknown kind or
a malformed file, and loses nothing already stored (issue 11)."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from navigator.cli import cli
from navigator.paths import SHARED_DATA_DIR

FILES = {
    "wards": "manchester_wards_2023.geojson",
    "postcodes": "onspd_format_manchester_2025-05.csv",
    "pharmacies": "manchester_pharmacies.csv",
    "pharmacy_coordinates": "manchester_pharmacy_coordinates.csv",
    "gp_practices": "manchester_gp_practices_2025-05.csv",
    "dentists": "manchester_dentists.csv",
    "food_banks": "manchester_food_banks.csv",
    "libraries": "manchester_libraries.csv",
    "jobcentres": "manchester_jobcentres.csv",
    "parks": "manchester_green_flag_parks.csv",
}
pytestmark = pytest.mark.skipif(
    not (SHARED_DATA_DIR / FILES["gp_practices"]).exists(), reason="no ../shared/data"
)


def run(db, *args):
    return CliRunner().invoke(cli, ["import", *args], env={"NAVIGATOR_DATABASE": str(db)})


def snapshot(db) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id, lat, lon, schedule FROM services ORDER BY id").fetchall()
    finally:
        conn.close()


def test_every_kind_imports_its_own_file(tmp_path):
    db = tmp_path / "n.sqlite3"
    for kind, name in FILES.items():  # in this order: wards and postcodes place the rest
        result = run(db, kind.replace("_", "-") if kind == "food_banks" else kind,
                     str(SHARED_DATA_DIR / name))  # fmt: skip
        assert result.exit_code == 0, (kind, result.output)
        assert " rows, " in result.output, result.output
    conn = sqlite3.connect(db)
    by_source = dict(conn.execute("SELECT source, COUNT(*) FROM services GROUP BY source"))
    assert by_source["nhsods"] == 82 and by_source["nhsbsa"] == 118
    gp = conn.execute("SELECT phone, schedule FROM services WHERE id = 'nhsods-P84004'").fetchone()
    assert gp[0] == "0161 223 4211" and "usually open weekdays, call to check" in gp[1]
    # the pharmacy's own coordinates, not its postcode's, and they survive a re-import
    point = conn.execute("SELECT lat, lon FROM services WHERE id = 'nhsbsa-FLJ90'").fetchone()
    assert point == (53.475787, -2.194363)
    conn.close()
    before = snapshot(db)
    assert run(db, "pharmacies", str(SHARED_DATA_DIR / FILES["pharmacies"])).exit_code == 0
    assert snapshot(db) == before


def test_unknown_kind_malformed_file_and_wrong_shape_are_clear_and_lose_nothing(tmp_path):
    db = tmp_path / "n.sqlite3"
    assert run(db, "pharmacies", str(SHARED_DATA_DIR / FILES["pharmacies"])).exit_code == 0
    before = snapshot(db)
    unknown = run(db, "hospitals", str(SHARED_DATA_DIR / FILES["pharmacies"]))
    assert unknown.exit_code != 0 and "unknown import kind 'hospitals'" in unknown.output
    assert "gp_practices" in unknown.output  # the kinds are listed
    wrong = run(db, "gp_practices", str(SHARED_DATA_DIR / FILES["pharmacies"]))
    assert wrong.exit_code != 0 and "missing column(s)" in wrong.output
    bad = tmp_path / "gp.csv"
    bad.write_text(
        "ods_code,name,address,postcode,telephone,lat,lon,ward_code\n"
        "P84004,Five Oaks,1 Street,M11 3BB,0161 2234211,53.47,-2.19,E05011350\n"
        "P84005,Vallance,2 Street,NOT A POSTCODE,0161 8204030,53.46,-2.22,E05011351\n"
    )
    malformed = run(db, "gp_practices", str(bad))
    assert malformed.exit_code != 0 and "gp.csv line 3" in malformed.output
    folder = run(db, "pharmacies", str(SHARED_DATA_DIR))
    assert folder.exit_code != 0 and "not a folder" in folder.output
    assert snapshot(db) == before  # nothing lost, nothing half-written
