"""A blood sugar reading in the message is read in mmol/L, so that a diabetic's high reading
goes to 111 today while a mention of sugar at a review stays with the GP
(content/topics/high-blood-sugar.md)."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.pipeline import triage


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("type 2 and my sugars have been 17 to 21 since monday", 21.0),
        ("my bm is 26 this morning", 26.0),
        ("glucose readings in the 20s for two days", 20.0),
        ("blood sugar 13.5 after tea", 13.5),
        ("sugar is fine, im 45 years old", None),
        ("had sugar in my tea at 8 pm", None),
        ("my sugar was 3.1 so i had a biscuit", 3.1),
        ("did 20 units of insulin, sugar fine", None),
        ("glucose meter cost 25 quid", None),
        ("glucose test booked at 24 to 28 weeks", None),
        ("sugar high and temperature 38.5", None),
        ("sugars 9 at breakfast, 14 at lunch and 24 now", 24.0),
        ("type 2 on metformin, sugar readings creeping up", None),
        ("had sugar in my tea at 15:30", None),
    ],
)
def test_the_highest_reading_is_read(text, expected, knowledge):
    assert triage(text, knowledge).facts.blood_sugar_mmol == expected


def test_the_lowest_reading_is_kept_for_a_hypo(knowledge):
    assert (
        triage("sugars 9 at breakfast then 3.4 before tea", knowledge).facts.blood_sugar_low_mmol
        == 3.4
    )


def test_a_ketone_reading_is_not_a_sugar_reading(knowledge):
    facts = triage("type 1, sugar 19 and ketones are 3.4", knowledge).facts
    assert (facts.blood_sugar_low_mmol, facts.ketones_mmol) == (19.0, 3.4)


def test_high_ketones_go_to_a_and_e(knowledge):
    result = triage("type 1, sugar 19 and ketones are 3.4", knowledge)
    assert result.disposition.acuity >= Disposition.A_AND_E.acuity


def test_a_high_reading_goes_to_111_today(knowledge):
    result = triage("type 1 here, my sugars have sat at 23 all afternoon, any advice", knowledge)
    assert result.disposition.acuity >= Disposition.NHS_111.acuity


def test_sugar_mentioned_at_a_review_is_a_gp_question(knowledge):
    result = triage("nurse at my review said my sugar levels are a bit higher this year", knowledge)
    assert result.disposition.acuity < Disposition.NHS_111.acuity


def test_the_last_reading_says_whether_a_hypo_has_come_up(knowledge):
    facts = triage("sugar dipped to 2.7, had juice, now 5.9", knowledge).facts
    assert (facts.blood_sugar_low_mmol, facts.blood_sugar_last_mmol) == (2.7, 5.9)


def test_sweets_counted_while_treating_are_not_a_reading(knowledge):
    facts = triage("hypo at work, ate 4 sweets, now 3.6", knowledge).facts
    assert facts.blood_sugar_mmol == 3.6


@pytest.mark.parametrize(
    "text",
    [
        "type 1 and poorly, ketones 0.9, sugar 16, drinking plenty",  # a ketone decimal
        "type 1, sugar 14, ketone level 1.2, drinking water",
        "boiler pressure level is 1.2 and keeps dropping, landlord wont fix it",  # no diabetes
        "type 1, been having hypos for 3 nights, my sugar keeps dropping overnight, can i see the nurse",
        "my potassium levels are still low, 3.4 on the last blood test",
    ],
)
def test_a_decimal_that_is_not_a_low_sugar_now_is_not_a_999(text, knowledge):
    assert triage(text, knowledge).disposition is not Disposition.EMERGENCY_999


@pytest.mark.parametrize(
    "text",
    [
        "diabetic mum, meter says 2.3",  # a severe low, no other sign
        "on insulin, hypo keeps dropping even after dextrose twice, 3.3 now",
        "bm 3.1, treated 3 times and its not budging",  # under 4 and not coming up
        "type 1 daughter 2.4 on her libre, had 2 juices and 4 glucose tabs",  # the number first
    ],
)
def test_a_severe_or_unrelenting_hypo_is_a_999(text, knowledge):
    assert triage(text, knowledge).disposition is Disposition.EMERGENCY_999


@pytest.mark.parametrize(
    "text",
    [
        "type 1 son, ketone level 3.2, sugar 18, tummy ache and being sick",  # not a tummy bug
        "my blood sugar is 21 and ketone levels 3.6",
    ],
)
def test_ketones_of_3_or_more_reach_a_and_e_whatever_the_topic(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.A_AND_E.acuity
