"""Every red-flag rule proves the phrases it must and must not catch (content/rules)."""

from __future__ import annotations

import pytest
import yaml

from navigator.core.models import Disposition
from navigator.core.triage.pipeline import triage
from navigator.paths import RULES_DIR

RULES = yaml.safe_load((RULES_DIR / "red_flags.yaml").read_text(encoding="utf-8"))["rules"]
CATCH = [(r["id"], p) for r in RULES for p in r.get("must_catch", [])]
NOT_CATCH = [(r["id"], p) for r in RULES for p in r.get("must_not_catch", [])]


def test_every_rule_names_its_source_and_examples():
    for rule in RULES:
        assert rule.get("source"), rule["id"]
        assert rule.get("must_catch"), f"{rule['id']} needs a phrase it must catch"
        assert rule.get("must_not_catch"), f"{rule['id']} needs a phrase it must not catch"


@pytest.mark.parametrize(("rule_id", "phrase"), CATCH)
def test_rule_catches(knowledge, rule_id, phrase):
    fired = {h.rule_id for h in triage(phrase, knowledge).red_flags}
    assert rule_id in fired, f"{rule_id} missed {phrase!r} (fired: {sorted(fired)})"


@pytest.mark.parametrize(("rule_id", "phrase"), NOT_CATCH)
def test_rule_does_not_catch(knowledge, rule_id, phrase):
    fired = {h.rule_id for h in triage(phrase, knowledge).red_flags}
    assert rule_id not in fired, f"{rule_id} fired on {phrase!r}"


@pytest.mark.parametrize(
    "phrase",
    [
        "cant breath",
        "cnt breathe",
        "he isnt breathing",
        "struggling 2 breathe",
        "my dad is having a heart attack",
        "think shes having a stroke, face drooping",
        "hes collapsed and wont wake up",
        "my baby has gone blue",
        "bleeding really heavily wont stop",
        "taken 30 paracetamol",
        "swallowed a load of pills",
        "anaphylactic shock",
        "ive got crushing chest pain and feel sick",
        "CANT BREATHE!!!",
        "he's not breathing",
        "having a seizure",
        "my son is fitting",
    ],
)
def test_emergencies_in_many_spellings_reach_emergency(knowledge, phrase):
    assert triage(phrase, knowledge).disposition.is_emergency, phrase


@pytest.mark.parametrize(
    "phrase",
    [
        "no chest pain just a tickly cough",
        "not bleeding now, just a graze",
        "toothache killing me",
        "dying for a brew lol",
        "fit note for work please",
        "my dad had a stroke 3 years ago, i need carers support",
        "blood test results",
        "i could murder a pizza",
        "heartburn after curry",
    ],
)
def test_alarming_looking_messages_are_not_emergencies(knowledge, phrase):
    result = triage(phrase, knowledge)
    assert not result.disposition.is_emergency, (phrase, result.rule)


def test_doubt_still_fires(knowledge):
    result = triage("not sure if its chest pain but my left arm is numb and im sweating", knowledge)
    assert result.disposition is Disposition.EMERGENCY_999


def test_red_flag_is_never_lowered_by_a_milder_topic(knowledge):
    result = triage("sore throat and my throat is swelling up after eating peanuts", knowledge)
    assert result.disposition is Disposition.EMERGENCY_999
    assert result.rule == "red_flag:anaphylaxis"


def test_third_person_crisis(knowledge):
    result = triage("my sister says she wants to end her life", knowledge)
    assert result.disposition is Disposition.MENTAL_HEALTH_CRISIS


@pytest.mark.parametrize(
    "phrase",
    [
        "found my neighbour on her kitchen floor not moving, shes cold to touch",
        "my leg has gone cold, white and really painful since this morning, cant feel my toes",
        "mum says shes going to cleanse the house with fire, shes confused and scared",
    ],
)
def test_alarm_score_catches_what_no_rule_foresaw(knowledge, phrase):
    result = triage(phrase, knowledge)
    assert result.disposition.is_emergency, (phrase, result.rule)


@pytest.mark.parametrize(
    "phrase",
    [
        "my dog collapsed in the park and is breathing weird, wheres a vet open now",
        "what are the signs of sepsis, is it confusion and a fever and being drowsy",
        "had sepsis last year, was confused and drowsy for days, now want a walking group",
    ],
)
def test_alarm_score_leaves_pets_questions_and_history_alone(knowledge, phrase):
    hits = {h.rule_id for h in triage(phrase, knowledge).red_flags}
    assert "alarm_score" not in hits, phrase
