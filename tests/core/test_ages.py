"""Whether an age would change the route is read from the conditions of the rules the message
touched, not by triaging it again at every age; it agrees with doing so."""

import pytest

from navigator.core.triage.ages import AGE_PROBES_YEARS, age_could_raise
from navigator.core.triage.pipeline import triage

MESSAGES = [
    "temperature of 38 since this morning",
    "bad cough and a runny nose",
    "need a food bank near me",
    "my little one has a temp of 39.5",
    "sore throat and swollen glands",
]


@pytest.mark.parametrize("text", MESSAGES)
def test_it_agrees_with_triaging_at_every_age(text, knowledge):
    result = triage(text, knowledge)
    by_retriage = any(
        triage(text, knowledge, age_years=age).disposition.acuity > result.disposition.acuity
        for age in AGE_PROBES_YEARS
    )
    assert age_could_raise(result, knowledge) is by_retriage


def test_a_fever_of_unknown_age_asks_and_a_known_age_does_not(knowledge):
    assert age_could_raise(triage("temperature of 38 since this morning", knowledge), knowledge)
    assert not age_could_raise(
        triage("temperature of 38 since this morning", knowledge, age_years=30), knowledge
    )
