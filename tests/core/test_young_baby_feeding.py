"""A baby under 3 months who is not feeding needs a clinician today (nhs.uk; NICE NG143 amber:
poor feeding), even asked as "is it normal?"; a baby who is feeding well is not that."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.pipeline import triage


@pytest.mark.parametrize(
    "text",
    [
        "is it normal for my newborn to not feed for 8 hours",
        "my 3 week old hasnt fed for 8 hours",
        "newborn refusing her bottle since this morning",
        "my 2 month old had no milk since lunch",
    ],
)
def test_a_young_baby_not_feeding_goes_to_111_or_higher(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.NHS_111.acuity


@pytest.mark.parametrize(
    "text",
    [
        "baby has a tiny cough when she wakes up, no fever, feeding great, 5 weeks",
        "my 3 year old wont eat his tea",
    ],
)
def test_feeding_well_or_an_older_child_is_not_that_rule(text, knowledge):
    assert triage(text, knowledge).rule != "red_flag:young_baby_not_feeding"


def test_coughing_up_a_bit_of_blood_is_111(knowledge):
    result = triage("is it normal to cough up a bit of blood", knowledge)
    assert result.disposition is Disposition.NHS_111
