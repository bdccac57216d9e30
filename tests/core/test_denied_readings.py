"""What a message rules out stays ruled out: a "not" between two words of a listed phrase
breaks it ("cheek not swollen"), "I'm not pregnant" is not a pregnancy, and an illness, the
weather or money "battering" someone is not an attacker, while a person in the same stretch
still is."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.pipeline import triage


def test_a_denied_swelling_does_not_raise_toothache(knowledge):
    answer = triage("toothache for a week, cheek not swollen", knowledge)
    assert answer.disposition is Disposition.DENTAL


def test_a_swollen_cheek_still_raises_toothache(knowledge):
    answer = triage("toothache for a week, my cheek is swollen", knowledge)
    assert answer.disposition is Disposition.NHS_111


def test_not_pregnant_is_not_a_pregnancy(knowledge):
    answer = triage("my period is a week late and im not pregnant", knowledge)
    assert answer.disposition.acuity < Disposition.NHS_111.acuity


@pytest.mark.parametrize(
    "text",
    [
        "could i be pregnant, period late and cramps",
        "im pregnant and have bleeding",
    ],
)
def test_a_possible_pregnancy_still_counts(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.NHS_111.acuity


@pytest.mark.parametrize(
    "text",
    [
        "hay fever is battering me this week",
        "the damp in this flat is choking us, black mould everywhere",
        "my credit cards are strangling me, need a debt plan",
    ],
)
def test_a_thing_battering_us_is_not_an_attacker(text, knowledge):
    assert triage(text, knowledge).disposition.acuity < Disposition.A_AND_E.acuity


@pytest.mark.parametrize(
    "text",
    [
        "my husband is battering me",
        "hes strangling me and the damp is choking us",
        "the damp is choking us and hes strangling me",
    ],
)
def test_a_person_attacking_still_reaches_999(text, knowledge):
    assert triage(text, knowledge).disposition is Disposition.EMERGENCY_999


@pytest.mark.parametrize(
    "text",
    [
        "my sons eczema is not responding to any of the creams",
        "tooth aches when i bite, not waking me up at night, last saw a dentist 18 months ago",
        "need more epipens for my daughter, she hasnt had a reaction in years",
        "wheezy when i lie down, no breathlessness, had a cold last week",
    ],
)
def test_words_of_waking_and_responding_about_something_else(text, knowledge):
    assert triage(text, knowledge).disposition.acuity < Disposition.A_AND_E.acuity


@pytest.mark.parametrize(
    "text",
    [
        "my husband wont wake up",
        "her cough was not responding to antibiotics and now she is not responding to me",
        "my 3 month old wont wake up for feeds",
    ],
)
def test_someone_who_will_not_wake_or_respond_is_999(text, knowledge):
    assert triage(text, knowledge).disposition is Disposition.EMERGENCY_999
