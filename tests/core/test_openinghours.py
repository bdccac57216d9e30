"""Opening hours: DoS precedence, overnight sessions, bank holidays, clock changes, wording."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from navigator.core.directory.openinghours import (
    LONDON,
    REASON_ALWAYS_OPEN,
    REASON_BANK_HOLIDAY,
    REASON_EXCEPTION,
    REASON_UNKNOWN,
    REASON_WEEKLY,
    Schedule,
    bank_holiday_name,
)
from navigator.core.directory.openstatus import describe, is_available, status_at

UTC = dt.UTC
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def at(text: str, fold: int = 0) -> dt.datetime:
    """London wall-clock time, e.g. at('2026-11-23 10:00')."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON, fold=fold)


def weekly(*sessions: tuple[str, str, str], **extra) -> Schedule:
    rows = [{"day": day, "opens": opens, "closes": closes} for day, opens, closes in sessions]
    return Schedule.from_dict({"weekly": rows, **extra})


def only_on(date: str, opens: str, closes: str) -> Schedule:
    """Open on one date only (a dated exception and no weekly hours)."""
    session = {"opens": opens, "closes": closes}
    return Schedule.from_dict({"exceptions": [{"date": date, "sessions": [session]}]})


def say(schedule: Schedule, now: dt.datetime) -> str:
    return describe(status_at(schedule, now), now)


# A GP-style week with a lunch gap, plus a Friday night session (22:00-06:00).
SURGERY = weekly(
    *[(day, "09:00", "13:00") for day in WEEKDAYS],
    *[(day, "14:00", "18:00") for day in WEEKDAYS],
    ("fri", "22:00", "06:00"),
    bank_holidays=[],
)


# ---- format ----


def test_round_trip_keeps_every_field():
    data = {
        "always_open": False,
        "weekly": [{"day": "mon", "opens": "09:00", "closes": "24:00"},
                   {"day": "fri", "opens": "22:00", "closes": "06:00"}],
        "bank_holidays": [{"opens": "10:00", "closes": "16:00"}],
        "exceptions": [{"date": "2026-12-25", "sessions": [], "note": "Closed Christmas Day"}],
        "text": "Mon 9-midnight",
    }  # fmt: skip
    assert Schedule.from_dict(data).to_dict() == data


def test_yaml_dates_and_full_day_names_are_accepted():
    schedule = Schedule.from_dict({
        "weekly": [{"day": "Monday", "opens": "09:00", "closes": "17:00"}],
        "exceptions": [{"date": dt.date(2026, 12, 25), "sessions": []}],
    })  # fmt: skip
    assert schedule.to_dict()["weekly"][0]["day"] == "mon"
    assert schedule.to_dict()["exceptions"][0]["date"] == "2026-12-25"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"weekly": [{"day": "funday", "opens": "09:00", "closes": "17:00"}]}, "funday"),
        ({"weekly": [{"day": "mon", "opens": "09:00", "closes": "25:00"}]}, "25:00"),
        ({"weekly": [{"day": "mon", "opens": "24:00", "closes": "02:00"}]}, "24:00"),
        ({"weekly": [{"day": "mon", "opens": "09:60", "closes": "17:00"}]}, "09:60"),
        ({"weekly": [{"day": "mon", "opens": "9am", "closes": "17:00"}]}, "9am"),
        ({"weekly": [{"day": "mon", "opens": 600, "closes": "17:00"}]}, "quoted"),
        ({"weekly": [{"day": "mon", "opens": "09:00"}]}, "closes"),
        ({"weekley": []}, "unknown keys"),
        ({"always_open": "yes"}, "always_open"),
        ({"bank_holidays": {"opens": "09:00"}}, "bank_holidays"),
        ({"exceptions": [{"date": "25/12/2026", "sessions": []}]}, "YYYY-MM-DD"),
        ({"exceptions": [{"date": "2026-12-25"}, {"date": "2026-12-25"}]}, "same date"),
        ([], "mapping"),
    ],
)
def test_invalid_schedules_are_refused_with_a_clear_message(data, message):
    with pytest.raises(ValueError, match=message):
        Schedule.from_dict(data)


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        status_at(SURGERY, dt.datetime(2026, 11, 23, 10, 0))


def test_utc_input_is_read_as_london_time():
    # 09:30 UTC on a BST day is 10:30 in London: open; 07:30 UTC in summer is 08:30: closed.
    assert status_at(SURGERY, dt.datetime(2026, 6, 1, 9, 30, tzinfo=UTC)).open_now
    assert not status_at(SURGERY, dt.datetime(2026, 6, 1, 7, 30, tzinfo=UTC)).open_now


# ---- weekly sessions ----


def test_lunch_gap_closes_then_reopens_the_same_day():
    assert say(SURGERY, at("2026-11-23 12:59")) == "open now, closes 13:00"
    assert say(SURGERY, at("2026-11-23 13:00")) == "opens today 14:00"
    assert say(SURGERY, at("2026-11-23 18:30")) == "opens tomorrow 09:00"
    assert say(SURGERY, at("2026-11-23 08:00")) == "opens today 09:00"


def test_touching_and_overlapping_sessions_read_as_one_opening():
    schedule = weekly(("mon", "09:00", "13:00"), ("mon", "13:00", "15:00"),
                      ("mon", "14:30", "18:00"))  # fmt: skip
    status = status_at(schedule, at("2026-11-23 10:00"))
    assert status.closes_at == at("2026-11-23 18:00")


def test_overnight_session_belongs_to_the_day_it_starts():
    friday_night = at("2026-11-27 23:00")
    assert say(SURGERY, friday_night) == "open now, closes tomorrow 06:00"
    saturday_early = status_at(SURGERY, at("2026-11-28 05:59"))
    assert saturday_early.open_now and saturday_early.reason == REASON_WEEKLY
    assert saturday_early.closes_at == at("2026-11-28 06:00")
    assert say(SURGERY, at("2026-11-28 06:00")) == "opens Mon 09:00"


def test_session_to_midnight_says_midnight():
    schedule = weekly(("mon", "18:00", "24:00"))
    assert say(schedule, at("2026-11-23 20:00")) == "open now, closes midnight"
    assert not status_at(schedule, at("2026-11-24 00:00")).open_now


def test_every_day_round_the_clock_without_the_flag_reads_open_24_hours():
    schedule = weekly(*[(day, "00:00", "24:00") for day in (*WEEKDAYS, "sat", "sun")])
    status = status_at(schedule, at("2026-11-23 03:00"))
    assert status.open_now and status.closes_at is None
    assert describe(status, at("2026-11-23 03:00")) == "open 24 hours"


def test_next_open_more_than_a_week_ahead_names_the_date():
    schedule = only_on("2026-12-05", "10:00", "12:00")
    assert say(schedule, at("2026-11-23 10:00")) == "opens Sat 5 Dec 10:00"


def test_next_open_search_stops_after_14_days():
    schedule = only_on("2026-12-20", "10:00", "12:00")
    status = status_at(schedule, at("2026-11-23 10:00"))
    assert status.known and not status.open_now and status.next_opens_at is None
    assert describe(status, at("2026-11-23 10:00")).endswith("call to check")


def test_text_only_hours_are_unknown():
    schedule = Schedule.from_dict({"text": "Thursday morning, tinned food only"})
    status = status_at(schedule, at("2026-11-26 10:00"))
    assert (status.known, status.open_now, status.reason) == (False, False, REASON_UNKNOWN)
    assert describe(status, at("2026-11-26 10:00")) == "hours not known: call to check"


# ---- precedence: exception > always open > bank holiday > weekly ----


def test_always_open():
    schedule = Schedule.from_dict({"always_open": True})
    status = status_at(schedule, at("2026-12-25 03:00"))
    assert status.open_now and status.always_open and status.reason == REASON_ALWAYS_OPEN
    assert describe(status, at("2026-12-25 03:00")) == "open 24 hours"


def test_dated_closure_outranks_always_open():
    schedule = Schedule.from_dict({
        "always_open": True,
        "exceptions": [{"date": "2026-11-24", "sessions": [], "note": "Closed for refit"}],
    })  # fmt: skip
    monday = status_at(schedule, at("2026-11-23 20:00"))
    assert monday.open_now and monday.closes_at == at("2026-11-24 00:00")
    closed = status_at(schedule, at("2026-11-24 12:00"))
    assert not closed.open_now and closed.reason == REASON_EXCEPTION
    wording = describe(closed, at("2026-11-24 12:00"))
    assert wording == "closed today (for refit), opens tomorrow 00:00"


def test_bank_holidays_come_from_the_england_and_wales_calendar():
    assert bank_holiday_name(dt.date(2026, 12, 25)) == "Christmas Day"
    assert bank_holiday_name(dt.date(2026, 12, 28)) == "Boxing Day (observed)"  # substitute
    assert bank_holiday_name(dt.date(2026, 4, 6)) == "Easter Monday"
    assert bank_holiday_name(dt.date(2026, 3, 17)) is None  # St Patrick's: NI only


def test_christmas_and_the_substitute_boxing_day_are_closed():
    christmas = status_at(SURGERY, at("2026-12-25 10:00"))  # a Friday
    assert christmas.reason == REASON_BANK_HOLIDAY and not christmas.open_now
    assert christmas.next_opens_at == at("2026-12-29 09:00")  # Mon 28th is a bank holiday
    assert describe(christmas, at("2026-12-25 10:00")) == (
        "closed today (Christmas Day), opens Tue 09:00"
    )
    assert say(SURGERY, at("2026-12-28 10:00")) == (
        "closed today (Boxing Day (observed)), opens tomorrow 09:00"
    )


def test_bank_holiday_sessions_replace_the_weekly_ones():
    schedule = weekly(*[(day, "09:00", "18:00") for day in WEEKDAYS],
                      bank_holidays=[{"opens": "10:00", "closes": "16:00"}])  # fmt: skip
    easter_monday = status_at(schedule, at("2026-04-06 09:30"))
    assert not easter_monday.open_now and easter_monday.reason == REASON_BANK_HOLIDAY
    assert easter_monday.next_opens_at == at("2026-04-06 10:00")
    assert say(schedule, at("2026-04-06 15:00")) == "open now, closes 16:00"


def test_null_bank_holidays_follow_the_weekly_hours():
    schedule = weekly(("mon", "09:00", "18:00"))
    status = status_at(schedule, at("2026-04-06 10:00"))
    assert status.open_now and status.reason == REASON_WEEKLY


def test_exception_outranks_bank_holiday():
    rota = {"date": "2026-12-25", "note": "Christmas rota",
            "sessions": [{"opens": "10:00", "closes": "12:00"}]}  # fmt: skip
    schedule = weekly(*[(day, "09:00", "18:00") for day in WEEKDAYS], bank_holidays=[],
                      exceptions=[rota])  # fmt: skip
    status = status_at(schedule, at("2026-12-25 11:00"))
    assert status.open_now and status.reason == REASON_EXCEPTION
    assert status.closes_at == at("2026-12-25 12:00")


def test_overnight_session_carries_into_a_closed_bank_holiday_and_exception_day():
    # Decision: a session belongs to the day it starts, so Christmas Eve's night shift runs
    # into Christmas morning even though Christmas Day itself is closed.
    schedule = weekly(("thu", "22:00", "06:00"), bank_holidays=[])
    morning = status_at(schedule, at("2026-12-25 03:00"))
    assert morning.open_now and morning.reason == REASON_WEEKLY
    assert morning.closes_at == at("2026-12-25 06:00")
    dated = weekly(("thu", "22:00", "06:00"),
                   exceptions=[{"date": "2026-11-27", "sessions": []}])  # fmt: skip
    assert status_at(dated, at("2026-11-27 05:00")).open_now
    # To cut it short, close the start day instead.
    cut = weekly(("thu", "22:00", "06:00"), exceptions=[{"date": "2026-11-26", "sessions": []}])
    assert not status_at(cut, at("2026-11-27 05:00")).open_now


# ---- clock changes (2026: forward 29 March, back 25 October) ----

NIGHTS = weekly(("sat", "22:00", "06:00"))


def test_spring_forward_night_is_an_hour_shorter():
    status = status_at(NIGHTS, at("2026-03-28 23:00"))  # GMT
    assert status.open_now
    assert status.closes_at == at("2026-03-29 06:00")
    assert status.closes_at.utcoffset() == dt.timedelta(hours=1)  # BST by then
    opened = dt.datetime(2026, 3, 28, 22, 0, tzinfo=UTC)
    assert status.closes_at - opened == dt.timedelta(hours=7)
    assert status_at(NIGHTS, at("2026-03-29 00:59")).open_now
    assert status_at(NIGHTS, at("2026-03-29 03:00")).open_now


def test_spring_forward_gap_boundary_falls_when_the_clocks_jump():
    schedule = weekly(("sun", "01:30", "03:00"))
    status = status_at(schedule, at("2026-03-29 00:30"))
    assert status.next_opens_at.astimezone(UTC) == dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert describe(status, at("2026-03-29 00:30")) == "opens today 02:00"
    assert status_at(schedule, dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC)).open_now is False
    assert status_at(schedule, dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)).open_now


def test_fall_back_night_is_an_hour_longer():
    status = status_at(NIGHTS, at("2026-10-24 23:00"))  # BST
    assert status.closes_at == at("2026-10-25 06:00")
    assert status.closes_at.utcoffset() == dt.timedelta(0)  # GMT by then
    opened = dt.datetime(2026, 10, 24, 21, 0, tzinfo=UTC)
    assert status.closes_at - opened == dt.timedelta(hours=9)
    assert status_at(NIGHTS, at("2026-10-25 01:30", fold=0)).open_now
    assert status_at(NIGHTS, at("2026-10-25 01:30", fold=1)).open_now


def test_fall_back_repeated_hour_uses_the_first_occurrence():
    schedule = weekly(("sun", "01:30", "03:00"))
    first_0115 = at("2026-10-25 01:15", fold=0)  # 00:15 UTC
    opens = status_at(schedule, first_0115).next_opens_at
    assert opens.astimezone(UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert status_at(schedule, at("2026-10-25 01:15", fold=1)).open_now  # 01:15 GMT
    early = weekly(("sun", "00:00", "01:30"))  # closes at the first 01:30
    assert not status_at(early, at("2026-10-25 01:45", fold=0)).open_now


# ---- DoS availability: open within the window, not closing within 30 minutes ----


@pytest.mark.parametrize(
    ("now", "window_minutes", "expected"),
    [
        ("2026-11-23 10:00", 60, True),  # open, 3 hours left
        ("2026-11-23 12:30", 0, True),  # exactly 30 minutes left counts
        ("2026-11-23 12:40", 60, False),  # closes in 20, reopens in 80
        ("2026-11-23 12:40", 80, True),  # ...which is inside a longer window
        ("2026-11-23 17:40", 240, False),  # closes in 20, nothing until tomorrow
        ("2026-11-23 08:15", 60, True),  # closed, opens in 45
        ("2026-11-23 08:15", 30, False),
        ("2026-12-25 10:00", 1440, False),  # Christmas Day closed
    ],
)
def test_is_available(now, window_minutes, expected):
    assert is_available(SURGERY, at(now), window_minutes) is expected


def test_is_available_for_unknown_hours_is_the_callers_choice():
    text_only = Schedule.from_dict({"text": "Please ring"})
    assert is_available(text_only, at("2026-11-23 10:00"), 60) is True
    assert is_available(text_only, at("2026-11-23 10:00"), 60, when_unknown=False) is False


def test_always_open_is_always_available():
    schedule = Schedule.from_dict({"always_open": True})
    assert is_available(schedule, at("2026-12-25 23:50"), 0)


def test_minutes_are_real_minutes_across_the_clock_change():
    # 00:50 GMT to 03:00 BST on 29 March is 70 real minutes, though the clock moves 130.
    now = at("2026-03-29 00:50")
    closing = weekly(("sat", "22:00", "03:00"))
    assert is_available(closing, now, 0, min_remaining_minutes=70)
    assert not is_available(closing, now, 0, min_remaining_minutes=71)
    opening = weekly(("sun", "03:00", "05:00"))
    assert is_available(opening, now, 70)
    assert not is_available(opening, now, 69)


# ---- England's observed bank holidays only; Christmas Day for food banks and groups ----


def test_only_the_observed_english_bank_holidays_count():
    from navigator.core.directory.openinghours import bank_holiday_name

    assert bank_holiday_name(dt.date(2026, 12, 25)) is not None  # Friday
    assert bank_holiday_name(dt.date(2026, 12, 26)) is None  # Saturday: an ordinary day
    assert bank_holiday_name(dt.date(2026, 12, 28)) is not None  # the substitute Monday
    assert bank_holiday_name(dt.date(2027, 12, 25)) is None  # Saturday
    assert bank_holiday_name(dt.date(2027, 12, 27)) and bank_holiday_name(dt.date(2027, 12, 28))


def test_christmas_day_closes_a_food_bank_unless_its_entry_says_otherwise():
    from navigator.core.directory.openstatus import describe, status_at
    from navigator.core.directory.profiles import Coverage, ServiceProfile
    from navigator.core.directory.search import schedule_at

    friday = {"weekly": [{"day": "fri", "opens": "10:00", "closes": "14:00"}]}
    christmas = dt.datetime(2026, 12, 25, 11, 0, tzinfo=ZoneInfo("Europe/London"))

    def status(kind, schedule):
        profile = ServiceProfile(id="x", name="x", type=kind, coverage=Coverage("city"),
                                 schedule=schedule)  # fmt: skip
        found = schedule_at(profile, christmas)
        return status_at(found, christmas), describe(status_at(found, christmas), christmas)

    closed, wording = status("food_bank", friday)
    assert not closed.open_now and wording.startswith("closed today (Christmas Day)")
    stated = {**friday, "exceptions": [{"date": "2026-12-25", "sessions": [
        {"opens": "10:00", "closes": "12:00"}], "note": "Christmas lunch"}]}  # fmt: skip
    assert status("food_bank", stated)[0].open_now
    assert status("pharmacy", {**friday, "bank_holidays": None})[0].open_now  # not a group


def test_hours_known_only_as_text_are_shown_as_written():
    from navigator.core.directory.openinghours import Schedule
    from navigator.core.directory.openstatus import describe, status_at

    moment = dt.datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("Europe/London"))
    for text, expected in (
        ("usually open weekdays, call to check", "usually open weekdays, call to check"),
        ("By appointment", "By appointment: call to check"),
    ):
        schedule = Schedule.from_dict({"weekly": [], "text": text})
        assert describe(status_at(schedule, moment), moment, schedule.text) == expected
