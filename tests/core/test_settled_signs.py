"""A faint, breathlessness or palpitations told as over ("sat down, fine after") or as the
same for months ("been like that for years, goes when I stop") is a GP's question, not 111
today (nhs.uk Fainting; Shortness of breath). The phrases that say so are read only by the
111-level rules that list them (`settled_any`), only after the sign, never with a red feature
or a new start around them, and never by an emergency rule; the rule then leaves a GP floor."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.pipeline import triage
from navigator.core.triage.safety import SafetyRules


def _rule_fired(text, knowledge):
    return triage(text, knowledge).rule


@pytest.mark.parametrize(
    "text",
    [
        "came over faint in the lift at work, sat down and had some water, fine after",
        "felt faint standing at the bus stop. sat on the wall a minute and was ok again",
        "puffed out going up the hill to the shops, been like that for years, goes when i stop",
        "my heart raced for a bit after the coffee, settled after a few minutes sitting down",
    ],
)
def test_a_settled_or_long_standing_sign_is_not_111_today(text, knowledge):
    result = triage(text, knowledge)
    assert result.disposition.acuity < Disposition.NHS_111.acuity
    assert result.disposition.acuity >= Disposition.SELF_CARE.acuity  # still about the body


def test_a_settled_faint_still_gets_a_gp(knowledge):
    result = triage("passed out at a gig last night, been grand since", knowledge)
    assert (result.disposition, result.rule) == (Disposition.GP, "red_flag:fainted:settled")
    # a floor, not an alarm: it does not count as a red flag that fired (conversation, ages)
    assert [flag.settled for flag in result.red_flags] == [True]


@pytest.mark.parametrize(
    "text",
    [
        "fainted at the checkout ten minutes ago",
        "felt faint at the bus stop. not ok now, still dizzy",  # the settled phrase is denied
        "bit short of breath walking to the shops since yesterday",
        "fainted in the queue, came round but not fine after, still woozy",
        # the faint itself, or the time before it, is not "settled"
        "my dad passed out for about 5 mins",
        "went to work as normal today and passed out at my desk",
        "i was fine until now, fainted twice in the last hour",
        # a long time said about something else, or with a new start
        "ive smoked for years and now im breathless and wheezy since yesterday",
        "breathing fast and heavy, ive been a carer for years",
        "mum has copd, breathless and wheezy, shes been like this for months but today shes worse",
        # a red feature around the settled phrase (nhs.uk: 999 or 111, not a GP)
        "gran fainted on the toilet, she came round after a few seconds but shes very pale",
        "he passed out in the pool, he came round straight away",
        "palpitations all day, goes when i rest but i feel dizzy and sick",
        "fainted while pregnant, 30 weeks, sat down and fine after",
        "my heart was racing at 200 and i passed out, fine now",
    ],
)
def test_a_sign_that_has_not_settled_still_goes_to_111(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.NHS_111.acuity


def test_settled_phrases_never_stop_an_emergency_sign(knowledge):
    result = triage("he fainted and hasnt come round, fine after a minute my foot", knowledge)
    assert result.disposition is Disposition.EMERGENCY_999


def test_an_emergency_rule_may_not_list_settled_phrases():
    rule = {
        "id": "made_up",
        "disposition": "emergency_999",
        "say": "x",
        "source": "x",
        "match": ["not breathing"],
        "settled_any": ["fine now"],
    }
    with pytest.raises(ValueError, match="settled_any"):
        SafetyRules({"rules": [rule]})


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("need a med3 for work, off with my back", "fit-note"),
        ("what is a normal hba1c for a type 2", "thyroid-and-long-term-conditions"),
    ],
)
def test_a_keyword_the_reader_splits_is_read_as_a_phrase(text, topic, knowledge):
    assert topic in triage(text, knowledge).topic_ids


@pytest.mark.parametrize(
    "text",
    [
        "my 3 year old swallowed a bit of play doh, hes fine",
        "the lift is broken on the 3rd floor again",
        "plan c is a walk in the park",
    ],
)
def test_a_piece_of_a_split_keyword_points_nowhere(text, knowledge):
    topics = triage(text, knowledge).topic_ids
    assert "fit-note" not in topics
    assert "thyroid-and-long-term-conditions" not in topics


@pytest.mark.parametrize(
    "text",
    [
        "is there a sepsis survivors group in manchester",
        "my mum had sepsis two winters ago, who can help me with respite",
        "how do you know if its sepsis, just asking after a poster at the gp",
        "my finger has gone septic round the nail",
    ],
)
def test_the_name_sepsis_in_support_history_or_a_question_is_not_999(text, knowledge):
    assert triage(text, knowledge).disposition is not Disposition.EMERGENCY_999


@pytest.mark.parametrize(
    "text",
    [
        "im a carer for my mum and i think she has sepsis",
        "mums in respite this week and they think she has sepsis",
        "she lives in a group home and staff think she has sepsis",
        "the nurse said he looks septic",
        "ma bairn looks septic hes no right at aw",
        "my daughter is a sepsis survivor and i think its back, same as last time",
        "the leaflet from the hospital says sepsis and my baby has all of it",
    ],
)
def test_someone_thinking_it_is_sepsis_now_is_999_whatever_is_beside_it(text, knowledge):
    assert triage(text, knowledge).disposition is Disposition.EMERGENCY_999


def test_the_signs_of_sepsis_still_fire_beside_a_support_group(knowledge):
    text = "im in a sepsis survivors group but today my skin is mottled and i cant stop shaking"
    assert triage(text, knowledge).disposition is Disposition.EMERGENCY_999


@pytest.mark.parametrize(
    "text",
    [
        "did a spin class yesterday and my legs are so sore, is that normal",
        "jet lag after flying back, how long does it last",
    ],
)
def test_asking_if_a_mild_body_worry_is_normal_gets_self_care(text, knowledge):
    result = triage(text, knowledge)
    assert (result.disposition, result.rule) == (Disposition.SELF_CARE, "fallback:asks_if_normal")


def test_asking_if_a_severe_one_is_normal_still_gets_a_clinician(knowledge):
    result = triage("my legs are in agony, is that normal", knowledge)
    assert result.disposition.acuity >= Disposition.GP.acuity
