"""A faint, breathlessness or palpitations told as over ("sat down, fine after") or as the
same for months ("for years, goes when I stop") is a GP's or self-care question, not 111
today (nhs.uk Fainting; Shortness of breath). The phrases that say so are read only by the
111-level rules that list them (`settled_any`), never by an emergency rule."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.pipeline import triage
from navigator.core.triage.safety import SafetyRules


def _rule_fired(text, knowledge):
    return triage(text, knowledge).rule


@pytest.mark.parametrize(
    "text",
    [
        "came over faint in the lift at work, sat down and had some water, fine after",
        "felt faint standing at the bus stop. sat on the wall a minute and was ok again",
        "puffed out going up the hill to the shops, been like that for years, goes when i stop",
        "my heart raced for a bit after the coffee, settled after a few minutes sitting down",
    ],
)
def test_a_settled_or_long_standing_sign_is_not_111_today(text, knowledge):
    result = triage(text, knowledge)
    assert not result.rule.startswith("red_flag:"), result.rule
    assert result.disposition.acuity < Disposition.NHS_111.acuity
    assert result.disposition is not Disposition.COMMUNITY  # still about the body


@pytest.mark.parametrize(
    "text",
    [
        "fainted at the checkout ten minutes ago",
        "felt faint at the bus stop. not ok now, still dizzy",  # the settled phrase is denied
        "bit short of breath walking to the shops since yesterday",
        "fainted in the queue, came round but not fine after, still woozy",
    ],
)
def test_a_sign_that_has_not_settled_still_goes_to_111(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.NHS_111.acuity


def test_settled_phrases_never_stop_an_emergency_sign(knowledge):
    result = triage("he fainted and hasnt come round, fine after a minute my foot", knowledge)
    assert result.disposition is Disposition.EMERGENCY_999


def test_an_emergency_rule_may_not_list_settled_phrases():
    rule = {
        "id": "made_up",
        "disposition": "emergency_999",
        "say": "x",
        "source": "x",
        "match": ["not breathing"],
        "settled_any": ["fine now"],
    }
    with pytest.raises(ValueError, match="settled_any"):
        SafetyRules({"rules": [rule]})


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("need a med3 for work, off with my back", "fit-note"),
        ("what is a normal hba1c for a type 2", "thyroid-and-long-term-conditions"),
    ],
)
def test_a_keyword_the_reader_splits_is_read_as_a_phrase(text, topic, knowledge):
    assert topic in triage(text, knowledge).topic_ids


@pytest.mark.parametrize(
    "text",
    [
        "my 3 year old swallowed a bit of play doh, hes fine",
        "the lift is broken on the 3rd floor again",
        "plan c is a walk in the park",
    ],
)
def test_a_piece_of_a_split_keyword_points_nowhere(text, knowledge):
    topics = triage(text, knowledge).topic_ids
    assert "fit-note" not in topics
    assert "thyroid-and-long-term-conditions" not in topics


@pytest.mark.parametrize(
    "text",
    [
        "is there a sepsis survivors group in manchester",
        "my mum had sepsis two winters ago, who can help me with respite",
        "how do you know if its sepsis, just asking after a poster at the gp",
        "my finger has gone septic round the nail",
    ],
)
def test_the_name_sepsis_in_support_history_or_a_question_is_not_999(text, knowledge):
    assert triage(text, knowledge).disposition is not Disposition.EMERGENCY_999


def test_the_signs_of_sepsis_still_fire_beside_a_support_group(knowledge):
    text = "im in a sepsis survivors group but today my skin is mottled and i cant stop shaking"
    assert triage(text, knowledge).disposition is Disposition.EMERGENCY_999
