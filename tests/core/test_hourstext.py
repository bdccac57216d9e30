"""Published opening hours (NHSBSA pharmacy cells, food-bank free text) -> schedule dicts."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from navigator.core.directory.hourstext import (
    NHSBSA_COLUMNS,
    parse_free_text_hours,
    parse_nhsbsa_day,
    schedule_from_nhsbsa_row,
)
from navigator.core.directory.openinghours import LONDON, Schedule
from navigator.core.directory.openstatus import describe, status_at
from navigator.paths import SHARED_DATA_DIR

PHARMACIES = SHARED_DATA_DIR / "manchester_pharmacies.csv"
FOOD_BANKS = SHARED_DATA_DIR / "manchester_food_banks.csv"
needs_shared_data = pytest.mark.skipif(
    not (PHARMACIES.exists() and FOOD_BANKS.exists()), reason="../shared/data missing"
)


def row(*cells: str) -> dict:
    return dict(zip(NHSBSA_COLUMNS, cells, strict=True))


def sessions(schedule: dict) -> list[tuple[str, str, str]]:
    return [(w["day"], w["opens"], w["closes"]) for w in schedule["weekly"]]


# ---- NHSBSA pharmacy cells ----


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("09:00-22:30", [("09:00", "22:30")]),
        ("09:00-13:00,13:20-18:30", [("09:00", "13:00"), ("13:20", "18:30")]),
        ("09:00-12:30,13:00-16:30,17:00-21:00",
         [("09:00", "12:30"), ("13:00", "16:30"), ("17:00", "21:00")]),
        ("CLOSED", []),
        ("", []),
        ("00:00-23:59", [("00:00", "24:00")]),  # NHSBSA writes midnight as 23:59
        ("08:00-23:59", [("08:00", "24:00")]),
        ("00:00-24:00", [("00:00", "24:00")]),
        ("24 Hours", [("00:00", "24:00")]),
        ("Open 24hrs", [("00:00", "24:00")]),
        (" 9:00 - 17:30 ", [("09:00", "17:30")]),
        ("18:00-02:00", [("18:00", "02:00")]),  # past midnight, left to openinghours
    ],
)  # fmt: skip
def test_parse_nhsbsa_day(cell, expected):
    assert parse_nhsbsa_day(cell) == expected


@pytest.mark.parametrize("cell", ["9am-5pm", "25:00-26:00", "09:00-09:75", "by appointment"])
def test_parse_nhsbsa_day_refuses_what_it_cannot_read(cell):
    with pytest.raises(ValueError):
        parse_nhsbsa_day(cell)


def test_pharmacy_open_all_day_every_day_is_always_open():
    schedule = schedule_from_nhsbsa_row(row(*["00:00-23:59"] * 7))
    assert schedule["always_open"] is True and schedule["weekly"] == []


def test_pharmacy_with_lunch_gap_and_closed_weekend():
    lunch = "09:00-13:00,13:20-18:30"
    schedule = schedule_from_nhsbsa_row(row(*[lunch] * 5, "CLOSED", "CLOSED"))
    assert len(schedule["weekly"]) == 10 and schedule["bank_holidays"] == []
    parsed = Schedule.from_dict(schedule)
    now = dt.datetime(2026, 11, 23, 13, 5, tzinfo=LONDON)
    assert describe(status_at(parsed, now), now) == "opens today 13:20"
    friday_evening = dt.datetime(2026, 11, 27, 19, 0, tzinfo=LONDON)
    assert describe(status_at(parsed, friday_evening), friday_evening) == "opens Mon 09:00"


def test_pharmacy_bank_holidays_can_follow_weekly_when_known():
    schedule = schedule_from_nhsbsa_row(row(*["09:00-18:00"] * 7), bank_holidays_follow_weekly=True)
    assert schedule["bank_holidays"] is None


def test_unreadable_pharmacy_row_keeps_the_text_and_is_unknown():
    schedule = schedule_from_nhsbsa_row(row("ring for hours", *["09:00-18:00"] * 6))
    assert schedule["weekly"] == [] and "Mon: ring for hours" in schedule["text"]
    assert Schedule.from_dict(schedule).known is False


def test_pharmacy_row_with_no_hours_is_unknown_not_closed():
    assert Schedule.from_dict(schedule_from_nhsbsa_row({})).known is False


# ---- free text ----


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday - Friday 8am - 4pm. Please ring.",
         [(d, "08:00", "16:00") for d in ("mon", "tue", "wed", "thu", "fri")]),
        ("Tuesdays 10am-12pm", [("tue", "10:00", "12:00")]),
        ("Mon, Wed & Fri 9.30-12.30",
         [(d, "09:30", "12:30") for d in ("mon", "wed", "fri")]),
        ("Thursday 1pm - 3pm and Saturday 10am - 12noon",
         [("thu", "13:00", "15:00"), ("sat", "10:00", "12:00")]),
        ("Weds 12-2pm", [("wed", "12:00", "14:00")]),
        ("Fri 4.30 - 5.30pm Sat 10 - 11am", [("fri", "16:30", "17:30"), ("sat", "10:00", "11:00")]),
        ("Friday 9.30am \u2013 12 noon", [("fri", "09:30", "12:00")]),
        ("Monday 9am-12pm and 1pm-3pm", [("mon", "09:00", "12:00"), ("mon", "13:00", "15:00")]),
        ("Weekdays 10am-4pm", [(d, "10:00", "16:00") for d in ("mon", "tue", "wed", "thu", "fri")]),
        ("Tuesday 6:30pm to 8:30pm, Thursday 12pm to 3pm",
         [("tue", "18:30", "20:30"), ("thu", "12:00", "15:00")]),
    ],
)  # fmt: skip
def test_free_text_that_parses(text, expected):
    schedule = parse_free_text_hours(text)
    assert schedule is not None and sessions(schedule) == expected
    assert schedule["text"] == text  # the original is kept for display
    Schedule.from_dict(schedule)  # and is valid


@pytest.mark.parametrize(
    "text",
    [
        None, "", "Not known", "NA", "By appointment", "Mon - Fri by appointment",
        "Tuesday from 11am",  # no closing time
        "Wednesday 7:30pm",
        "Tuesdays & Fridays 12pm - 3pm; 1st Saturday of month 10am - 12noon",
        "Weekdays and Saturdays 10am-4pm, except Thursdays 10am-12.30pm.",
        "Thursday 4 - 6pm Job Club Monday 1 - 2pm",  # a second service
        "Monday - Saturday 7.30am = 4.30pm",  # typo
        "Friday - Monday 10am - 2pm",  # wraps the weekend: not confident
        "Monday 4pm - 2pm",  # ends before it starts
        "Mondays 1:30pm - 2:30pm. Local school term time only",
    ],
)  # fmt: skip
def test_free_text_that_is_left_as_text(text):
    assert parse_free_text_hours(text) is None


def test_not_open_on_bank_holidays_is_understood():
    schedule = parse_free_text_hours("Open Monday 1-3pm, Thursday 2-4pm\nNot open on Bank Holidays")
    assert sessions(schedule) == [("mon", "13:00", "15:00"), ("thu", "14:00", "16:00")]
    assert schedule["bank_holidays"] == []


# ---- real rows (../shared/data) ----


@needs_shared_data
def test_every_real_pharmacy_row_parses():
    with PHARMACIES.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 100
    for pharmacy in rows:
        schedule = schedule_from_nhsbsa_row(pharmacy)
        assert schedule["text"] is None, pharmacy["pharmacy_name"]
        assert Schedule.from_dict(schedule).known
    first = next(r for r in rows if r["organisation_data_service_code"] == "FRL97")
    assert ("sun", "10:00", "22:00") in sessions(schedule_from_nhsbsa_row(first))


@needs_shared_data
def test_real_food_bank_rows_parse_only_when_confident():
    with FOOD_BANKS.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    results = [parse_free_text_hours(r["Opening times"]) for r in rows]
    parsed = [schedule for schedule in results if schedule is not None]
    # 48 of 81 at the time of writing ("Food served daily 9am - 1:30pm" is the 48th); the rest ("Not known", "By appointment", "except
    # Thursdays"...) stay as text. A drop means the parser regressed; a rise, check by eye.
    assert len(rows) == 81 and len(parsed) == 48
    for schedule in parsed:
        Schedule.from_dict(schedule)
    by_text = {r["Opening times"]: result for r, result in zip(rows, results, strict=True)}
    baguley = by_text["Monday - Friday 8am - 4pm. Please ring."]
    assert sessions(baguley)[0] == ("mon", "08:00", "16:00") and len(baguley["weekly"]) == 5
    assert by_text["NA"] is None and by_text["Not known"] is None
