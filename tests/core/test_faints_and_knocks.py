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
        "the lights went out and the whole estate blacked out for an hour",
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


def test_a_programme_with_no_topic_and_no_one_s_body_gets_self_care(knowledge):
    result = triage("in corrie a character's arm went tingly, could that happen to me", knowledge)
    assert result.rule == "fallback:not_a_complaint"
    assert result.disposition is Disposition.SELF_CARE


# a review's messages: a joke marker, a programme word or "nobody hurt" beside a real complaint
@pytest.mark.parametrize(
    "text",
    [
        "my mate has a lump in his armpit lol",
        "the twins ate a dishwasher soap tab, mouth is red",
        "her knee went sideways at drama club and its swelling",
        "the lump on my neck has grown, saw it on the telly",
        "the shelf fell down, nobody hurt apart from my son who got hit on the head",
        "van went into a wall, no one injured but my dad cant remember the crash",
    ],
)
def test_a_joke_a_programme_word_or_nobody_hurt_never_hides_a_complaint(text, knowledge):
    result = triage(text, knowledge)
    assert result.rule != "fallback:not_a_complaint"
    assert result.disposition.acuity >= Disposition.GP.acuity


def test_nobody_hurt_is_not_a_body_word(knowledge):
    result = triage(
        "the kitchen ceiling came down last night, nobody hurt, who do i call", knowledge
    )
    assert result.disposition is not Disposition.GP


@pytest.mark.parametrize(
    "text",
    [
        "she went out cold at the sight of blood and was out for 5 mins",
        "he blacked out for over a minute at the dinner table",
        "grandad passed out in the bath for about four minutes",
        "she went down and blacked out for 90 seconds",
        "my dad fainted and he is still on the kitchen floor, eyes open but not talking",
    ],
)
def test_a_trigger_or_a_room_does_not_hide_a_long_faint(text, knowledge):
    assert triage(text, knowledge).disposition is Disposition.EMERGENCY_999


# a second review's messages: a screen, a sofa or a needle nearby is not a reason to doubt a faint
@pytest.mark.parametrize(
    "text",
    [
        "she passed out on the settee and was snoring and grey",
        "fainted at the sight of the needle and was twitching after",
        "nan was on the phone to me and blacked out",
        "passed out on the couch asleep and his lips look a funny colour",
    ],
)
def test_a_red_feature_keeps_a_faint_with_a_trigger_or_a_sofa(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.NHS_111.acuity


@pytest.mark.parametrize(
    "text",
    [
        "power cut, the whole street blacked out for 20 minutes",
        "passed out for 20 mins on the couch, best power nap ever",
        "city got knocked out on penalties again",
        "that curry knocked me out, slept like a log",
    ],
)
def test_things_that_black_out_and_teams_knocked_out_are_not_faints(text, knowledge):
    rule = triage(text, knowledge).rule
    assert not rule.startswith(("red_flag:prolonged_faint", "red_flag:knocked_out"))


@pytest.mark.parametrize(
    "text",
    [
        "my son knocked himself out on the bunk bed",
        "she got knocked out in a fight and lost a tooth",
        "knocked out for a few seconds when she came off her pony",
        "some lad in the beer garden knocked him out",
        "a ladder fell on his shift and knocked him out",
    ],
)
def test_knocked_out_with_a_tooth_a_reflexive_or_a_pony_is_still_a_and_e(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.A_AND_E.acuity


@pytest.mark.parametrize(
    "text",
    [
        "out of breath all day and its no better at rest",
        "breathless and nothing stops it, even sat still",
        "breathless, usually fine but now even at rest",
        "short of breath and it doesnt get better at rest",
    ],
)
def test_a_denied_settling_word_is_breathless_at_rest(text, knowledge):
    assert triage(text, knowledge).disposition is Disposition.EMERGENCY_999


@pytest.mark.parametrize(
    "text",
    [
        "heart racing earlier, fine now, no more chest pain since lunch",
        "fainted at work, she is fine now, no chest pain since she sat down",
    ],
)
def test_a_feature_that_was_there_still_unsettles(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.NHS_111.acuity


def test_a_programme_with_a_real_complaint_is_not_self_care(knowledge):
    result = triage("watching corrie and my grandson's toes have gone purple", knowledge)
    assert result.rule != "fallback:not_a_complaint"
