"""Numbers read for what they are: a number said in words is the same number to the rules
("thirty four weeks" is 34 weeks), a writer's age is never a temperature, and a hip that was
"replaced" is not a belief that someone was swapped for a double."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.numbers import join_number_words
from navigator.core.triage.pipeline import triage


@pytest.mark.parametrize(
    ("words", "joined"),
    [
        ("im thirty four weeks", "im 34 weeks"),
        ("my six week old", "my 6 week old"),
        ("out for twenty minutes", "out for 20 minutes"),
        ("ninety-nine problems", "99 problems"),
        ("forty odd years", "forty odd years"),
        ("the two of us", "the two of us"),
        ("a minute or two", "a minute or two"),
    ],
)
def test_number_words_join_only_as_numbers(words, joined):
    tokens = words.replace("-", " ").split()
    assert " ".join(join_number_words(tokens)) == joined


@pytest.mark.parametrize(
    "text",
    [
        "my waters broke and im thirty four weeks",
        "im thirty one weeks and think my waters have gone",
    ],
)
def test_waters_breaking_early_in_words_reaches_a_and_e(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.A_AND_E.acuity


def test_an_age_is_not_a_temperature(knowledge):
    answer = triage("im 41 and have had cystitis for 2 days, no fever, no back pain", knowledge)
    assert answer.disposition.acuity < Disposition.A_AND_E.acuity


@pytest.mark.parametrize(
    "text",
    ["his temperature is 41", "im 41 and my temperature is 41", "aged 42, fever 41"],
)
def test_a_temperature_of_41_still_reaches_a_and_e(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.A_AND_E.acuity


def test_a_replaced_hip_is_not_postpartum_psychosis(knowledge):
    text = "had my hip replaced two weeks ago, the wound is a bit red"
    assert triage(text, knowledge).rule != "red_flag:life_threat:postpartum_psychosis"


def test_a_baby_believed_replaced_after_a_birth_is_a_crisis(knowledge):
    text = "she had the baby 10 days ago and says her husband was replaced by a stranger"
    assert triage(text, knowledge).disposition.acuity >= Disposition.MENTAL_HEALTH_CRISIS.acuity
