"""'Pharmacy open now' lists an open pharmacy first whenever one exists in or next to the
resident's neighbourhood, checked against the shared NHSBSA hours file itself (not our
parser), at four ordinary times and on Saturday 26 December 2026 (an ordinary Saturday: the
Boxing Day bank holiday is Monday 28th)."""

from __future__ import annotations

import csv
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from navigator.core.conversation.navigate import NavigateRequest
from navigator.core.places.neighbourhoods import load_neighbourhoods
from navigator.paths import DIRECTORY_DIR, SHARED_DATA_DIR

LONDON = ZoneInfo("Europe/London")
TIMES = (
    dt.datetime(2026, 11, 24, 10, 30, tzinfo=LONDON),  # Tuesday morning
    dt.datetime(2026, 11, 25, 13, 15, tzinfo=LONDON),  # Wednesday lunchtime (lunch closures)
    dt.datetime(2026, 11, 27, 19, 0, tzinfo=LONDON),  # Friday evening
    dt.datetime(2026, 11, 29, 11, 0, tzinfo=LONDON),  # Sunday morning
    dt.datetime(2026, 12, 26, 12, 0, tzinfo=LONDON),  # Saturday 26 December 2026
)
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
GEOGRAPHY = load_neighbourhoods()
WARD_NB = {w["code"]: w["neighbourhood"] for w in GEOGRAPHY["wards"]}
SUITABLE_MINUTES = 30  # open now and not closing within 30 minutes (NHS DoS)


def _next_to() -> dict[str, set[str]]:
    with (DIRECTORY_DIR / "neighbours.csv").open() as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {r["neighbourhood"]: set(filter(None, r["next_to"].split("|"))) for r in rows}


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def open_per_file(row: dict, moment: dt.datetime, margin: int = 0) -> bool:
    """Read straight from the NHSBSA cell: open at `moment` with `margin` minutes to spare."""
    cell = row[f"opening_hours_{DAYS[moment.weekday()]}"].strip()
    if cell.upper() == "CLOSED" or not cell:
        return False
    now = moment.hour * 60 + moment.minute
    for session in cell.split(","):
        opens, closes = session.split("-")
        end = 24 * 60 if closes.strip() == "23:59" else _minutes(closes.strip())
        if _minutes(opens.strip()) <= now and now + margin < end:
            return True
    return False


@pytest.fixture(scope="module")
def pharmacies() -> dict[str, dict]:
    with (SHARED_DATA_DIR / "manchester_pharmacies.csv").open(newline="") as fh:
        return {f"nhsbsa-{r['organisation_data_service_code']}": r for r in csv.DictReader(fh)}


@pytest.mark.parametrize("moment", TIMES, ids=[t.strftime("%a-%d-%b-%H%M") for t in TIMES])
def test_an_open_pharmacy_comes_first_whenever_one_is_within_reach(
    navigator_off, pharmacies, moment
):
    next_to = _next_to()
    checked = 0
    for nb in GEOGRAPHY["neighbourhoods"]:
        reach = {nb["id"], *next_to[nb["id"]]}
        open_nearby = [
            pid
            for pid, row in pharmacies.items()
            if WARD_NB.get(row["ward_code"]) in reach
            and open_per_file(row, moment, SUITABLE_MINUTES)
        ]
        request = NavigateRequest("need a pharmacy open now", postcode=nb["id"])
        answer = navigator_off.navigate(request, moment).to_json()
        assert answer["disposition"] == "pharmacy" and answer["neighbourhood"] == nb["id"]
        listed = [s for s in answer["services"] if s["type"] == "pharmacy"]
        if open_nearby:
            assert listed, (nb["id"], moment)
            first = pharmacies[listed[0]["id"]]
            assert open_per_file(first, moment), (nb["id"], moment, listed[0])
            # Closed pharmacies are not padded in while an open one is listed.
            assert all(open_per_file(pharmacies[s["id"]], moment) for s in listed), listed
            checked += 1
        else:
            assert all("opens" in s["open_status"] for s in listed), listed
    assert checked >= 6  # the test is about something: most neighbourhoods have one open


def test_saturday_26_december_2026_is_an_ordinary_saturday(navigator_off):
    moment = TIMES[-1]
    answer = navigator_off.navigate(
        NavigateRequest("need a pharmacy open now", postcode="M14 5AL"), moment
    ).to_json()
    assert answer["services"] and answer["services"][0]["open_now"]


def test_boxing_day_bank_holiday_monday_28_december_2026_counts_pharmacies_closed(navigator_off):
    moment = dt.datetime(2026, 12, 28, 11, 0, tzinfo=LONDON)
    answer = navigator_off.navigate(
        NavigateRequest("need a pharmacy open now", postcode="M14 5AL"), moment
    ).to_json()
    pharmacies = [s for s in answer["services"] if s["type"] == "pharmacy"]
    assert pharmacies and not any(s["open_now"] for s in pharmacies)
