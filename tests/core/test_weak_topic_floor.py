"""A group's keyword beside a bleed, the chest, breathing or a reading does not make the
message self-care: it reaches a clinician, as it would with no topic (issue 9 item 5). A
pregnancy test told negative is no pregnancy, and pregnancy's same-day rule reads pain and
cramps but not the everyday aches named as such (leg cramps, sciatica). "Nearly had
a heart attack when..." is a figure of speech."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.pipeline import triage


@pytest.mark.parametrize(
    "text",
    [
        "chest aching after the gym",
        "BP 160/100 for a week",
        "my leg has gone cold and pale at the allotment",
    ],
)
def test_clinician_words_beside_a_group_keyword_reach_a_clinician(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.GP.acuity


def test_an_ache_after_the_gym_is_still_self_care(knowledge):
    assert triage("my legs ache after the gym", knowledge).disposition is Disposition.SELF_CARE


def test_a_negative_pregnancy_test_is_no_pregnancy(knowledge):
    answer = triage("did a pregnancy test that was negative and have tummy pain", knowledge)
    assert not answer.facts.pregnant


@pytest.mark.parametrize(
    "text",
    [
        "pregnant 20 weeks and keep getting leg cramps at night",
        "30 weeks pregnant and the sciatica pain down my left leg is back",
    ],
)
def test_a_pregnancy_twinge_is_not_same_day(text, knowledge):
    assert triage(text, knowledge).rule != "red_flag:pregnancy_warning"


@pytest.mark.parametrize(
    "text",
    [
        "31 weeks pregnant and my belly keeps going tight with period type cramps",
        "im 30 weeks pregnant and the pain in my tummy is getting worse",
    ],
)
def test_bump_pain_in_pregnancy_is_same_day(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.NHS_111.acuity


def test_nearly_had_a_heart_attack_when_is_a_figure_of_speech(knowledge):
    text = "i nearly had a heart attack when the parking fine came through"
    assert triage(text, knowledge).disposition.acuity < Disposition.GP.acuity


def test_a_real_heart_attack_sign_is_still_999(knowledge):
    text = "nearly had a heart attack when i saw the bill, now crushing chest pain and sweating"
    assert triage(text, knowledge).disposition is Disposition.EMERGENCY_999


def test_a_topics_own_warning_phrase_decides_beside_another_topics_term(knowledge):
    text = "pain in my lower right tummy since this morning, getting worse, temperature of 37.9"
    answer = triage(text, knowledge)
    assert answer.disposition is Disposition.NHS_111
    assert answer.rule.startswith("topic:tummy-pain")


def test_the_clinician_floor_says_why_a_clinician_not_what_the_group_does(knowledge):
    answer = triage("chest aching after the gym", knowledge)
    assert answer.topic is not None
    assert answer.why != answer.topic.summary
    assert "clinician" in answer.why
