"""Every life-threat sign catches what it says it must and lets go what it must not."""

import pytest

from navigator.core.triage.pipeline import load_knowledge, triage
from navigator.paths import CONTENT_DIR

_KNOWLEDGE = load_knowledge(str(CONTENT_DIR))
SIGNS = _KNOWLEDGE.life_threats.signs + _KNOWLEDGE.safeguarding.signs
MUST = [(s.id, p) for s in SIGNS for p in s.must_catch]
MUST_NOT = [(s.id, p) for s in SIGNS for p in s.must_not_catch]


def _fired(knowledge, text):
    message = knowledge.read(text)
    hits = knowledge.life_threats.check(message) + knowledge.safeguarding.check(message)
    return {h.rule_id.split(":", 1)[1] for h in hits}


@pytest.mark.parametrize(("sign", "text"), MUST)
def test_sign_catches(sign, text, knowledge):
    assert sign in _fired(knowledge, text)


@pytest.mark.parametrize(("sign", "text"), MUST_NOT)
def test_sign_lets_go(sign, text, knowledge):
    assert sign not in _fired(knowledge, text)


def test_every_sign_names_a_source_and_examples():
    for sign in SIGNS:
        assert sign.source and sign.must_catch and sign.must_not_catch, sign.id


def test_a_life_threat_decides_the_answer(knowledge):
    result = triage("colleague collapsed at work and is not responding", knowledge)
    assert result.disposition.value == "emergency_999"
    assert any(h.rule_id.startswith("life_threat:") for h in result.red_flags)
