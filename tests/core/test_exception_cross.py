"""No exception may switch off a present-tense life-threat (issue 9): every life-threatening
sign below, said now, crossed with every context that elsewhere explains an alarming word
away (an idiom, "lol", a hangover, anxiety, work, driving, a course, a past event, a film, a
question, a pet, doubt), still reaches an emergency answer."""

import pytest

from navigator.core.models import EMERGENCY_ACUITY
from navigator.core.triage.pipeline import triage

LIFE_THREATS = (
    "my dad isn't breathing",
    "she has collapsed and is not responding",
    "he won't wake up",
    "her face has dropped on one side and she can't lift her arm",
    "crushing chest pain and I'm sweating",
    "I can't breathe",
    "he is fitting and it won't stop",
    "the bleeding won't stop, it's soaking through the towels",
    "I want to kill myself tonight",
    "my baby is floppy and blue",
    "his throat is swelling up after eating peanuts",
    "she has taken a whole packet of pills and is really drowsy",
)

CONTEXTS = (
    "{} lol",
    "{} lmao",
    "this day is killing me, {}",
    "I'm so hungover and {}",
    "I have anxiety but {}",
    "we are at work and {}",
    "we were driving home and {}",
    "we are at a first aid course and {}",
    "he used to have asthma and now {}",
    "he had a heart attack in 2019 and now {}",
    "she had a fit years ago and {}",
    "{}, he had the same thing in 2019",
    "we were watching a film and {}",
    "I was reading about the signs of sepsis and now {}",
    "the dog keeps barking and {}",
    "I've got a cold and {}",
    "not sure if it's serious but {}",
    "prob nothing but {}",
    "not joking, {}",
    "I'm so tired of this, {}",
)

CASES = [ctx.format(threat) for threat in LIFE_THREATS for ctx in CONTEXTS]


@pytest.mark.parametrize("text", CASES)
def test_a_life_threat_survives_every_exception_context(text, knowledge_with_model):
    result = triage(text, knowledge_with_model)
    assert result.disposition.acuity >= EMERGENCY_ACUITY, (result.disposition, result.rule)


@pytest.mark.parametrize("text", CASES)
def test_the_rules_alone_hold_every_life_threat(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= EMERGENCY_ACUITY


@pytest.mark.parametrize(
    "denied",
    [
        "he is breathing fine now",
        "no crushing chest pain, just a cough",
        "she is not fitting any more",
        "not suicidal, just low",
    ],
)
def test_a_denied_sign_is_not_a_life_threat(denied, knowledge):
    """The cross is not a blanket: a sign the resident denies never fires a life-threat."""
    assert knowledge.life_threats.check(knowledge.read(denied)) == []


# Laughter, a hangover, boredom or anxiety around ANY red-flag rule's own examples never
# lower its answer: the "lol, hangovers and anxiety never cancel an emergency" held
# for every rule, not only for the life-threat signs above.
MARKERS = ("{} lol", "lol {}", "{} haha", "{} lmao", "{} jk", "{} 😂", "hungover and {}",
           "{}, so bored", "im so anxious, {}")  # fmt: skip


def _rule_examples(emergencies_only: bool = False):
    import yaml

    from navigator.core.models import Disposition
    from navigator.paths import CONTENT_DIR

    rules = yaml.safe_load((CONTENT_DIR / "rules" / "red_flags.yaml").read_text(encoding="utf-8"))
    return [
        (r["id"], example)
        for r in rules["rules"]
        if not emergencies_only or Disposition(r["disposition"]).is_emergency
        for example in r.get("must_catch") or ()
    ]


@pytest.mark.parametrize(("rule", "example"), _rule_examples())
def test_no_joke_hangover_or_anxiety_lowers_a_red_flag(rule, example, knowledge):
    plain = triage(example, knowledge).disposition
    lowered = [
        (text, got.value)
        for text in (marker.format(example) for marker in MARKERS)
        if (got := triage(text, knowledge).disposition).acuity < plain.acuity
    ]
    assert not lowered, (rule, plain.value, lowered)


# Where someone is or what they have had (work, the drive home, anxiety, a past illness, a
# polite doubt) never takes an emergency rule's own examples below an emergency either. Known
# gaps, left out on purpose and named in the hazard log: a pet named in another clause ("the
# dog keeps barking and ...") and a first-aid course in the same clause still stop some rules;
# the present-tense life-threat signs still fire there (the tests above cross them with both).
SETTINGS = ("we are at work and {}", "we were driving home and {}", "he used to have asthma and now {}",
            "I have anxiety but {}", "not sure if it's serious but {}", "prob nothing but {}",
            "sorry to bother you, {}", "not joking, {}", "this day is killing me, {}")  # fmt: skip


@pytest.mark.parametrize(("rule", "example"), _rule_examples(emergencies_only=True))
def test_no_setting_lowers_a_red_flag_emergency(rule, example, knowledge):
    assert triage(example, knowledge).disposition.acuity >= EMERGENCY_ACUITY, "not an emergency"
    lowered = [
        (text, got.value)
        for text in (setting.format(example) for setting in SETTINGS)
        if (got := triage(text, knowledge).disposition).acuity < EMERGENCY_ACUITY
    ]
    assert not lowered, (rule, lowered)
