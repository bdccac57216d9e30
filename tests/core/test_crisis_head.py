"""The crisis head: a mental-health emergency read by a head of its own. It may only raise
(to the crisis line or 999), says why, is trained on crisis classes alone, and a model
trained without it never raises by it."""

from types import SimpleNamespace

import numpy as np

from navigator.core.models import Disposition
from navigator.core.triage.model import HEADS, NO_GATE, Opinion, Thresholds
from navigator.core.triage.stages import second_opinion
from navigator.learning.corpus import Example
from navigator.learning.train import head_labels

BARS = Thresholds(emergency=0.6, safeguarding=0.3, clinical_today=0.5, crisis=0.7)


def fake_model(heads: dict[str, float], probabilities: dict[Disposition, float]):
    full = dict.fromkeys(HEADS, 0.0) | heads
    opinion = Opinion(probabilities, full, "the words", full)
    return SimpleNamespace(
        opinion=lambda text: opinion,
        nearest_examples=lambda text, k=3: [
            {"text": "a labelled example", "disposition": "mental_health_crisis"}
        ],
        thresholds=BARS,
        long_thresholds=BARS,
        other_language_thresholds=BARS,
        vote_gate=lambda reading, head: NO_GATE,  # the head alone
        clinical_need_thresholds={},
    )


def result(disposition: Disposition):
    return SimpleNamespace(disposition=disposition, rule="fallback:x", why="", explanation="")


CRISIS_LIKE = {Disposition.MENTAL_HEALTH_CRISIS: 0.6, Disposition.EMERGENCY_999: 0.2}


def test_the_crisis_head_raises_a_low_answer_to_the_crisis_line_and_says_why():
    answer = result(Disposition.COMMUNITY)
    second_opinion(answer, fake_model({"crisis": 0.8}, CRISIS_LIKE), "short words")
    assert answer.disposition is Disposition.MENTAL_HEALTH_CRISIS
    assert answer.rule == "model:crisis"
    assert answer.why and "0.80" in answer.explanation and "a labelled example" in answer.explanation


def test_the_crisis_head_below_its_bar_leaves_the_answer():
    answer = result(Disposition.COMMUNITY)
    second_opinion(answer, fake_model({"crisis": 0.65}, CRISIS_LIKE), "short words")
    assert answer.disposition is Disposition.COMMUNITY


def test_the_crisis_head_never_lowers_an_emergency():
    answer = result(Disposition.EMERGENCY_999)
    second_opinion(answer, fake_model({"crisis": 0.99}, CRISIS_LIKE), "short words")
    assert answer.disposition is Disposition.EMERGENCY_999


def test_the_crisis_head_answers_999_when_the_model_reads_danger_now():
    answer = result(Disposition.GP)
    danger = {Disposition.MENTAL_HEALTH_CRISIS: 0.2, Disposition.EMERGENCY_999: 0.7}
    second_opinion(answer, fake_model({"crisis": 0.8}, danger), "short words")
    assert answer.disposition is Disposition.EMERGENCY_999


def test_a_model_trained_without_the_head_never_raises_by_it():
    assert Thresholds(0.6, 0.3, 0.5).crisis > 1 - 1e-9


def example(kind: str, disposition: str, accept: tuple[str, ...], label_class: str) -> Example:
    return Example("x", "t", Disposition(disposition), accept, kind, label_class, "en", "b")


def test_the_crisis_head_learns_crisis_classes_against_non_emergencies_only():
    examples = [
        example("emergency", "mental_health_crisis", ("mental_health_crisis",), "suicide"),
        example("emergency", "emergency_999", ("emergency_999",), "cardiac"),
        example("lookalike", "self_care", ("self_care",), "suicide"),
    ]
    settled, positive = head_labels(examples, "crisis")
    assert positive.tolist() == [True, False, False]
    # a heart attack is the emergency head's to learn: it settles nothing here
    assert settled.tolist() == [True, False, True]
    assert np.array_equal(head_labels(examples, "emergency")[1], np.array([True, True, False]))
