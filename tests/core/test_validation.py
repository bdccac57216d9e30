"""Form validation that explains itself, the hours editor, the daily switch, and diffs."""

from __future__ import annotations

import datetime as dt

import pytest

from navigator.core.directory.profiles import Coverage, ServiceProfile
from navigator.core.editing.diffs import diff_profiles, merge_changes
from navigator.core.editing.hoursform import (
    parse_exception_line,
    parse_sessions,
    set_today_switch,
    today_switch,
)
from navigator.core.editing.validation import (
    form_from_profile,
    normalise_phone,
    normalise_postcode,
    profile_from_form,
)

TUESDAY = dt.date(2026, 11, 24)


def profile() -> dict:
    """Stored form (canonical schedule), as the admin pages receive it."""
    return ServiceProfile.from_dict(
        ServiceProfile(
            id="s1",
            name="Food Place",
            type="food_bank",
            organisation="org-a",
            coverage=Coverage("neighbourhood", ("gorton-levenshulme",)),
            schedule={
                "weekly": [{"day": "mon", "opens": "09:00", "closes": "13:00"}],
                "bank_holidays": [],
                "exceptions": [{"date": "2026-12-25", "sessions": [], "note": "Christmas Day"}],
            },
            needs=("food",),
            age_min_days=16 * 365.25,
        ).to_dict()
    ).to_dict()


def edit(**changes):
    form = {**form_from_profile(profile()), **changes}
    return profile_from_form(
        form,
        profile(),
        topic_ids=["food", "debt"],
        neighbourhood_ids=["gorton-levenshulme", "central"],
        area_ids=["south"],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("m130ln", "M13 0LN"), (" M1  1AA ", "M1 1AA"), ("EC1A 1BB", "EC1A 1BB"), ("m4", "M4")],
)
def test_postcodes_are_normalised(text, expected):
    assert normalise_postcode(text) == expected


@pytest.mark.parametrize("text", ["M13 OLN", "12345", "M13 0", ""])
def test_bad_postcodes_say_what_to_write(text):
    with pytest.raises(ValueError, match="like M13 0LN"):
        normalise_postcode(text)


def test_uk_phone_numbers_via_phonenumbers():
    assert normalise_phone("01612345678") == "0161 234 5678"
    assert normalise_phone("+44 7911 123456") == "07911 123456"
    for bad in ("0161 234", "+1 212 555 0100", "call us"):
        with pytest.raises(ValueError, match="not a valid UK phone number"):
            normalise_phone(bad)


def test_several_sessions_a_day_and_friendly_times():
    assert parse_sessions("9-1pm, 2pm to 5.30pm", "Monday") == [
        {"opens": "09:00", "closes": "13:00"},
        {"opens": "14:00", "closes": "17:30"},
    ]
    assert parse_sessions("closed", "Monday") == []
    with pytest.raises(ValueError, match="Monday: .* separate several sessions with commas"):
        parse_sessions("mornings", "Monday")
    with pytest.raises(ValueError, match="25:00"):
        parse_sessions("09:00-25:00", "Monday")


def test_a_close_at_23_59_means_midnight_so_an_all_night_service_is_never_closing_soon():
    from navigator.core.directory import openstatus
    from navigator.core.directory.openinghours import LONDON, Schedule

    sessions = parse_sessions("00:00-23:59", "Monday")
    assert sessions == [{"opens": "00:00", "closes": "24:00"}]
    weekly = [{"day": day, **sessions[0]} for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]
    schedule = Schedule.from_dict({"weekly": weekly})
    late = dt.datetime(2026, 12, 7, 23, 45, tzinfo=LONDON)  # a Monday, 15 minutes to midnight
    assert openstatus.is_available(schedule, late, window_minutes=0)
    assert parse_sessions("09:00-23:58", "Monday") == [{"opens": "09:00", "closes": "23:58"}]


def test_dated_exceptions_read_closed_or_hours_and_a_note():
    assert parse_exception_line("2026-12-25 closed Christmas Day", "line 1") == {
        "date": "2026-12-25",
        "sessions": [],
        "note": "Christmas Day",
    }
    assert parse_exception_line("24/12/2026 10:00-14:00 Christmas Eve", "line 1") == {
        "date": "2026-12-24",
        "sessions": [{"opens": "10:00", "closes": "14:00"}],
        "note": "Christmas Eve",
    }
    with pytest.raises(ValueError, match="not a real date"):
        parse_exception_line("2026-02-30 closed", "line 1")


def test_the_form_round_trips_unchanged():
    result = edit()
    assert result.ok, result.errors
    assert diff_profiles(profile(), result.profile) == []


def test_hours_bank_holidays_exceptions_coverage_and_ages_from_the_form():
    result = edit(
        hours_mon="09:00-12:00, 13:00-16:00",
        hours_sat="10:00-12:00",
        bank_holidays="hours",
        bank_holiday_hours="10:00-14:00",
        exceptions="2026-12-31 10:00-12:00 New Year's Eve",
        coverage_level="area",
        coverage_codes=["south"],
        age_min="6 months",
        age_max="",
    )
    assert result.ok, result.errors
    schedule = result.profile["schedule"]
    assert len(schedule["weekly"]) == 3
    assert schedule["bank_holidays"] == [{"opens": "10:00", "closes": "14:00"}]
    assert schedule["exceptions"][0]["note"] == "New Year's Eve"
    assert result.profile["coverage"] == {"level": "area", "areas": ["south"]}
    assert result.profile["age_min_days"] == pytest.approx(182.625)
    assert {c.field for c in diff_profiles(profile(), result.profile)} == {
        "schedule",
        "coverage",
        "age_min_days",
    }


def test_every_bad_field_gets_its_own_explanation():
    result = edit(
        name="",
        postcode="M13 OLN",
        phone="123",
        hours_tue="9 till 5",
        needs="food, fod",
        coverage_level="neighbourhood",
        coverage_codes=["mars"],
        website="not a site",
        email="x@",
        age_min="ten",
        bank_holidays="hours",
        bank_holiday_hours="",
    )
    assert not result.ok and result.profile is None
    assert set(result.errors) == {
        "name",
        "postcode",
        "phone",
        "hours_tue",
        "needs",
        "coverage_codes",
        "website",
        "email",
        "age_min",
        "bank_holiday_hours",
    }
    assert "known: debt, food" in result.errors["needs"]
    assert "Tuesday" in result.errors["hours_tue"]


def test_today_switch_is_an_exception_for_today_only_and_survives_edits():
    schedule = set_today_switch(profile()["schedule"], TUESDAY, "full")
    assert today_switch(schedule, TUESDAY) == "full"
    assert today_switch(schedule, TUESDAY + dt.timedelta(days=1)) is None
    with_switch = {**profile(), "schedule": schedule}
    form = form_from_profile(with_switch)
    assert "full today" not in form["exceptions"]  # the editor does not see or lose it
    result = profile_from_form({**form, "hours_fri": "10:00-11:00"}, with_switch)
    assert today_switch(result.profile["schedule"], TUESDAY) == "full"
    assert today_switch(set_today_switch(schedule, TUESDAY, None), TUESDAY) is None


def test_merge_applies_only_changed_fields_and_reports_conflicts():
    before = profile()
    after = {**before, "phone": "0161 234 5678"}
    current = {**before, "cost": "free", "last_reviewed": "2026-11-30"}
    merged, conflicts = merge_changes(current, before, after)
    assert not conflicts
    assert merged["phone"] == "0161 234 5678" and merged["cost"] == "free"
    _, conflicts = merge_changes({**before, "phone": "0161 000 0000"}, before, after)
    assert conflicts == ["phone"]
