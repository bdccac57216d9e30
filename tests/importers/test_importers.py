"""Importers against a real SQLite file: the real ../shared/data files (skipped when missing)
and small hand-made files for the failure cases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from navigator.db import connect
from navigator.importers import import_all, import_pharmacies, importer_for
from navigator.importers.base import format_uk_phone
from navigator.importers.dentists import import_dentists
from navigator.importers.embedded import import_embedded
from navigator.importers.foodbanks import access_from_text, status_from_text
from navigator.importers.parks import import_parks
from navigator.migrations import migrate
from navigator.paths import DIRECTORY_DIR, SHARED_DATA_DIR
from navigator.store.postcodes import count_postcodes, lookup_postcode
from navigator.store.services import candidates, count_services, get_service

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
LATER = datetime(2026, 12, 24, 10, 0, tzinfo=UTC)
needs_data = pytest.mark.skipif(
    not (SHARED_DATA_DIR / "manchester_pharmacies.csv").exists(), reason="no ../shared/data"
)
PHARMACY_HEADER = (
    "pharmacy_name,address,postcode,opening_hours_monday,opening_hours_tuesday,"
    "opening_hours_wednesday,opening_hours_thursday,opening_hours_friday,"
    "opening_hours_saturday,opening_hours_sunday,organisation_data_service_code,"
    "health_and_wellbeing_board,ward_code,ward_name,la_code,la_name"
)


def pharmacy_line(ods: str, monday: str = "09:00-18:00") -> str:
    return (f'Chemist {ods},"1 High St, Manchester",M14 5AL,{monday},09:00-18:00,09:00-18:00,'
            f"09:00-18:00,09:00-18:00,CLOSED,CLOSED,{ods},Manchester,E05011372,Moss Side,"
            "E08000003,Manchester")  # fmt: skip


@pytest.fixture
def conn(tmp_path):
    connection = connect(tmp_path / "navigator.sqlite3")
    migrate(connection)
    yield connection
    connection.close()


@pytest.mark.shared_data
@needs_data
def test_import_all_real_files_is_idempotent(conn):
    first = {r.source: r for r in import_all(conn, SHARED_DATA_DIR, now=NOW)}
    expected_rows = {"wards": 32, "onspd": 1000, "nhsbsa": 118, "dentists": 110,
                     "foodbanks": 81, "libraries": 23, "jobcentres": 7, "parks": 8}  # fmt: skip
    for source, rows in expected_rows.items():
        assert first[source].rows_read == rows, source
    assert first["nhsbsa"].created == 118
    assert first["dentists"].created == 108 and first["dentists"].skipped == 2  # 2 exact repeats
    assert count_services(conn, source="foodbanks") == 81
    assert count_postcodes(conn) == 23932 + 1000  # every Manchester postcode + the Trafford sample
    second = import_all(conn, SHARED_DATA_DIR, now=LATER)
    assert sum(r.created for r in second) == 0
    assert count_services(conn) == sum(r.created for r in first.values() if r.source not in
                                       ("wards", "onspd"))  # fmt: skip
    # A later import refreshes the review date in place: updated, not duplicated.
    assert {r.source: r.updated for r in second}["nhsbsa"] == 118


@pytest.mark.shared_data
@needs_data
def test_real_rows_are_placed_and_cleaned(conn):
    import_all(conn, SHARED_DATA_DIR, now=NOW, include_embedded=False)
    pharmacy = get_service(conn, "nhsbsa-FRL97")
    assert pharmacy.coverage.codes == ("moss-side-hulme-rusholme",)
    assert pharmacy.dispositions == ("pharmacy", "self_care")
    assert {"day": "sun", "opens": "10:00", "closes": "22:00"} in pharmacy.schedule["weekly"]
    dentist = get_service(conn, "dentists-smy-life-m2-4dl")
    assert dentist.phone == "0161 830 7300" and dentist.schedule["text"] == "call to check"
    assert dentist.coverage.codes == ("miles-platting-newton-heath-moston-city-centre",)
    assert get_service(conn, "dentists-360-dental-care-limited-m3-4nj").phone == "0161 834 1000"
    closed = get_service(conn, "foodbanks-4ct-limited-m11-3tq")
    assert closed.status == "temporarily_closed" and "no longer open" in closed.alert
    assert get_service(conn, "foodbanks-4ct-limited-m40-2az").status == "active"
    # Every imported service has a neighbourhood (polygons, then the derived sector table).
    levels = conn.execute("SELECT DISTINCT coverage_level FROM services").fetchall()
    assert [r[0] for r in levels] == ["neighbourhood"]
    assert lookup_postcode(conn, "M15 4AB").ward_code == "E05015247"  # Trafford sample
    gorton = candidates(conn, types=["food_bank"], neighbourhoods=["gorton-levenshulme"])
    assert gorton and all(s.coverage.codes == ("gorton-levenshulme",) for s in gorton)


def test_missing_column_fails_before_anything_is_written(conn, tmp_path):
    path = tmp_path / "manchester_pharmacies.csv"
    path.write_text(PHARMACY_HEADER.replace(",ward_code", "") + "\n", encoding="utf-8")
    with pytest.raises(
        ValueError, match=r"manchester_pharmacies.csv line 1: missing column.*ward_code"
    ):
        import_pharmacies(conn, path, now=NOW)
    assert count_services(conn) == 0


def test_a_bad_row_names_its_line_and_nothing_is_written(conn, tmp_path):
    lines = [PHARMACY_HEADER] + [pharmacy_line(f"FA{n:03d}") for n in range(3)]
    lines.append(pharmacy_line("FB001", monday="nine till five"))  # file line 5
    lines.append(pharmacy_line("FB002"))
    path = tmp_path / "pharmacies.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^pharmacies.csv line 5: "):
        import_pharmacies(conn, path, now=NOW)
    assert count_services(conn) == 0
    assert conn.execute("SELECT COUNT(*) FROM organisations").fetchone()[0] == 0
    run = conn.execute("SELECT error, created FROM import_runs").fetchone()
    assert "line 5" in run["error"] and run["created"] == 0


def test_reimport_updates_in_place(conn, tmp_path):
    path = tmp_path / "pharmacies.csv"
    path.write_text(f"{PHARMACY_HEADER}\n{pharmacy_line('FA001')}\n", encoding="utf-8")
    assert import_pharmacies(conn, path, now=NOW).created == 1
    path.write_text(f"{PHARMACY_HEADER}\n{pharmacy_line('FA001', '08:00-20:00')}\n",
                    encoding="utf-8")  # fmt: skip
    report = import_pharmacies(conn, path, now=NOW)
    assert (report.created, report.updated) == (0, 1)
    monday = [s for s in get_service(conn, "nhsbsa-FA001").schedule["weekly"] if s["day"] == "mon"]
    assert monday == [{"day": "mon", "opens": "08:00", "closes": "20:00"}]
    assert count_services(conn) == 1


def test_a_point_outside_every_ward_stays_city_wide_with_a_warning(conn, tmp_path):
    path = tmp_path / "parks.csv"
    path.write_text(
        "name,managed,contact,telephone,email,website,area_code,area_name,lon,lat\n"
        "Lyme Park,National Trust,A Person,01663 762023,N/A,N/A,X,Cheshire,-2.05,53.34\n"
        "Heaton Park,Manchester City Council,B,0161 773 1085,N/A,N/A,X,Manchester,-2.255,53.536\n",
        encoding="utf-8",
    )
    report = import_parks(conn, path, now=NOW)
    assert any("line 2" in w and "city-wide" in w for w in report.warnings)
    assert get_service(conn, "parks-lyme-park").coverage.level == "city"
    heaton = get_service(conn, "parks-heaton-park")
    assert heaton.coverage.codes == ("blackley-harpurhey-charlestown",)
    assert heaton.phone == "0161 773 1085"


def test_dentist_with_garbled_coordinates_fails_with_line(conn, tmp_path):
    path = tmp_path / "dentists.csv"
    path.write_text(
        "name,type,address,postcode,telephone,website,area_name,area_code,lon,lat\n"
        "A,Dentist,x,M1 1AA,1612345678,NA,Manchester,E0800003,-2.24,53.48\n"
        "B,Dentist,x,M1 1AB,1612345678,NA,Manchester,E0800003,53.48,-2.24\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="dentists.csv line 3: .*outside Great Britain"):
        import_dentists(conn, path, now=NOW)
    assert count_services(conn) == 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1618307300", "0161 830 7300"), ("1618341e3", "0161 834 1000"),
     ("7872906245", "07872 906245"), ("1772252154", "01772 252154"),
     ("O7872611770", "07872 611770"), ("+44 161 830 7300", "0161 830 7300"),
     ("783378919", None), ("NA", None), ("", None)],
)  # fmt: skip
def test_uk_phone_numbers(raw, expected):
    assert format_uk_phone(raw) == expected


def test_food_bank_status_and_access_from_referral_text():
    assert status_from_text("We have been told that this foodbank is no longer open. We are "
                            "checking for confirmation.")[0] == "temporarily_closed"  # fmt: skip
    assert status_from_text("This food bank has closed down.")[0] == "closed"
    assert status_from_text("Open door") == ("active", None)
    assert access_from_text("Foodbank Voucher") == (("referral_needed",), "referral")
    assert access_from_text("Open door") == (("walk_in",), "open_to_all")
    assert access_from_text("Referral or self-refer")[0] == ("self_referral",)


def test_files_are_recognised_by_name():
    assert importer_for("manchester_pharmacies.csv") is import_pharmacies
    assert importer_for("onspd_format_sample_trafford.csv").__name__ == "import_postcodes"
    assert importer_for("notes.txt") is None


@pytest.mark.skipif(not (DIRECTORY_DIR / "services").is_dir(), reason="no embedded directory")
def test_embedded_directory_imports_idempotently(conn):
    first = import_embedded(conn, now=NOW)
    assert first.created == first.rows_read > 0
    second = import_embedded(conn, now=NOW)
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.rows_read)
