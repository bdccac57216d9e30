"""Triage behaviour: text-speak, negation, ages, sex, several needs, nothing to go on."""

from __future__ import annotations

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.facts import read_facts
from navigator.core.triage.pipeline import triage
from navigator.core.triage.text import read_message

D = Disposition


@pytest.mark.parametrize(
    ("text", "age", "expected"),
    [
        ("soar throte n cant swallo", None, {D.NHS_111, D.PHARMACY}),
        ("ear ake", None, {D.PHARMACY, D.GP, D.SELF_CARE}),
        ("diarea for 2 days", None, {D.SELF_CARE, D.PHARMACY}),
        ("earache", 0, {D.GP, D.NHS_111}),
        ("sore throat", 3, {D.GP}),
        ("sore throat", 35, {D.PHARMACY}),
        ("uti symptoms", 70, {D.GP}),
        ("stinging when i wee", 28, {D.PHARMACY}),
        ("my husband has stinging when he wees", None, {D.GP}),
        ("shingles", 45, {D.PHARMACY}),
        ("shingles", 12, {D.GP, D.NHS_111}),
        ("my 8 week old has a temperature of 38.4", None, {D.NHS_111}),
        ("my 8 year old has a temperature of 38.4", None, {D.SELF_CARE, D.PHARMACY}),
        ("cough for 4 weeks now", None, {D.GP}),
        ("need a food bank near me", None, {D.COMMUNITY}),
    ],
)
def test_routes(knowledge, text, age, expected):
    result = triage(text, knowledge, age_years=age)
    assert result.disposition in expected, (text, result.disposition, result.rule)


def test_every_answer_has_exactly_one_disposition_and_a_rule(knowledge):
    result = triage("sore throat and im really lonely", knowledge)
    assert result.disposition is D.PHARMACY
    assert result.rule.startswith("topic:sore-throat")
    assert {m.topic.id for m in result.topics} >= {"sore-throat", "loneliness"}


def test_most_urgent_need_decides_and_others_are_kept(knowledge):
    result = triage("need a food bank and i have chest pain spreading to my arm", knowledge)
    assert result.disposition is D.EMERGENCY_999
    assert "food" in {m.topic.id for m in result.topics}


@pytest.mark.parametrize("text", ["hi", "help", "?", "asdkjh qwe", "can you help me", "", "   "])
def test_nothing_to_go_on_is_unclear(knowledge, text):
    assert triage(text, knowledge).disposition is D.UNCLEAR


def test_negated_topic_does_not_match(knowledge):
    result = triage("no fever, just a runny nose and sneezing", knowledge)
    assert "fever" not in {m.topic.id for m in result.topics}


def test_unknown_symptom_goes_to_a_clinician_not_unclear(knowledge):
    assert triage("my knee is really swollen and painful", knowledge).disposition in {
        D.NHS_111,
        D.GP,
        D.URGENT_CARE,
    }


@pytest.mark.parametrize(
    ("text", "age_min_years", "age_max_years"),
    [
        ("my 8 week old", 0.15, 0.18),
        ("im 60", 60, 61),
        ("my 5 year old", 5, 6),
        ("aged 34", 34, 35),
    ],
)
def test_reads_ages(knowledge, text, age_min_years, age_max_years):
    facts = read_facts(knowledge.read(text))
    assert facts.age_min_days / 365.25 == pytest.approx(age_min_years, abs=0.02)
    assert facts.age_max_days / 365.25 == pytest.approx(age_max_years, abs=0.02)


def test_weeks_pregnant_is_not_an_age(knowledge):
    facts = read_facts(knowledge.read("im 30 weeks pregnant and bleeding"))
    assert facts.pregnant and facts.age_min_days is None


def test_reads_temperature_in_fahrenheit(knowledge):
    facts = read_facts(knowledge.read("temperature of 102f"))
    assert facts.temperature_c == pytest.approx(38.9, abs=0.1)


def test_given_age_fills_in_when_text_has_none(knowledge):
    facts = read_facts(knowledge.read("earache"), given_age_years=4)
    assert facts.age_min_days == pytest.approx(4 * 365.25)


def test_hostile_text_never_raises(knowledge):
    for text in [
        "\x00\x00\x00",
        "😀😀😀",
        "'; DROP TABLE services; --",
        "<script>alert(1)</script>",
        "a" * 20_000,
        "chest " * 5000,
        b"\xff\xfe\xfa",
        None,
        12345,
    ]:
        result = triage(text, knowledge)
        assert result.disposition in set(D)


def test_lexicon_and_spelling_do_not_touch_ordinary_words(knowledge):
    message = read_message(
        "big blister the size of my palm", knowledge.lexicon, knowledge.corrector
    )
    assert message.tokens == ["big", "blister", "the", "size", "of", "my", "palm"]
