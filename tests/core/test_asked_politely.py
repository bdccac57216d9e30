"""A request to the navigator is not a hypothetical. "If you can tell me where to go", "in
case it matters" or "what if it's serious" ends many real emergencies; the question veto is
for questions about signs ("what should I do if someone has a fit?"), never for a resident
asking for help with a sign happening now. Red team of session 24: such a closing phrase
took 107 of 253 caught emergencies below an emergency, rules alone."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.pipeline import triage

EMERGENCY = Disposition.A_AND_E.acuity


@pytest.mark.parametrize(
    "text",
    [
        "my grandad's lips have gone blue and he is gasping, if you can tell me what to do",
        "she is fitting on the kitchen floor and wont stop, if you could help",
        "purple rash on my toddler that stays when i press a glass on it, in case it matters",
        "my husband is clutching his chest and sweating buckets, what if it is a heart attack",
        "my lad says his testicle is agony and he has been sick, curious what you think",
        "think my waters have gone and im only 31 weeks, if you know who i ring",
        "had my waters go in the shower, 29 weeks pregnant",
        "he has had a whack to the head at football and keeps being sick",
        "my mate necked a load of benzos and his breathing has gone really slow",
    ],
)
def test_an_emergency_asked_about_politely_stays_an_emergency(knowledge, text):
    assert triage(text, knowledge).disposition.acuity >= EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "what should you do if someone has a seizure in a shop",
        "what if someone stops breathing while im at work, should i learn cpr",
        "just curious what the signs of a stroke are",
        "if you get chest pain should you ring 999 or 111",
        "my friend had her waters break early with her first, what signs should i look out for",
    ],
)
def test_a_question_about_signs_is_still_not_an_emergency(knowledge, text):
    assert triage(text, knowledge).disposition.acuity < EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        # a plan told inside a practical request: the request must not answer it
        "can you help with my rent arrears, i keep going to the car park roof thinking about jumping",
        "i wont be here after the weekend and the pills are saved up, who takes my dog",
    ],
)
def test_a_plan_inside_a_practical_request_reaches_the_crisis_line(knowledge, text):
    assert triage(text, knowledge).disposition.acuity >= EMERGENCY


def test_a_child_with_older_men_is_safeguarding(knowledge):
    text = "a lad of 14 on our estate is always in a car with older blokes late at night"
    assert triage(text, knowledge).disposition is Disposition.SAFEGUARDING
