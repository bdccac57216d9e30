"""A simile is not a question about signs ("I look like a puffer fish" is a swollen face, not
"what does it look like"), and a message about swallowing, the toilet, a clot or a named
condition reaches a clinician when nothing else placed it (issue 9 item 5)."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.pipeline import triage


@pytest.mark.parametrize(
    "text",
    [
        "ate some nuts now i look like a puffer fish and cant swallow",
        "my 4 month old is hot with tiny spots that look like pin pricks that dont fade under a glass",
    ],
)
def test_a_simile_does_not_stop_a_red_flag(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.A_AND_E.acuity


def test_what_it_looks_like_is_still_a_question(knowledge):
    text = "what does a meningitis rash look like"
    assert triage(text, knowledge).disposition.acuity < Disposition.A_AND_E.acuity


@pytest.mark.parametrize(
    "text",
    [
        "my dad says food feels like its sticking when he swallows, worse over a month",
        "my husband is up and down to the toilet all night and it takes him an age to go",
        "had a clot in my lung two years ago and im on apixaban, need my repeat",
    ],
)
def test_a_health_message_nothing_placed_reaches_a_clinician(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.GP.acuity


def test_blood_named_before_its_pouring_is_severe_bleeding(knowledge):
    text = "mum caught her shin on the bed and the skin tore, shes on apixaban and its pouring"
    assert triage(text, knowledge).disposition is Disposition.EMERGENCY_999


def test_pouring_with_rain_is_weather(knowledge):
    text = "small cut on my finger from the bike chain and its pouring with rain, plaster on"
    assert triage(text, knowledge).disposition.acuity < Disposition.A_AND_E.acuity


@pytest.mark.parametrize(
    "text",
    [
        "thighs are so stiff after my first spin class",
        "my feet are throbbing after a long shift at the warehouse",
    ],
)
def test_aches_after_exercise_are_looked_after_at_home(text, knowledge):
    answer = triage(text, knowledge)
    assert (answer.disposition, answer.rule) == (Disposition.SELF_CARE, "fallback:after_exertion")


@pytest.mark.parametrize(
    "text",
    [
        "my calf is sore and swollen after the flight home",
        "my leg is sore after the match and i cant put weight on it",
    ],
)
def test_a_swollen_or_unusable_limb_is_not_just_an_ache(text, knowledge):
    assert triage(text, knowledge).rule != "fallback:after_exertion"


def test_wanting_to_go_to_sleep_forever_is_a_crisis(knowledge):
    text = "so tired of everything, i just want to go to sleep forever"
    assert triage(text, knowledge).disposition.acuity >= Disposition.MENTAL_HEALTH_CRISIS.acuity


@pytest.mark.parametrize(
    "text",
    [
        "my babys breathing stops for like 15 seconds then starts again, is that normal?",
        "is it normal to lose feeling in both legs after an epidural 2 days later?",
        "my baby is 4 weeks and has gone a bit yellow and her poo is white, is that normal?",
        "my dad's one leg is cold and white since this morning, is that normal for poor circulation?",
    ],
)
def test_is_that_normal_never_makes_a_baby_a_new_mother_or_a_lost_feeling_self_care(
    text, knowledge
):
    """The red team's 'is that normal?' family: with nothing else placing it, the home-care
    answer called these normal. They reach a clinician, the model may raise them further."""
    assert triage(text, knowledge).disposition.acuity >= Disposition.GP.acuity
