"""A machine or a thing as the subject of a life-threat sign is no person ("my laptop wont
wake up", "the washing machine is having a fit"), and a drink or a food taken "too much" is
no overdose; a person named with the same words still reaches 999 (issue 9 item 3)."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.pipeline import triage


@pytest.mark.parametrize(
    "text",
    [
        "my old laptop wont wake up, all my photos are on it",
        "the tumble dryer is having a fit again, whole house shaking",
        "had too much coffee today and now cant sleep",
    ],
)
def test_a_thing_is_not_a_person_in_danger(text, knowledge):
    assert triage(text, knowledge).disposition.acuity < Disposition.A_AND_E.acuity


@pytest.mark.parametrize(
    "text",
    [
        "on the laptop and he collapsed, not responding",
        "i was on my laptop and collapsed and not responding now",
        "the washing machine flooded and my dad is fitting on the floor",
        "she had too much wine and took too many tablets",
    ],
)
def test_a_person_beside_a_thing_still_reaches_999(text, knowledge):
    assert triage(text, knowledge).disposition is Disposition.EMERGENCY_999
