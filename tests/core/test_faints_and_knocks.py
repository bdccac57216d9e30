"""Loss of consciousness read for what it is: out for minutes or still down is unconscious
(999), knocked out by a blow is A&E, a faint that never happened is not a faint; and the
fallback's reading of jokes, programmes and "nobody hurt"."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.pipeline import triage
from navigator.core.triage.text import stem


@pytest.mark.parametrize(
    "text",
    [
        "my grandad passed out for about 3 minutes in the garden",
        "she blacked out for a couple of minutes at the bus stop",
        "my wife fainted and she's still on the floor",
        "he collapsed in the hall and hasnt come round yet",
    ],
)
def test_out_for_minutes_or_still_down_is_999(text, knowledge):
    assert triage(text, knowledge).disposition is Disposition.EMERGENCY_999


@pytest.mark.parametrize(
    "text",
    [
        "our lad got knocked out in a rugby tackle",
        "someone knocked her out in the car park and she came round after a bit",
        "was knocked unconscious when the shelf fell on me",
    ],
)
def test_knocked_out_reaches_a_and_e(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.A_AND_E.acuity


@pytest.mark.parametrize(
    "text",
    [
        "united got knocked out of the cup again",
        "those antihistamines knocked me out for the whole afternoon",
        "my daughter knocked out her wobbly tooth on the climbing frame",
    ],
)
def test_knocked_out_as_a_cup_a_pill_or_a_tooth_is_not_the_rule(text, knowledge):
    assert triage(text, knowledge).rule != "red_flag:knocked_out"


@pytest.mark.parametrize(
    "text",
    [
        "the twins pretend to faint whenever i mention homework",
        "passed out from tiredness after nights, slept till teatime",
    ],
)
def test_a_faint_that_never_happened_is_not_the_faint_rule(text, knowledge):
    assert not triage(text, knowledge).rule.startswith("red_flag:fainted")


def test_nearly_fainting_is_still_a_sign(knowledge):
    # feeling faint is itself a sign: the spent sets hold emergencies only this rule kept at 111
    result = triage("nearly passed out on the stairs and felt awful", knowledge)
    assert result.disposition.acuity >= Disposition.NHS_111.acuity


def test_fine_at_rest_is_not_breathless_at_rest(knowledge):
    result = triage("get puffed on the hill to work, fine at rest, no chest pain", knowledge)
    assert result.disposition is not Disposition.EMERGENCY_999
    still = triage("so breathless even at rest, cant finish a sentence", knowledge)
    assert still.disposition is Disposition.EMERGENCY_999


def test_a_denied_red_feature_does_not_unsettle_a_settled_sign(knowledge):
    result = triage("fainted in the heat, came round in seconds, not pale at all", knowledge)
    assert result.rule == "red_flag:fainted:settled"
    said = triage("fainted in the heat, came round in seconds but pale", knowledge)
    assert said.rule == "red_flag:fainted"


def test_number_words_meet_their_digits():
    assert stem("two") == stem("2") and stem("twelve") == stem("12")
    assert stem("one") == "one"  # "the blue one" is not a number


def test_weight_lost_in_digits_is_the_weight_loss_topic(knowledge):
    result = triage("lost 2 stone without trying since the summer", knowledge)
    assert result.rule.startswith("topic:weight-loss-unexplained")


@pytest.mark.parametrize(
    "text",
    [
        "in corrie a character's arm went tingly, could that happen to me",
        "my legs are in bits after the stairs at the stadium lol",
    ],
)
def test_a_programme_or_a_joke_with_no_topic_gets_self_care(text, knowledge):
    result = triage(text, knowledge)
    assert result.rule == "fallback:not_a_complaint"
    assert result.disposition is Disposition.SELF_CARE


def test_nobody_hurt_is_not_a_body_word(knowledge):
    result = triage("the kitchen ceiling came down last night, nobody hurt, who do i call", knowledge)
    assert result.disposition is not Disposition.GP
