""""What are the signs of a stroke?" is a question; "dad is showing signs of a stroke" says
someone has them now. The question frame (HYPOTHETICAL in red_flags.yaml) reads "signs of"
only when no one is said to have or show them."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.pipeline import triage


@pytest.mark.parametrize(
    "text",
    [
        "my son has all the signs of sepsis",
        "my baby has symptoms of sepsis",
        "dad is showing signs of a stroke",
        "she has signs of meningitis, rash wont fade",
        "he has got symptoms of a heart attack",
    ],
)
def test_signs_someone_has_now_are_an_emergency(text, knowledge):
    assert triage(text, knowledge).disposition is Disposition.EMERGENCY_999


@pytest.mark.parametrize(
    "text",
    ["what are the signs of sepsis", "I want to learn the signs of a stroke"],
)
def test_a_question_about_signs_is_not(text, knowledge):
    assert not triage(text, knowledge).disposition.is_emergency
