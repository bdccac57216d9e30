"""A thermometer reading below 38C is not a high temperature, even in a baby under 3 months
(nhs.uk: "a high temperature is 38C or more"); a high or a low one, or none, still goes to 111
(content/topics/fever.md)."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.conditions import Context, holds
from navigator.core.triage.facts import Facts
from navigator.core.triage.pipeline import triage


def _holds_for(temperature_c):
    ctx = Context(facts=Facts(temperature_c=temperature_c), has_terms=lambda terms: False)
    return holds({"unless_temperature_within_c": [36.0, 37.5]}, ctx)


@pytest.mark.parametrize(
    ("reading", "expected"),
    [(None, True), (35.4, True), (36.0, False), (37.2, False), (37.5, True), (38.3, True)],
)
def test_the_condition_holds_unless_the_reading_is_normal(reading, expected):
    assert _holds_for(reading) is expected


def test_a_baby_with_a_normal_reading_is_not_sent_to_111(knowledge):
    result = triage("my 7 week old's temperature is 37.1 after his bath, is that ok", knowledge)
    assert result.disposition.acuity < Disposition.NHS_111.acuity


@pytest.mark.parametrize("reading", ["37.7", "37.9"])
def test_a_baby_below_38_is_not_sent_to_111_by_the_fever_topic(reading, knowledge):
    result = triage(f"my 7 week old's temperature is {reading} after his bath", knowledge)
    assert result.rule != "topic:fever:rule3"


@pytest.mark.parametrize("reading", ["38.0", "38.2", "35.5"])
def test_a_baby_with_a_raised_or_low_reading_still_goes_to_111(reading, knowledge):
    result = triage(f"my 7 week old's temperature is {reading} after his bath", knowledge)
    assert result.disposition.acuity >= Disposition.NHS_111.acuity
